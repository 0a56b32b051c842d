"""Disagreements between teams about a transfer: raise, escalate, resolve, and their clocks.

A disagreement hangs off a transfer and never off the child's record, so it shows only in the
managers' views (the Disagreements and Due views), never on the case record or a printed pack.
Its clocks come from the pack's timescales anchored on the disagreement being raised, run by
the engine on the disagreement's own dates (see :mod:`app.domain.disagreements`).

Raising a disagreement makes its transfer ``disputed`` (still under way: its pathway's clocks
run on); resolving the last open one on a transfer puts it back where it was. What it was needs
no column of its own: a transfer under way was agreed exactly when it has an ``agreed_on`` date
(every way to agreed sets it, nothing clears it), else proposed. A transfer moved on meanwhile
(withdrawn, completed, agreed at a meeting) is left as it is. Each change is a status change on
the transfer, with its audit row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.case import CaseSnapshot
from app.domain.disagreements import (
    DisagreementFacts,
    disagreement_clocks,
    next_rung,
    rung_of,
    running,
    top_level,
)
from app.domain.engine import ClockState, Deadline
from app.domain.pack import EscalationStep, Pack
from app.services.workspace import Workspace
from app.storage.transfers import OPEN_STATUSES, DisagreementRecord, TransferRecord
from app.storage.uow import UnitOfWork

__all__ = [
    "DisagreementDeadline",
    "DisagreementRefused",
    "DisagreementView",
    "disagreement_deadlines",
    "disagreement_facts",
    "disagreement_views",
    "escalate",
    "list_disagreements",
    "open_on",
    "open_transfers",
    "raise_disagreement",
    "resolve",
    "resolve_all_on",
    "status_before_dispute",
    "top_message",
]


#: The status of a transfer while a disagreement on it is open.
DISPUTED = "disputed"


class DisagreementRefused(ValueError):
    """The change cannot be made as asked; ``field`` names what to put right."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class DisagreementView:
    """One disagreement as a manager sees it: who has it now, where it goes next, its clocks."""

    record: DisagreementRecord
    sits_with: str  # the people it sits with now, in words
    rung_text: str  # what the procedure says of this rung
    next_up: str  # who escalating takes it to; "" at the top of the ladder
    next_text: str  # what the procedure says of that rung
    clocks: tuple[Deadline, ...]  # still to meet, soonest first
    top_level: int

    @property
    def is_open(self) -> bool:
        return self.record.resolved_on is None

    @property
    def next_clock(self) -> Deadline | None:
        return self.clocks[0] if self.clocks else None

    @property
    def overdue(self) -> bool:
        return any(c.state is ClockState.OVERDUE for c in self.clocks)


@dataclass(frozen=True)
class DisagreementDeadline:
    """A disagreement clock for the Due view: the case it is about and the clock."""

    disagreement_id: int
    transfer_id: int
    case_id: str
    deadline: Deadline


def open_transfers(ws: Workspace, case_id: str) -> list[TransferRecord]:
    """The case's transfers under way, which a disagreement may be raised on."""
    with ws.unit_of_work() as uow:
        return [t for t in uow.transfers.of_child(case_id) if t.status in OPEN_STATUSES]


def raise_disagreement(
    ws: Workspace, transfer_id: int, *, subject: str, raised_at: datetime, raised_by: str = ""
) -> int:
    """Record a disagreement on a transfer under way, which becomes disputed; returns its id."""
    if not subject.strip():
        raise DisagreementRefused("subject", "Say what the teams disagree about.")
    with ws.unit_of_work() as uow:
        transfer = _transfer(uow, transfer_id)
        if transfer.status not in OPEN_STATUSES:
            raise DisagreementRefused(
                "transfer",
                f"Transfer {transfer_id} is {transfer.status}: a disagreement can only be raised "
                "on a transfer under way (proposed, agreed or disputed).",
            )
        new_id = uow.transfers.raise_disagreement(
            transfer_id,
            raised_at=raised_at,
            raised_by=raised_by.strip() or uow.user,
            subject=subject.strip(),
        )
        if transfer.status != DISPUTED:
            uow.transfers.set_status(transfer_id, DISPUTED)
        uow.commit()
    return new_id


