"""Rule-based theme suggestions with evidence.

Every code gets keyword phrases (``theme_rules.THEME_RULES`` for the starter codes, rules made
from the name and description for codes officers add). Text is lower-cased and split into words;
each phrase found adds its weight to the code once (evidence = the phrase as found). Evidence for
a sub-code also counts for its parent. The weight total becomes a 0..1 score with
``1 - exp(-RULE_SCALE * total)`` (one clear keyword about 0.55, two about 0.8). Retired codes are
never suggested (their evidence still counts towards an active parent).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from voiceapp.analysis._text import constructor
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


_new_suggestion = constructor(ThemeSuggestion)


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

        # longer phrases by their exact first word ("call me back", "20 week*")
        self._multi_by_first: dict[str, list[_Phrase]] = {}
        for plist in (*self._pairs.values(), *self._first.values()):
            for phrase in plist:
                self._multi_by_first.setdefault(phrase.words[0], []).append(phrase)

    def phrases_starting(self, word: str) -> tuple[list[_Phrase], list[_Phrase]]:
        """(one-word phrases that ``word`` matches, longer phrases whose first word it
        matches); a longer phrase still has to be checked against the words after it."""
        singles = list(self._exact.get(word, ()))
        multis = list(self._multi_by_first.get(word, ()))
        stems = self._by_head.get(word[:3], [])
        for stem, plist in (stems + self._short) if self._short else stems:
            if word.startswith(stem):
                for phrase in plist:
                    (singles if len(phrase.words) == 1 else multis).append(phrase)
        return singles, multis

    def find(self, words: Sequence[str]) -> list[tuple[_Phrase, int]]:
        """(phrase, start index) for every phrase found (a phrase found at several places is
        reported at each; evidence counts each phrase text once anyway)."""
        found: list[tuple[_Phrase, int]] = []
        n = len(words)
        for i, word in enumerate(words):
            singles, multis = self.phrases_starting(word)
            found.extend((phrase, i) for phrase in singles)
            found.extend((phrase, i) for phrase in multis
                         if _rest_matches(phrase.words, words, i, n))
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


# (code -> weight for the word alone, longer phrases by exact second word, other longer phrases)
_WordEntry = tuple[tuple[tuple[int, float], ...], dict[str, tuple[_Phrase, ...]],
                   tuple[_Phrase, ...]]
_MISSING = object()
_CACHE_MAX = 50_000  # distinct words remembered per ThemeRules before the cache restarts


def _ordered(bucket: dict[str, float]) -> list[str]:
    """Evidence, strongest first, then alphabetical."""
    return sorted(bucket, key=lambda k: (-bucket[k], k))


def _rank_key(item: tuple[float, int, str, int, dict[str, float]]) -> tuple[float, int, str]:
    return item[0], item[1], item[2]


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
        self._cache: dict[str, _WordEntry | object | None] = {}

    def evidence(self, text: str) -> dict[str, tuple[float, list[str]]]:
        """slug -> (weight total, evidence) for every code with evidence (including parents
        lifted by their sub-codes, and retired codes)."""
        out: dict[str, tuple[float, list[str]]] = {}
        for code, bucket in self._buckets(words_of(text)).items():
            out[self._slugs[code]] = (sum(bucket.values()), _ordered(bucket))
        return out

    def _word_entry(self, word: str) -> _WordEntry | None:
        """What one word contributes by itself (code -> best weight, after lifting to the
        ancestors) and the longer phrases that may start at it; None when nothing."""
        singles, multis = self._matcher.phrases_starting(word)
        if not singles and not multis:
            return None
        contrib: dict[int, float] = {}
        for phrase in singles:
            for code in self._lift[phrase.rule_id]:
                if contrib.get(code, 0.0) < phrase.weight:
                    contrib[code] = phrase.weight
        by_second: dict[str, list[_Phrase]] = {}  # longer phrases by their exact second word
        loose: list[_Phrase] = []
        for phrase in multis:
            if phrase.words[1].endswith("*"):
                loose.append(phrase)
            else:
                by_second.setdefault(phrase.words[1], []).append(phrase)
        return (tuple(contrib.items()), {k: tuple(v) for k, v in by_second.items()},
                tuple(loose))

    def _buckets(self, words: Sequence[str]) -> dict[int, dict[str, float]]:
        """code index -> {evidence phrase: weight}; a sub-code's evidence also goes to each
        ancestor (``self._lift`` lists a code and its ancestors). Each distinct word is
        analysed once per process (``self._cache``); after that a word costs a look-up."""
        buckets: dict[int, dict[str, float]] = {}
        cache = self._cache
        lift = self._lift
        n = len(words)
        for i, word in enumerate(words):
            entry = cache.get(word, _MISSING)
            if entry is _MISSING:
                entry = self._word_entry(word)
                if len(cache) >= _CACHE_MAX:
                    cache.clear()
                cache[word] = entry
            if entry is None:
                continue
            contrib, by_second, loose = entry  # type: ignore[misc]
            for code, weight in contrib:
                bucket = buckets.get(code)
                if bucket is None:
                    buckets[code] = {word: weight}
                elif bucket.get(word, 0.0) < weight:
                    bucket[word] = weight
            if i + 1 == n or not (by_second or loose):
                continue
            paired = by_second.get(words[i + 1]) if by_second else None
            for phrase in (*paired, *loose) if paired else loose:
                size = len(phrase.words)
                # a phrase from ``paired`` already matches its first two words
                if (size > 2 or paired is None or phrase not in paired) and not _rest_matches(
                        phrase.words, words, i, n):
                    continue
                shown = " ".join(words[i:i + size])
                weight = phrase.weight
                for code in lift[phrase.rule_id]:
                    bucket = buckets.get(code)
                    if bucket is None:
                        buckets[code] = {shown: weight}
                    elif bucket.get(shown, 0.0) < weight:
                        bucket[shown] = weight
        return buckets

    def _scored(self, words: Sequence[str]
                ) -> list[tuple[float, int, str, int, dict[str, float]]]:
        """(-score, depth, slug, code, evidence bucket) for every active code worth suggesting,
        best first (the order of ``rank``)."""
        out = []
        active = self._active
        slugs = self._slugs
        depth = self._depth
        for code, bucket in self._buckets(words).items():
            if not active[code]:
                continue
            # Summed in the order the evidence was found (text order): deterministic, and
            # any difference from another order is far below the 4 decimals kept.
            score = 1.0 - math.exp(-RULE_SCALE * sum(bucket.values()))
            if score >= MIN_RULE_SCORE:
                slug = slugs[code]
                out.append((-round(score, 4), depth[slug], slug, code, bucket))
        out.sort(key=_rank_key)
        return out

    def suggest(self, text: str, ranked: bool = True, *,
                words: Sequence[str] | None = None) -> list[ThemeSuggestion]:
        """Active codes with evidence (best first unless ``ranked`` is False; ranked or not,
        the same suggestions). ``words`` (``words_of(text)``) only saves work."""
        return self.top(text, None, words=words)

    def top(self, text: str, top_n: int | None, *,
            words: Sequence[str] | None = None) -> list[ThemeSuggestion]:
        """``suggest(text)[:top_n]``, building only the suggestions returned."""
        scored = self._scored(words_of(text) if words is None else words)
        if top_n is not None:
            scored = scored[:max(0, top_n)]
        return [_new_suggestion(slug, -neg, _ordered(bucket), "rules")
                for neg, _depth, slug, _code, bucket in scored]

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
