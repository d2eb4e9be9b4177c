"""Codebook entries as the analysis engine sees them (a flat list with parent links)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voiceapp.domain.codebook import iter_codes


@dataclass(frozen=True, slots=True)
class CodebookEntry:
    """One theme code. ``parent_slug`` is None for a top-level code."""

    slug: str
    name: str
    parent_slug: str | None
    description: str
    retired: bool = False


def starter_codebook() -> list[CodebookEntry]:
    """The starter codebook (DOMAIN.md section 3) as a flat list, parents before children."""
    return [
        CodebookEntry(code.slug, code.name, parent, code.description)
        for code, parent in iter_codes()
    ]


def top_level_of(slug: str, codebook: Sequence[CodebookEntry]) -> str:
    """Follow parent links up to the top-level code (stops on unknown slugs and cycles)."""
    parents = {entry.slug: entry.parent_slug for entry in codebook}
    seen: set[str] = set()
    current = slug
    while parents.get(current) and current not in seen:
        seen.add(current)
        current = parents[current]  # type: ignore[assignment]
    return current
