"""Fast rejection for rule regexes.

Most rules cannot match most texts. For each pattern we work out, from its parse tree, a small
set of literal strings one of which must occur in any match (e.g. ``\\bstill (?:no|not)\\b``
needs "still "). ``str.__contains__`` checks on those are far cheaper than running the regex, so
a rule's regex runs only when one of its literals is present. When no useful set can be derived
the regex always runs, so the filter never changes results, only speed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layout
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_WEAK = 1000  # cost added when a literal is so short it filters nothing
_MAX_ALTERNATIVES = 40


@functools.lru_cache(maxsize=2048)
def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Literal strings of which at least one occurs in every match, or None if unknown."""
    try:
        parsed = _sre_parse.parse(pattern)
        found = _necessary(list(parsed))
    except Exception:  # any construct we do not understand: no filtering
        return None
    if not found or _cost(found) >= _WEAK:
        return None
    return tuple(sorted(found, key=len, reverse=True))


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words so frequent that a literal made of one of them filters almost nothing.
_COMMON = _word_set("""
a an and are as at be been but by day days do for get got had has have he her him his i if in
is it its me month months my no not of on one or our out she so that the their them they this
time to up us was we week weeks were what when with year years you your all just now can did
""")


def _cost(options: frozenset[str]) -> int:
    """Roughly: how often the filter lets a text through. Each literal costs 1; short literals
    and literals that are only a very common word cost much more."""
    total = 0
    for lit in options:
        core = lit.strip(" '-")
        if len(lit) < 2:
            total += _WEAK
        elif len(lit) == 2 or core in _COMMON or len(core) < 3:
            total += 40
        else:
            total += 1
    return total


def _necessary(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """Best necessary-literal set for a sequence of parse items."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _sre_constants.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        if op is _sre_constants.AT:
            continue  # zero-width, does not break a run's necessity
        sub = _necessary_item(op, av)
        if sub is not None:
            candidates.append(sub)
    if run:
        candidates.append(frozenset(["".join(run)]))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (_cost(c), -min(len(s) for s in c)))


def _necessary_item(op: Any, av: Any) -> frozenset[str] | None:
    if op is _sre_constants.SUBPATTERN:
        return _necessary(list(av[-1]))
    if op is _sre_constants.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            sub = _necessary(list(branch))
            if sub is None:
                return None
            union |= sub
            if len(union) > _MAX_ALTERNATIVES:
                return None
        return frozenset(union)
    if op in (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT):
        low, _high, body = av
        if low >= 1:
            return _necessary(list(body))
        return None
    return None


def trie_regex(words: list[str]) -> str:
    """A regex matching any of ``words`` (longest first), factored as a trie so the engine
    tests one branch per character instead of every word in turn."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


class RuleIndex:
    """Many patterns behind one literal scan.

    ``candidates(text)`` returns, in order, the indices of the patterns that can match
    ``text``: a single pass of a trie-factored lookahead regex finds every required literal
    present (at each position the longest literal; the shorter ones present there are its
    prefixes, added from a precomputed closure).
    """

    def __init__(self, patterns: list[str], flags: int = 0) -> None:
        self.patterns = [FilteredPattern(p, flags) for p in patterns]
        self._always = [i for i, p in enumerate(self.patterns) if p.literals is None]
        by_literal: dict[str, set[int]] = {}
        for i, p in enumerate(self.patterns):
            for lit in p.literals or ():
                by_literal.setdefault(lit, set()).add(i)
        literals = sorted(by_literal, key=len, reverse=True)
        self._closure: dict[str, frozenset[int]] = {}
        for lit in literals:  # the rules of every literal that is a prefix of this one
            ids: set[int] = set()
            for k in range(1, len(lit) + 1):
                ids |= by_literal.get(lit[:k], set())
            self._closure[lit] = frozenset(ids)
        self._scan = re.compile("(?=(" + trie_regex(literals) + "))") if literals else None

    def candidates(self, text: str) -> list[int]:
        if self._scan is None:
            return list(self._always)
        ids: set[int] = set(self._always)
        closure = self._closure
        for lit in set(self._scan.findall(text)):
            ids |= closure[lit]
        return sorted(ids)


class FilteredPattern:
    """A compiled regex plus its required literals."""

    __slots__ = ("literals", "pattern", "regex")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.regex = re.compile(pattern, flags)
        self.literals = None if flags & re.IGNORECASE else required_literals(pattern)

    def possible(self, text: str) -> bool:
        literals = self.literals
        if literals is None:
            return True
        return any(lit in text for lit in literals)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.possible(text):
            return self.regex.finditer(text)
        return iter(())

    def search(self, text: str) -> re.Match[str] | None:
        if self.possible(text):
            return self.regex.search(text)
        return None
