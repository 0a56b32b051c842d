"""Typing passphrases: a new one with a live strength check, and the one that unlocks a caseload.

Every problem with a new passphrase is listed in words under its field as it is typed, the
confirm field says whether the two match, and the dialog's OK button stays disabled until both
are acceptable. A wrong passphrase is a message in the dialog, which stays open to try again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.protection import WrongPassphrase, passphrase_problems
from app.services.register import ENVIRONMENT_ERRORS
from app.services.workspace import Workspace
from ui.protect.remember import PassphraseStore

STRONG_ENOUGH = "✓ Strong enough."
MATCH = "✓ The two passphrases match."
NO_MATCH = "✗ The two passphrases differ: type the same passphrase again."


def password_field(name: str) -> QLineEdit:
    """A line edit that hides what is typed, named for screen readers."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setMinimumWidth(320)
    return field


def note_label(name: str) -> QLabel:
    """A wrapping note under a field (its text, not only its colour, says what is wrong)."""
    label = QLabel()
    label.setObjectName("fieldNote")
    label.setAccessibleName(name)
    label.setWordWrap(True)
    return label


def remember_box(store: PassphraseStore) -> QCheckBox:
    """ "Remember on this computer": disabled, saying why, when there is no usable keyring."""
    box = QCheckBox("&Remember on this computer")
    box.setAccessibleName("Remember the passphrase on this computer")
    reason = store.unavailable_reason()
    if reason is None:
        box.setToolTip("Keep the passphrase in this computer's password store (keyring).")
    else:
        box.setEnabled(False)
        box.setToolTip(reason)
        box.setAccessibleDescription(reason)
    return box


