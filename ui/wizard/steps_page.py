"""Page (d): the pathway's steps — who, when, outcome, notes — and the visit and co-working dates.

The co-working end is computed from the pathway's co-working clock (``co_working_end``) as soon
as a start date is given.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.domain.pack import Step, StepKind
from app.services.transfers import StepRecord, co_working_end
from ui import labels
from ui.wizard.context import WizardContext
from ui.wizard.fields import DateField, add_field, line_edit, note, page_layout, scroll_page


class StepFields(QFrame):
    """Who did one step, when, and what came of it."""

    def __init__(self, step: Step, roles: str, saved: StepRecord | None) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.step_id = step.id
        form = QFormLayout(self)
        optional = " (optional)" if step.optional else ""
        title = note(f"<b>{escape(step.title)}</b>{optional}<br>Source: {escape(step.cite)}"
                     + (f"<br>{escape(step.text)}" if step.text else ""))  # fmt: skip
        title.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(title)
        if roles:
            form.addRow("Roles:", note(roles))
        self.who = line_edit(saved.who if saved else "", name=f"{step.title}: who",
                             placeholder=roles or "Names and roles")  # fmt: skip
        self.done_on = DateField(saved.done_on if saved else None, name=f"{step.title}: done on")
        self.outcome = line_edit(saved.outcome if saved else "", name=f"{step.title}: outcome")
        self.notes = line_edit(saved.notes if saved else "", name=f"{step.title}: notes")
        add_field(form, "Who:", self.who)
        add_field(form, "Done on:", self.done_on)
        add_field(form, "Outcome:", self.outcome)
        add_field(form, "Notes:", self.notes)

    def record(self) -> StepRecord | None:
        """The step as typed, or None when nothing was typed."""
        record = StepRecord(self.step_id, self.done_on.value(), self.who.text().strip(),
                            self.outcome.text().strip(), self.notes.text().strip())  # fmt: skip
        return record if record != StepRecord(self.step_id) else None


class StepsPage(QWizardPage):
    """The steps of the chosen pathway and the dates of the handover."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("Steps of the pathway")
        self.steps: list[StepFields] = []
        self.inner = QWidget()
        self.column = QVBoxLayout(self.inner)
        self.dates = QGroupBox("Visits and co-working")
        form = QFormLayout(self.dates)
        self.co_start = DateField(name="Co-working start")
        self.co_end = QLabel()
        self.co_end.setAccessibleName("Co-working end (computed)")
        self.joint = DateField(name="Joint visit")
        self.goodbye = DateField(name="Goodbye visit")
        add_field(form, "&Co-working starts:", self.co_start)
        form.addRow("Co-working ends:", self.co_end)
        add_field(form, "&Joint visit on:", self.joint)
        add_field(form, "&Goodbye visit on:", self.goodbye)
        self.co_start.dateChanged.connect(self._show_end)
        page_layout(self, scroll_page(self.inner))
        self._pathway: str | None = None

    def initializePage(self) -> None:
        """Build a box per step of the chosen pathway, with what the plan holds."""
        pathway = self.ctx.pathway
        if pathway is None or (pathway.id == self._pathway and self.steps):
            return
        self._pathway = pathway.id
        self.setSubTitle(f"{pathway.name} [{pathway.cite}]. Record each step as it happens.")
        self._clear()
        saved = {s.step_id: s for s in self.ctx.plan.steps}
        for step in pathway.steps:
            roles = ", ".join(self.ctx.role_name(r) for r in step.who)
            fields = StepFields(step, roles, saved.get(step.id))
            self.column.addWidget(fields)
            self.steps.append(fields)
        self.column.addWidget(self.dates)
        self.column.addStretch(1)
        plan = self.ctx.plan
        self.co_start.set_value(plan.co_working_start)
        self.joint.set_value(plan.joint_visit_on)
        self.goodbye.set_value(plan.goodbye_visit_on)
        self._show_end()

    def _clear(self) -> None:
        for fields in self.steps:
            fields.deleteLater()
        self.steps = []
        while self.column.count():
            self.column.takeAt(0)

    def has_co_working(self) -> bool:
        """Whether the pathway has a co-working step."""
        pathway = self.ctx.pathway
        return bool(pathway and any(s.kind is StepKind.CO_WORKING for s in pathway.steps))

    def _show_end(self) -> None:
        pathway = self.ctx.pathway
        start = self.co_start.value()
        end = co_working_end(self.ctx.ws, pathway, start) if pathway else None
        if end is not None:
            self.co_end.setText(labels.day(end))
        elif start is None:
            self.co_end.setText("Give a start date to compute the end")
        else:
            self.co_end.setText("This pathway sets no co-working period")

    def store(self) -> None:
        """Keep the steps and dates in the plan."""
        records = (fields.record() for fields in self.steps)
        self.ctx.update(
            steps=tuple(r for r in records if r is not None),
            co_working_start=self.co_start.value(),
            joint_visit_on=self.joint.value(),
            goodbye_visit_on=self.goodbye.value(),
        )

    def validatePage(self) -> bool:
        """Keep the steps when moving on."""
        self.store()
        return True

    def cleanupPage(self) -> None:
        """Keep the steps when going back."""
        self.store()
