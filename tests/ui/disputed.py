"""A main window on a real demo caseload with a transfer under way (Christmas Eve 2026), and
the disagreement the Due and Disagreements tests raise on it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItemIterator, QWidget

from app.services import disagreements
from app.services.workspace import Workspace
from tests.services.disputes import demo_with_transfer
from tests.ui.support import shown_window
from ui.main_window import MainWindow

CHRISTMAS_EVE = date(2026, 12, 24)
#: When the tests' disagreements are raised: Christmas Eve, after lunch.
RAISED = datetime(2026, 12, 24, 14, 0)


def disputed_window(
    qtbot,
    tmp_path: Path,
    settings: QSettings,
    today: date = CHRISTMAS_EVE,  # type: ignore[no-untyped-def]
) -> tuple[MainWindow, Workspace, str, int]:
    """The 2021 pack's demo with a proposed transfer, shown in a main window on ``today``."""
    ws, case_id, transfer_id = demo_with_transfer(tmp_path, "case-transfer-policy-2021", today)
    return shown_window(qtbot, settings, today, ws), ws, case_id, transfer_id


def raise_timing(ws: Workspace, transfer_id: int) -> int:
    """Raise a disagreement about the timing of the transfer (at :data:`RAISED`); its id."""
    return disagreements.raise_disagreement(ws, transfer_id, subject="Timing", raised_at=RAISED)


def all_text(widget: QWidget) -> str:
    """Every label and tree cell under ``widget``, as one string."""
    texts = [label.text() for label in widget.findChildren(QLabel)]
    for tree in widget.findChildren(QTreeWidget):
        it = QTreeWidgetItemIterator(tree)
        while it.value():
            item = it.value()
            texts += [item.text(c) for c in range(tree.columnCount())]
            it += 1
    return "\n".join(texts)
