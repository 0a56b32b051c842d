"""Storage fixtures: a real SQLite file in a temporary folder, with two teams and a worker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage.database import Database, open_database
from app.storage.uow import UnitOfWork

USER = "tm.test"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database lives (in a folder that does not exist yet)."""
    return tmp_path / "data" / "case.sqlite3"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    """A fresh database at head, closed after the test."""
    with open_database(db_path) as db:
        yield db


@pytest.fixture
def seeded(database: Database) -> Database:
    """The fresh database with teams T-CIN and T-CIC and worker W-1 in T-CIN."""
    with UnitOfWork(database, USER) as uow:
        uow.teams.add_team("T-CIN", "Children in need", "cin")
        uow.teams.add_team("T-CIC", "Children in care", "cic")
        uow.teams.add_worker("W-1", "Wren Worker", "T-CIN")
        uow.teams.add_worker("W-2", "Wyn Worker", "T-CIC")
        uow.commit()
    return database
