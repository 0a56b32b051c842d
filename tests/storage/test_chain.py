"""The audit trail is append-only and hash-chained; tampering behind the app's back shows.

The tampering test plays an attacker with the file and raw sqlite3: the append-only triggers are
dropped first, then rows are edited, deleted or inserted, naively (hashes left alone) or with
every hash after the change recomputed. Each must be detected: naive changes by the chain alone,
rewritten chains against the head recorded before the tampering (as printed on the last PDF).
"""

from __future__ import annotations

import itertools
import random
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from app.cli import main
from app.domain.case import Child, Event, StatusSpell
from app.storage import database as database_module
from app.storage.chain import (
    GENESIS,
    HASHED,
    ChainHead,
    chain_head,
    check_rows,
    parse_head,
    row_hash,
    verify_chain,
    verify_connection,
)
from app.storage.database import Database, head_revision, open_database
from app.storage.uow import UnitOfWork
from tests.storage.conftest import USER

TRIGGERS = {"audit_log_no_update", "audit_log_no_delete", "audit_log_chained_insert"}

TAMPERINGS = 1000
Tamper = Callable[[sqlite3.Connection, random.Random], int | None]


def make_history(database: Database, children: int = 20) -> None:
    """A caseload with a varied audit trail: inserts, updates, deletes and a bulk load."""
    with UnitOfWork(database, USER) as uow:
        uow.teams.add_team("T-CIN", "Children in need", "cin")
        uow.teams.add_team("T-CIC", "Children in care", "cic")
        uow.teams.add_worker("W-1", "Wren Worker", "T-CIN")
        uow.commit()
    for i in range(children):
        with UnitOfWork(database, f"tm.{i % 3}") as uow:
            child_id = f"C-{i:03d}"
            uow.cases.add_child(
                Child(child_id, "Ada", "Testcase", date(2015, 1, 1)), team_id="T-CIN"
            )
            uow.cases.add_status(child_id, StatusSpell("CIN", date(2024, 1, 1)))
            uow.cases.add_event(child_id, Event("referral", date(2024, 1, 2)))
            uow.cases.set_flag(child_id, "missing", date(2024, 2, 1))
            uow.commit()
        with UnitOfWork(database, USER) as uow:
            uow.cases.clear_flag(child_id, "missing")
            uow.cases.set_tier(child_id, 3)
            uow.commit()
    rows = [
        {"id": f"B-{i}", "given_name": "Bo", "family_name": "Testcase", "team_id": "T-CIC"}
        for i in range(5)
    ]
    with UnitOfWork(database, "importer") as uow:
        uow.cases.bulk_insert({"children": rows}, summary="five from a test")
        uow.commit()


@pytest.fixture
def history(db_path: Path) -> Path:
    """A closed database file with a varied audit trail."""
    with open_database(db_path) as database:
        make_history(database)
    return db_path


_ROWS = f"SELECT {', '.join([*HASHED, 'row_hash'])} FROM audit_log ORDER BY id"


def raw_rows(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(_ROWS).fetchall()
    finally:
        connection.close()


# -- the chain as the app writes it ---------------------------------------------------------------


def test_every_row_is_chained_to_the_one_before(history: Path) -> None:
    rows = raw_rows(history)
    assert len(rows) > 100
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0][-2] == GENESIS
    for before, row in itertools.pairwise(rows):
        assert row[-2] == before[-1]
    assert all(r[-1] == row_hash(r[:-1]) for r in rows)
    with open_database(history, read_only=True) as database:
        report = verify_chain(database)
    assert report.ok and report.rows == len(rows), str(report)
    assert report.head == ChainHead(len(rows), str(rows[-1][-1]))


def test_the_hash_covers_the_stored_text_of_each_column(history: Path) -> None:
    """The hash is over the values as SQLite stores them (``at`` with microseconds)."""
    row = raw_rows(history)[0]
    assert isinstance(row[1], str) and len(row[1]) == len("2026-11-23 09:15:00.000000")
    assert row[-1] == row_hash(list(row[:-1]))
    assert row_hash([*row[:1], row[1] + " ", *row[2:-1]]) != row[-1]


