"""A built agenda is saved in bulk: every item in one INSERT, one hash-chained audit row naming
each of them, and nothing at all when any part fails.

Real SQLite files; the audit row is read back with plain sqlite3 and checked against the table.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from app.storage import audit
from app.storage.chain import verify_chain
from app.storage.database import Database
from app.storage.meetings import SAVED_COLUMNS
from app.storage.uow import UnitOfWork
from tests.storage.conftest import CASES, USER, child_id

REASONS = ['[{"why": "brought", "text": "s20 after review"}]', '[{"why": "transfer_date"}]']


def agenda_rows(count: int, first: int = 0) -> list[tuple[str, str]]:
    return [(child_id(n), REASONS[n % 2]) for n in range(first, first + count)]


def read(path: Path, sql: str) -> list[Any]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def audit_count(database: Database) -> int:
    return int(read(database.path, "SELECT count(*) FROM audit_log")[0][0])


def test_a_saved_agenda_is_one_insert_and_one_audit_row_naming_every_item(
    seeded: Database, meeting: int
) -> None:
    with UnitOfWork(seeded, USER) as uow:
        first = uow.meetings.add_item(meeting, child_id(0), origin="manual", reasons_json="[]")
        uow.commit()
    before = audit_count(seeded)
    with UnitOfWork(seeded, USER) as uow:
        ids = uow.meetings.add_items(meeting, agenda_rows(CASES - 1, first=1), origin="auto")
        uow.commit()
    assert ids == list(range(first + 1, first + CASES))
    assert audit_count(seeded) == before + 1
    (row,) = read(seeded.path, "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")
    assert (row["user"], row["action"], row["entity"]) == (USER, "insert", "meeting_items")
    assert row["entity_id"] == f"bulk:{CASES - 1}" and row["before_json"] is None
    assert saved_by_audit(json.loads(row["after_json"])) == stored_items(seeded, ids)
    report = verify_chain(seeded)
    assert report.ok and report.head.row_id == row["id"], str(report)


def saved_by_audit(after: dict[str, Any]) -> list[dict[str, Any]]:
    """The items the bulk audit row says were written, one dict per item."""
    assert after["columns"] == list(SAVED_COLUMNS) and after["count"] == len(after["items"])
    shared = {k: after[k] for k in ("meeting_id", "origin", "removed", "late", "notes")}
    found = []
    for item_id, child, position, reasons in after["items"]:
        found.append(
            {"id": item_id, "child_id": child, "position": position,
             "reasons_json": after["reasons"][reasons], **shared}
        )  # fmt: skip
    return found


def stored_items(database: Database, ids: list[int]) -> list[dict[str, Any]]:
    rows = read(
        database.path,
        "SELECT id, child_id, position, reasons_json, meeting_id, origin, removed, late, notes "
        f"FROM meeting_items WHERE id BETWEEN {ids[0]} AND {ids[-1]} ORDER BY id",
    )
    return [{**dict(r), "removed": bool(r["removed"]), "late": bool(r["late"])} for r in rows]


def test_the_positions_continue_the_agenda_and_the_shared_reasons_are_listed_once(
    seeded: Database, meeting: int
) -> None:
    with UnitOfWork(seeded, USER) as uow:
        uow.meetings.add_items(meeting, agenda_rows(10), origin="auto")
        uow.meetings.add_items(meeting, agenda_rows(5, first=10), origin="manual")
        items = uow.meetings.items(meeting)
        uow.commit()
    assert [i.position for i in items] == list(range(1, 16))
    assert [i.child_id for i in items] == [child_id(n) for n in range(15)]
    assert {i.origin for i in items[10:]} == {"manual"}
    (row,) = read(seeded.path, "SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1")
    assert json.loads(row["after_json"])["reasons"] == REASONS  # each once, not once per item


def test_editing_the_audit_row_of_a_save_breaks_the_chain_there(
    seeded: Database, meeting: int
) -> None:
    with UnitOfWork(seeded, USER) as uow:
        uow.meetings.add_items(meeting, agenda_rows(50), origin="auto")
        uow.commit()
    (row,) = read(seeded.path, "SELECT id, after_json FROM audit_log ORDER BY id DESC LIMIT 1")
    forged = row["after_json"].replace(child_id(7), child_id(299))
    connection = sqlite3.connect(seeded.path)
    try:
        connection.execute("DROP TRIGGER audit_log_no_update")  # an attacker with the file
        connection.execute("UPDATE audit_log SET after_json = ? WHERE id = ?", (forged, row["id"]))
        connection.commit()
    finally:
        connection.close()
    report = verify_chain(seeded)
    assert report.broken_id == row["id"] and "do not match" in report.reason


def _refuse_the_audit_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit row is refused by the chain trigger (it does not continue the chain)."""
    link = audit.link_rows

    def broken(connection: Any, rows: list[dict[str, Any]]) -> None:
        link(connection, rows)
        rows[0]["prev_hash"] = "f" * 64

    monkeypatch.setattr(audit, "link_rows", broken)


FAILURES = {
    "a case not on the caseload": lambda rows, _mp: rows.insert(100, ("C-NOBODY", "[]")),
    "a case twice": lambda rows, _mp: rows.append(rows[3]),
    "the audit row refused": lambda _rows, mp: _refuse_the_audit_row(mp),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_save_that_fails_part_way_writes_nothing(
    seeded: Database, meeting: int, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    rows = agenda_rows(200)
    FAILURES[failure](rows, monkeypatch)
    before = audit_count(seeded)
    with pytest.raises(IntegrityError), UnitOfWork(seeded, USER) as uow:
        uow.meetings.add_items(meeting, rows, origin="auto")
        uow.commit()
    assert read(seeded.path, "SELECT count(*) FROM meeting_items")[0][0] == 0
    assert audit_count(seeded) == before
    monkeypatch.undo()
    assert verify_chain(seeded).ok
    with UnitOfWork(seeded, USER) as uow:  # and the same save goes through afterwards
        assert len(uow.meetings.add_items(meeting, agenda_rows(200), origin="auto")) == 200
        uow.commit()
    assert verify_chain(seeded).ok


def test_saving_no_items_writes_nothing(seeded: Database, meeting: int) -> None:
    before = audit_count(seeded)
    with UnitOfWork(seeded, USER) as uow:
        assert uow.meetings.add_items(meeting, [], origin="auto") == []
        uow.commit()
    assert audit_count(seeded) == before
