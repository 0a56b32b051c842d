"""Build :class:`~app.domain.case.CaseSnapshot` objects from the case tables, fast.

One Core SELECT per table, each ordered by ``child_id``, merged in a single pass: the caseload
of 100,000 children is read with six queries, not one per child (no ORM objects, no N+1).
Within a child, statuses and allocations come oldest first (by start, then insertion), events
by date then insertion, flags and file items by name; siblings by id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeAlias

from sqlalchemy import Connection, Select, select
from sqlalchemy.engine import Row

from app.domain.case import Allocation, CaseSnapshot, Child, Event, FileItem, StatusSpell
from app.storage.models import (
    AllocationRow,
    ChildRow,
    EventRow,
    FileItemRow,
    FlagRow,
    LegalStatusRow,
    table_of,
)

AnyRow: TypeAlias = Row[*tuple[Any, ...]]
AnySelect: TypeAlias = Select[*tuple[Any, ...]]

#: Ids per query when a subset is asked for (well under SQLite's bound-parameter limit).
CHUNK = 500

_children = table_of(ChildRow).c
_statuses = table_of(LegalStatusRow).c
_flags = table_of(FlagRow).c
_events = table_of(EventRow).c
_files = table_of(FileItemRow).c
_allocations = table_of(AllocationRow).c


def read_snapshots(
    connection: Connection, child_ids: Iterable[str] | None = None
) -> Iterator[CaseSnapshot]:
    """Snapshots of the given children (all when None), in child id order; unknown ids skipped."""
    if child_ids is None:
        yield from _read(connection, None)
        return
    ordered = iter(sorted(set(child_ids)))
    while chunk := tuple(islice(ordered, CHUNK)):
        yield from _read(connection, chunk)


class _Stream:
    """The rows of one ordered query, handed out child by child."""

    __slots__ = ("_head", "_rows")

    def __init__(self, rows: Iterator[AnyRow]) -> None:
        self._rows = rows
        self._head: AnyRow | None = next(rows, None)

    def take(self, child_id: str) -> list[AnyRow]:
        """The rows for ``child_id`` (the stream must be at or before it)."""
        head, rows, out = self._head, self._rows, []
        while head is not None and head[0] <= child_id:
            if head[0] == child_id:
                out.append(head)
            head = next(rows, None)
        self._head = head
        return out


def _read(connection: Connection, ids: Sequence[str] | None) -> Iterator[CaseSnapshot]:
    siblings = _families(connection, ids)
    children = connection.execute(_filter(_child_query(), _children.id, ids))
    statuses, flags, events, files, allocations = (
        _Stream(iter(connection.execute(_filter(query, query.selected_columns[0], ids))))
        for query in _detail_queries()
    )
    for row in children:
        child_id = row[0]
        family_id = row[8]
        yield CaseSnapshot(
            child=Child(*row[:8]),
            team_id=row[9],
            worker_id=row[10],
            tier=row[11],
            family_id=family_id,
            sibling_ids=_others(siblings.get(family_id, ()), child_id),
            statuses=tuple(StatusSpell(r[1], r[2], r[3]) for r in statuses.take(child_id)),
            flags=frozenset(r[1] for r in flags.take(child_id)),
            events=tuple(Event(r[1], r[2], r[3], r[4], r[5]) for r in events.take(child_id)),
            file_items=tuple(FileItem(r[1], r[2]) for r in files.take(child_id)),
            allocations=tuple(
                Allocation(r[1], r[2], r[3], r[4], r[5]) for r in allocations.take(child_id)
            ),
        )


def _child_query() -> AnySelect:
    c = _children
    return select(
        c.id,
        c.given_name,
        c.family_name,
        c.dob,
        c.expected_dob,
        c.sex,
        c.disability,
        c.uasc,
        c.family_id,
        c.team_id,
        c.worker_id,
        c.tier,
    ).order_by(c.id)


def _detail_queries() -> tuple[AnySelect, ...]:
    s, f, e, i, a = _statuses, _flags, _events, _files, _allocations
    return (
        select(s.child_id, s.code, s.start, s.end).order_by(s.child_id, s.start, s.id),
        select(f.child_id, f.flag).order_by(f.child_id, f.flag),
        select(e.child_id, e.kind, e.on, e.number, e.at, e.team_id).order_by(
            e.child_id, e.on, e.id
        ),
        select(i.child_id, i.kind, i.updated).order_by(i.child_id, i.kind),
        select(a.child_id, a.team_id, a.worker_id, a.start, a.end, a.reason).order_by(
            a.child_id, a.start, a.id
        ),
    )


def _filter(query: AnySelect, column: Any, ids: Sequence[str] | None) -> AnySelect:
    return query if ids is None else query.where(column.in_(ids))


def _families(connection: Connection, ids: Sequence[str] | None) -> dict[str, tuple[str, ...]]:
    """Family id → its children's ids, for the families of ``ids`` (all when None)."""
    c = _children
    query = select(c.family_id, c.id).where(c.family_id.is_not(None)).order_by(c.family_id, c.id)
    if ids is not None:
        query = query.where(c.family_id.in_(select(c.family_id).where(c.id.in_(ids))))
    members: defaultdict[str, list[str]] = defaultdict(list)
    for family_id, child_id in connection.execute(query):
        members[family_id].append(child_id)
    return {family_id: tuple(children) for family_id, children in members.items()}


def _others(members: tuple[str, ...], child_id: str) -> tuple[str, ...]:
    return tuple(m for m in members if m != child_id) if len(members) > 1 else ()
