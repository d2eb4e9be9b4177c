"""Working-day arithmetic against the England and Wales calendar.

Every expected date below was counted by hand on a printed calendar; the comments show the count
for the less obvious ones. Day 0 is the day of receipt, day 1 the next working day.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voiceapp.domain.working_days import (
    DEFAULT_CALENDAR,
    WorkingDayCalendar,
    easter_sunday,
    format_date,
)

cal = DEFAULT_CALENDAR


# -- the calendar itself ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2022, 6, 2), "Spring Bank Holiday"),  # moved to Thursday for the jubilee
        (date(2022, 6, 3), "Platinum Jubilee of Elizabeth II"),
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Coronation of Charles III"),
        (date(2020, 5, 8), "May Day"),  # early May moved to Friday 8 May (VE Day 75)
        (date(2024, 3, 29), "Good Friday"),
        (date(2024, 4, 1), "Easter Monday"),
        (date(2023, 8, 28), "Late Summer Bank Holiday"),
        (date(2020, 12, 28), "Boxing Day (observed)"),  # 26 Dec 2020 was a Saturday
        (date(2022, 12, 27), "Christmas Day (observed)"),  # 25 Dec 2022 was a Sunday
        (date(2023, 1, 2), "New Year's Day (observed)"),
        (date(2023, 12, 25), "Christmas Day"),
        (date(2023, 12, 26), "Boxing Day"),
    ],
)
def test_bank_holidays_are_not_working_days(day: date, name: str) -> None:
    assert not cal.is_working_day(day)
    assert cal.holiday_name(day) == name


def test_ordinary_days_and_weekends() -> None:
    assert cal.is_working_day(date(2024, 1, 15))  # Monday
    assert cal.is_working_day(date(2020, 5, 4))  # first Monday in May 2020 was NOT a holiday
    assert cal.is_working_day(date(2023, 5, 2))
    assert not cal.is_working_day(date(2024, 1, 13))  # Saturday
    assert not cal.is_working_day(date(2024, 1, 14))  # Sunday
    assert cal.holiday_name(date(2024, 1, 13)) == "Saturday"
    assert cal.holiday_name(date(2024, 1, 15)) is None


def test_england_and_wales_not_scotland() -> None:
    # 2 January is a bank holiday in Scotland only; St Andrew's Day likewise.
    assert cal.is_working_day(date(2024, 1, 2))
    assert cal.is_working_day(date(2023, 11, 30))
    # The ENG list is the England and Wales list.
    for year in (2020, 2022, 2023, 2030):
        eng = holidays.country_holidays("GB", subdiv="ENG", years=year)
        wls = holidays.country_holidays("GB", subdiv="WLS", years=year)
        assert set(eng) == set(wls)


def test_non_working_weekdays_2022_lists_the_one_off_holidays() -> None:
    assert cal.non_working_days(2022) == [
        date(2022, 1, 3),
        date(2022, 4, 15),
        date(2022, 4, 18),
        date(2022, 5, 2),
        date(2022, 6, 2),
        date(2022, 6, 3),
        date(2022, 8, 29),
        date(2022, 9, 19),
        date(2022, 12, 26),
        date(2022, 12, 27),
    ]


def test_easter_algorithm() -> None:
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2019) == date(2019, 4, 21)
    assert easter_sunday(2038) == date(2038, 4, 25)


def test_format_date() -> None:
    assert format_date(date(2024, 1, 10)) == "Wednesday 10 January 2024"


# -- add_working_days ---------------------------------------------------------------------------


def test_brief_example_christmas_2023() -> None:
    # Received Friday 22 Dec 2023. 25, 26 Dec and 1 Jan are bank holidays:
    # Wed 27 (1), Thu 28 (2), Fri 29 (3), Tue 2 Jan (4), 3 (5), 4 (6), 5 (7), Mon 8 (8), 9 (9),
    # Wed 10 Jan (10).
    assert cal.add_working_days(date(2023, 12, 22), 10) == date(2024, 1, 10)
    assert cal.deadline(date(2023, 12, 22), 10) == date(2024, 1, 10)


def test_christmas_2022_substitute_days_and_new_year() -> None:
    # 25 Dec 2022 was a Sunday: Mon 26 Boxing Day, Tue 27 Christmas (substitute), Mon 2 Jan 2023
    # New Year (substitute). From Fri 23 Dec: Wed 28 (1), Thu 29 (2), Fri 30 (3), Tue 3 Jan (4),
    # Wed 4 Jan (5).
    assert cal.add_working_days(date(2022, 12, 23), 5) == date(2023, 1, 4)


def test_easter_2024() -> None:
    # Good Friday 29 Mar and Easter Monday 1 Apr 2024.
    assert cal.add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)
    assert cal.add_working_days(date(2024, 3, 28), 3) == date(2024, 4, 4)
    assert cal.next_working_day(date(2024, 3, 28)) == date(2024, 4, 2)


def test_early_may_2020_moved_to_friday() -> None:
    assert cal.add_working_days(date(2020, 5, 7), 1) == date(2020, 5, 11)
    assert cal.add_working_days(date(2020, 5, 1), 1) == date(2020, 5, 4)


def test_late_summer_bank_holiday() -> None:
    assert cal.add_working_days(date(2023, 8, 25), 1) == date(2023, 8, 29)


def test_platinum_jubilee_four_day_weekend() -> None:
    # Thu 2 and Fri 3 June 2022 were both bank holidays. From Wed 1 June:
    # Mon 6 (1), 7, 8, 9, Fri 10 (5), Mon 13 (6), 14, 15, 16, Fri 17 June (10).
    assert cal.add_working_days(date(2022, 6, 1), 1) == date(2022, 6, 6)
    assert cal.add_working_days(date(2022, 6, 1), 10) == date(2022, 6, 17)


def test_state_funeral() -> None:
    assert cal.add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)


def test_coronation_and_may_day_2023() -> None:
    # Mon 1 and Mon 8 May 2023 were both bank holidays. From Fri 28 Apr:
    # Tue 2 (1), 3, 4, Fri 5 (4), Tue 9 (5), 10, 11, Fri 12 (8), Mon 15 (9), Tue 16 May (10).
    assert cal.add_working_days(date(2023, 4, 28), 10) == date(2023, 5, 16)


def test_received_on_a_saturday() -> None:
    saturday = date(2024, 1, 13)
    # Plain arithmetic: day 1 is the first working day after Saturday, Mon 15 Jan.
    assert cal.add_working_days(saturday, 1) == date(2024, 1, 15)
    assert cal.add_working_days(saturday, 10) == date(2024, 1, 26)
    # Statutory deadline: deemed received Mon 15 (day 0); Tue 16 (1) ... Mon 29 Jan (10).
    assert cal.working_day_on_or_after(saturday) == date(2024, 1, 15)
    assert cal.deadline(saturday, 10) == date(2024, 1, 29)
    # A Sunday gives the same deadline as the Saturday and as the Monday itself.
    assert cal.deadline(date(2024, 1, 14), 10) == date(2024, 1, 29)
    assert cal.deadline(date(2024, 1, 15), 10) == date(2024, 1, 29)


def test_received_on_a_bank_holiday() -> None:
    # Easter Monday 1 Apr 2024: deemed received Tue 2 Apr; Wed 3 (1) ... Tue 16 Apr (10).
    assert cal.deadline(date(2024, 4, 1), 10) == date(2024, 4, 16)
    # Christmas Day 2023: deemed received Wed 27 Dec; Thu 28 (1), Fri 29 (2), Tue 2 Jan (3) ...
    # Thu 11 Jan (10).
    assert cal.deadline(date(2023, 12, 25), 10) == date(2024, 1, 11)
    # Saturday 23 Dec 2023 is deemed received on the same Wednesday.
    assert cal.deadline(date(2023, 12, 23), 10) == date(2024, 1, 11)


def test_zero_and_negative() -> None:
    assert cal.add_working_days(date(2024, 1, 13), 0) == date(2024, 1, 13)
    assert cal.deadline(date(2024, 1, 13), 0) == date(2024, 1, 15)
    assert cal.add_working_days(date(2024, 4, 2), -1) == date(2024, 3, 28)  # over Easter
    assert cal.add_working_days(date(2024, 3, 30), -1) == date(2024, 3, 28)  # from a Saturday
    assert cal.add_working_days(date(2024, 1, 2), -1) == date(2023, 12, 29)  # over New Year
    assert cal.previous_working_day(date(2024, 1, 10)) == date(2024, 1, 9)
    with pytest.raises(ValueError):
        cal.deadline(date(2024, 1, 10), -1)


def test_long_spans_cross_years() -> None:
    # 260 working days is about a year; check against a naive day-by-day count.
    start = date(2023, 12, 1)
    assert cal.add_working_days(start, 260) == _naive_add(start, 260)
    assert cal.add_working_days(start, -400) == _naive_add(start, -400)


# -- between, remaining, next ------------------------------------------------------------------


def test_working_days_between() -> None:
    assert cal.working_days_between(date(2023, 12, 22), date(2024, 1, 10)) == 10
    assert cal.working_days_between(date(2024, 1, 10), date(2023, 12, 22)) == -10
    # Fri 29 Dec 2023 to Tue 2 Jan 2024: Mon 1 Jan is a holiday, so only Tue counts.
    assert cal.working_days_between(date(2023, 12, 29), date(2024, 1, 2)) == 1
    assert cal.working_days_between(date(2024, 1, 2), date(2023, 12, 29)) == -1
    assert cal.working_days_between(date(2024, 1, 10), date(2024, 1, 10)) == 0
    assert cal.working_days_between(date(2024, 1, 12), date(2024, 1, 14)) == 0  # Fri to Sun
    # Several years.
    assert cal.working_days_between(date(2019, 6, 1), date(2024, 6, 1)) == _naive_between(
        date(2019, 6, 1), date(2024, 6, 1)
    )


def test_working_days_in_range() -> None:
    # [Wed 10 Jan, Mon 15 Jan) = Wed, Thu, Fri.
    assert cal.working_days_in_range(date(2024, 1, 10), date(2024, 1, 15)) == 3
    assert cal.working_days_in_range(date(2024, 1, 15), date(2024, 1, 10)) == 0


def test_days_remaining() -> None:
    due = date(2024, 1, 10)  # Wednesday
    assert cal.days_remaining(due, date(2024, 1, 5)) == 3  # Mon 8, Tue 9, Wed 10
    assert cal.days_remaining(due, date(2024, 1, 6)) == 3  # Saturday: same three days
    assert cal.days_remaining(due, date(2024, 1, 10)) == 0  # due today
    assert cal.days_remaining(due, date(2024, 1, 11)) == -1
    assert cal.days_remaining(due, date(2024, 1, 13)) == -2  # Thu 11, Fri 12 have passed
    # Due on a Friday, today the Saturday after: no working day has passed yet.
    assert cal.days_remaining(date(2024, 1, 12), date(2024, 1, 13)) == 0


def test_next_working_day() -> None:
    assert cal.next_working_day(date(2023, 12, 22)) == date(2023, 12, 27)
    assert cal.next_working_day(date(2024, 1, 10)) == date(2024, 1, 11)
    assert cal.next_working_day(date(2022, 6, 1)) == date(2022, 6, 6)
    assert cal.working_day_on_or_after(date(2024, 1, 10)) == date(2024, 1, 10)


# -- configuration ------------------------------------------------------------------------------


def test_extra_closures_lengthen_the_clock() -> None:
    council = WorkingDayCalendar(
        extra_closures=[date(2023, 12, 27), date(2023, 12, 28), date(2023, 12, 29)]
    )
    assert not council.is_working_day(date(2023, 12, 28))
    assert council.holiday_name(date(2023, 12, 28)) == "Council closure"
    # From Fri 22 Dec, nothing counts until Tue 2 Jan (1): 3, 4, 5 (4), 8..12 (9), Mon 15 (10).
    assert council.add_working_days(date(2023, 12, 22), 10) == date(2024, 1, 15)
    # The shared calendar is unaffected.
    assert cal.is_working_day(date(2023, 12, 28))


def test_removed_days() -> None:
    council = WorkingDayCalendar(removed=[date(2023, 5, 8)])
    assert council.is_working_day(date(2023, 5, 8))
    assert council.add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 8)
    with pytest.raises(ValueError, match="Christmas Day, Boxing Day and Good Friday"):
        WorkingDayCalendar(removed=[date(2023, 12, 25)])
    with pytest.raises(ValueError, match="cannot be made a working day"):
        WorkingDayCalendar(removed=[date(2024, 3, 29)])  # Good Friday
    with pytest.raises(ValueError):
        WorkingDayCalendar(removed=[date(2024, 1, 13)])  # a Saturday


def test_datetime_input_is_accepted() -> None:
    from datetime import datetime

    assert cal.add_working_days(datetime(2023, 12, 22, 16, 30), 10) == date(2024, 1, 10)


def test_speed() -> None:
    """Measures on a million records add 20-65 working days many times: keep it cheap."""
    c = WorkingDayCalendar()
    starts = [date(2023, 1, 1) + timedelta(days=i % 700) for i in range(20_000)]
    c.add_working_days(starts[0], 65)  # warm the year tables
    c.add_working_days(starts[-1], 65)
    t0 = time.perf_counter()
    for d in starts:
        c.add_working_days(d, 20)
    add_each = (time.perf_counter() - t0) / len(starts)
    t0 = time.perf_counter()
    for d in starts:
        c.is_working_day(d)
    check_each = (time.perf_counter() - t0) / len(starts)
    assert add_each < 50e-6, f"add_working_days took {add_each * 1e6:.1f} µs"
    assert check_each < 10e-6, f"is_working_day took {check_each * 1e6:.1f} µs"


# -- properties ---------------------------------------------------------------------------------

_NAIVE_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(2012, 2040))


def _naive_is_working(d: date) -> bool:
    return d.weekday() < 5 and d not in _NAIVE_HOLIDAYS


def _naive_add(d: date, n: int) -> date:
    step = 1 if n >= 0 else -1
    left = abs(n)
    while left:
        d += timedelta(days=step)
        if _naive_is_working(d):
            left -= 1
    return d


def _naive_between(a: date, b: date) -> int:
    if b < a:
        return -_naive_between(b, a)
    return sum(_naive_is_working(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@given(start=dates, n=st.integers(min_value=0, max_value=300))
def test_round_trip(start: date, n: int) -> None:
    end = cal.add_working_days(start, n)
    assert cal.working_days_between(start, end) == n
    if n > 0:
        assert cal.is_working_day(end)
        assert end > start
        # It is the first date that far away: the day before has one fewer.
        assert cal.working_days_between(start, end - timedelta(days=1)) == n - 1


@given(start=dates, n=st.integers(min_value=1, max_value=300))
def test_negative_round_trip_from_a_working_day(start: date, n: int) -> None:
    start = cal.working_day_on_or_after(start)
    back = cal.add_working_days(start, -n)
    assert back < start
    assert cal.working_days_between(start, back) == -n
    assert cal.add_working_days(back, n) == start


@settings(max_examples=300)
@given(start=dates, n=st.integers(min_value=-80, max_value=80))
def test_matches_naive_day_by_day_count(start: date, n: int) -> None:
    assert cal.add_working_days(start, n) == _naive_add(start, n)
    assert cal.is_working_day(start) == _naive_is_working(start)


@given(a=dates, b=dates)
def test_between_matches_naive_and_is_antisymmetric(a: date, b: date) -> None:
    assert cal.working_days_between(a, b) == _naive_between(a, b)
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)


@given(received=dates, n=st.integers(min_value=1, max_value=100))
def test_deadline_gives_n_clear_working_days_after_deemed_receipt(received: date, n: int) -> None:
    due = cal.deadline(received, n)
    start = cal.working_day_on_or_after(received)
    assert cal.working_days_between(start, due) == n
    assert due >= cal.add_working_days(received, n)
