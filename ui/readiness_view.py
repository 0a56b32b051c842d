"""View ▸ Readiness: the caseload-wide checklist readiness table, with totals per state.

The same lazily paged register rows (filtered and sorted in SQL on the readiness worked out when
the caseload opened), showing the cases audited against a checklist with another set of columns:
the pathway audited, readiness, and the met / gap / N/A / to-answer counts and the first gap
from each case's full audit, worked out for the rows of a page as the page loads. Enter or a
double click opens the case.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import AuditState
from app.services.caseload import CaseAudit, audits_of_cases
from app.services.register import (
    SORT_KEYS,
    Register,
    RegisterFilter,
    RegisterRow,
    RegisterSort,
)
from ui.badges import BadgeDelegate
from ui.readiness_text import READINESS_CHOICES, WORKING_OUT
from ui.register_model import CASE_ID_ROLE, Column, RegisterModel
from ui.rows_table import OpenableTable

AUDITED = "audited"
#: The readiness filter of this view: every audited case, or one readiness.
CHOICES = (("Every audited case", AUDITED), *READINESS_CHOICES[1:-1])
#: Rows per page: each page also reads its cases in full for their audits (~0.1 s per 100).
PAGE_SIZE = 100
#: Column widths in average characters.
COLUMN_CHARS = (11, 20, 16, 26, 26, 5, 5, 5, 10, 23, 40)


@dataclass(frozen=True, slots=True)
class ReadinessRow(RegisterRow):
    """A register row with its full checklist audit counted."""

    met: int = 0
    not_applicable: int = 0
    first_gap: str = ""
    other_audits: int = 0  # audits for the case's other open pathways, not shown


class ReadinessSource:
    """The register's rows, each with its case's full audit (a page at a time)."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.today = register.today

    def count(self, filters: RegisterFilter) -> int:
        return self.register.count(filters)

    def page(
        self, filters: RegisterFilter, sort: RegisterSort, offset: int, limit: int
    ) -> list[RegisterRow]:
        rows = self.register.page(filters, sort, offset, limit)
        ws = self.register.workspace
        audits = audits_of_cases(ws, [r.case_id for r in rows], self.today)
        return [_with_audit(row, audits.get(row.case_id, [])) for row in rows]


def _with_audit(row: RegisterRow, audits: list[CaseAudit]) -> RegisterRow:
    """``row`` with the counts of its first audit (the one its readiness comes from)."""
    if not audits:
        return row
    result = audits[0].result
    gap = next((i for i in result.items if i.state is AuditState.GAP), None)
    values = {f.name: getattr(row, f.name) for f in fields(RegisterRow)}
    values.update(gaps=len(result.gaps), unanswered=len(result.unanswered))
    return ReadinessRow(
        **values,
        met=len(result.met),
        not_applicable=sum(i.state is AuditState.NOT_APPLICABLE for i in result.items),
        first_gap=gap.line.item.text if gap else "",
        other_audits=len(audits) - 1,
    )


class ReadinessModel(RegisterModel):
    """One row per audited case: pathway, readiness, counts, the first gap and the next due."""

    columns = (
        Column("Case ID", "id", "The local case id"),
        Column("Name", "name", "Given and family name"),
        Column("Team", "team", "The team holding the case"),
        Column("Pathway", "pathway", "The pathway whose checklist was audited"),
        Column("Readiness", "readiness", "How ready the checklist is; blocked stops the transfer"),
        Column("Met", "met", "Items met"),
        Column("Gaps", "gaps", "Items with a gap"),
        Column("N/A", "not_applicable", "Items that do not apply to this case"),
        Column("To answer", "unanswered", "Items nobody has answered and the file cannot show"),
        Column("Next due", "due", "The soonest clock still to meet; overdue ones say so"),
        Column("First gap", "first_gap", "The first item with a gap"),
    )
    right_aligned = frozenset({"met", "gaps", "not_applicable", "unanswered"})

    def __init__(self, register: Register, page_size: int = 200, parent: Any = None) -> None:
        super().__init__(ReadinessSource(register), page_size, parent)
        self._pack = register.workspace.pack

    def sortable(self, column: int) -> bool:
        """Whether SQL can sort on ``column`` (counts from the full audit are per page)."""
        return 0 <= column < len(self.columns) and self.columns[column].sort_key in SORT_KEYS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.sortable(column):
            super().sort(column, order)

    def _text(self, row: RegisterRow, key: str) -> str:
        if key in ("met", "gaps", "not_applicable", "unanswered"):
            return _count(row, key)
        if key == "pathway":
            return self._pathway_name(row.pathway_id)
        if key == "first_gap":
            return (row.first_gap if isinstance(row, ReadinessRow) else "") or "—"
        return super()._text(row, key)

    def _tooltip(self, row: RegisterRow, key: str) -> str | None:
        if key == "pathway" and isinstance(row, ReadinessRow) and row.other_audits:
            more = row.other_audits
            return f"{row.pathway_id}; {more} more open pathway{'s' if more > 1 else ''} audited"
        if key == "first_gap" and isinstance(row, ReadinessRow):
            return row.first_gap or None
        return super()._tooltip(row, key)

    def _pathway_name(self, pathway_id: str | None) -> str:
        if not pathway_id:
            return "—"
        try:
            return self._pack.pathway(pathway_id).name
        except KeyError:
            return pathway_id


