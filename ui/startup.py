"""The second half of a fast start: the core, loaded once the first window has painted.

The first window shows the caseload's register from a plain ``sqlite3`` reader
(:class:`app.services.first_register.FirstRegister`) before SQLAlchemy, the ORM, the services and
most of the desktop have been imported. :class:`Startup` then loads them a step at a time on the
event loop (the window stays responsive between steps and the status bar says what is
happening): the core's modules, the menus, the :class:`~ui.desktop.Desktop` controller, and the
caseload opened the full way (the one-writer lock, the revision check, backups), whose workspace
the window's register then reads from. An action that needs the workspace before then (opening a
case) calls :meth:`Startup.finish`, which runs the remaining steps at once.

Whatever the full opening finds (the caseload locked by someone else, say) is handled as it always
was: the desktop shows its message and the empty or locked state in place of the first register.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

from ui.main_window import MainWindow

if TYPE_CHECKING:
    from ui.desktop import Desktop

LOADING = "Loading the rest of Transfer Desk…"
#: Load anyway if the first paint has not been seen by then (a hidden or minimised window).
PAINT_WAIT_MS = 1_000


class Startup(QObject):
    """Loads the core behind the first window, then opens its caseload the full way."""

    def __init__(self, window: MainWindow, database: Path | None, *, demo: bool) -> None:
        super().__init__(window)
        self.window = window
        self._database = database
        self._demo = demo
        self._desktop: Desktop | None = None
        self._steps: list[Callable[[], None]] = [self._import_core, self._make_desktop]
        self._window_closed = False  # then nothing loads by itself any more
        window.finish_loading = self.finish
        window.installEventFilter(self)

    @property
    def desktop(self) -> Desktop:
        """The desktop controller (loading the rest first if need be)."""
        self.finish()
        assert self._desktop is not None
        return self._desktop

    @property
    def loaded(self) -> bool:
        """True once the core has loaded and the caseload has opened the full way."""
        return not self._steps

    def after_first_paint(self) -> None:
        """Start loading once the register has painted (or after :data:`PAINT_WAIT_MS`)."""
        assert self.window.panel is not None
        self.window.panel.table.viewport().installEventFilter(self)
        QTimer.singleShot(PAINT_WAIT_MS, self, self._begin)
        progress = self.window.readiness_progress  # "busy" in the status bar until loaded
        progress.started()
        progress.label.setText(LOADING)

    def finish(self) -> None:
        """Run every step still to run, now."""
        while self._steps:
            self._steps.pop(0)()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.Close:
                self._window_closed = True
        elif event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._begin)  # after this paint has reached the screen
        return False

    def _begin(self) -> None:
        if self._steps and self._steps[0] == self._import_core:
            self._next()

    def _next(self) -> None:
        """One step, then the next on the event loop (so input and painting go on between)."""
        if self._steps and not self._window_closed:
            self._steps.pop(0)()
        if self._steps and not self._window_closed:
            QTimer.singleShot(0, self, self._next)

    def _import_core(self) -> None:
        # SQLAlchemy, the ORM, the services (most of a second), and the case record, so the
        # first case opened takes no longer than it would have after a slow start.
        import ui.case_record
        import ui.desktop  # noqa: F401

    def _make_desktop(self) -> None:
        from ui.desktop import Desktop

        self.window.make_menus()
        self._desktop = Desktop(self.window, self.window.today, self._database)
        if self.window.readiness_progress.label.text() == LOADING:
            self.window.readiness_progress.finished()
        self._desktop.start(demo=self._demo)
