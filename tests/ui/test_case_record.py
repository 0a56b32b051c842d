"""The case record: pathways with their status, a blocked one's rule and source, clocks, history."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem

from app.domain.engine import OptionStatus
from app.services.caseload import case_deadlines, case_pathways
from app.services.workspace import Workspace
from ui.case_pages import worker_changes
from ui.case_record import CaseRecordWidget
from ui.main_window import MainWindow


def tree_texts(tree: QTreeWidget) -> list[str]:
    """Every cell of every row (children included), in order."""
    out: list[str] = []

    def walk(item: QTreeWidgetItem) -> None:
        out.extend(item.text(c) for c in range(tree.columnCount()))
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i))
    return out


def first_case(ws: Workspace, today: date, wanted: OptionStatus) -> str:
    with ws.unit_of_work() as uow:
        ids = uow.cases.child_ids()
    for case_id in ids:
        if any(o.status is wanted for o in case_pathways(ws, case_id, today)):
            return case_id
    raise AssertionError(f"the demo has no case with a {wanted} pathway")


def test_opening_a_case_shows_its_pathways(
    window: MainWindow, workspace: Workspace, today: date
) -> None:
    case_id = first_case(workspace, today, OptionStatus.OPEN)
    record = window.open_case(case_id)
    assert isinstance(record, CaseRecordWidget)
    assert window.case_tab() is record
    options = case_pathways(workspace, case_id, today)
    tree = record.pathways.tree
    assert tree.topLevelItemCount() == len(options)
    shown = sorted(tree.topLevelItem(i).text(1) for i in range(len(options)))
    names = sorted(o.pathway.name for o in options)
    # a referral's row adds " (via …)" after the name; a name may itself contain "(via"
    assert all(text.startswith(name) for text, name in zip(shown, names, strict=True)), shown
    statuses = {tree.topLevelItem(i).text(0) for i in range(len(options))}
    assert "Open" in statuses  # the status in words, not only in colour


def test_a_blocked_pathway_shows_its_rule_and_source(
    window: MainWindow, workspace: Workspace, today: date
) -> None:
    case_id = first_case(workspace, today, OptionStatus.BLOCKED)
    blocked = next(
        o for o in case_pathways(workspace, case_id, today) if o.status is OptionStatus.BLOCKED
    )
    hit = blocked.blocks[0]
    record = window.open_case(case_id)
    assert record is not None
    texts = tree_texts(record.pathways.tree)
    assert "Blocked" in texts
    assert hit.message in texts
    assert hit.cite in texts
    index = record.pathways.options.index(blocked)
    record.pathways.tree.setCurrentItem(record.pathways.tree.topLevelItem(index))
    detail = html.unescape(record.pathways.detail.text())  # rich text: "C&F" is "C&amp;F"
    assert hit.message in detail and hit.cite in detail
    assert "override" in detail


def test_every_deadline_shows_its_rule_and_source(
    window: MainWindow, workspace: Workspace, today: date
) -> None:
    with workspace.unit_of_work() as uow:
        ids = uow.cases.child_ids()
    case_id = max(ids, key=lambda c: len(case_deadlines(workspace, c, today)))
    found = case_deadlines(workspace, case_id, today)
    record = window.open_case(case_id)
    assert record is not None
    tree = record.deadlines.tree
    assert tree.topLevelItemCount() == len(found)
    texts = tree_texts(tree)
    for deadline in found:
        assert deadline.rule in texts and deadline.timescale.cite in texts


def test_history_counts_worker_changes(window: MainWindow, today: date) -> None:
    record = window.open_case(window.panel.model.case_at(0).case_id)  # type: ignore[union-attr]
    assert record is not None
    six, twelve = worker_changes(record.view.record.snapshot, today)
    label = record.findChild(QLabel, "workerChanges")
    assert label is not None
    assert label.text() == (
        f"Worker changes: {six} in the last 6 months, {twelve} in the last 12 months."
    )


def test_opening_a_case_twice_brings_its_tab_forward(window: MainWindow) -> None:
    case_id = window.panel.model.case_at(3).case_id  # type: ignore[union-attr]
    first = window.open_case(case_id)
    window.show_register()
    assert window.open_case(case_id) is first
    assert window.tabs.count() == 2
    window.close_current_case()
    assert window.tabs.count() == 1
