"""Run a long piece of work (making the demo, importing a file) off the UI thread.

The window stays painted and a progress dialog says what is happening; the work's result is
returned, or its exception raised, on the UI thread as if it had run there.
:func:`pause_collection` guards every thread of the desktop against Python's cycle collector
destroying Qt objects away from the UI thread.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")


_pause_lock = threading.Lock()
_pausing = 0  # threads running inside no_collection_meanwhile()
_was_enabled = True  # the collector's state before the first of them paused it


def pause_collection() -> None:
    """Pause Python's cycle collector until the matching :func:`resume_collection`.

    Call it on the UI thread before starting a worker. A collection runs on whichever thread
    happens to allocate; run on a worker, it can destroy Qt objects (a closed window's or
    dialog's wrappers held in a cycle) away from the UI thread while the UI thread uses them: Qt
    does not allow that, and the process crashes. Paused, collections wait until the last worker
    has finished, and then happen on the UI thread.
    """
    global _pausing, _was_enabled
    with _pause_lock:
        if _pausing == 0:
            _was_enabled = gc.isenabled()
        _pausing += 1
        gc.disable()


def resume_collection() -> None:
    """End one :func:`pause_collection` (the collector runs again after the last)."""
    global _pausing
    with _pause_lock:
        _pausing -= 1
        if _pausing == 0 and _was_enabled:
            gc.enable()


@contextmanager
def no_collection_meanwhile() -> Iterator[None]:
    """:func:`pause_collection` for the duration of the block."""
    pause_collection()
    try:
        yield
    finally:
        resume_collection()


class _Relay(QObject):
    """Carries "finished" from the worker thread to the UI thread's event loop."""

    finished = Signal()


def run_with_progress(parent: QWidget | None, label: str, work: Callable[[], T]) -> T:
    """Run ``work()`` in a thread behind a busy progress dialog; return or raise its outcome."""
    outcome: dict[str, object] = {}
    relay = _Relay()
    loop = QEventLoop()
    relay.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed back to the UI thread below
            outcome["error"] = error
        finally:
            relay.finished.emit()

    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setWindowTitle("Transfer Desk")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(200)
    dialog.setAutoClose(False)
    thread = threading.Thread(target=target, name="transfer-desk-work", daemon=True)
    with no_collection_meanwhile():
        thread.start()
        if thread.is_alive() or not outcome:
            loop.exec()
        thread.join()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