def _count(row: RegisterRow, key: str) -> str:
    if row.readiness is None:
        return "…"
    return str(getattr(row, key)) if isinstance(row, ReadinessRow) else "—"


class ReadinessView(QWidget):
    """Totals per readiness over the table of audited cases; a readiness filter."""

    #: A case to open, by id.
    case_requested = Signal(str)

    def __init__(
        self, register: Register, settings: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.register = register
        self._settings = settings
        self.model = ReadinessModel(register, page_size=PAGE_SIZE, parent=self)
        self.totals = QLabel()
        self.totals.setObjectName("readinessTotals")
        self.totals.setAccessibleName("Readiness totals")
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Readiness filter")
        for text, value in CHOICES:
            self.choice.addItem(text, value)
        if settings is not None:
            self.choice.setCurrentIndex(
                max(0, self.choice.findData(settings.value("readiness/show")))
            )
        self.choice.currentIndexChanged.connect(self._on_choice)
        self.table = self._make_table()
        self._build()
        self.model.set_filters(RegisterFilter(readiness=self.choice.currentData()))
        self.states_installed()

    def _build(self) -> None:
        label = QLabel("&Show")
        label.setBuddy(self.choice)
        bar = QHBoxLayout()
        bar.addWidget(label)
        bar.addWidget(self.choice)
        bar.addSpacing(12)
        bar.addWidget(self.totals, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def _make_table(self) -> OpenableTable:
        table = OpenableTable()
        table.setObjectName("readiness")
        table.setAccessibleName("Readiness of every audited case")
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.horizontalHeader().sortIndicatorChanged.connect(self._keep_sortable)
        table.set_column_chars(COLUMN_CHARS)
        badges = BadgeDelegate(table)
        for key in ("readiness", "due"):
            table.setItemDelegateForColumn(self.model.column_of(key), badges)
        table.open_requested.connect(self.open_current)
        self._sorted_by = (0, Qt.SortOrder.AscendingOrder)
        return table

    def states_installed(self) -> None:
        """(Re)read the table and the totals: readiness has been worked out (again)."""
        self.model.refresh()
        self._show_totals()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _show_totals(self) -> None:
        if not self.register.states_ready:
            self.totals.setText(WORKING_OUT)
            return
        t = self.register.readiness_totals()
        self.totals.setText(
            f"Ready {t['ready']:,}  ·  Gaps {t['gaps']:,}  ·  Items to answer "
            f"{t['incomplete']:,}  ·  Blocked {t['blocked']:,}  ·  No checklist {t['none']:,}"
            f"  —  showing {self.model.total:,}"
        )

    def _on_choice(self) -> None:
        self.model.set_filters(RegisterFilter(readiness=self.choice.currentData()))
        self._show_totals()
        if self._settings is not None:
            self._settings.setValue("readiness/show", self.choice.currentData())
        if self.model.rowCount():
            self.table.selectRow(0)

    def _keep_sortable(self, column: int, order: Qt.SortOrder) -> None:
        """A click on a column SQL cannot sort puts the indicator back where it was."""
        if self.model.sortable(column):
            self._sorted_by = (column, order)
            return
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(*self._sorted_by)
        header.blockSignals(False)

    def current_case_id(self) -> str | None:
        """The id of the selected row, if any."""
        index = self.table.currentIndex()
        return index.data(CASE_ID_ROLE) if index.isValid() else None

    def open_current(self) -> None:
        """Open the selected case."""
        case_id = self.current_case_id()
        if case_id:
            self.case_requested.emit(case_id)
