"""The input of every printed document: plain, frozen values that the services fill in.

Nothing here knows about the database, the policy packs or reportlab. Every date a document shows
is given as a ``date`` (or ``datetime``); the services compute them with the working calendar and
the clocks, and the reports only print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class ItemState(StrEnum):
    """The answer to one checklist item."""

    MET = "met"
    GAP = "gap"
    NOT_APPLICABLE = "n/a"


class DeadlineState(StrEnum):
    """Where a deadline stands on the day the document is made."""

    OPEN = "open"
    DONE = "done"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DocumentInfo:
    """What every page footer says: which document, for which case(s), made from what."""

    title: str
    case_ids: tuple[str, ...]
    generated_at: datetime
    pack_id: str
    pack_version: str
    audit_position: str

    def __post_init__(self) -> None:
        if not self.case_ids:
            raise ValueError("a document is always about at least one case")


@dataclass(frozen=True)
class Person:
    """A named worker or manager and the team they belong to."""

    name: str
    team: str
    role: str = ""


@dataclass(frozen=True)
class People:
    """Who hands the case over and who receives it (the receiving worker may not be allocated)."""

    transferring_worker: Person
    transferring_manager: Person
    receiving_manager: Person
    receiving_worker: Person | None = None


@dataclass(frozen=True)
class KeyDate:
    label: str
    when: date


@dataclass(frozen=True)
class KeyAnswer:
    """One of the key questions asked before transfer, and its answer."""

    question: str
    answer: str


@dataclass(frozen=True)
class ChecklistRow:
    item: str
    state: ItemState
    evidence: str = ""
    when: date | None = None
    cite: str = ""


@dataclass(frozen=True)
class Deadline:
    """A due date with the rule that set it and the procedure section it comes from."""

    label: str
    due: date
    rule: str
    cite: str
    state: DeadlineState = DeadlineState.OPEN


@dataclass(frozen=True)
class Visit:
    """A joint or goodbye visit (``kind`` is printed as given, e.g. "Joint visit")."""

    kind: str
    when: date
    note: str = ""


@dataclass(frozen=True)
class Agreement:
    who: str
    what: str
    when: datetime


@dataclass(frozen=True)
class Override:
    """A rule set aside, by whom (and their role), why and when."""

    rule: str
    authoriser: str
    role: str
    reason: str
    when: datetime


@dataclass(frozen=True)
class Action:
    action: str
    owner: str
    due: date | None = None


@dataclass(frozen=True)
class ChronologyEvent:
    when: date
    text: str


@dataclass(frozen=True)
class ChildSection:
    """Everything a transfer summary says about one child.

    ``age`` is the printed age ("15 years 6 months", "unborn"); ``dob_expected`` marks a pre-birth
    case whose ``dob`` is the expected date of delivery. ``summary`` is free text: blank lines
    separate paragraphs.
    """

    child_id: str
    display_name: str
    dob: date | None
    age: str
    from_team: str
    to_team: str
    pathway: str
    pathway_cite: str
    transfer_point: str
    transfer_date: date | None = None
    dob_expected: bool = False
    legal_status: tuple[str, ...] = ()
    key_dates: tuple[KeyDate, ...] = ()
    key_answers: tuple[KeyAnswer, ...] = ()
    checklist_title: str = ""
    checklist_cite: str = ""
    checklist: tuple[ChecklistRow, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    visits: tuple[Visit, ...] = ()
    co_working_start: date | None = None
    co_working_end: date | None = None
    agreements: tuple[Agreement, ...] = ()
    overrides: tuple[Override, ...] = ()
    actions: tuple[Action, ...] = ()
    chronology: tuple[ChronologyEvent, ...] = ()
    summary: str = ""


@dataclass(frozen=True)
class TransferSummary:
    """The transfer summary of one child."""

    info: DocumentInfo
    people: People
    child: ChildSection


@dataclass(frozen=True)
class HandoverPack:
    """The pack the receiving team gets: one transfer, or a sibling group moving together.

    There is deliberately no place here for disagreements between teams or their escalation.
    Cambridgeshire's procedure says a disagreement is never written on the child's file, and the
    pack travels with the file, so a disagreement can never reach a printed pack. Keep it that way:
    do not add such a field, and do not smuggle one into free text.
    """

    info: DocumentInfo
    people: People
    children: tuple[ChildSection, ...]

    def __post_init__(self) -> None:
        if not self.children:
            raise ValueError("a handover pack holds at least one child")


@dataclass(frozen=True)
class Gap:
    """A checklist item not met: what is needed to meet it and who must act."""

    item: str
    needed: str
    who: str
    cite: str = ""


@dataclass(frozen=True)
class GapList:
    """The gaps one checklist audit found, for the sending worker, with the pack's deadline."""

    info: DocumentInfo
    child_id: str
    child_name: str
    checklist_title: str
    checklist_cite: str
    audited_on: date
    gaps: tuple[Gap, ...]
    deadline: date
    deadline_rule: str
    deadline_cite: str
    sending_worker: Person
    sending_manager: Person | None = None
