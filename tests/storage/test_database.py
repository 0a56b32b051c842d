"""Opening the store on a real SQLite file: permissions, pragmas, versions, backups, failures."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from app.domain.case import Child
from app.storage import database as database_module
from app.storage import probe
from app.storage.database import (
    Database,
    backup_database,
    default_database_path,
    demo_database_path,
    head_revision,
    open_database,
)
from app.storage.errors import (
    DatabaseLocked,
    DatabaseNotFound,
    DatabaseReadOnly,
    DatabaseTooNew,
    DiskFull,
    NotADatabase,
    NotATransferDeskDatabase,
    StorageError,
)
from app.storage.uow import UnitOfWork
from tests.storage.conftest import USER

POSIX = os.name != "nt"
posix_only = pytest.mark.skipif(not POSIX, reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def pragma(database: Database, name: str) -> object:
    with database.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


# -- where and how the file is made ---------------------------------------------------------------


def test_default_paths_are_separate_files_in_the_user_data_folder(tmp_path: Path) -> None:
    real, demo = default_database_path(), demo_database_path()
    assert real.name == "transfer-desk.sqlite3"
    assert demo.name == "transfer-desk-demo.sqlite3"
    assert real.parent == demo.parent
    assert real.parent.name == "TransferDesk"
    assert str(real).startswith(os.environ["XDG_DATA_HOME"])  # tests/conftest.py points it away


@posix_only
@pytest.mark.parametrize("mask", [0o000, 0o022, 0o077])
def test_file_is_created_owner_only_whatever_the_umask(db_path: Path, mask: int) -> None:
    with umask(mask), open_database(db_path) as db:
        with UnitOfWork(db, USER) as uow:
            uow.settings.set("pack_id", "p")
            uow.commit()
        assert mode(db_path) == 0o600
        for side in ("-wal", "-shm"):  # SQLite gives its side files the database's mode
            side_file = db_path.with_name(db_path.name + side)
            assert mode(side_file) == 0o600, side
    assert mode(db_path.parent) == 0o700


@posix_only
def test_opening_takes_group_and_other_permissions_away(database: Database) -> None:
    database.close()
    os.chmod(database.path, 0o644)
    with open_database(database.path):
        assert mode(database.path) == 0o600


def test_pragmas_on_every_connection(database: Database) -> None:
    assert pragma(database, "journal_mode") == "wal"
    assert pragma(database, "foreign_keys") == 1
    assert pragma(database, "synchronous") == 2  # FULL
    database.engine.dispose()  # a brand-new pooled connection gets them too
    assert pragma(database, "foreign_keys") == 1


def test_foreign_keys_refuse_an_orphan(seeded: Database) -> None:
    with pytest.raises(IntegrityError), seeded.engine.begin() as connection:
        orphan = "INSERT INTO flags (child_id, flag, set_on) VALUES ('nobody', 'x', '2026-01-01')"
        connection.execute(text(orphan))
    with pytest.raises(IntegrityError), UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(Child("C-1", "Ada", "Testcase"), team_id="NO-SUCH-TEAM")


def test_missing_file_is_not_created_when_asked_not_to(db_path: Path) -> None:
    with pytest.raises(DatabaseNotFound) as raised:
        open_database(db_path, create=False)
    assert str(db_path) in str(raised.value)
    assert not db_path.exists()


# -- versions -------------------------------------------------------------------------------------


def stamp(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


def test_database_from_a_newer_app_is_refused_untouched(database: Database) -> None:
    database.close()
    stamp(database.path, "0999")
    before, files_before = digest(database.path), sorted(os.listdir(database.path.parent))
    with pytest.raises(DatabaseTooNew) as raised:
        open_database(database.path)
    message = str(raised.value)
    assert str(database.path) in message
    assert "0999" in message and head_revision() in message
    assert digest(database.path) == before
    assert sorted(os.listdir(database.path.parent)) == files_before  # no backup, no side files


def test_backup_includes_changes_still_in_the_wal(seeded: Database, tmp_path: Path) -> None:
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(Child("C-1", "Ada", "Testcase"), team_id="T-CIN")
        uow.commit()
    # The pool keeps a connection open, so nothing is checkpointed: the child is only in the WAL
    # and a plain copy of the file would lose it.
    bare = tmp_path / "bare-copy.sqlite3"
    shutil.copyfile(seeded.path, bare)
    assert child_ids_in(bare) == []

    copy = backup_database(seeded.path, before="0002")

    assert copy.parent == seeded.path.parent
    assert copy.name.startswith("case.sqlite3.before-0002.") and copy.name.endswith(".bak")
    if POSIX:
        assert mode(copy) == 0o600
    assert child_ids_in(copy) == ["C-1"]


def child_ids_in(path: Path) -> list[str]:
    """The children in a database file read on its own ([] if it has no children table)."""
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT id FROM children")]
    except sqlite3.OperationalError:
        return []
    finally:
        connection.close()


@pytest.fixture
def next_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The app's migrations plus one more revision that adds a table, as the next release might.

    Returns the new revision id; from here on the app believes that revision is its head.
    """
    current = head_revision()
    upcoming = f"{int(current) + 1:04d}"
    folder = tmp_path / "migrations"
    shutil.copytree(probe.MIGRATIONS_DIR, folder)
    (folder / "versions" / f"{upcoming}_scratch.py").write_text(
        '"""A later release."""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "{upcoming}"\ndown_revision = "{current}"\n'
        "branch_labels = None\ndepends_on = None\n\n"
        "def upgrade():\n"
        '    op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True))\n\n'
        "def downgrade():\n"
        '    op.drop_table("scratch")\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(probe, "MIGRATIONS_DIR", folder)
    return upcoming


def test_an_older_database_is_backed_up_then_upgraded(seeded: Database, next_release: str) -> None:
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(Child("C-1", "Ada", "Testcase"), team_id="T-CIN")
        uow.commit()
    seeded.close()
    older = seeded.revision()
    assert head_revision() == next_release != older

    with open_database(seeded.path) as upgraded:
        assert upgraded.revision() == next_release
        with upgraded.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM scratch").scalar() == 0

    backups = sorted(seeded.path.parent.glob(f"case.sqlite3.before-{next_release}.*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (older,)
    connection.close()
    assert child_ids_in(backups[0]) == ["C-1"]


def test_a_database_at_head_is_not_backed_up(database: Database) -> None:
    database.close()
    with open_database(database.path):
        pass
    assert not list(database.path.parent.glob("*.bak"))


# -- the environment failing ----------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_named(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"these are not the pages you are looking for " * 200)
    with pytest.raises(NotADatabase) as raised:
        open_database(db_path)
    assert str(db_path) in str(raised.value)


def test_another_apps_sqlite_file_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    with pytest.raises(NotATransferDeskDatabase):
        open_database(db_path)


def test_read_only_database_refuses_writes_with_the_file_name(seeded: Database) -> None:
    """Opened with SQLite's ``mode=ro``: this works even as root, who ignores file modes."""
    seeded.close()
    with open_database(seeded.path, read_only=True) as db:
        with UnitOfWork(db, USER) as uow:  # reading is fine
            assert uow.teams.teams()[0][0] == "T-CIC"
        with pytest.raises(DatabaseReadOnly) as raised, UnitOfWork(db, USER) as uow:
            uow.settings.set("pack_id", "p")
            uow.commit()
    assert str(seeded.path) in str(raised.value)
    assert "read-only" in str(raised.value)


@posix_only
@pytest.mark.skipif(POSIX and os.geteuid() == 0, reason="root may write a 0o400 file anyway")
def test_file_without_write_permission_gives_a_storage_error(seeded: Database) -> None:
    seeded.close()
    os.chmod(seeded.path, 0o400)
    try:
        with (
            pytest.raises(DatabaseReadOnly) as raised,
            open_database(seeded.path) as db,
            UnitOfWork(db, USER) as uow,
        ):
            uow.settings.set("pack_id", "p")
            uow.commit()
        assert str(seeded.path) in str(raised.value)
        assert mode(seeded.path) == 0o400  # opening never adds permissions
    finally:
        os.chmod(seeded.path, 0o600)


def test_locked_database_says_another_program_has_it(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded.close()
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    holder = sqlite3.connect(seeded.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with (
            open_database(seeded.path) as db,
            pytest.raises(DatabaseLocked) as raised,
            UnitOfWork(db, USER) as uow,
        ):
            uow.settings.set("pack_id", "p")
            uow.commit()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert str(seeded.path) in str(raised.value)


def test_full_disk_says_the_change_was_not_saved(seeded: Database) -> None:
    pages = int(str(pragma(seeded, "page_count")))

    @event.listens_for(seeded.engine, "connect")
    def _small_disk(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    seeded.engine.dispose()  # every connection from now on has the small "disk"

    rows = [
        {"id": f"C-{i:05d}", "given_name": "Ada", "family_name": "Testcase", "team_id": "T-CIN"}
        for i in range(5000)
    ]
    with pytest.raises(DiskFull) as raised, UnitOfWork(seeded, USER) as uow:
        uow.cases.bulk_insert({"children": rows}, summary="too big")
        uow.commit()
    assert isinstance(raised.value, StorageError)
    assert str(seeded.path) in str(raised.value)
    assert "not saved" in str(raised.value)


def test_bugs_are_not_dressed_up_as_storage_errors(seeded: Database) -> None:
    with pytest.raises(IntegrityError), UnitOfWork(seeded, USER) as uow:
        uow.cases.set_flag("nobody", "missing", date(2026, 1, 1))
