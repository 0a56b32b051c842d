"""What the desktop's meeting views read: each meeting type with its next sittings and the ones
on record, a sitting's attendance and actions, the names on its agenda, the receiving choices,
and the open disagreements a decision on an item would settle.

Reads only; the changes go through :mod:`app.services.meetings`. Each function opens its own
unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.domain.meetings import (
    LOOKAHEAD,
    NeedsAnchor,
    Window,
    is_per_case,
    needs_anchor,
    rule_parts,
    sittings,
    window,
)
from app.domain.pack import Meeting
from app.services import disagreements
from app.services.disagreements import DisagreementView
from app.services.meeting_decisions import decision_transfer, stored_item
from app.services.meeting_schedule import first_sitting, meeting_name, pack_meeting, stored_sitting
from app.services.workspace import Workspace
from app.storage.meetings import ActionRecord, AttendeeRecord, ItemRecord, MeetingRecord

__all__ = [
    "ItemRecord",
    "MeetingOverview",
    "SittingSummary",
    "agenda_records",
    "attendance",
    "cadence_words",
    "case_names",
    "meeting_name",
    "meeting_overview",
    "open_disagreements",
    "receiving_teams",
    "sitting",
    "sitting_actions",
    "sittings_on_record",
]

#: How many coming sittings the Meetings view lists per meeting type.
UPCOMING = 6
_DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
              "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}  # fmt: skip
_ORDINALS = {"1": "1st", "2": "2nd", "3": "3rd", "4": "4th", "5": "5th", "-1": "last"}


@dataclass(frozen=True)
class SittingSummary:
    """A sitting on record, with how far its business got."""

    record: MeetingRecord
    cases: int
    decided: int
    open_actions: int


@dataclass(frozen=True)
class MeetingOverview:
    """One of the pack's meetings: its rule in words, its next sittings, those on record."""

    meeting: Meeting
    cadence: str
    first_sitting: date | None
    upcoming: tuple[Window, ...]
    on_record: tuple[SittingSummary, ...]

    @property
    def per_case(self) -> bool:
        """Convened per case when needed: no schedule of its own."""
        return is_per_case(self.meeting)

    @property
    def waits_for_first_sitting(self) -> bool:
        """The rule takes its day from a first sitting that has not been set."""
        return self.first_sitting is None and needs_anchor(self.meeting)


def cadence_words(meeting: Meeting) -> str:
    """The meeting's rule in a manager's words: "Weekly on Tuesday", "Monthly", "Per case"."""
    parts = rule_parts(meeting.cadence)
    if is_per_case(meeting):
        return "Convened for each case when it needs one"
    freq = parts.get("FREQ", "")
    every = parts.get("INTERVAL", "1")
    word = {"DAILY": "Daily", "WEEKLY": "Weekly", "MONTHLY": "Monthly", "YEARLY": "Yearly"}
    text = word.get(freq, freq.capitalize())
    if every != "1":
        unit = {"DAILY": "days", "WEEKLY": "weeks", "MONTHLY": "months"}.get(freq, "times")
        text = f"Every {every} {unit}"
    days = [d.strip().upper() for d in parts.get("BYDAY", "").split(",") if d.strip()]
    if days:
        text += " on " + _days_words(days)
    elif "BYMONTHDAY" in parts:
        text += f" on day {parts['BYMONTHDAY']} of the month"
    if needs_anchor(meeting):
        text += " (the day comes from the first sitting)"
    return text


def meeting_overview(
    ws: Workspace, meeting_type: str, today: date, area: str = "", count: int = UPCOMING
) -> MeetingOverview:
    """The meeting type's next ``count`` sittings from ``today`` and its sittings on record."""
    meeting = pack_meeting(ws, meeting_type)
    anchor = first_sitting(ws, meeting_type)
    return MeetingOverview(
        meeting,
        cadence_words(meeting),
        anchor,
        tuple(_upcoming(ws, meeting, today, anchor, count)),
        tuple(sittings_on_record(ws, meeting_type, area)),
    )


def _upcoming(
    ws: Workspace, meeting: Meeting, today: date, anchor: date | None, count: int
) -> list[Window]:
    if is_per_case(meeting):
        return []
    try:
        found = sittings(meeting, ws.calendar, today, today + LOOKAHEAD, anchor)
    except NeedsAnchor:
        return []
    return [window(meeting, ws.pack, s, ws.calendar, anchor) for s in found[:count]]


