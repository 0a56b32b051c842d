"""Encryption at rest: SQLCipher (``sqlcipher3``) under the same engine, keyed from a passphrase.

The passphrase never reaches SQLCipher. It is stretched once per open with **Argon2id**
(``argon2-cffi``; 64 MiB, 3 passes, 4 lanes: RFC 9106's second recommended setting) over the
16-byte salt that SQLCipher keeps in the first bytes of the file, and the resulting 256-bit key is
handed to SQLCipher raw (``PRAGMA key = "x'<key><salt>'"``), so every further connection of the
pool, backup or check opens at once instead of paying the slow derivation again. Pages are
AES-256 encrypted and HMAC-SHA512 authenticated by SQLCipher 4 (its defaults); the write-ahead
log holds encrypted pages too, and backups taken with the backup API are encrypted with the same
key and salt, so the same passphrase restores them.

:func:`encrypt_database` converts a plain database in place (``sqlcipher_export`` into a new file,
checked, then swapped in), together with the backups made of it, and :func:`change_passphrase`
re-keys one (``PRAGMA rekey``). Plain databases (the demo) never import ``sqlcipher3`` at all.
"""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from collections.abc import Iterable
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from app.storage import files
from app.storage.errors import NotADatabase, StorageError, storage_errors, translate
from app.storage.probe import SQLITE_HEADER, looks_encrypted, read_header

SALT_BYTES = 16
KEY_BYTES = 32
#: The shortest passphrase accepted: three random words (the NCSC's advice) are longer.
MIN_PASSPHRASE = 12
_COMMON = frozenset(
    {
        "password1234",
        "passw0rd1234",
        "123456789012",
        "qwertyuiopas",
        "letmeinplease",
        "transferdesk",
        "childrenservices",
        "correcthorsebatterystaple",
    }
)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: passes, memory in KiB and lanes."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


#: The cost used for real databases. Tests of many wrong passphrases pass a cheaper one.
DEFAULT_KDF = KdfParams()


@dataclass(frozen=True)
class Key:
    """A derived SQLCipher key and the file's salt (never printed)."""

    raw: bytes = field(repr=False)
    salt: bytes = field(repr=False)

    def pragma_value(self) -> str:
        """The raw-key literal for ``PRAGMA key`` / ``ATTACH … KEY``."""
        return f"\"x'{self.raw.hex()}{self.salt.hex()}'\""


class PassphraseNeeded(NotADatabase):
    """The file looks encrypted and was opened without a passphrase."""


class WrongPassphrase(StorageError):
    """The passphrase does not open the file."""


class NotEncrypted(StorageError):
    """A passphrase was given for a plain database (convert it with encrypt_database)."""


def passphrase_problems(passphrase: str) -> list[str]:
    """Why ``passphrase`` is too weak to protect children's records (empty when it is not)."""
    problems = []
    if len(passphrase) < MIN_PASSPHRASE:
        problems.append(f"Use at least {MIN_PASSPHRASE} characters: three random words work well.")
    if len(set(passphrase)) < 5:
        problems.append("Use more different characters: this repeats too much.")
    if "".join(passphrase.lower().split()) in _COMMON:
        problems.append("This passphrase is too well known: choose your own words.")
    return problems


def derive_key(passphrase: str, salt: bytes, params: KdfParams = DEFAULT_KDF) -> Key:
    """Stretch ``passphrase`` (Unicode NFC) with Argon2id over ``salt`` into a raw 256-bit key."""
    from argon2.low_level import Type, hash_secret_raw

    raw = hash_secret_raw(
        unicodedata.normalize("NFC", passphrase).encode("utf-8"),  # é typed either way
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )
    return Key(raw, salt)


def key_for_file(path: Path, passphrase: str, params: KdfParams = DEFAULT_KDF) -> Key:
    """The key for the encrypted file at ``path`` (a new random salt when the file is empty).

    Raises :class:`NotEncrypted` for a plain SQLite file.
    """
    header = read_header(path)
    if header.startswith(SQLITE_HEADER):
        raise NotEncrypted(
            path,
            f"The database {path} is not encrypted. Set a passphrase to encrypt it first.",
        )
    salt = header[:SALT_BYTES] if len(header) >= SALT_BYTES else os.urandom(SALT_BYTES)
    return derive_key(passphrase, salt, params)


def driver() -> ModuleType:
    """``sqlcipher3.dbapi2``, with the same date adapters the plain driver has."""
    from sqlcipher3 import dbapi2  # type: ignore[import-untyped]

    module: ModuleType = dbapi2
    if not getattr(dbapi2, "_transfer_desk_ready", False):
        dbapi2.register_adapter(date, date.isoformat)
        dbapi2.register_adapter(datetime, _datetime_text)
        dbapi2._transfer_desk_ready = True
    return module


def connect(target: str, key: Key, **options: Any) -> Any:
    """A SQLCipher connection to ``target`` (a path, or a URI with ``uri=True``) keyed by
    ``key``. The key is not checked until the first read: see :func:`check_key`."""
    connection = driver().connect(target, **options)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = {key.pragma_value()}")
        connection.execute("PRAGMA temp_store = MEMORY")  # no plain temporary files
    except BaseException:
        connection.close()
        raise
    return connection


