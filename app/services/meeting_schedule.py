"""Meeting schedules in the store: the first sitting set by the user, and the sittings.

A pack's meeting rule that names no day (York's weekly meeting, the 2021 monthly meeting) takes
its weekday or day of month from the first sitting the user sets, kept as a setting. The rules
themselves are :mod:`app.domain.meetings`.
"""

from __future__ import annotations

from datetime import date

from app.domain.meetings import NeedsAnchor, Sitting, Window, needs_anchor, sitting_on, sittings
from app.domain.meetings import window as window_of
from app.domain.pack import Meeting
from app.services.workspace import Workspace
from app.storage.meetings import MeetingRecord
from app.storage.uow import UnitOfWork

ANCHOR_SETTING = "meeting.{}.first_sitting"


class MeetingError(Exception):
    """Something the manager can put right: a day the meeting does not sit, an unknown id."""


def pack_meeting(ws: Workspace, meeting_type: str) -> Meeting:
    """The pack's meeting of that id; MeetingError naming the pack's meetings if none."""
    try:
        return ws.pack.meeting(meeting_type)
    except KeyError:
        known = ", ".join(m.id for m in ws.pack.meetings) or "none"
        raise MeetingError(f"pack {ws.pack.id} has no meeting {meeting_type!r} ({known})") from None


def first_sitting(ws: Workspace, meeting_type: str) -> date | None:
    """The first sitting set for the meeting type (rules that name no day take theirs from it)."""
    with ws.unit_of_work() as uow:
        value = uow.settings.get(ANCHOR_SETTING.format(meeting_type))
    return date.fromisoformat(value) if value else None


def set_first_sitting(ws: Workspace, meeting_type: str, day: date) -> None:
    """Set the meeting type's first sitting."""
    pack_meeting(ws, meeting_type)
    with ws.unit_of_work() as uow:
        uow.settings.set(ANCHOR_SETTING.format(meeting_type), day.isoformat())
        uow.commit()


def schedule(ws: Workspace, meeting_type: str, start: date, end: date) -> list[Sitting]:
    """The sittings from ``start`` to ``end``, moved off bank holidays and closure days."""
    meeting = pack_meeting(ws, meeting_type)
    try:
        return sittings(meeting, ws.calendar, start, end, first_sitting(ws, meeting_type))
    except NeedsAnchor as exc:
        raise MeetingError(str(exc)) from None


def window_for(ws: Workspace, meeting_type: str, day: date) -> Window:
    """The sitting scheduled for, or held on, ``day``, with its horizon and cut-off.

    A rule that names no day, with no first sitting set yet, takes ``day`` as its first.
    MeetingError if the meeting does not sit on ``day``, naming the sittings around it.
    """
    meeting = pack_meeting(ws, meeting_type)
    anchor = first_sitting(ws, meeting_type)
    if anchor is None and needs_anchor(meeting):
        anchor = day
    found = sitting_on(meeting, ws.calendar, day, anchor)
    if found is None:
        near = sittings(meeting, ws.calendar, day.replace(day=1), _month_after(day), anchor)
        dates = ", ".join(f"{s.held}" for s in near) or "none"
        raise MeetingError(f"the {meeting.name} does not sit on {day}: it sits on {dates}")
    return window_of(meeting, ws.pack, found, ws.calendar, anchor)


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 28)


def stored_window(ws: Workspace, uow: UnitOfWork, sitting: MeetingRecord) -> Window:
    """The stored sitting's window, worked out again from the pack and the calendar."""
    meeting = ws.pack.meeting(sitting.meeting_type)
    stored = uow.settings.get(ANCHOR_SETTING.format(meeting.id))
    anchor = date.fromisoformat(stored) if stored else sitting.scheduled_on
    moved = Sitting(
        meeting.id,
        sitting.scheduled_on,
        sitting.held_on,
        ws.calendar.non_working_reason(sitting.scheduled_on)
        if sitting.scheduled_on != sitting.held_on
        else None,
    )
    return window_of(meeting, ws.pack, moved, ws.calendar, anchor)


def stored_sitting(uow: UnitOfWork, meeting_id: int) -> MeetingRecord:
    try:
        return uow.meetings.get(meeting_id)
    except LookupError:
        raise MeetingError(f"no meeting {meeting_id}") from None


def planned_sitting(uow: UnitOfWork, meeting_id: int) -> MeetingRecord:
    sitting = stored_sitting(uow, meeting_id)
    if sitting.status != "planned":
        raise MeetingError(f"meeting {meeting_id} is {sitting.status}: its agenda is closed")
    return sitting


def meeting_name(ws: Workspace, meeting_type: str) -> str:
    try:
        return ws.pack.meeting(meeting_type).name
    except KeyError:
        return meeting_type
