"""Transfers, their steps, key questions, overrides and disagreements.

Every transfer records the pack and pack version it was judged against. Disagreements hang off
the transfer only (there is no child id on them), so they never reach the child's record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.models import (
    TRANSFER_STATUSES,
    Disagreement,
    KeyQuestionAnswer,
    Override,
    TransferRow,
    TransferStep,
)

#: Statuses of a transfer that is still under way (its pathway's clocks run).
OPEN_STATUSES = ("proposed", "agreed", "disputed")

#: Transfer columns that :meth:`TransferRepository.update` may change.
EDITABLE = frozenset(
    {
        "group_id", "to_team", "receiving_worker_id", "proposed_on", "agreed_on",
        "transfer_date", "completed_on", "transfer_point_event", "co_working_start",
        "co_working_end", "joint_visit_on", "goodbye_visit_on", "notes", "draft_json",
    }
)  # fmt: skip


@dataclass(frozen=True)
class TransferRecord:
    """One transfer as the services see it (plain values, no database objects)."""

    id: int
    child_id: str
    pathway_id: str
    pack_id: str
    pack_version: str
    status: str
    from_team: str
    to_team: str | None
    group_id: str | None = None
    receiving_worker_id: str | None = None
    proposed_on: date | None = None
    agreed_on: date | None = None
    transfer_date: date | None = None
    completed_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class DisagreementRecord:
    """A disagreement with the transfer it is about (the child is reached through the transfer)."""

    id: int
    transfer_id: int
    child_id: str
    pathway_id: str
    from_team: str
    to_team: str | None
    raised_at: datetime
    raised_by: str
    subject: str
    level: int
    escalated_at: datetime | None
    resolved_on: date | None
    resolution: str


@dataclass(frozen=True)
class PlannedDates:
    """The planned dates of a transfer under way that fall due: the move and co-working's end."""

    transfer_id: int
    child_id: str
    pathway_id: str
    transfer_date: date | None
    co_working_end: date | None


