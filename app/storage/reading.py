"""Build :class:`~app.domain.case.CaseSnapshot` objects from the case tables, fast.

One Core SELECT per table, each ordered by ``child_id`` only, merged in a single pass: the whole
caseload (100,000 children, two million rows) is read with six queries, not one per child (no
ORM objects, no N+1). Within a child, statuses and allocations come oldest first (by start,
then insertion), events by date then insertion, flags and file items by name; siblings by id.

Speed: the SELECTs are built and compiled by SQLAlchemy but run on the session's own DBAPI
cursor (same connection, same transaction) and fetched a batch at a time; the few typed columns
are converted here (ISO text to ``date``, 0/1 to ``bool``, the formats SQLAlchemy writes).
SQLAlchemy's per-row result processing doubled the time of a whole-caseload read, and the
caseload audit has to stay within a small factor of a plain sqlite3 scan. For the same reason
equal status spells and file items (frozen, so safe to share) are built once per read: a
caseload has few distinct (document, date) pairs, and building a frozen dataclass costs more
than looking one up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from itertools import chain, groupby, islice
from operator import itemgetter
from typing import Any, TypeAlias

from sqlalchemy import Connection, Select, select

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

Row: TypeAlias = tuple[Any, ...]
AnySelect: TypeAlias = Select[*tuple[Any, ...]]

#: Ids per query when a subset is asked for (well under SQLite's bound-parameter limit).
CHUNK = 500
#: Rows fetched from SQLite per round trip.
BATCH = 4000

_CHILDREN = table_of(ChildRow).c
_STATUSES = table_of(LegalStatusRow).c
_FLAGS = table_of(FlagRow).c
_EVENTS = table_of(EventRow).c
_FILES = table_of(FileItemRow).c
_ALLOCATIONS = table_of(AllocationRow).c

#: ISO text → date; cached, so the few thousand distinct days of a caseload are parsed once.
_day = lru_cache(maxsize=1 << 16)(date.fromisoformat)


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


class _Groups:
    """The rows of one query ordered by child id, handed out child by child."""

    __slots__ = ("_group", "_groups", "_key")

    def __init__(self, rows: Iterator[Row]) -> None:
        self._groups = groupby(rows, itemgetter(0))
        self._key: str | None = None
        self._group: Iterator[Row] = iter(())
        self._advance()

    def _advance(self) -> None:
        self._key, self._group = next(self._groups, (None, iter(())))

    def take(self, child_id: str) -> list[Row]:
        """The rows for ``child_id``; the ids asked for must come in ascending order."""
        while self._key is not None and self._key < child_id:
            self._advance()
        if self._key != child_id:
            return []
        rows = list(self._group)
        self._advance()
        return rows


def _read(connection: Connection, ids: Sequence[str] | None) -> Iterator[CaseSnapshot]:
    siblings = _families(connection, ids)
    children = _stream(connection, _filter(_child_query(), _CHILDREN.id, ids))
    statuses, flags, events, files, allocations = (
        _Groups(_stream(connection, _filter(query, query.selected_columns[0], ids)))
        for query in _detail_queries()
    )
    spells: dict[Row, StatusSpell] = {}
    items: dict[Row, FileItem] = {}
    for row in children:
        child_id = row[0]
        family_id = row[8]
        yield CaseSnapshot(
            child=_child(row),
            team_id=row[9],
            worker_id=row[10],
            tier=row[11],
            family_id=family_id,
            sibling_ids=_others(siblings.get(family_id, ()), child_id),
            statuses=_statuses(statuses.take(child_id), spells),
            flags=frozenset([r[1] for r in flags.take(child_id)]),
            events=_events(events.take(child_id)),
            file_items=_file_items(files.take(child_id), items),
            allocations=_allocations(allocations.take(child_id)),
        )


def _stream(connection: Connection, query: AnySelect) -> Iterator[Row]:
    """Run a Core select on the connection's DBAPI cursor; plain tuples, a batch at a time."""
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    parameters = [compiled.params[name] for name in compiled.positiontup or ()]
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.arraysize = BATCH
    cursor.execute(str(compiled), parameters)
    return chain.from_iterable(iter(cursor.fetchmany, []))


