"""Working out every case's readiness and next due date in the background, once per opening.

The computation (:meth:`app.services.register.Register.prepare_states`: a few seconds at
100,000 cases, and filling the database connections' TEMP tables) runs on a :class:`StateWorker`
thread so the register is usable meanwhile; the status bar
shows :class:`ReadinessProgress`. A worker is kept alive until its thread ends, even when the
panel that started it has gone, and one still running when the program ends is stopped first:
Qt aborts the process if a running thread is destroyed.
"""

from __future__ import annotations

import atexit
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from ui.background import pause_collection, resume_collection

if TYPE_CHECKING:  # the first window shows the progress bar before the core has loaded
    from app.services.register import Register

log = logging.getLogger(__name__)
_running: set[StateWorker] = set()


class _Cancelled(Exception):
    """Raised inside the computation to stop it early."""


class StateWorker(QThread):
    """Works out the states of one caseload on its own thread."""

    #: (cases done, cases in all)
    progressed = Signal(int, int)
    #: The PreparedState of the whole caseload, for Register.adopt.
    worked_out = Signal(object)
    #: A message for the user (the database could not be read).
    failed = Signal(str)

    def __init__(self, register: Register) -> None:
        super().__init__()
        self._register = register
        self._cancelled = False

    def cancel(self) -> None:
        """Stop as soon as the computation next reports progress (and emit nothing)."""
        self._cancelled = True

    def stop(self) -> None:
        """Cancel and wait for the thread to end."""
        self.cancel()
        self.wait()

    def run(self) -> None:
        from app.services.register import ENVIRONMENT_ERRORS  # loaded with the Register

        try:
            prepared = self._register.prepare_states(self._progress)
        except _Cancelled:
            return
        except ENVIRONMENT_ERRORS as error:
            log.warning("readiness could not be worked out: %s", type(error).__name__)
            self.failed.emit(str(error))
            return
        if not self._cancelled:
            self.worked_out.emit(prepared)

    def _progress(self, done: int, total: int) -> None:
        if self._cancelled:
            raise _Cancelled
        self.progressed.emit(done, total)


def start_worker(register: Register) -> StateWorker:
    """A started worker for ``register`` (kept alive until its thread finishes)."""
    worker = StateWorker(register)
    _running.add(worker)
    worker.finished.connect(lambda: _release(worker))
    pause_collection()  # resumed by _release, on this thread
    worker.start(QThread.Priority.LowPriority)
    return worker


def _release(worker: StateWorker) -> None:
    """Let go of a worker whose computation ended, once its thread has truly ended.

    "finished" arrives just before the thread ends, and Qt aborts the process when a QThread
    object is destroyed while its thread still runs: dropping the last reference first would
    race that end.
    """
    worker.wait()
    if worker in _running:
        _running.discard(worker)
        resume_collection()


@atexit.register
def stop_all() -> None:
    """Stop every worker still running (at exit: a running QThread must not be destroyed)."""
    for worker in list(_running):
        worker.stop()
        _release(worker)


class ReadinessProgress(QWidget):
    """ "Working out readiness… 40%" in the status bar while the computation runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("Working out readiness…")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Readiness progress")
        self.bar.setRange(0, 0)  # busy until the first report
        self.bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 16)
        self.bar.setMaximumHeight(self.fontMetrics().height())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.setVisible(False)

    def started(self) -> None:
        """The computation began."""
        self.label.setText("Working out readiness…")
        self.bar.setRange(0, 0)
        self.bar.setVisible(True)
        self.setVisible(True)

    def progressed(self, done: int, total: int) -> None:
        """``done`` of ``total`` cases worked out."""
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))

    def finished(self) -> None:
        """Done: nothing to show."""
        self.setVisible(False)

    def failed(self, message: str) -> None:
        """The computation failed: say so (readiness filters stay off)."""
        self.label.setText("Readiness could not be worked out")
        self.setToolTip(message)
        self.bar.setVisible(False)
        self.setVisible(True)
