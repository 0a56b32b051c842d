"""Locking the desktop: Ctrl+L, idle minutes by a clock the test moves, unlocking again.

Locked means no child's details anywhere on screen (every visible widget's text, title, tooltip
and accessible name is searched for the names the register showed), the database closed and its
one-writer lock given up; unlocking reopens the caseload and the case tabs that were open.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMenu

from app.services.transfers import drafts_of
from app.services.workspace import Workspace, open_workspace
from app.storage.single_writer import lock_path
from tests.ui.protecting import (
    FAST,
    PASSPHRASE,
    desktop_on,
    encrypted_copy,
    showing_any,
    type_passphrase,
    when_modal,
)
from tests.ui.support import plain_copy
from ui.case_record import CaseRecordWidget
from ui.desktop import Desktop
from ui.main_window import MainWindow
from ui.protect.lock import DEFAULT_IDLE_MINUTES, IDLE_SETTING, LockScreen
from ui.protect.passphrase import UnlockDialog
from ui.register_panel import RegisterPanel
from ui.wizard.wizard import PATHWAY, TransferWizard

#: No password store, and an environment error fails the test instead of waiting on a message box.
pytestmark = pytest.mark.usefixtures("no_keyring", "no_message_boxes")


class Clock:
    """A wall clock the test moves by hand (seconds since the epoch)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock() -> Clock:
    return Clock()


def opened(  # type: ignore[no-untyped-def]
    qtbot, settings: QSettings, today: date, path: Path, clock: Clock
) -> tuple[MainWindow, Desktop]:
    """The window showing the caseload at ``path`` (typing the passphrase if asked)."""
    window, desktop = desktop_on(qtbot, settings, today, path, now=clock)
    when_modal(UnlockDialog, type_passphrase)
    desktop.start(demo=False)
    assert window.workspace is not None
    desktop.backups.wait()
    return window, desktop


def names_on_screen(window: MainWindow, cases: int = 3) -> tuple[list[str], set[str]]:
    """Open the first ``cases`` cases; their ids and every name the register shows."""
    assert window.panel is not None
    model = window.panel.model
    rows = [model.case_at(row) for row in range(model.rowCount())]
    names = {part for row in rows if row for part in (row.given_name, row.family_name) if part}
    ids = [row.case_id for row in rows[:cases] if row]
    for case_id in ids:
        window.open_case(case_id)
    QApplication.processEvents()  # a new central widget is shown by a queued call
    return ids, {name for name in names if len(name) > 2}


def deleted_later() -> None:
    """Let queued shows and deferred deletes happen, as the event loop would."""
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def encrypted(tmp_path: Path, demo_path: Path) -> Path:
    return encrypted_copy(demo_path, tmp_path / "mine.sqlite3")


def test_ctrl_l_hides_every_detail_and_closes_the_database(  # type: ignore[no-untyped-def]
    qtbot, settings, today, encrypted, clock
) -> None:
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    ids, names = names_on_screen(window)
    assert showing_any(names)  # the search finds names while unlocked
    ws: Workspace = window.workspace  # type: ignore[assignment]
    assert lock_path(encrypted).exists()
    assert desktop.actions.lock in window.file_menu.actions()
    deleted_later()  # the passphrase dialog, which was the active window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    deleted_later()
    assert isinstance(window.centralWidget(), LockScreen)
    assert showing_any(names) == []
    assert window.workspace is None and window.panel is None
    assert not window.findChildren(CaseRecordWidget) and not window.findChildren(RegisterPanel)
    assert not lock_path(encrypted).exists()  # the one-writer lock is given up
    assert ws.database.engine.pool.checkedout() == 0
    assert not window.find_action.isEnabled() and "Locked" in window.windowTitle()
    # closed for real: another program may now open it for writing
    open_workspace(encrypted, passphrase=PASSPHRASE, kdf=FAST).database.close()
    assert ids


