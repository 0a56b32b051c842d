"""The caseload register as a Qt table model: pages of rows fetched from SQL as the view scrolls.

Like vorta's table models, the model holds only what the view has asked for. A filter or sort
change resets it with the first page and the matching count; ``canFetchMore`` / ``fetchMore``
add the next page of :attr:`RegisterModel.page_size` rows when the view scrolls near the end.
Nothing here walks the caseload in Python: :class:`app.services.register.Register` answers in SQL.

Readiness and the next due date are worked out in the background when the caseload opens: until
then their cells read "Working out…" and :meth:`RegisterModel.states_installed` refreshes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication

from app.services.register_rows import RegisterFilter, RegisterRow, RegisterSort
from ui import labels
from ui.badges import BADGE_ROLE, is_dark
from ui.readiness_text import due_badge, due_text, readiness_badge, readiness_text
from ui.table_base import ColumnsTableModel

Index = QModelIndex | QPersistentModelIndex
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RegisterSource(Protocol):
    """What the model needs of the register service (a fake will do in tests)."""

    today: Any

    def count(self, filters: RegisterFilter) -> int: ...

    def page(
        self, filters: RegisterFilter, sort: RegisterSort, offset: int, limit: int
    ) -> list[RegisterRow]: ...


@dataclass(frozen=True)
class Column:
    """A register column: its header, the service sort key (which also names the cell's text)
    and a tooltip."""

    title: str
    sort_key: str
    tip: str


COLUMNS = (
    Column("Case ID", "id", "The local case id"),
    Column("Name", "name", "Given and family name"),
    Column("Age", "age", "Age in whole years today"),
    Column("Legal status", "status", "Current legal or statutory status"),
    Column("Team", "team", "The team holding the case"),
    Column("Worker", "worker", "The allocated worker"),
    Column("Readiness", "readiness", "How ready the case's transfer checklist is"),
    Column("Next due", "due", "The soonest clock still to meet; overdue ones say so"),
    Column("Sibling group", "family", "The family; siblings share a group"),
    Column("Flags", "flags", "Flags set on the case; alerts first"),
)
ALERT_COLOURS = {False: QColor("#b42318"), True: QColor("#ff9b8f")}  # light, dark scheme


class RegisterModel(ColumnsTableModel):
    """Rows of the caseload register, loaded lazily page by page."""

    #: The columns shown; a view of the same rows (the readiness table) may show others.
    columns: tuple[Column, ...] = COLUMNS

    #: Emitted after every reset with the number of children matching the filter.
    counts_changed = Signal(int)

    def __init__(
        self, source: RegisterSource, page_size: int = 200, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._source = source
        self.page_size = page_size
        self._filters = RegisterFilter()
        self._sort = RegisterSort()
        self._rows: list[RegisterRow] = []
        self._total = 0
        self._loaded = False  # until the first refresh, filters and sort are only recorded

    # -- what is shown --------------------------------------------------------------------------

    @property
    def filters(self) -> RegisterFilter:
        """The filter in force."""
        return self._filters

    @property
    def total(self) -> int:
        """How many children match the filter (loaded or not)."""
        return self._total

    def set_filters(self, filters: RegisterFilter) -> None:
        """Show the children matching ``filters`` (a no-op when unchanged)."""
        if filters != self._filters:
            self._filters = filters
            if self._loaded:
                self.refresh()

    def refresh(self) -> None:
        """Read the count and the first page (again); the first call loads the model."""
        self._loaded = True
        self.beginResetModel()
        try:
            self._total = self._source.count(self._filters)
            self._rows = self._source.page(self._filters, self._sort, 0, self.page_size)
        finally:
            self.endResetModel()
        self.counts_changed.emit(self._total)

    def use_source(self, source: RegisterSource) -> None:
        """Read from ``source`` from now on (the same caseload), showing what is shown now."""
        self._source = source
        if self._loaded:
            self.refresh()

    def states_installed(self) -> None:
        """Readiness and due dates arrived: show them (again) for what is shown now."""
        if self._loaded:
            self.refresh()

    def column_of(self, key: str) -> int:
        """The column showing ``key`` (a sort key), or -1."""
        return next((i for i, c in enumerate(self.columns) if c.sort_key == key), -1)

    def row_for_case(self, case_id: str) -> int:
        """The loaded row showing ``case_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.case_id == case_id), -1)

    def case_at(self, row: int) -> RegisterRow | None:
        """The register row at ``row`` (None outside the loaded rows)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- QAbstractTableModel --------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.case_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        key = self.columns[index.column()].sort_key
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == BADGE_ROLE:
            return self._badge(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "flags":
            if not set(row.flags) & labels.ALERT_FLAGS:
                return None
            return QBrush(ALERT_COLOURS[is_dark(QGuiApplication.palette())])
        if role == Qt.ItemDataRole.TextAlignmentRole and key in self.right_aligned:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CASE_ID_ROLE:
            return row.case_id
        return None

    #: Keys of the columns whose numbers line up on the right.
    right_aligned: frozenset[str] = frozenset({"age"})

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        more = self._source.page(self._filters, self._sort, start, self.page_size)
        more = more[: max(0, self._total - start)]
        if not more:
            self._total = start  # the caseload shrank under us: stop asking
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        wanted = RegisterSort(self.columns[column].sort_key, order == Qt.SortOrder.DescendingOrder)
        if wanted != self._sort:
            self._sort = wanted
            if self._loaded:
                self.refresh()

    # -- cells ----------------------------------------------------------------------------------

    def _text(self, row: RegisterRow, key: str) -> str:
        match key:
            case "id":
                return row.case_id
            case "name":
                return row.name
            case "age":
                return labels.age_text(row.age(self._source.today), row.expected_dob)
            case "status":
                return ", ".join(labels.status_short(s) for s in row.statuses) or "—"
            case "team":
                return labels.team_short(row.team_name)
            case "worker":
                return row.worker_name or "Unallocated"
            case "family":
                return _family_text(row)
            case "flags":
                return ", ".join(labels.flag_short(f) for f in _alerts_first(row.flags))
            case "readiness":
                return readiness_text(row)
            case "due":
                return due_text(row, self._source.today)
            case _:
                return ""

    def _tooltip(self, row: RegisterRow, key: str) -> str | None:
        match key:
            case "status":
                return "\n".join(labels.status_long(s) for s in row.statuses) or None
            case "team":
                return row.team_name
            case "family" if row.family_size > 1:
                return f"Sibling group of {row.family_size} children (family {row.family_id})"
            case "flags":
                return "\n".join(labels.flag_label(f) for f in _alerts_first(row.flags)) or None
            case "readiness":
                return readiness_text(row, long=True)
            case "due":
                return due_text(row, self._source.today, long=True)
            case _:
                return None

    def _badge(self, row: RegisterRow, key: str) -> str | None:
        if key == "readiness":
            return readiness_badge(row)
        if key == "due":
            return due_badge(row, self._source.today)
        return None


def _family_text(row: RegisterRow) -> str:
    if not row.family_id:
        return "—"
    if row.family_size > 1:
        return f"{row.family_id} · {row.family_size} children"
    return row.family_id


def _alerts_first(flags: tuple[str, ...]) -> list[str]:
    return sorted(flags, key=lambda f: (f not in labels.ALERT_FLAGS, f))
