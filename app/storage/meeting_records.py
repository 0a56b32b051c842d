"""The plain frozen records the meeting repository hands out, and their making from rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.storage.meeting_models import MeetingActionRow, MeetingItemRow, MeetingRow


@dataclass(frozen=True)
class MeetingRecord:
    """One sitting of a meeting."""

    id: int
    meeting_type: str
    area: str
    pack_id: str
    pack_version: str
    scheduled_on: date
    held_on: date
    status: str
    chair: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ItemRecord:
    """A case on a sitting's agenda, with its decision once made."""

    id: int
    meeting_id: int
    child_id: str
    position: int
    origin: str
    removed: bool
    late: bool
    reasons_json: str
    decision: str | None = None
    transfer_id: int | None = None
    receiving_team: str | None = None
    receiving_worker_id: str | None = None
    transfer_date: date | None = None
    joint_visit_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class AttendeeRecord:
    name: str
    role: str = ""
    team: str = ""
    present: bool = True


@dataclass(frozen=True)
class ActionRecord:
    """An action of a sitting; ``child_id`` is set when it is about one case."""

    id: int
    meeting_id: int
    item_id: int | None
    child_id: str | None
    text: str
    owner: str
    due_on: date | None
    done_on: date | None


def meeting_record(row: MeetingRow) -> MeetingRecord:
    """The record of a sitting row."""
    return MeetingRecord(
        id=row.id,
        meeting_type=row.meeting_type,
        area=row.area,
        pack_id=row.pack_id,
        pack_version=row.pack_version,
        scheduled_on=row.scheduled_on,
        held_on=row.held_on,
        status=row.status,
        chair=row.chair,
        notes=row.notes,
    )


def item_record(row: MeetingItemRow) -> ItemRecord:
    """The record of an agenda item row."""
    return ItemRecord(
        id=row.id,
        meeting_id=row.meeting_id,
        child_id=row.child_id,
        position=row.position,
        origin=row.origin,
        removed=bool(row.removed),
        late=bool(row.late),
        reasons_json=row.reasons_json,
        decision=row.decision,
        transfer_id=row.transfer_id,
        receiving_team=row.receiving_team,
        receiving_worker_id=row.receiving_worker_id,
        transfer_date=row.transfer_date,
        joint_visit_on=row.joint_visit_on,
        notes=row.notes,
    )


def action_record(row: MeetingActionRow, child_id: str | None) -> ActionRecord:
    """The record of an action row, with the child of its item (if any)."""
    return ActionRecord(
        id=row.id,
        meeting_id=row.meeting_id,
        item_id=row.item_id,
        child_id=child_id,
        text=row.text,
        owner=row.owner,
        due_on=row.due_on,
        done_on=row.done_on,
    )
