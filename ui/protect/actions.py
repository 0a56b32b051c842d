"""The File menu's protection actions: Lock (Ctrl+L), change the passphrase, encrypt the
caseload, and how many idle minutes lock the desktop by itself."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu


class ProtectActions:
    """Four actions, put in ``menu`` above ``before`` (Quit); the Desktop connects them."""

    def __init__(self, window: QMainWindow, menu: QMenu, before: QAction) -> None:
        self.lock = QAction("&Lock", window)
        self.lock.setShortcut(QKeySequence("Ctrl+L"))
        self.lock.setToolTip("Hide every child's details until the caseload is unlocked (Ctrl+L)")
        self.change = QAction("Change the &passphrase…", window)
        self.encrypt = QAction("&Encrypt this caseload…", window)
        self.encrypt.setToolTip("Protect this caseload with a passphrase")
        self.idle = QAction("&Auto-lock after…", window)
        self.idle.setToolTip("How many idle minutes lock Transfer Desk by itself")
        menu.insertActions(before, [self.lock, self.change, self.encrypt, self.idle])
        menu.insertSeparator(before)
        self.update(shown=False, encrypted=False, demo=False)

    def update(self, *, shown: bool, encrypted: bool, demo: bool) -> None:
        """Enable what applies to what the window shows (the demo stays plain)."""
        self.lock.setEnabled(shown)
        self.change.setEnabled(shown and encrypted)
        self.encrypt.setEnabled(shown and not encrypted and not demo)
