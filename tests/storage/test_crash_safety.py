"""Crash safety: killed writers lose nothing committed; a full disk or read-only file is clear.

The kill test forks a child that writes transactions in a loop through the app's own unit of
work, printing each transaction's id on its standard output only after ``commit()`` returned.
The parent reads that output, SIGKILLs the child at a random moment, reopens the database and
checks that every reported transaction is there whole, that no transaction is there in part,
that ``PRAGMA integrity_check`` says ``ok`` and that the audit chain is intact. The child is
forked from the test process (with everything already imported) rather than started afresh, so
the 60 kills fit in well under a minute.

SIGKILL tests what the process can lose (nothing after ``commit()`` returns, thanks to WAL); a
power cut also tests the disk's honesty about ``fsync``, which ``synchronous=FULL`` relies on.
"""

from __future__ import annotations

import hashlib
import os
import random
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import pytest
from sqlalchemy import event, text

from app.domain.case import Child, Event
from app.storage.chain import verify_chain
from app.storage.crypto import KdfParams
from app.storage.database import Database, open_database
from app.storage.errors import DatabaseReadOnly, DiskFull, StorageError
from app.storage.single_writer import lock_path
from app.storage.uow import UnitOfWork

POSIX = os.name != "nt"
KILLS = 60
ENCRYPTED_KILLS = 15
FAST_KDF = KdfParams(time_cost=1, memory_kib=64, parallelism=1)  # cheap, for tests only
BULK_SIZE = 40
pytestmark = pytest.mark.skipif(not POSIX, reason="fork and SIGKILL")


def _pragma(database: Database, name: str) -> object:
    with database.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_wal_with_full_sync(seeded: Database) -> None:
    assert _pragma(seeded, "journal_mode") == "wal"
    assert _pragma(seeded, "synchronous") == 2  # FULL


# -- killed in the middle of writing --------------------------------------------------------------


def _transaction(uow: UnitOfWork, number: int) -> None:
    """One numbered transaction: every 5th a bulk load of 40 children, else one child with a
    flag and an event (three rows that must arrive together)."""
    if number % 5 == 0:
        rows = [
            {
                "id": f"K{number}-{j}",
                "given_name": "Kit",
                "family_name": "Testcase",
                "team_id": "T-CIN",
            }
            for j in range(BULK_SIZE)
        ]
        uow.cases.bulk_insert({"children": rows}, summary=f"load {number}")
        return
    child_id = f"K{number}"
    uow.cases.add_child(Child(child_id, "Kit", "Testcase", date(2016, 5, 1)), team_id="T-CIN")
    uow.cases.set_flag(child_id, "missing", date(2024, 2, 1))
    uow.cases.add_event(child_id, Event("referral", date(2024, 1, 2)))


def _write_forever(path: Path, first: int, out: int, opening: dict[str, Any]) -> NoReturn:
    """The child: commit numbered transactions, printing each number once committed."""
    os.dup2(out, 1)
    try:
        database = open_database(path, **opening)
        number = first
        while True:
            with UnitOfWork(database, "tm.crash") as uow:
                _transaction(uow, number)
                uow.commit()
            os.write(1, f"{number}\n".encode())
            number += 1
    finally:
        os._exit(1)


def _start_writer(path: Path, first: int, opening: dict[str, Any]) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(read)
        _write_forever(path, first, write, opening)
    os.close(write)
    return pid, read


