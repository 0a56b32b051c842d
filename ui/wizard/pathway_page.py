"""Page (a): choose the pathway, authorise an override where the pack allows one, add siblings.

Open, warned and referral pathways can be chosen at once. A blocked pathway shows each rule that
stops it with its source section; where the pack names who may override the rule, the
authoriser's name, role and reason make it choosable. Pathways not for this child are listed
with why, greyed. Siblings in the same family are offered to move together.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.domain.engine import OptionStatus, PathwayOption, RuleHit
from app.services.transfers import OverrideRecord
from ui.case_pathways import _STATUS_ORDER, pathway_html
from ui.widgets import add_row, read_only_tree, wrapping_label
from ui.wizard.context import WizardContext
from ui.wizard.fields import add_field, line_edit, note

CHOOSABLE = (OptionStatus.OPEN, OptionStatus.WARNED, OptionStatus.REFERRAL)
HEADERS = ("Status", "Pathway", "Receiving team", "Source")
COLUMN_WIDTHS = (112, 230, 130)


class OverrideFields(QGroupBox):
    """Who authorises going ahead despite one blocking rule, their role and why."""

    def __init__(self, hit: RuleHit, ctx: WizardContext, saved: OverrideRecord | None) -> None:
        super().__init__("Override")
        assert hit.override is not None
        self.rule_id = hit.rule_id
        form = QFormLayout(self)
        names = " / ".join(ctx.role_name(r) for r in hit.override.roles)
        form.addRow(wrapping_label(f"Going ahead despite “{hit.title}” needs {names}."))
        self.authoriser = line_edit(saved.authoriser if saved else "", name="Authoriser's name")
        self.role = QComboBox()
        self.role.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.role.setMinimumContentsLength(16)
        self.role.setAccessibleName("Authoriser's role")
        for role_id in hit.override.roles:
            self.role.addItem(ctx.role_name(role_id), role_id)
        if saved and self.role.findData(saved.role) >= 0:
            self.role.setCurrentIndex(self.role.findData(saved.role))
        self.reason = line_edit(saved.reason if saved else "", name="Reason for the override")
        add_field(form, "&Authorised by:", self.authoriser)
        add_field(form, "R&ole:", self.role)
        add_field(form, "Rea&son:", self.reason)

    def record(self) -> OverrideRecord:
        """The override as typed."""
        return OverrideRecord(
            self.rule_id, self.authoriser.text().strip(), str(self.role.currentData() or ""),
            self.reason.text().strip(),
        )  # fmt: skip

    def complete(self) -> bool:
        """True when a name and a reason are given."""
        record = self.record()
        return bool(record.authoriser and record.reason)


class PathwayPage(QWizardPage):
    """Every pathway out of the case's team; the chosen one drives the rest of the wizard."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("Choose the pathway")
        self.setSubTitle(
            "Pathways open to this child today, as the procedure lays them down. A blocked "
            "pathway can be chosen only where the procedure names who may override the rule."
        )
        self.options = sorted(
            ctx.options, key=lambda o: (_STATUS_ORDER[o.status], o.pathway.name.casefold())
        )
        self.overrides: list[OverrideFields] = []
        self._kept = {o.rule_id: o for o in ctx.plan.overrides}
        self.tree = self._tree()
        self.detail = QTextBrowser()
        self.detail.setObjectName("pathwayDetail")
        self.detail.setAccessibleName("The chosen pathway in full")
        self.detail.setOpenLinks(False)
        self.override_box = QVBoxLayout()
        self.siblings = self._sibling_boxes()
        self._lay_out()
        self.tree.currentItemChanged.connect(self._on_current)
        self._select(ctx.plan.pathway_id)

    def _tree(self) -> QTreeWidget:
        tree = read_only_tree(HEADERS, name="Pathways", flat=False)
        for option in self.options:
            self._add_option(tree, option)
        for column, width in enumerate(COLUMN_WIDTHS):
            tree.setColumnWidth(column, width)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.header().setStretchLastSection(True)
        return tree

    def _add_option(self, tree: QTreeWidget, option: PathwayOption) -> None:
        p = option.pathway
        to = ", ".join(self.ctx.team_name(t) for t in p.to_teams)
        item = add_row(tree, ["", p.name, to, p.cite], badge=(0, option.status.value))
        item.setData(1, Qt.ItemDataRole.UserRole, p.id)
        for hit in option.hits:
            key = "blocked" if hit.effect.value == "block" else "warned"
            add_row(item, ["", hit.message, "", hit.cite], badge=(0, key), tips=[None, hit.message])
        for reason in option.unmet:
            add_row(item, ["", f"Not for this child: {reason}", "", p.cite])
        if option.status is OptionStatus.NOT_ELIGIBLE:
            item.setForeground(1, self.palette().placeholderText())
        item.setExpanded(option.status is OptionStatus.BLOCKED)

    def _sibling_boxes(self) -> list[QCheckBox]:
        boxes = []
        for sid, name in sorted(self.ctx.sibling_names.items()):
            box = QCheckBox(f"Move {name} ({sid}) together")
            box.setAccessibleName(f"Move sibling {sid} together")
            box.setProperty("caseId", sid)
            box.setChecked(sid in self.ctx.plan.case_ids)
            box.toggled.connect(self.completeChanged)
            boxes.append(box)
        return boxes

    def _lay_out(self) -> None:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.detail, 1)
        column.addLayout(self.override_box)
        if self.siblings:
            group = QGroupBox("Siblings (same family)")
            inner = QVBoxLayout(group)
            inner.addWidget(note("Siblings stay together where they can; tick to move them too."))
            for box in self.siblings:
                inner.addWidget(box)
            column.addWidget(group)
        caption = QLabel("&Pathways out of this team (Up / Down to choose):")
        caption.setBuddy(self.tree)
        left = QVBoxLayout()
        left.addWidget(caption)
        left.addWidget(self.tree, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(side, 2)

    def _select(self, pathway_id: str) -> None:
        """Put the cursor on ``pathway_id`` (the first pathway when none is given)."""
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is None:
                continue
            if item.data(1, Qt.ItemDataRole.UserRole) == pathway_id or (
                not pathway_id and row == 0
            ):
                self.tree.setCurrentItem(item)
                return

    def initializePage(self) -> None:
        """Start with the cursor in the list of pathways."""
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> PathwayOption | None:
        """The option under the cursor (a rule line counts as its pathway)."""
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return None if item is None else self.options[self.tree.indexOfTopLevelItem(item)]

    def _on_current(self, current: QTreeWidgetItem | None) -> None:
        option = self.chosen()
        self.detail.setHtml(pathway_html(option, self.ctx.pack) if option else "")
        for fields in self.overrides:
            self._kept[fields.rule_id] = fields.record()
            fields.deleteLater()
        self.overrides = []
        if option is not None and option.status is OptionStatus.BLOCKED:
            for hit in option.blocks:
                if hit.override is not None:
                    self._add_override(hit)
        self.completeChanged.emit()

    def _add_override(self, hit: RuleHit) -> None:
        fields = OverrideFields(hit, self.ctx, self._kept.get(hit.rule_id))
        fields.authoriser.textChanged.connect(self.completeChanged)
        fields.reason.textChanged.connect(self.completeChanged)
        self.override_box.addWidget(fields)
        self.overrides.append(fields)

    def isComplete(self) -> bool:
        """A choosable pathway, or a blocked one with every override filled in."""
        option = self.chosen()
        if option is None:
            return False
        if option.status in CHOOSABLE:
            return True
        return option.overridable and all(f.complete() for f in self.overrides)

    def store(self) -> None:
        """Write the choice into the plan; a new pathway starts its own steps and audit."""
        option = self.chosen()
        if option is None:
            return
        pathway_id = option.pathway.id
        if pathway_id != self.ctx.plan.pathway_id:
            self.ctx.update(pathway_id=pathway_id, steps=(), audit={}, to_team=None,
                            transfer_point_event=None, receiving_worker_id=None)  # fmt: skip
        siblings = tuple(str(b.property("caseId")) for b in self.siblings if b.isChecked())
        self.ctx.update(
            case_ids=(self.ctx.case_id, *siblings),
            overrides=tuple(f.record() for f in self.overrides if f.complete()),
        )

    def validatePage(self) -> bool:
        """Keep the choice when moving on."""
        self.store()
        return True
