"""Run a long piece of work (making the demo, importing a file) off the UI thread.

The window stays painted and a progress dialog says what is happening; the work's result is
returned, or its exception raised, on the UI thread as if it had run there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")


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
    thread.start()
    if thread.is_alive() or not outcome:
        loop.exec()
    thread.join()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
