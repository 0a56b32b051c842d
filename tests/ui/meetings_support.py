"""What the meeting screen tests share beyond ``conftest.py`` and ``support.py``."""

from __future__ import annotations

from datetime import date, timedelta


def working_day_after(today: date, days: int) -> date:
    """A Monday-to-Friday day at least ``days`` after ``today`` (the meeting's first sitting)."""
    day = today + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
