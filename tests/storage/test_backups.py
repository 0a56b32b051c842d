"""Backups: checked copies (integrity, row counts, audit chain), the last N kept, once a day,
and a restore that checks the file first and keeps the database it replaces."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.domain.case import Child
from app.storage import backups
from app.storage.backups import BackupInvalid, backup, daily_backup_if_due, restore, verify_backup
from app.storage.chain import verify_chain
from app.storage.database import Database, open_database
from app.storage.errors import DatabaseTooNew, StorageError
from app.storage.single_writer import DatabaseInUse
from app.storage.uow import UnitOfWork
from tests.storage.conftest import USER

POSIX = os.name != "nt"


def add_child(database: Database, child_id: str) -> None:
    with UnitOfWork(database, USER) as uow:
        uow.cases.add_child(Child(child_id, "Ada", "Testcase"), team_id="T-CIN")
        uow.commit()


def child_ids(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT id FROM children ORDER BY id")]
    finally:
        connection.close()


def test_a_backup_is_a_checked_private_copy_including_the_wal(seeded: Database) -> None:
    add_child(seeded, "C-1")  # still in the write-ahead log: the pool holds a connection
    made = backup(seeded.path)
    assert made.path.parent == seeded.path.parent / "backups"
    assert made.path.name.startswith("case.sqlite3.") and made.path.name.endswith(".bak")
    if POSIX:
        assert made.path.stat().st_mode & 0o777 == 0o600
        assert made.path.parent.stat().st_mode & 0o777 == 0o700
    assert child_ids(made.path) == ["C-1"]
    assert made.counts["children"] == 1 and made.counts["teams"] == 2
    assert made.counts["audit_log"] == made.head.row_id
    assert made.head == verify_chain(seeded).head
    assert verify_backup(made.path) == made
    assert not list(made.path.parent.glob("*.partial"))


def test_only_the_newest_n_are_kept(seeded: Database, tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    made = []
    for i in range(5):
        add_child(seeded, f"C-{i}")
        made.append(backup(seeded.path, folder, keep=3).path)
    assert backups.list_backups(folder, seeded.path.name) == made[-3:]
    assert child_ids(made[-1]) == [f"C-{i}" for i in range(5)]


def test_a_copy_that_fails_its_check_is_not_kept(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = backup(seeded.path)
    monkeypatch.setattr(backups, "_integrity_problems", lambda _c: ["page 3: btree damaged"])
    with pytest.raises(BackupInvalid, match="damaged") as raised:
        backup(seeded.path, keep=1)
    assert isinstance(raised.value, StorageError)
    assert backups.list_backups(first.path.parent, seeded.path.name) == [first.path]
    assert sorted(p.name for p in first.path.parent.iterdir()) == [first.path.name]


def test_a_backup_whose_rows_differ_is_refused(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = backups.table_counts
    calls = []

    def miscounting(connection: object) -> dict[str, int]:
        counts = real(connection)
        calls.append(1)
        return {**counts, "children": counts["children"] + (len(calls) > 1)}

    monkeypatch.setattr(backups, "table_counts", miscounting)
    with pytest.raises(BackupInvalid, match="row counts in children"):
        backup(seeded.path)


def test_once_a_day(seeded: Database) -> None:
    today = date.today()
    first = daily_backup_if_due(seeded, today=today)
    assert first is not None
    assert daily_backup_if_due(seeded, today=today) is None
    assert daily_backup_if_due(seeded, today=today + timedelta(days=1)) is not None
    assert len(backups.list_backups(first.path.parent, seeded.path.name)) == 2


def test_a_tampered_or_damaged_backup_fails_verification(seeded: Database) -> None:
    add_child(seeded, "C-1")
    made = backup(seeded.path)
    connection = sqlite3.connect(made.path, isolation_level=None)
    connection.execute("DROP TRIGGER audit_log_no_update")
    connection.execute("UPDATE audit_log SET user = 'tm.forger' WHERE id = 2")
    connection.close()
    with pytest.raises(BackupInvalid, match="audit trail"):
        verify_backup(made.path)
    damaged = made.path.with_name("damaged.bak")
    data = bytearray(made.path.read_bytes())
    data[5000:5400] = os.urandom(400)
    damaged.write_bytes(bytes(data))
    with pytest.raises(StorageError):
        verify_backup(damaged)


def test_restore_checks_the_file_and_keeps_the_replaced_database(seeded: Database) -> None:
    add_child(seeded, "C-1")
    made = backup(seeded.path)
    add_child(seeded, "C-2")  # after the backup: lost by the restore, kept in the saved copy
    path = seeded.path
    with pytest.raises(DatabaseInUse, match="this copy"):
        restore(made.path, path)
    seeded.close()
    saved = restore(made.path, path)
    assert saved is not None and saved.name.startswith("case.sqlite3.before-restore.")
    assert child_ids(path) == ["C-1"] and child_ids(saved) == ["C-1", "C-2"]
    with open_database(path) as database:
        assert verify_chain(database).head == made.head
        add_child(database, "C-3")  # the chain goes on from the restored head
        assert verify_chain(database).ok


def test_restore_refuses_a_bad_file_and_leaves_the_database_alone(
    seeded: Database, tmp_path: Path
) -> None:
    made = backup(seeded.path)
    seeded.close()
    before = seeded.path.read_bytes()
    not_ours = tmp_path / "recipes.sqlite3"
    with sqlite3.connect(not_ours) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    with pytest.raises(BackupInvalid, match="not a Transfer Desk backup"):
        restore(not_ours, seeded.path)
    newer = tmp_path / "newer.bak"
    newer.write_bytes(made.path.read_bytes())
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '0999'")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseTooNew, match="0999"):
        restore(newer, seeded.path)
    assert seeded.path.read_bytes() == before
    assert not list(seeded.path.parent.glob("*.before-restore.*"))


# -- the command line -----------------------------------------------------------------------------


def test_backup_and_restore_commands(
    seeded: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_child(seeded, "C-1")
    seeded.close()
    assert main(["backup", "--db", str(seeded.path), "--keep", "2"]) == 0
    out = capsys.readouterr().out
    assert "backed up" in out and "rows checked" in out and "audit row" in out
    (made,) = backups.list_backups(backups.default_folder(seeded.path), seeded.path.name)
    with open_database(seeded.path) as database:
        add_child(database, "C-2")
    assert main(["restore", str(made), "--db", str(seeded.path)]) == 0
    assert "before-restore" in capsys.readouterr().out
    assert child_ids(seeded.path) == ["C-1"]
    assert main(["verify", "--db", str(seeded.path), "--backups"]) == 0
    assert main(["restore", str(tmp_path / "nothing.bak"), "--db", str(seeded.path)]) == 1
    assert "no backup file" in capsys.readouterr().err


def test_verify_against_backups_shows_a_truncated_trail(
    seeded: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    add_child(seeded, "C-1")
    backup(seeded.path)
    seeded.close()
    connection = sqlite3.connect(seeded.path, isolation_level=None)
    connection.execute("DROP TRIGGER audit_log_no_delete")
    last = connection.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    connection.execute("DELETE FROM audit_log WHERE id = ?", (last,))
    connection.close()
    assert main(["verify", "--db", str(seeded.path)]) == 0  # consistent on its own …
    assert main(["verify", "--db", str(seeded.path), "--backups"]) == 1  # … not against a backup
    assert f"row {last}" in capsys.readouterr().out
