"""Decisions of a transfer meeting, and what they do to the case's transfer.

A decision on an agenda item is agreed, deferred or declined. In the **same unit of work**:

- **agreed** updates the case's open transfer on one of the meeting's pathways (receiving team
  and worker, transfer date, joint visit; status ``agreed`` on the day held), or creates one in
  status ``agreed`` when there is none, on the pathway named or else the one meeting pathway out
  of the case's team it is eligible for that reaches the receiving team. The pack and version
  are those of the sitting.
- every decision records a ``meeting`` step on the transfer (when there is one) with its outcome.
- an agreed decision keeps on its agenda item the receiving team, worker and dates it adopted,
  those it named and those it left as proposed (:func:`adopted`), for the minutes.

Deferring or declining changes no transfer status: a declined transfer stays where it was, for the
managers to take up (escalation is a separate matter); the step and the minutes say what happened.
Blocked pathways are not checked here: the agenda shows the blockers, and an override is recorded
on the transfer by whoever may give it.

The meeting is where a dispute between the teams is settled: agreeing a transfer with an open
disagreement resolves every one open on it, in the same unit of work, as "Agreed at the transfer
meeting of <day held>" (through :mod:`app.services.disagreements`, with their audit rows). A
deferred or declined decision leaves them open, and the transfer disputed. One raised after the
sitting cannot be agreed away by it: the decision is refused.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from app.domain.case import CaseSnapshot
from app.domain.engine import OptionStatus, judge_pathway
from app.domain.meetings import day_words
from app.domain.pack import Meeting, Pack, Pathway, StepKind
from app.services import disagreements
from app.services.meeting_schedule import MeetingError, stored_sitting
from app.services.workspace import Workspace
from app.storage.meetings import ItemRecord, MeetingRecord
from app.storage.transfers import OPEN_STATUSES
from app.storage.uow import UnitOfWork

MEETING_STEP = "transfer-meeting"


class Decision(StrEnum):
    AGREED = "agreed"
    DEFERRED = "deferred"
    DECLINED = "declined"


def record_decision(
    ws: Workspace,
    item_id: int,
    decision: Decision | str,
    *,
    receiving_team: str | None = None,
    receiving_worker: str | None = None,
    transfer_date: date | None = None,
    joint_visit_on: date | None = None,
    notes: str = "",
    pathway_id: str | None = None,
) -> int | None:
    """Record the decision on an agenda item; returns the id of the transfer it touched.

    MeetingError for an unknown item, team, worker or pathway, or when no pathway of the
    meeting fits an agreed transfer (name one with ``pathway_id``).
    """
    decision = Decision(decision)
    with ws.unit_of_work() as uow:
        item = stored_item(uow, item_id)
        sitting = stored_sitting(uow, item.meeting_id)
        meeting = ws.pack.meeting(sitting.meeting_type)
        _check_people(ws.pack, uow, receiving_team, receiving_worker)
        transfer_id = decision_transfer(uow, meeting, item)
        if decision is Decision.AGREED:
            case = uow.cases.get_snapshot(item.child_id)
            fields = _transfer_fields(
                receiving_team, receiving_worker, transfer_date, joint_visit_on
            )
            if transfer_id is None:
                pathway = _pathway(
                    ws.pack, meeting, case, sitting.held_on, receiving_team, pathway_id
                )
                transfer_id = _create(uow, ws.pack, sitting, case, pathway, fields)
            else:
                uow.transfers.update(transfer_id, **fields)
                uow.transfers.set_status(transfer_id, "agreed", on=sitting.held_on)
                _settle_disputes(uow, sitting, transfer_id)
        if transfer_id is not None:
            _record_step(uow, ws.pack, sitting, transfer_id, decision, notes)
        named = {
            "receiving_team": receiving_team,
            "receiving_worker_id": receiving_worker,
            "transfer_date": transfer_date,
            "joint_visit_on": joint_visit_on,
        }
        if decision is Decision.AGREED and transfer_id is not None:
            named = adopted(uow, transfer_id)
        uow.meetings.decide(item_id, str(decision), transfer_id=transfer_id, notes=notes, **named)
        uow.commit()
    return transfer_id


def adopted(uow: UnitOfWork, transfer_id: int) -> dict[str, Any]:
    """The receiving team, worker and dates an agreed decision adopted, as the transfer has them
    now: what the decision named, and what it left as proposed. Kept on the agenda item, they
    are what its minutes print, whatever later happens to the transfer."""
    transfer = uow.transfers.get(transfer_id)
    return {
        "receiving_team": transfer.to_team,
        "receiving_worker_id": transfer.receiving_worker_id,
        "transfer_date": transfer.transfer_date,
        "joint_visit_on": uow.meetings.joint_visits([transfer_id]).get(transfer_id),
    }


def decision_transfer(uow: UnitOfWork, meeting: Meeting, item: ItemRecord) -> int | None:
    """The transfer a decision on the item is about: the one it recorded, else the case's latest
    transfer under way on one of the meeting's pathways (None: an agreed decision makes one)."""
    return item.transfer_id or _open_transfer(uow, meeting, item.child_id)


