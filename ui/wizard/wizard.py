"""The transfer wizard: a tuple of pages from the pack, saved once on Finish through ``propose``.

Each page writes what it shows into the context's :class:`TransferPlan` when the user moves on
or back, so "Save draft" (a custom button) and Finish always see the whole plan. Pages without
anything to ask for the chosen pathway (no key questions, no checklist) are skipped.
Cancel asks before discarding work not yet saved; what was saved stays saved.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard, QWizardPage

from app.services.register import ENVIRONMENT_ERRORS
from app.services.transfers import TransferRefused, load_draft, propose, save_draft
from app.services.workspace import Workspace
from ui.wizard.audit_page import AuditPage
from ui.wizard.context import WizardContext, load_context
from ui.wizard.pathway_page import PathwayPage
from ui.wizard.questions_page import QuestionsPage
from ui.wizard.receiving_page import ReceivingPage
from ui.wizard.review_page import ReviewPage
from ui.wizard.steps_page import StepsPage

PATHWAY, QUESTIONS, AUDIT, STEPS, RECEIVING, REVIEW = range(6)
SAVE_DRAFT = QWizard.WizardButton.CustomButton1


class TransferWizard(QWizard):
    """Take one case (and any siblings) through a pathway of the pack."""

    #: Emitted with the case id after a draft is saved or a transfer proposed.
    saved = Signal(str)

    def __init__(self, ctx: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.message = ""  # the last message shown to the user (read by tests)
        self.setWindowTitle(f"Start a transfer — case {ctx.case_id}")
        self.setAccessibleName("Transfer wizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(SAVE_DRAFT, "Save &draft")
        self.button(SAVE_DRAFT).setAccessibleName("Save draft")
        self.customButtonClicked.connect(self._on_custom)
        self.pages = (PathwayPage(ctx), QuestionsPage(ctx), AuditPage(ctx), StepsPage(ctx),
                      ReceivingPage(ctx), ReviewPage(ctx))  # fmt: skip
        for page_id, page in enumerate(self.pages):
            self.setPage(page_id, page)
        self.setStartId(PATHWAY)
        self.resize(1040, 700)

    def nextId(self) -> int:
        """Skip the key questions and the audit where the pathway has none."""
        current = self.currentId()
        if current == REVIEW:
            return -1
        following = current + 1
        pathway = self.ctx.pathway
        if following == QUESTIONS and not (pathway and pathway.key_questions
                                           and self.ctx.pack.key_questions):  # fmt: skip
            following += 1
        if following == AUDIT and not (pathway and pathway.checklist):
            following += 1
        return following

    def store_current(self) -> None:
        """Write the page in front into the plan."""
        page = self.currentPage()
        store = getattr(page, "store", None)
        if store is not None:
            store()

    def _on_custom(self, which: int) -> None:
        if which == SAVE_DRAFT.value:
            self.save_draft()

    def save_draft(self) -> bool:
        """Keep the plan as a draft (resumable); False when it could not be saved."""
        self.store_current()
        if not self.ctx.plan.pathway_id:
            self._tell("Choose a pathway before saving a draft.")
            return False
        try:
            self.ctx.draft_id = save_draft(self.ctx.ws, self.ctx.plan, self.ctx.draft_id)
        except ENVIRONMENT_ERRORS as exc:
            self._tell(f"The draft could not be saved: {exc}")
            return False
        self.ctx.saved_plan = self.ctx.plan
        self.message = f"Draft {self.ctx.draft_id} saved."
        self.saved.emit(self.ctx.case_id)
        return True

    def accept(self) -> None:
        """Finish: propose the plan once; stay open and say why if it is refused."""
        self.store_current()
        try:
            proposed = propose(self.ctx.ws, self.ctx.plan, self.ctx.today, self.ctx.draft_id)
        except TransferRefused as exc:
            self._tell("The transfer was not saved:\n• " + "\n• ".join(exc.reasons))
            return
        except ENVIRONMENT_ERRORS as exc:
            self._tell(f"The transfer was not saved: {exc}")
            return
        self.ctx.proposed_ids = proposed.transfer_ids
        what = "Referral recorded" if proposed.referral else "Transfer proposed"
        self.message = f"{what} ({len(proposed.transfer_ids)} children)."
        self.saved.emit(self.ctx.case_id)
        super().accept()

    def reject(self) -> None:
        """Cancel: ask before discarding work not yet saved."""
        self.store_current()
        if self.ctx.dirty and not self.confirm_discard():
            return
        super().reject()

    def confirm_discard(self) -> bool:
        """Ask whether to discard unsaved changes (what was saved stays saved)."""
        answer = QMessageBox.question(
            self,
            "Discard changes?",
            "This transfer has changes that are not saved. Discard them?\n"
            "Anything saved as a draft before stays saved.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _tell(self, text: str) -> None:
        """Show a message naming the problem (window-modal, so the wizard keeps its work)."""
        self.message = text
        box = QMessageBox(QMessageBox.Icon.Warning, "Transfer Desk", text,
                          QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def page_of(self, page_id: int) -> QWizardPage:
        """The page with ``page_id`` (PATHWAY … REVIEW)."""
        return self.pages[page_id]


def start_transfer(
    ws: Workspace, case_id: str, today: date, parent: QWidget | None = None
) -> TransferWizard:
    """A new wizard for ``case_id`` (not yet shown)."""
    return TransferWizard(load_context(ws, case_id, today), parent)


def resume_transfer(
    ws: Workspace, draft_id: int, today: date, parent: QWidget | None = None
) -> TransferWizard:
    """A wizard on the plan kept in draft ``draft_id`` (not yet shown)."""
    plan = load_draft(ws, draft_id)
    ctx = load_context(ws, plan.case_ids[0], today, plan)
    ctx.draft_id = draft_id
    wizard = TransferWizard(ctx, parent)
    wizard.setWindowTitle(f"Resume draft {draft_id} — case {ctx.case_id}")
    return wizard
