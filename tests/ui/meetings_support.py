"""Shared set-up of the meeting screen tests: a demo caseload of their own (they change it)."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.services.loading import make_demo
from ui.main_window import MainWindow

CASES = 60


def demo_copy(cache: Path, target: Path, pack: str, today: date) -> Path:
    """A fresh copy of the ``pack`` demo (made once in ``cache``) at ``target``."""
    made = cache / f"{pack}.sqlite3"
    if not made.exists():
        make_demo(made, pack, CASES, today)
    for suffix in ("", "-wal", "-shm"):  # the demo's last writes may still be in its log
        if Path(f"{made}{suffix}").exists():
            shutil.copy(f"{made}{suffix}", f"{target}{suffix}")
    return target


def working_day_after(today: date, days: int) -> date:
    """A Monday-to-Friday day at least ``days`` after ``today`` (the meeting's first sitting)."""
    day = today + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def shown_window(qtbot, settings: QSettings, today: date) -> MainWindow:  # type: ignore[no-untyped-def]
    """A main window, shown (the caseload is opened by the test)."""
    window = MainWindow(settings, today)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def settle() -> None:
    """Let queued events (focus, repaints) run."""
    QApplication.processEvents()