def test_unlocking_asks_the_passphrase_and_restores_the_tabs(  # type: ignore[no-untyped-def]
    qtbot, settings, today, encrypted, clock
) -> None:
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    ids, _names = names_on_screen(window)
    desktop.lock()
    said: list[str] = []

    def wrong_then_right(dialog: UnlockDialog) -> None:
        assert not dialog.remember.isVisible()  # unlocking is not where the keyring is set
        QTest.keyClicks(dialog.field, "somebody else guessing")
        dialog.ok.click()
        said.append(dialog.error.text())
        dialog.field.clear()
        type_passphrase(dialog)

    when_modal(UnlockDialog, wrong_then_right)
    screen = window.centralWidget()
    assert isinstance(screen, LockScreen) and window.focusWidget() is screen.button
    QTest.keyClick(screen.button, Qt.Key.Key_Return)  # Enter unlocks: the button has focus
    assert said and "Wrong passphrase" in said[0]
    assert window.workspace is not None
    assert window.open_case_ids() == ids
    desktop.backups.wait()


def test_cancelling_the_unlock_stays_locked(qtbot, settings, today, encrypted, clock) -> None:  # type: ignore[no-untyped-def]
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    _ids, names = names_on_screen(window)
    desktop.lock()
    when_modal(UnlockDialog, lambda dialog: dialog.reject())
    window.centralWidget().button.click()  # type: ignore[attr-defined]
    deleted_later()
    assert isinstance(window.centralWidget(), LockScreen)
    assert window.workspace is None and showing_any(names) == []


def test_idle_minutes_by_the_wall_clock_lock_the_desktop(  # type: ignore[no-untyped-def]
    qtbot, settings, today, encrypted, clock
) -> None:
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    assert desktop.idle.minutes == DEFAULT_IDLE_MINUTES and desktop.idle.timer.isActive()
    clock.advance(DEFAULT_IDLE_MINUTES - 1)
    desktop.idle.check()
    assert window.workspace is not None
    QTest.keyClick(window.panel.table, Qt.Key.Key_Down)  # type: ignore[union-attr]
    clock.advance(DEFAULT_IDLE_MINUTES - 1)  # 8 minutes since opening, 4 since the key
    desktop.idle.check()
    assert window.workspace is not None
    clock.advance(1.01)
    desktop.idle.check()
    assert window.workspace is None and isinstance(window.centralWidget(), LockScreen)
    assert not desktop.idle.timer.isActive()


def test_a_laptop_waking_from_sleep_locks_at_the_first_tick(  # type: ignore[no-untyped-def]
    qtbot, settings, today, encrypted, clock
) -> None:
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    desktop.idle.timer.setInterval(20)
    clock.advance(90)  # the lid was shut for an hour and a half
    qtbot.waitUntil(lambda: window.workspace is None, timeout=2000)


def test_the_idle_minutes_are_a_setting(qtbot, settings, today, encrypted, clock) -> None:  # type: ignore[no-untyped-def]
    settings.setValue(IDLE_SETTING, 15)
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    clock.advance(14)
    desktop.idle.check()
    assert window.workspace is not None
    desktop.idle.set_minutes(0)  # never by itself
    clock.advance(600)
    desktop.idle.check()
    assert window.workspace is not None


def test_locking_saves_a_wizard_s_unsaved_work_as_a_draft(  # type: ignore[no-untyped-def]
    qtbot, settings, today, encrypted, clock
) -> None:
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    ws = window.workspace
    assert ws is not None
    case_id, pathway_id = _case_with_a_pathway(window)
    window.open_case(case_id)
    wizard = window.transfers.start()
    assert isinstance(wizard, TransferWizard)
    qtbot.waitExposed(wizard)
    wizard.page_of(PATHWAY)._select(pathway_id)  # type: ignore[attr-defined]
    desktop.lock()
    assert not wizard.isVisible()
    notes = window.centralWidget().notes.text()  # type: ignore[attr-defined]
    assert f"case {case_id} was saved as draft" in notes
    when_modal(UnlockDialog, type_passphrase)
    window.centralWidget().button.click()  # type: ignore[attr-defined]
    assert window.workspace is not None
    (draft,) = drafts_of(window.workspace, case_id)
    assert draft.pathway_id == pathway_id
    assert window.open_case_ids() == [case_id]


def _case_with_a_pathway(window: MainWindow) -> tuple[str, str]:
    """A case on the register with a pathway the wizard can choose."""
    from app.domain.engine import OptionStatus
    from app.services.caseload import case_pathways

    ws = window.workspace
    assert ws is not None and window.panel is not None
    for row in range(window.panel.model.rowCount()):
        found = window.panel.model.case_at(row)
        assert found is not None
        for option in case_pathways(ws, found.case_id, window.today):
            if option.status in (OptionStatus.OPEN, OptionStatus.WARNED):
                return found.case_id, option.pathway.id
    raise AssertionError("no case with an open pathway in the demo")