def test_a_rolled_back_change_leaves_no_gap_in_the_chain(seeded: Database) -> None:
    with UnitOfWork(seeded, USER) as uow:  # rolled back
        uow.cases.add_child(Child("C-9", "Ada", "Testcase"), team_id="T-CIN")
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(Child("C-8", "Ada", "Testcase"), team_id="T-CIN")
        uow.commit()
    report = verify_chain(seeded)
    assert report.ok, str(report)
    assert report.head.row_id == report.rows


def test_chain_head_is_printable_and_parses_back(history: Path) -> None:
    with open_database(history, read_only=True) as database:
        printed = chain_head(database)
        head = verify_chain(database).head
    assert printed == str(head)
    assert printed.startswith(f"audit row {head.row_id} · chain ")
    parsed = parse_head(f"OFFICIAL-SENSITIVE · {printed} · page 1 of 3")
    assert parsed.matches(head.row_id, head.row_hash)
    with pytest.raises(ValueError):
        parse_head("audit row twelve")


def test_an_empty_trail_has_the_genesis_head(db_path: Path) -> None:
    with open_database(db_path) as database:
        assert verify_chain(database).ok
        assert chain_head(database) == str(ChainHead(0, GENESIS))


# -- append-only ----------------------------------------------------------------------------------


def test_the_triggers_exist_at_head(database: Database) -> None:
    """A later migration that rebuilds audit_log must put them back: this fails if not."""
    with database.engine.connect() as connection:
        names = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
        ).scalars()
        assert set(names) == set(TRIGGERS)


def test_triggers_refuse_update_and_delete_through_the_app(seeded: Database) -> None:
    for statement in ("UPDATE audit_log SET user = 'someone'", "DELETE FROM audit_log"):
        with pytest.raises(IntegrityError, match="append-only"), seeded.engine.begin() as conn:
            conn.execute(text(statement))
    assert verify_chain(seeded).rows == 4


