"""Ages and the due moments of timescales: pure functions on dates and datetimes.

Amounts are whole numbers, except years (an age or an anniversary), which may be a whole or
half number: 15.5 means 15 years 6 months.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from app.domain.ages import age_on, just_date
from app.domain.calendar import WorkingCalendar

__all__ = [
    "LEAP_DAY_BIRTHDAY_READING",
    "Unit",
    "age_on",
    "date_of_age",
    "describe",
    "due",
]

#: How Transfer Desk reads the birthday of a child born on 29 February in a common year.
LEAP_DAY_BIRTHDAY_READING = (
    "A child born on 29 February reaches each whole-year age on 1 March in a common year "
    "(and on 29 February in a leap year). The Family Law Reform Act 1969 s.9 says an age is "
    "attained at the commencement of the relevant anniversary of the date of birth; in a "
    "common year that anniversary is read as 1 March, the day after 28 February, as is "
    "practice in England and Wales. Half-year ages are month arithmetic and clamp to the end "
    "of a short month instead (15½ from 31 August is 28 or 29 February)."
)


class Unit(StrEnum):
    """The units a timescale's amount is counted in (a str enum: Unit("weeks") works)."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"
    HOURS = "hours"
    YEARS = "years"  # an age or an anniversary; the amount may be a half (15.5)


_NOUNS: dict[Unit, tuple[str, str]] = {
    Unit.WORKING_DAYS: ("working day", "working days"),
    Unit.CALENDAR_DAYS: ("calendar day", "calendar days"),
    Unit.WEEKS: ("week", "weeks"),
    Unit.MONTHS: ("month", "months"),
    Unit.HOURS: ("hour", "hours"),
    Unit.YEARS: ("year", "years"),
}

# Float amounts such as 15 + 1/12 are not exact in binary; this much slack absorbs that.
_TWELFTHS_SLACK = Fraction(1, 10**6)