class _Output:
    """The numbers a child prints, read from its end of the pipe."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor
        self.buffer = b""
        self.numbers: list[int] = []

    def read_first(self) -> None:
        """Wait for the first committed transaction."""
        while not self.numbers:
            assert self._read(), "the writer ended before committing anything"

    def read_to_end(self) -> list[int]:
        """Everything printed until the pipe closed (the child is dead)."""
        while self._read():
            pass
        os.close(self.descriptor)
        return self.numbers

    def _read(self) -> bool:
        ready, _, _ = select.select([self.descriptor], [], [], 20)
        assert ready, "the writer printed nothing for 20 s"
        chunk = os.read(self.descriptor, 65536)
        *lines, self.buffer = (self.buffer + chunk).split(b"\n")
        self.numbers += [int(line) for line in lines]
        return bool(chunk)


def _committed_state(database: Database) -> tuple[dict[int, int], dict[int, tuple[int, int]]]:
    """Per transaction number: children of a bulk load; (flags, events) of a single child."""
    bulk: dict[int, int] = {}
    single: dict[int, tuple[int, int]] = {}
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT c.id, (SELECT count(*) FROM flags f WHERE f.child_id = c.id), "
            "(SELECT count(*) FROM events e WHERE e.child_id = c.id) "
            "FROM children c WHERE c.id LIKE 'K%'"
        )
        for child_id, flags, events in rows:
            number, _, part = child_id[1:].partition("-")
            if part:
                bulk[int(number)] = bulk.get(int(number), 0) + 1
            else:
                single[int(number)] = (flags, events)
    return bulk, single


def _check_after_crash(database: Database, reported: list[int]) -> None:
    assert _pragma(database, "integrity_check") == "ok"
    bulk, single = _committed_state(database)
    assert all(count == BULK_SIZE for count in bulk.values()), "a bulk load arrived in part"
    assert all(parts == (1, 1) for parts in single.values()), "a transaction arrived in part"
    present = set(bulk) | set(single)
    missing = [n for n in reported if n not in present]
    assert not missing, f"committed and reported, then lost: {missing}"
    report = verify_chain(database)
    assert report.ok, str(report)


def _kill_rounds(path: Path, kills: int, opening: dict[str, Any]) -> str:
    """Start, kill and check ``kills`` writers in turn; returns the figures."""
    rng = random.Random(7)
    started, survived, reported_total, in_flight_saved = time.monotonic(), 0, 0, 0
    for round_number in range(kills):
        first = (round_number + 1) * 100_000
        pid, read = _start_writer(path, first, opening)
        output = _Output(read)
        output.read_first()
        time.sleep(rng.uniform(0.0, 0.12))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        reported = output.read_to_end()
        with open_database(path, **opening) as database:  # recovers WAL and the child's lock
            _check_after_crash(database, reported)
            bulk, single = _committed_state(database)
        in_flight_saved += len([n for n in (set(bulk) | set(single)) if n >= first]) - len(reported)
        survived += 1
        reported_total += len(reported)
    elapsed = time.monotonic() - started
    assert survived == kills
    return (
        f"{survived} kills survived in {elapsed:.1f} s: {reported_total} reported commits all "
        f"present; {in_flight_saved} committed just before a kill but not yet reported"
    )


def test_sigkill_during_writes_loses_no_committed_transaction(seeded: Database) -> None:
    seeded.close()
    print(f"\nplain: {_kill_rounds(seeded.path, KILLS, {})}")


def test_sigkill_during_encrypted_writes_loses_nothing_either(db_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    opening = {"passphrase": "kettle orchard lantern seven", "kdf": FAST_KDF}
    with open_database(db_path, **opening) as database, UnitOfWork(database, "tm.t") as uow:
        uow.teams.add_team("T-CIN", "Children in need", "cin")
        uow.commit()
    print(f"\nencrypted: {_kill_rounds(db_path, ENCRYPTED_KILLS, opening)}")


# -- a full disk ----------------------------------------------------------------------------------


def _fingerprint(database: Database) -> tuple[object, ...]:
    with database.engine.connect() as connection:
        counts = tuple(
            connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar()
            for table in ("children", "flags", "events", "audit_log")
        )
    return (*counts, verify_chain(database).head)


def _many_children(uow: UnitOfWork, count: int) -> None:
    for i in range(count):
        child_id = f"F-{i:05d}"
        uow.cases.add_child(Child(child_id, "Fay", "Testcase" * 20), team_id="T-CIN")
        uow.cases.add_event(child_id, Event("referral", date(2024, 1, 2)))


def test_a_full_disk_is_a_clear_error_and_writes_nothing(seeded: Database) -> None:
    """The disk is simulated by SQLite's ``max_page_count``: the file may not grow."""
    before = _fingerprint(seeded)
    pages = int(str(_pragma(seeded, "page_count")))

    @event.listens_for(seeded.engine, "connect")
    def _small_disk(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 3}")  # type: ignore[attr-defined]

    seeded.engine.dispose()
    with pytest.raises(DiskFull) as raised, UnitOfWork(seeded, "tm.full") as uow:
        _many_children(uow, 2000)
        uow.commit()
    assert str(seeded.path) in str(raised.value) and "not saved" in str(raised.value)
    assert _fingerprint(seeded) == before
    event.remove(seeded.engine, "connect", _small_disk)
    seeded.engine.dispose()
    with UnitOfWork(seeded, "tm.full") as uow:  # room again: the same change goes through
        _many_children(uow, 2000)
        uow.commit()
    assert _pragma(seeded, "integrity_check") == "ok" and verify_chain(seeded).ok


