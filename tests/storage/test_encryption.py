"""Encryption at rest with SQLCipher: nothing readable on disk, no way in without the key.

A fictional name is planted in the caseload and searched for in the raw bytes of the database,
its write-ahead log and its backups (UTF-8 and UTF-16, whole and in part). The same search on a
plain database finds it, so the search itself is shown to work.

Key derivation is deliberately slow (Argon2id, 64 MiB): the tests that open many times use a
cheap setting (``FAST``), and one test measures the real one.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.domain.case import Child
from app.storage import backups, crypto
from app.storage.chain import verify_chain
from app.storage.crypto import KdfParams, PassphraseNeeded, WrongPassphrase
from app.storage.database import Database, backup_database, open_database
from app.storage.single_writer import DatabaseInUse
from app.storage.uow import UnitOfWork

pytest.importorskip("sqlcipher3")

PASSPHRASE = "kettle orchard lantern seven"
FAST = KdfParams(time_cost=1, memory_kib=64, parallelism=1)  # for tests only
PLANTED = "Zebedee Quillfeather-Ormsby"
WRONG_TRIES = 1000


def plant(database: Database, child_id: str = "C-PLANT") -> None:
    with UnitOfWork(database, "tm.test") as uow:
        if not uow.teams.teams():
            uow.teams.add_team("T-CIN", "Children in need", "cin")
        given, family = PLANTED.split(" ", 1)
        uow.cases.add_child(Child(child_id, given, family, date(2015, 3, 1)), team_id="T-CIN")
        uow.commit()


def occurrences(path: Path) -> int:
    """How often the planted name, or a telling part of it, appears in the file's bytes."""
    data = path.read_bytes()
    needles = {PLANTED, "Quillfeather", "Zebedee"}
    return sum(data.count(n.encode(codec)) for n in needles for codec in ("utf-8", "utf-16-le"))


def files_of(path: Path) -> list[Path]:
    """The database, its WAL and every backup made of it, wherever they are."""
    found = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    found += sorted(path.parent.glob(f"{path.name}.*.bak"))
    found += backups.list_backups(backups.default_folder(path), path.name)
    return [p for p in found if p.exists()]


@pytest.fixture
def encrypted(db_path: Path) -> Iterator[Database]:
    with open_database(db_path, passphrase=PASSPHRASE, kdf=FAST) as database:
        yield database


def test_the_search_finds_the_name_in_a_plain_database(db_path: Path) -> None:
    with open_database(db_path) as database:
        plant(database)
        assert Path(f"{db_path}-wal").stat().st_size > 0
        assert sum(occurrences(p) for p in files_of(db_path)) > 0


def test_the_planted_name_is_nowhere_in_the_files(encrypted: Database) -> None:
    plant(encrypted)
    wal = Path(f"{encrypted.path}-wal")
    assert wal.stat().st_size > 0  # the change is still in the write-ahead log
    backups.backup(encrypted.path, key=encrypted.key)
    backup_database(encrypted.path, before="test", key=encrypted.key)
    checked = files_of(encrypted.path)
    assert len(checked) == 5  # database, WAL, its index, a backup, a pre-migration copy
    assert {p.name: occurrences(p) for p in checked} == {p.name: 0 for p in checked}
    encrypted.close()
    assert occurrences(encrypted.path) == 0  # and after the WAL is folded back in