def date_of_age(dob: date, years: float | Fraction) -> date:
    """The date a child born on ``dob`` reaches the age of ``years``.

    Whole years are anniversaries of the date of birth; a 29 February birthday falls on 1 March
    in a common year (the Family Law Reform Act 1969 s.9 reading, England and Wales practice;
    see ``LEAP_DAY_BIRTHDAY_READING``). Other ages are counted in months with
    ``relativedelta``, which clamps to the end of a short month: 15.5 from 31 August 2010 is
    28 February 2026, and from 31 August 2008 it is 29 February 2024. ``years`` must be a
    multiple of 1/12 and not negative, else ValueError.
    """
    dob = just_date(dob)
    months = _whole_months(years)
    if months % 12 == 0:
        return _anniversary(dob, months // 12)
    return dob + relativedelta(months=months)


def due(
    anchor: datetime,
    amount: float | Fraction,
    unit: Unit,
    calendar: WorkingCalendar,
    before: bool = False,
) -> datetime:
    """The moment ``amount`` ``unit`` after ``anchor`` (before it when ``before`` is true).

    - working_days: ``calendar.add_working_days`` on the anchor's date; the time of day is kept.
    - calendar_days, weeks, months: ``relativedelta`` on the wall clock; months clamp to the end
      of a short month (31 January + 1 month is 28 or 29 February).
    - years: ``date_of_age`` from the anchor's date, 29 February read as 1 March in a common
      year; backwards it is plain ``relativedelta`` (1 year before 29 February 2028 is
      28 February 2027). The time of day is kept.
    - hours: hours on the clock, 24 a day. An aware anchor counts elapsed time, so 24 hours
      across a change to or from British Summer Time is 24 real hours. A pack that means
      working hours says so in its reading.

    Amounts must be whole numbers, or whole or half for years, and not negative: ValueError.
    """
    unit = Unit(unit)
    count = _checked_amount(amount, unit)
    sign = -1 if before else 1
    if unit is Unit.WORKING_DAYS:
        return _on_day(anchor, calendar.add_working_days(anchor.date(), sign * int(count)))
    if unit is Unit.HOURS:
        return _add_elapsed(anchor, timedelta(hours=sign * int(count)))
    if unit is Unit.YEARS:
        if before:
            return _on_day(anchor, anchor.date() - relativedelta(months=int(count * 12)))
        return _on_day(anchor, date_of_age(anchor.date(), count))
    step = {
        Unit.CALENDAR_DAYS: relativedelta(days=int(count)),
        Unit.WEEKS: relativedelta(weeks=int(count)),
        Unit.MONTHS: relativedelta(months=int(count)),
    }[unit]
    return anchor - step if before else anchor + step


def duration(amount: float | Fraction, unit: Unit) -> str:
    """A length of time in words: "10 working days", "½ year", "1 hour"; "no time" for zero."""
    unit = Unit(unit)
    count = _checked_amount(amount, unit)
    if count == 0:
        return "no time"
    whole = int(count)
    number = (str(whole) if whole else "") + ("½" if count != whole else "")
    singular, plural = _NOUNS[unit]
    return f"{number} {singular if count in (1, Fraction(1, 2)) else plural}"


def describe(amount: float | Fraction, unit: Unit, before: bool = False) -> str:
    """A timescale in words: "10 working days after", "15½ years after", "1 hour before".

    A zero timescale ("by the second review", "once the hearing date is known") reads "the same
    day as", never "0 calendar days after".
    """
    unit = Unit(unit)
    if _checked_amount(amount, unit) == 0:
        return "at the time of" if unit is Unit.HOURS else "the same day as"
    return f"{duration(amount, unit)} {'before' if before else 'after'}"


def _as_fraction(amount: float | Fraction) -> Fraction:
    """An exact, finite, non-negative amount, or ValueError/TypeError saying what is wrong."""
    if isinstance(amount, bool) or not isinstance(amount, int | float | Fraction):
        raise TypeError(f"an amount must be a number, not {type(amount).__name__}")
    if isinstance(amount, float) and not math.isfinite(amount):
        raise ValueError(f"an amount must be a finite number, not {amount}")
    exact = Fraction(amount)
    if exact < 0:
        raise ValueError(f"an amount cannot be negative ({amount}); use before=True instead")
    return exact


def _whole_months(years: float | Fraction) -> int:
    """``years`` as a whole number of months, or ValueError."""
    months = _as_fraction(years) * 12
    nearest = round(months)
    if abs(months - nearest) > _TWELFTHS_SLACK:
        raise ValueError(f"an age must be a whole number of months, not {years} years")
    return nearest


def _checked_amount(amount: float | Fraction, unit: Unit) -> Fraction:
    """The amount if it suits the unit: whole, or whole months for years; else ValueError."""
    count = _as_fraction(amount)
    if unit is Unit.YEARS:
        _whole_months(count)  # 15.5 or 17 + 8/12 (the four-month rule before 18)
    elif count.denominator != 1:
        raise ValueError(f"{unit.value} must be a whole number, not {amount}")
    return count


def _anniversary(dob: date, years: int) -> date:
    """The ``years``-th anniversary of ``dob``; 29 February becomes 1 March in a common year."""
    result: date = dob + relativedelta(years=years)
    if (dob.month, dob.day) == (2, 29) and result.day == 28:
        result += timedelta(days=1)
    return result


def _on_day(anchor: datetime, day: date) -> datetime:
    """The anchor's time of day (and time zone) on another date."""
    return anchor.replace(year=day.year, month=day.month, day=day.day)


def _add_elapsed(anchor: datetime, delta: timedelta) -> datetime:
    """Add real elapsed time; Python's aware arithmetic alone would add wall-clock time."""
    if anchor.tzinfo is None or anchor.utcoffset() is None:
        return anchor + delta
    return (anchor.astimezone(UTC) + delta).astimezone(anchor.tzinfo)
