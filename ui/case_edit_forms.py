"""The case record's edit forms, one per kind of fact: personal details, legal statuses, flags,
key events and case-file items. Each form turns what is typed into an edit of
:mod:`app.services.editing`; the :class:`~ui.case_edit.CaseEditPage` saves it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton

from app.domain.case import CaseSnapshot, Child, Event, StatusSpell
from app.services.editing import (
    AddEvent,
    AddStatus,
    ChangeDetails,
    ClearFlag,
    Edit,
    EditableCase,
    EditEvent,
    FieldProblem,
    FormReader,
    RemoveEvent,
    SetFileItem,
    SetFlag,
    SetStatusEnd,
    Terms,
    details_edit,
    event_moved,
)
from ui import labels
from ui.case_edit_fields import (
    EditForm,
    chosen_code,
    code_combo,
    date_edit,
    date_text,
    narrow_combo,
)

_SEXES = (("Female", "F"), ("Male", "M"), ("Not recorded", "unknown"))


def button(text: str, name: str) -> QPushButton:
    """A form button with a mnemonic and an accessible name."""
    push = QPushButton(text)
    push.setAccessibleName(name)
    push.setAutoDefault(False)
    return push


class CaseForm(EditForm):
    """An edit form of one case: ``edit()`` reads it (None: nothing to save)."""

    def __init__(self, title: str, case_id: str, today: date) -> None:
        super().__init__(title)
        self.case_id = case_id
        self.today = today
        self.submit: QPushButton  # the form's main button, made by each form

    def edit(self) -> Edit | None:
        """The edit typed, or None when there is nothing to save; EditRefused if unreadable."""
        raise NotImplementedError

    def show_case(self, case: EditableCase, snapshot: CaseSnapshot) -> None:
        """Fill the form's lists from the case as stored (typed text is kept)."""

    def saved(self) -> None:
        """The edit was written: clear what was typed."""
        self.clear_problems()
        self.mark_saved()

    def _submit_button(self, text: str, name: str) -> QPushButton:
        self.submit = button(text, name)
        self.add_button(self.submit)
        return self.submit


class DetailsForm(CaseForm):
    """Names, dates of birth, sex, disability and the UASC marker."""

    def __init__(self, case_id: str, today: date) -> None:
        super().__init__("Personal details", case_id, today)
        self.stored: Child | None = None
        self.given = self.add_field("given_name", "&Given name:", QLineEdit())
        self.family = self.add_field("family_name", "Famil&y name:", QLineEdit())
        self.dob = self.add_field("dob", "Date of &birth:", date_edit("Date of birth"))
        self.expected = self.add_field(
            "expected_dob", "Expected birth (unborn):", date_edit("Expected date of birth")
        )
        self.sex = QComboBox()
        for words, code in _SEXES:
            self.sex.addItem(words, code)
        self.add_field("sex", "Sex:", self.sex)
        self.disability = self.add_field("disability", "Disability:", QCheckBox("Disabled"))
        self.uasc = self.add_field("uasc", "UASC:", QCheckBox("Unaccompanied asylum seeker"))
        self.reset_button = button("&Reset", "Reset the personal details to the saved ones")
        self.reset_button.clicked.connect(self.reload)
        self.add_button(self.reset_button)
        self._submit_button("&Save details", "Save the personal details")

    def show_case(self, case: EditableCase, snapshot: CaseSnapshot) -> None:
        """Show the stored details unless something typed here is not saved yet."""
        if self.stored is None or not self.is_dirty():
            self.stored = case.child
            self.reload()
        self.stored = case.child

    def reload(self) -> None:
        """Show the stored details again, dropping what was typed."""
        child = self.stored
        if child is None:
            return
        self.given.setText(child.given_name)
        self.family.setText(child.family_name)
        self.dob.setText(date_text(child.dob))
        self.expected.setText(date_text(child.expected_dob))
        self.sex.setCurrentIndex(max(self.sex.findData(child.sex), 0))
        self.disability.setChecked(child.disability)
        self.uasc.setChecked(child.uasc)
        self.saved()

    def edit(self) -> ChangeDetails | None:
        edit = details_edit(
            self.case_id,
            given_name=self.given.text(),
            family_name=self.family.text(),
            dob=self.dob.text(),
            expected_dob=self.expected.text(),
            sex=str(self.sex.currentData()),
            disability=self.disability.isChecked(),
            uasc=self.uasc.isChecked(),
            today=self.today,
        )
        return None if edit.child == self.stored else edit


