"""One read-only table model for every meeting list: rows of records, columns that read them.

Each column says its header, the text of a row, and optionally a tooltip and a status badge
(painted as a pill by :class:`ui.badges.BadgeDelegate`, always with its words). A model is a
tuple of columns over a list of rows; :meth:`RecordTableModel.set_rows` replaces them, and
``insert_row`` / ``remove_row`` / ``replace_rows`` change a few without a reset (the selection
and scroll stay, and a 35,000-row agenda is not laid out again).
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
    #: Shows the row's place in the list (1, 2, …) instead of ``text``: it follows rows put in,
    #: taken out or moved without touching the others.
    place: bool = False


def place_column(title: str, chars: int = 4) -> Column[Any]:
    """A column numbering the rows 1, 2, … in the order shown."""
    return Column(title, lambda _row: "", chars=chars, place=True)


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

    def insert_row(self, position: int, row: Row) -> None:
        """Show ``row`` at ``position`` (the rows from there move down one)."""
        position = max(0, min(position, len(self._rows)))
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self.endInsertRows()

    def remove_row(self, position: int) -> Row:
        """Stop showing the row at ``position``; returns it."""
        self.beginRemoveRows(QModelIndex(), position, position)
        row = self._rows.pop(position)
        self.endRemoveRows()
        return row

    def replace_rows(self, first: int, rows: Sequence[Row]) -> None:
        """Show ``rows`` in place of as many rows from ``first`` (their cells change, no reset)."""
        if not rows:
            return
        last = first + len(rows) - 1
        if first < 0 or last >= len(self._rows):
            raise IndexError(f"rows {first} to {last} are not all shown")
        self._rows[first : last + 1] = rows
        right = len(self.columns) - 1
        self.dataChanged.emit(self.index(first, 0), self.index(last, right))

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
            return str(index.row() + 1) if column.place else column.text(row)
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
