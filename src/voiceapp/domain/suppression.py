"""Small-number suppression for public and board outputs (DOMAIN.md section 5).

The rule, as printed in the reports' data notes:

1. **Primary suppression.** A count of 1 to 4 is shown as "<5". A count of 0 is shown as 0:
   it says nobody, and hiding it would only hide good news.
2. **Secondary suppression.** Where a total is printed beside the counts, a hidden count could
   be worked out by subtracting the visible counts from the total. So further counts are
   hidden (shown as "*"), smallest first, until no hidden value can be pinned down. The check
   assumes a well-informed reader: one who knows that "<5" means 1 to 4, that a "*" count is 5
   or more, and who combines every row and column total (subtraction across a whole table).
3. If a hidden value still could be worked out once every other count is hidden, the total
   that gives it away is hidden too.

Nothing here knows about the database or Qt: callers pass plain counts and print strings.

Two forms:
- `suppress_counts(cells, total=None)`: one row or column of counts, with an optional total.
  Returns a dict of display strings (a `SuppressedCounts`, which also carries `.total`, the
  string to print for the total, and `.secondary`, the keys hidden to protect others).
- `suppress_table(rows, ...)`: a two-way table with row totals, column totals and a grand
  total, protected across rows and columns together.

How the check works: every printed total gives an equation (members add up to the total).
A hidden value is exposed if (a) the equations determine it exactly by adding and subtracting
("recovered by subtraction": exact rational elimination), (b) the reader's bounds (1..4 for
"<5", 5 or more for "*") carried through the totals leave it one possible value (interval
propagation), or (c) for tables, where several totals interlock, a linear programme over
everything printed finds its smallest and largest possible values equal (scipy's HiGHS; the
row/column structure is totally unimodular, so the LP's extremes are whole numbers). Zero
counts are never hidden and never used to hide others.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Generic, TypeVar

THRESHOLD = 5
SMALL = "<5"
HIDDEN = "*"
SUPPRESSION_NOTE = (
    "To protect privacy, numbers from 1 to 4 are shown as \u201c<5\u201d. Where a total would let "
    "a hidden number be worked out, another number is also hidden and shown as \u201c*\u201d."
)

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)

_SHOWN, _SMALL, _HIDDEN = "shown", "small", "hidden"
_INF = math.inf


def is_small(n: int, threshold: int = THRESHOLD) -> bool:
    """True for a count that must never be printed (1 to threshold - 1)."""
    return 0 < n < threshold


def format_count(n: int | None, threshold: int = THRESHOLD) -> str:
    """A single count for print: "<5" for 1 to 4, otherwise the number with thousands commas.

    Use this only for a count printed on its own; a count printed with its parts (a breakdown
    and its total) must go through `suppress_counts` or `suppress_table`."""
    if n is None:
        return ""
    if n < 0:
        raise ValueError(f"a count cannot be negative ({n})")
    return SMALL if is_small(n, threshold) else f"{n:,}"


class SuppressedCounts(dict, Generic[K]):
    """The display strings for each key; `.total` is the string to print for the total (None if
    no total was given) and `.secondary` the keys hidden to protect other cells."""

    total: str | None
    secondary: frozenset

    def __init__(self, cells: Mapping, total: str | None, secondary: Iterable) -> None:
        super().__init__(cells)
        self.total = total
        self.secondary = frozenset(secondary)


@dataclass(frozen=True)
class SuppressedTable(Generic[R, C]):
    """A two-way table ready to print: every value is a display string."""

    rows: list
    columns: list
    cells: dict  # (row, column) -> str
    row_totals: dict  # row -> str (empty if row totals are not printed)
    column_totals: dict  # column -> str
    grand_total: str | None
    secondary: frozenset = field(default_factory=frozenset)  # (row, column) or ("total", key)

    def cell(self, row: R, column: C) -> str:
        return self.cells[(row, column)]


# --------------------------------------------------------------------------- the engine


@dataclass
class _Cell:
    value: int
    state: str
    is_total: bool = False


class _System:
    """Cells (counts and totals) and lines (members that add up to a total cell)."""

    def __init__(self, threshold: int) -> None:
        self.t = threshold
        self.cells: dict[Hashable, _Cell] = {}
        self.lines: list[tuple[list[Hashable], Hashable]] = []

    def add(self, key: Hashable, value: int, is_total: bool = False) -> None:
        if value < 0:
            raise ValueError(f"a count cannot be negative ({key!r}: {value})")
        state = _SMALL if is_small(value, self.t) else _SHOWN
        self.cells[key] = _Cell(int(value), state, is_total)

    # ---- what a reader knows about one cell

    def bounds(self, key: Hashable) -> tuple[float, float]:
        c = self.cells[key]
        if c.state == _SHOWN:
            return c.value, c.value
        if c.state == _SMALL:
            return 1, self.t - 1
        # Hidden: a secondary cell is never 1..4 (those are "<5") and never 0 (zeros are not
        # chosen), so a reader knows it is at least the threshold. A small total hidden as a
        # last resort is only known to be at least 1.
        return (1 if c.value < self.t else self.t), _INF

    def hidden(self, key: Hashable) -> bool:
        return self.cells[key].state != _SHOWN

    # ---- (b) the reader's bounds, carried through every printed total

    def pinned(self) -> list[Hashable]:
        """Hidden cells whose value the reader can narrow to one number by combining the
        bounds ("<5" is 1..4, "*" is 5 or more) through the totals. Interval propagation
        over the lines until nothing narrows: sound (never narrower than the truth allows)."""
        box = {k: list(self.bounds(k)) for k in self.cells}
        for _ in range(200):
            changed = False
            for members, total in self.lines:
                lows = [box[m][0] for m in members]
                highs = [box[m][1] for m in members]
                sum_lo, sum_hi = sum(lows), sum(highs)
                t = box[total]
                if sum_lo > t[0]:
                    t[0], changed = sum_lo, True
                if sum_hi < t[1]:
                    t[1], changed = sum_hi, True
                for i, m in enumerate(members):
                    rest_hi = _sum_without(highs, sum_hi, i)
                    rest_lo = sum_lo - lows[i]
                    lo = t[0] - rest_hi
                    hi = t[1] - rest_lo
                    if lo > box[m][0]:
                        box[m][0], changed = lo, True
                    if hi < box[m][1]:
                        box[m][1], changed = hi, True
            if not changed:
                break
        return [k for k, c in self.cells.items() if c.state != _SHOWN
                and box[k][1] - box[k][0] < 1]

    # ---- (a) exact recovery by adding and subtracting printed totals

    def determined(self) -> list[Hashable]:
        """Hidden cells whose value follows exactly from the printed totals by linear algebra
        (Gaussian elimination over the rationals, so no rounding)."""
        unknowns = [k for k, c in self.cells.items() if c.state != _SHOWN]
        if not unknowns:
            return []
        index = {k: i for i, k in enumerate(unknowns)}
        rows: list[list[Fraction]] = []
        for members, total in self.lines:
            row = [Fraction(0)] * len(unknowns)
            touched = False
            for k in members:
                if k in index:
                    row[index[k]] += 1
                    touched = True
            if total in index:
                row[index[total]] -= 1
                touched = True
            if touched:
                rows.append(row)
        pivots = _rref(rows, len(unknowns))
        pivot_cols = {col for col, _ in pivots}
        out = []
        for col, row in pivots:
            if all(row[j] == 0 for j in range(len(unknowns)) if j not in pivot_cols):
                out.append(unknowns[col])
        return out

    # ---- (c) the exact reader: a linear programme over every printed number

    def lp_range(self, key: Hashable) -> tuple[float, float]:
        """The smallest and largest value `key` can take given everything printed, as a linear
        programme. Row and column sums form a totally unimodular system, so the extremes are
        whole numbers and two different extremes mean at least two possible values."""
        from scipy.optimize import linprog  # scipy comes with scikit-learn; imported on use

        keys = list(self.cells)
        idx = {k: i for i, k in enumerate(keys)}
        bounds = [(lo, None if math.isinf(hi) else hi)
                  for lo, hi in (self.bounds(k) for k in keys)]
        a_eq = []
        for members, total in self.lines:
            row = [0.0] * len(keys)
            for m in members:
                row[idx[m]] += 1.0
            row[idx[total]] -= 1.0
            a_eq.append(row)
        b_eq = [0.0] * len(a_eq)
        c = [0.0] * len(keys)
        c[idx[key]] = 1.0
        low = linprog(c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
        c[idx[key]] = -1.0
        high = linprog(c, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
        if low.status != 0:  # pragma: no cover - the true values are always feasible
            raise RuntimeError(f"suppression model infeasible: {low.message}")
        top = math.inf if high.status == 3 else -high.fun
        return low.fun, top

    def lp_exposed(self, key: Hashable) -> bool:
        lo, hi = self.lp_range(key)
        return hi - lo < 1 - 1e-7

    # ---- the algorithm

    def exposed(self) -> list[Hashable]:
        """Hidden cells a reader could work out: fast checks first, the exact one last."""
        seen: dict[Hashable, None] = {}
        for k in self.pinned():
            seen.setdefault(k)
        for k in self.determined():
            seen.setdefault(k)
        # With a single line the interval check above is already exact; the programme is only
        # needed where several totals interlock (a two-way table).
        if seen or len(self.lines) <= 1:
            return list(seen)
        return [k for k, c in self.cells.items() if c.state != _SHOWN and self.lp_exposed(k)]

    def still_exposed(self, key: Hashable) -> bool:
        if key in self.pinned() or key in self.determined():
            return True
        return len(self.lines) > 1 and self.lp_exposed(key)

    def candidates_for(self, key: Hashable) -> list[Hashable]:
        """Cells to hide to protect `key`: shown non-zero counts, those sharing a line with it
        first, smallest first (hiding the least information); totals only as a last resort."""
        near: set[Hashable] = set()
        for members, total in self.lines:
            if key in members or key == total:
                near.update(members)
        shown = [k for k, c in self.cells.items()
                 if c.state == _SHOWN and c.value > 0 and not c.is_total]
        order = {k: i for i, k in enumerate(self.cells)}
        return sorted(shown, key=lambda k: (k not in near, self.cells[k].value, order[k]))

    def totals_for(self, key: Hashable) -> list[Hashable]:
        out = []
        for members, total in self.lines:
            if (key in members or key == total) and self.cells[total].state != _HIDDEN \
                    and self.cells[total].value > 0:
                out.append(total)
        return out

    def solve(self) -> None:
        for _ in range(10 * len(self.cells) + 10):  # each round hides one more cell
            exposed = self.exposed()
            if not exposed:
                return
            target = exposed[0]
            if not self._protect(target):
                return  # nothing left to hide; cannot happen once totals can be hidden
        raise RuntimeError("suppression did not settle")  # pragma: no cover - defensive

    def _protect(self, target: Hashable) -> bool:
        # Prefer a cell that actually frees the target; fall back to the smallest near it.
        options = self.candidates_for(target)
        for k in options:
            self.cells[k].state = _HIDDEN
            if not self.still_exposed(target):
                return True
            self.cells[k].state = _SHOWN
        for k in options[:1]:
            self.cells[k].state = _HIDDEN
            return True
        for k in self.totals_for(target) or [k for k, c in self.cells.items()
                                              if c.is_total and c.state != _HIDDEN
                                              and c.value > 0]:
            self.cells[k].state = _HIDDEN
            return True
        return False

    def display(self, key: Hashable) -> str:
        c = self.cells[key]
        if c.state == _SHOWN:
            return f"{c.value:,}"
        return SMALL if c.state == _SMALL else HIDDEN


def _sum_without(values: list[float], total: float, i: int) -> float:
    """total - values[i], correct when infinities are involved."""
    if math.isinf(values[i]):
        return sum(v for j, v in enumerate(values) if j != i)
    return total - values[i]


def _rref(rows: list[list[Fraction]], width: int) -> list[tuple[int, list[Fraction]]]:
    """Reduced row echelon form; returns (pivot column, row) pairs."""
    m = [r[:] for r in rows]
    pivots: list[tuple[int, list[Fraction]]] = []
    r = 0
    for col in range(width):
        pivot = next((i for i in range(r, len(m)) if m[i][col] != 0), None)
        if pivot is None:
            continue
        m[r], m[pivot] = m[pivot], m[r]
        pv = m[r][col]
        m[r] = [x / pv for x in m[r]]
        for i in range(len(m)):
            if i != r and m[i][col] != 0:
                f = m[i][col]
                m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
        pivots.append((col, m[r]))
        r += 1
        if r == len(m):
            break
    return [(col, m[i]) for i, (col, _) in enumerate(pivots)]


# --------------------------------------------------------------------------- public API


def suppress_counts(cells: Mapping[K, int], total: int | None = None, *,
                    threshold: int = THRESHOLD) -> SuppressedCounts[K]:
    """Display strings for one row or column of counts.

    Counts of 1 to threshold - 1 become "<5". When `total` is given (the total printed with
    these counts; normally their sum, but a distinct-people total that is smaller than the sum
    also works), further counts are hidden as "*" so that no hidden count can be worked out,
    and the string to print for the total is in the result's `.total`."""
    system = _System(threshold)
    keys = list(cells)
    for k in keys:
        system.add(("cell", k), int(cells[k]))
    if total is not None:
        if total < 0:
            raise ValueError(f"a total cannot be negative ({total})")
        system.add(("total",), int(total), is_total=True)
        if int(total) == sum(int(v) for v in cells.values()):
            system.lines.append(([("cell", k) for k in keys], ("total",)))
        else:
            # Parts overlap (one person in several groups): no exact equation, but the total is
            # still an upper bound on every part, so a hidden part is at most the total.
            pass
        system.solve()
    out = {k: system.display(("cell", k)) for k in keys}
    secondary = [k for k in keys if system.cells[("cell", k)].state == _HIDDEN]
    total_text = system.display(("total",)) if total is not None else None
    return SuppressedCounts(out, total_text, secondary)


