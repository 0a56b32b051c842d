"""The daily backup at start-up, made off the UI thread; the status bar says how it went.

A failed backup never stops the user working: it is a status-bar message naming the problem
(the caseload itself is untouched: backups only read it).
"""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import QObject, Signal

from app.services.protection import daily_backup
from app.services.register import ENVIRONMENT_ERRORS
from app.services.workspace import Workspace
from ui.background import pause_collection, resume_collection


class DailyBackup(QObject):
    """Starts :func:`~app.services.protection.daily_backup` in a thread; reports by signal."""

    #: What to tell the user ("" when today's backup already existed).
    finished = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker: threading.Thread | None = None

    def start(self, ws: Workspace, today: date) -> None:
        """Back ``ws`` up unless that was done ``today``, in the background."""
        if self.worker is not None and self.worker.is_alive():
            return  # one at a time: the running one covers today
        self.worker = threading.Thread(
            target=self._run, args=(ws, today), name="transfer-desk-backup", daemon=True
        )
        pause_collection()  # resumed as the thread ends
        self.worker.start()

    def wait(self, timeout: float | None = 120.0) -> None:
        """Wait (up to ``timeout`` seconds) for a running backup to end, before quitting or
        replacing the database file."""
        if self.worker is not None:
            self.worker.join(timeout)

    def _run(self, ws: Workspace, today: date) -> None:
        try:
            self._back_up(ws, today)
        finally:
            resume_collection()

    def _back_up(self, ws: Workspace, today: date) -> None:
        try:
            made = daily_backup(ws, today)
        except ENVIRONMENT_ERRORS as error:
            self.finished.emit(f"Today's backup failed: {error}")
            return
        except Exception as error:  # a backup must never take the desktop down
            self.finished.emit(f"Today's backup failed ({type(error).__name__}).")
            return
        if made is None:
            self.finished.emit("")
        else:
            self.finished.emit(f"Backed up the caseload to {made.path.name} ({made.rows:,} rows "
                               "checked).")  # fmt: skip
