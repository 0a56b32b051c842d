"""The register of a caseload read with plain ``sqlite3``: what the first window shows.

Importing SQLAlchemy, the ORM models and the services takes most of a second; the first window
needs none of it to show the register (a count and a page of rows, read-only). When the file can
be read that way at once — a plain SQLite caseload already at this app's schema revision —
:func:`open_reader` gives a read-only connection running the register's own statements
(:mod:`app.storage.register_sql`); otherwise it gives None and the desktop opens the caseload the
full way (asking a passphrase, migrating, saying what is wrong), as it always has.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.storage.probe import head_revision, looks_encrypted
from app.storage.register_sql import (
    RegisterCriteria,
    Statement,
    count_sql,
    page_sql,
    statuses_sql,
    teams_sql,
    workers_sql,
)

#: The settings row naming the caseload's policy pack (see ``app.services.workspace``).
_PACK_ID = "SELECT value FROM settings WHERE key = 'pack_id'"
_REVISION = "SELECT version_num FROM alembic_version"


@dataclass
class RegisterReader:
    """A read-only connection to one caseload, answering the register's questions."""

    path: Path
    pack_id: str
    connection: sqlite3.Connection

    def count(self, criteria: RegisterCriteria) -> int:
        """How many children match ``criteria`` (no readiness or due filter: none is known)."""
        return int(self._all(count_sql(criteria))[0][0])

    def page(
        self, criteria: RegisterCriteria, sort: str, descending: bool, offset: int, limit: int
    ) -> list[tuple[Any, ...]]:
        """A page of matching children, readiness columns empty."""
        statement = page_sql(
            criteria,
            sort=sort,
            descending=descending,
            with_state=False,
            offset=offset,
            limit=limit,
        )
        return self._all(statement)

    def statuses(self, today: date) -> list[str]:
        """The legal status codes current on ``today`` for at least one child."""
        return [str(code) for (code,) in self._all(statuses_sql(today))]

    def teams(self) -> list[tuple[str, str]]:
        """Every team as (id, name)."""
        return [(str(i), str(n)) for i, n in self._all(teams_sql())]

    def workers(self, team_id: str | None) -> list[tuple[str, str]]:
        """The active workers (of one team when given) as (id, name)."""
        return [(str(i), str(n)) for i, n in self._all(workers_sql(team_id))]

    def close(self) -> None:
        """Let go of the file."""
        self.connection.close()

    def _all(self, statement: Statement) -> list[tuple[Any, ...]]:
        return self.connection.execute(*statement).fetchall()


def open_reader(path: Path) -> RegisterReader | None:
    """A reader of the plain caseload at ``path``; None whenever that cannot be told cheaply
    (no file, an encrypted one, another schema revision, not a caseload, any SQLite error)."""
    if not path.is_file() or looks_encrypted(path):
        return None
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        connection.execute("PRAGMA query_only=ON")
        revision = connection.execute(_REVISION).fetchone()
        pack = connection.execute(_PACK_ID).fetchone()
    except sqlite3.Error:  # not a database, not a caseload, locked while it is being written
        revision = pack = None
    if revision is None or revision[0] != head_revision() or pack is None:
        connection.close()
        return None
    return RegisterReader(path, str(pack[0]), connection)