def test_a_plain_caseload_locks_too_and_unlocks_with_a_button(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, demo_path, clock
) -> None:
    plain = plain_copy(demo_path, tmp_path / "plain.sqlite3")
    window, desktop = opened(qtbot, settings, today, plain, clock)
    ids, names = names_on_screen(window, cases=1)
    desktop.actions.lock.trigger()
    deleted_later()
    assert showing_any(names) == []
    screen = window.centralWidget()
    assert isinstance(screen, LockScreen) and screen.button.text() == "&Unlock"
    screen.button.click()
    assert window.workspace is not None and window.open_case_ids() == ids


def test_auto_lock_minutes_are_chosen_from_the_file_menu_and_kept(  # type: ignore[no-untyped-def]
    qtbot, settings, today, encrypted, clock
) -> None:
    window, desktop = opened(qtbot, settings, today, encrypted, clock)

    def twenty(dialog: QInputDialog) -> None:
        assert dialog.intValue() == DEFAULT_IDLE_MINUTES
        dialog.setIntValue(20)
        dialog.accept()

    when_modal(QInputDialog, twenty)
    desktop.actions.idle.trigger()
    assert int(settings.value(IDLE_SETTING)) == 20 and desktop.idle.minutes == 20
    clock.advance(19)
    desktop.idle.check()
    assert window.workspace is not None
    clock.advance(1)
    desktop.idle.check()
    assert window.workspace is None


def test_typing_on_an_edit_page_survives_a_lock(qtbot, settings, today, encrypted, clock) -> None:  # type: ignore[no-untyped-def]
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    ids, _names = names_on_screen(window, cases=2)
    record = window.open_case(ids[1])
    assert record is not None and record.edit_page is not None
    record.start_editing()
    given = record.edit_page.details.given
    given.setText("Quentin")  # typed, not saved
    stored = record.view.record.snapshot.child.given_name
    desktop.lock()
    deleted_later()
    assert showing_any({"Quentin"}) == []  # hidden while locked
    when_modal(UnlockDialog, type_passphrase)
    window.centralWidget().button.click()  # type: ignore[attr-defined]
    record = window.case_tab()
    assert record is not None and record.view.case_id == ids[1]
    assert record.edit_page is not None and record.edit_page.details.given.text() == "Quentin"
    assert record.edit_page.has_unsaved()  # still unsaved: the lock saved nothing by itself
    assert record.view.record.snapshot.child.given_name == stored
    desktop.backups.wait()


