"""Repositories: the only way the services read and change the case store.

They speak the domain's language (``Child``, ``Event``, ``StatusSpell`` …) and hide the rows.
Writes go through the ORM so that each one gets its audit row; reads of whole caseloads go
through :mod:`app.storage.reading`; big loads through :mod:`app.storage.bulk`.
Repositories never commit: the :class:`~app.storage.uow.UnitOfWork` does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.case import CaseSnapshot, Child, Event, FileItem, StatusSpell
from app.domain.facts import AuditInputs, Questions
from app.storage.audit_inputs import read_audit_inputs
from app.storage.bulk import Rows, bulk_insert
from app.storage.errors import CaseNotFound
from app.storage.models import (
    AllocationRow,
    Base,
    ChildRow,
    EventRow,
    Family,
    FileItemRow,
    FlagRow,
    LegalStatusRow,
    Team,
    Worker,
)
from app.storage.reading import read_snapshots


class CaseRepository:
    """Children, their families and everything on their record."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # -- reading -------------------------------------------------------------------------------

    def get_snapshot(self, child_id: str) -> CaseSnapshot:
        """The case of one child; :class:`CaseNotFound` if there is no such child."""
        found = next(self.snapshots([child_id]), None)
        if found is None:
            raise CaseNotFound(child_id)
        return found

    def snapshots(self, child_ids: Iterable[str] | None = None) -> Iterator[CaseSnapshot]:
        """The cases of ``child_ids`` (the whole caseload when None), in child id order.

        Unknown ids are skipped. Consume the iterator inside the unit of work.
        """
        self._session.flush()
        return read_snapshots(self._session.connection(), child_ids)

    def audit_inputs(
        self,
        today: date,
        questions: Questions | None = None,
        teams: Collection[str] | None = None,
    ) -> Iterator[AuditInputs]:
        """What the checklist audit reads of every case on ``today``, in child id order.

        Only the statuses, flags, events and file items ``questions`` name (all when None);
        only the cases held by ``teams``, when given. Consume the iterator inside the unit of
        work.
        """
        self._session.flush()
        return read_audit_inputs(self._session.connection(), today, questions, teams)

    def child_ids(self) -> set[str]:
        """Every child's id."""
        return set(self._session.scalars(select(ChildRow.id)))

    def team_ids(self) -> set[str]:
        """Every team's id."""
        return set(self._session.scalars(select(Team.id)))

    def worker_ids(self) -> set[str]:
        """Every worker's id."""
        return set(self._session.scalars(select(Worker.id)))

    def count_held_by(self, worker_id: str) -> int:
        """How many children the worker holds now."""
        query = select(func.count()).select_from(ChildRow).where(ChildRow.worker_id == worker_id)
        return int(self._session.scalar(query) or 0)

    def family_ids(self) -> set[str]:
        """Every family's (sibling group's) id."""
        return set(self._session.scalars(select(Family.id)))

    # -- the child -----------------------------------------------------------------------------

    def add_family(self, family_id: str, name: str = "") -> None:
        """Record a family (a sibling group is the children sharing one)."""
        self._add(Family(id=family_id, name=name))

    def add_child(
        self,
        child: Child,
        *,
        team_id: str,
        worker_id: str | None = None,
        tier: int | None = None,
        family_id: str | None = None,
        allocated_on: date | None = None,
    ) -> None:
        """Record a new child held by ``team_id``; ``allocated_on`` opens the first allocation."""
        row = ChildRow(
            id=child.id, team_id=team_id, worker_id=worker_id, tier=tier, family_id=family_id
        )
        _copy_child(child, row)
        self._add(row)
        if allocated_on is not None:
            self._add(
                AllocationRow(
                    child_id=child.id,
                    team_id=team_id,
                    worker_id=worker_id,
                    start=allocated_on,
                    reason="first allocation",
                )
            )

    def update_child(self, child: Child) -> None:
        """Change a child's names, dates of birth, sex, disability or UASC marker."""
        _copy_child(child, self._child(child.id))

    def set_family(self, child_id: str, family_id: str | None) -> None:
        """Put a child in a family (sibling group), or take them out with None."""
        self._child(child_id).family_id = family_id

    def set_tier(self, child_id: str, tier: int | None) -> None:
        """Record the child's tier / level of need."""
        self._child(child_id).tier = tier

    # -- flags, events, file items, statuses ---------------------------------------------------

    def set_flag(self, child_id: str, flag: str, on: date) -> None:
        """Set ``flag`` on the child from ``on``; setting a flag already set changes nothing."""
        if self._session.get(FlagRow, (child_id, flag)) is None:
            self._add(FlagRow(child_id=child_id, flag=flag, set_on=on))

    def clear_flag(self, child_id: str, flag: str) -> bool:
        """Take ``flag`` off the child; False if it was not set."""
        row = self._session.get(FlagRow, (child_id, flag))
        if row is None:
            return False
        self._session.delete(row)
        self._session.flush()
        return True

    def add_event(self, child_id: str, event: Event, note: str = "") -> int:
        """Record an event on the child's case; returns its id."""
        row = EventRow(
            child_id=child_id,
            kind=event.kind,
            on=event.on,
            at=event.at,
            number=event.number,
            team_id=event.team_id,
            note=note,
        )
        self._add(row)
        return row.id

    def upsert_file_item(self, child_id: str, item: FileItem, note: str = "") -> None:
        """Record when a case-file document was last updated (one row per kind)."""
        row = self._session.get(FileItemRow, (child_id, item.kind))
        if row is None:
            self._add(
                FileItemRow(child_id=child_id, kind=item.kind, updated=item.updated, note=note)
            )
            return
        row.updated = item.updated
        row.note = note

    def add_status(self, child_id: str, spell: StatusSpell) -> int:
        """Record a legal status spell; returns its id."""
        row = LegalStatusRow(child_id=child_id, code=spell.code, start=spell.start, end=spell.end)
        self._add(row)
        return row.id

    def end_status(self, child_id: str, code: str, end: date) -> None:
        """End the child's open spell of ``code`` on ``end``; LookupError if none is open."""
        row = self._session.scalars(
            select(LegalStatusRow)
            .where(
                LegalStatusRow.child_id == child_id,
                LegalStatusRow.code == code,
                LegalStatusRow.end.is_(None),
            )
            .order_by(LegalStatusRow.start.desc())
        ).first()
        if row is None:
            raise LookupError(f"child {child_id} has no open {code} status")
        row.end = end

    # -- allocation ----------------------------------------------------------------------------

    def allocate(
        self, child_id: str, team_id: str, worker_id: str | None, on: date, reason: str = ""
    ) -> None:
        """Move responsibility to ``team_id`` / ``worker_id`` from ``on``.

        The open allocation (if any) ends on ``on`` (the handover day belongs to both spells),
        a new one starts, and the child's current team and worker change with it.
        """
        child = self._child(child_id)
        for spell in self._session.scalars(
            select(AllocationRow).where(
                AllocationRow.child_id == child_id, AllocationRow.end.is_(None)
            )
        ):
            spell.end = on
        self._add(
            AllocationRow(
                child_id=child_id, team_id=team_id, worker_id=worker_id, start=on, reason=reason
            )
        )
        child.team_id = team_id
        child.worker_id = worker_id

    # -- bulk ----------------------------------------------------------------------------------

    def bulk_insert(self, tables: Mapping[str, Rows], *, summary: str = "") -> dict[str, int]:
        """Load many rows at once (importer, demo generator) with one summary audit row.

        ``tables`` maps table names (``teams``, ``workers``, ``families``, ``children``,
        ``allocations``, ``legal_statuses``, ``flags``, ``events``, ``file_items``) to lists of
        dicts keyed by column name; ``summary`` says what the load was, for the audit log. See
        :mod:`app.storage.bulk` for the audit rule. Returns the rows written per table.
        """
        self._session.flush()
        return bulk_insert(self._session, tables, summary=summary)

    def bulk_insert_children(self, rows: Rows, **related: Rows) -> dict[str, int]:
        """:meth:`bulk_insert` with the ``children`` rows first and the other tables by name."""
        return self.bulk_insert({"children": rows, **related})

    def _add(self, row: Base) -> None:
        """Add and flush at once: rows have no ORM relationships, so the flush cannot reorder
        inserts by foreign key; flushing each write keeps the caller's order (and raises an
        integrity error at the call that caused it)."""
        self._session.add(row)
        self._session.flush()

    def _child(self, child_id: str) -> ChildRow:
        row = self._session.get(ChildRow, child_id)
        if row is None:
            raise CaseNotFound(child_id)
        return row


def _copy_child(child: Child, row: Any) -> None:
    row.given_name = child.given_name
    row.family_name = child.family_name
    row.dob = child.dob
    row.expected_dob = child.expected_dob
    row.sex = child.sex
    row.disability = child.disability
    row.uasc = child.uasc
