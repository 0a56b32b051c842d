"""How a case starts the wizard: "Start transfer…" (Ctrl+T) and "Resume draft" for the case
in front, for the Case menu and the case record.

The launcher asks its ``target`` callable for the workspace and case in front at the moment the
action is used, so one launcher serves every case tab.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from app.services.register import ENVIRONMENT_ERRORS
from app.services.transfers import drafts_of
from app.services.workspace import Workspace

if TYPE_CHECKING:  # the wizard and auditor are imported when first opened, not at start-up
    from ui.wizard.auditor import ChecklistAuditor
    from ui.wizard.wizard import TransferWizard

Target = Callable[[], tuple[Workspace, str] | None]


class TransferLauncher(QObject):
    """The wizard's entry points for the case in front."""

    #: A draft was saved or a transfer proposed for this case id: refresh what shows it.
    transfers_changed = Signal(str)

    def __init__(self, parent: QWidget, target: Target, today: date) -> None:
        super().__init__(parent)
        self.window = parent
        self.target = target
        self.today = today
        self.wizard: TransferWizard | None = None
        self.auditor: ChecklistAuditor | None = None
        self.start_action = QAction("Start &transfer…", parent)
        self.start_action.setShortcut(QKeySequence("Ctrl+T"))
        self.start_action.setToolTip("Take this case through a pathway of the procedure (Ctrl+T)")
        self.start_action.triggered.connect(self.start)
        self.audit_action = QAction("&Audit the checklist…", parent)
        self.audit_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.audit_action.setToolTip("Audit the case file against a pathway's checklist")
        self.audit_action.triggered.connect(self.audit)
        self.resume_menu = QMenu("&Resume draft", parent)
        self.resume_menu.setAccessibleName("Resume a draft transfer")
        self.resume_menu.aboutToShow.connect(self.fill_drafts)

    def install(self, menu: QMenu) -> None:
        """Add the actions to ``menu`` (the Case menu)."""
        menu.addAction(self.start_action)
        menu.addMenu(self.resume_menu)
        menu.addAction(self.audit_action)

    def buttons(self) -> QWidget:
        """A small bar with the two entry points, for the case record's header."""
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        start = QToolButton()
        start.setDefaultAction(self.start_action)
        start.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        resume = QToolButton()
        resume.setText("Resume draft")
        resume.setAccessibleName("Resume a draft transfer")
        resume.setMenu(self.resume_menu)
        resume.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        resume.setStyleSheet("QToolButton { padding-right: 14px; }")  # room for the arrow
        audit = QToolButton()
        audit.setDefaultAction(self.audit_action)
        row.addWidget(start)
        row.addWidget(resume)
        row.addWidget(audit)
        return bar

    def start(self) -> TransferWizard | None:
        """Open a new wizard on the case in front (None when no case is in front)."""
        found = self.target()
        if found is None:
            return None
        ws, case_id = found
        from ui.wizard.wizard import start_transfer

        return self._open(start_transfer(ws, case_id, self.today, self.window))

    def fill_drafts(self) -> None:
        """List the drafts of the case in front, newest last."""
        self.resume_menu.clear()
        found = self.target()
        drafts = []
        if found is not None:
            try:
                drafts = drafts_of(*found)
            except ENVIRONMENT_ERRORS:
                drafts = []
        for draft in drafts:
            name = found[0].pack.pathway(draft.pathway_id).name if found else draft.pathway_id
            action = self.resume_menu.addAction(f"Draft {draft.id}: {name}")
            action.triggered.connect(lambda _=False, d=draft.id: self.resume(d))
        if not drafts:
            self.resume_menu.addAction("No draft for this case").setEnabled(False)

    def resume(self, draft_id: int) -> TransferWizard | None:
        """Open the wizard on a saved draft of the case in front."""
        found = self.target()
        if found is None:
            return None
        from ui.wizard.wizard import resume_transfer

        return self._open(resume_transfer(found[0], draft_id, self.today, self.window))

    def audit(self) -> ChecklistAuditor | None:
        """Open the checklist auditor on the case in front."""
        found = self.target()
        if found is None:
            return None
        from ui.wizard.auditor import ChecklistAuditor

        auditor = ChecklistAuditor(found[0], found[1], self.today, self.window)
        auditor.saved.connect(self.transfers_changed)
        auditor.finished.connect(auditor.deleteLater)
        auditor.open()
        self.auditor = auditor
        return auditor

    def _open(self, wizard: TransferWizard) -> TransferWizard:
        wizard.saved.connect(self.transfers_changed)
        wizard.finished.connect(wizard.deleteLater)
        wizard.open()
        self.wizard = wizard
        return wizard
