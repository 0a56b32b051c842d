"""Readiness and next due date per case, where the register's SQL can filter and sort on them.

Neither is stored in the case file: both are worked out from the caseload on the day it is
opened (``app.services.register``). :class:`RegisterState` keeps them in memory and mirrors them
into a TEMP table, ``temp.register_state``, on each pooled connection the register queries run
on. Nothing is persisted and no migration is needed: a TEMP table lives and dies with its
connection. A connection is brought up to date just before a register query runs on it: filled
in full the first time (or after the whole state is replaced), and afterwards only with the
cases changed since (one case after a transfer is saved, say).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection

from app.domain.next_due import ClockEvent
from app.storage.database import Database
from app.storage.errors import storage_errors
from app.storage.register_sql import NO_CHECKLIST, STATE_TABLE

TABLE = STATE_TABLE
#: Order of the readiness sort: transfers stopped first, then gaps, to answer, ready, none.
RANK = {"blocked": 0, "gaps": 1, "incomplete": 2, "ready": 3, NO_CHECKLIST: 4}
_CREATE = (
    f"CREATE TEMP TABLE {TABLE} (child_id TEXT PRIMARY KEY, readiness TEXT, rank INTEGER, "
    "stops INTEGER, gaps INTEGER, unanswered INTEGER, pathway_id TEXT, next_due TEXT, "
    "overdue INTEGER) WITHOUT ROWID",
    f"CREATE INDEX temp.ix_{TABLE}_readiness ON {TABLE} (readiness, stops)",
    f"CREATE INDEX temp.ix_{TABLE}_next_due ON {TABLE} (next_due)",
)
_INSERT = f"INSERT OR REPLACE INTO temp.{TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_SYNCED = "transfer_desk.register_state"  # key in a pooled connection's info dict
_generations = itertools.count(1)
_day = lru_cache(maxsize=1 << 16)(date.fromisoformat)


class CaseState(NamedTuple):
    """One case's readiness (None: not worked out yet) and its next clock due."""

    case_id: str
    readiness: str | None = None  # a Readiness value, or NO_CHECKLIST
    stops_transfer: bool = False
    gaps: int = 0
    unanswered: int = 0
    pathway_id: str | None = None
    next_due: date | None = None
    overdue: bool = False

    def values(self) -> tuple[Any, ...]:
        """The row of the TEMP table."""
        rank = RANK["blocked"] if self.stops_transfer else RANK.get(self.readiness or "", 5)
        due = self.next_due.isoformat() if self.next_due else None
        return (
            self.case_id,
            self.readiness,
            rank,
            int(self.stops_transfer),
            self.gaps,
            self.unanswered,
            self.pathway_id,
            due,
            int(self.overdue),
        )


@dataclass(frozen=True)
class PreparedState:
    """A whole caseload's states as rows of the TEMP table, ready to adopt (made off the main
    thread, with :func:`preload` filling the pooled connections' tables there too)."""

    generation: int
    rows: dict[str, tuple[Any, ...]]


def prepare(states: Iterable[CaseState]) -> PreparedState:
    """``states`` as a new generation of rows."""
    return PreparedState(next(_generations), {s.case_id: s.values() for s in states})


def preload(database: Database, prepared: PreparedState) -> None:
    """Fill the TEMP table of the idle pooled connections with ``prepared`` (at least one).

    Run on the background thread, this spares the register's next query filling the table of
    the connection it gets (about a second at 100,000 cases) while the user waits.
    """
    idle = int(getattr(database.engine.pool, "checkedin", lambda: 0)())
    with storage_errors(database.path), ExitStack() as stack:
        for _ in range(max(1, idle)):
            connection = stack.enter_context(database.engine.connect())
            with _writing(connection, (prepared.generation, 0)) as cursor:
                fill_table(cursor, prepared.rows.values())


