"""The case record's fact pages: the child, the history of the case and the case file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dateutil.relativedelta import relativedelta
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseSnapshot
from app.services.caseload import CaseAudit
from app.services.register import CaseRecord
from ui import labels
from ui.widgets import add_row, fit_columns, read_only_tree, section_title, wrapping_label

_YES_NO = {True: "Yes", False: "No"}
_SEX = {"F": "Female", "M": "Male"}


def worker_changes(case: CaseSnapshot, today: date) -> tuple[int, int]:
    """How often the worker changed in the last 6 and the last 12 months."""
    return (
        case.worker_changes_since(today - relativedelta(months=6)),
        case.worker_changes_since(today - relativedelta(months=12)),
    )


class OverviewPage(QWidget):
    """Personal details (age computed), flags and the legal-status history."""

    def __init__(self, record: CaseRecord, today: date) -> None:
        super().__init__()
        case = record.snapshot
        grid = QGridLayout(self)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.addWidget(section_title("Personal details"), 0, 0)
        grid.addLayout(self._details(record, today), 1, 0)
        grid.addWidget(section_title("Flags"), 2, 0)
        grid.addWidget(self._flags(case), 3, 0)
        grid.addWidget(section_title("Legal status history"), 0, 1)
        grid.addWidget(self._statuses(case, today), 1, 1, 3, 1)
        grid.setRowStretch(3, 1)

    @staticmethod
    def _details(record: CaseRecord, today: date) -> QFormLayout:
        case, child = record.snapshot, record.snapshot.child
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        age = case.age_on(today)
        born = (
            f"{labels.day(child.dob)} (age {age})"
            if child.dob
            else f"Unborn, expected {labels.day(child.expected_dob)}"
        )
        siblings = ", ".join(case.sibling_ids) or "None recorded"
        rows = (
            ("Case ID", child.id),
            ("Name", child.display_name),
            ("Born", born),
            ("Sex", _SEX.get(child.sex, "Not recorded")),
            ("Disability", _YES_NO[child.disability]),
            ("Unaccompanied (UASC)", _YES_NO[child.uasc]),
            ("Tier / level", str(case.tier) if case.tier is not None else "—"),
            ("Team", record.team_name(case.team_id)),
            ("Worker", record.worker_name(case.worker_id)),
            ("Family", case.family_id or "—"),
            ("Siblings", siblings),
        )
        for title, value in rows:
            form.addRow(f"{title}:", wrapping_label(value))
        return form

    @staticmethod
    def _flags(case: CaseSnapshot) -> QWidget:
        tree = read_only_tree(("Flag", "Kind"), name="Flags")
        for flag in sorted(case.flags, key=lambda f: (f not in labels.ALERT_FLAGS, f)):
            alert = flag in labels.ALERT_FLAGS
            add_row(
                tree,
                [labels.flag_label(flag), "Alert" if alert else "Flag"],
                badge=(1, "alert" if alert else "flag"),
            )
        if not case.flags:
            add_row(tree, ["No flags set", ""])
        fit_columns(tree)
        tree.setMinimumHeight(120)
        return tree

    @staticmethod
    def _statuses(case: CaseSnapshot, today: date) -> QWidget:
        tree = read_only_tree(("Status", "From", "To", "Now"), name="Legal status history")
        for spell in sorted(case.statuses, key=lambda s: s.start, reverse=True):
            current = spell.current_on(today)
            add_row(
                tree,
                [
                    labels.status_long(spell.code),
                    labels.day(spell.start),
                    labels.day(spell.end) if spell.end else "open",
                    "Current" if current else "Ended",
                ],
                badge=(3, "open" if current else "not_eligible"),
            )
        if not case.statuses:
            add_row(tree, ["No legal status recorded", "", "", ""])
        fit_columns(tree)
        return tree


class HistoryPage(QWidget):
    """Allocation history with worker changes, and the key events of the case."""

    def __init__(self, record: CaseRecord, today: date) -> None:
        super().__init__()
        case = record.snapshot
        six, twelve = worker_changes(case, today)
        summary = wrapping_label(
            f"Worker changes: {six} in the last 6 months, {twelve} in the last 12 months."
        )
        summary.setObjectName("workerChanges")
        summary.setAccessibleName(summary.text())
        layout = QVBoxLayout(self)
        layout.addWidget(section_title("Allocation history"))
        layout.addWidget(summary)
        layout.addWidget(self._allocations(record), 2)
        layout.addWidget(section_title("Key events"))
        layout.addWidget(self._events(record), 3)

    @staticmethod
    def _allocations(record: CaseRecord) -> QWidget:
        tree = read_only_tree(("From", "To", "Team", "Worker", "Reason"), name="Allocation history")
        for spell in sorted(record.snapshot.allocations, key=lambda a: a.start, reverse=True):
            add_row(
                tree,
                [
                    labels.day(spell.start),
                    labels.day(spell.end) if spell.end else "now",
                    record.team_name(spell.team_id),
                    record.worker_name(spell.worker_id),
                    spell.reason,
                ],
            )
        fit_columns(tree)
        return tree

    @staticmethod
    def _events(record: CaseRecord) -> QWidget:
        tree = read_only_tree(("Date", "Event", "No.", "Team"), name="Key events")
        for event in sorted(record.snapshot.events, key=lambda e: e.on, reverse=True):
            when = labels.day(event.on) + (f" {event.at:%H:%M}" if event.at else "")
            add_row(
                tree,
                [
                    when,
                    labels.event_label(event.kind),
                    str(event.number) if event.number else "",
                    record.team_name(event.team_id) if event.team_id else "",
                ],
            )
        if not record.snapshot.events:
            add_row(tree, ["", "No events recorded", "", ""])
        fit_columns(tree)
        return tree


class CaseFilePage(QWidget):
    """The documents on the case file and the checklist readiness for each pathway."""

    def __init__(
        self, record: CaseRecord, audits: Sequence[CaseAudit], pathway_names: dict[str, str]
    ) -> None:
        super().__init__()
        row = QHBoxLayout()
        row.addLayout(self._column("Case-file items", self._items(record)), 2)
        row.addLayout(self._column("Checklist readiness", self._audits(audits, pathway_names)), 3)
        layout = QVBoxLayout(self)
        layout.addLayout(row)

    @staticmethod
    def _column(title: str, body: QWidget) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(section_title(title))
        column.addWidget(body)
        return column

    @staticmethod
    def _items(record: CaseRecord) -> QWidget:
        tree = read_only_tree(("Document", "Last updated"), name="Case-file items")
        for item in sorted(
            record.snapshot.file_items, key=lambda i: labels.file_item_label(i.kind)
        ):
            add_row(
                tree,
                [
                    labels.file_item_label(item.kind),
                    labels.day(item.updated) if item.updated else "not on file",
                ],
            )
        if not record.snapshot.file_items:
            add_row(tree, ["Nothing recorded on the case file", ""])
        fit_columns(tree)
        return tree

    @staticmethod
    def _audits(audits: Sequence[CaseAudit], pathway_names: dict[str, str]) -> QWidget:
        tree = read_only_tree(
            ("Readiness", "Pathway", "Gaps", "Not answered"),
            name="Checklist readiness",
        )
        for audit in audits:
            result = audit.result
            add_row(
                tree,
                [
                    "",
                    pathway_names.get(audit.pathway_id, audit.pathway_id),
                    str(len(result.gaps)),
                    str(len(result.unanswered)),
                ],
                badge=(0, result.readiness.value),
            )
        if not audits:
            add_row(tree, ["", "No pathway with a checklist applies today", "", ""])
        fit_columns(tree)
        tree.setColumnWidth(0, max(tree.columnWidth(0), 120))
        return tree
