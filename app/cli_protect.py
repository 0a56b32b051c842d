"""Commands that protect the data: ``verify`` the audit trail, ``backup``, ``restore``.

An encrypted database asks for its passphrase on the terminal (never on the command line,
where other users could see it in the process list).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from app.cli_support import UserError, database_path


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``verify``, ``backup`` and ``restore``."""
    verify = commands.add_parser(
        "verify", help="check the audit trail's hash chain; exit 1 naming the first broken row"
    )
    verify.add_argument(
        "--head",
        action="append",
        default=[],
        metavar="TEXT",
        help="a chain head printed earlier ('audit row N · chain HEX'): it must still be there",
    )
    verify.add_argument(
        "--backups",
        action="store_true",
        help="also check that the head recorded in each backup is still in the trail "
        "(fails, as it should, after restoring an older backup)",
    )
    verify.set_defaults(handler=_verify)
    backup = commands.add_parser("backup", help="back the database up now (checked)")
    backup.add_argument("--folder", type=Path, help="where (default: backups/ beside it)")
    backup.add_argument("--keep", type=int, default=None, help="how many to keep (default 14)")
    backup.set_defaults(handler=_backup)
    restore = commands.add_parser(
        "restore", help="replace the database by a checked backup (the current one is kept)"
    )
    restore.add_argument("file", type=Path)
    restore.set_defaults(handler=_restore)
    for p in (verify, backup, restore):
        p.add_argument("--db", type=Path, help="the database file (default: your own)")
        p.add_argument("--demo", action="store_true", help="use the demo database")


def _verify(args: argparse.Namespace) -> int:
    from app.storage.chain import parse_head, verify_chain
    from app.storage.database import open_database

    path = _existing(args)
    try:
        anchors = [parse_head(text) for text in args.head]
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    with _storage(), open_database(path, read_only=True, passphrase=_ask(path)) as database:
        if args.backups:
            anchors += _backup_heads(path, database.key)
        report = verify_chain(database, anchors)
    print(f"{path}: {report}")
    if not report.ok:
        print(
            f"transfer-desk: the audit trail of {path} has been tampered with "
            f"(first broken row: {report.broken_id})",
            file=sys.stderr,
        )
    return 0 if report.ok else 1


def _backup(args: argparse.Namespace) -> int:
    from app.storage import backups

    path = _existing(args)
    keep = args.keep if args.keep is not None else backups.DEFAULT_KEEP
    if keep < 1:
        raise UserError("--keep must be at least 1")
    with _storage():
        key = _key(path)
        made = backups.backup(path, args.folder, keep=keep, key=key)
    print(f"backed up {path} to {made.path}: {made.rows} rows checked, {made.head}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from app.storage import backups

    path = database_path(args)
    if not Path(args.file).is_file():
        raise UserError(f"there is no backup file {args.file}")
    with _storage():
        key, backup_key = _restore_keys(path, Path(args.file))
        saved = backups.restore(args.file, path, key=key, backup_key=backup_key)
    kept = f"; the database it replaced is kept as {saved}" if saved else ""
    print(f"restored {path} from {args.file}{kept}")
    return 0


def _restore_keys(path: Path, backup: Path) -> tuple[Any, Any]:
    """The database's key and the backup's (asked again only if the database's passphrase does
    not open the backup)."""
    from app.storage.crypto import WrongPassphrase, check_key, connect, key_for_file

    passphrase = _ask(path) if path.exists() else _ask(backup)
    if passphrase is None:
        return None, None
    key = key_for_file(path if path.exists() else backup, passphrase)
    backup_key = key_for_file(backup, passphrase)
    connection = connect(str(backup), backup_key)
    try:
        check_key(connection, backup)
    except WrongPassphrase:
        asked = getpass.getpass(f"Passphrase the backup {backup.name} was made with: ")
        backup_key = key_for_file(backup, asked)
    finally:
        connection.close()
    return key, backup_key


def _backup_heads(path: Path, key: Any) -> list[Any]:
    """The chain head each backup of ``path`` recorded: the live trail must still hold them."""
    from app.storage import backups

    recorded = backups.recorded_heads(backups.default_folder(path), path.name, key)
    for backup, head in recorded:
        print(f"  backup {backup.name}: {head}")
    return [head for _, head in recorded]


def _existing(args: argparse.Namespace) -> Path:
    path = database_path(args)
    if not path.is_file():
        raise UserError(f"there is no database at {path}")
    return path


def _ask(path: Path) -> str | None:
    """The passphrase of an encrypted file, asked on the terminal; None for a plain file."""
    from app.storage.crypto import looks_encrypted

    if not looks_encrypted(path):
        return None
    return getpass.getpass(f"Passphrase for {path.name}: ")


def _key(path: Path) -> Any:
    """The key of an encrypted file (asking for its passphrase), or None for a plain one."""
    from app.storage.crypto import key_for_file

    passphrase = _ask(path)
    return None if passphrase is None else key_for_file(path, passphrase)


class _storage:
    """Turn StorageError into the command line's UserError (printed, exit 1)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        from app.storage.errors import StorageError

        if isinstance(exc, StorageError):
            raise UserError(str(exc)) from exc
