"""Opening the case store: where it lives, who may read it, and bringing its schema up to date.

``open_database`` is the one way in. It creates the file readable by its owner only, checks the
schema revision *before* touching the file (a database from a newer app is refused untouched),
takes a backup copy before any migration, and turns SQLite failures into
:class:`~app.storage.errors.StorageError` messages that name the file and what to do.
"""

from __future__ import annotations

import os
import sqlite3
import weakref
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from platformdirs import user_data_dir
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.storage import crypto, files, probe, single_writer
from app.storage.audit import install_audit_log
from app.storage.errors import (
    DatabaseNotFound,
    DatabaseReadOnly,
    DatabaseTooNew,
    NotATransferDeskDatabase,
    storage_errors,
)
from app.storage.probe import head_revision, known_revisions

if TYPE_CHECKING:  # Alembic takes half a second to import: only a migration needs it
    from alembic.config import Config

APP_NAME = "TransferDesk"
DATABASE_FILE = "transfer-desk.sqlite3"
DEMO_DATABASE_FILE = "transfer-desk-demo.sqlite3"
#: How long a write waits for another program's lock before giving up with DatabaseLocked.
BUSY_TIMEOUT_SECONDS = 5.0


def default_database_path() -> Path:
    """The user's real caseload: ``<user data folder>/TransferDesk/transfer-desk.sqlite3``."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / DATABASE_FILE


def demo_database_path() -> Path:
    """The fictional demo caseload, a separate file beside the real one."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / DEMO_DATABASE_FILE


@dataclass
class Database:
    """An open case store: its file, its engine and a session factory with the audit log on."""

    path: Path
    engine: Engine
    read_only: bool = False
    #: This open's share of the one-writer lock (``app/storage/single_writer.py``); None if
    #: read-only.
    writer: single_writer.WriterLease | None = None
    #: The SQLCipher key of an encrypted database (``app/storage/crypto.py``); None if plain.
    key: crypto.Key | None = None
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
        install_audit_log(self.sessions)

    def session(self, user: str) -> Session:
        """A new session whose changes are audited as made by ``user``."""
        session = self.sessions()
        session.info["user"] = user
        return session

    def revision(self) -> str | None:
        """The schema revision the file is at (None for an empty file)."""
        with storage_errors(self.path):
            return _read_revision(self.path, self.key)

    def close(self) -> None:
        """Close every pooled connection (SQLite then folds the WAL back into the file), then
        give up the writer lock."""
        self.engine.dispose()
        if self.writer is not None:
            self.writer.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_database(
    path: Path,
    *,
    create: bool = True,
    read_only: bool = False,
    passphrase: str | None = None,
    kdf: crypto.KdfParams = crypto.DEFAULT_KDF,
) -> Database:
    """Open (and if need be create, back up and migrate) the case store at ``path``.

    Raises :class:`DatabaseNotFound` when the file is missing and ``create`` is false,
    :class:`DatabaseTooNew` when a newer app wrote it, and other
    :class:`~app.storage.errors.StorageError` subclasses when the environment fails.
    ``read_only`` opens the file for reading only (SQLite ``mode=ro``); writes then fail with
    :class:`DatabaseReadOnly`. Opening for writing takes the one-writer lock, and raises
    :class:`~app.storage.single_writer.DatabaseInUse` naming who holds it. ``passphrase`` opens
    (or creates) an encrypted database (``app/storage/crypto.py``); without one an encrypted
    file raises :class:`~app.storage.crypto.PassphraseNeeded`, a wrong one
    :class:`~app.storage.crypto.WrongPassphrase`.
    """
    path = Path(path).expanduser().absolute()
    with storage_errors(path):
        _ensure_file(path, create=create and not read_only)
        if not read_only:
            _check_writable(path)
        key = _key(path, passphrase, kdf)
        current = _read_revision(path, key)
        head = _check_revision(path, current)
        database = _connect(path, read_only=read_only, key=key)
        try:
            if current != head:
                _upgrade(database, current, head)
        except BaseException:
            database.close()
            raise
        return database


def _key(path: Path, passphrase: str | None, kdf: crypto.KdfParams) -> crypto.Key | None:
    """The key derived from ``passphrase``; None for a plain file opened without one."""
    if passphrase is not None:
        return crypto.key_for_file(path, passphrase, kdf)
    if crypto.looks_encrypted(path):
        raise crypto.PassphraseNeeded(
            path,
            f"The database {path} is encrypted (or is not a database at all). "
            "Enter its passphrase to open it.",
        )
    return None


