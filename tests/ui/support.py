"""Helpers every desktop test may use: a shown main window, a private copy of a caseload file,
and letting queued events run. The fixtures built on them are in ``conftest.py``."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.services.workspace import Workspace
from ui.main_window import MainWindow


def shown_window(  # type: ignore[no-untyped-def]
    qtbot,
    settings: QSettings,
    today: date,
    ws: Workspace | None = None,
    *,
    size: tuple[int, int] | None = None,
) -> MainWindow:
    """A main window on ``today``, shown, on the demo caseload ``ws`` if one is given."""
    window = MainWindow(settings, today)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    if ws is not None:
        window.show_workspace(ws, demo=True)
    window.show()
    qtbot.waitExposed(window)
    return window


def plain_copy(plain: Path, target: Path) -> Path:
    """A consistent copy of the plain caseload ``plain`` (write-ahead log included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(plain)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return target


def settle() -> None:
    """Let queued events (focus, repaints) run."""
    QApplication.processEvents()
