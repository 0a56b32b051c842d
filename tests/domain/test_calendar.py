"""WorkingCalendar: working days, counting, and their invariants (no `holidays` library here)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.calendar import LOCAL_CLOSURE_DAY, HolidaySource, WorkingCalendar

# England and Wales bank holidays 2026-2027 as published on gov.uk, typed in by hand so the
# domain tests need no third-party holiday data.
ENGLAND_AND_WALES = {
    date(2026, 1, 1): "New Year's Day",
    date(2026, 4, 3): "Good Friday",
    date(2026, 4, 6): "Easter Monday",
    date(2026, 5, 4): "Early May bank holiday",
    date(2026, 5, 25): "Spring bank holiday",
    date(2026, 8, 31): "Summer bank holiday",
    date(2026, 12, 25): "Christmas Day",
    date(2026, 12, 26): "Boxing Day",
    date(2026, 12, 28): "Boxing Day (substitute day)",
    date(2027, 1, 1): "New Year's Day",
    date(2027, 3, 26): "Good Friday",
    date(2027, 3, 29): "Easter Monday",
    date(2027, 5, 3): "Early May bank holiday",
    date(2027, 5, 31): "Spring bank holiday",
    date(2027, 8, 30): "Summer bank holiday",
    date(2027, 12, 25): "Christmas Day",
    date(2027, 12, 26): "Boxing Day",
    date(2027, 12, 27): "Christmas Day (substitute day)",
    date(2027, 12, 28): "Boxing Day (substitute day)",
}


class FixedHolidays:
    """A HolidaySource from a fixed mapping, counting how often each year is asked for."""

    def __init__(self, days: Mapping[date, str]) -> None:
        self.days = dict(days)
        self.asked: list[int] = []

    def holidays_in(self, year: int) -> Mapping[date, str]:
        self.asked.append(year)
        return {d: name for d, name in self.days.items() if d.year == year}


class ScatteredHolidays:
    """About one day in eleven is a "holiday", in runs and on weekends too: a hard test bed."""

    def holidays_in(self, year: int) -> Mapping[date, str]:
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        return {
            date.fromordinal(o): f"holiday {o}"
            for o in range(first, last + 1)
            if (o * 2654435761) % 11 == 0 or o % 97 in (0, 1, 2)
        }


def test_holiday_source_protocol_is_met_by_a_plain_class() -> None:
    source: HolidaySource = FixedHolidays(ENGLAND_AND_WALES)
    assert WorkingCalendar(source).holiday_source is source


@pytest.fixture
def ew() -> WorkingCalendar:
    return WorkingCalendar(FixedHolidays(ENGLAND_AND_WALES))


# --- is_working_day and non_working_reason -------------------------------------------------


def test_weekdays_are_working_days_and_weekends_are_not(ew: WorkingCalendar) -> None:
    monday = date(2026, 6, 1)
    days = [monday + timedelta(days=i) for i in range(7)]
    assert [ew.is_working_day(d) for d in days] == [True] * 5 + [False] * 2
    assert ew.non_working_reason(days[0]) is None
    assert ew.non_working_reason(days[5]) == "Saturday"
    assert ew.non_working_reason(days[6]) == "Sunday"


def test_bank_holidays_are_not_working_days_and_are_named(ew: WorkingCalendar) -> None:
    assert not ew.is_working_day(date(2026, 12, 25))
    assert ew.non_working_reason(date(2026, 12, 25)) == "Christmas Day"
    assert ew.non_working_reason(date(2026, 12, 28)) == "Boxing Day (substitute day)"
    # A holiday on a weekend is named after the holiday, not the weekday.
    assert ew.non_working_reason(date(2026, 12, 26)) == "Boxing Day"
    assert ew.is_working_day(date(2026, 12, 24))


def test_closure_days_are_not_working_days() -> None:
    cal = WorkingCalendar(FixedHolidays(ENGLAND_AND_WALES), closures=[date(2026, 12, 24)])
    assert not cal.is_working_day(date(2026, 12, 24))
    assert cal.non_working_reason(date(2026, 12, 24)) == LOCAL_CLOSURE_DAY == "local closure day"
    assert cal.closures == frozenset({date(2026, 12, 24)})


def test_without_a_source_only_weekends_and_closures_are_off() -> None:
    cal = WorkingCalendar()
    assert cal.is_working_day(date(2026, 12, 25))
    assert cal.non_working_reason(date(2026, 12, 25)) is None
    assert cal.add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 1)


def test_with_closures_keeps_the_source_and_leaves_the_original_alone(ew: WorkingCalendar) -> None:
    closed = ew.with_closures([date(2026, 12, 24)])
    assert closed.holiday_source is ew.holiday_source
    assert ew.is_working_day(date(2026, 12, 24))
    assert not closed.is_working_day(date(2026, 12, 24))


def test_a_datetime_is_read_as_its_date(ew: WorkingCalendar) -> None:
    assert not ew.is_working_day(datetime(2026, 12, 25, 9, 30))
    assert ew.non_working_reason(datetime(2026, 12, 25, 9, 30)) == "Christmas Day"


# --- add_working_days: real England and Wales dates, checked by hand --------------------------


def test_ten_working_days_over_christmas_2026(ew: WorkingCalendar) -> None:
    # From Fri 18 Dec 2026: Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4); Fri 25 Christmas,
    # Sat 26 Boxing Day, Sun 27, Mon 28 Boxing Day substitute; Tue 29 (5), Wed 30 (6),
    # Thu 31 (7); Fri 1 Jan New Year; Mon 4 (8), Tue 5 (9), Wed 6 Jan 2027 (10).
    assert ew.add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 6)
    assert ew.working_days_between(date(2026, 12, 18), date(2027, 1, 6)) == 10


def test_a_closure_on_christmas_eve_shifts_the_result_by_one_day() -> None:
    cal = WorkingCalendar(FixedHolidays(ENGLAND_AND_WALES), closures=[date(2026, 12, 24)])
    assert cal.add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 7)


def test_easter_2027(ew: WorkingCalendar) -> None:
    # Good Friday 26 Mar, Easter Monday 29 Mar 2027.
    assert ew.add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)
    # Mon 22: Tue 23 (1), Wed 24 (2), Thu 25 (3), Tue 30 (4), Wed 31 (5).
    assert ew.add_working_days(date(2027, 3, 22), 5) == date(2027, 3, 31)
    assert ew.add_working_days(date(2027, 3, 30), -1) == date(2027, 3, 25)
    assert ew.working_days_between(date(2027, 3, 25), date(2027, 3, 30)) == 1


def test_notice_before_a_tuesday_meeting_after_a_bank_holiday_monday(ew: WorkingCalendar) -> None:
    # Meeting Tue 26 May 2026; Mon 25 May is the spring bank holiday: Fri 22 (1), Thu 21 (2).
    assert ew.add_working_days(date(2026, 5, 26), -2) == date(2026, 5, 21)
    # Tue 7 Apr 2026 follows Easter: Mon 6 and Fri 3 are off, so Thu 2 (1), Wed 1 Apr (2).
    assert ew.add_working_days(date(2026, 4, 7), -2) == date(2026, 4, 1)


def test_counting_starts_the_day_after_a_non_working_day(ew: WorkingCalendar) -> None:
    saturday = date(2026, 6, 6)
    assert ew.add_working_days(saturday, 1) == date(2026, 6, 8)
    assert ew.add_working_days(saturday, -1) == date(2026, 6, 5)
    assert ew.add_working_days(date(2026, 12, 25), -1) == date(2026, 12, 24)
    assert ew.add_working_days(date(2026, 12, 25), 1) == date(2026, 12, 29)


def test_zero_working_days_is_the_day_itself(ew: WorkingCalendar) -> None:
    assert ew.add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 25)
    assert ew.working_days_between(date(2026, 12, 25), date(2026, 12, 25)) == 0


def test_working_days_in_2026(ew: WorkingCalendar) -> None:
    # 261 weekdays in 2026, less 8 bank holidays on weekdays (Boxing Day is a Saturday).
    assert ew.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 253
    assert ew.working_days_between(date(2026, 12, 31), date(2025, 12, 31)) == -253


def test_between_counts_the_end_and_leaves_the_start_out(ew: WorkingCalendar) -> None:
    friday, saturday, monday = date(2026, 6, 5), date(2026, 6, 6), date(2026, 6, 8)
    assert ew.working_days_between(friday, saturday) == 0
    assert ew.working_days_between(saturday, monday) == 1
    assert ew.working_days_between(friday, monday) == 1
    assert ew.working_days_between(monday, friday) == -1
    assert ew.working_days_between(saturday, friday) == -1  # travelling back onto Friday


def test_holidays_are_fetched_once_per_year() -> None:
    source = FixedHolidays(ENGLAND_AND_WALES)
    cal = WorkingCalendar(source)
    for _ in range(50):
        cal.add_working_days(date(2026, 12, 18), 10)
        cal.working_days_between(date(2026, 1, 1), date(2027, 12, 31))
        cal.is_working_day(date(2026, 5, 25))
    assert sorted(source.asked) == [2026, 2027]


def test_a_source_straying_outside_the_year_is_kept_to_the_year() -> None:
    class Sloppy:
        def holidays_in(self, year: int) -> Mapping[date, str]:
            return dict(ENGLAND_AND_WALES)  # every year's dates, whatever the year

    cal = WorkingCalendar(Sloppy())
    assert cal.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 253
    assert cal.working_days_between(date(2025, 12, 31), date(2027, 12, 31)) == 253 + 253


def test_dates_off_the_end_of_the_calendar_overflow() -> None:
    cal = WorkingCalendar()
    with pytest.raises(OverflowError):
        cal.add_working_days(date(9999, 12, 30), 5)
    with pytest.raises(OverflowError):
        cal.add_working_days(date(1, 1, 2), -5)


# --- properties -------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
STEPS = st.integers(min_value=-300, max_value=300)
CLOSURES = st.frozensets(DAYS, max_size=30)


def _calendar(closures: frozenset[date]) -> WorkingCalendar:
    return WorkingCalendar(ScatteredHolidays(), closures)


def _walk(cal: WorkingCalendar, d: date, n: int) -> date:
    """The obvious, slow reference: step a day at a time, counting working days."""
    step = timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    while left:
        d += step
        left -= cal.is_working_day(d)
    return d


@settings(deadline=None)
@given(DAYS, STEPS, CLOSURES)
def test_counting_what_was_added_gives_back_n(d: date, n: int, closures: frozenset[date]) -> None:
    cal = _calendar(closures)
    assert cal.working_days_between(d, cal.add_working_days(d, n)) == n


@settings(deadline=None)
@given(DAYS, STEPS, CLOSURES)
def test_adding_lands_on_a_working_day(d: date, n: int, closures: frozenset[date]) -> None:
    cal = _calendar(closures)
    result = cal.add_working_days(d, n)
    if n != 0:
        assert result.weekday() < 5
        assert result not in closures
        assert ScatteredHolidays().holidays_in(result.year).get(result) is None
        assert cal.is_working_day(result)
        assert cal.non_working_reason(result) is None


@settings(deadline=None)
@given(DAYS, STEPS, CLOSURES)
def test_adding_matches_a_day_by_day_walk(d: date, n: int, closures: frozenset[date]) -> None:
    cal = _calendar(closures)
    assert cal.add_working_days(d, n) == _walk(cal, d, n)


@settings(deadline=None)
@given(DAYS, DAYS, CLOSURES)
def test_between_matches_a_day_by_day_count(a: date, b: date, closures: frozenset[date]) -> None:
    cal = _calendar(closures)
    if b >= a:
        expected = sum(cal.is_working_day(a + timedelta(days=i + 1)) for i in range((b - a).days))
    else:
        expected = -sum(cal.is_working_day(b + timedelta(days=i)) for i in range((a - b).days))
    assert cal.working_days_between(a, b) == expected


@settings(deadline=None)
@given(DAYS, STEPS, STEPS, CLOSURES)
def test_adding_is_monotonic_in_n(d: date, n: int, m: int, closures: frozenset[date]) -> None:
    cal = _calendar(closures)
    low, high = sorted((n, m))
    assert cal.add_working_days(d, low) <= cal.add_working_days(d, high)
    if low < high and low != 0:
        assert cal.add_working_days(d, low) < cal.add_working_days(d, high)


@settings(deadline=None)
@given(DAYS, DAYS, STEPS, CLOSURES)
def test_adding_is_monotonic_in_the_start(
    a: date, b: date, n: int, closures: frozenset[date]
) -> None:
    cal = _calendar(closures)
    early, late = sorted((a, b))
    assert cal.add_working_days(early, n) <= cal.add_working_days(late, n)
    assert cal.working_days_between(early, late) >= 0


@settings(deadline=None)
@given(DAYS, STEPS, CLOSURES)
def test_there_and_back_from_a_working_day(d: date, n: int, closures: frozenset[date]) -> None:
    cal = _calendar(closures)
    if cal.is_working_day(d):
        assert cal.add_working_days(cal.add_working_days(d, n), -n) == d


@settings(deadline=None)
@given(DAYS, DAYS, DAYS)
def test_counts_add_up_along_the_way(a: date, b: date, c: date) -> None:
    cal = _calendar(frozenset())
    a, b, c = sorted((a, b, c))
    assert cal.working_days_between(a, c) == (
        cal.working_days_between(a, b) + cal.working_days_between(b, c)
    )


# --- speed ------------------------------------------------------------------------------------


@pytest.mark.benchmark
def test_a_hundred_thousand_additions_take_well_under_a_second(ew: WorkingCalendar) -> None:
    start = date(2026, 12, 18)
    ew.add_working_days(start, 10)  # load the years first
    began = time.perf_counter()
    for _ in range(100_000):
        ew.add_working_days(start, 10)
    assert time.perf_counter() - began < 1.0