def _connect(path: Path, *, read_only: bool, key: crypto.Key | None) -> Database:
    """The Database object, holding the writer lock unless ``read_only``."""
    writer = None if read_only else single_writer.acquire(path)
    try:
        engine = _make_engine(path, read_only=read_only, key=key)
        database = Database(path, engine, read_only, writer, key)
    except BaseException:
        if writer is not None:
            writer.release()
        raise
    if writer is not None:  # a Database dropped without close() still lets go of the lock
        weakref.finalize(database, writer.release)
    return database


def connect(path: Path, key: crypto.Key | None = None, *, read_only: bool = False) -> Any:
    """A DBAPI connection to the database file: sqlite3, or SQLCipher keyed with ``key``."""
    uri = path.as_uri() + ("?mode=ro" if read_only else "")
    if key is None:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    return crypto.connect(uri, key, uri=True, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)


def backup_database(path: Path, before: str, key: crypto.Key | None = None) -> Path:
    """Copy the database beside itself as ``<name>.before-<before>.<timestamp>.bak``.

    Uses SQLite's online backup API, so changes still in the write-ahead log are included and a
    reader or writer elsewhere cannot tear the copy. The copy is readable by its owner only.
    """
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    target = path.with_name(f"{path.name}.before-{before}.{stamp}.bak")
    with storage_errors(path):
        files.create_private(target)
        source = connect(path, key)
        try:
            copy = connect(target, key)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    return target


def _ensure_file(path: Path, *, create: bool) -> None:
    if path.exists():
        files.tighten(path)
        return
    if not create:
        raise DatabaseNotFound(
            path, f"The database {path} does not exist. Choose another file or create a new one."
        )
    files.make_private_folder(path.parent)
    files.create_private(path)


def _check_writable(path: Path) -> None:
    """Refuse at once, and say why, a file that cannot be written (nor its folder, nor its disk:
    SQLite needs the folder for its write-ahead log), before anything is written."""
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK):
        return
    raise DatabaseReadOnly(
        path,
        f"The database {path} is read-only: the file, its folder or the disk it is on cannot be "
        "written to. Open it read-only to look at it, or copy it to a folder you can write to "
        "and open the copy.",
    )


def _read_revision(path: Path, key: crypto.Key | None = None) -> str | None:
    """Read the Alembic revision with a plain connection that changes nothing in the file."""
    connection = connect(path, key)
    try:
        if key is not None:
            crypto.check_key(connection, path)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            if tables:
                raise NotATransferDeskDatabase(
                    path,
                    f"The database {path} was not made by Transfer Desk. "
                    "Open a Transfer Desk database or create a new one.",
                )
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        connection.close()


def _check_revision(path: Path, current: str | None) -> str:
    head = head_revision()
    if current is not None and current not in known_revisions():
        raise DatabaseTooNew(
            path,
            f"The database {path} was written by a newer version of Transfer Desk "
            f"(database version {current}; this app knows versions up to {head}). "
            "Install the newer version of Transfer Desk to open it. The file was not changed.",
        )
    return head


def _upgrade(database: Database, current: str | None, head: str) -> None:
    if database.read_only:
        raise DatabaseReadOnly(
            database.path,
            f"The database {database.path} needs upgrading to version {head} but was opened "
            "read-only. Open it normally to upgrade it.",
        )
    if current is not None:
        backup_database(database.path, before=head, key=database.key)
    from alembic import command

    config = alembic_config()
    with database.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()


def alembic_config() -> Config:
    """An Alembic configuration for the app's migrations (no ``alembic.ini`` needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(probe.MIGRATIONS_DIR))
    return config


def _make_engine(path: Path, *, read_only: bool, key: crypto.Key | None = None) -> Engine:
    def creator() -> Any:
        return connect(path, key, read_only=read_only)

    url = URL.create("sqlite", database=str(path))
    if key is None:
        engine = create_engine(url, creator=creator)
    else:  # SQLAlchemy then wraps SQLCipher's exceptions as it does sqlite3's
        engine = create_engine(url, creator=creator, module=crypto.driver())
    event.listen(engine, "connect", _on_connect_read_only if read_only else _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, _record: object) -> None:
    """Every connection: SQLAlchemy (not the driver) owns BEGIN; FKs on; WAL; full sync."""
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.execute("PRAGMA journal_mode=WAL")
    dbapi_connection.execute("PRAGMA synchronous=FULL")


def _on_connect_read_only(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.execute("PRAGMA query_only=ON")


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


__all__ = [
    "Database",
    "alembic_config",
    "backup_database",
    "connect",
    "default_database_path",
    "demo_database_path",
    "head_revision",
    "known_revisions",
    "open_database",
]
