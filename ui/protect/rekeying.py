"""Encrypting a plain caseload in place and changing an encrypted one's passphrase.

Both replace the database file, so the caseload is closed first the way locking closes it
(wizard drafts saved, tabs remembered), converted behind a progress dialog, and opened again
with its tabs. If the conversion fails, the message says why and the caseload stays locked,
unchanged: Unlock opens it as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from app.services.protection import (
    change_caseload_passphrase,
    encrypt_caseload,
    passphrase_opens,
)
from app.services.register import ENVIRONMENT_ERRORS
from app.services.workspace import Workspace, open_workspace
from ui.background import run_with_progress
from ui.errors import show_environment_error
from ui.protect.passphrase import ChangePassphraseDialog, NewPassphraseDialog, answered

if TYPE_CHECKING:
    from ui.desktop import Desktop, Shown

ENCRYPT_INTRO = (
    "Encrypting protects this caseload and its backups with a passphrase: without it nobody "
    "can read the files, and it cannot be recovered if it is forgotten. Open tabs are closed "
    "while the files are converted, then opened again."
)


@dataclass(frozen=True)
class _Conversion:
    """How to talk about converting a caseload: while it runs, if it fails, when it is done."""

    progress: str
    failed: str
    done: str


class Rekeying:
    """File ▸ Encrypt this caseload and File ▸ Change the passphrase, for ``desktop``."""

    def __init__(self, desktop: Desktop) -> None:
        self.desktop = desktop

    def encrypt(self) -> Workspace | None:
        """Encrypt the plain caseload shown (not the demo) in place, with its backups."""
        ws = self.desktop.window.workspace
        shown = self.desktop.shown
        if ws is None or ws.database.key is not None or shown is None or shown.demo:
            return None
        dialog = NewPassphraseDialog(
            "Encrypt this caseload",
            ENCRYPT_INTRO,
            "&Encrypt",
            self.desktop.store,
            self.desktop.window,
        )
        if not answered(dialog):
            return None
        passphrase, remember = dialog.fields.passphrase(), dialog.remember.isChecked()
        shown, tabs = self.desktop.suspend()

        def work() -> Workspace:
            encrypt_caseload(shown.path, passphrase, self.desktop.kdf)
            return open_workspace(shown.path, passphrase=passphrase, kdf=self.desktop.kdf)

        how = _Conversion(
            "Encrypting the caseload and its backups…",
            "not encrypted",
            "The caseload and its backups are now encrypted.",
        )
        return self._convert(shown, tabs, work, how, passphrase, remember)

    def change_passphrase(self) -> Workspace | None:
        """Re-key the encrypted caseload shown, after checking its current passphrase."""
        ws = self.desktop.window.workspace
        if ws is None or ws.database.key is None:
            return None
        dialog = ChangePassphraseDialog(self.desktop.store, self.desktop.window)
        try:
            if not self._checked_current(dialog, ws):
                return None
            old, new = dialog.current.text(), dialog.fields.passphrase()
            remember = dialog.remember.isChecked()
        finally:
            dialog.deleteLater()
        shown, tabs = self.desktop.suspend()

        def work() -> Workspace:
            change_caseload_passphrase(shown.path, old, new, self.desktop.kdf)
            return open_workspace(shown.path, passphrase=new, kdf=self.desktop.kdf)

        how = _Conversion("Changing the passphrase…", "not changed", "The passphrase is changed.")
        return self._convert(shown, tabs, work, how, new, remember)

    def _checked_current(self, dialog: ChangePassphraseDialog, ws: Workspace) -> bool:
        """Show ``dialog`` until its current passphrase is right (True) or it is cancelled."""
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if passphrase_opens(ws, dialog.current.text(), self.desktop.kdf):
                return True
            dialog.wrong_current()
        return False

    def _convert(
        self,
        shown: Shown,
        tabs: list[str],
        work: Callable[[], Workspace],
        how: _Conversion,
        passphrase: str,
        remember: bool,
    ) -> Workspace | None:
        """Run ``work`` (convert the closed caseload, reopen it) behind a progress dialog; on
        failure say so and leave the caseload locked as it was (Unlock opens it unchanged)."""
        try:
            ws = run_with_progress(self.desktop.window, how.progress, work)
        except ENVIRONMENT_ERRORS as error:
            show_environment_error(self.desktop.window, error, f"The caseload was {how.failed}")
            return None
        self.desktop.keep_passphrase(shown.path, passphrase, remember)
        self.desktop.show(ws, shown.demo, tabs)
        self.desktop.say(how.done)
        return ws