def sittings_on_record(ws: Workspace, meeting_type: str, area: str = "") -> list[SittingSummary]:
    """The stored sittings of the type in ``area``, latest first, with their progress."""
    with ws.unit_of_work() as uow:
        records = [s for s in uow.meetings.sittings(meeting_type) if s.area == area]
        found = []
        for record in reversed(records):
            cases, decided = uow.meetings.progress(record.id)  # counted, not read
            open_count = len(uow.meetings.actions([record.id], open_only=True))
            found.append(SittingSummary(record, cases, decided, open_count))
    return found


def sitting(ws: Workspace, meeting_id: int) -> MeetingRecord:
    """One stored sitting (MeetingError if there is none)."""
    with ws.unit_of_work() as uow:
        return stored_sitting(uow, meeting_id)


def agenda_records(ws: Workspace, meeting_id: int) -> list[ItemRecord]:
    """The sitting's items as stored (decisions included), in order; no case is described.

    One query: what a screen needs after a decision, where ``agenda`` would describe every case.
    """
    with ws.unit_of_work() as uow:
        stored_sitting(uow, meeting_id)
        return uow.meetings.items(meeting_id)


def receiving_teams(ws: Workspace, records: Sequence[ItemRecord]) -> dict[int, str]:
    """Item id → the team receiving its case: the one the decision named, else its transfer's."""
    found = {r.id: r.receiving_team for r in records if r.receiving_team}
    pending = [(r.id, r.transfer_id) for r in records if r.id not in found and r.transfer_id]
    if pending:
        with ws.unit_of_work() as uow:
            for item_id, transfer_id in pending:
                to_team = uow.transfers.get(transfer_id).to_team
                if to_team:
                    found[item_id] = to_team
    return found


def open_disagreements(ws: Workspace, item_id: int, today: date) -> list[DisagreementView]:
    """The disagreements open on the transfer a decision on the item is about, oldest first:
    agreeing it settles them (see :mod:`app.services.meeting_decisions`)."""
    with ws.unit_of_work() as uow:
        item = stored_item(uow, item_id)
        meeting = ws.pack.meeting(stored_sitting(uow, item.meeting_id).meeting_type)
        transfer_id = decision_transfer(uow, meeting, item)
        if transfer_id is None:
            return []
        records = disagreements.open_on(uow, transfer_id)
        return disagreements.disagreement_views(ws, uow, records, today)


def attendance(ws: Workspace, meeting_id: int) -> list[AttendeeRecord]:
    """Who attended the sitting and who sent apologies, as recorded."""
    with ws.unit_of_work() as uow:
        stored_sitting(uow, meeting_id)
        return uow.meetings.attendance(meeting_id)


def sitting_actions(ws: Workspace, meeting_id: int) -> list[ActionRecord]:
    """Every action the sitting agreed (done or not), soonest due first."""
    with ws.unit_of_work() as uow:
        stored_sitting(uow, meeting_id)
        return uow.meetings.actions([meeting_id])


def case_names(ws: Workspace, case_ids: Iterable[str]) -> dict[str, str]:
    """Case id → the child's name, for the cases given that are on the caseload."""
    with ws.unit_of_work() as uow:
        return {s.id: s.child.display_name for s in uow.cases.snapshots(list(case_ids))}


def _days_words(codes: list[str]) -> str:
    """``["1TU", "3TU"]`` → "the 1st and 3rd Tuesday"; ``["MO", "TU"]`` → "Monday and Tuesday"."""
    names = {_DAY_NAMES.get(c[-2:], c[-2:]) for c in codes}
    numbers = [c[:-2].lstrip("+") for c in codes]
    if len(names) == 1 and all(numbers):
        return f"the {_joined([_ORDINALS.get(n, n) for n in numbers])} {names.pop()}"
    return _joined([_day_words(c) for c in codes])


def _day_words(code: str) -> str:
    number, name = code[:-2].lstrip("+"), code[-2:]
    day = _DAY_NAMES.get(name, name)
    return f"the {_ORDINALS.get(number, number)} {day}" if number else day


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