class TransferRepository:
    """Create and move transfers along; every change is audited."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        child_id: str,
        pathway_id: str,
        *,
        pack_id: str,
        pack_version: str,
        from_team: str,
        to_team: str | None = None,
        status: str = "draft",
        **fields: Any,
    ) -> int:
        """Start a transfer (a ``draft`` unless told otherwise); returns its id."""
        _check_status(status)
        _check_fields(fields)
        row = TransferRow(
            child_id=child_id,
            pathway_id=pathway_id,
            pack_id=pack_id,
            pack_version=pack_version,
            from_team=from_team,
            to_team=to_team,
            status=status,
            **fields,
        )
        return self._add(row)

    def set_status(self, transfer_id: int, status: str, on: date | None = None) -> None:
        """Move a transfer to ``status``; ``on`` fills the matching date (proposed/agreed/…)."""
        _check_status(status)
        row = self._transfer(transfer_id)
        row.status = status
        if on is not None and status in ("proposed", "agreed", "completed"):
            setattr(row, f"{status}_on", on)

    def update(self, transfer_id: int, **fields: Any) -> None:
        """Change dates, receiving team or worker, notes or the wizard draft of a transfer."""
        _check_fields(fields)
        row = self._transfer(transfer_id)
        for name, value in fields.items():
            setattr(row, name, value)

    def get(self, transfer_id: int) -> TransferRecord:
        """One transfer; LookupError if there is none."""
        return transfer_record(self._transfer(transfer_id))

    def draft_json(self, transfer_id: int) -> str | None:
        """The wizard's saved state of a draft transfer."""
        return self._transfer(transfer_id).draft_json

    def of_child(self, child_id: str) -> list[TransferRecord]:
        """The child's transfers, oldest first."""
        query = select(TransferRow).where(TransferRow.child_id == child_id)
        return [transfer_record(r) for r in self._session.scalars(query.order_by(TransferRow.id))]

    def open_pathways(self, child_ids: Iterable[str] | None) -> dict[str, list[str]]:
        """Child id → pathway ids of its open transfers (all children when None)."""
        query = select(TransferRow.child_id, TransferRow.pathway_id).where(
            TransferRow.status.in_(OPEN_STATUSES)
        )
        if child_ids is not None:
            query = query.where(TransferRow.child_id.in_(list(child_ids)))
        found: dict[str, list[str]] = {}
        for child_id, pathway_id in self._session.execute(query.order_by(TransferRow.id)):
            found.setdefault(child_id, []).append(pathway_id)
        return found

    def planned_dates(self) -> list[PlannedDates]:
        """Transfers under way with a planned transfer date or co-working end, by id."""
        columns = (
            TransferRow.id, TransferRow.child_id, TransferRow.pathway_id,
            TransferRow.transfer_date, TransferRow.co_working_end,
        )  # fmt: skip
        query = select(*columns).where(
            TransferRow.status.in_(OPEN_STATUSES),
            TransferRow.transfer_date.is_not(None) | TransferRow.co_working_end.is_not(None),
        )
        return [PlannedDates(*row) for row in self._session.execute(query.order_by(TransferRow.id))]

    def record_step(
        self,
        transfer_id: int,
        step_id: str,
        done_on: date | None,
        *,
        who: str = "",
        outcome: str = "",
        notes: str = "",
    ) -> int:
        """Record a pathway step done (a discussion, a joint visit, a meeting); returns its id."""
        step = TransferStep(
            transfer_id=transfer_id,
            step_id=step_id,
            done_on=done_on,
            who=who,
            outcome=outcome,
            notes=notes,
        )
        return self._add(step)

    def answer_question(self, transfer_id: int, question_id: str, answer: str) -> None:
        """Record (or change) the answer to a pathway's key question."""
        row = self._session.get(KeyQuestionAnswer, (transfer_id, question_id))
        if row is None:
            self._add(
                KeyQuestionAnswer(transfer_id=transfer_id, question_id=question_id, answer=answer)
            )
        else:
            row.answer = answer

    def add_override(
        self, transfer_id: int, rule_id: str, *, authoriser: str, role: str, reason: str, on: date
    ) -> int:
        """Record that ``authoriser`` (in ``role``) overrode ``rule_id``, why and when."""
        return self._add(
            Override(
                transfer_id=transfer_id,
                rule_id=rule_id,
                authoriser=authoriser,
                role=role,
                reason=reason,
                on=on,
            )
        )

    def raise_disagreement(
        self, transfer_id: int, *, raised_at: datetime, raised_by: str, subject: str
    ) -> int:
        """Record a disagreement about a transfer (never on the child's record)."""
        row = Disagreement(
            transfer_id=transfer_id, raised_at=raised_at, raised_by=raised_by, subject=subject
        )
        return self._add(row)

    def escalate_disagreement(self, disagreement_id: int, at: datetime) -> int:
        """Take a disagreement one level up the ladder; returns the new level."""
        row = self._disagreement(disagreement_id)
        row.level = (row.level or 1) + 1
        row.escalated_at = at
        return row.level

    def resolve_disagreement(self, disagreement_id: int, on: date, resolution: str) -> None:
        """Record how and when a disagreement was settled."""
        row = self._disagreement(disagreement_id)
        row.resolved_on = on
        row.resolution = resolution

    def disagreements(
        self,
        *,
        open_only: bool = False,
        ids: Iterable[int] | None = None,
        transfer_id: int | None = None,
    ) -> list[DisagreementRecord]:
        """Disagreements with their transfers, oldest raised first (only unresolved ones, only
        ``ids``, or only those on one transfer, when asked)."""
        query = select(Disagreement, TransferRow).join(
            TransferRow, TransferRow.id == Disagreement.transfer_id
        )
        if open_only:
            query = query.where(Disagreement.resolved_on.is_(None))
        if ids is not None:
            query = query.where(Disagreement.id.in_(list(ids)))
        if transfer_id is not None:
            query = query.where(Disagreement.transfer_id == transfer_id)
        order = (Disagreement.raised_at, Disagreement.id)
        return [
            _disagreement_record(d, t) for d, t in self._session.execute(query.order_by(*order))
        ]

    def _add(self, row: Any) -> int:
        self._session.add(row)
        self._session.flush()
        return int(getattr(row, "id", 0) or 0)

    def _transfer(self, transfer_id: int) -> TransferRow:
        row = self._session.get(TransferRow, transfer_id)
        if row is None:
            raise LookupError(f"no transfer {transfer_id}")
        return row

    def _disagreement(self, disagreement_id: int) -> Disagreement:
        row = self._session.get(Disagreement, disagreement_id)
        if row is None:
            raise LookupError(f"no disagreement {disagreement_id}")
        return row


def _check_status(status: str) -> None:
    if status not in TRANSFER_STATUSES:
        raise ValueError(f"status must be one of {TRANSFER_STATUSES}, not {status!r}")


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"transfers have no editable field {sorted(unknown)}")


def transfer_record(row: TransferRow) -> TransferRecord:
    """The plain record of a transfer row (shared with the meetings repository)."""
    return TransferRecord(
        id=row.id,
        child_id=row.child_id,
        pathway_id=row.pathway_id,
        pack_id=row.pack_id,
        pack_version=row.pack_version,
        status=row.status,
        from_team=row.from_team,
        to_team=row.to_team,
        group_id=row.group_id,
        receiving_worker_id=row.receiving_worker_id,
        proposed_on=row.proposed_on,
        agreed_on=row.agreed_on,
        transfer_date=row.transfer_date,
        completed_on=row.completed_on,
        notes=row.notes,
    )


def _disagreement_record(row: Disagreement, transfer: TransferRow) -> DisagreementRecord:
    return DisagreementRecord(
        id=row.id,
        transfer_id=row.transfer_id,
        child_id=transfer.child_id,
        pathway_id=transfer.pathway_id,
        from_team=transfer.from_team,
        to_team=transfer.to_team,
        raised_at=row.raised_at,
        raised_by=row.raised_by,
        subject=row.subject or "",
        level=row.level or 1,
        escalated_at=row.escalated_at,
        resolved_on=row.resolved_on,
        resolution=row.resolution or "",
    )
