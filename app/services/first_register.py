"""The register the first window shows while the rest of the core loads.

A fresh start shows the caseload's register before SQLAlchemy, the ORM and the workspace have
been imported (:mod:`app.storage.register_reader` reads it with plain ``sqlite3``): real rows,
searchable and sortable, with readiness and due dates (and the pack's own words for its codes)
still to come. Once the workspace has
opened, the desktop hands the same window the full :class:`app.services.register.Register`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.paths import packs_dir
from app.services.register_rows import (
    RegisterFilter,
    RegisterRow,
    RegisterSort,
    by_name,
    criteria_for,
    row_from_values,
)
from app.storage.register_reader import RegisterReader, open_reader


class FirstRegister:
    """The register of the caseload at :attr:`path`, read-only, without readiness."""

    #: Readiness and due dates come with the workspace's register.
    states_ready = False

    def __init__(self, reader: RegisterReader, today: date) -> None:
        self.reader = reader
        self.today = today

    @property
    def path(self) -> Path:
        """The caseload file."""
        return self.reader.path

    def count(self, filters: RegisterFilter) -> int:
        """How many children match ``filters``."""
        return self.reader.count(criteria_for(filters, self.today, None))

    def page(
        self, filters: RegisterFilter, sort: RegisterSort, offset: int, limit: int
    ) -> list[RegisterRow]:
        """Rows ``offset`` to ``offset + limit`` of the filtered, sorted register."""
        criteria = criteria_for(filters, self.today, None)
        rows = self.reader.page(criteria, sort.key, sort.descending, offset, limit)
        return [row_from_values(values) for values in rows]

    def statuses(self) -> list[str]:
        """The legal status codes held today by at least one child."""
        return self.reader.statuses(self.today)

    def teams(self) -> list[tuple[str, str]]:
        """Every team as (id, name), by name."""
        return by_name(self.reader.teams())

    def workers(self, team_id: str | None = None) -> list[tuple[str, str]]:
        """Active workers (of one team when given) as (id, name), by name."""
        return by_name(self.reader.workers(team_id))

    def close(self) -> None:
        """Let go of the file (the workspace's register reads it from now on)."""
        self.reader.close()


def open_first_register(path: Path, today: date) -> FirstRegister | None:
    """The first register of the plain caseload at ``path``; None when it must be opened the
    full way (encrypted, to migrate, not a caseload, a pack this version does not ship …)."""
    reader = open_reader(path)
    if reader is None:
        return None
    if not (packs_dir() / f"{reader.pack_id}.yaml").is_file():  # the full way says which
        reader.close()
        return None
    return FirstRegister(reader, today)
