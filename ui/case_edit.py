"""The case record's Edit page: the edit forms, saving through the editing service, and the
question asked before a tab with typed, unsaved edits closes.

A form's Save checks every field first: a wrong one shows its message next to it and nothing is
written. A saved edit goes on the case tab's undo stack (:mod:`ui.case_edit_undo`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from app.domain.case import CaseSnapshot
from app.domain.pack import Pack
from app.services.editing import Edit, EditableCase, EditRefused, Terms
from app.services.register import ENVIRONMENT_ERRORS
from ui.case_edit_forms import (
    AddStatusForm,
    CaseForm,
    ClearFlagForm,
    DetailsForm,
    EndStatusForm,
    EventForm,
    FileItemForm,
    SetFlagForm,
)
from ui.case_edit_undo import CaseEditor
from ui.errors import show_environment_error
from ui.wizard.fields import note, scroll_page

Save = QMessageBox.StandardButton.Save
Discard = QMessageBox.StandardButton.Discard
Cancel = QMessageBox.StandardButton.Cancel


class CaseEditPage(QWidget):
    """Every edit form of one case; each saves on its own and can be undone (Ctrl+Z)."""

    def __init__(self, editor: CaseEditor, pack: Pack) -> None:
        super().__init__()
        self.setObjectName("caseEdit")
        self.setAccessibleName("Edit the case")
        self.editor = editor
        terms, case_id, today = Terms.of(pack), editor.case_id, editor.today
        self.details = DetailsForm(case_id, today)
        self.add_status = AddStatusForm(case_id, today, terms)
        self.end_status = EndStatusForm(case_id, today)
        self.set_flag = SetFlagForm(case_id, today, terms)
        self.clear_flag = ClearFlagForm(case_id, today)
        self.event_form = EventForm(case_id, today, terms)
        self.file_item = FileItemForm(case_id, today, terms)
        self.forms: tuple[CaseForm, ...] = (
            self.details,
            self.event_form,
            self.add_status,
            self.end_status,
            self.set_flag,
            self.clear_flag,
            self.file_item,
        )
        self._connect()
        self._lay_out()

    def _lay_out(self) -> None:
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.addWidget(
            note(
                "Each form saves on its own. A field that is wrong says so next to it and "
                "nothing is saved. Edit ▸ Undo (Ctrl+Z) takes back the last saved change."
            ),
            0,
            0,
            1,
            2,
        )
        grid.addLayout(_column(self.details, self.event_form, self.file_item), 1, 0)
        grid.addLayout(
            _column(self.add_status, self.end_status, self.set_flag, self.clear_flag), 1, 1
        )
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll_page(inner))

    def _connect(self) -> None:
        for form in self.forms:
            form.submit.clicked.connect(self._submitter(form, form.edit))
            for edit in form.findChildren(QLineEdit):
                edit.returnPressed.connect(self._primary(form))
        events = self.event_form
        events.update_button.clicked.connect(self._submitter(events, events.changed_edit))
        events.remove_button.clicked.connect(self._submitter(events, events.removal))

    def _submitter(self, form: CaseForm, build: Callable[[], Edit | None]) -> Callable[[], None]:
        def run() -> None:
            self.submit(form, build)

        return run

    def _primary(self, form: CaseForm) -> Callable[[], None]:
        """Return in a field: the form's main button."""

        def run() -> None:
            self.submit(form, self._main_action(form))

        return run

    def _main_action(self, form: CaseForm) -> Callable[[], Edit | None]:
        """What Return or a Save on closing does: Update for an event picked, else the form's."""
        if form is self.event_form and self.event_form.picked_id() != EventForm.NEW:
            return self.event_form.changed_edit
        return form.edit

    def submit(self, form: CaseForm, build: Callable[[], Edit | None]) -> bool:
        """Read the form and save its edit; False (nothing written) when a field is wrong."""
        try:
            edit = build()
            if edit is not None:
                self.editor.save(edit)
        except EditRefused as refused:
            form.show_problems(refused.problems)
            return False
        except ENVIRONMENT_ERRORS as error:
            show_environment_error(self, error, "The change was not saved")
            return False
        form.saved()
        return True

    def show_case(self, case: EditableCase, snapshot: CaseSnapshot) -> None:
        """Fill the forms' lists from the case as stored; typed, unsaved text stays."""
        for form in self.forms:
            form.show_case(case, snapshot)

    def has_unsaved(self) -> bool:
        """Whether any form holds typed text that is not saved."""
        return any(form.is_dirty() for form in self.forms)

    def typed(self) -> list[tuple[object, ...] | None]:
        """Each form's unsaved typing (None for a form with none), to keep across a lock."""
        return [form.typed() for form in self.forms]

    def put_typed(self, typed: list[tuple[object, ...] | None]) -> None:
        """Put back what :meth:`typed` kept."""
        for form, values in zip(self.forms, typed, strict=True):
            if values is not None:
                form.put_typed(values)

    def save_unsaved(self) -> bool:
        """Save every form with typed text; False if any was refused (its messages show)."""
        ok = True
        for form in self.forms:
            if form.is_dirty():
                ok = self.submit(form, self._main_action(form)) and ok
        return ok

    def focus_first(self) -> None:
        """Put the cursor in the first field (F2)."""
        self.details.given.setFocus()
        self.details.given.selectAll()


def _column(*forms: CaseForm) -> QVBoxLayout:
    column = QVBoxLayout()
    for form in forms:
        column.addWidget(form)
    column.addStretch(1)
    return column


def unsaved_choice(parent: QWidget, case_id: str) -> QMessageBox.StandardButton:
    """Ask what to do with typed edits of ``case_id`` that are not saved."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Case {case_id} has changes that are not saved.")
    box.setInformativeText("Save them, discard them, or go back to the case?")
    box.setStandardButtons(Save | Discard | Cancel)
    box.setDefaultButton(Save)
    box.setEscapeButton(Cancel)
    return QMessageBox.StandardButton(box.exec())


def may_close(page: CaseEditPage, show: Callable[[], None]) -> bool:
    """Whether the case tab of ``page`` may close: nothing unsaved, or the user said so.

    Save that is refused keeps the tab open with the messages showing (``show`` brings the
    page forward).
    """
    if not page.has_unsaved():
        return True
    choice = unsaved_choice(page, page.editor.case_id)
    if choice == Discard:
        return True
    if choice == Save and page.save_unsaved():
        return True
    show()
    return False
