"""A child's age in whole years: all the first window needs of the domain's date arithmetic."""

from __future__ import annotations

from datetime import date, datetime

__all__ = ["age_on", "just_date"]


def just_date(day: date) -> date:
    """The calendar date of a date or datetime (a datetime never equals a date)."""
    return day.date() if isinstance(day, datetime) else day


def age_on(dob: date, day: date) -> int:
    """The age in whole years on ``day`` of a child born on ``dob``.

    The age goes up on the birthday itself. A 29 February birthday goes up on 1 March in a
    common year (see ``app.domain.clocks.LEAP_DAY_BIRTHDAY_READING``). Raises ValueError if
    ``day`` is before ``dob``.
    """
    dob, day = just_date(dob), just_date(day)
    if day < dob:
        raise ValueError(f"{day.isoformat()} is before the date of birth {dob.isoformat()}")
    # (2, 28) < (2, 29) keeps a leap-day child a year younger until 1 March in a common year.
    not_yet = (day.month, day.day) < (dob.month, dob.day)
    return day.year - dob.year - int(not_yet)
