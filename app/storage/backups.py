"""Backups of the case store: made with SQLite's backup API, each one checked, the last N kept.

``backup`` copies one consistent snapshot of the database (changes still in the write-ahead log
included) into ``<database folder>/backups/<name>.<timestamp>.bak``, owner-only, then checks the
copy before keeping it: ``PRAGMA integrity_check`` is ``ok`` (and ``cipher_integrity_check``
for an encrypted one), every table has the row count the snapshot had, and the audit chain is
intact and ends at the snapshot's head. A copy that fails is deleted and the failure raised.
Only then are backups beyond the newest ``keep`` deleted.

``daily_backup_if_due`` is what the app calls at start-up: one backup per calendar day.
``restore`` checks a backup file the same way, keeps a copy of the current database beside it
(``<name>.before-restore.<timestamp>.bak``), and copies the backup in with the backup API.

Backups of an encrypted database are encrypted with the same key and salt.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.storage import chain, files, single_writer
from app.storage.crypto import Key, check_key
from app.storage.errors import DatabaseTooNew, StorageError, storage_errors

if TYPE_CHECKING:
    from app.storage.database import Database

#: Backups kept by default: a fortnight of daily backups.
DEFAULT_KEEP = 14
BACKUP_FOLDER = "backups"
_STAMP = "%Y%m%dT%H%M%S%f"
_STAMPED = re.compile(r"\.(\d{8}T\d{12})\.bak$")


class BackupInvalid(StorageError):
    """A backup (or a file offered for restore) failed its check; the message says which."""


@dataclass(frozen=True)
class Backup:
    """A checked backup: its file, rows per table and the audit chain's head."""

    path: Path
    counts: dict[str, int]
    head: chain.ChainHead

    @property
    def rows(self) -> int:
        """Rows in every table together."""
        return sum(self.counts.values())


def default_folder(database_path: Path) -> Path:
    """``<database folder>/backups``."""
    return Path(database_path).absolute().parent / BACKUP_FOLDER


def backup(
    database_path: Path,
    folder: Path | None = None,
    *,
    keep: int = DEFAULT_KEEP,
    key: Key | None = None,
) -> Backup:
    """Back the database up into ``folder`` (default :func:`default_folder`), check the copy,
    then keep only the newest ``keep`` backups. Raises :class:`BackupInvalid` if the copy fails
    its check (nothing is kept then) and other StorageErrors when the environment fails."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    source_path = Path(database_path).absolute()
    folder = Path(folder) if folder is not None else default_folder(source_path)
    target = folder / f"{source_path.name}.{datetime.now().strftime(_STAMP)}.bak"
    with storage_errors(source_path):
        files.make_private_folder(folder)
        made = _copy_checked(source_path, target, key)
    prune(folder, source_path.name, keep)
    return made


def daily_backup_if_due(
    database: Database,
    folder: Path | None = None,
    *,
    keep: int = DEFAULT_KEEP,
    today: date | None = None,
) -> Backup | None:
    """Back up ``database`` unless a backup was already made today; for the app's start-up."""
    folder = Path(folder) if folder is not None else default_folder(database.path)
    newest = next(iter(reversed(list_backups(folder, database.path.name))), None)
    if newest is not None and _made_on(newest) >= (today or date.today()):
        return None
    return backup(database.path, folder, keep=keep, key=database.key)


def list_backups(folder: Path, database_name: str) -> list[Path]:
    """The backups of ``database_name`` in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    pattern = f"{escape_glob(database_name)}.*.bak"
    found = [p for p in folder.glob(pattern) if _STAMPED.search(p.name)]
    return sorted(found, key=lambda p: _stamp_of(p))


def recorded_heads(
    folder: Path, database_name: str, key: Key | None = None
) -> list[tuple[Path, chain.ChainHead]]:
    """The audit chain head recorded in each backup of ``database_name`` (unreadable ones and
    those older than the chain are left out)."""
    from app.storage.database import connect

    heads = []
    for path in list_backups(folder, database_name):
        with suppress(Exception), closing(connect(path, key, read_only=True)) as connection:
            if _has_chain(connection):
                heads.append((path, chain.head_of(connection)))
    return heads


def prune(folder: Path, database_name: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``database_name``; returns those deleted."""
    doomed = list_backups(folder, database_name)[:-keep]
    for path in doomed:
        with suppress(FileNotFoundError):
            path.unlink()
    return doomed


def verify_backup(path: Path, key: Key | None = None) -> Backup:
    """Check a backup file on its own: integrity, a readable schema, an intact audit chain."""
    from app.storage.database import connect

    path = Path(path).absolute()
    if not path.is_file():
        raise BackupInvalid(path, f"There is no backup file {path}.")
    with storage_errors(path), closing(connect(path, key, read_only=True)) as connection:
        if key is not None:
            check_key(connection, path)
        _check_revision(connection, path)
        counts = table_counts(connection)
        head = check_copy(connection, path, counts)
    return Backup(path, counts, head)


