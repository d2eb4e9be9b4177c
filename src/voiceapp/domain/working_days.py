"""Working-day arithmetic for complaint clocks (DOMAIN.md section 6).

A *working day* is any day that is not a Saturday, Sunday, Christmas Day, Boxing Day, Good Friday
or a bank holiday in England and Wales (the definition in the Children Act 1989 Representations
Procedure (England) Regulations 2006, reg. 2, and the one the Ombudsman applies). Bank holidays
come from the ``holidays`` package, England subdivision, which is the England and Wales calendar
(the ENG and WLS lists are identical) and includes substitute days and one-off bank holidays such
as the 2022 Platinum Jubilee (3 June), the State Funeral (19 September 2022) and the Coronation
(8 May 2023), and moved days such as the early May bank holiday on 8 May 2020.

Counting convention (used throughout voiceapp)
----------------------------------------------
* ``add_working_days(start, n)``: day 1 is the first working day *after* ``start``; the result is
  the n-th such day. The day of receipt is day 0 and never counts, whether or not it is a working
  day. ``n == 0`` returns ``start`` unchanged; a negative ``n`` gives the n-th working day strictly
  *before* ``start``.
* ``working_days_between(start, end)``: the working days after ``start`` up to and including
  ``end``; negative when ``end`` is before ``start``. It is the inverse of ``add_working_days``:
  ``working_days_between(s, add_working_days(s, n)) == n`` for every ``s`` and every ``n >= 0``.
* ``deadline(received, n)``: the statutory due date for something received on ``received`` that
  must be done "within n working days". A complaint received on a non-working day (a weekend, a
  bank holiday, Christmas) is *deemed received on the next working day*, which is then day 0, so
  day 1 is the working day after that. This is the start-date rule in council complaints
  procedures: post or email arriving on a Saturday is first seen, and logged, on Monday, and the
  complainant gets the same number of clear working days as someone who wrote on Monday. For a
  complaint received on a working day ``deadline`` and ``add_working_days`` agree. Example:
  received Friday 22 December 2023, 10 working days: 25 and 26 December and 1 January are bank
  holidays, so day 1 is Wednesday 27 December and day 10 is Wednesday 10 January 2024.

Council closure days (``extra_closures``) make every clock that spans them longer than the
statutory definition allows, so configure them only where the council's published procedure says
its timescales exclude those days (for example a declared office closure between Christmas and New
Year). ``removed`` drops bank holidays or closures from the non-working list (for example a
holiday the ``holidays`` package gets wrong); weekends, Christmas Day, Boxing Day and Good Friday
are in the statutory definition and cannot be removed.

Speed: each calendar year is computed once, lazily (about 0.2 ms), into a day-of-year flag table,
a running count of working days and the list of working-day ordinals, so every query is a few
index look-ups whatever ``n`` is: about 0.4 µs for ``is_working_day`` and 1-1.5 µs for
``add_working_days(d, 20)`` or ``(d, 65)`` (CPython 3.11).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

__all__ = [
    "DEFAULT_CALENDAR",
    "WorkingDayCalendar",
    "easter_sunday",
    "format_date",
]

#: Subdivision of ``holidays.country_holidays("GB", ...)`` whose list is the England and Wales
#: bank holiday calendar (``"WLS"`` gives the same days; Scotland and Northern Ireland differ).
ENGLAND_AND_WALES = "ENG"

_SATURDAY, _SUNDAY = 5, 6


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def statutory_fixed_days(year: int) -> frozenset[date]:
    """Christmas Day, Boxing Day and Good Friday: named in the statutory definition itself, so
    they are non-working whatever the bank-holiday list says and cannot be removed."""
    return frozenset(
        {date(year, 12, 25), date(year, 12, 26), easter_sunday(year) - timedelta(days=2)}
    )


@lru_cache(maxsize=512)
def bank_holidays(year: int, subdiv: str = ENGLAND_AND_WALES) -> dict[date, str]:
    """Bank holidays (with names) for one year from the ``holidays`` package, memoised."""
    found = holidays.country_holidays("GB", subdiv=subdiv, years=year)
    return {d: name for d, name in found.items() if d.year == year}


def format_date(d: date) -> str:
    """A date as officers write it in letters: ``Wednesday 10 January 2024``."""
    return f"{d:%A} {d.day} {d:%B %Y}"


@dataclass(frozen=True, slots=True)
class _Year:
    """Pre-computed tables for one calendar year.

    ``flags[i]`` is 1 when day ``i`` of the year (0-based) is a working day; ``upto[i]`` is the
    number of working days in the year on or before day ``i``; ``ordinals`` lists the
    ``date.toordinal()`` of every working day in the year, in order.
    """

    first: int
    flags: bytes
    upto: tuple[int, ...]
    ordinals: tuple[int, ...]

    @property
    def total(self) -> int:
        return len(self.ordinals)


class WorkingDayCalendar:
    """Working days in England and Wales, plus any closure days the council adds.

    Instances are immutable after construction and safe to share between threads. Years are
    computed on first use and kept for the life of the calendar.
    """

    def __init__(
        self,
        extra_closures: Iterable[date] = (),
        removed: Iterable[date] = (),
        *,
        subdiv: str = ENGLAND_AND_WALES,
    ) -> None:
        self._subdiv = subdiv
        self._extra = frozenset(extra_closures)
        removed_set = frozenset(removed)
        protected = sorted(
            d
            for d in removed_set
            if d.weekday() in (_SATURDAY, _SUNDAY) or d in statutory_fixed_days(d.year)
        )
        if protected:
            raise ValueError(
                f"{format_date(protected[0])} cannot be made a working day: weekends, Christmas "
                "Day, Boxing Day and Good Friday are never working days under the statutory "
                "definition."
            )
        self._removed = removed_set
        self._years: dict[int, _Year] = {}
        self._lock = threading.Lock()

    # -- configuration -------------------------------------------------------------------------

    @property
    def extra_closures(self) -> frozenset[date]:
        return self._extra

    @property
    def removed(self) -> frozenset[date]:
        return self._removed

    def holiday_name(self, d: date) -> str | None:
        """Why ``d`` is not a working day (``"Saturday"``, ``"Good Friday"``, ``"Council
        closure"``...), or None when it is a working day."""
        if self.is_working_day(d):
            return None
        if d.weekday() in (_SATURDAY, _SUNDAY):
            return f"{d:%A}"
        if d in self._extra and d not in self._removed:
            return "Council closure"
        if d == date(d.year, 12, 25):
            return "Christmas Day"
        if d == date(d.year, 12, 26):
            return "Boxing Day"
        if d == easter_sunday(d.year) - timedelta(days=2):
            return "Good Friday"
        return bank_holidays(d.year, self._subdiv).get(d, "Bank holiday")

    def non_working_days(self, year: int) -> list[date]:
        """Every weekday in ``year`` that is not a working day (bank holidays and closures)."""
        y = self._year(year)
        return [
            date.fromordinal(y.first + i)
            for i, flag in enumerate(y.flags)
            if not flag and date.fromordinal(y.first + i).weekday() < _SATURDAY
        ]

    # -- the year tables -----------------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is None:
            with self._lock:
                found = self._years.get(year)
                if found is None:
                    found = self._build_year(year)
                    self._years[year] = found
        return found

    def _build_year(self, year: int) -> _Year:
        closed = set(bank_holidays(year, self._subdiv))
        closed.update(d for d in self._extra if d.year == year)
        closed.difference_update(self._removed)
        closed.update(statutory_fixed_days(year))
        first = date(year, 1, 1).toordinal()
        length = date(year + 1, 1, 1).toordinal() - first
        flags = bytearray(length)
        upto: list[int] = []
        ordinals: list[int] = []
        count = 0
        for i in range(length):
            d = date.fromordinal(first + i)
            if d.weekday() < _SATURDAY and d not in closed:
                flags[i] = 1
                count += 1
                ordinals.append(first + i)
            upto.append(count)
        return _Year(first, bytes(flags), tuple(upto), tuple(ordinals))

    def _rank(self, d: date) -> tuple[_Year, int, int]:
        """The year table for ``d``, the index of ``d`` in it, and the working days in that year
        on or before ``d``."""
        y = self._years.get(d.year) or self._year(d.year)
        i = d.toordinal() - y.first
        return y, i, y.upto[i]

    # -- queries -------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        y = self._years.get(d.year) or self._year(d.year)
        return y.flags[d.toordinal() - y.first] == 1

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (day 1 is the first working day after ``start``;
        ``start`` itself never counts). ``n == 0`` returns ``start``; negative ``n`` counts back:
        ``-1`` is the last working day strictly before ``start``."""
        if n == 0:
            return start
        y, i, upto = self._rank(start)
        year = start.year
        if n > 0:
            index = upto + n - 1  # 0-based position among this year's working days
            while index >= y.total:
                index -= y.total
                year += 1
                y = self._year(year)
            return date.fromordinal(y.ordinals[index])
        before = upto - y.flags[i]  # working days in the year strictly before start
        index = before + n  # n < 0
        while index < 0:
            year -= 1
            y = self._year(year)
            index += y.total
        return date.fromordinal(y.ordinals[index])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``. Negative (minus the working
        days after ``end`` up to and including ``start``) when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        ys, _, upto_s = self._rank(start)
        _, _, upto_e = self._rank(end)
        if start.year == end.year:
            return upto_e - upto_s
        between = sum(self._year(year).total for year in range(start.year + 1, end.year))
        return (ys.total - upto_s) + between + upto_e

    def working_days_in_range(self, first: date, stop: date) -> int:
        """Working days ``d`` with ``first <= d < stop`` (0 when ``stop <= first``)."""
        if stop <= first:
            return 0
        return self.working_days_between(first - timedelta(days=1), stop - timedelta(days=1))

    def days_remaining(self, due: date, today: date) -> int:
        """Working days left until ``due``: 0 on the due date itself, 1 the working day before,
        negative once overdue (-1 on the first working day after the due date).

        On a weekend or holiday straight after the due date this is still 0, because no working
        day has passed; use ``today > due`` (as ``StageClock.status`` does) to decide lateness.
        """
        return self.working_days_between(today, due)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        return self.add_working_days(d, -1)

    def working_day_on_or_after(self, d: date) -> date:
        """``d`` if it is a working day, otherwise the next working day (the deemed start day
        of a complaint received on a non-working day)."""
        return d if self.is_working_day(d) else self.add_working_days(d, 1)

    def deadline(self, received: date, n: int) -> date:
        """Due date for something received on ``received`` and due within ``n`` working days:
        receipt on a non-working day is deemed to be on the next working day, and day 1 is the
        working day after the (deemed) day of receipt. See the module docstring."""
        if n < 0:
            raise ValueError("A time limit cannot be a negative number of working days.")
        return self.add_working_days(self.working_day_on_or_after(received), n)


#: The shared England and Wales calendar with no council closures.
DEFAULT_CALENDAR = WorkingDayCalendar()
