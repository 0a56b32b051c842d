"""A sitting's agenda in the store: built by the pack's rules, kept in the manager's order.

:func:`prepare_meeting` plans a sitting (or finds it) and :func:`refresh_agenda` brings a planned
sitting's agenda up to date with the caseload; the manager's additions, removals and order survive
each rebuild. Which cases come and why is :mod:`app.domain.meeting_agenda`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from app.domain.agenda_rules import AgendaRules
from app.domain.case import CaseSnapshot, Event
from app.domain.facts import AuditInputs, Questions
from app.domain.meeting_agenda import (
    Agenda,
    AgendaItem,
    CarriedOver,
    OpenTransfer,
    Reason,
    Why,
    build_agenda,
    candidate_teams,
    describe_case,
)
from app.domain.meetings import Window, day_words, needs_anchor
from app.domain.off_file import (
    DISAGREEMENT_KINDS,
    OffFileEvents,
    events_by_child,
    inputs_with,
    snapshot_with,
)
from app.domain.pack import Meeting
from app.services.caseload import collector_paused
from app.services.disagreements import disagreement_facts
from app.services.meeting_schedule import (
    MeetingError,
    anchor_key,
    pack_meeting,
    planned_sitting,
    stored_sitting,
    stored_window,
    window_for,
)
from app.services.workspace import Workspace
from app.storage.audits import AnswersByCase
from app.storage.errors import CaseNotFound
from app.storage.meetings import ActionRecord, ItemRecord, ItemState, MeetingRecord
from app.storage.uow import UnitOfWork

ADDED = Reason(Why.ADDED, "Added by the manager", "")
#: Up to this many stored items are described from their cases read whole, by id; more, from
#: one lean read of the facts of the whole caseload (see ``agenda``).
DESCRIBE_BY_ID = 2000


@dataclass(frozen=True)
class AgendaEntry:
    """One stored agenda item: why it is on, what it brings, how ready, what blocks it."""

    item: AgendaItem
    record: ItemRecord

    @property
    def case_id(self) -> str:
        return self.record.child_id


@dataclass(frozen=True)
class AddedEntry:
    """The item a case was put on the agenda as, and where it stands there now."""

    entry: AgendaEntry
    place: int  # its index in the agenda as ``agenda`` lists it (0: first)
    was_on: bool = False  # the case was on the agenda already: nothing changed


@dataclass(frozen=True)
class AgendaView:
    """A sitting and its agenda as stored (what the agenda and minutes print)."""

    sitting: MeetingRecord
    meeting: Meeting
    window: Window
    entries: tuple[AgendaEntry, ...]
    earlier_actions: tuple[ActionRecord, ...]  # still open from earlier sittings, about no case

    @property
    def case_ids(self) -> tuple[str, ...]:
        return tuple(entry.case_id for entry in self.entries)


def preview_agenda(
    ws: Workspace, meeting_type: str, day: date, area: str = "", *, describe: bool = True
) -> Agenda:
    """The agenda the pack's rules build for the sitting on ``day``; nothing is written.

    With ``describe`` false, only the cases and why they come (see ``build_agenda``).
    """
    win = window_for(ws, meeting_type, day, area)
    with ws.unit_of_work() as uow:
        meeting = pack_meeting(ws, meeting_type)
        return _build(ws, uow, meeting, win, area, describe=describe)


def prepare_meeting(
    ws: Workspace, meeting_type: str, day: date, *, area: str = "", chair: str = ""
) -> int:
    """Plan the sitting on ``day`` (in ``area``) or find it, and bring its agenda up to date;
    its id."""
    win = window_for(ws, meeting_type, day, area)
    with ws.unit_of_work() as uow:
        found = uow.meetings.find(meeting_type, win.held, area)
        if found is None:
            if needs_anchor(ws.pack.meeting(meeting_type)):
                _keep_anchor(uow, meeting_type, area, win.sitting.scheduled)
            meeting_id = uow.meetings.create(
                meeting_type,
                pack_id=ws.pack.id,
                pack_version=ws.pack.version,
                scheduled_on=win.sitting.scheduled,
                held_on=win.held,
                area=area,
                chair=chair,
            )
        else:
            meeting_id = found.id
        uow.commit()
    refresh_agenda(ws, meeting_id)
    return meeting_id


def _keep_anchor(uow: UnitOfWork, meeting_type: str, area: str, day: date) -> None:
    """Remember the first sitting of a rule that takes its day from it (if none is set)."""
    key = anchor_key(meeting_type, area)
    if uow.settings.get(key) is None:
        uow.settings.set(key, day.isoformat())


def refresh_agenda(ws: Workspace, meeting_id: int) -> None:
    """Bring a planned sitting's agenda up to date with the caseload and the pack's rules.

    Cases the rules now bring are added at the end; undecided ones they no longer bring drop
    off (unless the manager added them, or an action hangs on them); removed ones stay removed;
    the reasons of every item kept are renewed. A held or cancelled sitting is left as it is.
    """
    with ws.unit_of_work() as uow:
        sitting = stored_sitting(uow, meeting_id)
        if sitting.status != "planned":
            return
        meeting = ws.pack.meeting(sitting.meeting_type)
        win = stored_window(ws, uow, sitting)
        built = _build(ws, uow, meeting, win, sitting.area, describe=False)
        sync_agenda(uow, sitting, built)
        uow.commit()


def sync_agenda(uow: UnitOfWork, sitting: MeetingRecord, built: Agenda) -> None:
    """Write over the sitting's stored agenda what changed in the one built (the store's half of
    :func:`refresh_agenda`, by the rules in its docstring), in the unit of work ``uow``.

    In bulk: one lean read of the stored items, one ``executemany`` per kind of change and one
    audit row; nothing at all when nothing changed. Before, every item was read whole and each
    renewed one updated (and audited) as an ORM row: about 2 s on a 35,000-item agenda.
    """
    stored = {s.child_id: s for s in uow.meetings.item_states(sitting.id)}
    with_actions = {a.item_id for a in uow.meetings.actions([sitting.id])}
    added_only = _json((ADDED,))
    new: list[tuple[str, str]] = []
    renewed: list[tuple[ItemState, str]] = []
    for item in built.items:
        state = stored.pop(item.case_id, None)
        if state is None:
            new.append((item.case_id, _json(item.reasons)))
            continue
        manual = (ADDED,) if state.origin == "manual" else ()
        reasons = _json((*manual, *item.reasons))
        if reasons != state.reasons_json:
            renewed.append((state, reasons))
    dropped = []
    for state in stored.values():  # the items the rules no longer bring
        if state.origin == "manual":
            if state.reasons_json != added_only:
                renewed.append((state, added_only))
        elif state.decision is None and state.id not in with_actions:
            dropped.append(state.id)
    uow.meetings.rebuild(sitting.id, added=new, renewed=renewed, dropped=dropped)


def agenda(ws: Workspace, meeting_id: int) -> AgendaView:
    """The sitting's agenda in the manager's order, each item described on the day held."""
    with ws.unit_of_work() as uow:
        sitting = stored_sitting(uow, meeting_id)
        meeting = ws.pack.meeting(sitting.meeting_type)
        records = uow.meetings.items(meeting_id)
        with collector_paused():
            items = _described(ws, uow, meeting, sitting.held_on, records)
        earlier = _earlier_sittings(uow, sitting)
        general = [a for a in uow.meetings.actions(earlier, open_only=True) if a.child_id is None]
        win = stored_window(ws, uow, sitting)
    entries = tuple(AgendaEntry(items[r.child_id], r) for r in records)
    return AgendaView(sitting, meeting, win, entries, tuple(general))


def _described(
    ws: Workspace, uow: UnitOfWork, meeting: Meeting, held: date, records: Sequence[ItemRecord]
) -> dict[str, AgendaItem]:
    """Case id → its stored item described (``describe_case``) with its stored reasons.

    Cases with an open transfer, and every case of a short agenda, are read whole by id; on a
    long agenda the rest are described from one lean read of the caseload's facts.
    """
    own: defaultdict[str, list[OpenTransfer]] = defaultdict(list)
    for t in _open_transfers(uow, meeting):
        own[t.case_id].append(t)
    reasons = {r.child_id: _reasons(r) for r in records}
    lean = len(records) > DESCRIBE_BY_ID
    answers = uow.audits.latest_answers_by_case(None if lean else reasons)
    off_file = disagreement_events(ws, uow, held)
    whole = [case_id for case_id in reasons if case_id in own or not lean]
    found = {
        case.id: describe_case(
            ws.pack,
            meeting,
            held,
            case,
            own.get(case.id, []),
            answers.get(case.id),
            reasons[case.id],
        )
        for case in _snapshots(uow, whole, off_file)
    }
    if lean:
        rules = AgendaRules(ws.pack, meeting, held)
        facts_of = rules.finder.facts
        read = uow.cases.audit_inputs(held, rules.questions)
        for inputs in _lean(read, off_file, rules.questions):
            case_id = inputs.case_id
            if case_id in reasons and case_id not in found:
                facts = facts_of(inputs)
                found[case_id] = rules.describe(
                    case_id, facts, reasons[case_id], answers.get(case_id)
                )
    return found


def _reasons(record: ItemRecord) -> list[Reason]:
    return [Reason.from_dict(r) for r in json.loads(record.reasons_json)]


def add_case(
    ws: Workspace, meeting_id: int, case_id: str, *, today: date | None = None
) -> AddedEntry:
    """Put a case on a planned sitting's agenda (after the cut-off it is marked late).

    A case the manager removed comes back where it was. Returns its item, described, and its
    place: only that case is read, however long the agenda (the editor puts the one row it gets
    back in that place).
    """
    with ws.unit_of_work() as uow:
        sitting = planned_sitting(uow, meeting_id)
        try:
            uow.cases.child(case_id)
        except CaseNotFound:
            raise MeetingError(f"no case {case_id!r} in this caseload") from None
        late = (today or date.today()) > stored_window(ws, uow, sitting).cutoff
        found = uow.meetings.item_of(meeting_id, case_id)
        was_on = found is not None and not found.removed
        if found is None:
            item_id = uow.meetings.add_item(
                meeting_id, case_id, origin="manual", reasons_json=_json((ADDED,)), late=late
            )
        else:
            item_id = found.id
            uow.meetings.update_item(item_id, removed=False)
        entry = _entry(ws, uow, sitting, uow.meetings.item(item_id))
        added = AddedEntry(entry, uow.meetings.place(item_id), was_on)
        uow.commit()
    return added


def _entry(
    ws: Workspace, uow: UnitOfWork, sitting: MeetingRecord, record: ItemRecord
) -> AgendaEntry:
    """One stored item described on the day its sitting is held."""
    meeting = ws.pack.meeting(sitting.meeting_type)
    with collector_paused():
        items = _described(ws, uow, meeting, sitting.held_on, [record])
    return AgendaEntry(items[record.child_id], record)


def remove_item(ws: Workspace, item_id: int) -> None:
    """Take an item off a planned sitting's agenda (a rebuild does not bring it back)."""
    with ws.unit_of_work() as uow:
        record = uow.meetings.item(item_id)
        planned_sitting(uow, record.meeting_id)
        uow.meetings.update_item(item_id, removed=True)
        uow.commit()


