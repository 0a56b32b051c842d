"""Passphrases on the desktop: a new encrypted caseload, unlocking, the keyring, re-keying.

Every caseload here is a real SQLCipher file (cheap key derivation, ``FAST``); the keyring is
keyring's own machinery over a backend kept in memory, or its ``fail`` backend (a machine with
no password store). Dialogs are answered the way ``exec()`` sees them: on screen, modal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel

from app.services.workspace import TEAM_SETTING, open_workspace, own_team
from app.storage.backups import default_folder, list_backups
from app.storage.crypto import PassphraseNeeded, WrongPassphrase, looks_encrypted
from tests.ui.protecting import (
    FAST,
    OTHER,
    PASSPHRASE,
    PLANTED,
    bytes_contain,
    desktop_on,
    encrypted_copy,
    planted_csv,
    type_passphrase,
    when_modal,
)
from tests.ui.support import plain_copy
from ui.empty_state import EmptyState
from ui.protect.lock import LockScreen
from ui.protect.new_caseload import NewCaseloadDialog
from ui.protect.passphrase import (
    MATCH,
    NO_MATCH,
    STRONG_ENOUGH,
    ChangePassphraseDialog,
    NewPassphraseDialog,
    UnlockDialog,
)
from ui.protect.remember import NO_KEYRING, SERVICE, PassphraseStore

#: An environment error would wait on a message box: each test fails on one instead.
pytestmark = pytest.mark.usefixtures("no_message_boxes")


def fill_new_caseload(dialog: NewCaseloadDialog, first: str, second: str) -> None:
    QTest.keyClicks(dialog.fields.first, first)
    QTest.keyClicks(dialog.fields.second, second)


# -- a new caseload ------------------------------------------------------------------------------


def test_a_weak_passphrase_shows_its_problems_and_creates_nothing(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, no_keyring
) -> None:
    target = tmp_path / "mine.sqlite3"
    window, desktop = desktop_on(qtbot, settings, today, target)
    seen: dict[str, object] = {}

    def weak(dialog: NewCaseloadDialog) -> None:
        fill_new_caseload(dialog, "aaaa", "aaab")
        seen["problems"] = dialog.fields.problems.text()
        seen["mismatch"] = dialog.fields.mismatch.text()
        seen["ok"] = dialog.ok.isEnabled()
        QTest.keyClick(dialog.fields.second, Qt.Key.Key_Return)  # Enter does not get past it
        seen["still open"] = dialog.isVisible()
        dialog.reject()

    when_modal(NewCaseloadDialog, weak)
    assert desktop.new_caseload() is None
    assert "at least 12 characters" in str(seen["problems"])
    assert "repeats too much" in str(seen["problems"])
    assert seen["mismatch"] == NO_MATCH
    assert seen["ok"] is False and seen["still open"] is True
    assert not target.exists()
    assert window.workspace is None


def test_the_new_caseload_dialog_offers_every_pack_and_its_teams(qtbot, no_keyring) -> None:  # type: ignore[no-untyped-def]
    dialog = NewCaseloadDialog(PassphraseStore(), None)
    qtbot.addWidget(dialog)
    assert dialog.pack.count() == 5
    dialog.pack.setCurrentIndex(dialog.pack.findData("nottingham-city-2018"))
    teams = [dialog.team.itemData(i) for i in range(dialog.team.count())]
    assert "cfd-hub" in teams and "fst" not in teams
    fill_new_caseload(dialog, PASSPHRASE, PASSPHRASE)
    assert dialog.fields.problems.text() == STRONG_ENOUGH
    assert dialog.fields.mismatch.text() == MATCH
    assert dialog.ok.isEnabled()
    buddies = {
        label.text(): label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()
    }
    assert buddies["&Procedure:"] is dialog.pack and buddies["&Team:"] is dialog.team
    assert buddies["New &passphrase:"] is dialog.fields.first
    assert not dialog.remember.isEnabled() and dialog.remember.toolTip() == NO_KEYRING


def test_first_run_creates_an_encrypted_caseload_for_the_chosen_team(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, no_keyring
) -> None:
    target = tmp_path / "mine.sqlite3"
    window, desktop = desktop_on(qtbot, settings, today, target)
    desktop.start(demo=False)
    assert isinstance(window.centralWidget(), EmptyState)

    def choose(dialog: NewCaseloadDialog) -> None:
        dialog.pack.setCurrentIndex(dialog.pack.findData("case-transfer-policy-2021"))
        dialog.team.setCurrentIndex(dialog.team.findData("fst"))
        fill_new_caseload(dialog, PASSPHRASE, PASSPHRASE)
        dialog.ok.click()

    when_modal(NewCaseloadDialog, choose)
    window.empty.new_button.click()  # type: ignore[union-attr]
    assert window.workspace is not None and window.panel is not None
    assert own_team(window.workspace) == "fst"
    assert desktop.actions.change.isEnabled() and not desktop.actions.encrypt.isEnabled()
    assert desktop.import_from(planted_csv(tmp_path)) == 1
    assert window.panel.model.total == 1
    assert looks_encrypted(target)
    assert not any(bytes_contain(target, part) for part in PLANTED)
    desktop.backups.wait()
    with pytest.raises(PassphraseNeeded):
        open_workspace(target)


def test_importing_without_a_caseload_starts_an_encrypted_one(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, no_keyring
) -> None:
    target = tmp_path / "mine.sqlite3"
    window, desktop = desktop_on(qtbot, settings, today, target)

    def choose(dialog: NewCaseloadDialog) -> None:
        dialog.pack.setCurrentIndex(dialog.pack.findData("case-transfer-policy-2021"))
        dialog.team.setCurrentIndex(dialog.team.findData("fst"))
        fill_new_caseload(dialog, PASSPHRASE, PASSPHRASE)
        dialog.ok.click()

    when_modal(NewCaseloadDialog, choose)
    assert desktop.import_from(planted_csv(tmp_path)) == 1
    assert window.workspace is not None and window.workspace.database.key is not None
    assert not any(bytes_contain(target, part) for part in PLANTED)
    desktop.backups.wait()
    ws = open_workspace(target, passphrase=PASSPHRASE, kdf=FAST)
    with ws.unit_of_work() as uow:
        assert uow.settings.get(TEAM_SETTING) == "fst"
    ws.database.close()


# -- unlocking -----------------------------------------------------------------------------------


def test_a_wrong_passphrase_says_so_and_the_right_one_opens(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, demo_path, no_keyring
) -> None:
    target = encrypted_copy(demo_path, tmp_path / "mine.sqlite3")
    window, desktop = desktop_on(qtbot, settings, today, target)
    said: list[str] = []

    def answer(dialog: UnlockDialog) -> None:
        QTest.keyClicks(dialog.field, "not the passphrase at all")
        dialog.ok.click()
        said.append(dialog.error.text())
        assert dialog.isVisible()  # still there to try again
        dialog.field.clear()
        QTest.keyClicks(dialog.field, PASSPHRASE)
        QTest.keyClick(dialog.field, Qt.Key.Key_Return)

    when_modal(UnlockDialog, answer)
    desktop.start(demo=False)
    assert said and said[0].startswith("✗ Wrong passphrase")
    assert window.workspace is not None and window.panel is not None
    assert window.panel.model.total == 60
    desktop.backups.wait()


def test_closing_the_passphrase_dialog_leaves_the_caseload_locked(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, demo_path, no_keyring
) -> None:
    target = encrypted_copy(demo_path, tmp_path / "mine.sqlite3")
    window, desktop = desktop_on(qtbot, settings, today, target)
    when_modal(UnlockDialog, lambda dialog: dialog.reject())
    desktop.start(demo=False)
    assert window.workspace is None
    assert isinstance(window.centralWidget(), LockScreen)
    when_modal(UnlockDialog, type_passphrase)
    window.centralWidget().button.click()  # type: ignore[attr-defined]
    assert window.workspace is not None
    desktop.backups.wait()


# -- the keyring ---------------------------------------------------------------------------------


def test_a_remembered_passphrase_opens_without_asking_and_can_be_forgotten(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, demo_path, memory_keyring
) -> None:
    target = encrypted_copy(demo_path, tmp_path / "mine.sqlite3")
    window, desktop = desktop_on(qtbot, settings, today, target)

    def remember(dialog: UnlockDialog) -> None:
        assert dialog.remember.isEnabled()
        dialog.remember.setChecked(True)
        QTest.keyClicks(dialog.field, PASSPHRASE)
        dialog.ok.click()

    when_modal(UnlockDialog, remember)
    desktop.start(demo=False)
    assert list(memory_keyring.passwords.values()) == [PASSPHRASE]
    assert {service for service, _ in memory_keyring.passwords} == {SERVICE}
    desktop.backups.wait()
    window.close()

    again, second = desktop_on(qtbot, settings, today, target)
    second.start(demo=False)  # no dialog: the keyring's passphrase opens it
    assert again.workspace is not None
    second.backups.wait()
    again.close()

    PassphraseStore().forget(target)
    assert memory_keyring.passwords == {}
    third, desktop3 = desktop_on(qtbot, settings, today, target)
    when_modal(UnlockDialog, lambda dialog: dialog.reject())
    desktop3.start(demo=False)  # forgotten: it asks again
    assert third.workspace is None


def test_unchecking_remember_forgets_a_passphrase_kept_before(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, demo_path, memory_keyring
) -> None:
    target = encrypted_copy(demo_path, tmp_path / "mine.sqlite3")
    PassphraseStore().remember(target, "an old passphrase that is wrong")
    window, desktop = desktop_on(qtbot, settings, today, target)

    when_modal(UnlockDialog, type_passphrase)
    desktop.start(demo=False)  # the kept one is wrong: it asks, and forgets the wrong one
    assert window.workspace is not None
    assert memory_keyring.passwords == {}
    desktop.backups.wait()


def test_without_a_keyring_remember_is_disabled_and_says_why(qtbot, tmp_path, no_keyring) -> None:  # type: ignore[no-untyped-def]
    store = PassphraseStore()
    assert store.unavailable_reason() == NO_KEYRING
    assert store.remember(tmp_path / "x.sqlite3", PASSPHRASE) == NO_KEYRING
    assert store.get(tmp_path / "x.sqlite3") is None
    store.forget(tmp_path / "x.sqlite3")  # nothing to forget, nothing raised
    dialog = UnlockDialog(tmp_path / "x.sqlite3", open_workspace, store, None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled()
    assert dialog.remember.toolTip() == NO_KEYRING


# -- encrypting and changing the passphrase --------------------------------------------------------


def test_encrypting_a_plain_caseload_keeps_its_tabs_and_its_backups_safe(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, demo_path, no_keyring
) -> None:
    target = plain_copy(demo_path, tmp_path / "mine.sqlite3")
    window, desktop = desktop_on(qtbot, settings, today, target)
    desktop.start(demo=False)
    desktop.backups.wait()
    assert list_backups(default_folder(target), target.name)  # today's backup, still plain
    case_id = window.panel.model.case_at(0).case_id  # type: ignore[union-attr]
    window.open_case(case_id)
    assert desktop.actions.encrypt.isEnabled() and not desktop.actions.change.isEnabled()

    def choose(dialog: NewPassphraseDialog) -> None:
        QTest.keyClicks(dialog.fields.first, PASSPHRASE)
        QTest.keyClicks(dialog.fields.second, PASSPHRASE)
        dialog.ok.click()

    when_modal(NewPassphraseDialog, choose)
    desktop.actions.encrypt.trigger()
    assert window.workspace is not None and window.workspace.database.key is not None
    assert window.open_case_ids() == [case_id]
    assert looks_encrypted(target)
    for backup in list_backups(default_folder(target), target.name):
        assert looks_encrypted(backup)
    assert desktop.actions.change.isEnabled() and not desktop.actions.encrypt.isEnabled()
    desktop.backups.wait()


def test_the_demo_cannot_be_encrypted(
    qtbot, settings, today, tmp_path, demo_path, no_keyring
) -> None:  # type: ignore[no-untyped-def]
    window, desktop = desktop_on(qtbot, settings, today, tmp_path / "none.sqlite3")
    desktop.open_path(plain_copy(demo_path, tmp_path / "demo.sqlite3"), demo=True)
    assert not desktop.actions.encrypt.isEnabled()
    assert desktop.rekeying.encrypt() is None
    assert "DEMO" in window.pack_label.text()
    assert not list_backups(default_folder(tmp_path / "demo.sqlite3"), "demo.sqlite3")


def test_changing_the_passphrase_checks_the_current_one_first(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, demo_path, no_keyring
) -> None:
    target = encrypted_copy(demo_path, tmp_path / "mine.sqlite3")
    window, desktop = desktop_on(qtbot, settings, today, target)
    when_modal(UnlockDialog, type_passphrase)
    desktop.start(demo=False)
    said: list[str] = []

    def first_wrong(dialog: ChangePassphraseDialog) -> None:
        QTest.keyClicks(dialog.current, "a wrong current passphrase")
        QTest.keyClicks(dialog.fields.first, OTHER)
        QTest.keyClicks(dialog.fields.second, OTHER)
        dialog.ok.click()
        when_modal(ChangePassphraseDialog, then_right)

    def then_right(dialog: ChangePassphraseDialog) -> None:
        said.append(dialog.error.text())
        dialog.current.clear()
        QTest.keyClicks(dialog.current, PASSPHRASE)
        dialog.ok.click()

    when_modal(ChangePassphraseDialog, first_wrong)
    assert desktop.rekeying.change_passphrase() is not None
    assert said == ["✗ That is not the current passphrase. Check it and try again."]
    assert window.workspace is not None
    desktop.backups.wait()
    window.close()
    with pytest.raises(WrongPassphrase):
        open_workspace(target, passphrase=PASSPHRASE, kdf=FAST)
    open_workspace(target, passphrase=OTHER, kdf=FAST).database.close()


# -- the daily backup ------------------------------------------------------------------------------


def test_opening_a_caseload_backs_it_up_once_a_day(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, demo_path, no_keyring
) -> None:
    target = encrypted_copy(demo_path, tmp_path / "mine.sqlite3")
    window, desktop = desktop_on(qtbot, settings, today, target)
    with qtbot.waitSignal(desktop.backups.finished, timeout=20_000) as made:
        when_modal(UnlockDialog, type_passphrase)
        desktop.start(demo=False)
    (backup,) = list_backups(default_folder(target), target.name)
    assert made.args[0].startswith(f"Backed up the caseload to {backup.name}")
    assert looks_encrypted(backup)
    assert window.statusBar().currentMessage() == made.args[0]
    desktop.lock()
    with qtbot.waitSignal(desktop.backups.finished, timeout=20_000) as again:
        when_modal(UnlockDialog, type_passphrase)
        window.centralWidget().button.click()  # type: ignore[attr-defined]
    assert again.args == [""]  # one a day: nothing more to do, nothing said
    assert len(list_backups(default_folder(target), target.name)) == 1


def test_a_failed_daily_backup_is_a_status_message_not_a_crash(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, demo_path, no_keyring
) -> None:
    target = plain_copy(demo_path, tmp_path / "mine.sqlite3")
    default_folder(target).write_text("a file where the backups folder should be", "utf-8")
    window, desktop = desktop_on(qtbot, settings, today, target)
    with qtbot.waitSignal(desktop.backups.finished, timeout=20_000) as failed:
        desktop.start(demo=False)
    assert failed.args[0].startswith("Today's backup failed: "), failed.args  # the reason in words
    assert window.workspace is not None and window.panel is not None
    assert window.statusBar().currentMessage() == failed.args[0]


def test_the_new_caseload_dialog_works_from_the_keyboard(qtbot, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    dialog = NewCaseloadDialog(PassphraseStore(), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    order = [QApplication.focusWidget()]
    for _ in range(5):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    fields = dialog.fields
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    # OK is skipped while it is disabled (no passphrase yet)
    assert order == [dialog.pack, dialog.team, fields.first, fields.second, dialog.remember, cancel]
    QTest.keyClicks(fields.first, PASSPHRASE)
    QTest.keyClicks(fields.second, PASSPHRASE)
    QTest.keyClick(dialog.remember, Qt.Key.Key_Space)
    assert dialog.remember.isChecked()  # a real keyring: it can be ticked
    QTest.keyClick(fields.second, Qt.Key.Key_Return)  # Enter: the default button, now enabled
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice().remember and dialog.choice().passphrase == PASSPHRASE


def test_a_failed_encryption_says_why_and_leaves_the_caseload_as_it_was(  # type: ignore[no-untyped-def]
    qtbot, settings, today, tmp_path, demo_path, no_keyring, monkeypatch
) -> None:
    target = plain_copy(demo_path, tmp_path / "mine.sqlite3")
    Path(f"{target}.encrypting").mkdir()  # where the encrypted copy would be written
    window, desktop = desktop_on(qtbot, settings, today, target)
    desktop.start(demo=False)
    desktop.backups.wait()
    shown: list[BaseException] = []
    monkeypatch.setattr(
        "ui.protect.rekeying.show_environment_error",
        lambda _parent, error, _title="": shown.append(error),
    )

    def choose(dialog: NewPassphraseDialog) -> None:
        QTest.keyClicks(dialog.fields.first, PASSPHRASE)
        QTest.keyClicks(dialog.fields.second, PASSPHRASE)
        dialog.ok.click()

    when_modal(NewPassphraseDialog, choose)
    assert desktop.rekeying.encrypt() is None
    assert len(shown) == 1 and str(target) in str(shown[0]), shown
    assert isinstance(window.centralWidget(), LockScreen)  # closed, and still closed
    assert not looks_encrypted(target)
    window.centralWidget().button.click()  # type: ignore[attr-defined]
    assert window.workspace is not None and window.workspace.database.key is None
    assert window.panel is not None and window.panel.model.total == 60
    desktop.backups.wait()