def settled_at_meeting(held: date) -> str:
    """The resolution an agreed decision records on its transfer's open disagreements."""
    return f"Agreed at the transfer meeting of {day_words(held)}"


def _settle_disputes(uow: UnitOfWork, sitting: MeetingRecord, transfer_id: int) -> None:
    """Resolve the transfer's open disagreements as agreed at the sitting (the transfer is
    agreed already, so it stays agreed). One raised after the sitting cannot be settled by it."""
    held = sitting.held_on
    try:
        disagreements.resolve_all_on(uow, transfer_id, held, settled_at_meeting(held))
    except disagreements.DisagreementRefused:
        raise MeetingError(
            f"transfer {transfer_id} has a disagreement raised after this sitting of "
            f"{day_words(held)}: resolve it in the Disagreements view, or decide at a later "
            "sitting"
        ) from None


def stored_item(uow: UnitOfWork, item_id: int) -> ItemRecord:
    """One agenda item; MeetingError if there is none."""
    try:
        return uow.meetings.item(item_id)
    except LookupError:
        raise MeetingError(f"no agenda item {item_id}") from None


def _check_people(pack: Pack, uow: UnitOfWork, team_id: str | None, worker_id: str | None) -> None:
    """The receiving team must be the pack's (added to the store if missing); the worker known."""
    if team_id is not None:
        try:
            team = pack.team(team_id)
        except KeyError:
            raise MeetingError(f"pack {pack.id} has no team {team_id!r}") from None
        if team.id not in uow.cases.team_ids():
            uow.teams.add_team(team.id, team.name, team.kind)
    if worker_id is not None and worker_id not in uow.cases.worker_ids():
        raise MeetingError(f"no worker {worker_id!r} in this caseload")


def _open_transfer(uow: UnitOfWork, meeting: Meeting, child_id: str) -> int | None:
    """The child's latest transfer under way on one of the meeting's pathways."""
    found = [
        t.id
        for t in uow.transfers.of_child(child_id)
        if t.status in OPEN_STATUSES and t.pathway_id in meeting.pathways
    ]
    return found[-1] if found else None


def _transfer_fields(
    team: str | None, worker: str | None, transfer_date: date | None, joint_visit: date | None
) -> dict[str, Any]:
    """The transfer columns the decision sets (what it leaves out stays as it was)."""
    given = {
        "to_team": team,
        "receiving_worker_id": worker,
        "transfer_date": transfer_date,
        "joint_visit_on": joint_visit,
    }
    return {name: value for name, value in given.items() if value is not None}


def _pathway(
    pack: Pack,
    meeting: Meeting,
    case: CaseSnapshot,
    held: date,
    to_team: str | None,
    pathway_id: str | None,
) -> Pathway:
    """The pathway named, or the first of the meeting's that fits the case and receiving team."""
    if pathway_id is not None:
        try:
            return pack.pathway(pathway_id)
        except KeyError:
            raise MeetingError(f"pack {pack.id} has no pathway {pathway_id!r}") from None
    for candidate in meeting.pathways:
        pathway = pack.pathway(candidate)
        if case.team_id not in pathway.from_teams:
            continue
        if to_team is not None and to_team not in pathway.to_teams:
            continue
        if judge_pathway(case, pack, pathway, held).status is not OptionStatus.NOT_ELIGIBLE:
            return pathway
    where = f" to {to_team}" if to_team else ""
    raise MeetingError(
        f"no pathway of the {meeting.name} takes case {case.id} from {case.team_id}{where}: "
        "name the pathway"
    )


def _create(
    uow: UnitOfWork,
    pack: Pack,
    sitting: MeetingRecord,
    case: CaseSnapshot,
    pathway: Pathway,
    fields: dict[str, Any],
) -> int:
    """A new transfer, agreed at the sitting."""
    to_team = fields.pop("to_team", None) or (
        pathway.to_teams[0] if len(pathway.to_teams) == 1 else None
    )
    return uow.transfers.add(
        case.id,
        pathway.id,
        pack_id=sitting.pack_id or pack.id,
        pack_version=sitting.pack_version or pack.version,
        from_team=case.team_id,
        to_team=to_team,
        status="agreed",
        agreed_on=sitting.held_on,
        **fields,
    )


def _record_step(
    uow: UnitOfWork,
    pack: Pack,
    sitting: MeetingRecord,
    transfer_id: int,
    decision: Decision,
    notes: str,
) -> None:
    """The pathway's meeting step (or a generic one) done at the sitting, with its outcome."""
    pathway = pack.pathway(uow.transfers.get(transfer_id).pathway_id)
    step = next((s.id for s in pathway.steps if s.kind is StepKind.MEETING), MEETING_STEP)
    uow.transfers.record_step(
        transfer_id,
        step,
        sitting.held_on,
        who=sitting.meeting_type,
        outcome=str(decision),
        notes=f"meeting {sitting.id}" + (f": {notes}" if notes else ""),
    )
