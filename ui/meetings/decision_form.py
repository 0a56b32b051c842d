"""The decision on one agenda item, and the actions agreed on it.

:meth:`DecisionForm.read` checks every field first and raises :class:`BadValue` naming the
first bad one (its message is shown right under it); only a form that reads whole is saved, so a
bad value never half-saves a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.services.meeting_views import ItemRecord
from app.services.meetings import Decision
from app.services.register import Register
from app.services.workspace import Workspace
from ui.meetings.fields import BadValue, Checked, DateText, add_checked

DECISIONS = (("Agreed", Decision.AGREED), ("Deferred", Decision.DEFERRED),
             ("Declined", Decision.DECLINED))  # fmt: skip


@dataclass(frozen=True)
class DecisionInput:
    """A decision as typed, checked and ready for ``record_decision``."""

    decision: Decision
    receiving_team: str | None
    receiving_worker: str | None
    transfer_date: date | None
    joint_visit_on: date | None
    notes: str


@dataclass(frozen=True)
class ActionInput:
    """An action as typed, checked and ready for ``add_action``."""

    text: str
    owner: str
    due_on: date | None


class DecisionForm(QWidget):
    """Decision, receiving team and worker, transfer and joint-visit dates, notes."""

    def __init__(self, ws: Workspace, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = Register(ws, today)
        self.decision = QComboBox()
        self.decision.setPlaceholderText("Choose…")
        for text, value in DECISIONS:
            self.decision.addItem(text, str(value))
        self.team = QComboBox()
        self.team.addItem("As proposed (no change)", None)
        for team_id, name in ((t.id, t.name) for t in ws.pack.teams):
            self.team.addItem(name, team_id)
        self.team.currentIndexChanged.connect(lambda _i: self._fill_workers())
        self.worker = QComboBox()
        self.transfer_date = DateText("Transfer date")
        self.joint_visit = DateText("Joint visit")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.fontMetrics().height() * 5)
        self.action_text = QLineEdit()
        self.action_owner = QLineEdit()
        self.action_due = DateText("Action due")
        self.checks = self._lay_out()
        self._fill_workers()

    def _lay_out(self) -> dict[str, Checked]:
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        rows = (
            ("decision", "De&cision", self.decision),
            ("team", "Receiving &team", self.team),
            ("worker", "Receiving wor&ker", self.worker),
            ("transfer_date", "Trans&fer date", self.transfer_date),
            ("joint_visit", "&Joint visit", self.joint_visit),
            ("notes", "N&otes", self.notes),
            ("action_text", "New act&ion", self.action_text),
            ("action_owner", "Action o&wner", self.action_owner),
            ("action_due", "Action d&ue", self.action_due),
        )
        checks = {key: add_checked(form, label, field) for key, label, field in rows}
        self.transfer_date.setToolTip("dd/mm/yyyy; leave empty to keep the transfer's date")
        return checks

    def fields(self) -> list[QWidget]:
        """The fields in the order Tab visits them."""
        return [check.field for check in self.checks.values()]

    def _fill_workers(self) -> None:
        self.worker.clear()
        self.worker.addItem("None named", None)
        for worker_id, name in self.register.workers(self.team.currentData()):
            self.worker.addItem(name, worker_id)

    # -- showing and reading --------------------------------------------------------------------

    def show_item(self, record: ItemRecord) -> None:
        """Show the decision recorded on ``record`` (an empty form when undecided)."""
        self.clear_errors()
        self.decision.setCurrentIndex(self.decision.findData(record.decision or "__none__"))
        self.team.setCurrentIndex(max(0, self.team.findData(record.receiving_team)))
        self.worker.setCurrentIndex(max(0, self.worker.findData(record.receiving_worker_id)))
        self.transfer_date.set_value(record.transfer_date)
        self.joint_visit.set_value(record.joint_visit_on)
        self.notes.setPlainText(record.notes)
        for field in (self.action_text, self.action_owner, self.action_due):
            field.clear()

    def read(self, held: date) -> DecisionInput:
        """The decision typed; BadValue on the first field that cannot be saved."""
        if self.decision.currentIndex() < 0:
            raise BadValue(self.decision, "Decision: choose agreed, deferred or declined.")
        decision = Decision(self.decision.currentData())
        transfer, visit = self.transfer_date.value(), self.joint_visit.value()
        if transfer is not None and transfer < held:
            raise BadValue(
                self.transfer_date,
                f"Transfer date: it cannot be before the meeting ({held:%d/%m/%Y}).",
            )
        if visit is not None and transfer is not None and visit > transfer:
            raise BadValue(self.joint_visit, "Joint visit: it must be on or before the transfer.")
        return DecisionInput(
            decision,
            self.team.currentData(),
            self.worker.currentData(),
            transfer,
            visit,
            self.notes.toPlainText().strip(),
        )

    def read_action(self) -> ActionInput | None:
        """The new action typed (None when its text is empty); BadValue if it is incomplete."""
        text, owner = self.action_text.text().strip(), self.action_owner.text().strip()
        due = self.action_due.value()
        if not text:
            if owner or due:
                raise BadValue(self.action_text, "New action: say what is to be done.")
            return None
        if not owner:
            raise BadValue(self.action_owner, "Action owner: say who will do it.")
        return ActionInput(text, owner, due)

    def show_error(self, error: BadValue) -> None:
        """Show ``error`` under its field and put the cursor there."""
        for check in self.checks.values():
            if check.field is error.field:
                check.show_error(str(error))
        error.field.setFocus()

    def clear_errors(self) -> None:
        """Hide every field's message."""
        for check in self.checks.values():
            check.clear_error()

    def clear_action(self) -> None:
        """Empty the new-action fields (after it was saved)."""
        for field in (self.action_text, self.action_owner, self.action_due):
            field.clear()