def reorder(ws: Workspace, meeting_id: int, item_ids: Sequence[int]) -> None:
    """Put the agenda in the order given (every item still on it, once each); the removed items
    follow. It numbers the whole agenda: to move one item, :func:`move_item` writes two."""
    with ws.unit_of_work() as uow:
        stored = uow.meetings.items(meeting_id, removed=True)
        on = [r.id for r in stored if not r.removed]
        off = [r.id for r in stored if r.removed]
        if sorted(item_ids) != sorted(on):
            raise MeetingError("give every item on the agenda once, in the new order")
        uow.meetings.reorder(meeting_id, [*item_ids, *off])
        uow.commit()


def move_item(ws: Workspace, item_id: int, step: int) -> tuple[ItemRecord, ItemRecord] | None:
    """Move an item of a planned sitting's agenda one place up (``step`` -1) or down (1): it
    and the item it passes swap places. Both as stored now (the moved one first), or None when
    it is already first or last. Only those two items are read and written, however long the
    agenda; each change is audited.
    """
    with ws.unit_of_work() as uow:
        record = uow.meetings.item(item_id)
        planned_sitting(uow, record.meeting_id)
        if record.removed:
            raise MeetingError(f"item {item_id} is not on the agenda; put it back first")
        moved = uow.meetings.move(item_id, step)
        uow.commit()
    return moved


