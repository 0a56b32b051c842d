"""Helpers for the tests of protecting the data on the desktop (lock, passphrases, keyring).

Real encrypted SQLite files (SQLCipher) with a cheap key derivation, a real keyring backend kept
in memory, a shown window with its desktop controller, and a way to answer a modal dialog that
``exec()`` is waiting on. The fixtures over these (no keyring, no message boxes) are in
``conftest.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from keyring import get_keyring, set_keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from app.storage.crypto import KdfParams, encrypt_database
from tests.ui.support import plain_copy, shown_window
from ui.desktop import Desktop
from ui.main_window import MainWindow
from ui.protect.lock import Clock
from ui.protect.passphrase import UnlockDialog

PASSPHRASE = "kettle orchard lantern seven"
OTHER = "copper meadow violin harbour"
FAST = KdfParams(time_cost=1, memory_kib=64, parallelism=1)  # for tests only
PLANTED = ("Zebedee", "Quillfeather-Ormsby")


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps its passwords in a dict (this process only)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


@contextmanager
def keyring_backend(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Use ``backend`` as the keyring for the block."""
    previous = get_keyring()
    set_keyring(backend)
    try:
        yield backend
    finally:
        set_keyring(previous)


def encrypted_copy(plain: Path, target: Path, passphrase: str = PASSPHRASE) -> Path:
    """Copy the plain caseload ``plain`` to ``target`` and encrypt the copy in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    plain_copy(plain, target)
    encrypt_database(target, passphrase, backups=[], params=FAST)
    return target


def desktop_on(  # type: ignore[no-untyped-def]
    qtbot, settings: QSettings, today: date, path: Path, now: Clock = time.time
) -> tuple[MainWindow, Desktop]:
    """A shown window and its desktop controller for the caseload at ``path`` (not opened yet),
    on the wall clock ``now``."""
    window = shown_window(qtbot, settings, today)
    return window, Desktop(window, today, path, kdf=FAST, now=now)


def type_passphrase(dialog: UnlockDialog) -> None:
    """Type the test passphrase into the unlock dialog and press OK."""
    QTest.keyClicks(dialog.field, PASSPHRASE)
    dialog.ok.click()


def when_modal(kind: type[QWidget], act: Callable[[Any], None], tries: int = 400) -> None:
    """Once a modal ``kind`` is on screen (``exec()`` waiting on it), call ``act(dialog)``."""

    def poll(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            act(dialog)
        elif left > 0:
            QTimer.singleShot(10, lambda: poll(left - 1))
        elif dialog is not None:  # never the dialog expected: do not hang the test run
            dialog.close()

    QTimer.singleShot(0, lambda: poll(tries))


def fail_on_messages(monkeypatch: Any) -> list[BaseException]:
    """Environment errors the desktop would show in a (blocking) message box, recorded instead."""
    shown: list[BaseException] = []
    monkeypatch.setattr(
        "ui.desktop.show_environment_error", lambda _parent, error, _title="": shown.append(error)
    )
    return shown


def visible_texts() -> list[str]:
    """Every text a visible widget shows or tells: labels, fields, buttons, tabs, documents,
    the cells of item views, window titles, tooltips and accessible names."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if widget.isVisible():
            texts += [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
            texts += _shown_by(widget)
    return [text for text in texts if text]


def _shown_by(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QTabBar):
        tabs = range(widget.count())
        return [widget.tabText(i) for i in tabs] + [widget.tabToolTip(i) for i in tabs]
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return [widget.toPlainText()]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        cells = (model.index(r, c) for r in range(min(model.rowCount(), 500))
                 for c in range(model.columnCount()))  # fmt: skip
        return [str(model.data(cell) or "") for cell in cells]
    return []


def showing_any(names: set[str]) -> list[str]:
    """The visible texts that contain any of ``names``."""
    return [text for text in visible_texts() if any(name in text for name in names)]


def planted_csv(folder: Path, team: str = "fst") -> Path:
    """A one-child caseload spreadsheet with a fictional name to look for in the file bytes."""
    path = folder / "caseload.csv"
    given, family = PLANTED
    rows = (
        f"CHILD,FORENAME,SURNAME,TEAM,PersonBirthDate\nC-9001,{given},{family},{team},2016-04-02\n"
    )
    path.write_text(rows, "utf-8")
    return path


def bytes_contain(path: Path, text: str) -> bool:
    """Whether ``text`` is in the bytes of ``path`` or its write-ahead log (UTF-8 or -16)."""
    files = [p for p in (path, Path(f"{path}-wal")) if p.exists()]
    needles = [text.encode("utf-8"), text.encode("utf-16-le")]
    return any(needle in p.read_bytes() for p in files for needle in needles)
