"""Transfer meetings as the manager runs them: the services the desktop and the command line call.

- the schedule: :func:`schedule`, :func:`set_first_sitting`, :func:`window_for`
  (:mod:`app.services.meeting_schedule`);
- the agenda: :func:`prepare_meeting`, :func:`refresh_agenda`, :func:`agenda`, :func:`add_case`,
  :func:`remove_item`, :func:`move_item`, :func:`reorder` (:mod:`app.services.agenda`);
- running the sitting: attendance, status, actions and :func:`open_actions` for the Due view
  (here), decisions that update the transfers (:mod:`app.services.meeting_decisions`);
- printing and calendar files: :mod:`app.services.meeting_outputs`.

Each function opens its own unit of work. The rules are pure, in :mod:`app.domain.meetings` and
:mod:`app.domain.meeting_agenda`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.services.agenda import (
    AddedEntry,
    AgendaEntry,
    AgendaView,
    add_case,
    agenda,
    move_item,
    prepare_meeting,
    preview_agenda,
    refresh_agenda,
    remove_item,
    reorder,
)
from app.services.meeting_decisions import Decision, record_decision
from app.services.meeting_schedule import (
    MeetingError,
    first_sitting,
    meeting_name,
    schedule,
    set_first_sitting,
    stored_sitting,
    window_for,
)
from app.services.workspace import Workspace
from app.storage.meetings import ActionRecord, AttendeeRecord

__all__ = [
    "ActionRecord",
    "AddedEntry",
    "AgendaEntry",
    "AgendaView",
    "AttendeeRecord",
    "Decision",
    "DueAction",
    "MeetingError",
    "add_action",
    "add_case",
    "agenda",
    "complete_action",
    "first_sitting",
    "move_item",
    "open_actions",
    "prepare_meeting",
    "preview_agenda",
    "record_decision",
    "refresh_agenda",
    "remove_item",
    "reorder",
    "schedule",
    "set_attendance",
    "set_first_sitting",
    "set_status",
    "window_for",
]


def set_attendance(ws: Workspace, meeting_id: int, attendees: Sequence[AttendeeRecord]) -> None:
    """Record who attended and who sent apologies (``present`` false)."""
    with ws.unit_of_work() as uow:
        stored_sitting(uow, meeting_id)
        uow.meetings.set_attendance(meeting_id, attendees)
        uow.commit()


def set_status(ws: Workspace, meeting_id: int, status: str, notes: str | None = None) -> None:
    """Mark the sitting held (its agenda is then frozen) or cancelled; keep its notes."""
    with ws.unit_of_work() as uow:
        stored_sitting(uow, meeting_id)
        uow.meetings.set_status(meeting_id, status, notes)
        uow.commit()


def add_action(
    ws: Workspace,
    meeting_id: int,
    text: str,
    *,
    owner: str,
    due_on: date | None = None,
    case_id: str | None = None,
) -> int:
    """Record an action agreed at the sitting, about one case on its agenda or the meeting."""
    with ws.unit_of_work() as uow:
        stored_sitting(uow, meeting_id)
        item_id = None
        if case_id is not None:
            items = {r.child_id: r.id for r in uow.meetings.items(meeting_id)}
            if case_id not in items:
                raise MeetingError(f"case {case_id} is not on the agenda of meeting {meeting_id}")
            item_id = items[case_id]
        action_id = uow.meetings.add_action(
            meeting_id, text, owner=owner, due_on=due_on, item_id=item_id
        )
        uow.commit()
    return action_id


def complete_action(ws: Workspace, action_id: int, on: date | None) -> None:
    """Mark an action done on ``on`` (None opens it again)."""
    with ws.unit_of_work() as uow:
        uow.meetings.complete_action(action_id, on)
        uow.commit()


@dataclass(frozen=True)
class DueAction:
    """An open action as the Due view shows it."""

    action: ActionRecord
    meeting_type: str
    meeting_name: str
    held_on: date
    overdue: bool


def open_actions(
    ws: Workspace, within_working_days: int | None = None, *, today: date | None = None
) -> list[DueAction]:
    """Open actions of every sitting, soonest due first (undated last).

    With ``within_working_days``, only those due by that many working days from today; overdue
    and undated actions always show.
    """
    today = today or date.today()
    horizon = (
        ws.calendar.add_working_days(today, within_working_days)
        if within_working_days is not None
        else None
    )
    with ws.unit_of_work() as uow:
        sittings_by_id = {s.id: s for s in uow.meetings.sittings()}
        actions = uow.meetings.actions(open_only=True)
    found = []
    for action in actions:
        if horizon is not None and action.due_on is not None and action.due_on > horizon:
            continue
        sitting = sittings_by_id[action.meeting_id]
        name = meeting_name(ws, sitting.meeting_type)
        overdue = action.due_on is not None and action.due_on < today
        found.append(DueAction(action, sitting.meeting_type, name, sitting.held_on, overdue))
    return found
