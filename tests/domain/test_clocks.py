"""Ages, due moments and descriptions of timescales."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.calendar import WorkingCalendar
from app.domain.clocks import (
    LEAP_DAY_BIRTHDAY_READING,
    Unit,
    age_on,
    date_of_age,
    describe,
    due,
    duration,
)
from tests.domain.test_calendar import ENGLAND_AND_WALES, FixedHolidays


@pytest.fixture
def ew() -> WorkingCalendar:
    return WorkingCalendar(FixedHolidays(ENGLAND_AND_WALES))


# --- age_on -----------------------------------------------------------------------------------


def test_age_goes_up_on_the_birthday_itself() -> None:
    dob = date(2010, 8, 31)
    assert age_on(dob, date(2026, 8, 30)) == 15
    assert age_on(dob, date(2026, 8, 31)) == 16
    assert age_on(dob, date(2026, 9, 1)) == 16


def test_age_on_the_day_of_birth_is_zero() -> None:
    assert age_on(date(2026, 3, 1), date(2026, 3, 1)) == 0
    assert age_on(date(2026, 3, 1), date(2027, 2, 28)) == 0


def test_a_leap_day_child_turns_on_1_march_in_a_common_year() -> None:
    dob = date(2008, 2, 29)
    assert age_on(dob, date(2026, 2, 28)) == 17
    assert age_on(dob, date(2026, 3, 1)) == 18
    assert age_on(dob, date(2028, 2, 28)) == 19
    assert age_on(dob, date(2028, 2, 29)) == 20


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="before the date of birth"):
        age_on(date(2026, 3, 1), date(2026, 2, 28))


def test_age_on_takes_a_datetime_as_its_date() -> None:
    assert age_on(date(2008, 5, 1), datetime(2026, 5, 1, 0, 0)) == 18


# --- date_of_age ------------------------------------------------------------------------------


def test_fifteen_and_a_half_from_31_august_clamps_to_the_end_of_february() -> None:
    assert date_of_age(date(2010, 8, 31), 15.5) == date(2026, 2, 28)
    assert date_of_age(date(2008, 8, 31), 15.5) == date(2024, 2, 29)
    assert date_of_age(date(2008, 8, 31), Fraction(31, 2)) == date(2024, 2, 29)


def test_eighteen_from_a_leap_day_birthday_is_1_march_in_a_common_year() -> None:
    assert date_of_age(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert date_of_age(date(2008, 2, 29), 20) == date(2028, 2, 29)
    assert date_of_age(date(2008, 2, 29), 15.5) == date(2023, 8, 29)
    assert "1 March" in LEAP_DAY_BIRTHDAY_READING
    assert "Family Law Reform Act 1969" in LEAP_DAY_BIRTHDAY_READING
    assert "1 March" in (date_of_age.__doc__ or "")


def test_ages_in_twelfths_are_months() -> None:
    dob = date(2010, 1, 31)
    assert date_of_age(dob, Fraction(1, 12)) == date(2010, 2, 28)
    assert date_of_age(dob, 16 + 1 / 12) == date(2026, 2, 28)
    assert date_of_age(dob, Fraction(49, 3)) == date(2026, 5, 31)
    assert date_of_age(dob, 0) == dob


@pytest.mark.parametrize("years", [15.3, Fraction(1, 7), -1, float("nan"), float("inf")])
def test_ages_that_are_not_whole_months_are_refused(years: float | Fraction) -> None:
    with pytest.raises(ValueError):
        date_of_age(date(2010, 1, 1), years)


DOBS = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@settings(deadline=None)
@given(DOBS, st.integers(min_value=1, max_value=30))
def test_a_child_is_that_age_on_the_date_of_age_and_not_the_day_before(dob: date, y: int) -> None:
    reached = date_of_age(dob, y)
    assert age_on(dob, reached) == y
    assert age_on(dob, reached - timedelta(days=1)) == y - 1


@settings(deadline=None)
@given(DOBS, st.integers(min_value=0, max_value=30))
def test_half_years_fall_six_months_after_the_birthday(dob: date, y: int) -> None:
    assume((dob.month, dob.day) != (2, 29))
    half = date_of_age(dob, y + 0.5)
    assert date_of_age(dob, y) < half < date_of_age(dob, y + 1)
    assert age_on(dob, half) == y


# --- due --------------------------------------------------------------------------------------


def test_ten_working_days_keeps_the_time_of_day(ew: WorkingCalendar) -> None:
    anchor = datetime(2026, 12, 18, 14, 30)
    assert due(anchor, 10, Unit.WORKING_DAYS, ew) == datetime(2027, 1, 6, 14, 30)


def test_a_closure_day_moves_a_working_day_deadline() -> None:
    cal = WorkingCalendar(FixedHolidays(ENGLAND_AND_WALES), closures=[date(2026, 12, 24)])
    assert due(datetime(2026, 12, 18, 9), 10, Unit.WORKING_DAYS, cal) == datetime(2027, 1, 7, 9)


def test_two_working_days_notice_before_a_tuesday_after_a_bank_holiday(
    ew: WorkingCalendar,
) -> None:
    meeting = datetime(2026, 5, 26, 10, 0)  # Mon 25 May 2026 is the spring bank holiday
    assert due(meeting, 2, Unit.WORKING_DAYS, ew, before=True) == datetime(2026, 5, 21, 10, 0)


def test_48_hours_after_friday_morning_is_sunday_morning(ew: WorkingCalendar) -> None:
    friday = datetime(2026, 6, 5, 10, 0)
    assert due(friday, 48, Unit.HOURS, ew) == datetime(2026, 6, 7, 10, 0)
    assert due(friday, 24, Unit.HOURS, ew, before=True) == datetime(2026, 6, 4, 10, 0)


def test_hours_across_the_clocks_going_forward_are_elapsed_hours(ew: WorkingCalendar) -> None:
    try:
        london = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        pytest.skip("no time zone data on this machine")
    # British Summer Time began at 01:00 GMT on Sunday 29 March 2026.
    anchor = datetime(2026, 3, 28, 12, 0, tzinfo=london)
    result = due(anchor, 24, Unit.HOURS, ew)
    assert result == datetime(2026, 3, 29, 13, 0, tzinfo=london)
    # Python subtracts same-zone datetimes on the wall clock, so compare in UTC.
    assert result.astimezone(UTC) - anchor.astimezone(UTC) == timedelta(hours=24)
    # Calendar days stay on the wall clock.
    assert due(anchor, 1, Unit.CALENDAR_DAYS, ew) == datetime(2026, 3, 29, 12, 0, tzinfo=london)


def test_calendar_days_weeks_and_months(ew: WorkingCalendar) -> None:
    anchor = datetime(2026, 1, 31, 9, 15)
    assert due(anchor, 10, Unit.CALENDAR_DAYS, ew) == datetime(2026, 2, 10, 9, 15)
    assert due(anchor, 2, Unit.WEEKS, ew) == datetime(2026, 2, 14, 9, 15)
    assert due(anchor, 1, Unit.MONTHS, ew) == datetime(2026, 2, 28, 9, 15)
    assert due(anchor, 3, Unit.MONTHS, ew, before=True) == datetime(2025, 10, 31, 9, 15)
    assert due(anchor, 7, Unit.CALENDAR_DAYS, ew, before=True) == datetime(2026, 1, 24, 9, 15)


def test_years_follow_the_age_rules(ew: WorkingCalendar) -> None:
    assert due(datetime(2010, 8, 31), 15.5, Unit.YEARS, ew) == datetime(2026, 2, 28)
    assert due(datetime(2008, 8, 31), 15.5, Unit.YEARS, ew) == datetime(2024, 2, 29)
    assert due(datetime(2008, 2, 29), 18, Unit.YEARS, ew) == datetime(2026, 3, 1)
    assert due(datetime(2008, 2, 29, 8), 18, Unit.YEARS, ew) == datetime(2026, 3, 1, 8)
    assert due(datetime(2028, 2, 29), 1, Unit.YEARS, ew, before=True) == datetime(2027, 2, 28)
    assert due(datetime(2026, 3, 1), 0.5, Unit.YEARS, ew, before=True) == datetime(2025, 9, 1)


def test_zero_is_the_anchor(ew: WorkingCalendar) -> None:
    anchor = datetime(2026, 12, 25, 9)
    for unit in Unit:
        assert due(anchor, 0, unit, ew) == anchor


def test_a_unit_may_be_given_as_its_text(ew: WorkingCalendar) -> None:
    anchor = datetime(2026, 12, 18, 9)
    assert due(anchor, 10, "working_days", ew) == datetime(2027, 1, 6, 9)  # type: ignore[arg-type]
    assert Unit("years") is Unit.YEARS


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [
        (1.5, Unit.WORKING_DAYS, "working_days must be a whole number"),
        (Fraction(1, 2), Unit.HOURS, "hours must be a whole number"),
        (2.5, Unit.MONTHS, "months must be a whole number"),
        (15.1, Unit.YEARS, "whole number of months"),
        (-3, Unit.CALENDAR_DAYS, "cannot be negative"),
        (float("nan"), Unit.WEEKS, "finite"),
    ],
)
def test_amounts_that_do_not_suit_the_unit_are_refused(
    ew: WorkingCalendar, amount: float | Fraction, unit: Unit, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        due(datetime(2026, 1, 5, 9), amount, unit, ew)
    with pytest.raises(ValueError, match=message):
        describe(amount, unit)


def test_a_whole_float_is_a_whole_number(ew: WorkingCalendar) -> None:
    anchor = datetime(2026, 12, 18, 9)
    assert due(anchor, 10.0, Unit.WORKING_DAYS, ew) == datetime(2027, 1, 6, 9)


def test_a_bool_is_not_an_amount(ew: WorkingCalendar) -> None:
    with pytest.raises(TypeError):
        due(datetime(2026, 1, 5), True, Unit.HOURS, ew)


@settings(deadline=None)
@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)),
    st.integers(min_value=0, max_value=300),
    st.booleans(),
)
def test_working_day_deadlines_agree_with_the_calendar(
    anchor: datetime, n: int, before: bool
) -> None:
    cal = WorkingCalendar(FixedHolidays(ENGLAND_AND_WALES))
    result = due(anchor, n, Unit.WORKING_DAYS, cal, before=before)
    assert result.time() == anchor.time()
    signed = -n if before else n
    assert cal.working_days_between(anchor.date(), result.date()) == signed


# --- describe ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit", "before", "text"),
    [
        (10, Unit.WORKING_DAYS, False, "10 working days after"),
        (1, Unit.WORKING_DAYS, False, "1 working day after"),
        (2, Unit.WORKING_DAYS, True, "2 working days before"),
        (15.5, Unit.YEARS, False, "15½ years after"),
        (0.5, Unit.YEARS, True, "½ year before"),
        (18, Unit.YEARS, False, "18 years after"),
        (48, Unit.HOURS, False, "48 hours after"),
        (1, Unit.HOURS, True, "1 hour before"),
        (7, Unit.CALENDAR_DAYS, False, "7 calendar days after"),
        (3, Unit.WEEKS, False, "3 weeks after"),
        (1, Unit.MONTHS, False, "1 month after"),
        (0, Unit.MONTHS, False, "the same day as"),
        (0, Unit.CALENDAR_DAYS, False, "the same day as"),
        (0, Unit.HOURS, False, "at the time of"),
    ],
)
def test_describe(amount: float, unit: Unit, before: bool, text: str) -> None:
    assert describe(amount, unit, before) == text


@pytest.mark.parametrize(
    ("amount", "unit", "text"),
    [
        (10, Unit.WORKING_DAYS, "10 working days"),
        (1, Unit.HOURS, "1 hour"),
        (0.5, Unit.YEARS, "½ year"),
        (15.5, Unit.YEARS, "15½ years"),
        (0, Unit.CALENDAR_DAYS, "no time"),
    ],
)
def test_duration_is_the_length_alone(amount: float, unit: Unit, text: str) -> None:
    """What a gap list prints beside the clock's name: no "after", no anchor."""
    assert duration(amount, unit) == text


def test_an_age_in_whole_months_is_accepted() -> None:
    # The 2021 policy's four-month rule: 17 years 8 months, four months before 18.
    born = datetime(2009, 3, 15, 9, 0)
    assert due(born, Fraction(17 * 12 + 8, 12), Unit.YEARS, WorkingCalendar()).date() == date(
        2026, 11, 15
    )
