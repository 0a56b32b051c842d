"""England and Wales bank holidays from the `holidays` library, and the default calendar."""

from __future__ import annotations

from datetime import date, datetime

import holidays
import pytest

from app.domain.calendar import HolidaySource
from app.domain.clocks import Unit, due
from app.reference.bank_holidays import EnglandAndWalesBankHolidays, default_calendar


def test_it_is_a_holiday_source() -> None:
    source: HolidaySource = EnglandAndWalesBankHolidays()
    assert default_calendar().holiday_source is not None
    assert source.holidays_in(2026)


def test_2026_bank_holidays() -> None:
    got = EnglandAndWalesBankHolidays().holidays_in(2026)
    assert sorted(got) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 28),
    ]
    assert got[date(2026, 12, 25)] == "Christmas Day"
    assert "Boxing Day" in got[date(2026, 12, 28)]


def test_easter_2027() -> None:
    got = EnglandAndWalesBankHolidays().holidays_in(2027)
    assert got[date(2027, 3, 26)] == "Good Friday"
    assert got[date(2027, 3, 29)] == "Easter Monday"


@pytest.mark.parametrize(
    "day",
    [
        date(2020, 5, 8),  # early May bank holiday moved for VE Day 75
        date(2022, 6, 3),  # Platinum Jubilee
        date(2022, 9, 19),  # State Funeral of Queen Elizabeth II
        date(2023, 5, 8),  # Coronation of King Charles III
    ],
)
def test_one_off_and_moved_holidays_are_included(day: date) -> None:
    assert day in EnglandAndWalesBankHolidays().holidays_in(day.year)
    assert not default_calendar().is_working_day(day)


def test_scottish_holidays_are_not_included() -> None:
    assert date(2026, 1, 2) not in EnglandAndWalesBankHolidays().holidays_in(2026)
    assert default_calendar().is_working_day(date(2026, 1, 2))


def test_wales_has_the_same_bank_holidays_as_england() -> None:
    years = range(2000, 2041)
    wales = holidays.country_holidays("GB", subdiv="WLS", years=years)
    ours = {d for y in years for d in EnglandAndWalesBankHolidays().holidays_in(y)}
    assert ours == set(wales)


def test_each_year_is_cached_and_read_only() -> None:
    source = EnglandAndWalesBankHolidays()
    first = source.holidays_in(2026)
    assert source.holidays_in(2026) is first
    assert EnglandAndWalesBankHolidays().holidays_in(2026) is first
    with pytest.raises(TypeError):
        first[date(2026, 7, 1)] = "Not a holiday"  # type: ignore[index]


def test_default_calendar_over_christmas_2026() -> None:
    cal = default_calendar()
    assert cal.add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 6)
    assert cal.non_working_reason(date(2026, 12, 25)) == "Christmas Day"
    assert cal.non_working_reason(date(2026, 12, 27)) == "Sunday"


def test_default_calendar_with_a_closure_day() -> None:
    cal = default_calendar(closures=[date(2026, 12, 24)])
    assert cal.add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 7)
    assert cal.non_working_reason(date(2026, 12, 24)) == "local closure day"


def test_due_with_the_real_calendar() -> None:
    cal = default_calendar()
    meeting = datetime(2026, 5, 26, 10, 0)
    assert due(meeting, 2, Unit.WORKING_DAYS, cal, before=True) == datetime(2026, 5, 21, 10, 0)
    assert due(datetime(2027, 3, 25, 16), 1, Unit.WORKING_DAYS, cal) == datetime(2027, 3, 30, 16)


def test_working_days_in_a_year() -> None:
    cal = default_calendar()
    assert cal.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 253
    # 2022 had two extra one-off bank holidays on weekdays (3 June, 19 September).
    assert cal.working_days_between(date(2021, 12, 31), date(2022, 12, 31)) == 250
