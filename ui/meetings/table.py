"""One read-only table model for every meeting list: rows of records, columns that read them.

Each column says its header, the text of a row, and optionally a tooltip and a status badge
(painted as a pill by :class:`ui.badges.BadgeDelegate`, always with its words). A model is a
tuple of columns over a list of rows; :meth:`RecordTableModel.set_rows` replaces them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter, QTableView

from ui.badges import BADGE_ROLE, BadgeDelegate

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
#: The item data role holding the row's record itself.
ROW_ROLE = Qt.ItemDataRole.UserRole + 60
#: The item data role holding the case id of a row that is about a case.
CASE_ROLE = Qt.ItemDataRole.UserRole + 61


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A column: its header and how it reads a row."""

    title: str
    text: Callable[[Row], str]
    tip: Callable[[Row], str | None] | None = None
    badge: Callable[[Row], str | None] | None = None
    chars: int = 12  # a starting width, in average characters


class RecordTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of records shown through ``columns``; ``case_of`` names a row's case, if any."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        rows: Sequence[Row] = (),
        *,
        case_of: Callable[[Row], str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Row] = list(rows)
        self._case_of = case_of

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows`` instead of what was shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        """The rows shown, in order."""
        return list(self._rows)

    def row_at(self, row: int) -> Row | None:
        """The record of ``row``, or None when there is no such row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip(row) if column.tip else None
        if role == BADGE_ROLE:
            return column.badge(row) if column.badge else None
        if role == ROW_ROLE:
            return row
        if role == CASE_ROLE:
            return self._case_of(row) if self._case_of else None
        return None


def record_table(model: RecordTableModel[Any], name: str) -> QTableView:
    """A keyboard-friendly table of ``model``: whole rows selected, badges painted, Tab leaves."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setObjectName(name.replace(" ", "_").lower())
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.setItemDelegate(BadgeDelegate(table))
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    char = table.fontMetrics().averageCharWidth()
    for number, column in enumerate(model.columns):
        table.setColumnWidth(number, column.chars * char + 16)
    return table


def current_row(table: QTableView) -> int:
    """The selected row of ``table`` (-1 when none)."""
    index = table.currentIndex()
    return index.row() if index.isValid() else -1


def select_row(table: QTableView, row: int) -> None:
    """Select ``row`` (kept within the table), making it current."""
    count = table.model().rowCount()
    if count:
        table.selectRow(max(0, min(row, count - 1)))


def remember_layout(
    settings: QSettings | None,
    key: str,
    *,
    header: QHeaderView | None = None,
    splitter: QSplitter | None = None,
) -> None:
    """Bring back the column widths and splitter of ``key``, and keep them as they change."""
    if settings is None:
        return
    if header is not None:
        state = settings.value(f"{key}/header")
        if state is not None:
            header.restoreState(state)
        header.sectionResized.connect(
            lambda *_: settings.setValue(f"{key}/header", header.saveState())
        )
    if splitter is not None:
        state = settings.value(f"{key}/splitter")
        if state is not None:
            splitter.restoreState(state)
        splitter.splitterMoved.connect(
            lambda *_: settings.setValue(f"{key}/splitter", splitter.saveState())
        )
