"""Editing one case: typed edits, each checked field by field, written in one unit of work.

::

    undo = save(ws, AddStatus("C-0001", StatusSpell("C2", day)), today)   # checked, written
    redo = replay(ws, undo)                                               # written back

:func:`save` checks an edit against the pack's vocabulary and the case as stored and writes
nothing when any field is wrong (:class:`EditRefused` lists a :class:`FieldProblem` per field).
Every write returns the edit that undoes it, holding the values from before, so the desktop's
undo stack writes undo and redo through :func:`replay` and the audit trail records each one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from app.domain import vocabulary
from app.domain.case import Child, Event, FileItem, StatusSpell
from app.domain.off_file import DISAGREEMENT_KINDS
from app.domain.pack import Pack
from app.services.importing import NOT_A_DATE, birth_date_problem, parse_date
from app.services.workspace import Workspace
from app.storage.repository import CaseRepository

SEXES = ("F", "M", "unknown")
MAX_NAME = 100
MAX_NUMBER = 999
NOT_AFTER_TODAY = "cannot be after today"


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field of an edit, in words for the person typing."""

    field: str
    message: str


class EditRefused(Exception):
    """Nothing was written: each problem names a field and what to do."""

    def __init__(self, problems: Iterable[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


# -- the edits --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeDetails:
    """Set the child's personal details (names, dates of birth, sex, disability, UASC)."""

    case_id: str
    child: Child
    title = "change personal details"


@dataclass(frozen=True)
class AddStatus:
    """Record a legal status spell."""

    case_id: str
    spell: StatusSpell
    title = "add a legal status"


@dataclass(frozen=True)
class SetStatusEnd:
    """End a legal status spell on a day (or reopen it with None)."""

    case_id: str
    status_id: int
    end: date | None
    title = "end a legal status"


@dataclass(frozen=True)
class RemoveStatus:
    """Delete a legal status spell (the undo of adding one)."""

    case_id: str
    status_id: int
    title = "remove a legal status"


@dataclass(frozen=True)
class SetFlag:
    """Set a flag on the child from a day."""

    case_id: str
    flag: str
    on: date
    title = "set a flag"


@dataclass(frozen=True)
class ClearFlag:
    """Take a flag off the child."""

    case_id: str
    flag: str
    title = "clear a flag"


@dataclass(frozen=True)
class AddEvent:
    """Record a key event."""

    case_id: str
    event: Event
    note: str = ""
    title = "add a key event"


@dataclass(frozen=True)
class EditEvent:
    """Change a key event's kind, date or number."""

    case_id: str
    event_id: int
    event: Event
    note: str = ""
    title = "change a key event"


@dataclass(frozen=True)
class RemoveEvent:
    """Delete a key event."""

    case_id: str
    event_id: int
    title = "remove a key event"


@dataclass(frozen=True)
class SetFileItem:
    """Mark a case-file item present (updated on a day) or absent (None: not on file)."""

    case_id: str
    kind: str
    updated: date | None
    note: str = ""
    title = "record a case-file item"


@dataclass(frozen=True)
class RemoveFileItem:
    """Delete a case-file item's row (the undo of recording one for the first time)."""

    case_id: str
    kind: str
    title = "remove a case-file item"


Edit = (
    ChangeDetails
    | AddStatus
    | SetStatusEnd
    | RemoveStatus
    | SetFlag
    | ClearFlag
    | AddEvent
    | EditEvent
    | RemoveEvent
    | SetFileItem
    | RemoveFileItem
)


# -- what the edit forms need -----------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """The codes an edit may use: the shared vocabulary plus the pack's own words."""

    statuses: frozenset[str]
    flags: frozenset[str]
    events: frozenset[str]
    file_items: frozenset[str]

    @classmethod
    def of(cls, pack: Pack) -> Terms:
        """The shared vocabulary and ``pack``'s; a disagreement's events (kept off the child's
        file, in the disagreements table) excluded."""
        words = pack.vocabulary
        return cls(
            statuses=frozenset(vocabulary.LEGAL_STATUSES) | {t.id for t in words.statuses},
            flags=frozenset(vocabulary.FLAGS) | {t.id for t in words.flags},
            events=(frozenset(vocabulary.EVENTS) | {t.id for t in words.events})
            - DISAGREEMENT_KINDS,
            file_items=frozenset(vocabulary.FILE_ITEMS) | {t.id for t in words.file_items},
        )


@dataclass(frozen=True)
class EditableCase:
    """The rows of one case an edit can name: status spells and key events with their ids."""

    child: Child
    statuses: tuple[tuple[int, StatusSpell], ...]
    events: tuple[tuple[int, Event, str], ...]


def editable_case(ws: Workspace, case_id: str) -> EditableCase:
    """The child, status spells and on-file key events of ``case_id`` with their row ids."""
    with ws.unit_of_work() as uow:
        child = uow.cases.child(case_id)
        statuses = uow.cases.status_spells(case_id)
        events = uow.cases.key_events(case_id)
    on_file = [e for e in events if e[1].kind not in DISAGREEMENT_KINDS]
    return EditableCase(child, tuple(statuses), tuple(on_file))


class FormReader:
    """Reads typed text into values, noting a :class:`FieldProblem` for each it cannot read."""

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def day(self, field: str, text: str, *, required: bool = False) -> date | None:
        """A date typed as YYYY-MM-DD or DD/MM/YYYY (the importer's rule); None when empty."""
        text = text.strip()
        if not text:
            if required:
                self.problems.append(FieldProblem(field, "enter a date (DD/MM/YYYY)"))
            return None
        parsed = parse_date(text)
        if parsed is None:
            self.problems.append(FieldProblem(field, NOT_A_DATE))
        return parsed

    def number(self, field: str, text: str) -> int | None:
        """A whole number from 1 to :data:`MAX_NUMBER`; None when empty."""
        text = text.strip()
        if not text:
            return None
        if not text.isdigit() or not 1 <= int(text) <= MAX_NUMBER:
            self.problems.append(FieldProblem(field, f"use a whole number from 1 to {MAX_NUMBER}"))
            return None
        return int(text)

    def done(self) -> None:
        """Raise :class:`EditRefused` if any field could not be read."""
        if self.problems:
            raise EditRefused(self.problems)


def details_edit(
    case_id: str,
    *,
    given_name: str,
    family_name: str,
    dob: str,
    expected_dob: str,
    sex: str,
    disability: bool,
    uasc: bool,
    today: date,
) -> ChangeDetails:
    """The personal details as typed, read and checked at once: every field's problem is
    raised together in :class:`EditRefused` (an unreadable date, an empty name …)."""
    reader = FormReader()
    born = reader.day("dob", dob)
    expected = reader.day("expected_dob", expected_dob)
    child = Child(
        case_id, given_name.strip(), family_name.strip(), born, expected, sex, disability, uasc
    )
    unread = {p.field for p in reader.problems}
    reader.problems += [p for p in _details_problems(child, today) if p.field not in unread]
    reader.done()
    return ChangeDetails(case_id, child)


def event_moved(old: Event, kind: str, on: date, number: int | None) -> Event:
    """``old`` with a new kind, day and number; a time of day it had stays on the new day."""
    at = datetime.combine(on, old.at.time()) if old.at else None
    return dataclasses.replace(old, kind=kind, on=on, number=number, at=at)


# -- checking and writing ---------------------------------------------------------------------


def save(ws: Workspace, edit: Edit, today: date) -> Edit:
    """Check ``edit`` and write it; returns the edit that undoes it.

    Raises :class:`EditRefused` (nothing written) when a field is wrong or the row it names is
    gone; :class:`~app.storage.errors.StorageError` when the environment fails.
    """
    return _write(ws, edit, Terms.of(ws.pack), today)


def replay(ws: Workspace, edit: Edit) -> Edit:
    """Write an undo or redo returned by :func:`save` (or by an earlier replay) as it is.

    It is not checked again: it puts back values that were on the case. Returns the edit that
    undoes it; :class:`EditRefused` when the row it names has gone meanwhile.
    """
    return _write(ws, edit, None, None)


def check(edit: Edit, terms: Terms, today: date) -> list[FieldProblem]:
    """The problems of ``edit``'s fields on their own (the stored case is not read)."""
    match edit:
        case ChangeDetails(child=child):
            return _details_problems(child, today)
        case AddStatus(spell=spell):
            return _status_problems(spell, terms, today)
        case SetStatusEnd(end=end) if end is not None:
            return _not_future("end", end, today)
        case SetFlag(flag=flag, on=on):
            return _known("flag", flag, terms.flags, "flag") + _not_future("on", on, today)
        case AddEvent(event=event) | EditEvent(event=event):
            problems = _known("kind", event.kind, terms.events, "key event")
            return problems + _not_future("on", event.on, today)
        case SetFileItem(kind=kind, updated=updated):
            problems = _known("kind", kind, terms.file_items, "case-file item")
            return problems + (_not_future("updated", updated, today) if updated else [])
    return []


def _write(ws: Workspace, edit: Edit, terms: Terms | None, today: date | None) -> Edit:
    with ws.unit_of_work() as uow:
        cases = uow.cases
        if terms is not None and today is not None:
            problems = check(edit, terms, today) or _state_problems(cases, edit)
            if problems:
                raise EditRefused(problems)
        try:
            undo = _apply(cases, edit)
        except LookupError as gone:  # the row was changed elsewhere since the case was read
            raise EditRefused(
                [FieldProblem("case", "this entry is no longer on the case: reopen the case")]
            ) from gone
        uow.commit()
    return undo


def _apply(cases: CaseRepository, edit: Edit) -> Edit:
    """Write ``edit`` and return its undo."""
    case_id = edit.case_id
    match edit:
        case ChangeDetails(child=child):
            was = cases.child(case_id)
            cases.update_child(child)
            return ChangeDetails(case_id, was)
        case AddStatus(spell=spell):
            return RemoveStatus(case_id, cases.add_status(case_id, spell))
        case SetStatusEnd(status_id=status_id, end=end):
            return SetStatusEnd(case_id, status_id, cases.set_status_end(case_id, status_id, end))
        case RemoveStatus(status_id=status_id):
            return AddStatus(case_id, cases.remove_status(case_id, status_id))
        case SetFlag(flag=flag, on=on):
            cases.set_flag(case_id, flag, on)
            return ClearFlag(case_id, flag)
        case ClearFlag(flag=flag):
            set_on = cases.flag_set_on(case_id, flag)
            if set_on is None or not cases.clear_flag(case_id, flag):
                raise LookupError(flag)
            return SetFlag(case_id, flag, set_on)
        case AddEvent(event=event, note=note):
            return RemoveEvent(case_id, cases.add_event(case_id, event, note))
        case EditEvent(event_id=event_id, event=event, note=note):
            old, old_note = _event(cases, case_id, event_id)
            cases.update_event(case_id, event_id, event, note)
            return EditEvent(case_id, event_id, old, old_note)
        case RemoveEvent(event_id=event_id):
            removed, note = cases.remove_event(case_id, event_id)
            return AddEvent(case_id, removed, note)
        case SetFileItem():
            return _set_file_item(cases, edit)
        case RemoveFileItem(kind=kind):
            entry = cases.file_item_entry(case_id, kind)
            if entry is None:
                raise LookupError(kind)
            cases.remove_file_item(case_id, kind)
            return SetFileItem(case_id, kind, entry[0], entry[1])
    raise TypeError(f"not an edit: {type(edit).__name__}")


def _set_file_item(cases: CaseRepository, edit: SetFileItem) -> Edit:
    before = cases.file_item_entry(edit.case_id, edit.kind)
    cases.upsert_file_item(edit.case_id, FileItem(edit.kind, edit.updated), edit.note)
    if before is None:
        return RemoveFileItem(edit.case_id, edit.kind)
    return SetFileItem(edit.case_id, edit.kind, before[0], before[1])


def _event(cases: CaseRepository, case_id: str, event_id: int) -> tuple[Event, str]:
    for found_id, event, note in cases.key_events(case_id):
        if found_id == event_id:
            return event, note
    raise LookupError(event_id)


def _state_problems(cases: CaseRepository, edit: Edit) -> list[FieldProblem]:
    """The problems only the stored case shows (a flag already set, an end before the start)."""
    match edit:
        case SetStatusEnd(status_id=status_id, end=end) if end is not None:
            spells = dict(cases.status_spells(edit.case_id))
            spell = spells.get(status_id)
            if spell is not None and end < spell.start:
                return [FieldProblem("end", "the end cannot be before the status began")]
        case SetFlag(flag=flag) if cases.flag_set_on(edit.case_id, flag) is not None:
            return [FieldProblem("flag", "this flag is already set")]
        case ClearFlag(flag=flag) if cases.flag_set_on(edit.case_id, flag) is None:
            return [FieldProblem("flag", "this flag is not set on the case")]
    return []


def _details_problems(child: Child, today: date) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for field, value in (("given_name", child.given_name), ("family_name", child.family_name)):
        if not value.strip():
            problems.append(FieldProblem(field, "must not be empty"))
        elif len(value) > MAX_NAME:
            problems.append(FieldProblem(field, f"use at most {MAX_NAME} characters"))
    if child.dob is not None:
        wrong = birth_date_problem(child.dob, today)
        if wrong:
            problems.append(FieldProblem("dob", wrong))
    elif child.expected_dob is None:
        problems.append(
            FieldProblem("dob", "give a date of birth, or an expected date for an unborn child")
        )
    if child.sex not in SEXES:
        problems.append(FieldProblem("sex", "choose female, male or not recorded"))
    return problems


def _status_problems(spell: StatusSpell, terms: Terms, today: date) -> list[FieldProblem]:
    problems = _known("code", spell.code, terms.statuses, "legal status")
    problems += _not_future("start", spell.start, today)
    if spell.end is not None and spell.end < spell.start:
        problems.append(FieldProblem("end", "the end cannot be before the start"))
    return problems


def _known(field: str, code: str, known: frozenset[str], what: str) -> list[FieldProblem]:
    if not code.strip():
        return [FieldProblem(field, f"choose a {what}")]
    if code not in known:
        return [
            FieldProblem(
                field, f"not a {what} of this caseload's policy pack: pick one from the list"
            )
        ]
    return []


def _not_future(field: str, day: date, today: date) -> list[FieldProblem]:
    return [FieldProblem(field, NOT_AFTER_TODAY)] if day > today else []
