"""Locking the desktop: after some idle minutes (by the wall clock) or on demand (Ctrl+L).

Idle time is measured by the *wall clock* (``time.time``), not a monotonic timer: a monotonic
clock stops while a laptop sleeps, so a laptop opened after an hour would stay unlocked. A timer
ticks every few seconds and compares now with the last key or mouse input it saw through an
application-wide event filter; on waking the first tick locks at once.

While locked, the window shows only :class:`LockScreen`: every tab (the register, cases, views)
has been closed and the database closed. Open dialogs are closed first; a transfer wizard with
unsaved work saves it as a draft before it closes (the auditor's unsaved answers are not saved:
recording an unfinished audit would start gap clocks the user never chose to start).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton, QToolTip, QWidget

from ui.empty_state import centred_column

if TYPE_CHECKING:
    from ui.wizard.wizard import TransferWizard

#: Idle minutes before locking, unless the user chose otherwise (0 never locks by itself).
DEFAULT_IDLE_MINUTES = 5
IDLE_SETTING = "protect/idleMinutes"
TICK_MS = 5_000
Clock = Callable[[], float]

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits :attr:`idle` once the user has not touched keyboard or mouse for ``minutes``."""

    idle = Signal()

    def __init__(self, minutes: int, now: Clock = time.time, parent: QObject | None = None):
        super().__init__(parent)
        self.minutes = minutes
        self.now = now
        self.last_input = now()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.check)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def arm(self) -> None:
        """Start watching from now (a caseload is showing)."""
        self.last_input = self.now()
        if self.minutes > 0:
            self.timer.start()

    def disarm(self) -> None:
        """Stop watching (locked, or nothing open)."""
        self.timer.stop()

    def set_minutes(self, minutes: int) -> None:
        """Change the idle time (0: never lock by itself)."""
        self.minutes = max(0, minutes)
        if self.minutes == 0:
            self.disarm()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.last_input = self.now()
        return False

    def check(self) -> None:
        """One tick: emit :attr:`idle` if the wall clock says the user has been away too long."""
        if not self.timer.isActive() or self.minutes <= 0:
            return
        if self.now() - self.last_input >= self.minutes * 60:
            self.disarm()
            self.idle.emit()


class LockScreen(QWidget):
    """All the window shows while locked: which caseload, and the way back in."""

    unlock_requested = Signal()

    def __init__(
        self, path: Path, *, encrypted: bool, notes: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        title = QLabel("Transfer Desk is locked")
        title.setObjectName("emptyTitle")
        if encrypted:
            what = "Enter its passphrase to go on."
        else:
            what = "It has no passphrase (it is not encrypted): press Unlock to go on."
        body = QLabel(
            f"The caseload {path.name} is closed and no child's details are shown. {what}"
        )
        body.setObjectName("emptyBody")
        body.setWordWrap(True)
        self.notes = QLabel("\n".join(notes))
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName("What happened to open work")
        self.notes.setVisible(bool(notes))
        self.button = QPushButton("&Unlock…" if encrypted else "&Unlock")
        self.button.setObjectName("primaryButton")
        self.button.setDefault(True)
        self.button.setAccessibleName("Unlock the caseload")
        self.button.clicked.connect(self.unlock_requested)
        centred_column(self, [title, body, self.notes, self.button])
        self.setFocusProxy(self.button)


def close_other_windows(window: QWidget) -> list[str]:
    """Close every window but ``window`` (dialogs, menus, tooltips), saving a transfer wizard's
    unsaved work as a draft first. Returns what the user should know (drafts saved or lost)."""
    QToolTip.hideText()
    notes: list[str] = []
    # The wizard's module is imported when a wizard is first opened: none open before that.
    wizards = sys.modules.get("ui.wizard.wizard")
    for widget in QApplication.topLevelWidgets():
        if widget is window or not widget.isVisible():
            continue
        if wizards is not None and isinstance(widget, wizards.TransferWizard):
            notes += _keep_wizard_work(widget)
    for widget in QApplication.topLevelWidgets():
        if widget is window or not widget.isVisible():
            continue
        if isinstance(widget, QDialog):
            widget.done(QDialog.DialogCode.Rejected)  # not reject(): it would ask first
        else:
            widget.close()
    return notes


def _keep_wizard_work(wizard: TransferWizard) -> list[str]:
    """Save the wizard's unsaved plan as a draft; say what happened (case ids only)."""
    wizard.store_current()
    case_id = wizard.ctx.case_id
    if not wizard.ctx.dirty:
        return []
    if wizard.save_draft():
        return [f"The transfer you were working on for case {case_id} was saved as draft "
                f"{wizard.ctx.draft_id}: resume it from the case."]  # fmt: skip
    return [f"The transfer you were working on for case {case_id} could not be saved as a "
            f"draft ({wizard.message}); its unsaved changes were lost."]  # fmt: skip
