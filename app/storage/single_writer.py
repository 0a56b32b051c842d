"""One writer per database: ``<database>.lock`` beside it says who has it open for writing.

The lock file holds the user, the machine, the process id and the time it was taken, as JSON,
and the holding process keeps an operating-system lock on it (``flock`` on POSIX, a byte-range
lock on Windows) for as long as it has the database open. The operating system drops that lock
when the process ends however it ends (a crash, SIGKILL, a power cut), so:

- a second copy of the app is refused at once with :class:`DatabaseInUse`, naming the user and
  machine in the file;
- a lock left by a process that died on this machine (no OS lock held, or its pid no longer
  alive where the OS lock is not available) is recovered without asking;
- a lock written by another machine is never broken automatically (that machine may still be
  writing over a network share): the message says how to release it by hand.

Within one process the lock is shared: opening the same database twice (the desktop's workspace
and a background job, say) takes it once, and the file goes when the last one closes.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import socket
import sys
import threading
import time
from contextlib import suppress
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from app.storage.errors import DatabaseLocked

LOCK_SUFFIX = ".lock"
#: On Windows the lock is taken on one byte far past the text, so others can still read who
#: holds it (Windows byte-range locks also stop reads of the locked range).
_WINDOWS_LOCK_OFFSET = 1 << 30
#: How long to wait for a lock file that another process has just created but not yet filled.
_SETTLE_SECONDS = 0.5


@dataclass(frozen=True)
class LockOwner:
    """Who holds the lock: login name, machine, process id and when they took it."""

    user: str
    machine: str
    pid: int
    since: str

    @classmethod
    def me(cls) -> LockOwner:
        """This process, now."""
        return cls(_login_name(), socket.gethostname(), os.getpid(), _now())

    def on_this_machine(self) -> bool:
        """Whether the holder is (or was) a process on this machine."""
        return self.machine == socket.gethostname()

    def to_bytes(self) -> bytes:
        """The lock file's contents."""
        return json.dumps(asdict(self), indent=1).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> LockOwner | None:
        """The owner recorded in ``data``, or None if it is empty or unreadable."""
        try:
            fields = json.loads(data.decode("utf-8"))
            return cls(
                str(fields["user"]),
                str(fields["machine"]),
                int(fields["pid"]),
                str(fields["since"]),
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None


class DatabaseInUse(DatabaseLocked):
    """Another copy of Transfer Desk (named in the message) has the database open for writing."""

    def __init__(self, path: Path, owner: LockOwner | None, lock: Path) -> None:
        super().__init__(path, _in_use_message(path, owner, lock))
        self.owner = owner
        self.lock_path = lock


class _Held:
    """The OS lock this process holds on one lock file, and how many opens share it."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self.descriptor = descriptor
        self.count = 1


@dataclass
class WriterLease:
    """One open's share of the process's writer lock; :meth:`release` once when closing."""

    lock_path: Path
    recovered_from: LockOwner | None
    released: bool = False

    def release(self) -> None:
        """Give up this share; the last share removes the lock file. Safe to call twice."""
        if not self.released:
            self.released = True
            _release(self.lock_path)


_HELD: dict[Path, _Held] = {}
# Re-entrant: a Database dropped without close() gives its lease back from a weakref
# finalizer, and the garbage collector may run that finalizer inside acquire() on this very
# thread (it did, allocating in json.dumps): a plain Lock deadlocked the app there.
_GUARD = threading.RLock()


def lock_path(database_path: Path) -> Path:
    """``<database>.lock``, beside the database."""
    return database_path.with_name(database_path.name + LOCK_SUFFIX)


def acquire(database_path: Path, *, exclusive: bool = False) -> WriterLease:
    """Take the writer lock of ``database_path`` or raise :class:`DatabaseInUse` at once.

    ``exclusive`` also refuses when this process already has the database open (restoring or
    encrypting replaces the file under any open connection).
    """
    path = lock_path(Path(database_path).absolute())
    with _GUARD:
        held = _HELD.get(path)
        if held is not None and exclusive:
            raise DatabaseInUse(database_path, LockOwner.me(), path)
        if held is not None:
            held.count += 1
            return WriterLease(path, None)
        descriptor, previous = _take(path, database_path)
        _HELD[path] = _Held(path, descriptor)
        return WriterLease(path, previous)


def read_owner(lock: Path) -> LockOwner | None:
    """Who the lock file at ``lock`` names (None if there is none or it cannot be read)."""
    try:
        return LockOwner.from_bytes(lock.read_bytes())
    except OSError:
        return None


def break_lock(database_path: Path) -> LockOwner | None:
    """Remove a lock file by hand (after checking the named machine is not using the database).

    Refuses with :class:`DatabaseInUse` while a live process on this machine holds it.
    Returns who the lock named.
    """
    path = lock_path(Path(database_path).absolute())
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if _try_os_lock(descriptor) is False:
            raise DatabaseInUse(Path(database_path), _settled_owner(path), path)
        owner = read_owner(path)
        _remove(path, descriptor)
        return owner
    finally:
        with suppress(OSError):
            os.close(descriptor)


def _take(path: Path, database_path: Path) -> tuple[int, LockOwner | None]:
    """Open, lock and fill the lock file; returns it and the dead owner it replaced, if any."""
    for _attempt in range(5):
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            previous = _claim(descriptor, path, database_path)
        except BaseException:
            os.close(descriptor)
            raise
        if previous is not _RACED:
            _write_owner(descriptor)
            return descriptor, previous if isinstance(previous, LockOwner) else None
        os.close(descriptor)  # the file was removed under us by its last holder: try again
    raise DatabaseInUse(database_path, read_owner(path), path)


_RACED = object()


def _claim(descriptor: int, path: Path, database_path: Path) -> object:
    """Lock ``descriptor`` or raise; returns the stale owner recovered, None, or ``_RACED``."""
    locked = _try_os_lock(descriptor)
    if locked is False:
        raise DatabaseInUse(database_path, _settled_owner(path), path)
    if not _same_file(descriptor, path):
        return _RACED
    owner = LockOwner.from_bytes(_read_all(descriptor))
    if owner is None or (owner.pid == os.getpid() and owner.on_this_machine()):
        return owner
    if not owner.on_this_machine() or (locked is None and _pid_alive(owner.pid)):
        raise DatabaseInUse(database_path, owner, path)
    return owner  # a process on this machine that died holding it: recovered


def _settled_owner(path: Path) -> LockOwner | None:
    """The owner named in the file, waiting briefly if its holder is still writing it."""
    deadline = time.monotonic() + _SETTLE_SECONDS
    while True:
        owner = read_owner(path)
        if owner is not None or time.monotonic() > deadline:
            return owner
        time.sleep(0.02)


def _write_owner(descriptor: int) -> None:
    os.ftruncate(descriptor, 0)
    os.lseek(descriptor, 0, os.SEEK_SET)
    os.write(descriptor, LockOwner.me().to_bytes())
    os.fsync(descriptor)


def _read_all(descriptor: int) -> bytes:
    os.lseek(descriptor, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(descriptor, 4096):
        chunks.append(chunk)
    return b"".join(chunks)


def _release(path: Path) -> None:
    with _GUARD:
        held = _HELD.get(path)
        if held is None:
            return
        held.count -= 1
        if held.count == 0:
            del _HELD[path]
            _remove(path, held.descriptor)


def _remove(path: Path, descriptor: int) -> None:
    """Delete the lock file, then let go of the OS lock (Windows cannot delete an open file)."""
    if sys.platform == "win32":
        os.close(descriptor)
        with suppress(OSError):
            path.unlink()
        return
    with suppress(OSError):
        path.unlink()
    os.close(descriptor)


def _same_file(descriptor: int, path: Path) -> bool:
    """Whether ``path`` still names the file we locked (its holder may have deleted it)."""
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(descriptor)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _try_os_lock(descriptor: int) -> bool | None:
    """Take the OS lock without waiting: True, False if another process has it, None if the
    file system offers no locks (then the pid in the file decides)."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except PermissionError:
            return False
        except OSError as error:
            return False if error.errno in (errno.EACCES, errno.EDEADLK) else None
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as error:
        if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
            return None
        raise
    return True


def _pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (True when it cannot be told)."""
    if sys.platform == "win32" or pid <= 0:
        return True  # no safe probe without the OS lock: never break it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _in_use_message(path: Path, owner: LockOwner | None, lock: Path) -> str:
    if owner is None:
        return (
            f"The database {path} is open in another copy of Transfer Desk. "
            "Close it there and try again."
        )
    if owner.pid == os.getpid() and owner.on_this_machine():
        return f"The database {path} is open in this copy of Transfer Desk. Close it first."
    where = f"{owner.user} on {owner.machine} (since {owner.since})"
    if owner.on_this_machine():
        return (
            f"The database {path} is open in another copy of Transfer Desk, by {where}. "
            "Close it there and try again."
        )
    return (
        f"The database {path} is open in Transfer Desk by {where}. Close it there and try "
        f"again. If that computer is off or Transfer Desk crashed on it, delete the file {lock} "
        "and try again."
    )


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _forget_after_fork() -> None:
    """A forked child does not hold its parent's locks: drop its copies of the descriptors (and
    start with a fresh guard, which another thread of the parent may have held)."""
    global _GUARD
    _GUARD = threading.RLock()
    for held in _HELD.values():
        with suppress(OSError):
            os.close(held.descriptor)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


__all__ = [
    "DatabaseInUse",
    "LockOwner",
    "WriterLease",
    "acquire",
    "break_lock",
    "lock_path",
    "read_owner",
]