class AddStatusForm(CaseForm):
    """A new legal status spell: its code and start."""

    def __init__(self, case_id: str, today: date, terms: Terms) -> None:
        super().__init__("Add a legal status", case_id, today)
        names = {c: labels.status_long(c).rsplit(" [", 1)[0] for c in terms.statuses}
        choices = sorted(names.items(), key=lambda item: item[1].casefold())
        self.code = self.add_field("code", "Status:", code_combo(choices, "Legal status"))
        self.start = self.add_field("start", "From:", date_edit("Status starts on"))
        self._submit_button("&Add status", "Add the legal status")
        self.mark_saved()

    def edit(self) -> AddStatus:
        reader = FormReader()
        start = reader.day("start", self.start.text(), required=True)
        reader.done()
        assert start is not None
        return AddStatus(self.case_id, StatusSpell(chosen_code(self.code), start))

    def saved(self) -> None:
        self.code.setCurrentIndex(0)
        self.start.clear()
        super().saved()


class EndStatusForm(CaseForm):
    """End one of the case's open legal status spells."""

    def __init__(self, case_id: str, today: date) -> None:
        super().__init__("End a legal status", case_id, today)
        self.spell = self.add_field("status", "Open status:", narrow_combo(), typed=False)
        self.end = self.add_field("end", "Ended on:", date_edit("Status ended on"))
        self._submit_button("E&nd status", "End the legal status")
        self.mark_saved()

    def show_case(self, case: EditableCase, snapshot: CaseSnapshot) -> None:
        open_spells = [(i, s) for i, s in case.statuses if s.end is None]
        texts = [(f"{labels.status_long(s.code)} from {labels.day(s.start)}", i)
                 for i, s in open_spells]  # fmt: skip
        _refill(self.spell, texts, empty="No open legal status")
        self.submit.setEnabled(bool(open_spells))

    def edit(self) -> SetStatusEnd:
        reader = FormReader()
        if self.spell.currentData() is None:
            reader.problems.append(FieldProblem("status", "the case has no open legal status"))
        end = reader.day("end", self.end.text(), required=True)
        reader.done()
        return SetStatusEnd(self.case_id, int(self.spell.currentData()), end)

    def saved(self) -> None:
        self.end.clear()
        super().saved()


class SetFlagForm(CaseForm):
    """Set a flag from a day (today unless changed)."""

    def __init__(self, case_id: str, today: date, terms: Terms) -> None:
        super().__init__("Set a flag", case_id, today)
        choices = ((f, labels.flag_label(f)) for f in sorted(terms.flags, key=labels.flag_label))
        self.flag = self.add_field("flag", "Flag:", code_combo(choices, "Flag to set"))
        self.on = self.add_field("on", "Set on:", date_edit("Flag set on"))
        self._submit_button("Set f&lag", "Set the flag")
        self.saved()

    def edit(self) -> SetFlag:
        reader = FormReader()
        on = reader.day("on", self.on.text(), required=True)
        reader.done()
        assert on is not None
        return SetFlag(self.case_id, chosen_code(self.flag), on)

    def saved(self) -> None:
        self.flag.setCurrentIndex(0)
        self.on.setText(date_text(self.today))
        super().saved()


class ClearFlagForm(CaseForm):
    """Take one of the case's flags off."""

    def __init__(self, case_id: str, today: date) -> None:
        super().__init__("Clear a flag", case_id, today)
        self.flag = self.add_field("flag", "Flag set:", narrow_combo(), typed=False)
        self._submit_button("Clear flag", "Clear the flag")
        self.mark_saved()

    def show_case(self, case: EditableCase, snapshot: CaseSnapshot) -> None:
        flags = sorted(snapshot.flags, key=labels.flag_label)
        _refill(self.flag, [(labels.flag_label(f), f) for f in flags], empty="No flags set")
        self.submit.setEnabled(bool(flags))

    def edit(self) -> ClearFlag:
        return ClearFlag(self.case_id, str(self.flag.currentData()))


