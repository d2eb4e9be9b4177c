"""Fast rejection for rule regexes: a rule's regex runs only when words it needs are in the text.

Most rules cannot match most texts. For each pattern we work out, from its parse tree, sets of
literal strings such that every match contains one literal of each set (``\\bstill (?:no|not)
\\b`` needs "still " and one of "no", "not"), noting where the pattern puts word boundaries.
Each literal becomes a *word requirement* on the text's words (``\\w+`` runs, the same notion
of a word as ``\\b``): a whole word ("still"), a word start ("suicid" for ``\\bsuicid\\w*``),
or a piece inside a word; a literal with no word characters is looked for in the text itself.

Per pattern alternative we keep a *trigger* set and a *confirming* set. What each distinct word
satisfies is worked out once per process and cached, so filtering a text is a dictionary
look-up per word plus a few integer operations, instead of a regex scan per rule. A pattern we
cannot analyse always runs: the filter never changes results, only speed.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

try:  # Python 3.11+
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layout
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

WORD_RE = re.compile(r"\w+")
_MARK = "\x00"  # in a derived literal: a word boundary (\b, ^, $ or a non-word neighbour) here
_WEAK = 1000  # cost of a literal so short it filters nothing
_MAX_ALTERNATIVES = 40
_SETS_PER_RULE = 2  # a trigger set and a confirming set per alternative
_BOUNDARIES = frozenset({_sre_constants.AT_BOUNDARY, _sre_constants.AT_BEGINNING,
                         _sre_constants.AT_BEGINNING_STRING, _sre_constants.AT_END,
                         _sre_constants.AT_END_STRING})


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words so frequent that a literal made of one of them filters almost nothing.
_COMMON = _word_set("""
a an and are as at be been but by day days do for get got had has have he her him his i if in
is it its me month months my no not of on one or our out she so that the their them they this
time to up us was we week weeks were what when with year years you your all just now can did
about after again also any because could does from going into know like more much only other
over really said some still than then there these think those told very want well which who
will would feel felt home need help school support
""")

# Requirement kinds: a whole word, a word start, a piece of a word, a piece of the text.
WHOLE, START, INSIDE, TEXT = "w", "p", "s", "x"
Requirement = tuple[str, str]


def _common_prefix(piece: str) -> bool:
    return any(word.startswith(piece) for word in _COMMON)


def _common_inside(piece: str) -> bool:
    return any(piece in word for word in _COMMON)


@functools.lru_cache(maxsize=2048)
def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Literal strings of which at least one occurs in every match, or None if unknown."""
    with _ANALYSIS_LOCK:
        _EDGES.clear()
        try:
            found = _necessary(_plain(_sre_parse.parse(pattern)))
        except Exception:  # any construct we do not understand: no filtering
            return None
        finally:
            _EDGES.clear()
    if not found or _cost(found) >= _WEAK:
        return None
    return tuple(sorted({lit.replace(_MARK, "") for lit in found}, key=len, reverse=True))


Entry = tuple[frozenset[str], ...]  # (trigger set, confirming set?) for one alternative


@functools.lru_cache(maxsize=2048)
def filter_entries(pattern: str) -> tuple[Entry, ...]:
    """How to filter ``pattern``: one entry per top-level alternative (a match satisfies at
    least one entry); each entry is a trigger set, preferably one whose literals all give word
    keys (no substring search in every text), then the most selective other set. Literals
    keep boundaries as ``_MARK``. Empty when the pattern cannot be filtered."""
    with _ANALYSIS_LOCK:  # _EDGES is shared scratch space
        _EDGES.clear()
        try:
            alternatives = _top_alternatives(_plain(_sre_parse.parse(pattern)))
            entries = []
            for items, lead, trail in alternatives:
                entry = _choose_sets(_necessary_all(items, lead, trail))
                if not entry:
                    return ()
                entries.append(entry)
        except Exception:  # any construct we do not understand: no filtering
            return ()
        finally:
            _EDGES.clear()
    return tuple(entries)


_ANALYSIS_LOCK = threading.Lock()
_REPEATS = tuple(getattr(_sre_constants, name) for name in
                 ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre_constants, name))
