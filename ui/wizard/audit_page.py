"""Page (c): the checklist audit — each item met, gap or not applicable, with evidence and date.

Answers nobody has typed yet are prefilled from the case file by ``audit_case`` and marked as
suggestions, so the manager checks them rather than trusting them blindly.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget, QWizardPage

from app.domain.audit import ItemResult, audit_case
from app.domain.case import AuditAnswer, AuditState
from ui.wizard.context import WizardContext
from ui.wizard.fields import DateField, line_edit, page_layout, scroll_page

STATES = (("Not answered", None), ("Met", AuditState.MET), ("Gap", AuditState.GAP),
          ("Not applicable", AuditState.NOT_APPLICABLE))  # fmt: skip


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

    def answer(self, by: str) -> AuditAnswer | None:
        """The answer as shown, or None when not answered."""
        state = self.state.currentData()
        if state is None:
            return None
        return AuditAnswer(self.item_id, state, self.evidence.text().strip(), self.on.value(), by)


class AuditPage(QWizardPage):
    """The pathway's checklist, item by item, with each item's source section."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("Checklist audit")
        self.rows: list[ItemRow] = []
        self.inner = QWidget()
        self.grid = QGridLayout(self.inner)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 2)
        page_layout(self, scroll_page(self.inner))
        self._checklist: str | None = None

    def initializePage(self) -> None:
        """Build the items of the chosen pathway's checklist, answers kept or suggested."""
        pathway = self.ctx.pathway
        checklist_id = pathway.checklist if pathway else None
        if checklist_id is None:
            return
        if checklist_id == self._checklist and self.rows:
            return
        self._checklist = checklist_id
        checklist = self.ctx.pack.checklist(checklist_id)
        self.setSubTitle(
            f"{checklist.title} [{checklist.cite}]. Answers marked “Suggested from the case "
            "file” were read from the file, not typed: check each one."
        )
        self._clear()
        result = audit_case(self.ctx.snapshot, self.ctx.pack, checklist_id, self.ctx.today,
                            self.ctx.plan.audit)  # fmt: skip
        self._header()
        for result_item in result.items:
            self._add(result_item)
        self.grid.setRowStretch(len(self.rows) + 1, 1)

    def _header(self) -> None:
        for column, text in enumerate(("Item", "Answer", "Evidence", "Date", "")):
            label = QLabel(text)
            label.setObjectName("sectionTitle")
            self.grid.addWidget(label, 0, column)

    def _add(self, result: ItemResult) -> None:
        recorded = result.line.item.id in self.ctx.plan.audit
        row = ItemRow(result, on_file=result.suggested and not recorded)
        if recorded:
            row.on.set_value(self.ctx.plan.audit[row.item_id].on)
        at = len(self.rows) + 1
        for column, widget in enumerate((row.label, row.state, row.evidence, row.on, row.hint)):
            self.grid.addWidget(widget, at, column)
        self.rows.append(row)

    def _clear(self) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.rows = []

    def store(self) -> None:
        """Keep every answered item in the plan."""
        answers = (row.answer(self.ctx.ws.user) for row in self.rows)
        self.ctx.update(audit={a.item_id: a for a in answers if a is not None})

    def validatePage(self) -> bool:
        """Keep the answers when moving on."""
        self.store()
        return True

    def cleanupPage(self) -> None:
        """Keep the answers when going back."""
        self.store()