def suppress_table(rows: Mapping[R, Mapping[C, int]], *, columns: Sequence[C] | None = None,
                   row_totals: bool = True, column_totals: bool = True,
                   grand_total: bool = True, threshold: int = THRESHOLD) -> SuppressedTable[R, C]:
    """Display strings for a two-way table of counts (rows x columns), with the totals that
    will be printed. Missing cells count as 0. Totals are computed here from the cells."""
    row_keys = list(rows)
    if columns is None:
        seen: dict[C, None] = {}
        for r in row_keys:
            for c in rows[r]:
                seen.setdefault(c)
        columns = list(seen)
    col_keys = list(columns)
    system = _System(threshold)
    value = {(r, c): int(rows[r].get(c, 0)) for r in row_keys for c in col_keys}
    for r in row_keys:
        for c in col_keys:
            system.add(("cell", r, c), value[(r, c)])
    if row_totals:
        for r in row_keys:
            system.add(("row", r), sum(value[(r, c)] for c in col_keys), is_total=True)
            system.lines.append(([("cell", r, c) for c in col_keys], ("row", r)))
    if column_totals:
        for c in col_keys:
            system.add(("col", c), sum(value[(r, c)] for r in row_keys), is_total=True)
            system.lines.append(([("cell", r, c) for r in row_keys], ("col", c)))
    if grand_total:
        system.add(("grand",), sum(value.values()), is_total=True)
        if row_totals:
            system.lines.append(([("row", r) for r in row_keys], ("grand",)))
        if column_totals:
            system.lines.append(([("col", c) for c in col_keys], ("grand",)))
        if not row_totals and not column_totals:
            system.lines.append(([("cell", r, c) for r in row_keys for c in col_keys],
                                 ("grand",)))
    system.solve()
    cells_out = {(r, c): system.display(("cell", r, c)) for r in row_keys for c in col_keys}
    secondary = {(r, c) for r in row_keys for c in col_keys
                 if system.cells[("cell", r, c)].state == _HIDDEN}
    secondary |= {("total", k) for k, cell in system.cells.items()
                  if cell.is_total and cell.state == _HIDDEN}
    return SuppressedTable(
        rows=row_keys, columns=col_keys, cells=cells_out,
        row_totals={r: system.display(("row", r)) for r in row_keys} if row_totals else {},
        column_totals={c: system.display(("col", c)) for c in col_keys} if column_totals else {},
        grand_total=system.display(("grand",)) if grand_total else None,
        secondary=frozenset(secondary),
    )


__all__ = [
    "HIDDEN",
    "SMALL",
    "SUPPRESSION_NOTE",
    "THRESHOLD",
    "SuppressedCounts",
    "SuppressedTable",
    "format_count",
    "is_small",
    "suppress_counts",
    "suppress_table",
]