def _build(
    ws: Workspace,
    uow: UnitOfWork,
    meeting: Meeting,
    win: Window,
    area: str,
    *,
    describe: bool = True,
) -> Agenda:
    """Build the sitting's agenda from the store: the items ``build_agenda`` makes.

    The few cases with an open transfer on the meeting's pathways or something carried over are
    read whole and judged by ``build_agenda``. Every other case of the teams the ``brings`` name
    can come only by a ``brings``: those are read lean, as the facts the meeting asks, and judged
    by the meeting's compiled rules (:mod:`app.domain.agenda_rules`), which give the same items
    far faster than a full snapshot per case.
    """
    transfers = _open_transfers(uow, meeting)
    carried = _carried(ws, uow, meeting, win.held, area)
    answers = uow.audits.latest_answers_by_case()
    off_file = disagreement_events(ws, uow, win.held)
    whole = {t.case_id for t in transfers} | {c.case_id for c in carried}
    with collector_paused():
        items = list(_brought(ws, uow, meeting, win.held, whole, answers, describe, off_file))
        judged = build_agenda(
            ws.pack, meeting, win, ws.calendar, _snapshots(uow, whole, off_file), transfers,
            answers=answers, carried=carried, describe=describe,
        )  # fmt: skip
    items += judged.items
    return Agenda(meeting, win, tuple(sorted(items, key=AgendaItem.order_key)))