def test_it_does_not_open_without_the_key(encrypted: Database) -> None:
    plant(encrypted)
    encrypted.close()
    with pytest.raises(PassphraseNeeded, match="encrypted"):
        open_database(encrypted.path)
    with pytest.raises(WrongPassphrase, match="passphrase"):
        open_database(encrypted.path, passphrase="not the passphrase", kdf=FAST)
    raw = sqlite3.connect(encrypted.path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        raw.execute("SELECT * FROM children").fetchall()
    raw.close()
    with open_database(encrypted.path, passphrase=PASSPHRASE, kdf=FAST) as database:
        with UnitOfWork(database, "tm.test") as uow:
            assert uow.cases.child_ids() == {"C-PLANT"}
        assert verify_chain(database).ok


def test_a_thousand_wrong_passphrases_do_not_crash_it(encrypted: Database) -> None:
    """Cheap key derivation here (FAST), so the thousand tries take seconds, not minutes."""
    plant(encrypted)
    encrypted.close()
    refused, started = 0, time.monotonic()
    for attempt in range(WRONG_TRIES):
        guess = f"{PASSPHRASE[: attempt % len(PASSPHRASE)]}{attempt}"
        try:
            open_database(encrypted.path, passphrase=guess, kdf=FAST)
        except WrongPassphrase:
            refused += 1
    elapsed = time.monotonic() - started
    print(f"\n{refused} wrong passphrases refused in {elapsed:.1f} s (cheap KDF)")
    assert refused == WRONG_TRIES
    with open_database(encrypted.path, passphrase=PASSPHRASE, kdf=FAST) as database:
        assert verify_chain(database).ok


def test_open_time_with_the_real_key_derivation(db_path: Path) -> None:
    with open_database(db_path, passphrase=PASSPHRASE) as database:
        plant(database)
    started = time.monotonic()
    with open_database(db_path, passphrase=PASSPHRASE) as database:
        opened = time.monotonic() - started
        with UnitOfWork(database, "tm.test") as uow:
            assert uow.cases.child_ids() == {"C-PLANT"}
    print(f"\nopen with the passphrase (Argon2id 64 MiB, 3 passes): {opened:.2f} s")
    assert 0.05 < opened < 10
    with pytest.raises(WrongPassphrase):
        open_database(db_path, passphrase="nearly " + PASSPHRASE)


def test_a_plain_database_and_its_backups_are_encrypted_in_place(db_path: Path) -> None:
    with open_database(db_path) as database:
        plant(database)
        plant(database, "C-TWO")
        before = verify_chain(database)
        made = backups.backup(db_path)
        backup_database(db_path, before="0003")
    assert sum(occurrences(p) for p in files_of(db_path)) > 0
    crypto.encrypt_database(db_path, PASSPHRASE, params=FAST)
    checked = files_of(db_path)
    assert {p.name: occurrences(p) for p in checked} == {p.name: 0 for p in checked}
    assert not list(db_path.parent.glob("*.encrypting"))
    with pytest.raises(PassphraseNeeded):
        open_database(db_path)
    with open_database(db_path, passphrase=PASSPHRASE, kdf=FAST) as database:
        with UnitOfWork(database, "tm.test") as uow:
            assert uow.cases.child_ids() == {"C-PLANT", "C-TWO"}
        assert verify_chain(database).head == before.head
        key = database.key
    assert backups.verify_backup(made.path, key).head == before.head


def test_encrypting_is_refused_while_the_database_is_open(db_path: Path) -> None:
    with open_database(db_path) as database:
        plant(database)
        with pytest.raises(DatabaseInUse):
            crypto.encrypt_database(db_path, PASSPHRASE, params=FAST)
    assert crypto.read_header(db_path).startswith(crypto.SQLITE_HEADER)


def test_the_passphrase_can_be_changed(encrypted: Database) -> None:
    plant(encrypted)
    encrypted.close()
    crypto.change_passphrase(encrypted.path, PASSPHRASE, "a new and longer passphrase", params=FAST)
    with pytest.raises(WrongPassphrase):
        open_database(encrypted.path, passphrase=PASSPHRASE, kdf=FAST)
    with open_database(encrypted.path, passphrase="a new and longer passphrase", kdf=FAST) as db:
        with UnitOfWork(db, "tm.test") as uow:
            assert uow.cases.child_ids() == {"C-PLANT"}
        assert verify_chain(db).ok
    assert occurrences(encrypted.path) == 0


def test_encrypted_backups_restore_with_the_same_key(encrypted: Database) -> None:
    plant(encrypted)
    made = backups.backup(encrypted.path, key=encrypted.key)
    plant(encrypted, "C-LATER")
    key, path = encrypted.key, encrypted.path
    encrypted.close()
    saved = backups.restore(made.path, path, key=key)
    assert saved is not None and occurrences(saved) == 0
    with (
        open_database(path, passphrase=PASSPHRASE, kdf=FAST) as database,
        UnitOfWork(database, "tm.test") as uow,
    ):
        assert uow.cases.child_ids() == {"C-PLANT"}


def test_commands_ask_for_the_passphrase(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_database(db_path, passphrase=PASSPHRASE) as database:
        plant(database)
    asked: list[str] = []

    def answer(prompt: str) -> str:
        asked.append(prompt)
        return PASSPHRASE

    monkeypatch.setattr("getpass.getpass", answer)
    assert main(["verify", "--db", str(db_path)]) == 0
    assert main(["backup", "--db", str(db_path)]) == 0
    assert len(asked) == 2 and PASSPHRASE not in capsys.readouterr().out
    monkeypatch.setattr("getpass.getpass", lambda _prompt: "wrong")
    assert main(["verify", "--db", str(db_path)]) == 1
    assert "passphrase" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("passphrase", "problem"),
    [
        ("short", "at least 12"),
        ("aaaaaaaaaaaaaaaa", "repeats"),
        ("Correct Horse Battery Staple", "well known"),
        ("kettle orchard lantern", None),
    ],
)
def test_passphrase_strength(passphrase: str, problem: str | None) -> None:
    problems = crypto.passphrase_problems(passphrase)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


def test_a_backup_from_before_a_passphrase_change_restores_under_the_new_one(
    encrypted: Database,
) -> None:
    plant(encrypted)
    made = backups.backup(encrypted.path, key=encrypted.key)
    path = encrypted.path
    encrypted.close()
    new = crypto.change_passphrase(path, PASSPHRASE, "a different passphrase", params=FAST)
    old = crypto.key_for_file(made.path, PASSPHRASE, FAST)
    with pytest.raises(WrongPassphrase):
        backups.restore(made.path, path, key=new)  # the backup needs its own key
    backups.restore(made.path, path, key=new, backup_key=old)
    with open_database(path, passphrase="a different passphrase", kdf=FAST) as database:
        assert verify_chain(database).head == made.head


def test_the_same_passphrase_typed_in_another_unicode_form_opens_it(db_path: Path) -> None:
    composed, decomposed = "caf\u00e9 orchard lantern", "cafe\u0301 orchard lantern"
    with open_database(db_path, passphrase=composed, kdf=FAST) as database:
        plant(database)
    with open_database(db_path, passphrase=decomposed, kdf=FAST) as database:
        assert verify_chain(database).ok
