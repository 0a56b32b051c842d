"""The case record's rule pages: the pathways open today and every clock on the case.

A pathway's status is shown as a badge with its word (Open, Warning, Blocked, Referral, Not
eligible). A blocked or warned pathway lists each rule that bites, with the section of the
procedure it comes from and who may override it; the panel below the list repeats the selected
pathway in full so nothing is cut off.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.domain.clocks import Unit
from app.domain.engine import Deadline, OptionStatus, PathwayOption, RuleHit
from app.domain.pack import Override, Pack
from ui import labels
from ui.badges import badge_text
from ui.widgets import add_row, fit_columns, read_only_tree, wrapping_label

PATHWAY_HEADERS = ("Status", "Pathway", "Receiving team", "Source")
DEADLINE_HEADERS = ("Due", "State", "Clock", "Rule", "Anchor", "Source")
#: Order of pathway statuses on the page: what can be done first.
_STATUS_ORDER = {
    OptionStatus.OPEN: 0,
    OptionStatus.WARNED: 1,
    OptionStatus.REFERRAL: 2,
    OptionStatus.BLOCKED: 3,
    OptionStatus.NOT_ELIGIBLE: 4,
}


def override_text(override: Override | None, pack: Pack) -> str:
    """Who may override a rule, in words ("Head of Service (both areas)")."""
    if override is None:
        return "The procedure names no one who may override this rule."
    names = [_role_name(pack, role) for role in override.roles]
    joiner = " and " if override.all_required else " or "
    text = f"May be overridden by {joiner.join(names)}"
    if override.text:
        text += f" — {override.text}"
    return text + (f" [{override.cite}]" if override.cite else "")


def _role_name(pack: Pack, role_id: str) -> str:
    try:
        return pack.role(role_id).name
    except KeyError:
        return role_id.replace("_", " ")


def _team_names(pack: Pack, team_ids: Sequence[str]) -> str:
    names = []
    for team_id in team_ids:
        try:
            names.append(pack.team(team_id).name)
        except KeyError:
            names.append(team_id)
    return ", ".join(names)


class PathwaysPage(QWidget):
    """Every pathway out of the case's team, judged for today."""

    def __init__(self, options: Sequence[PathwayOption], pack: Pack) -> None:
        super().__init__()
        self.pack = pack
        self.options = sorted(options, key=lambda o: (_STATUS_ORDER[o.status], o.pathway.name))
        self.tree = read_only_tree(PATHWAY_HEADERS, name="Pathways", flat=False)
        self.tree.setWordWrap(True)
        self.detail = wrapping_label(rich=True)
        self.detail.setObjectName("pathwayDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        for option in self.options:
            self._add_option(option)
        self.tree.currentItemChanged.connect(self._on_current)
        fit_columns(self.tree, maximum=380)
        self.tree.setColumnWidth(0, 130)
        self.tree.doItemsLayout()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        if self.options:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _add_option(self, option: PathwayOption) -> None:
        p = option.pathway
        via = f" (via {_team_names(self.pack, [p.via])})" if p.via else ""
        item = add_row(
            self.tree,
            ["", p.name + via, _team_names(self.pack, p.to_teams), p.cite],
            badge=(0, option.status.value),
            tips=[None, p.notes or p.name, None, None],
        )
        item.setData(1, Qt.ItemDataRole.UserRole, p.id)
        for hit in option.hits:
            self._add_hit(item, hit)
        for reason in option.unmet:
            add_row(item, ["", f"Not for this child: {reason}", "", ""])
        item.setExpanded(option.status in (OptionStatus.BLOCKED, OptionStatus.WARNED))

    def _add_hit(self, parent: QTreeWidgetItem, hit: RuleHit) -> None:
        key = "blocked" if hit.effect.value == "block" else "warned"
        add_row(
            parent,
            ["", hit.message, "", hit.cite],
            badge=(0, key),
            tips=[None, hit.message, None, hit.cite],
        )
        if hit.effect.value == "block":
            add_row(parent, ["", override_text(hit.override, self.pack), "", ""])

    def _on_current(self, item: QTreeWidgetItem | None) -> None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            self.detail.clear()
            return
        option = self.options[self.tree.indexOfTopLevelItem(item)]
        self.detail.setText(pathway_html(option, self.pack))


def pathway_html(option: PathwayOption, pack: Pack) -> str:
    """The selected pathway in full: status, rules with sources and overrides, reasons."""
    p = option.pathway
    status = labels_for_status(option.status)
    parts = [
        f"<h3>{escape(p.name)} — {escape(status)}</h3>",
        f"<p>Source: {escape(p.cite)}. Receiving: {escape(_team_names(pack, p.to_teams))}"
        + (f", via {escape(_team_names(pack, [p.via]))}" if p.via else "")
        + ".</p>",
    ]
    for hit in option.hits:
        effect = "Blocked by" if hit.effect.value == "block" else "Warning"
        parts.append(
            f"<p><b>{effect}: {escape(hit.title)}</b><br>{escape(hit.message)}"
            f"<br>Source: {escape(hit.cite)}"
        )
        if hit.effect.value == "block":
            parts.append(f"<br>{escape(override_text(hit.override, pack))}")
        parts.append("</p>")
    if option.unmet:
        reasons = "".join(f"<li>{escape(r)}</li>" for r in option.unmet)
        parts.append(f"<p>Not for this child:</p><ul>{reasons}</ul>")
    if option.status is OptionStatus.OPEN:
        parts.append("<p>No rule stops this pathway today.</p>")
    return "".join(parts)


def labels_for_status(status: OptionStatus) -> str:
    """A pathway status in words."""
    return badge_text(status.value)


class DeadlinesPage(QWidget):
    """Every clock on the case, soonest first, each with its rule and source section."""

    def __init__(self, found: Sequence[Deadline]) -> None:
        super().__init__()
        self.tree: QTreeWidget = read_only_tree(DEADLINE_HEADERS, name="Deadlines")
        self.tree.setWordWrap(True)
        for d in sorted(found, key=lambda d: d.due):
            self._add(d)
        fit_columns(self.tree, maximum=300)
        self.tree.setColumnWidth(1, max(self.tree.columnWidth(1), 110))
        self.tree.doItemsLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        if not found:
            layout.addWidget(wrapping_label("No clock is running on this case."))

    def _add(self, d: Deadline) -> None:
        t = d.timescale
        due = labels.day(d.due_date)
        if Unit(t.unit) is Unit.HOURS:
            due += f" {d.due:%H:%M}"
        anchor = f"{labels.event_label(d.anchor.kind)}, {labels.day(d.anchor.on)}"
        add_row(
            self.tree,
            [due, "", t.label, d.rule, anchor, t.cite],
            badge=(1, d.state.value),
            tips=[None, None, t.label, t.reading or d.rule, None, t.cite],
        )