def _child(row: Row) -> Child:
    dob, expected = row[3], row[4]
    return Child(
        row[0],
        row[1],
        row[2],
        dob and _day(dob),
        expected and _day(expected),
        row[5],
        bool(row[6]),
        bool(row[7]),
    )


_BY_START = itemgetter(2, 4)  # statuses: start, then id (ISO text sorts as dates do)
_BY_DATE = itemgetter(2, 6)  # events: date, then id
_BY_ALLOCATION = itemgetter(3, 6)  # allocations: start, then id


def _statuses(rows: list[Row], known: dict[Row, StatusSpell]) -> tuple[StatusSpell, ...]:
    rows.sort(key=_BY_START)
    out = []
    for r in rows:
        key = r[1:4]
        spell = known.get(key)
        if spell is None:
            spell = known[key] = StatusSpell(r[1], _day(r[2]), r[3] and _day(r[3]))
        out.append(spell)
    return tuple(out)


def _file_items(rows: list[Row], known: dict[Row, FileItem]) -> tuple[FileItem, ...]:
    out = []
    for r in rows:
        key = r[1:3]
        item = known.get(key)
        if item is None:
            item = known[key] = FileItem(r[1], r[2] and _day(r[2]))
        out.append(item)
    return tuple(out)


def _events(rows: list[Row]) -> tuple[Event, ...]:
    rows.sort(key=_BY_DATE)
    return tuple(
        [Event(r[1], _day(r[2]), r[3], r[4] and datetime.fromisoformat(r[4]), r[5]) for r in rows]
    )


def _allocations(rows: list[Row]) -> tuple[Allocation, ...]:
    rows.sort(key=_BY_ALLOCATION)
    return tuple([Allocation(r[1], r[2], _day(r[3]), r[4] and _day(r[4]), r[5]) for r in rows])


def _child_query() -> AnySelect:
    c = _CHILDREN
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
    """One query per table, ordered by child id only: SQLite walks the child_id index and needs
    no sort; the few rows of each child are put in order in Python (the ``_BY_*`` keys)."""
    s, f, e, i, a = _STATUSES, _FLAGS, _EVENTS, _FILES, _ALLOCATIONS
    return (
        select(s.child_id, s.code, s.start, s.end, s.id).order_by(s.child_id),
        select(f.child_id, f.flag).order_by(f.child_id, f.flag),
        select(e.child_id, e.kind, e.on, e.number, e.at, e.team_id, e.id).order_by(e.child_id),
        select(i.child_id, i.kind, i.updated).order_by(i.child_id, i.kind),
        select(a.child_id, a.team_id, a.worker_id, a.start, a.end, a.reason, a.id).order_by(
            a.child_id
        ),
    )


def _filter(query: AnySelect, column: Any, ids: Sequence[str] | None) -> AnySelect:
    return query if ids is None else query.where(column.in_(ids))


def _families(connection: Connection, ids: Sequence[str] | None) -> dict[str, tuple[str, ...]]:
    """Family id → its children's ids, for the families of ``ids`` (all when None)."""
    c = _CHILDREN
    query = select(c.family_id, c.id).where(c.family_id.is_not(None)).order_by(c.family_id, c.id)
    if ids is not None:
        query = query.where(c.family_id.in_(select(c.family_id).where(c.id.in_(ids))))
    members: defaultdict[str, list[str]] = defaultdict(list)
    for family_id, child_id in _stream(connection, query):
        members[family_id].append(child_id)
    return {family_id: tuple(children) for family_id, children in members.items()}


def _others(members: tuple[str, ...], child_id: str) -> tuple[str, ...]:
    return tuple(m for m in members if m != child_id) if len(members) > 1 else ()