_EDGES: dict[tuple[int, bool], tuple[bool, bool]] = {}  # (id of a group, front) -> edge


def _plain(sub: Any) -> list[tuple[Any, Any]]:
    """The parser's tree as plain lists (its SubPattern indexing is slow), same shape."""
    out: list[tuple[Any, Any]] = []
    for op, av in sub:
        if op is _sre_constants.SUBPATTERN:
            av = (*av[:-1], _plain(av[-1]))
        elif op is _sre_constants.BRANCH:
            av = (av[0], [_plain(b) for b in av[1]])
        elif op in _REPEATS:
            av = (av[0], av[1], _plain(av[2]))
        elif op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
            av = (av[0], _plain(av[1]))
        out.append((op, av))
    return out


def _top_alternatives(items: list[tuple[Any, Any]]
                      ) -> list[tuple[list[tuple[Any, Any]], str, bool]]:
    """Split "A|B|C" (after any common start the parser moved out, such as a leading \\b)
    into (items, lead, trail) per alternative; anything else is one alternative."""
    k = 0
    while k < len(items) and items[k][0] in (_sre_constants.AT, _sre_constants.LITERAL):
        k += 1
    if k < len(items) and all(op is _sre_constants.AT for op, _av in items[k + 1:]):
        op, av = items[k]
        if op is _sre_constants.SUBPATTERN and k == 0 and len(items) == 1:
            return _top_alternatives(list(av[-1]))
        if op is _sre_constants.BRANCH:
            lead = "".join(_MARK if o is _sre_constants.AT else chr(a) for o, a in items[:k]
                           if o is not _sre_constants.AT or a in _BOUNDARIES)
            trail = any(a in _BOUNDARIES for _o, a in items[k + 1:])
            return [(list(branch), lead, trail) for branch in av[1]]
    return [(items, "", False)]


def _choose_sets(found: list[frozenset[str]]) -> Entry:
    good = sorted({c for c in found if _cost(c) < _WEAK},
                  key=lambda c: (_cost(c), -min(len(s) for s in c), sorted(c)))
    if not good:
        return ()
    # the trigger should not need a search of the whole text
    on_words = [c for c in good if all(requirement(lit)[0] != TEXT for lit in c)
                and _cost(c) < 40]
    trigger = on_words[0] if on_words else good[0]
    rest = [c for c in good if c != trigger]
    return (trigger, *rest[:_SETS_PER_RULE - 1])


@functools.lru_cache(maxsize=8192)
def requirement(marked: str) -> Requirement:
    """The cheapest-to-satisfy-rarely word requirement a text meets when it contains
    ``marked``: a whole word (a word start and end are both marked or next to non-word
    characters inside the literal), a word start, a piece of a word, or, for a literal without
    word characters, the literal itself as a piece of the text."""
    spaced = marked.replace(_MARK, " ")
    best: tuple[int, int, Requirement] | None = None
    for m in WORD_RE.finditer(spaced):
        word = m.group()
        starts = m.start() > 0  # at 0 it may continue a word to its left
        ends = m.end() < len(spaced)
        req = (WHOLE if ends else START) if starts else INSIDE
        cost = _req_cost((req, word))
        if best is None or (cost, -len(word)) < best[:2]:
            best = (cost, -len(word), (req, word))
    if best is not None:
        return best[2]
    return TEXT, marked.replace(_MARK, "")


@functools.lru_cache(maxsize=8192)
def _req_cost(req: Requirement) -> int:
    """Roughly how often a text meets the requirement (1 rare .. 40 almost always)."""
    kind, piece = req
    n = len(piece)
    if kind == WHOLE:
        return 40 if piece in _COMMON or n <= 2 else (4 if n == 3 else 1)
    if kind == START:
        if n <= 2 or _common_prefix(piece):
            return 40
        return 8 if n == 3 else (2 if n == 4 else 1)
    if kind == INSIDE:
        if n <= 3 or _common_inside(piece):
            return 40
        return 4 if n == 4 else 2
    return 40 if n <= 3 else 10  # TEXT: searched for in every text that reaches it


def satisfies(word: str, req: Requirement) -> bool:
    kind, piece = req
    if kind == WHOLE:
        return word == piece
    if kind == START:
        return word.startswith(piece)
    return piece in word