def _brought(
    ws: Workspace,
    uow: UnitOfWork,
    meeting: Meeting,
    held: date,
    skip: set[str],
    answers: AnswersByCase,
    describe: bool,
    off_file: OffFileEvents,
) -> Iterator[AgendaItem]:
    """The items of the cases only a ``brings`` can bring (all but ``skip``), read lean."""
    if not meeting.brings:
        return
    rules = AgendaRules(ws.pack, meeting, held, describe=describe)
    read = uow.cases.audit_inputs(held, rules.questions, candidate_teams(meeting))
    lean = _lean(read, off_file, rules.questions)
    yield from rules.items((i for i in lean if i.case_id not in skip), answers)


def disagreement_events(ws: Workspace, uow: UnitOfWork, day: date) -> dict[str, tuple[Event, ...]]:
    """Child id → the events its disagreements stand for on ``day``, read from the
    disagreements themselves (the agenda is a managers' view: see :mod:`app.domain.off_file`)."""
    records = uow.transfers.disagreements()
    pairs = ((r.child_id, disagreement_facts(r)) for r in records)
    return events_by_child(pairs, ws.pack, day)


def _snapshots(
    uow: UnitOfWork, case_ids: Iterable[str], off_file: OffFileEvents
) -> list[CaseSnapshot]:
    """The cases read whole, each with its disagreements' events (none from its record)."""
    return [snapshot_with(c, off_file.get(c.id, ())) for c in uow.cases.snapshots(case_ids)]


def _lean(
    read: Iterable[AuditInputs], off_file: OffFileEvents, questions: Questions
) -> Iterable[AuditInputs]:
    """The cases read lean, each with its disagreements' events (none from its record); as
    read when the questions ask of no disagreement event."""
    if questions.event_kinds.isdisjoint(DISAGREEMENT_KINDS):
        return read
    return (inputs_with(i, off_file.get(i.case_id, ())) for i in read)


def _open_transfers(uow: UnitOfWork, meeting: Meeting) -> list[OpenTransfer]:
    return [
        OpenTransfer(t.id, t.child_id, t.pathway_id, t.status, t.transfer_date, t.agreed_on)
        for t in uow.meetings.open_transfers(meeting.pathways)
    ]


def _carried(
    ws: Workspace, uow: UnitOfWork, meeting: Meeting, held: date, area: str
) -> list[CarriedOver]:
    """Deferred and undiscussed cases of the last sitting; open actions of earlier ones."""
    found = []
    last = uow.meetings.previous(meeting.id, held, area)
    if last is not None:
        cite = f"Minutes of the {meeting.name}, {day_words(last.held_on)}"
        for record in uow.meetings.items(last.id):
            if record.decision in (None, "deferred"):
                word = "Deferred" if record.decision else "Not reached"
                text = f"{word} at the sitting of {day_words(last.held_on)}"
                found.append(CarriedOver(record.child_id, text, cite))
    earlier = {
        s.id: s for s in uow.meetings.sittings(meeting.id) if s.area == area and s.held_on < held
    }
    for action in uow.meetings.actions(earlier, open_only=True):
        if action.child_id is not None:
            on = day_words(earlier[action.meeting_id].held_on)
            due = f", due {day_words(action.due_on)}" if action.due_on else ""
            text = f"Open action from {on}: {action.text} ({action.owner}{due})"
            found.append(CarriedOver(action.child_id, text, f"Minutes of the {meeting.name}, {on}"))
    return found


def _earlier_sittings(uow: UnitOfWork, sitting: MeetingRecord) -> list[int]:
    return [
        s.id
        for s in uow.meetings.sittings(sitting.meeting_type)
        if s.area == sitting.area and s.held_on < sitting.held_on
    ]


def _json(reasons: Sequence[Reason]) -> str:
    return json.dumps([r.as_dict() for r in reasons], ensure_ascii=False)
