"""Repositories: the only way the services read and change the case store.

They speak the domain's language (``Child``, ``Event``, ``StatusSpell`` …) and hide the rows.
Writes go through the ORM so that each one gets its audit row; reads of whole caseloads go
through :mod:`app.storage.reading`; big loads through :mod:`app.storage.bulk`.
Repositories never commit: the :class:`~app.storage.uow.UnitOfWork` does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar

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

#: The rows of a child that have their own integer id.
_Owned = TypeVar("_Owned", LegalStatusRow, EventRow)


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

    def child(self, child_id: str) -> Child:
        """The child's personal details; :class:`CaseNotFound` if there is no such child."""
        row = self._child(child_id)
        return Child(
            id=row.id,
            given_name=row.given_name,
            family_name=row.family_name,
            dob=row.dob,
            expected_dob=row.expected_dob,
            sex=row.sex,
            disability=row.disability,
            uasc=row.uasc,
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

    # -- editing one row at a time (the case record's edits and their undo) -------------------

    def status_spells(self, child_id: str) -> list[tuple[int, StatusSpell]]:
        """The child's legal status spells with their row ids, oldest first."""
        rows = self._session.scalars(
            select(LegalStatusRow)
            .where(LegalStatusRow.child_id == child_id)
            .order_by(LegalStatusRow.start, LegalStatusRow.id)
        )
        return [(r.id, StatusSpell(r.code, r.start, r.end)) for r in rows]

    def set_status_end(self, child_id: str, status_id: int, end: date | None) -> date | None:
        """End (or with None reopen) one status spell; returns its end before; LookupError if
        the child has no such spell."""
        row = self._owned(LegalStatusRow, child_id, status_id)
        before, row.end = row.end, end
        self._session.flush()
        return before

    def remove_status(self, child_id: str, status_id: int) -> StatusSpell:
        """Delete one status spell (the undo of adding it); returns what it was."""
        row = self._owned(LegalStatusRow, child_id, status_id)
        spell = StatusSpell(row.code, row.start, row.end)
        self._session.delete(row)
        self._session.flush()
        return spell

    def flag_set_on(self, child_id: str, flag: str) -> date | None:
        """The day ``flag`` was set on the child, or None when it is not set."""
        row = self._session.get(FlagRow, (child_id, flag))
        return None if row is None else row.set_on

    def key_events(self, child_id: str) -> list[tuple[int, Event, str]]:
        """The child's events with their row ids and notes, oldest first."""
        rows = self._session.scalars(
            select(EventRow).where(EventRow.child_id == child_id).order_by(EventRow.on, EventRow.id)
        )
        return [(r.id, _event_of(r), r.note) for r in rows]

    def update_event(self, child_id: str, event_id: int, event: Event, note: str = "") -> None:
        """Change one event's kind, day, time, number, team and note."""
        row = self._owned(EventRow, child_id, event_id)
        row.kind, row.on, row.at, row.number = event.kind, event.on, event.at, event.number
        row.team_id, row.note = event.team_id, note
        self._session.flush()

    def remove_event(self, child_id: str, event_id: int) -> tuple[Event, str]:
        """Delete one event; returns it and its note (to add it back)."""
        row = self._owned(EventRow, child_id, event_id)
        removed = (_event_of(row), row.note)
        self._session.delete(row)
        self._session.flush()
        return removed

    def file_item_entry(self, child_id: str, kind: str) -> tuple[date | None, str] | None:
        """A case-file item's last update and note, or None when there is no row for it."""
        row = self._session.get(FileItemRow, (child_id, kind))
        return None if row is None else (row.updated, row.note)

    def remove_file_item(self, child_id: str, kind: str) -> bool:
        """Delete the row of one case-file item; False if there was none."""
        row = self._session.get(FileItemRow, (child_id, kind))
        if row is None:
            return False
        self._session.delete(row)
        self._session.flush()
        return True

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

    def _owned(self, model: type[_Owned], child_id: str, row_id: int) -> _Owned:
        """The row ``row_id`` of ``model`` if it belongs to ``child_id``; else LookupError."""
        row = self._session.get(model, row_id)
        if row is None or row.child_id != child_id:
            raise LookupError(f"child {child_id} has no {model.__tablename__} row {row_id}")
        return row

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


def _event_of(row: EventRow) -> Event:
    return Event(row.kind, row.on, number=row.number, at=row.at, team_id=row.team_id)