@functools.lru_cache(maxsize=65536)
def _cost(options: frozenset[str]) -> int:
    """Roughly how often a text meets at least one literal of the set: the sum of the costs of
    their (distinct) requirements; a literal with no word characters at all filters nothing."""
    reqs = {requirement(lit) for lit in options}
    total = 0
    for req in reqs:
        if req[0] == TEXT and len(req[1].strip(" '-")) < 1:
            return _WEAK
        total += _req_cost(req)
    return total


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _edge(op: Any, av: Any, front: bool) -> tuple[bool, bool]:
    """(every non-empty match of the item starts (front) / ends with a non-word character,
    the item can match the empty string). Conservative: (False, False) when unsure."""
    if op is _sre_constants.LITERAL:
        return not _is_word_char(chr(av)), False
    if op is _sre_constants.IN:
        ok = all(o is _sre_constants.LITERAL and not _is_word_char(chr(a)) for o, a in av)
        return ok, False
    if op is _sre_constants.AT or op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
        return True, True  # zero-width: transparent
    key = (id(av), front)
    known = _EDGES.get(key)
    if known is not None:
        return known
    result = (False, False)
    if op is _sre_constants.SUBPATTERN:
        result = _seq_edge(av[-1], front)
    elif op is _sre_constants.BRANCH:
        edges = [_seq_edge(b, front) for b in av[1]]
        result = all(e[0] for e in edges), any(e[1] for e in edges)
    elif op in (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT):
        low, _high, body = av
        nonword, empty = _seq_edge(body, front)
        result = nonword, empty or low == 0
    _EDGES[key] = result
    return result


def _seq_edge(items: list[tuple[Any, Any]], front: bool) -> tuple[bool, bool]:
    for op, av in (items if front else list(reversed(items))):
        if op is _sre_constants.AT:
            continue
        nonword, empty = _edge(op, av, front)
        if not nonword:
            return False, False
        if not empty:
            return True, False
    return True, True


def _next_is_boundary(items: list[tuple[Any, Any]], k: int, trail: bool) -> bool:
    """Whether what follows item ``k`` starts with a boundary or a non-word character."""
    for op, av in items[k + 1:]:
        if op is _sre_constants.AT:
            if av in _BOUNDARIES:
                return True
            continue
        nonword, empty = _edge(op, av, True)
        if not nonword:
            return False
        if not empty:
            return True
    return trail


def _necessary_all(items: list[tuple[Any, Any]], lead: str = "",
                   trail: bool = False) -> list[frozenset[str]]:
    """Every necessary-literal set found in a sequence of parse items (boundaries marked).

    ``lead``: literal text known to come just before the sequence (``_MARK`` for a boundary);
    it is joined to the sequence's first literal. This matters because the regex parser moves
    the common start of alternatives out of a group ("comes?|came" becomes "c" + "omes?|ame").
    ``trail``: the sequence is known to be followed by a boundary or a non-word character."""
    candidates: list[frozenset[str]] = []
    run: list[str] = list(lead)
    # the position before the current item is a word boundary
    boundary_before = bool(lead) and not _is_word_char(lead[-1])
    last = len(items) - 1
    for k, (op, av) in enumerate(items):
        if op is _sre_constants.LITERAL:
            ch = chr(av)
            run.append(ch)
            boundary_before = not _is_word_char(ch)
            if k == last and trail:
                run.append(_MARK)
            continue
        if op is _sre_constants.AT:
            if av in _BOUNDARIES:
                run.append(_MARK)
                boundary_before = True
            continue  # zero-width, does not break a run's necessity
        before = "".join(run) if run else (_MARK if boundary_before else "")
        if run and run != [_MARK]:
            candidates.append(frozenset(["".join(run)]))
        run = []
        sub = _necessary_item(op, av, before, _next_is_boundary(items, k, trail))
        if sub is not None:
            candidates.append(sub)
        nonword_end, can_be_empty = _edge(op, av, False)
        boundary_before = nonword_end and (boundary_before or not can_be_empty)
    if run and run != [_MARK]:
        candidates.append(frozenset(["".join(run)]))
    return candidates


