"""The desktop controller: which caseload to open (asking its passphrase), making the demo,
starting or importing a caseload, locking and unlocking, encrypting and re-keying.

Each action calls one service (Anki's ``aqt/operations`` habit) and turns the environment's
failures into messages; anything else is a bug and reaches the crash dialog.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app import paths
from app.services.protection import (
    DEFAULT_KDF,
    KdfParams,
    WrongPassphrase,
)
from app.services.register import ENVIRONMENT_ERRORS
from app.services.workspace import (
    NoCaseload,
    Workspace,
    create_workspace,
    is_encrypted,
    open_workspace,
)
from ui.background import run_with_progress
from ui.errors import show_environment_error
from ui.main_window import MainWindow, Typing
from ui.protect.actions import ProtectActions
from ui.protect.backup import DailyBackup
from ui.protect.lock import (
    DEFAULT_IDLE_MINUTES,
    IDLE_SETTING,
    Clock,
    IdleWatcher,
    LockScreen,
    close_other_windows,
)
from ui.protect.new_caseload import NewCaseload, NewCaseloadDialog
from ui.protect.passphrase import UnlockDialog, answered
from ui.protect.rekeying import Rekeying
from ui.protect.remember import PassphraseStore

DEMO_PACK = "case-transfer-policy-2021"
DEMO_CASES = 300
IMPORT_FILTER = "Caseload spreadsheets (*.csv *.xlsx);;All files (*)"


@dataclass(frozen=True)
class Shown:
    """The caseload the window shows (or has locked): its file and whether it is the demo."""

    path: Path
    demo: bool


class Desktop:
    """Opens caseloads into a :class:`MainWindow` and answers its requests."""

    def __init__(
        self,
        window: MainWindow,
        today: date,
        database: Path | None = None,
        *,
        kdf: KdfParams = DEFAULT_KDF,
        store: PassphraseStore | None = None,
        now: Clock = time.time,
    ) -> None:
        self.window = window
        self.today = today
        self.database = database or paths.default_database_path()
        self.kdf = kdf  # tests pass a cheap one: the real derivation takes about a second
        self.store = store or PassphraseStore()
        self.shown: Shown | None = None
        self._kept_typing: tuple[Path | None, dict[str, Typing]] = (None, {})
        self.idle = IdleWatcher(_idle_minutes(window), now, window)
        self.idle.idle.connect(self.lock)
        self.backups = DailyBackup(window)
        # Queued from the backup's thread: a slot of the window is dropped with the window.
        self.backups.finished.connect(window.say)
        window.caseload_closing.connect(self.backups.wait)
        self.actions = ProtectActions(window, window.file_menu, window.quit_action)
        self.actions.lock.triggered.connect(self.lock)
        self.rekeying = Rekeying(self)
        self.actions.change.triggered.connect(self.rekeying.change_passphrase)
        self.actions.encrypt.triggered.connect(self.rekeying.encrypt)
        self.actions.idle.triggered.connect(self.choose_idle_minutes)
        window.demo_requested.connect(self.open_demo)
        window.import_requested.connect(self.import_caseload)
        window.new_requested.connect(self.new_caseload)
        app = QCoreApplication.instance()
        if app is not None:  # let a backup in progress finish before the process ends
            app.aboutToQuit.connect(self.backups.wait)

    def start(self, *, demo: bool) -> None:
        """Open the demo (making it if need be) or the user's caseload, else the empty state."""
        if demo:
            self.open_demo()
        else:
            self.open_path(self.database)

    # -- opening --------------------------------------------------------------------------------

    def open_path(
        self,
        path: Path,
        *,
        demo: bool = False,
        tabs: list[str] | None = None,
        remembered: bool = True,
    ) -> Workspace | None:
        """Show the caseload at ``path`` (asking its passphrase if it is encrypted), reopening
        the case tabs ``tabs``; the empty state when there is none, the lock screen when the
        user does not give the passphrase. ``remembered`` tries the keyring first."""
        try:
            ws = self._open(path, remembered=remembered)
        except NoCaseload:
            self._show_empty(path)
            return None
        except ENVIRONMENT_ERRORS as error:
            self._show_empty(path)
            show_environment_error(self.window, error, "Cannot open the caseload")
            return None
        except KeyError as error:  # the caseload's pack is not shipped with this version
            self._show_empty(path)
            QMessageBox.warning(
                self.window,
                "Cannot open the caseload",
                f"{path} uses a policy pack this version of Transfer Desk "
                f"does not include ({error}). Install the version that made it.",
            )
            return None
        if ws is None:  # the user closed the passphrase dialog: the caseload stays locked
            self._show_locked(Shown(path, demo), tabs or [], [])
            return None
        return self.show(ws, demo, tabs or [])

    def _open(self, path: Path, *, remembered: bool) -> Workspace | None:
        """The open caseload at ``path``, or None if the user gave up on the passphrase."""
        if not is_encrypted(path):
            return open_workspace(path)
        kept = self.store.get(path) if remembered else None
        if kept is not None:
            try:
                return open_workspace(path, passphrase=kept, kdf=self.kdf)
            except WrongPassphrase:  # changed on another computer: ask, and forget the old one
                self.store.forget(path)
        dialog = UnlockDialog(
            path,
            lambda passphrase: open_workspace(path, passphrase=passphrase, kdf=self.kdf),
            self.store,
            self.window,
            offer_remember=remembered,
        )
        dialog.exec()
        dialog.deleteLater()  # it holds the passphrase typed; read below before the loop runs
        if dialog.problem:
            self.say(dialog.problem)
        return dialog.workspace

    def show(self, ws: Workspace, demo: bool, tabs: list[str]) -> Workspace:
        """Show the open caseload ``ws`` and reopen the case tabs ``tabs``."""
        self.window.show_workspace(ws, demo=demo)
        for case_id in tabs:
            self.window.open_case(case_id)
        kept_path, typing = self._kept_typing
        if kept_path == ws.path:  # the same caseload again: what was typed before the lock
            self.window.put_typing(typing)
        self._kept_typing = (None, {})
        self.shown = Shown(ws.path, demo)
        self.actions.update(shown=True, encrypted=ws.database.key is not None, demo=demo)
        self.idle.arm()
        if not demo:
            self.backups.start(ws, self.today)
        return ws

    def _show_empty(self, path: Path) -> None:
        self.shown = None
        self.idle.disarm()
        self.actions.update(shown=False, encrypted=False, demo=False)
        self.window.show_empty(path)

    def open_demo(self) -> Workspace | None:
        """Open the fictional demo caseload, making it first if there is none yet."""
        path = paths.demo_database_path()
        if not path.exists():
            from app.services.loading import make_demo  # with YAML: only when needed

            try:
                run_with_progress(
                    self.window,
                    f"Making the demo caseload of {DEMO_CASES} fictional children…",
                    lambda: make_demo(path, DEMO_PACK, DEMO_CASES, self.today),
                )
            except ENVIRONMENT_ERRORS as error:
                show_environment_error(self.window, error, "Cannot make the demo caseload")
                return None
        return self.open_path(path, demo=True)

    # -- starting and importing a caseload ------------------------------------------------------

    def new_caseload(self) -> Workspace | None:
        """Ask for the procedure, the team and a passphrase; create the encrypted caseload."""
        choice = self._ask_new_caseload()
        if choice is None:
            return None
        try:
            ws = run_with_progress(
                self.window,
                "Creating your encrypted caseload…",
                lambda: create_workspace(
                    self.database,
                    choice.pack_id,
                    team_id=choice.team_id,
                    passphrase=choice.passphrase,
                    kdf=self.kdf,
                ),
            )
        except ENVIRONMENT_ERRORS as error:
            show_environment_error(self.window, error, "The caseload was not created")
            return None
        self.keep_passphrase(ws.path, choice.passphrase, choice.remember)
        return self.show(ws, False, [])

    def _ask_new_caseload(self, why: str = "") -> NewCaseload | None:
        dialog = NewCaseloadDialog(self.store, self.window, why)
        return dialog.choice() if answered(dialog) else None

    def import_caseload(self) -> int | None:
        """Ask for a spreadsheet and import it into the user's caseload (all rows or none)."""
        source, _ = QFileDialog.getOpenFileName(self.window, "Import a caseload", "", IMPORT_FILTER)
        if not source:
            return None
        return self.import_from(Path(source))

    def import_from(self, source: Path, new: NewCaseload | None = None) -> int | None:
        """Import ``source`` into the user's caseload; returns the children imported.

        Without a caseload yet, the new one's procedure, team and passphrase come from ``new``
        or are asked for; if the import is refused, no caseload is left behind.
        """
        if not self.database.exists():
            return self._import_new(source, new)
        ws = self._users_caseload()
        if ws is None:
            return None
        from app.services.loading import import_into  # spreadsheets: only when needed

        try:
            count = run_with_progress(
                self.window,
                f"Checking and importing {source.name}…",
                lambda: import_into(ws, source, self.today),
            )
        except ENVIRONMENT_ERRORS as error:
            show_environment_error(self.window, error, "Import refused")
            return None
        self.window.refresh()
        self.say(f"Imported {count:,} children from {source.name}")
        return count

    def _users_caseload(self) -> Workspace | None:
        """The user's own caseload, shown (opened first unless it is already)."""
        ws = self.window.workspace
        if ws is not None and ws.path.absolute() == self.database.absolute():
            return ws
        return self.open_path(self.database)

    def _import_new(self, source: Path, new: NewCaseload | None) -> int | None:
        choice = new or self._ask_new_caseload("Before importing, start your caseload.")
        if choice is None:
            return None
        from app.services.loading import import_new  # spreadsheets: only when needed

        try:
            ws, count = run_with_progress(
                self.window,
                f"Checking and importing {source.name}…",
                lambda: import_new(
                    self.database,
                    source,
                    choice.pack_id,
                    self.today,
                    team_id=choice.team_id,
                    passphrase=choice.passphrase,
                    kdf=self.kdf,
                ),
            )
        except ENVIRONMENT_ERRORS as error:
            show_environment_error(self.window, error, "Import refused")
            return None
        self.keep_passphrase(ws.path, choice.passphrase, choice.remember)
        self.show(ws, False, [])
        self.say(f"Imported {count:,} children from {source.name}")
        return count

    # -- locking --------------------------------------------------------------------------------

    def lock(self) -> None:
        """Ctrl+L or idle: close the caseload and every tab; the lock screen says how back."""
        if self.window.workspace is None or self.shown is None:
            return
        self.suspend()

    def suspend(self) -> tuple[Shown, list[str]]:
        """Save open work, close dialogs and the caseload, show the lock screen; returns what
        was shown and its case tabs."""
        assert self.shown is not None
        shown = self.shown
        notes = close_other_windows(self.window)
        tabs = self.window.open_case_ids()
        # Unsaved typing on the cases' Edit pages is kept in memory (never on disk) and put
        # back when this caseload is unlocked: a lock must not lose what the manager typed.
        self._kept_typing = (shown.path, self.window.unsaved_typing())
        self._show_locked(shown, tabs, notes)  # waits for a backup (caseload_closing)
        return shown, tabs

    def _show_locked(self, shown: Shown, tabs: list[str], notes: list[str]) -> None:
        self.idle.disarm()
        screen = LockScreen(shown.path, encrypted=is_encrypted(shown.path), notes=notes)
        screen.unlock_requested.connect(lambda: self.unlock(shown, tabs))
        self.window.show_locked(screen)
        self.shown = shown
        self.actions.update(shown=False, encrypted=False, demo=shown.demo)

    def unlock(self, shown: Shown, tabs: list[str]) -> Workspace | None:
        """Ask the passphrase again (never the keyring's: someone else may be at the desk),
        reopen the caseload and its case tabs."""
        return self.open_path(shown.path, demo=shown.demo, tabs=tabs, remembered=False)

    def choose_idle_minutes(self) -> None:
        """Ask how many idle minutes lock the desktop (0: never), and remember it."""
        minutes, ok = QInputDialog.getInt(
            self.window,
            "Auto-lock",
            "Lock Transfer Desk after this many minutes without keyboard or mouse (0: never):",
            self.idle.minutes,
            0,
            480,
        )
        if not ok:
            return
        self.window.settings.setValue(IDLE_SETTING, minutes)
        self.idle.set_minutes(minutes)
        if self.window.workspace is not None:
            self.idle.arm()

    def keep_passphrase(self, path: Path, passphrase: str, remember: bool) -> None:
        """Remember the passphrase in the keyring if asked; else forget any kept before."""
        if remember:
            problem = self.store.remember(path, passphrase)
            if problem:
                self.say(problem)
        else:
            self.store.forget(path)

    def say(self, message: str) -> None:
        """A message in the status bar (nothing for an empty one)."""
        self.window.say(message)


def _idle_minutes(window: MainWindow) -> int:
    """The idle minutes the user chose (the default when unset or unreadable)."""
    try:
        return max(0, int(str(window.settings.value(IDLE_SETTING, DEFAULT_IDLE_MINUTES))))
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES
