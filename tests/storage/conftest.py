"""Storage fixtures: a real SQLite file in a temporary folder, with two teams and a worker (and
a planned sitting with a caseload of fictional children, for the agenda tests)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.domain.case import Child
from app.storage.database import Database, open_database
from app.storage.uow import UnitOfWork

USER = "tm.test"
CASES = 300  # children of the ``meeting`` fixture


def child_id(number: int) -> str:
    return f"C-{number:04d}"


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


@pytest.fixture
def meeting(seeded: Database) -> int:
    """A planned sitting and a caseload of :data:`CASES` fictional children."""
    with UnitOfWork(seeded, USER) as uow:
        for number in range(CASES):
            child = Child(child_id(number), "Ada", "Testcase", date(2015, 1, 1))
            uow.cases.add_child(child, team_id="T-CIN")
        meeting_id = uow.meetings.create(
            "case-transfer-meeting",
            pack_id="case-transfer-policy-2021",
            pack_version="1",
            scheduled_on=date(2026, 12, 29),
            held_on=date(2026, 12, 29),
        )
        uow.commit()
    return meeting_id