def _necessary(items: list[tuple[Any, Any]], lead: str = "",
               trail: bool = False) -> frozenset[str] | None:
    """The most selective necessary-literal set of a sequence, or None."""
    candidates = _necessary_all(items, lead, trail)
    if not candidates:
        return None
    return min(candidates, key=lambda c: (_cost(c), -min(len(s) for s in c), sorted(c)))


def _necessary_item(op: Any, av: Any, lead: str, trail: bool) -> frozenset[str] | None:
    if op is _sre_constants.SUBPATTERN:
        return _necessary(list(av[-1]), lead, trail)
    if op is _sre_constants.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            sub = _necessary(list(branch), lead, trail)
            if sub is None:
                return None
            union |= sub
            if len(union) > _MAX_ALTERNATIVES:
                return None
        return frozenset(union)
    if op in (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT):
        low, high, body = av
        if low >= 1:  # the first repetition follows what came before
            return _necessary(list(body), lead, False)
        if high == 1 and lead.strip(_MARK) and body and all(
                o is _sre_constants.LITERAL for o, _a in body):
            # an optional literal ending ("guns?"): the word with and without it
            end = _MARK if trail else ""
            with_it = lead + "".join(chr(a) for _o, a in body) + end
            return frozenset([lead + end, with_it])
        return None
    return None


