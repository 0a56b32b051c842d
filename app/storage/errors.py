"""Errors from the case store, split the way the user needs them.

A :class:`StorageError` means the *environment* failed (the file is read-only, the disk is full,
another program holds a lock, the file is not a database, it was written by a newer app). Its
message names the file and says what to do, so the desktop app can show it as it is. Anything
else that escapes the store (an ``IntegrityError`` from a missing team, a ``CaseNotFound``) is a
bug or a wrong id and should be shown as one.

Messages never contain names or dates of birth: only file paths, ids and versions.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import exc as sa_exc


class StorageError(Exception):
    """The environment failed; the message names the file and what to do."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class DatabaseNotFound(StorageError):
    """The file does not exist and the caller asked not to create it."""


class DatabaseTooNew(StorageError):
    """The file was written by a newer version of Transfer Desk."""


class NotATransferDeskDatabase(StorageError):
    """The file is an SQLite database, but not one this app made."""


class NotADatabase(StorageError):
    """The file is not an SQLite database at all, or it is damaged."""


class DatabaseReadOnly(StorageError):
    """The file (or its folder) cannot be written to."""


class DatabaseLocked(StorageError):
    """Another program (or another copy of Transfer Desk) is writing to the file."""


class DiskFull(StorageError):
    """There is no room left to write the change."""


class CannotOpen(StorageError):
    """The file or its folder cannot be opened or created."""


class DiskIOError(StorageError):
    """The operating system reported an input/output error."""


class CaseNotFound(LookupError):
    """No child with this id is in the store (a wrong id, not an environment failure)."""


_ADVICE: dict[int, tuple[type[StorageError], str]] = {
    sqlite3.SQLITE_READONLY: (
        DatabaseReadOnly,
        "cannot be written to. Check that the file and its folder are not read-only, "
        "or copy the file to a folder you can write to and open the copy.",
    ),
    sqlite3.SQLITE_PERM: (
        DatabaseReadOnly,
        "cannot be written to because access was refused. Ask IT to check the file's permissions.",
    ),
    sqlite3.SQLITE_FULL: (
        DiskFull,
        "could not be saved because the disk is full. Free some space and try again; "
        "your last change was not saved.",
    ),
    sqlite3.SQLITE_BUSY: (
        DatabaseLocked,
        "is in use by another program or another copy of Transfer Desk. Close the other "
        "program and try again; your last change was not saved.",
    ),
    sqlite3.SQLITE_LOCKED: (
        DatabaseLocked,
        "is locked by another task. Try again in a moment; your last change was not saved.",
    ),
    sqlite3.SQLITE_NOTADB: (
        NotADatabase,
        "is not a Transfer Desk database (it is not an SQLite file, or it is damaged). "
        "Open a different file, or restore a backup copy.",
    ),
    sqlite3.SQLITE_CORRUPT: (
        NotADatabase,
        "is damaged. Restore the most recent backup copy (the .bak files beside it).",
    ),
    sqlite3.SQLITE_CANTOPEN: (
        CannotOpen,
        "cannot be opened. Check that the folder exists and that you may write to it.",
    ),
    sqlite3.SQLITE_IOERR: (
        DiskIOError,
        "could not be read or written (a disk or network error). If the file is on a "
        "network or USB drive, copy it to this computer and try again.",
    ),
}


def _driver_errors(name: str) -> tuple[type[Exception], ...]:
    """``sqlite3.<name>``, plus SQLCipher's when an encrypted database has loaded it."""
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    found: tuple[type[Exception], ...] = (getattr(sqlite3, name),)
    return found if cipher is None else (*found, getattr(cipher, name))


def translate(error: BaseException, path: Path) -> StorageError | None:
    """The :class:`StorageError` for an environment failure, or None for anything else."""
    original = error.orig if isinstance(error, sa_exc.DBAPIError) else error
    if isinstance(original, _driver_errors("IntegrityError")) or not isinstance(
        original, _driver_errors("Error")
    ):
        return None
    code = getattr(original, "sqlite_errorcode", None)
    if code is None:
        return None
    kind, advice = _ADVICE.get(code & 0xFF, (None, ""))
    if kind is None:
        return None
    return kind(path, f"The database {path} {advice}")


@contextmanager
def storage_errors(path: Path) -> Iterator[None]:
    """Turn SQLite environment failures raised inside the block into :class:`StorageError`."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CannotOpen(
            path,
            f"The database {path} cannot be opened or created ({reason}). Check that the "
            "folder exists and that you may write to it.",
        ) from error
    except Exception as error:  # sqlite3's, SQLCipher's (loaded on demand) or SQLAlchemy's
        if not isinstance(error, (sa_exc.DBAPIError, *_driver_errors("Error"))):
            raise
        translated = translate(error, path)
        if translated is None:
            raise
        raise translated from error