class PassphraseFields(QObject):
    """A new passphrase and its confirmation, checked as they are typed (rows of ``form``)."""

    changed = Signal()

    def __init__(self, form: QFormLayout, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.first = password_field("New passphrase")
        self.problems = note_label("Problems with the new passphrase")
        self.second = password_field("Confirm the new passphrase")
        self.mismatch = note_label("Whether the passphrases match")
        form.addRow("New &passphrase:", self.first)
        form.addRow("", self.problems)
        form.addRow("&Confirm it:", self.second)
        form.addRow("", self.mismatch)
        self.first.textChanged.connect(self._check)
        self.second.textChanged.connect(self._check)
        self._check()

    def passphrase(self) -> str:
        return self.first.text()

    def acceptable(self) -> bool:
        """Strong enough and typed the same twice."""
        text = self.first.text()
        return not passphrase_problems(text) and text == self.second.text()

    def _check(self) -> None:
        text = self.first.text()
        problems = passphrase_problems(text)
        if not text:
            self.problems.setText("Three or four random words make a strong passphrase.")
        elif problems:
            self.problems.setText("\n".join(f"✗ {problem}" for problem in problems))
        else:
            self.problems.setText(STRONG_ENOUGH)
        if not self.second.text():
            self.mismatch.clear()
        else:
            self.mismatch.setText(MATCH if text == self.second.text() else NO_MATCH)
        self.changed.emit()


def fit_to_contents(dialog: QDialog) -> None:
    """Grow ``dialog`` to show a message just wrapped into it (its height is known once the
    layout has been activated)."""
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    dialog.adjustSize()


def dialog_buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """OK (named ``ok_text``) and Cancel, wired to the dialog; returns the box and OK."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    # Enter must never mean Cancel, even while OK is disabled (a half-typed passphrase).
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class NewPassphraseDialog(QDialog):
    """Choose a passphrase for a caseload (to encrypt one that is not yet encrypted)."""

    def __init__(
        self, title: str, intro: str, ok_text: str, store: PassphraseStore, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        text = QLabel(intro)
        text.setWordWrap(True)
        form = QFormLayout()
        self.fields = PassphraseFields(form, self)
        self.remember = remember_box(store)
        form.addRow("", self.remember)
        buttons, self.ok = dialog_buttons(self, ok_text)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.fields.changed.connect(self._update)
        self._update()
        self.fields.first.setFocus()

    def _update(self) -> None:
        self.ok.setEnabled(self.fields.acceptable())

    def accept(self) -> None:
        if self.fields.acceptable():  # Enter in a field presses the default button anyway
            super().accept()


class ChangePassphraseDialog(QDialog):
    """The current passphrase and a new one (checked like any new one)."""

    def __init__(self, store: PassphraseStore, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change the passphrase")
        form = QFormLayout()
        self.current = password_field("Current passphrase")
        form.addRow("C&urrent passphrase:", self.current)
        self.fields = PassphraseFields(form, self)
        self.remember = remember_box(store)
        form.addRow("", self.remember)
        self.error = note_label("Why the passphrase was not changed")
        form.addRow("", self.error)
        buttons, self.ok = dialog_buttons(self, "C&hange passphrase")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.current.textChanged.connect(self._update)
        self.fields.changed.connect(self._update)
        self._update()
        self.current.setFocus()

    def acceptable(self) -> bool:
        return bool(self.current.text()) and self.fields.acceptable()

    def _update(self) -> None:
        same = bool(self.current.text()) and self.current.text() == self.fields.passphrase()
        self.error.setText("✗ The new passphrase is the same as the current one." if same else "")
        self.ok.setEnabled(self.acceptable() and not same)

    def accept(self) -> None:
        if self.ok.isEnabled():
            super().accept()

    def wrong_current(self) -> None:
        """Say the current passphrase was wrong, and let the user type it again."""
        self.error.setText("✗ That is not the current passphrase. Check it and try again.")
        fit_to_contents(self)
        self.current.selectAll()
        self.current.setFocus()


Opener = Callable[[str], Workspace]


class UnlockDialog(QDialog):
    """Ask for the passphrase of an encrypted caseload and open it; wrong ones are retried."""

    def __init__(
        self,
        path: Path,
        opener: Opener,
        store: PassphraseStore,
        parent: QWidget | None,
        *,
        offer_remember: bool = True,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.opener = opener
        self.store = store
        self.workspace: Workspace | None = None
        self.problem: str | None = None  # why a passphrase asked to be remembered was not
        self.setWindowTitle("Unlock the caseload")
        intro = QLabel(f"The caseload {path.name} is encrypted. Enter its passphrase to open it.")
        intro.setWordWrap(True)
        self.field = password_field("Passphrase")
        self.error = note_label("Why the caseload did not open")
        self.remember = remember_box(store)
        self.offer_remember = offer_remember
        self.remember.setVisible(offer_remember)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.field)
        form.addRow("", self.error)
        form.addRow("", self.remember)
        buttons, self.ok = dialog_buttons(self, "&Unlock")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.field.textChanged.connect(lambda text: self.ok.setEnabled(bool(text)))
        self.ok.setEnabled(False)
        self.field.setFocus()

    def accept(self) -> None:
        """Try the passphrase: open the caseload, or say why not and stay open."""
        passphrase = self.field.text()
        if not passphrase:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.workspace = self.opener(passphrase)
        except WrongPassphrase:
            self._retry(f"✗ Wrong passphrase: it does not open {self.path.name}. Check it "
                        "(is Caps Lock on?) and try again.")  # fmt: skip
            return
        except ENVIRONMENT_ERRORS as error:
            self._retry(f"✗ {error}")
            return
        except KeyError as error:  # made with a policy pack this version does not ship
            self._retry(
                f"✗ This caseload uses a policy pack this version of Transfer Desk does not "
                f"include ({error}). Install the version that made it."
            )
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.offer_remember:
            self._keep(passphrase)
        super().accept()

    def _keep(self, passphrase: str) -> None:
        """Remember the passphrase if asked to, else forget any remembered before."""
        if self.remember.isChecked():
            self.problem = self.store.remember(self.path, passphrase)
        else:
            self.store.forget(self.path)

    def _retry(self, message: str) -> None:
        self.error.setText(message)
        fit_to_contents(self)
        self.field.selectAll()
        self.field.setFocus()


def answered(dialog: QDialog) -> bool:
    """Show ``dialog`` modally: True if accepted. It is deleted once control is back in the
    event loop (so its fields can still be read now, and typed passphrases do not linger)."""
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return accepted
