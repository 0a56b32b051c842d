"""What the window shows before there is a caseload: what this is and the ways to start."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.paths import resources_dir


class EmptyState(QWidget):
    """No caseload yet: start a new (encrypted) one, import one, or open the fictional demo."""

    demo_requested = Signal()
    import_requested = Signal()
    new_requested = Signal()

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        title = QLabel("No caseload yet")
        title.setObjectName("emptyTitle")
        body = QLabel(
            "Transfer Desk keeps your team's caseload on this computer, encrypted with a "
            "passphrase you choose. Start a new caseload, import it from a spreadsheet (CSV or "
            "Excel) exported from your case system, or look around first with the demo "
            "caseload — every child in it is fictional."
        )
        body.setWordWrap(True)
        body.setObjectName("emptyBody")
        where = QLabel(f"Your caseload will be kept in {database}")
        where.setObjectName("emptyWhere")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_button = QPushButton("Open the &demo caseload")
        self.demo_button.setObjectName("primaryButton")
        self.demo_button.setDefault(True)
        self.demo_button.clicked.connect(self.demo_requested)
        self.new_button = QPushButton("Start a &new caseload…")
        self.new_button.clicked.connect(self.new_requested)
        self.import_button = QPushButton("&Import a caseload…")
        self.import_button.clicked.connect(self.import_requested)
        buttons = (self.demo_button, self.new_button, self.import_button)
        centred_column(self, [title, body, *buttons, where])
        self.setFocusProxy(self.demo_button)


def centred_column(owner: QWidget, widgets: Sequence[QWidget]) -> None:
    """Lay ``widgets`` out in a column of fixed width in the middle of ``owner``, app icon
    first."""
    column = QVBoxLayout()
    column.setSpacing(14)
    icon = QLabel()
    icon.setPixmap(QIcon(str(resources_dir() / "icons" / "transfer-desk.svg")).pixmap(56, 56))
    for widget in (icon, *widgets):
        column.addWidget(widget)
    box = QWidget()
    box.setFixedWidth(560)
    box.setLayout(column)
    row = QHBoxLayout()  # no alignment flag: it would size the wrapped text too short
    row.addStretch(1)
    row.addWidget(box)
    row.addStretch(1)
    outer = QVBoxLayout(owner)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
