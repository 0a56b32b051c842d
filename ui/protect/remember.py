"""Remembering a caseload's passphrase in the operating system's keyring (optional).

The keyring (Windows Credential Locker, macOS Keychain, the Secret Service on Linux desktops) is
unlocked with the user's login, so a remembered passphrase spares typing it at start-up. A
machine without one (a headless Linux box: keyring's ``fail`` backend, or a chainer with nothing
in it) simply cannot remember: the checkbox says why, and nothing else changes.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "Transfer Desk caseload"
NO_KEYRING = (
    "This computer has no password store (keyring) that Transfer Desk can use, "
    "so the passphrase cannot be remembered: you will type it each time."
)


def _account(path: Path) -> str:
    """The keyring's user name for a caseload: its full path (one entry per file)."""
    return str(Path(path).expanduser().absolute())


class PassphraseStore:
    """The keyring entries of caseload passphrases, one per database file.

    ``keyring`` is imported when first used: it looks its backends up through package
    metadata, which a start on a plain caseload need not pay for.
    """

    def unavailable_reason(self) -> str | None:
        """Why passphrases cannot be remembered here, or None when they can."""
        import keyring

        return None if _usable(keyring.get_keyring()) else NO_KEYRING

    def get(self, path: Path) -> str | None:
        """The remembered passphrase of the caseload at ``path`` (None if none or no keyring)."""
        import keyring
        from keyring.errors import KeyringError

        if self.unavailable_reason() is not None:
            return None
        try:
            return keyring.get_password(SERVICE, _account(path))
        except KeyringError:  # a locked or broken keyring: the user types the passphrase
            return None

    def remember(self, path: Path, passphrase: str) -> str | None:
        """Keep ``passphrase`` for ``path``; returns why it could not be kept, or None."""
        import keyring
        from keyring.errors import KeyringError

        reason = self.unavailable_reason()
        if reason is not None:
            return reason
        try:
            keyring.set_password(SERVICE, _account(path), passphrase)
        except KeyringError as error:
            return f"The passphrase could not be remembered: {error}"
        return None

    def forget(self, path: Path) -> None:
        """Forget the passphrase of ``path`` (nothing happens when none was kept)."""
        import keyring
        from keyring.errors import KeyringError

        if self.unavailable_reason() is not None:
            return
        with suppress(KeyringError):  # none kept (PasswordDeleteError): forgotten already
            keyring.delete_password(SERVICE, _account(path))


def _usable(backend: KeyringBackend) -> bool:
    """Whether ``backend`` can store anything (not the fail backend, not an empty chainer)."""
    from keyring.backends import chainer, fail

    if isinstance(backend, fail.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(_usable(inner) for inner in backend.backends)
    return True