def _check_revision(connection: Any, path: Path) -> None:
    """Refuse a file that is not a Transfer Desk database, or was made by a newer app."""
    from app.storage.database import known_revisions

    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except Exception as error:  # no such table: some other SQLite file
        raise BackupInvalid(path, f"The file {path} is not a Transfer Desk backup.") from error
    if row is None or str(row[0]) not in known_revisions():
        raise DatabaseTooNew(
            path,
            f"The backup {path} was made by a newer version of Transfer Desk "
            f"(database version {row[0] if row else 'unknown'}). Install the newer version to "
            "restore it.",
        )


def restore(
    backup_file: Path,
    database_path: Path,
    *,
    key: Key | None = None,
    backup_key: Key | None = None,
) -> Path | None:
    """Replace the database at ``database_path`` by the checked ``backup_file``.

    ``key`` is the database's, ``backup_key`` the backup's when it differs (a backup made
    before a change of passphrase); the restored database keeps ``key``. The current database,
    if there is one, is first copied beside itself (``<name>.before-restore.<time>.bak``),
    whose path is returned. Refused with
    :class:`~app.storage.single_writer.DatabaseInUse` while the database is open anywhere, this
    process included, and with :class:`~app.storage.errors.DatabaseTooNew` for a backup made by
    a newer app.
    """
    from app.storage.database import backup_database, connect

    source_key = backup_key if backup_key is not None else key
    checked = verify_backup(backup_file, source_key)
    target = Path(database_path).absolute()
    lease = single_writer.acquire(target, exclusive=True)
    try:
        with storage_errors(target):
            saved = None
            if target.is_file() and target.stat().st_size > 0:
                saved = backup_database(target, before="restore", key=key)
            with (
                closing(connect(checked.path, source_key, read_only=True)) as source,
                closing(connect(target, key)) as destination,
            ):
                source.backup(destination)
                check_copy(destination, target, checked.counts, checked.head)
    finally:
        lease.release()
    return saved


def table_counts(connection: Any) -> dict[str, int]:
    """Rows in each table of the database behind a DBAPI ``connection``."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
    }


def check_copy(
    connection: Any, path: Path, counts: dict[str, int], head: chain.ChainHead | None = None
) -> chain.ChainHead:
    """Raise :class:`BackupInvalid` unless the copy behind ``connection`` is intact, holds
    ``counts`` rows per table and an audit chain that checks out (ending at ``head`` if given).
    Returns the copy's chain head."""
    problems = _integrity_problems(connection)
    if problems:
        raise BackupInvalid(path, f"The copy {path} is damaged ({problems[0]}).")
    found = table_counts(connection)
    if found != counts:
        differ = sorted(
            name for name in set(found) | set(counts) if found.get(name) != counts.get(name)
        )
        raise BackupInvalid(
            path, f"The copy {path} has different row counts in {', '.join(differ)}."
        )
    if not _has_chain(connection):
        return chain.ChainHead(0, chain.GENESIS)  # made before the audit chain existed
    report = chain.verify_connection(connection, [head] if head is not None else [])
    if not report.ok:
        raise BackupInvalid(path, f"The copy {path} has a broken audit trail: {report}.")
    return report.head


def escape_glob(text: str) -> str:
    """``text`` with glob wildcards escaped."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _copy_checked(source_path: Path, target: Path, key: Key | None) -> Backup:
    """Copy one snapshot of ``source_path`` to ``target`` and check it; no file if it fails."""
    from app.storage.database import connect

    partial = target.with_name(target.name + ".partial")
    files.create_private(partial)
    try:
        with closing(connect(source_path, key)) as source, _snapshot(source):
            counts = table_counts(source)
            head = chain.head_of(source) if _has_chain(source) else None
            with closing(connect(partial, key)) as copy:
                source.backup(copy)
                checked = check_copy(copy, partial, counts, head)
        os.replace(partial, target)
    except BaseException:
        with suppress(FileNotFoundError):
            partial.unlink()
        raise
    return Backup(target, counts, checked)


@contextmanager
def _snapshot(connection: Any) -> Iterator[None]:
    """Hold one read transaction, so the counts and the copy see the same moment."""
    connection.isolation_level = None
    connection.execute("BEGIN")
    try:
        yield
    finally:
        connection.execute("COMMIT")


def _integrity_problems(connection: Any) -> list[str]:
    rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        return rows
    if type(connection).__module__.startswith("sqlcipher3"):
        return [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
    return []


def _has_chain(connection: Any) -> bool:
    columns = {row[1] for row in connection.execute("PRAGMA table_info(audit_log)")}
    return "row_hash" in columns


def _stamp_of(path: Path) -> str:
    found = _STAMPED.search(path.name)
    return found.group(1) if found else ""


def _made_on(path: Path) -> date:
    return datetime.strptime(_stamp_of(path), _STAMP).date()


__all__ = [
    "DEFAULT_KEEP",
    "Backup",
    "BackupInvalid",
    "backup",
    "check_copy",
    "daily_backup_if_due",
    "default_folder",
    "escape_glob",
    "list_backups",
    "prune",
    "recorded_heads",
    "restore",
    "table_counts",
    "verify_backup",
]
