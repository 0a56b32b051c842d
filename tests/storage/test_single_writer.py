"""One writer per database: a second copy is refused at once, a crashed one's lock recovered."""

from __future__ import annotations

import gc
import getpass
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.storage import single_writer
from app.storage.database import open_database
from app.storage.single_writer import DatabaseInUse, LockOwner, acquire, break_lock, lock_path
from app.storage.uow import UnitOfWork
from tests.storage.conftest import USER

POSIX = os.name != "nt"
ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.storage.database import open_database

    database = open_database(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.readline()  # hold the database until told (or killed)
    database.close()
    """
)


@pytest.fixture
def holder(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another copy of the app with the database open for writing."""
    with open_database(db_path):
        pass
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()


def me() -> tuple[str, str]:
    return getpass.getuser(), socket.gethostname()


def dead_pid() -> int:
    """The id of a process that has just ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def write_lock(db_path: Path, owner: LockOwner) -> Path:
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(owner.to_bytes())
    return path


def test_open_writes_who_holds_it_and_close_removes_it(db_path: Path) -> None:
    database = open_database(db_path)
    lock = lock_path(db_path)
    recorded = json.loads(lock.read_text(encoding="utf-8"))
    assert (recorded["user"], recorded["machine"]) == me()
    assert recorded["pid"] == os.getpid() and recorded["since"]
    if POSIX:
        assert lock.stat().st_mode & 0o077 == 0
    database.close()
    assert not lock.exists()


def test_a_second_copy_is_refused_at_once_naming_user_and_machine(
    db_path: Path, holder: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    with pytest.raises(DatabaseInUse) as raised:
        open_database(db_path)
    assert time.monotonic() - started < 1.0
    user, machine = me()
    message = str(raised.value)
    assert user in message and machine in message and str(db_path) in message
    assert raised.value.owner is not None and raised.value.owner.pid == holder.pid
    assert holder.stdin is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.wait(timeout=30) == 0
    with open_database(db_path):  # released: now it opens
        pass


def test_reading_needs_no_lock_and_takes_none(db_path: Path, holder: subprocess.Popen[str]) -> None:
    before = lock_path(db_path).read_bytes()
    with open_database(db_path, read_only=True) as database, UnitOfWork(database, USER) as uow:
        assert uow.settings.get("pack_id") is None
    assert lock_path(db_path).read_bytes() == before


@pytest.mark.skipif(not POSIX, reason="SIGKILL")
def test_a_lock_left_by_a_killed_process_is_recovered(
    db_path: Path, holder: subprocess.Popen[str]
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    left = single_writer.read_owner(lock_path(db_path))
    assert left is not None and left.pid == holder.pid
    with open_database(db_path) as database:
        assert database.writer is not None
        assert database.writer.recovered_from == left
        now = single_writer.read_owner(lock_path(db_path))
        assert now is not None and (now.user, now.machine, now.pid) == (*me(), os.getpid())


def test_a_stale_lock_of_a_dead_process_on_this_machine_is_recovered(db_path: Path) -> None:
    pid = dead_pid()
    write_lock(db_path, LockOwner("tm.gone", socket.gethostname(), pid, "2026-11-23T09:00:00"))
    with open_database(db_path) as database:
        assert database.writer is not None and database.writer.recovered_from is not None
        assert database.writer.recovered_from.pid == pid


def test_without_os_locks_the_pid_decides(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system with no locks: a live pid on this machine is refused, a dead one not."""
    monkeypatch.setattr(single_writer, "_try_os_lock", lambda _descriptor: None)
    alive = LockOwner("tm.other", socket.gethostname(), os.getppid(), "2026-11-23T09:00:00")
    write_lock(db_path, alive)
    with pytest.raises(DatabaseInUse, match=r"tm\.other"):
        acquire(db_path)
    write_lock(db_path, LockOwner("tm.other", socket.gethostname(), dead_pid(), "then"))
    acquire(db_path).release()


def test_a_lock_from_another_machine_is_never_broken_automatically(db_path: Path) -> None:
    other = LockOwner("tm.elsewhere", "LAPTOP-0042", 4242, "2026-11-23T09:00:00+00:00")
    lock = write_lock(db_path, other)
    with pytest.raises(DatabaseInUse) as raised:
        open_database(db_path)
    message = str(raised.value)
    assert "tm.elsewhere" in message and "LAPTOP-0042" in message
    assert str(lock) in message  # how to release it by hand
    assert break_lock(db_path) == other
    with open_database(db_path):
        pass


def test_one_process_may_open_it_twice_and_the_last_close_releases(db_path: Path) -> None:
    first = open_database(db_path)
    second = open_database(db_path)
    first.close()
    assert lock_path(db_path).exists()
    second.close()
    assert not lock_path(db_path).exists()
    second.close()  # closing twice is harmless


def test_exclusive_use_is_refused_while_this_process_has_it_open(db_path: Path) -> None:
    with open_database(db_path), pytest.raises(DatabaseInUse, match="this copy"):
        acquire(db_path, exclusive=True)


def test_a_database_dropped_without_close_lets_go(db_path: Path) -> None:
    database = open_database(db_path)
    del database
    gc.collect()
    assert not lock_path(db_path).exists()


@pytest.mark.skipif(not POSIX, reason="fork")
def test_of_many_processes_racing_exactly_one_wins(db_path: Path) -> None:
    """Eight processes try at the same instant and hold on; only one may get it."""
    with open_database(db_path):
        pass
    start = time.time() + 0.3
    children = []
    for _ in range(8):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(read)
            code = 1
            try:
                time.sleep(max(0.0, start - time.time()))
                try:
                    lease = acquire(db_path)
                    os.write(write, b"won")
                    time.sleep(0.5)
                    lease.release()
                except DatabaseInUse:
                    os.write(write, b"refused")
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        children.append((pid, read))
    outcomes = []
    for pid, read in children:
        with os.fdopen(read, "rb") as pipe:
            outcomes.append(pipe.read().decode())
        os.waitpid(pid, 0)
    assert sorted(outcomes) == ["refused"] * 7 + ["won"]


def test_a_lease_given_back_by_a_finalizer_inside_acquire_does_not_deadlock(
    tmp_path: Path,
) -> None:
    """The garbage collector may run a dropped Database's finalizer (its lease's release) while
    this thread is inside acquire(), holding the guard: the guard must let it in."""
    first = acquire(tmp_path / "first.sqlite3")
    with single_writer._GUARD:  # as acquire() holds it when the collector runs the finalizer
        assert single_writer._GUARD.acquire(blocking=False)  # a plain Lock refuses: deadlock
        single_writer._GUARD.release()
        first.release()
    assert not lock_path(tmp_path / "first.sqlite3").exists()