def slow_backup(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Backups that take half a second; the list records each one that ran to its end."""
    ended: list[str] = []

    def backup(_ws: Workspace, _today: date) -> None:
        time.sleep(0.5)
        ended.append("backup")

    monkeypatch.setattr("ui.protect.backup.daily_backup", backup)
    return ended


@pytest.mark.parametrize("closing", ["lock", "close the window"])
def test_a_running_backup_ends_before_the_caseload_closes(  # type: ignore[no-untyped-def]
    qtbot, settings, today, encrypted, clock, monkeypatch, closing
) -> None:
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    ended = slow_backup(monkeypatch)
    assert window.workspace is not None
    desktop.backups.start(window.workspace, today)
    assert desktop.backups.worker is not None and desktop.backups.worker.is_alive()
    if closing == "lock":
        desktop.actions.lock.trigger()
    else:
        window.close()
    # The backup read the caseload to its end before the database closed (and, closing the
    # window, before the backup's own object went with the window).
    assert ended == ["backup"] and not desktop.backups.worker.is_alive()
    assert window.workspace is None


def test_no_background_work_starts_once_the_caseload_closed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.panel
    assert panel is not None and panel.state_worker is None  # its start is still timed
    window.show_locked(LockScreen(Path("x.sqlite3"), encrypted=False, notes=[]))
    panel.start_background()  # the timer firing late, before the panel is deleted
    assert panel.state_worker is None


#: File menu actions that open another caseload or end the program. They stay while locked (the
#: locked caseload stays closed: at start-up a user without the passphrase may open another), so
#: the walk below does not trigger them.
LEAVES_THE_LOCK = frozenset({"Import a caseload…", "Open the demo caseload", "Quit"})
#: Menus whose every action needs a caseload.
NEED_A_CASELOAD = ("Edit", "Case", "View")


def menu_actions(menu: QMenu) -> Iterator[QAction]:
    """Every action of ``menu`` and its submenus (a submenu's own action too), separators left
    out; a submenu filled when it opens is filled first, as opening it would."""
    menu.aboutToShow.emit()
    for action in menu.actions():
        if action.isSeparator():
            continue
        yield action
        if action.menu() is not None:
            yield from menu_actions(action.menu())  # type: ignore[arg-type]


def menus(window: MainWindow) -> dict[str, QMenu]:
    """The menu bar's menus by title (mnemonic left out)."""
    found = {}
    for action in window.menuBar().actions():
        if action.menu() is not None:
            found[action.text().replace("&", "")] = action.menu()
    return found  # type: ignore[return-value]


def caseload_actions(window: MainWindow) -> dict[str, QAction]:
    """The actions of the menus that need a caseload, by menu and text."""
    shown = menus(window)
    return {
        f"{title} ▸ {action.text().replace('&', '')}": action
        for title in NEED_A_CASELOAD
        for action in menu_actions(shown[title])
    }


class DialogCloser:
    """Rejects every modal dialog the moment it shows, keeping its title."""

    def __init__(self) -> None:
        self.titles: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.close)
        self.timer.start()

    def close(self) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            self.titles.append(dialog.windowTitle())
            dialog.done(QDialog.DialogCode.Rejected)


class Nothing(QUndoCommand):
    """An edit to undo that changes nothing (so Undo is enabled before the lock)."""

    def __init__(self) -> None:
        super().__init__("nothing")

    def redo(self) -> None:
        pass

    def undo(self) -> None:
        pass


def test_locked_every_action_needing_a_caseload_is_greyed_and_nothing_shows(  # type: ignore[no-untyped-def]
    qtbot, settings, today, encrypted, clock
) -> None:
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    _ids, names = names_on_screen(window)
    record = window.case_tab()
    assert record is not None and record.undo_stack is not None
    record.undo_stack.push(Nothing())
    unlocked = caseload_actions(window)
    assert window.undo_action.isEnabled() and window.edit_action.isEnabled()
    assert {"View ▸ Due in the next working days", "Case ▸ Start transfer…"} <= set(unlocked)
    desktop.lock()
    deleted_later()
    enabled = [text for text, action in caseload_actions(window).items() if action.isEnabled()]
    assert enabled == []
    assert all(menu.menuAction().isEnabled() for menu in menus(window).values())  # titles stay
    closer = DialogCloser()
    triggered = []
    for title, menu in menus(window).items():
        for action in menu_actions(menu):
            text = action.text().replace("&", "")
            if action.isEnabled() and text not in LEAVES_THE_LOCK and action.menu() is None:
                action.trigger()
                triggered.append(f"{title} ▸ {text}")
                deleted_later()
                assert isinstance(window.centralWidget(), LockScreen), text
                assert window.workspace is None and showing_any(names) == [], text
    for text, action in caseload_actions(window).items():  # their shortcuts do nothing either
        if not action.shortcut().isEmpty():  # the main binding (offscreen has no Find key)
            QTest.keySequence(window, action.shortcut())
            deleted_later()
            assert isinstance(window.centralWidget(), LockScreen), text
    closer.timer.stop()
    file_texts = {a.text().replace("&", "") for a in menu_actions(menus(window)["File"])}
    assert file_texts >= LEAVES_THE_LOCK  # each one left out is there
    assert closer.titles == ["Auto-lock", "About Transfer Desk"]
    assert "Help ▸ About Transfer Desk" in triggered and "File ▸ Auto-lock after…" in triggered
    assert not any(t.startswith(NEED_A_CASELOAD) for t in triggered)


def test_unlocking_enables_the_actions_again(qtbot, settings, today, encrypted, clock) -> None:  # type: ignore[no-untyped-def]
    window, desktop = opened(qtbot, settings, today, encrypted, clock)
    names_on_screen(window, cases=1)
    before = {text: a.isEnabled() for text, a in caseload_actions(window).items()}
    desktop.lock()
    when_modal(UnlockDialog, type_passphrase)
    window.centralWidget().button.click()  # type: ignore[attr-defined]
    assert window.workspace is not None and window.case_tab() is not None
    after = {text: a.isEnabled() for text, a in caseload_actions(window).items()}
    assert after == before and after["Edit ▸ Edit this case"]
    assert not after["Edit ▸ Undo"]  # the case reopened with nothing to undo
    desktop.backups.wait()