def test_triggers_refuse_raw_sqlite_too(history: Path) -> None:
    connection = sqlite3.connect(history)
    try:
        for statement in ("UPDATE audit_log SET user = 'x' WHERE id = 3", "DELETE FROM audit_log"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                connection.execute(statement)
        forged = (999, "2026-01-01 00:00:00.000000", "x", "insert", "e", "1", None, None, "a", "b")
        with pytest.raises(sqlite3.IntegrityError, match="continue the hash chain"):
            connection.execute(
                f"INSERT INTO audit_log ({', '.join([*HASHED, 'row_hash'])}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                forged,
            )
    finally:
        connection.close()


# -- tampering behind the app's back --------------------------------------------------------------


def _drop_triggers(connection: sqlite3.Connection) -> None:
    triggers = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    for (name,) in triggers.fetchall():
        connection.execute(f'DROP TRIGGER "{name}"')


def _ids(connection: sqlite3.Connection) -> list[int]:
    return [r[0] for r in connection.execute("SELECT id FROM audit_log ORDER BY id")]


def edit_a_value(connection: sqlite3.Connection, rng: random.Random) -> int:
    """Change one recorded column of one row (what happened, who, when) to a different value."""
    return _edit(connection, rng, rng.choice(HASHED[1:-1]))


def edit_a_hash(connection: sqlite3.Connection, rng: random.Random) -> int:
    """Change one row's ``prev_hash`` or ``row_hash``."""
    return _edit(connection, rng, rng.choice(["prev_hash", "row_hash"]))


def _edit(connection: sqlite3.Connection, rng: random.Random, column: str) -> int:
    row_id = rng.choice(_ids(connection))
    (old,) = connection.execute(
        f"SELECT {column} FROM audit_log WHERE id = ?", (row_id,)
    ).fetchone()
    new = _another_value(column, old, rng)
    connection.execute(f"UPDATE audit_log SET {column} = ? WHERE id = ?", (new, row_id))
    return row_id


def _another_value(column: str, old: object, rng: random.Random) -> object:
    """A different value the table's constraints still accept (an attacker's careful edit)."""
    if column == "action":
        return rng.choice([a for a in ("insert", "update", "delete") if a != old])
    choices: list[object] = ["tm.someone.else", f"{old}x", str(old)[:-1] or "y", 0]
    if column in ("before_json", "after_json"):
        choices.append(None)
    new = rng.choice(choices)
    return f"{old}!" if new == old else new


def renumber_a_row(connection: sqlite3.Connection, rng: random.Random) -> None:
    """Move one row to a new id (a gap where it was, or past the end)."""
    ids = _ids(connection)
    row_id = rng.choice(ids)
    connection.execute(
        "UPDATE audit_log SET id = ? WHERE id = ?", (max(ids) + rng.randint(1, 9), row_id)
    )


def delete_rows(connection: sqlite3.Connection, rng: random.Random) -> None:
    """Delete one row, a run of rows, the first row or the last rows."""
    ids = _ids(connection)
    kind = rng.choice(["one", "run", "first", "tail"])
    if kind == "one":
        doomed = [rng.choice(ids)]
    elif kind == "run":
        start = rng.randrange(len(ids) - 5)
        doomed = ids[start : start + rng.randint(2, 5)]
    elif kind == "first":
        doomed = ids[:1]
    else:
        doomed = ids[-rng.randint(1, 5) :]
    connection.executemany("DELETE FROM audit_log WHERE id = ?", [(i,) for i in doomed])


def insert_a_row(connection: sqlite3.Connection, rng: random.Random) -> None:
    """Insert a forged row anywhere: later rows are renumbered to make room; the forged row's
    prev_hash is right and its own hash either well computed or copied from a real row."""
    ids = _ids(connection)
    position = rng.randint(1, len(ids) + 1)
    connection.execute("UPDATE audit_log SET id = -id WHERE id >= ?", (position,))
    connection.execute("UPDATE audit_log SET id = 1 - id WHERE id < 0")
    previous = connection.execute(
        "SELECT row_hash FROM audit_log WHERE id = ?", (position - 1,)
    ).fetchone()
    prev = previous[0] if previous else GENESIS
    values = [
        position,
        "2026-01-01 09:00:00.000000",
        "tm.forger",
        "delete",
        "children",
        "C-001",
        '{"given_name": "Ada"}',
        None,
        prev,
    ]
    forged_hash = row_hash(values) if rng.random() < 0.5 else rng.choice(raw_hashes(connection))
    _insert(connection, [*values, forged_hash])


def raw_hashes(connection: sqlite3.Connection) -> list[str]:
    return [r[0] for r in connection.execute("SELECT row_hash FROM audit_log")]


def _insert(connection: sqlite3.Connection, row: list[object]) -> None:
    columns = ", ".join([*HASHED, "row_hash"])
    connection.execute(f"INSERT INTO audit_log ({columns}) VALUES ({', '.join('?' * 10)})", row)


def relink(connection: sqlite3.Connection) -> None:
    """What an attacker who knows the algorithm does next: recompute every hash in id order."""
    columns = ", ".join(HASHED[:-1])
    rows = connection.execute(f"SELECT {columns} FROM audit_log ORDER BY id").fetchall()
    previous = GENESIS
    for row in rows:
        current = row_hash([*row, previous])
        connection.execute(
            "UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE id = ?",
            (previous, current, row[0]),
        )
        previous = current


TAMPERS: dict[str, Callable[[sqlite3.Connection, random.Random], object]] = {
    "edit": edit_a_value,
    "edit-hash": edit_a_hash,
    "renumber": renumber_a_row,
    "delete": delete_rows,
    "insert": insert_a_row,
}


def tamper(connection: sqlite3.Connection, kind: str, rng: random.Random, *, rewrite: bool) -> None:
    """Drop the triggers, then change the trail as ``kind`` says (and relink if ``rewrite``)."""
    _drop_triggers(connection)
    connection.execute("BEGIN")
    TAMPERS[kind](connection, rng)
    if rewrite:
        relink(connection)
    connection.execute("COMMIT")


def in_memory_copy(source: sqlite3.Connection) -> sqlite3.Connection:
    copy = sqlite3.connect(":memory:", isolation_level=None)
    source.backup(copy)
    return copy


def test_random_tampering_is_always_detected(history: Path) -> None:
    """Each round tampers with a fresh copy (in memory, for speed) of the same trail."""
    rng = random.Random(20261123)
    pristine = sqlite3.connect(history)
    original = pristine.execute(_ROWS).fetchall()
    recorded = verify_connection(pristine).head  # as printed on the last PDF
    detected: Counter[str] = Counter()
    by_chain_alone = 0
    for round_number in range(TAMPERINGS):
        copy = in_memory_copy(pristine)
        kind = rng.choice(sorted(TAMPERS))
        rewrite = kind != "edit-hash" and rng.random() < 0.3  # rewriting would undo it
        tamper(copy, kind, rng, rewrite=rewrite)
        assert copy.execute(_ROWS).fetchall() != original, (kind, "tampering changed nothing")
        alone = verify_connection(copy)
        report = verify_connection(copy, anchors=[recorded])
        copy.close()
        assert not report.ok and report.broken_id is not None, (round_number, kind, rewrite)
        by_chain_alone += not alone.ok
        detected[f"{kind}{' + rewritten chain' if rewrite else ''}"] += 1
    pristine.close()
    assert sum(detected.values()) == TAMPERINGS
    print(
        f"\n{TAMPERINGS} tamperings, all detected: {dict(sorted(detected.items()))}; "
        f"{by_chain_alone} by the chain alone, the rest against the recorded head"
    )


def test_the_first_broken_row_is_named(history: Path) -> None:
    connection = sqlite3.connect(history, isolation_level=None)
    try:
        _drop_triggers(connection)
        connection.execute("UPDATE audit_log SET user = 'tm.someone.else' WHERE id = 40")
        connection.execute("DELETE FROM audit_log WHERE id = 70")
    finally:
        connection.close()
    with open_database(history, read_only=True) as database:
        report = verify_chain(database)
    assert (report.ok, report.broken_id, report.rows) == (False, 40, 39)
    assert "row 40" in str(report) and "contents" in str(report)


def test_a_deleted_row_breaks_the_chain_at_the_next_one(history: Path) -> None:
    connection = sqlite3.connect(history, isolation_level=None)
    try:
        _drop_triggers(connection)
        connection.execute("DELETE FROM audit_log WHERE id = 12")
    finally:
        connection.close()
    report = check_rows(raw_rows(history))
    assert report.broken_id == 13 and "follow" in report.reason


def test_cutting_off_the_end_shows_against_the_printed_head(history: Path) -> None:
    rows = raw_rows(history)
    printed = parse_head(str(ChainHead(int(str(rows[-1][0])), str(rows[-1][-1]))))
    truncated = rows[:-3]
    assert check_rows(truncated).ok  # consistent on its own …
    report = check_rows(truncated, anchors=[printed])
    assert not report.ok and report.broken_id == rows[-1][0]  # … but the printed head is gone
    assert "missing" in report.reason


# -- the migration seals an existing trail --------------------------------------------------------


def test_upgrading_seals_the_rows_written_before_the_chain(db_path: Path) -> None:
    """A database at 0002 with audit rows (no hashes) is backed up, upgraded and sealed."""
    db_path.parent.mkdir(parents=True)
    config = database_module.alembic_config()
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        for i in range(1, 6):
            connection.execute(
                text(
                    "INSERT INTO audit_log (id, at, user, action, entity, entity_id, after_json) "
                    "VALUES (:i, '2026-01-0' || :i || ' 10:00:00.000000', 'tm.old', 'insert', "
                    "'teams', 'T-' || :i, '{}')"
                ),
                {"i": i},
            )
    engine.dispose()
    with open_database(db_path) as database:
        report = verify_chain(database)
    assert report.ok and report.rows == 5, str(report)
    assert list(db_path.parent.glob(f"case.sqlite3.before-{head_revision()}.*.bak"))


# -- the command line -----------------------------------------------------------------------------


def test_verify_command_exit_codes(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--db", str(history)]) == 0
    out = capsys.readouterr().out
    assert "intact" in out and "audit row" in out
    connection = sqlite3.connect(history, isolation_level=None)
    _drop_triggers(connection)
    connection.execute("UPDATE audit_log SET after_json = NULL WHERE id = 17")
    connection.close()
    assert main(["verify", "--db", str(history)]) == 1
    captured = capsys.readouterr()
    assert "row 17" in captured.out + captured.err