def escalate(ws: Workspace, disagreement_id: int, at: datetime) -> int:
    """Take an open disagreement one rung up the pack's ladder; returns its new level."""
    with ws.unit_of_work() as uow:
        record = _open_record(uow, disagreement_id)
        if next_rung(ws.pack, record.level) is None:
            raise DisagreementRefused("level", top_message(ws.pack, record))
        if at < record.raised_at:
            raise DisagreementRefused(
                "at", "The escalation cannot be before the disagreement was raised."
            )
        level = uow.transfers.escalate_disagreement(disagreement_id, at)
        uow.commit()
    return level


def resolve(ws: Workspace, disagreement_id: int, on: date, resolution: str) -> None:
    """Record how and when an open disagreement was settled (its clocks stop); the last one open
    on its transfer ends the dispute (see the module notes)."""
    _check_resolution(resolution)
    with ws.unit_of_work() as uow:
        _resolve(uow, _open_record(uow, disagreement_id), on, resolution.strip())
        uow.commit()


def resolve_all_on(uow: UnitOfWork, transfer_id: int, on: date, resolution: str) -> list[int]:
    """Resolve every open disagreement on a transfer inside the caller's unit of work (which
    commits, or rolls back with whatever else it changed); returns their ids."""
    _check_resolution(resolution)
    records = open_on(uow, transfer_id)
    for record in records:
        _resolve(uow, record, on, resolution.strip())
    return [r.id for r in records]


def open_on(uow: UnitOfWork, transfer_id: int) -> list[DisagreementRecord]:
    """The disagreements still open on one transfer, oldest raised first."""
    return uow.transfers.disagreements(open_only=True, transfer_id=transfer_id)


def _check_resolution(resolution: str) -> None:
    if not resolution.strip():
        raise DisagreementRefused("resolution", "Say how the disagreement was resolved.")


def _resolve(uow: UnitOfWork, record: DisagreementRecord, on: date, resolution: str) -> None:
    if on < record.raised_at.date():
        raise DisagreementRefused(
            "on", "The resolution date cannot be before the disagreement was raised."
        )
    uow.transfers.resolve_disagreement(record.id, on, resolution)
    _end_dispute(uow, record.transfer_id)


def _end_dispute(uow: UnitOfWork, transfer_id: int) -> None:
    """Once no disagreement on it is open, a disputed transfer goes back to where it was."""
    if open_on(uow, transfer_id):
        return
    transfer = uow.transfers.get(transfer_id)
    if transfer.status == DISPUTED:
        uow.transfers.set_status(transfer_id, status_before_dispute(transfer))


def status_before_dispute(transfer: TransferRecord) -> str:
    """What a disputed transfer was before: agreed when it has its agreed date, else proposed."""
    return "agreed" if transfer.agreed_on is not None else "proposed"


def list_disagreements(
    ws: Workspace, today: date, *, open_only: bool = False
) -> list[DisagreementView]:
    """Disagreements oldest raised first, each with its rung, next rung and running clocks."""
    with ws.unit_of_work() as uow:
        return disagreement_views(ws, uow, uow.transfers.disagreements(open_only=open_only), today)


def disagreement_views(
    ws: Workspace, uow: UnitOfWork, records: list[DisagreementRecord], today: date
) -> list[DisagreementView]:
    """Each stored disagreement with its rung, next rung and running clocks."""
    return [_view(ws, record, case, today) for record, case in _with_cases(uow, records)]