def _trie_regex(words: list[str]) -> str:
    """A regex for any of ``words``, longest first, factored as a trie so that the engine
    follows one branch per character instead of trying every word in turn."""
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
    """Many patterns behind one look-up per word.

    ``candidates(low, words)`` returns, in order, the indices of the patterns that can match
    the lower-cased text ``low`` whose words (``WORD_RE.findall(low)``) are ``words``.

    Each top-level alternative of a pattern is an *entry*. An entry is *triggered* by a
    requirement of its first necessary set and *confirmed* by one of its second set (each
    entry owns one bit, switched on by the words meeting a confirming requirement). What a word
    triggers and confirms is computed once and cached (``_word``); only requirements on the
    text itself (no word characters) are searched for per text. A pattern is a candidate when
    one of its entries is triggered and confirmed.
    """

    _CACHE_MAX = 50_000

    def __init__(self, patterns: list[str], flags: int = 0) -> None:
        self.patterns = [FilteredPattern(p, flags) for p in patterns]
        always: list[int] = []
        # requirement -> (entries it triggers, bits of the entries it confirms)
        on_words: dict[Requirement, tuple[set[int], int]] = {}
        text_triggers: dict[str, set[int]] = {}
        rule_of: list[int] = []  # entry -> pattern index
        confirm: list[tuple[int, tuple[str, ...]] | None] = []
        for i, p in enumerate(self.patterns):
            entries = () if flags & re.IGNORECASE else filter_entries(p.pattern)
            if not entries:
                always.append(i)
            for sets in entries:
                e = len(rule_of)
                rule_of.append(i)
                for lit in sets[0]:
                    req = requirement(lit)
                    if req[0] == TEXT:
                        text_triggers.setdefault(req[1], set()).add(e)
                    else:
                        on_words.setdefault(req, (set(), 0))[0].add(e)
                if len(sets) < 2:
                    confirm.append(None)
                    continue
                bit = 1 << e
                in_text: set[str] = set()
                for lit in sets[1]:
                    req = requirement(lit)
                    if req[0] == TEXT:
                        in_text.add(req[1])
                    else:
                        ids, bits = on_words.setdefault(req, (set(), 0))
                        on_words[req] = (ids, bits | bit)
                confirm.append((bit, tuple(sorted(in_text))))
        self._always = frozenset(always)
        self._rule_of = tuple(rule_of)
        self._confirm = tuple(confirm)
        self._whole: dict[str, tuple[tuple[int, ...], int]] = {}
        self._start: dict[str, tuple[tuple[int, ...], int]] = {}
        inside: list[tuple[str, tuple[int, ...], int]] = []
        for (kind, piece), (ids, bits) in sorted(on_words.items()):
            value = (tuple(sorted(ids)), bits)
            if kind == WHOLE:
                self._whole[piece] = value
            elif kind == START:
                self._start[piece] = value
            else:
                inside.append((piece, *value))
        # All word pieces found in one pass over a word: a look-ahead alternation, longest
        # first, gives the longest piece starting at each position; the pieces that are its
        # prefixes (also there) come from ``_inside_closure``.
        self._inside = {piece: (ids, bits) for piece, ids, bits in inside}
        pieces = sorted(self._inside, key=lambda p: (-len(p), p))
        self._inside_re = re.compile(f"(?=({_trie_regex(pieces)}))") if pieces else None
        self._inside_closure = {p: tuple(q for q in pieces if p.startswith(q)) for p in pieces}
        # word starts by their first three letters (shorter ones apart): a few checks a word
        self._start_by_head: dict[str, list[str]] = {}
        for piece in sorted(self._start):
            if len(piece) >= 3:
                self._start_by_head.setdefault(piece[:3], []).append(piece)
        self._text_triggers = tuple((lit, tuple(sorted(ids)))
                                    for lit, ids in sorted(text_triggers.items()))
        self._cache: dict[str, tuple[tuple[int, ...], int] | None] = {}

    def _word(self, word: str) -> tuple[tuple[int, ...], int] | None:
        """(entries the word triggers, confirming bits it switches on), or None."""
        ids: list[int] = []
        bits = 0
        found = self._whole.get(word)
        if found is not None:
            ids += found[0]
            bits |= found[1]
        start = self._start
        for k in (1, 2):  # one- and two-letter word starts: a look-up each
            found = start.get(word[:k]) if len(word) >= k else None
            if found is not None:
                ids += found[0]
                bits |= found[1]
        for piece in self._start_by_head.get(word[:3], ()):
            if word.startswith(piece):
                ids += start[piece][0]
                bits |= start[piece][1]
        if self._inside_re is not None:
            inside = self._inside
            seen: set[str] = set()
            for longest in self._inside_re.findall(word):
                for piece in self._inside_closure[longest]:
                    if piece not in seen:
                        seen.add(piece)
                        ids += inside[piece][0]
                        bits |= inside[piece][1]
        result = (tuple(sorted(set(ids))), bits) if ids or bits else None
        cache = self._cache
        if len(cache) >= self._CACHE_MAX:
            cache.clear()
        cache[word] = result
        return result

    def candidates(self, low: str, words: Sequence[str] | None = None) -> list[int]:
        if words is None:
            words = WORD_RE.findall(low)
        touched: list[int] = []
        on = 0
        cache = self._cache
        for word in words:
            found = cache.get(word, _UNSEEN)
            if found is _UNSEEN:
                found = self._word(word)
            if found is not None:
                touched += found[0]  # type: ignore[index]
                on |= found[1]  # type: ignore[index]
        for lit, ids in self._text_triggers:
            if lit in low:
                touched += ids
        found_rules = set(self._always)
        if touched:
            confirm = self._confirm
            rule_of = self._rule_of
            for e in touched:
                c = confirm[e]
                if c is None or on & c[0]:
                    found_rules.add(rule_of[e])
                    continue
                for lit in c[1]:
                    if lit in low:
                        found_rules.add(rule_of[e])
                        break
        return sorted(found_rules)

    def stats(self) -> dict[str, int]:
        """How the patterns are filtered (for benchmarks and tests)."""
        return {"patterns": len(self.patterns), "always": len(self._always),
                "entries": len(self._rule_of), "whole_words": len(self._whole),
                "word_starts": len(self._start), "word_pieces": len(self._inside),
                "text_pieces": len(self._text_triggers),
                "confirmed": sum(c is not None for c in self._confirm)}


_UNSEEN = object()


class FilteredPattern:
    """A compiled regex plus the literals one of which every match contains (worked out on
    first use of ``literals``, ``possible``, ``finditer`` or ``search``)."""

    __slots__ = ("_literals", "flags", "pattern", "regex")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self.regex = re.compile(pattern, flags)
        self._literals: tuple[str, ...] | bool | None = False  # False: not worked out yet

    @property
    def literals(self) -> tuple[str, ...] | None:
        if self._literals is False:
            self._literals = (None if self.flags & re.IGNORECASE
                              else required_literals(self.pattern))
        return self._literals  # type: ignore[return-value]

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
