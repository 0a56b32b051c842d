"""The checklist auditor: audit a case file against a pathway's checklist, outside a transfer.

Per case and pathway, each item met / gap / not applicable with evidence and date (prefilled
from the last recorded audit, else suggested from the case file). A sending audit with gaps
starts the pack's gap clock; where the checklist asks for it, a receiving manager's acceptance
pass is recorded as its own stage. The pack's override path is shown beside the checklist.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit import AuditResult
from app.domain.case import AuditAnswer
from app.services.auditing import record_audit
from app.services.caseload import CaseAudit, case_audits
from app.services.register import ENVIRONMENT_ERRORS, case_record
from app.services.workspace import Workspace
from ui.case_pathways import override_text
from ui.widgets import wrapping_label
from ui.wizard.checklist_grid import ChecklistGrid
from ui.wizard.fields import add_field, scroll_page

STAGE_NAMES = {"sending": "Sending audit", "receiving": "Receiving manager's acceptance"}


def recorded_answers(result: AuditResult) -> dict[str, AuditAnswer]:
    """The answers a result holds that were typed (not suggested from the file)."""
    return {
        i.line.item.id: AuditAnswer(i.line.item.id, i.state, i.evidence)
        for i in result.items
        if i.state is not None and not i.suggested
    }


class ChecklistAuditor(QDialog):
    """Audit one case against the checklist of a pathway it may take (or is taking)."""

    #: Emitted with the case id after an audit is saved.
    saved = Signal(str)

    def __init__(self, ws: Workspace, case_id: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.case_id, self.today = ws, case_id, today
        self.snapshot = case_record(ws, case_id).snapshot
        self.audits: list[CaseAudit] = case_audits(ws, case_id, today)
        self.message = ""
        self.setWindowTitle(f"Audit the checklist — case {case_id}")
        self.setAccessibleName("Checklist auditor")
        self.pathway = QComboBox()
        for audit in self.audits:
            pathway = ws.pack.pathway(audit.pathway_id)
            title = ws.pack.checklist(audit.result.checklist_id).title
            self.pathway.addItem(f"{pathway.name} — {title}", audit.pathway_id)
        self.stage = QComboBox()
        self.about = wrapping_label()
        self.status = wrapping_label()
        self.status.setObjectName("auditStatus")
        self.grid = ChecklistGrid()
        self._lay_out()
        self.pathway.currentIndexChanged.connect(self._show)
        self._show()
        self.resize(1040, 700)

    def _lay_out(self) -> None:
        form = QFormLayout()
        add_field(form, "&Pathway:", self.pathway)
        add_field(form, "&Stage:", self.stage)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.about)
        layout.addWidget(scroll_page(self.grid), 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        if not self.audits:
            self.about.setText("No pathway open to this case has a checklist.")
            buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

    def _current(self) -> CaseAudit | None:
        index = self.pathway.currentIndex()
        return self.audits[index] if 0 <= index < len(self.audits) else None

    def _show(self) -> None:
        audit = self._current()
        if audit is None:
            return
        checklist = self.ws.pack.checklist(audit.result.checklist_id)
        self.stage.clear()
        self.stage.addItem(STAGE_NAMES["sending"], "sending")
        if checklist.receiving_check:
            self.stage.addItem(STAGE_NAMES["receiving"], "receiving")
        self.about.setText(self._about_text(checklist))
        self.grid.show_checklist(self.snapshot, self.ws.pack, checklist.id, self.today,
                                 recorded_answers(audit.result))  # fmt: skip
        result = audit.result
        self.status.setText(f"Readiness now: {result.readiness.value} ({len(result.gaps)} gaps, "
                            f"{len(result.unanswered)} not answered).")  # fmt: skip

    def _about_text(self, checklist) -> str:  # type: ignore[no-untyped-def]
        parts = [f"{checklist.title} [{checklist.cite}]."]
        if checklist.gap_timescale:
            clock = self.ws.pack.timescale(checklist.gap_timescale)
            parts.append(f"A gap starts the clock: {clock.label} [{clock.cite}].")
        if not checklist.blocks_transfer:
            parts.append("Gaps do not stop a transfer under this procedure.")
        if checklist.override is not None:
            parts.append(override_text(checklist.override, self.ws.pack) + ".")
        return " ".join(parts)

    def save(self) -> bool:
        """Record the audit as shown; say what it found (or why it could not be saved)."""
        audit = self._current()
        if audit is None:
            return False
        answers = self.grid.answers(self.ws.user)
        stage = str(self.stage.currentData() or "sending")
        try:
            result = record_audit(self.ws, self.case_id, audit.result.checklist_id, answers,
                                  self.today, stage=stage)  # fmt: skip
        except ENVIRONMENT_ERRORS as exc:
            self.message = f"The audit was not saved: {exc}"
            self.status.setText(self.message)
            return False
        counts = f"{len(result.gaps)} gaps, {len(result.unanswered)} not answered"
        self.message = f"{STAGE_NAMES[stage]} saved: {result.readiness.value}, {counts}."
        self.status.setText(self.message)
        self.saved.emit(self.case_id)
        return True
