"""Rule-based theme suggestions with evidence.

Every code gets keyword phrases (``theme_rules.THEME_RULES`` for the starter codes, rules made
from the name and description for codes officers add). Text is lower-cased and split into words;
each phrase found adds its weight to the code once (evidence = the phrase as found). Evidence for
a sub-code also counts for its parent. The weight total becomes a 0..1 score with
``1 - exp(-RULE_SCALE * total)`` (one clear keyword about 0.55, two about 0.8). Retired codes are
never suggested (their evidence still counts towards an active parent).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from voiceapp.analysis.codebook import CodebookEntry
from voiceapp.analysis.theme_rules import THEME_RULES, cold_start_phrases

RULE_SCALE = 0.8
MIN_RULE_SCORE = 0.2  # below this a rules-only suggestion is not offered

_WORD_RE = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class ThemeSuggestion:
    """A suggested code. ``source`` is "rules", "model" or "both"; ``score`` is 0..1."""

    slug: str
    score: float
    evidence: list[str] = field(default_factory=list)
    source: str = "rules"


def words_of(text: str) -> list[str]:
    """Lower-case words (letters and digits); everything else separates words."""
    return _WORD_RE.findall(text.lower())


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[str, ...]  # each exact, or ending "*" for a prefix
    weight: float
    rule_id: int


class PhraseMatcher:
    """Finds many keyword phrases in a word list with dictionary look-ups (no regex per rule)."""

    def __init__(self, phrases: Iterable[tuple[str, float, int]]) -> None:
        self._exact: dict[str, list[_Phrase]] = {}  # one exact word
        self._pairs: dict[str, list[_Phrase]] = {}  # "w1 w2" exact first two words
        self._first: dict[str, list[_Phrase]] = {}  # exact first word, stem after it
        self._prefix: dict[str, list[_Phrase]] = {}  # first word a stem ("delay*")
        for text, weight, rule_id in phrases:
            words = tuple(text.split())
            if not words:
                continue
            phrase = _Phrase(words, weight, rule_id)
            first = words[0]
            if len(words) == 1 and not first.endswith("*"):
                self._exact.setdefault(first, []).append(phrase)
            elif len(words) > 1 and "*" not in first and "*" not in words[1]:
                self._pairs.setdefault(f"{first} {words[1]}", []).append(phrase)
            elif "*" not in first:  # exact first word, stem later ("20 week*")
                self._first.setdefault(first, []).append(phrase)
            else:
                self._prefix.setdefault(first.rstrip("*"), []).append(phrase)
        # stems indexed by their first three letters: one look-up per word instead of one per
        # stem length
        self._by_head: dict[str, list[tuple[str, list[_Phrase]]]] = {}
        self._short: list[tuple[str, list[_Phrase]]] = []
        for stem, plist in self._prefix.items():
            if len(stem) >= 3:
                self._by_head.setdefault(stem[:3], []).append((stem, plist))
            else:
                self._short.append((stem, plist))

    def find(self, words: Sequence[str]) -> list[tuple[_Phrase, int]]:
        """(phrase, start index) for every phrase found (a phrase found more than once is
        reported at its first occurrence only; evidence counts each phrase once anyway)."""
        found: list[tuple[_Phrase, int]] = []
        n = len(words)
        if not n:
            return found
        for word in self._exact.keys() & set(words):
            start = words.index(word)
            found.extend((phrase, start) for phrase in self._exact[word])
        if n > 1:
            bigrams = [f"{a} {b}" for a, b in itertools.pairwise(words)]
            for pair in self._pairs.keys() & set(bigrams):
                for i, bigram in enumerate(bigrams):
                    if bigram != pair:
                        continue
                    for phrase in self._pairs[pair]:
                        if len(phrase.words) == 2 or _rest_matches(phrase.words, words, i, n):
                            found.append((phrase, i))
        for word in self._first.keys() & set(words):
            for i, w in enumerate(words):
                if w == word:
                    found.extend((phrase, i) for phrase in self._first[word]
                                 if _rest_matches(phrase.words, words, i, n))
        heads = self._by_head.keys() & {w[:3] for w in words}
        if heads or self._short:
            short = self._short
            for i, word in enumerate(words):
                head = word[:3]
                stems = self._by_head.get(head) if head in heads else None
                if stems is None:
                    if not short:
                        continue
                    stems = short
                elif short:
                    stems = stems + short
                for stem, plist in stems:
                    if word.startswith(stem):
                        for phrase in plist:
                            if _rest_matches(phrase.words, words, i, n, check_first=True):
                                found.append((phrase, i))
        return found


def _rest_matches(pattern: tuple[str, ...], words: Sequence[str], i: int, n: int,
                  check_first: bool = False) -> bool:
    if i + len(pattern) > n:
        return False
    for k in range(0 if check_first else 1, len(pattern)):
        want = pattern[k]
        got = words[i + k]
        if want.endswith("*"):
            if not got.startswith(want[:-1]):
                return False
        elif got != want:
            return False
    return True


class ThemeRules:
    """Rule scorer for one codebook."""

    def __init__(self, codebook: Sequence[CodebookEntry]) -> None:
        self.codebook = list(codebook)
        self._slugs = [e.slug for e in self.codebook]
        self._index = {slug: i for i, slug in enumerate(self._slugs)}
        self._parent = [
            self._index.get(e.parent_slug) if e.parent_slug else None for e in self.codebook
        ]
        self._active = [not e.retired for e in self.codebook]
        self._depth: dict[str, int] = {}
        self._lift: list[tuple[int, ...]] = []
        for i, slug in enumerate(self._slugs):
            chain = [i]
            p = self._parent[i]
            while p is not None and len(chain) < 10 and p not in chain:
                chain.append(p)
                p = self._parent[p]
            self._lift.append(tuple(chain))
            self._depth[slug] = len(chain) - 1
        phrases: list[tuple[str, float, int]] = []
        for i, entry in enumerate(self.codebook):
            rules = THEME_RULES.get(entry.slug)
            if rules is None:
                rules = cold_start_phrases(entry.name, entry.description)
            else:  # the code's current name is always evidence (officers may rename codes)
                rules = (*rules, *cold_start_phrases(entry.name, "")[:1])
            for text, weight in rules:
                phrases.append((text, weight, i))
        self._matcher = PhraseMatcher(phrases)

    def evidence(self, text: str) -> dict[str, tuple[float, list[str]]]:
        """slug -> (weight total, evidence) for every code with evidence (including parents
        lifted by their sub-codes, and retired codes)."""
        buckets = self._buckets(text)
        out: dict[str, tuple[float, list[str]]] = {}
        for code, bucket in buckets.items():
            ordered = sorted(bucket.items(), key=lambda kv: (-kv[1], kv[0]))
            out[self._slugs[code]] = (sum(bucket.values()), [k for k, _ in ordered])
        return out

    def _buckets(self, text: str) -> dict[int, dict[str, float]]:
        """code index -> {evidence phrase: weight}; a sub-code's evidence also goes to each
        ancestor (``self._lift`` lists a code and its ancestors)."""
        words = words_of(text)
        buckets: dict[int, dict[str, float]] = {}
        lift = self._lift
        for phrase, start in self._matcher.find(words):
            size = len(phrase.words)
            shown = words[start] if size == 1 else " ".join(words[start:start + size])
            weight = phrase.weight
            for code in lift[phrase.rule_id]:
                bucket = buckets.get(code)
                if bucket is None:
                    buckets[code] = {shown: weight}
                elif bucket.get(shown, 0.0) < weight:
                    bucket[shown] = weight
        return buckets

    def suggest(self, text: str, ranked: bool = True) -> list[ThemeSuggestion]:
        """Active codes with evidence (best first unless ``ranked`` is False)."""
        suggestions = []
        active = self._active
        slugs = self._slugs
        for code, bucket in self._buckets(text).items():
            if not active[code]:
                continue
            score = rule_score(sum(bucket.values()))
            if score >= MIN_RULE_SCORE:
                evidence = sorted(bucket, key=lambda k: (-bucket[k], k))
                suggestions.append(ThemeSuggestion(slugs[code], round(score, 4), evidence,
                                                   "rules"))
        return rank(suggestions, self) if ranked else suggestions

    def depth(self, slug: str) -> int:
        return self._depth.get(slug, 0)

    def is_active(self, slug: str) -> bool:
        i = self._index.get(slug)
        return i is not None and self._active[i]


def rule_score(total: float) -> float:
    return 1.0 - math.exp(-RULE_SCALE * total)


def rank(suggestions: list[ThemeSuggestion], rules: ThemeRules) -> list[ThemeSuggestion]:
    """Best first: score, then top-level before sub-code, then slug (deterministic)."""
    return sorted(suggestions, key=lambda s: (-s.score, rules.depth(s.slug), s.slug))
