"""An agenda's order is indexed, an item moves by swapping two positions, and a rebuild is
written in bulk with one audit row, or not at all.

Real SQLite files (the migration test builds one at revision 0003 with Alembic and fills it with
plain SQL); audit rows are read back with sqlite3 and the hash chain verified.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from app.storage import database as database_module
from app.storage.chain import verify_chain
from app.storage.database import Database, head_revision, open_database
from app.storage.uow import UnitOfWork
from tests.storage.conftest import USER, child_id
from tests.storage.test_meeting_items import (
    agenda_rows,
    audit_count,
    read,
)

INDEX = "ix_meeting_items_meeting_id_position"


def saved(database: Database, meeting_id: int, count: int) -> list[int]:
    """``count`` items saved on the sitting's agenda; their ids in order."""
    with UnitOfWork(database, USER) as uow:
        ids = uow.meetings.add_items(meeting_id, agenda_rows(count), origin="auto")
        uow.commit()
    return ids


def order(database: Database, meeting_id: int) -> list[int]:
    with UnitOfWork(database, USER) as uow:
        return [item.id for item in uow.meetings.items(meeting_id)]


def last_audit(database: Database) -> dict[str, object]:
    (row,) = read(database.path, "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")
    return dict(row)


# -- the index -------------------------------------------------------------------------------------


def plan(path: Path, sql: str) -> str:
    return " ".join(str(row[3]) for row in read(path, f"EXPLAIN QUERY PLAN {sql}"))