def disagreement_deadlines(
    ws: Workspace, uow: UnitOfWork, today: date, until: date | None = None
) -> list[DisagreementDeadline]:
    """The running clocks of every open disagreement (due by ``until`` when given)."""
    found = []
    for record, case in _with_cases(uow, uow.transfers.disagreements(open_only=True)):
        for clock in _clocks(ws, record, case, today):
            if until is None or clock.due_date <= until:
                found.append(
                    DisagreementDeadline(record.id, record.transfer_id, record.child_id, clock)
                )
    return found


def _with_cases(
    uow: UnitOfWork, records: list[DisagreementRecord]
) -> Iterator[tuple[DisagreementRecord, CaseSnapshot | None]]:
    """Each record with its child's case (None if the child has left the caseload)."""
    cases = {c.id: c for c in uow.cases.snapshots(sorted({r.child_id for r in records}))}
    for record in records:
        yield record, cases.get(record.child_id)


def _clocks(
    ws: Workspace, record: DisagreementRecord, case: CaseSnapshot | None, today: date
) -> tuple[Deadline, ...]:
    if case is None or record.resolved_on is not None:
        return ()
    facts = disagreement_facts(record)
    clocks = disagreement_clocks(case, facts, ws.pack, today, ws.calendar, record.pathway_id)
    return tuple(running(clocks))


def _view(
    ws: Workspace, record: DisagreementRecord, case: CaseSnapshot | None, today: date
) -> DisagreementView:
    pack = ws.pack
    rung = rung_of(pack, record.level)
    above = next_rung(pack, record.level)
    return DisagreementView(
        record=record,
        sits_with=_people(pack, rung) if rung else _teams(pack, record),
        rung_text=rung.text if rung else "Raised between the teams' managers.",
        next_up=_people(pack, above) if above else "",
        next_text=above.text if above else "",
        clocks=_clocks(ws, record, case, today),
        top_level=top_level(pack),
    )


def disagreement_facts(record: DisagreementRecord) -> DisagreementFacts:
    """What the clocks and the managers' views read of a stored disagreement."""
    return DisagreementFacts(
        id=record.id,
        transfer_id=record.transfer_id,
        raised_at=record.raised_at,
        level=record.level,
        escalated_at=record.escalated_at,
        resolved_on=record.resolved_on,
    )


def _people(pack: Pack, rung: EscalationStep) -> str:
    return ", ".join(_role_name(pack, role_id) for role_id in rung.to)


def _role_name(pack: Pack, role_id: str) -> str:
    try:
        return pack.role(role_id).name
    except KeyError:
        return role_id.replace("-", " ")


def _teams(pack: Pack, record: DisagreementRecord) -> str:
    names = [_team_name(pack, t) for t in (record.from_team, record.to_team) if t]
    return "Team managers of " + " and ".join(names)


def _team_name(pack: Pack, team_id: str) -> str:
    try:
        return pack.team(team_id).name
    except KeyError:
        return team_id


def top_message(pack: Pack, record: DisagreementRecord) -> str:
    """Why a disagreement at the top of the ladder cannot be escalated further."""
    if pack.escalation is None:
        return f"The {pack.pack.authority} procedure has no escalation ladder."
    return (
        f"This disagreement is already at the top of the {pack.pack.authority} ladder "
        f"(level {record.level} of {top_level(pack)}); it can only be resolved."
    )


def _transfer(uow: UnitOfWork, transfer_id: int) -> TransferRecord:
    try:
        return uow.transfers.get(transfer_id)
    except LookupError:
        raise DisagreementRefused("transfer", f"There is no transfer {transfer_id}.") from None


def _open_record(uow: UnitOfWork, disagreement_id: int) -> DisagreementRecord:
    found = uow.transfers.disagreements(ids=[disagreement_id])
    if not found:
        raise DisagreementRefused("disagreement", f"There is no disagreement {disagreement_id}.")
    if found[0].resolved_on is not None:
        raise DisagreementRefused(
            "disagreement",
            f"Disagreement {disagreement_id} was resolved on {found[0].resolved_on:%d %b %Y}.",
        )
    return found[0]