def _can_mount() -> bool:
    return POSIX and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MiB tmpfs (needs root; skipped elsewhere), unmounted afterwards."""
    point = tmp_path / "tmpfs"
    point.mkdir()
    if (
        not _can_mount()
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(point)],
            capture_output=True,
        ).returncode
    ):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _fill(folder: Path, leave: int) -> Path:
    """Fill the file system holding ``folder`` until ``leave`` bytes are free."""
    filler = folder / "filler"
    free = shutil.disk_usage(folder).free - leave
    with open(filler, "wb") as handle:
        handle.write(b"\0" * max(0, free))
    return filler


def test_a_really_full_disk_is_a_clear_error_and_writes_nothing(tmpfs: Path) -> None:
    path = tmpfs / "case.sqlite3"
    with open_database(path) as database:
        with UnitOfWork(database, "tm.full") as uow:
            uow.teams.add_team("T-CIN", "Children in need", "cin")
            uow.commit()
        before = _fingerprint(database)
        filler = _fill(tmpfs, leave=64 * 1024)
        with pytest.raises(DiskFull) as raised, UnitOfWork(database, "tm.full") as uow:
            _many_children(uow, 3000)
            uow.commit()
        assert str(path) in str(raised.value) and "disk is full" in str(raised.value)
        assert _fingerprint(database) == before
        filler.unlink()
        with UnitOfWork(database, "tm.full") as uow:
            _many_children(uow, 300)
            uow.commit()
        assert _pragma(database, "integrity_check") == "ok" and verify_chain(database).ok


# -- a read-only file -----------------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_refused_untouched(path: Path) -> None:
    before = _digest(path)
    with pytest.raises(DatabaseReadOnly) as raised:
        open_database(path)
    message = str(raised.value)
    assert str(path) in message and "read-only" in message
    assert isinstance(raised.value, StorageError)
    assert _digest(path) == before and not lock_path(path).exists()


def test_a_read_only_disk_is_refused_clearly_and_untouched(tmpfs: Path) -> None:
    path = tmpfs / "case.sqlite3"
    with open_database(path) as database, UnitOfWork(database, "tm.ro") as uow:
        uow.teams.add_team("T-CIN", "Children in need", "cin")
        uow.commit()
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    _assert_refused_untouched(path)


@pytest.mark.skipif(POSIX and os.geteuid() == 0, reason="root may write to a 0o500 folder")
def test_a_read_only_folder_is_refused_clearly_and_untouched(seeded: Database) -> None:
    seeded.close()
    os.chmod(seeded.path.parent, 0o500)
    try:
        _assert_refused_untouched(seeded.path)
    finally:
        os.chmod(seeded.path.parent, 0o700)


def test_writes_through_a_read_only_open_are_refused_and_change_nothing(seeded: Database) -> None:
    seeded.close()
    before = _digest(seeded.path)
    with open_database(seeded.path, read_only=True) as database:
        with pytest.raises(DatabaseReadOnly), UnitOfWork(database, "tm.ro") as uow:
            uow.teams.add_team("T-NEW", "New team", "cin")
            uow.commit()
        with database.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM teams")).scalar() == 2
    assert _digest(seeded.path) == before
