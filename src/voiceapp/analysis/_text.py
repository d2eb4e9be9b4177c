"""Text normalisation shared by the rule modules."""

from __future__ import annotations


def normalise(text: str) -> str:
    """Lower case with straight apostrophes, same length as ``text`` (offsets carry over)."""
    lower = text.lower()
    if len(lower) != len(text):  # rare Unicode case-folding that changes length
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lower.replace("’", "'").replace("‘", "'").replace("`", "'")
