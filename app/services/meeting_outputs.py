"""What a transfer meeting prints and shares: the agenda and minutes, calendar files for Outlook,
and the shared transfer calendar week by week.

The PDFs are laid out by :mod:`app.reports.meeting_docs`; everything they print is gathered here.
Calendar files (RFC 5545, written with ``icalendar``) carry **case ids only, never names**: they
leave the case store for a mail client and a shared calendar.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from icalendar import Calendar, Event

from app.domain.meeting_agenda import AgendaItem, Blocker
from app.domain.meetings import CalendarEntry, CalendarWeek, calendar_weeks, day_words
from app.domain.pack import Pack
from app.reports import meeting_docs as docs
from app.reports.model import DocumentInfo
from app.services.agenda import AgendaEntry, AgendaView, agenda
from app.services.meeting_decisions import adopted
from app.services.meeting_schedule import stored_sitting
from app.services.workspace import Workspace
from app.storage.meetings import ActionRecord, ItemRecord, MeetingRecord
from app.storage.transfers import TransferRecord
from app.storage.uow import UnitOfWork

PRODID = "-//Transfer Desk//Transfer meetings//EN"
UID_DOMAIN = "transfer-desk.invalid"


# -- agenda and minutes ------------------------------------------------------------------------


def agenda_document(
    ws: Workspace, meeting_id: int, now: datetime | None = None
) -> docs.AgendaDocument:
    """The agenda of a sitting, ready to print."""
    view = agenda(ws, meeting_id)
    with ws.unit_of_work() as uow:
        info = _info(uow, view.sitting, f"Agenda: {view.meeting.name}", view.case_ids, now)
        held = {
            a.meeting_id: stored_sitting(uow, a.meeting_id).held_on for a in view.earlier_actions
        }
    return docs.AgendaDocument(
        info=info,
        sitting=_sitting(ws, view),
        horizon_end=view.window.horizon_end,
        cutoff=view.window.cutoff,
        standard_agenda=view.meeting.agenda,
        cases=tuple(_agenda_case(ws.pack, n, e) for n, e in enumerate(view.entries, start=1)),
        earlier_actions=tuple(_action(a, held.get(a.meeting_id)) for a in view.earlier_actions),
        members=tuple(_role(ws.pack, r) for r in view.meeting.attendees),
    )


def minutes_document(
    ws: Workspace, meeting_id: int, now: datetime | None = None
) -> docs.MinutesDocument:
    """The minutes of a sitting: attendance, a decision per case, the actions, the notes."""
    view = agenda(ws, meeting_id)
    with ws.unit_of_work() as uow:
        info = _info(uow, view.sitting, f"Minutes: {view.meeting.name}", view.case_ids, now)
        attendance = uow.meetings.attendance(meeting_id)
        actions = uow.meetings.actions([meeting_id])
        workers = {w[0]: w[1] for w in uow.teams.workers()}
        records = [_as_adopted(uow, e.record) for e in view.entries]
    return docs.MinutesDocument(
        info=info,
        sitting=_sitting(ws, view),
        attendance=tuple(docs.Attendance(p.name, p.role, p.team, p.present) for p in attendance),
        decisions=tuple(_decision(ws.pack, record, workers) for record in records),
        actions=tuple(_action(a) for a in actions),
        notes=view.sitting.notes,
    )


def write_agenda(
    ws: Workspace, meeting_id: int, out: Path | BinaryIO, now: datetime | None = None
) -> int:
    """Print the agenda as a PDF to ``out``; returns its page count."""
    return docs.render_agenda(agenda_document(ws, meeting_id, now), out)


def write_minutes(
    ws: Workspace, meeting_id: int, out: Path | BinaryIO, now: datetime | None = None
) -> int:
    """Print the minutes as a PDF to ``out``; returns its page count."""
    return docs.render_minutes(minutes_document(ws, meeting_id, now), out)


def _info(
    uow: UnitOfWork,
    sitting: MeetingRecord,
    title: str,
    case_ids: tuple[str, ...],
    now: datetime | None,
) -> DocumentInfo:
    """The footer: the sitting's own pack and version, and where the audit trail stood."""
    return DocumentInfo(
        title,
        docs.footer_ids(case_ids),
        now or datetime.now(),
        sitting.pack_id,
        sitting.pack_version,
        uow.audit_position(),
    )


def _sitting(ws: Workspace, view: AgendaView) -> docs.Sitting:
    s, meeting = view.sitting, view.meeting
    chair = s.chair or (_role(ws.pack, meeting.chair) if meeting.chair else "")
    moved = view.window.sitting.moved_because
    return docs.Sitting(meeting.name, meeting.cite, s.held_on, s.scheduled_on, moved, s.area, chair)


def _agenda_case(pack: Pack, position: int, entry: AgendaEntry) -> docs.AgendaCase:
    item: AgendaItem = entry.item
    checklist = pack.checklist(item.checklist_id).title if item.checklist_id else ""
    return docs.AgendaCase(
        position=position,
        case_id=item.case_id,
        reasons=tuple(docs.ReasonLine(r.text, r.cite) for r in item.reasons),
        bring=tuple(d.name for d in item.documents),
        readiness=str(item.readiness).upper() if item.readiness else "—",
        checklist=checklist,
        blockers=tuple(_blocker(b) for b in item.blockers),
        late=entry.record.late,
    )