class RegisterState:
    """Every case's :class:`CaseState`, and the TEMP tables that mirror it."""

    def __init__(self) -> None:
        self._generation = next(_generations)  # a new one whenever the whole state is replaced
        self._version = 0  # bumped for every case changed within a generation
        self._rows: dict[str, tuple[Any, ...]] = {}
        self._changed: dict[str, int] = {}  # case id → version it last changed at
        self.ready = False

    def __len__(self) -> int:
        return len(self._rows)

    def replace(self, states: Iterable[CaseState]) -> None:
        """Hold ``states`` for the whole caseload (the first computation, or a new day's)."""
        self.adopt(prepare(states))

    def adopt(self, prepared: PreparedState) -> None:
        """Hold the rows of ``prepared`` (which this state now owns)."""
        self._rows = prepared.rows
        self._generation = prepared.generation
        self._version = 0
        self._changed = {}
        self.ready = True

    def update(self, state: CaseState) -> None:
        """One case changed (or is new)."""
        self._version += 1
        self._rows[state.case_id] = state.values()
        self._changed[state.case_id] = self._version

    def discard(self, case_id: str) -> None:
        """One case left the caseload."""
        if self._rows.pop(case_id, None) is not None:
            self._version += 1
            self._changed[case_id] = self._version

    def sync(self, connection: Connection) -> None:
        """Bring ``connection``'s TEMP table up to date (creating it the first time)."""
        synced = connection.info.get(_SYNCED)
        now = (self._generation, self._version)
        if synced == now:
            return
        with _writing(connection, now) as cursor:
            if synced is not None and synced[0] == self._generation:
                self._apply_changes(cursor, since=synced[1])
            else:
                fill_table(cursor, self._rows.values())

    def _apply_changes(self, cursor: Any, since: int) -> None:
        for case_id, version in self._changed.items():
            if version <= since:
                continue
            row = self._rows.get(case_id)
            if row is None:
                cursor.execute(f"DELETE FROM temp.{TABLE} WHERE child_id = ?", (case_id,))
            else:
                cursor.execute(_INSERT, row)


def fill_table(cursor: Any, rows: Iterable[tuple[Any, ...]]) -> None:
    """The TEMP table afresh, holding ``rows`` (indexes made after: faster than kept up)."""
    cursor.execute(f"DROP TABLE IF EXISTS temp.{TABLE}")
    cursor.execute(_CREATE[0])
    cursor.executemany(_INSERT, rows)
    for statement in _CREATE[1:]:
        cursor.execute(statement)


@contextmanager
def _writing(connection: Connection, synced: tuple[int, int]) -> Iterator[Any]:
    """A cursor to write the TEMP table with; committed after and the connection marked as
    holding ``synced`` (generation, version)."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with _writable_temp(cursor):
        yield cursor
    connection.commit()
    connection.info[_SYNCED] = synced


@contextmanager
def _writable_temp(cursor: Any) -> Iterator[None]:
    """Lift ``PRAGMA query_only`` (set on a read-only caseload) while the TEMP table is written:
    the file itself stays opened read-only, so nothing else can be written."""
    was = cursor.execute("PRAGMA query_only").fetchone()[0]
    if was:
        cursor.execute("PRAGMA query_only=OFF")
    try:
        yield
    finally:
        if was:
            cursor.execute("PRAGMA query_only=ON")


def read_clock_events(database: Database, kinds: Iterable[str]) -> dict[str, list[ClockEvent]]:
    """Case id → its events of ``kinds`` (past and scheduled, with times), by date."""
    wanted = sorted(set(kinds))
    found: dict[str, list[ClockEvent]] = {}
    if not wanted:
        return found
    marks = ", ".join("?" * len(wanted))
    sql = (
        f'SELECT child_id, kind, "on", number, at FROM events '
        f'WHERE kind IN ({marks}) ORDER BY child_id, "on", id'
    )
    with storage_errors(database.path), database.engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for child_id, kind, on, number, at in cursor.execute(sql, wanted):
            event = ClockEvent(kind, _day(on), number, at and datetime.fromisoformat(at))
            if child_id in found:
                found[child_id].append(event)
            else:
                found[child_id] = [event]
    return found
