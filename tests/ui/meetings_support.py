"""What the meeting screen tests share beyond ``conftest.py`` and ``support.py``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.meetings.meetings_view import MeetingsView


def working_day_after(today: date, days: int) -> date:
    """A Monday-to-Friday day at least ``days`` after ``today`` (the meeting's first sitting)."""
    day = today + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def prepare_first(window: MainWindow, today: date) -> tuple[MeetingsView, int]:
    """Open the Meetings view and prepare the first sitting on a typed day (a week ahead)."""
    view = window.meetings.open_meetings()
    assert view is not None
    view.day.setText(f"{working_day_after(today, 7):%d/%m/%Y}")
    meeting_id = view.prepare_typed()
    assert meeting_id is not None, view.message.text()
    return view, meeting_id