class EventForm(CaseForm):
    """Add a key event, or change or remove one picked from the case's events."""

    NEW = -1

    def __init__(self, case_id: str, today: date, terms: Terms) -> None:
        super().__init__("Key event", case_id, today)
        self.events: dict[int, tuple[Event, str]] = {}
        self.picked = self.add_field("event", "Event:", narrow_combo(), typed=False)
        self.picked.setAccessibleName("Key event to change")
        choices = ((k, labels.event_label(k)) for k in sorted(terms.events, key=labels.event_label))
        self.kind = self.add_field("kind", "Kind:", code_combo(choices, "Kind of event"))
        self.on = self.add_field("on", "Date:", date_edit("Event date"))
        number = QLineEdit()
        number.setPlaceholderText("e.g. 2 for the 2nd review")
        self.number = self.add_field("number", "Number:", number)
        self.remove_button = button("Re&move event", "Remove the key event")
        self.add_button(self.remove_button)
        self.update_button = button("&Update event", "Save the changes to the key event")
        self.add_button(self.update_button)
        self._submit_button("Add ne&w event", "Add a new key event")
        self.picked.currentIndexChanged.connect(self._load_picked)
        self._refill_events()
        self.mark_saved()

    def show_case(self, case: EditableCase, snapshot: CaseSnapshot) -> None:
        self.events = {i: (e, note) for i, e, note in case.events}
        keep = self.is_dirty()
        current = self.picked_id()
        self.picked.blockSignals(True)
        self._refill_events()
        index = self.picked.findData(current)
        self.picked.setCurrentIndex(max(index, 0))
        self.picked.blockSignals(False)
        if not keep:
            self._load_picked()

    def picked_id(self) -> int:
        """The id of the event picked, or :attr:`NEW`."""
        data = self.picked.currentData()
        return self.NEW if data is None else int(data)

    def edit(self) -> Edit:
        """A new event (the Add button) from the fields."""
        kind, on, number = self._read()
        return AddEvent(self.case_id, Event(kind, on, number))

    def changed_edit(self) -> Edit:
        """The picked event with the fields' kind, date and number (the Update button)."""
        kind, on, number = self._read()
        old, note = self.events[self.picked_id()]
        return EditEvent(self.case_id, self.picked_id(), event_moved(old, kind, on, number), note)

    def removal(self) -> Edit:
        """The picked event removed (the Remove button)."""
        return RemoveEvent(self.case_id, self.picked_id())

    def saved(self) -> None:
        self.picked.setCurrentIndex(0)
        self._load_picked()

    def _read(self) -> tuple[str, date, int | None]:
        reader = FormReader()
        on = reader.day("on", self.on.text(), required=True)
        number = reader.number("number", self.number.text())
        reader.done()
        assert on is not None
        return chosen_code(self.kind), on, number

    def _refill_events(self) -> None:
        ordered = sorted(self.events.items(), key=lambda item: item[1][0].on, reverse=True)
        texts = [("New event", self.NEW)] + [
            (_event_text(event), event_id) for event_id, (event, _note) in ordered
        ]
        _refill(self.picked, texts, empty="")

    def _load_picked(self) -> None:
        found = self.events.get(self.picked_id())
        event = found[0] if found else None
        self.kind.setCurrentIndex(max(self.kind.findData(event.kind), 0) if event else 0)
        self.on.setText(date_text(event.on) if event else "")
        self.number.setText(str(event.number) if event and event.number else "")
        self.update_button.setEnabled(event is not None)
        self.remove_button.setEnabled(event is not None)
        self.clear_problems()
        self.mark_saved()


class FileItemForm(CaseForm):
    """Mark a case-file document present (updated on a day) or absent."""

    def __init__(self, case_id: str, today: date, terms: Terms) -> None:
        super().__init__("Case-file item", case_id, today)
        self.updates: dict[str, date | None] = {}
        choices = (
            (k, labels.file_item_label(k))
            for k in sorted(terms.file_items, key=labels.file_item_label)
        )
        self.kind = self.add_field("kind", "Document:", code_combo(choices, "Case-file document"))
        self.present = self.add_field("present", "On file:", QCheckBox("Present on the file"))
        self.updated = self.add_field("updated", "Last updated:", date_edit("Document updated on"))
        self.present.toggled.connect(self.updated.setEnabled)
        self.kind.currentIndexChanged.connect(self._load_kind)
        self._submit_button("Record documen&t", "Record the case-file document")
        self.saved()

    def show_case(self, case: EditableCase, snapshot: CaseSnapshot) -> None:
        self.updates = {item.kind: item.updated for item in snapshot.file_items}

    def edit(self) -> SetFileItem:
        reader = FormReader()
        present = self.present.isChecked()
        updated = reader.day("updated", self.updated.text(), required=True) if present else None
        reader.done()
        return SetFileItem(self.case_id, chosen_code(self.kind), updated)

    def saved(self) -> None:
        self.kind.setCurrentIndex(0)
        self._load_kind()

    def _load_kind(self) -> None:
        kind = self.kind.currentData()
        updated = self.updates.get(kind) if kind else None
        self.present.setChecked(kind not in self.updates or updated is not None)
        self.updated.setText(date_text(updated))
        self.updated.setEnabled(self.present.isChecked())
        self.clear_problems()
        self.mark_saved()


def _event_text(event: Event) -> str:
    number = f" ({event.number})" if event.number else ""
    return f"{labels.day(event.on)} · {labels.event_label(event.kind)}{number}"


def _refill(combo: QComboBox, items: Iterable[tuple[str, object]], *, empty: str) -> None:
    """Replace a list's choices, keeping the one picked when it is still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    if combo.count() == 0 and empty:
        combo.addItem(empty, None)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    combo.blockSignals(False)
