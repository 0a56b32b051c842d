"""One audit_log row per changed row, written (or rolled back) with the change itself."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from app.domain.case import Child, Event, FileItem, StatusSpell
from app.storage.database import Database
from app.storage.uow import UnitOfWork
from tests.storage.conftest import USER

ADA = Child("C-1", "Ada", "Testcase", date(2015, 3, 1))


def audit_rows(database: Database) -> list[dict[str, Any]]:
    """The committed audit log, read by a separate plain connection."""
    connection = sqlite3.connect(database.path)
    connection.row_factory = sqlite3.Row
    try:
        rows = connection.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
        return [dict(r) for r in rows]
    finally:
        connection.close()


def data_rows(database: Database) -> int:
    connection = sqlite3.connect(database.path)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT IN ('audit_log', 'alembic_version') AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return sum(connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
    finally:
        connection.close()


def test_every_inserted_row_gets_exactly_one_audit_row(database: Database) -> None:
    with UnitOfWork(database, USER) as uow:
        uow.teams.add_team("T-CIN", "Children in need", "cin")
        uow.teams.add_worker("W-1", "Wren Worker", "T-CIN")
        uow.cases.add_family("F-1", "Testcase")
        uow.cases.add_child(ADA, team_id="T-CIN", family_id="F-1", allocated_on=date(2024, 1, 1))
        uow.cases.add_status("C-1", StatusSpell("CIN", date(2024, 1, 1)))
        uow.cases.set_flag("C-1", "missing", date(2024, 2, 1))
        uow.cases.add_event("C-1", Event("referral", date(2024, 1, 1)))
        uow.cases.upsert_file_item("C-1", FileItem("chronology", date(2024, 1, 5)))
        uow.settings.set("pack_id", "p")
        uow.settings.add_closure_day(date(2026, 12, 29), "Council closure")
        uow.commit()
    rows = audit_rows(database)
    assert len(rows) == data_rows(database) == 11
    assert {r["action"] for r in rows} == {"insert"}
    assert {r["user"] for r in rows} == {USER}
    child = next(r for r in rows if r["entity"] == "children")
    assert child["entity_id"] == "C-1" and child["before_json"] is None
    after = json.loads(child["after_json"])
    assert after["dob"] == "2015-03-01" and after["team_id"] == "T-CIN"
    flag = next(r for r in rows if r["entity"] == "flags")
    assert flag["entity_id"] == "C-1|missing"


def test_update_records_only_the_changed_columns(seeded: Database) -> None:
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(ADA, team_id="T-CIN")
        uow.commit()
    with UnitOfWork(seeded, "tm.other") as uow:
        uow.cases.update_child(Child("C-1", "Adah", "Testcase", date(2015, 3, 2)))
        uow.commit()
    last = audit_rows(seeded)[-1]
    assert (last["action"], last["entity"], last["entity_id"], last["user"]) == (
        "update",
        "children",
        "C-1",
        "tm.other",
    )
    before, after = json.loads(last["before_json"]), json.loads(last["after_json"])
    assert before == {"given_name": "Ada", "dob": "2015-03-01"}
    assert after == {"given_name": "Adah", "dob": "2015-03-02"}


def test_an_update_that_changes_nothing_is_not_logged(seeded: Database) -> None:
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(ADA, team_id="T-CIN")
        uow.commit()
    count = len(audit_rows(seeded))
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.update_child(ADA)
        uow.commit()
    assert len(audit_rows(seeded)) == count


def test_delete_records_what_was_there(seeded: Database) -> None:
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(ADA, team_id="T-CIN")
        uow.cases.set_flag("C-1", "missing", date(2024, 2, 1))
        uow.commit()
    with UnitOfWork(seeded, USER) as uow:
        assert uow.cases.clear_flag("C-1", "missing")
        uow.commit()
    last = audit_rows(seeded)[-1]
    assert (last["action"], last["entity"], last["entity_id"]) == ("delete", "flags", "C-1|missing")
    assert json.loads(last["before_json"]) == {
        "child_id": "C-1",
        "flag": "missing",
        "set_on": "2024-02-01",
    }
    assert last["after_json"] is None


def test_allocation_writes_one_row_per_changed_row(seeded: Database) -> None:
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(ADA, team_id="T-CIN", worker_id="W-1", allocated_on=date(2024, 1, 1))
        uow.commit()
    count = len(audit_rows(seeded))
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.allocate("C-1", "T-CIC", "W-2", date(2024, 6, 1), "stepped up")
        uow.commit()
    new = audit_rows(seeded)[count:]
    assert sorted((r["action"], r["entity"]) for r in new) == [
        ("insert", "allocations"),  # the new spell
        ("update", "allocations"),  # the old spell ended
        ("update", "children"),  # current team and worker
    ]


def test_audit_rows_are_in_the_same_transaction_as_the_change(seeded: Database) -> None:
    committed = len(audit_rows(seeded))
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(ADA, team_id="T-CIN")
        inside = uow._require().connection().execute(text("SELECT count(*) FROM audit_log"))
        assert inside.scalar() == committed + 1  # written, visible inside the transaction …
        assert len(audit_rows(seeded)) == committed  # … but not outside it until commit
        uow.commit()
    assert len(audit_rows(seeded)) == committed + 1


def test_rollback_leaves_neither_change_nor_audit_row(seeded: Database) -> None:
    before_rows, before_audit = data_rows(seeded), len(audit_rows(seeded))
    with UnitOfWork(seeded, USER) as uow:  # no commit: leaving the block rolls back
        uow.cases.add_child(ADA, team_id="T-CIN")
        uow.cases.set_flag("C-1", "missing", date(2024, 2, 1))
    with pytest.raises(RuntimeError), UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(ADA, team_id="T-CIN")
        raise RuntimeError("a bug half way through")
    assert data_rows(seeded) == before_rows
    assert len(audit_rows(seeded)) == before_audit


def test_bulk_insert_writes_one_summary_row(seeded: Database) -> None:
    count = len(audit_rows(seeded))
    children = [
        {"id": f"C-{i}", "given_name": "Ada", "family_name": "Testcase", "team_id": "T-CIN"}
        for i in range(3)
    ]
    events = [{"child_id": "C-0", "kind": "referral", "on": date(2024, 1, 1)}]
    with UnitOfWork(seeded, "importer") as uow:
        counts = uow.cases.bulk_insert(
            {"children": children, "events": events}, summary="imported 3 children from a.csv"
        )
        uow.commit()
    assert counts == {"children": 3, "events": 1}
    new = audit_rows(seeded)[count:]
    assert len(new) == 1
    row = new[0]
    assert (row["action"], row["entity"], row["entity_id"], row["user"]) == (
        "insert",
        "children",
        "bulk:3",
        "importer",
    )
    assert json.loads(row["after_json"]) == {
        "summary": "imported 3 children from a.csv",
        "counts": {"children": 3, "events": 1},
        "child_ids": ["C-0", "C-1", "C-2"],
    }