def _blocker(b: Blocker) -> str:
    who = " (may be overridden)" if b.overridable else ""
    return f"{b.title}{who} ({b.cite})" if b.cite else f"{b.title}{who}"


def _as_adopted(uow: UnitOfWork, record: ItemRecord) -> ItemRecord:
    """An agreed item with what its decision adopted. Decisions now keep that on the item
    (:func:`~app.services.meeting_decisions.adopted`); one recorded before kept only what it
    named, so "as proposed" left blanks: those are read from its transfer."""
    if record.decision != "agreed" or record.transfer_id is None:
        return record
    named: dict[str, Any] = {
        "receiving_team": record.receiving_team,
        "receiving_worker_id": record.receiving_worker_id,
        "transfer_date": record.transfer_date,
        "joint_visit_on": record.joint_visit_on,
    }
    if all(value is not None for value in named.values()):
        return record
    proposed = adopted(uow, record.transfer_id)
    filled = {key: proposed[key] if value is None else value for key, value in named.items()}
    return replace(record, **filled)


def _decision(pack: Pack, record: ItemRecord, workers: dict[str, str]) -> docs.DecisionLine:
    team = _team(pack, record.receiving_team) if record.receiving_team else ""
    worker = workers.get(record.receiving_worker_id or "", "")
    return docs.DecisionLine(
        case_id=record.child_id,
        decision=(record.decision or "not reached").upper(),
        receiving_team=team,
        receiving_worker=worker,
        transfer_date=record.transfer_date,
        joint_visit_on=record.joint_visit_on,
        notes=record.notes,
    )


def _action(action: ActionRecord, raised: date | None = None) -> docs.ActionLine:
    return docs.ActionLine(
        action.child_id or "",
        action.text,
        action.owner,
        action.due_on,
        action.done_on,
        raised,
    )


def _role(pack: Pack, role_id: str) -> str:
    try:
        return pack.role(role_id).name
    except KeyError:
        return role_id.replace("-", " ")


def _team(pack: Pack, team_id: str) -> str:
    try:
        return pack.team(team_id).name
    except KeyError:
        return team_id


# -- calendar files and the transfer calendar --------------------------------------------------


def meeting_ics(ws: Workspace, meeting_id: int) -> bytes:
    """The sitting as an all-day calendar event, listing the case ids on its agenda."""
    view = agenda(ws, meeting_id)
    s = view.sitting
    lines = [f"Cases: {', '.join(view.case_ids) or 'none'}"]
    if view.window.sitting.moved_because:
        moved = view.window.sitting.moved_because
        lines.append(f"Moved from {day_words(s.scheduled_on)} ({moved}).")
    lines.append(f"Policy pack {s.pack_id} version {s.pack_version}.")
    event = _event(f"meeting-{s.id}-{s.held_on:%Y%m%d}", s.held_on, view.meeting.name)
    event.add("description", "\n".join(lines))
    return _calendar([event])


def transfers_ics(ws: Workspace, start: date, end: date) -> bytes:
    """Agreed transfer dates (and their joint visits) from ``start`` to ``end``, as events; a
    disputed one says so in words (never what the dispute is about: ids only)."""
    events = []
    for entry in _entries(ws, start, end):
        words = "Transfer" if entry.kind == "transfer" else "Joint visit"
        disputed = " (disputed)" if entry.disputed else ""
        summary = f"{words} {entry.case_id}{disputed}: {_team(ws.pack, entry.from_team)}"
        if entry.to_team:
            summary += f" to {_team(ws.pack, entry.to_team)}"
        uid = f"{entry.kind.replace(' ', '-')}-{entry.transfer_id}"
        event = _event(uid, entry.on, summary)
        event.add("description", _transfer_description(entry))
        events.append(event)
    return _calendar(events)


def _transfer_description(entry: CalendarEntry) -> str:
    text = f"Case {entry.case_id}; pathway {entry.pathway_id}."
    if entry.disputed:
        text += (
            f" Disputed: transfer {entry.transfer_id} was agreed, then a disagreement between "
            "the teams was raised and is still open."
        )
    return text


def transfer_calendar(ws: Workspace, start: date, weeks: int = 6) -> list[CalendarWeek]:
    """The shared transfer calendar: agreed transfers and joint visits, week by week (those
    agreed and then disputed too, marked ``disputed``)."""
    first = start - timedelta(days=start.weekday())
    last = first + timedelta(weeks=weeks, days=-1)
    return calendar_weeks(_entries(ws, first, last), start, weeks)


def _entries(ws: Workspace, start: date, end: date) -> list[CalendarEntry]:
    with ws.unit_of_work() as uow:
        agreed = uow.meetings.agreed_transfers(start, end)
        visits = uow.meetings.joint_visits(t.id for t in agreed)
    found = [
        _calendar_entry(t, kind, on)
        for t in agreed
        for kind, on in (("transfer", t.transfer_date), ("joint visit", visits.get(t.id)))
        if on is not None and start <= on <= end
    ]
    return sorted(found, key=lambda e: (e.on, e.case_id, e.kind))


def _calendar_entry(t: TransferRecord, kind: str, on: date) -> CalendarEntry:
    return CalendarEntry(
        on, kind, t.child_id, t.id, t.pathway_id, t.from_team, t.to_team, t.status == "disputed"
    )


def _event(uid: str, day: date, summary: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("class", "CONFIDENTIAL")
    event.add("transp", "TRANSPARENT")
    return event


def _calendar(events: list[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
