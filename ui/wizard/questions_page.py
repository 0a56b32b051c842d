"""Page (b): the pack's key questions, a text box each (only for pathways that ask them)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget, QWizardPage

from ui.wizard.context import WizardContext
from ui.wizard.fields import note, page_layout, scroll_page


class QuestionsPage(QWizardPage):
    """One answer box per key question, each question with its source section."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("Key questions")
        self.setSubTitle("The procedure asks these before a case moves. Tab moves to the next box.")
        self.boxes: dict[str, QPlainTextEdit] = {}
        inner = QWidget()
        form = QVBoxLayout(inner)
        for number, question in enumerate(ctx.pack.key_questions, start=1):
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setAccessibleName(f"Answer to key question {number}")
            box.setFixedHeight(56)
            caption = QLabel(
                f"&{number}. {question.text}  [{question.cite}]"
                if number < 10
                else f"{number}. {question.text}  [{question.cite}]"
            )
            caption.setWordWrap(True)
            caption.setBuddy(box)
            form.addWidget(caption)
            form.addWidget(box)
            self.boxes[question.id] = box
        form.addWidget(note("Answers are saved with the transfer; leave a box empty to skip it."))
        form.addStretch(1)
        page_layout(self, scroll_page(inner))

    def initializePage(self) -> None:
        """Show the answers kept in the plan."""
        for question_id, box in self.boxes.items():
            box.setPlainText(self.ctx.plan.key_answers.get(question_id, ""))

    def store(self) -> None:
        """Keep the answers in the plan."""
        answers = {q: b.toPlainText().strip() for q, b in self.boxes.items()}
        self.ctx.update(key_answers={q: a for q, a in answers.items() if a})

    def validatePage(self) -> bool:
        """Keep the answers when moving on."""
        self.store()
        return True

    def cleanupPage(self) -> None:
        """Keep the answers when going back."""
        self.store()