def check_key(connection: Any, path: Path) -> None:
    """Read the schema once: :class:`WrongPassphrase` if the key does not open ``path``."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver().DatabaseError as error:
        if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            raise WrongPassphrase(
                path, f"The passphrase does not open {path}. Check it and try again."
            ) from None
        translated = translate(error, path)
        if translated is None:
            raise
        raise translated from error


def open_checked(path: Path, key: Key, **options: Any) -> Any:
    """A keyed connection to ``path`` whose key has been checked."""
    connection = connect(str(path), key, **options)
    try:
        check_key(connection, path)
    except BaseException:
        connection.close()
        raise
    return connection


def encrypt_database(
    path: Path,
    passphrase: str,
    *,
    backups: Iterable[Path] | None = None,
    params: KdfParams = DEFAULT_KDF,
) -> Key:
    """Encrypt the plain database at ``path`` in place, and its plain backups.

    ``backups`` defaults to every copy the app made of it: the backups folder and the copies
    taken before migrations and restores. Each file is exported into a new encrypted file beside
    it (``sqlcipher_export``), checked (integrity, row counts, audit chain) and swapped in; the
    plain original is deleted. Refused while the database is open anywhere (this process
    included). Returns the key: the one salt serves every file, so one passphrase opens them all.
    """
    from app.storage import single_writer

    path = Path(path).absolute()
    copies = plain_copies(path) if backups is None else [Path(b) for b in backups]
    key = derive_key(passphrase, os.urandom(SALT_BYTES), params)
    lease = single_writer.acquire(path, exclusive=True)
    try:
        for target in [path, *copies]:
            if read_header(target).startswith(SQLITE_HEADER):
                with storage_errors(target):
                    _encrypt_file(target, key)
    finally:
        lease.release()
    return key


def plain_copies(path: Path) -> list[Path]:
    """The copies the app keeps of the database at ``path`` that are not encrypted."""
    from app.storage.backups import default_folder, escape_glob, list_backups

    beside = sorted(path.parent.glob(f"{escape_glob(path.name)}.before-*.bak"))
    made = [*list_backups(default_folder(path), path.name), *beside]
    return [copy for copy in made if read_header(copy).startswith(SQLITE_HEADER)]


def change_passphrase(path: Path, old: str, new: str, *, params: KdfParams = DEFAULT_KDF) -> Key:
    """Re-key the encrypted database at ``path`` from ``old`` to ``new`` (``PRAGMA rekey``).

    Backups keep the passphrase they were made with (``restore`` takes their key apart).
    Refused while the database is open anywhere, this process included. Returns the new key.
    """
    from app.storage import single_writer

    path = Path(path).absolute()
    lease = single_writer.acquire(path, exclusive=True)
    try:
        old_key = key_for_file(path, old, params)
        new_key = derive_key(new, old_key.salt, params)
        with storage_errors(path):
            with closing(open_checked(path, old_key, isolation_level=None)) as connection:
                connection.execute(f"PRAGMA rekey = \"x'{new_key.raw.hex()}'\"")
            with closing(open_checked(path, new_key)):
                pass
    finally:
        lease.release()
    return new_key


def _encrypt_file(path: Path, key: Key) -> None:
    """Export the plain file at ``path`` into an encrypted copy, check it, swap it in."""
    staging = path.with_name(path.name + ".encrypting")
    with suppress(FileNotFoundError):
        staging.unlink()
    files.create_private(staging)
    try:
        _export(path, staging, key)
    except BaseException:
        with suppress(FileNotFoundError):
            staging.unlink()
        raise
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        with suppress(FileNotFoundError):
            leftover.unlink()  # checkpointed and truncated: only SQLite's bookkeeping is lost
    os.replace(staging, path)


def _export(path: Path, staging: Path, key: Key) -> None:
    """``sqlcipher_export`` the plain ``path`` into ``staging``; check and sync the result."""
    from app.storage.backups import check_copy, table_counts

    with closing(sqlite3.connect(path)) as plain:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        expected = table_counts(plain)
        version = plain.execute("PRAGMA user_version").fetchone()[0]
    with closing(driver().connect(str(path), isolation_level=None)) as source:
        source.execute("PRAGMA cipher_log_level = NONE")
        source.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.pragma_value()}", (str(staging),))
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        source.execute("DETACH DATABASE encrypted")
    with closing(open_checked(staging, key)) as encrypted:
        encrypted.execute("PRAGMA journal_mode=WAL")
        check_copy(encrypted, staging, expected)
    _fsync(staging)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _datetime_text(value: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite dialect writes it (always with microseconds)."""
    return value.isoformat(" ", timespec="microseconds")


__all__ = [
    "DEFAULT_KDF",
    "KdfParams",
    "Key",
    "NotEncrypted",
    "PassphraseNeeded",
    "WrongPassphrase",
    "change_passphrase",
    "check_key",
    "connect",
    "derive_key",
    "encrypt_database",
    "key_for_file",
    "looks_encrypted",
    "passphrase_problems",
    "plain_copies",
]
