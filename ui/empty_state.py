"""What the window shows before there is a caseload: what this is and the two ways to start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.paths import resources_dir


class EmptyState(QWidget):
    """No caseload yet: open the fictional demo, or import the team's caseload from a file."""

    demo_requested = Signal()
    import_requested = Signal()

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        title = QLabel("No caseload yet")
        title.setObjectName("emptyTitle")
        body = QLabel(
            "Transfer Desk keeps your team's caseload on this computer. Import it from a "
            "spreadsheet (CSV or Excel) exported from your case system, or look around first "
            "with the demo caseload — every child in it is fictional."
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
        self.import_button = QPushButton("&Import a caseload…")
        self.import_button.clicked.connect(self.import_requested)
        self._lay_out(title, body, where)

    def _lay_out(self, title: QLabel, body: QLabel, where: QLabel) -> None:
        column = QVBoxLayout()
        column.setSpacing(14)
        icon = QLabel()
        icon.setPixmap(QIcon(str(resources_dir() / "icons" / "transfer-desk.svg")).pixmap(56, 56))
        for widget in (icon, title, body, self.demo_button, self.import_button, where):
            column.addWidget(widget)
        box = QWidget()
        box.setFixedWidth(560)
        box.setLayout(column)
        row = QHBoxLayout()  # no alignment flag: it would size the wrapped text too short
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.setFocusProxy(self.demo_button)
