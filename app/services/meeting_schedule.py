"""Meeting schedules in the store: the first sitting set by the user, and the sittings.

A pack's meeting rule that names no day (York's weekly meeting, the 2021 monthly meeting) takes
its weekday or day of month from the first sitting the user sets, kept as a setting. A meeting
held in several areas (Nottingham's locality hubs) keeps a first sitting per area too: it gives
that area its own weekday (``on_weekday_of``). The rules themselves are
:mod:`app.domain.meetings`.
"""

from __future__ import annotations

from datetime import date

from app.domain.meetings import (
    NeedsAnchor,
    Sitting,
    Window,
    needs_anchor,
    on_weekday_of,
    sitting_on,
    sittings,
)
from app.domain.meetings import window as window_of
from app.domain.pack import Meeting
from app.services.workspace import Workspace
from app.storage.meetings import MeetingRecord
from app.storage.uow import UnitOfWork

ANCHOR_SETTING = "meeting.{}.first_sitting"
AREA_ANCHOR_SETTING = "meeting.{}.{}.first_sitting"  # meeting type, area


class MeetingError(Exception):
    """Something the manager can put right: a day the meeting does not sit, an unknown id."""


def pack_meeting(ws: Workspace, meeting_type: str) -> Meeting:
    """The pack's meeting of that id; MeetingError naming the pack's meetings if none."""
    try:
        return ws.pack.meeting(meeting_type)
    except KeyError:
        known = ", ".join(m.id for m in ws.pack.meetings) or "none"
        raise MeetingError(f"pack {ws.pack.id} has no meeting {meeting_type!r} ({known})") from None


def first_sitting(ws: Workspace, meeting_type: str, area: str = "") -> date | None:
    """The first sitting set for the meeting type (rules that name no day take theirs from it),
    or for one of its areas (which gives the area its own weekday); None if none is set."""
    with ws.unit_of_work() as uow:
        return _stored_anchor(uow, meeting_type, area)


def set_first_sitting(ws: Workspace, meeting_type: str, day: date, area: str = "") -> None:
    """Set the meeting type's first sitting, or one area's (its weekday becomes the area's).

    MeetingError for an area the meeting is not held in, or an area's day that is not one of
    its sittings on that weekday (the fifth Tuesday of a "first four Tuesdays" rule).
    """
    meeting = pack_meeting(ws, meeting_type)
    if area:
        _check_area(meeting, area)
        local = on_weekday_of(meeting, day)
        if sitting_on(local, ws.calendar, day, day) is None:
            month = sittings(local, ws.calendar, day.replace(day=1), _month_after(day))
            dates = ", ".join(f"{s.scheduled}" for s in month if s.scheduled.month == day.month)
            raise MeetingError(
                f"the {meeting.name} would not sit on {day} in {area}: on that weekday it "
                f"would sit on {dates or 'no day that month'}; choose one of those"
            )
    with ws.unit_of_work() as uow:
        uow.settings.set(anchor_key(meeting_type, area), day.isoformat())
        uow.commit()


def schedule(
    ws: Workspace, meeting_type: str, start: date, end: date, area: str = ""
) -> list[Sitting]:
    """The sittings from ``start`` to ``end`` (in ``area``), moved off bank holidays and
    closure days."""
    meeting, anchor = _local(ws, pack_meeting(ws, meeting_type), area)
    try:
        return sittings(meeting, ws.calendar, start, end, anchor)
    except NeedsAnchor as exc:
        raise MeetingError(str(exc)) from None


def window_for(ws: Workspace, meeting_type: str, day: date, area: str = "") -> Window:
    """The sitting scheduled for, or held on, ``day`` (in ``area``), with its horizon and cut-off.

    A rule that names no day, with no first sitting set yet, takes ``day`` as its first.
    MeetingError if the meeting does not sit on ``day``, naming the sittings around it.
    """
    meeting, anchor = _local(ws, pack_meeting(ws, meeting_type), area)
    if anchor is None and needs_anchor(meeting):
        anchor = day
    found = sitting_on(meeting, ws.calendar, day, anchor)
    if found is None:
        near = sittings(meeting, ws.calendar, day.replace(day=1), _month_after(day), anchor)
        dates = ", ".join(f"{s.held}" for s in near) or "none"
        where = f" in {area}" if area else ""
        raise MeetingError(f"the {meeting.name} does not sit on {day}{where}: it sits on {dates}")
    return window_of(meeting, ws.pack, found, ws.calendar, anchor)


def _local(ws: Workspace, meeting: Meeting, area: str) -> tuple[Meeting, date | None]:
    """The meeting as ``area`` keeps it, and its first sitting (see ``local_meeting``)."""
    if area:
        _check_area(meeting, area)
    with ws.unit_of_work() as uow:
        return local_meeting(uow, meeting, area)


def local_meeting(uow: UnitOfWork, meeting: Meeting, area: str) -> tuple[Meeting, date | None]:
    """The meeting on the days ``area`` keeps, and the first sitting they count from.

    An area with its own first sitting sits on that weekday; otherwise the meeting's days and
    first sitting hold for it.
    """
    own = _stored_anchor(uow, meeting.id, area) if area else None
    if own is not None:
        return on_weekday_of(meeting, own), own
    return meeting, _stored_anchor(uow, meeting.id, "")


def _stored_anchor(uow: UnitOfWork, meeting_type: str, area: str) -> date | None:
    value = uow.settings.get(anchor_key(meeting_type, area))
    return date.fromisoformat(value) if value else None


def anchor_key(meeting_type: str, area: str = "") -> str:
    """The setting that keeps the first sitting of the meeting type (in ``area``)."""
    if area:
        return AREA_ANCHOR_SETTING.format(meeting_type, area)
    return ANCHOR_SETTING.format(meeting_type)


def _check_area(meeting: Meeting, area: str) -> None:
    if area not in meeting.areas:
        known = ", ".join(meeting.areas) or "none: it has no areas"
        raise MeetingError(f"the {meeting.name} is not held in {area!r} (areas: {known})")


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 28)


def stored_window(ws: Workspace, uow: UnitOfWork, sitting: MeetingRecord) -> Window:
    """The stored sitting's window, worked out again from the pack, its area's days and the
    calendar."""
    meeting, anchor = local_meeting(uow, ws.pack.meeting(sitting.meeting_type), sitting.area)
    moved = Sitting(
        meeting.id,
        sitting.scheduled_on,
        sitting.held_on,
        ws.calendar.non_working_reason(sitting.scheduled_on)
        if sitting.scheduled_on != sitting.held_on
        else None,
    )
    return window_of(meeting, ws.pack, moved, ws.calendar, anchor or sitting.scheduled_on)


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
