"""The caseload register on an open database: one SQL SELECT per page, filtered and sorted there.

The desktop's register shows 100,000 children without reading them all: it asks for the number
of matching children (:func:`count_register`) and then for pages of about 200 rows
(:func:`page_register`) as the user scrolls. The statements come from
:mod:`app.storage.register_sql` (the one source of the register's SQL, shared with the first
window's plain reader) and run on the DB-API connection under a pooled SQLAlchemy connection,
after that connection's TEMP table of readiness and due dates
(:mod:`app.storage.register_state`) has been brought up to date.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from app.storage.database import Database
from app.storage.errors import storage_errors
from app.storage.register_sql import (
    AUDITED,
    LIST_SEPARATOR,
    NO_CHECKLIST,
    READINESS_FILTERS,
    REGISTER_COLUMNS,
    SORT_KEYS,
    RegisterCriteria,
    Statement,
    count_sql,
    page_sql,
    search_terms,
    statuses_sql,
    teams_sql,
    totals_sql,
    workers_sql,
)
from app.storage.register_state import RegisterState

__all__ = [
    "AUDITED",
    "LIST_SEPARATOR",
    "READINESS_FILTERS",
    "REGISTER_COLUMNS",
    "SORT_KEYS",
    "RegisterCriteria",
    "count_register",
    "page_register",
    "readiness_totals",
    "register_statuses",
    "register_teams",
    "register_workers",
    "search_terms",
]


def count_register(
    database: Database, criteria: RegisterCriteria, state: RegisterState | None = None
) -> int:
    """How many children match ``criteria`` (readiness and due dates from ``state``)."""
    if criteria.asks_state and state is None:
        raise ValueError("readiness and due dates need the register state")
    with _cursor(database, state if criteria.asks_state else None) as cursor:
        return int(cursor.execute(*count_sql(criteria)).fetchone()[0])


def page_register(
    database: Database,
    criteria: RegisterCriteria,
    *,
    sort: str = "id",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    state: RegisterState | None = None,
) -> list[tuple[Any, ...]]:
    """One page of matching children, as tuples in :data:`REGISTER_COLUMNS` order.

    Without ``state`` the readiness columns are None, and a readiness filter or sort fails.
    """
    statement = page_sql(
        criteria,
        sort=sort,
        descending=descending,
        with_state=state is not None,
        offset=offset,
        limit=limit,
    )
    return _all(database, statement, state)


def register_statuses(database: Database, today: date) -> list[str]:
    """The legal status codes current on ``today`` for at least one child, in order."""
    return [str(code) for (code,) in _all(database, statuses_sql(today))]


def register_teams(database: Database) -> list[tuple[str, str]]:
    """Every team as (id, name), by id."""
    return [(str(i), str(n)) for i, n in _all(database, teams_sql())]


def register_workers(database: Database, team_id: str | None) -> list[tuple[str, str]]:
    """The active workers (of one team when given) as (id, name), by id."""
    return [(str(i), str(n)) for i, n in _all(database, workers_sql(team_id))]


def readiness_totals(
    database: Database, criteria: RegisterCriteria, state: RegisterState
) -> dict[str, int]:
    """How many children matching ``criteria`` are in each readiness, and how many are blocked.

    Keys are the :data:`READINESS_FILTERS` ("blocked" cases also count under their readiness);
    cases not worked out yet are not counted.
    """
    totals = dict.fromkeys(READINESS_FILTERS, 0)
    for readiness, count, stops in _all(database, totals_sql(criteria), state):
        totals[str(readiness)] = int(count)
        totals["blocked"] += int(stops or 0)
        if readiness != NO_CHECKLIST:
            totals[AUDITED] += int(count)
    return totals


def _all(
    database: Database, statement: Statement, state: RegisterState | None = None
) -> list[tuple[Any, ...]]:
    with _cursor(database, state) as cursor:
        return cursor.execute(*statement).fetchall()  # type: ignore[no-any-return]


@contextmanager
def _cursor(database: Database, state: RegisterState | None) -> Iterator[Any]:
    """A DB-API cursor on a pooled connection whose TEMP table ``state`` has brought up to date."""
    with storage_errors(database.path), database.engine.connect() as connection:
        if state is not None:
            state.sync(connection)
        yield connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
