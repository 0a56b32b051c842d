"""A checklist as a grid of answers: each item met / gap / not applicable, evidence and date.

Answers nobody has typed yet are prefilled from the case file by ``audit_case`` and marked as
suggestions, so the manager checks them rather than trusting them blindly. Used by the wizard's
audit page and by the checklist auditor.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from app.domain.audit import ItemResult, audit_case
from app.domain.case import AuditAnswer, AuditState, CaseSnapshot
from app.domain.pack import Pack
from ui.wizard.fields import DateField, line_edit

STATES = (("Not answered", None), ("Met", AuditState.MET), ("Gap", AuditState.GAP),
          ("Not applicable", AuditState.NOT_APPLICABLE))  # fmt: skip
HEADERS = ("Item", "Answer", "Evidence", "Date", "")


class ItemRow:
    """The fields of one checklist item."""

    def __init__(self, result: ItemResult, on_file: bool) -> None:
        item = result.line.item
        self.item_id = item.id
        self.label = QLabel(f"{item.text}\nSource: {item.cite}")
        self.label.setWordWrap(True)
        self.label.setToolTip(item.guidance or item.text)
        self.state = QComboBox()
        self.state.setAccessibleName(f"{item.text}: answer")
        for text, state in STATES:
            self.state.addItem(text, state)
        self.state.setCurrentIndex(max(0, self.state.findData(result.state)))
        self.evidence = line_edit(result.evidence, name=f"{item.text}: evidence",
                                  placeholder="Evidence")  # fmt: skip
        self.evidence.setCursorPosition(0)
        self.evidence.setToolTip(result.evidence)
        self.on = DateField(name=f"{item.text}: date")
        self.hint = QLabel("Suggested from the case file" if on_file else "")
        self.hint.setObjectName("suggestion")
        self.hint.setStyleSheet("color: palette(placeholder-text); font-style: italic;")
        self.label.setBuddy(self.state)

    def widgets(self) -> tuple[QWidget, ...]:
        """The row's cells, left to right."""
        return (self.label, self.state, self.evidence, self.on, self.hint)

    def answer(self, by: str) -> AuditAnswer | None:
        """The answer as shown, or None when not answered."""
        state = self.state.currentData()  # Qt hands the enum back as its plain string
        if state is None:
            return None
        evidence = self.evidence.text().strip()
        return AuditAnswer(self.item_id, AuditState(state), evidence, self.on.value(), by)


class ChecklistGrid(QWidget):
    """Every item of one checklist for one case, with its source section."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ItemRow] = []
        self.checklist_id: str | None = None
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 2)

    def show_checklist(
        self, case: CaseSnapshot, pack: Pack, checklist_id: str, today: date,
        answers: Mapping[str, AuditAnswer],
    ) -> None:  # fmt: skip
        """Show the checklist, recorded ``answers`` first, else suggestions from the file."""
        self.clear()
        self.checklist_id = checklist_id
        for column, text in enumerate(HEADERS):
            label = QLabel(text)
            label.setObjectName("sectionTitle")
            self.grid.addWidget(label, 0, column)
        for result in audit_case(case, pack, checklist_id, today, answers).items:
            recorded = answers.get(result.line.item.id)
            row = ItemRow(result, on_file=result.suggested and recorded is None)
            row.on.set_value(recorded.on if recorded else None)
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, len(self.rows) + 1, column)
            self.rows.append(row)
        self.grid.setRowStretch(len(self.rows) + 1, 1)

    def clear(self) -> None:
        """Remove every row."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = []

    def answers(self, by: str) -> dict[str, AuditAnswer]:
        """Every answered item, by item id."""
        found = (row.answer(by) for row in self.rows)
        return {a.item_id: a for a in found if a is not None}
