"""Protecting an open caseload: encrypt it, change its passphrase, back it up once a day.

The desktop calls these with the caseload closed where the storage layer needs it to be
(encrypting and re-keying replace the file under any open connection).
"""

from __future__ import annotations

import hmac
from datetime import date
from pathlib import Path

from app.services.workspace import Workspace
from app.storage.backups import Backup, daily_backup_if_due
from app.storage.crypto import (
    DEFAULT_KDF,
    KdfParams,
    PassphraseNeeded,
    WrongPassphrase,
    change_passphrase,
    derive_key,
    encrypt_database,
    passphrase_problems,
)

__all__ = [
    "DEFAULT_KDF",
    "KdfParams",
    "PassphraseNeeded",
    "WrongPassphrase",
    "change_caseload_passphrase",
    "daily_backup",
    "encrypt_caseload",
    "passphrase_opens",
    "passphrase_problems",
]


def passphrase_opens(ws: Workspace, passphrase: str, kdf: KdfParams = DEFAULT_KDF) -> bool:
    """Whether ``passphrase`` is the one the open, encrypted caseload ``ws`` was opened with.

    Checked against the key in memory, so the caseload need not be closed to ask.
    """
    key = ws.database.key
    if key is None:
        return False
    return hmac.compare_digest(derive_key(passphrase, key.salt, kdf).raw, key.raw)


def encrypt_caseload(path: Path, passphrase: str, kdf: KdfParams = DEFAULT_KDF) -> None:
    """Encrypt the closed, plain caseload at ``path`` in place, with its backups."""
    encrypt_database(path, passphrase, params=kdf)


def change_caseload_passphrase(
    path: Path, old: str, new: str, kdf: KdfParams = DEFAULT_KDF
) -> None:
    """Re-key the closed, encrypted caseload at ``path`` from ``old`` to ``new``."""
    change_passphrase(path, old, new, params=kdf)


def daily_backup(ws: Workspace, today: date | None = None) -> Backup | None:
    """Back the caseload up unless that was done today already (None when it was)."""
    return daily_backup_if_due(ws.database, today=today)
