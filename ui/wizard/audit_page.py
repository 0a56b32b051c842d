"""Page (c): the checklist audit — each item met, gap or not applicable, with evidence and date.

Answers nobody has typed yet are prefilled from the case file and labelled as suggestions (see
:mod:`ui.wizard.checklist_grid`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWizardPage

from ui.wizard.checklist_grid import ChecklistGrid
from ui.wizard.context import WizardContext
from ui.wizard.fields import page_layout, scroll_page


class AuditPage(QWizardPage):
    """The pathway's checklist, item by item, with each item's source section."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("Checklist audit")
        self.checklist = ChecklistGrid()
        page_layout(self, scroll_page(self.checklist))

    @property
    def rows(self):  # type: ignore[no-untyped-def]
        """The item rows shown."""
        return self.checklist.rows

    def initializePage(self) -> None:
        """Build the items of the chosen pathway's checklist, answers kept or suggested."""
        pathway = self.ctx.pathway
        checklist_id = pathway.checklist if pathway else None
        if checklist_id is None:
            return
        if checklist_id == self.checklist.checklist_id and self.checklist.rows:
            return
        checklist = self.ctx.pack.checklist(checklist_id)
        self.setSubTitle(
            f"{checklist.title} [{checklist.cite}]. Answers marked “Suggested from the case "
            "file” were read from the file, not typed: check each one."
        )
        self.checklist.show_checklist(
            self.ctx.snapshot, self.ctx.pack, checklist_id, self.ctx.today, self.ctx.plan.audit
        )

    def store(self) -> None:
        """Keep every answered item in the plan."""
        self.ctx.update(audit=self.checklist.answers(self.ctx.ws.user))

    def validatePage(self) -> bool:
        """Keep the answers when moving on."""
        self.store()
        return True

    def cleanupPage(self) -> None:
        """Keep the answers when going back."""
        self.store()
