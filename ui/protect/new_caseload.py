"""Starting a new caseload: the authority's procedure, the user's team and a passphrase.

The caseload is created encrypted; only the fictional demo stays plain. One dialog, usable from
the keyboard alone: every field has a mnemonic and the tab order follows the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.policy.registry import shipped_pack
from app.services.register import pack_choices
from ui.protect.passphrase import PassphraseFields, dialog_buttons, remember_box
from ui.protect.remember import PassphraseStore


@dataclass(frozen=True)
class NewCaseload:
    """What the user chose for a new caseload."""

    pack_id: str
    team_id: str
    passphrase: str = field(repr=False)
    remember: bool


class NewCaseloadDialog(QDialog):
    """Ask for the pack, the team and a passphrase; OK stays disabled until all are good."""

    def __init__(self, store: PassphraseStore, parent: QWidget | None, why: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Start a new caseload")
        intro = QLabel(
            (why + " " if why else "")
            + "Your caseload is kept encrypted on this computer: choose a passphrase only you "
            "and those who may see these children's records know. It cannot be recovered if "
            "it is forgotten."
        )
        intro.setWordWrap(True)
        self.pack = QComboBox()
        self.pack.setAccessibleName("Your authority's procedure")
        for pack_id, name in pack_choices():
            self.pack.addItem(name, pack_id)
        self.team = QComboBox()
        self.team.setAccessibleName("Your team")
        form = QFormLayout()
        form.addRow("&Procedure:", self.pack)
        form.addRow("&Team:", self.team)
        self.fields = PassphraseFields(form, self)
        self.remember = remember_box(store)
        form.addRow("", self.remember)
        buttons, self.ok = dialog_buttons(self, "Create the &caseload")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)
        self.pack.currentIndexChanged.connect(self._fill_teams)
        self.fields.changed.connect(self._update)
        self.team.currentIndexChanged.connect(self._update)
        self._fill_teams()
        self.pack.setFocus()

    def _fill_teams(self) -> None:
        self.team.clear()
        pack_id = self.pack.currentData()
        if pack_id is not None:
            for team in shipped_pack(pack_id).teams:
                self.team.addItem(team.name, team.id)
        self._update()

    def acceptable(self) -> bool:
        return self.team.currentData() is not None and self.fields.acceptable()

    def _update(self) -> None:
        self.ok.setEnabled(self.acceptable())

    def accept(self) -> None:
        if self.acceptable():
            super().accept()

    def choice(self) -> NewCaseload:
        """What was chosen (call after the dialog was accepted)."""
        return NewCaseload(
            self.pack.currentData(),
            self.team.currentData(),
            self.fields.passphrase(),
            self.remember.isChecked(),
        )