def test_a_caseload_at_0003_upgrades_with_its_agenda_kept_and_indexed(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as connection:
        config = database_module.alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        for sql in (
            "INSERT INTO teams (id, name, kind) VALUES ('T-CIN', 'Children in need', 'cin')",
            "INSERT INTO children (id, given_name, family_name, dob, sex, disability, uasc, "
            "team_id, created_at, updated_at) VALUES ('C-0001', 'Ada', 'Testcase', '2015-01-01', "
            "'F', 0, 0, 'T-CIN', '2026-11-01 10:00:00', '2026-11-01 10:00:00')",
            "INSERT INTO meetings (id, meeting_type, area, pack_id, pack_version, scheduled_on, "
            "held_on, status, chair, notes, created_at, updated_at) VALUES (1, 'ctm', '', 'p', "
            "'1', '2026-12-29', '2026-12-29', 'planned', '', '', '2026-11-01 10:00:00', "
            "'2026-11-01 10:00:00')",
            "INSERT INTO meeting_items (id, meeting_id, child_id, position, origin, removed, "
            "late, reasons_json, notes) VALUES (7, 1, 'C-0001', 3, 'manual', 0, 1, '[]', 'kept')",
        ):
            connection.execute(text(sql))
    engine.dispose()
    with open_database(db_path) as database:
        assert database.revision() == head_revision() == "0004"
        with UnitOfWork(database, USER) as uow:
            (item,) = uow.meetings.items(1)
    assert (item.id, item.child_id, item.position, item.origin, item.late, item.notes) == (
        7, "C-0001", 3, "manual", True, "kept",
    )  # fmt: skip
    indexes = read(db_path, "PRAGMA index_list(meeting_items)")
    assert INDEX in {row["name"] for row in indexes}
    assert list(db_path.parent.glob("case.sqlite3.before-0004.*.bak"))


def test_the_end_of_the_order_and_an_items_neighbour_are_read_from_the_index(
    database: Database,
) -> None:
    last = "SELECT max(position) FROM meeting_items WHERE meeting_id = 1"
    after = (
        "SELECT id FROM meeting_items WHERE meeting_id = 1 AND removed = 0 "
        "AND (position, id) > (5, 9) ORDER BY position, id LIMIT 1"
    )
    assert f"USING COVERING INDEX {INDEX}" in plan(database.path, last)
    found = plan(database.path, after)
    assert f"USING INDEX {INDEX}" in found and "TEMP B-TREE" not in found


# -- moving one item -------------------------------------------------------------------------------


def test_moving_swaps_the_positions_of_two_items_and_audits_both(
    seeded: Database, meeting: int
) -> None:
    ids = saved(seeded, meeting, 5)
    before = audit_count(seeded)
    with UnitOfWork(seeded, USER) as uow:
        moved, passed = uow.meetings.move(ids[1], 1) or pytest.fail("not moved")
        uow.commit()
    assert (moved.id, moved.position, passed.id, passed.position) == (ids[1], 3, ids[2], 2)
    assert order(seeded, meeting) == [ids[0], ids[2], ids[1], ids[3], ids[4]]
    rows = read(seeded.path, f"SELECT * FROM audit_log WHERE id > {before} ORDER BY id")
    changes = {
        r["entity_id"]: (json.loads(r["before_json"]), json.loads(r["after_json"])) for r in rows
    }
    assert changes == {
        str(ids[1]): ({"position": 2}, {"position": 3}),
        str(ids[2]): ({"position": 3}, {"position": 2}),
    }
    assert verify_chain(seeded).ok


def test_moving_passes_removed_items_and_stops_at_the_ends(seeded: Database, meeting: int) -> None:
    ids = saved(seeded, meeting, 4)
    with UnitOfWork(seeded, USER) as uow:
        uow.meetings.update_item(ids[1], removed=True)
        assert uow.meetings.move(ids[0], -1) is None
        assert uow.meetings.move(ids[3], 1) is None
        moved = uow.meetings.move(ids[2], -1)
        uow.commit()
    assert moved is not None and moved[1].id == ids[0]
    assert order(seeded, meeting) == [ids[2], ids[0], ids[3]]
    with pytest.raises(ValueError, match="one place"), UnitOfWork(seeded, USER) as uow:
        uow.meetings.move(ids[0], 2)


def test_tied_positions_are_numbered_before_the_swap(seeded: Database, meeting: int) -> None:
    ids = saved(seeded, meeting, 3)
    engine = create_engine(f"sqlite:///{seeded.path}")
    with engine.begin() as connection:  # a tie, which the order breaks by id
        connection.execute(text(f"UPDATE meeting_items SET position = 2 WHERE id = {ids[2]}"))
    engine.dispose()
    assert order(seeded, meeting) == ids
    with UnitOfWork(seeded, USER) as uow:
        uow.meetings.move(ids[2], -1)
        uow.commit()
    assert order(seeded, meeting) == [ids[0], ids[2], ids[1]]
    assert verify_chain(seeded).ok


def test_a_move_that_is_not_committed_changes_nothing(seeded: Database, meeting: int) -> None:
    ids = saved(seeded, meeting, 3)
    before = audit_count(seeded)
    with pytest.raises(RuntimeError), UnitOfWork(seeded, USER) as uow:
        uow.meetings.move(ids[0], 1)
        raise RuntimeError("the machine stopped")
    assert order(seeded, meeting) == ids and audit_count(seeded) == before


# -- rebuilding in bulk ----------------------------------------------------------------------------


def test_a_rebuild_adds_renews_and_drops_in_bulk_with_one_audit_row(
    seeded: Database, meeting: int
) -> None:
    ids = saved(seeded, meeting, 6)
    before = audit_count(seeded)
    with UnitOfWork(seeded, USER) as uow:
        states = {s.id: s for s in uow.meetings.item_states(meeting)}
        renewed = [(states[ids[0]], "[1]"), (states[ids[1]], "[2]"), (states[ids[2]], "[1]")]
        added = uow.meetings.rebuild(
            meeting, added=agenda_rows(2, first=10), renewed=renewed, dropped=[ids[4], ids[5]]
        )
        uow.commit()
    assert audit_count(seeded) == before + 1
    stored = {r["id"]: r for r in read(seeded.path, "SELECT * FROM meeting_items")}
    assert sorted(stored) == [*ids[:4], *added]
    assert [stored[i]["reasons_json"] for i in ids[:4]] == [
        "[1]",
        "[2]",
        "[1]",
        agenda_rows(4)[3][1],
    ]
    assert [stored[i]["position"] for i in added] == [7, 8]
    row = last_audit(seeded)
    assert (row["action"], row["entity_id"]) == ("update", f"rebuild:{meeting}")
    was, now = json.loads(str(row["before_json"])), json.loads(str(row["after_json"]))
    assert [[i, was["reasons"][r]] for i, r in was["renewed"]] == [
        [s.id, s.reasons_json] for s, _new in renewed
    ]
    assert [[i, now["reasons"][r]] for i, r in now["renewed"]] == [[s.id, n] for s, n in renewed]
    assert [d["id"] for d in was["deleted"]] == [ids[4], ids[5]]
    assert was["deleted"][0]["child_id"] == child_id(4)
    assert [item[0] for item in now["added"]["items"]] == added
    assert verify_chain(seeded).ok


def test_a_rebuild_with_nothing_to_change_writes_nothing(seeded: Database, meeting: int) -> None:
    saved(seeded, meeting, 3)
    before = audit_count(seeded)
    with UnitOfWork(seeded, USER) as uow:
        assert uow.meetings.rebuild(meeting) == []
        uow.commit()
    assert audit_count(seeded) == before


def test_a_rebuild_that_fails_part_way_writes_nothing(seeded: Database, meeting: int) -> None:
    """The DELETE fails (an action still hangs on the item) after the INSERT and UPDATE ran:
    the unit of work writes none of it, and the chain is whole."""
    ids = saved(seeded, meeting, 3)
    with UnitOfWork(seeded, USER) as uow:
        uow.meetings.add_action(meeting, "Ring the school", owner="tm", item_id=ids[2])
        uow.commit()
    items_before = [tuple(r) for r in read(seeded.path, "SELECT * FROM meeting_items")]
    before = audit_count(seeded)
    with pytest.raises(IntegrityError), UnitOfWork(seeded, USER) as uow:
        (state, *_rest) = uow.meetings.item_states(meeting)
        uow.meetings.rebuild(
            meeting, added=agenda_rows(1, first=20), renewed=[(state, "[9]")], dropped=[ids[2]]
        )
    assert [tuple(r) for r in read(seeded.path, "SELECT * FROM meeting_items")] == items_before
    assert audit_count(seeded) == before
    assert verify_chain(seeded).ok
