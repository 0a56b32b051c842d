"""One read-only table of frozen rows for every list of records: Due, Disagreements, meetings.

:class:`RowsModel` shows a list of records through a tuple of :class:`Column`s. A column names
its header and header tooltip, reads a row's text, and may add a per-row tooltip and a badge
(state as words on a coloured pill, never colour alone). ``set_rows`` replaces the rows;
``insert_row`` / ``remove_row`` / ``replace_rows`` change a few without a reset (the selection and
scroll stay, and a 35,000-row agenda is not laid out again). :class:`RowsTable` is the view: whole
rows selected, badges painted, Tab leaves the table, and (as every :class:`OpenableTable`, the
register's too) Enter or a double click asks for the row to open. :func:`current_row`,
:func:`select_row` and :func:`remember_layout` serve any table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import KW_ONLY, dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QSettings, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableView,
    QWidget,
)

from ui.badges import BADGE_ROLE, BadgeDelegate
from ui.table_base import ColumnsTableModel, Index

T = TypeVar("T")
#: The item data role holding the row's record itself.
ROW_ROLE = Qt.ItemDataRole.UserRole + 60
#: The item data role holding the case id of a row that is about a case.
CASE_ROLE = Qt.ItemDataRole.UserRole + 61
#: The keys that open a row.
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class Column(Generic[T]):
    """A column: its header, how it reads a row, and (by keyword) the rest.

    ``tip`` is the header's tooltip. A cell's tooltip is ``row_tip(row)`` where the column has
    one (None: no tooltip), else the cell's whole text, for a cell too narrow to show it.
    ``badge`` gives the cell's badge key (see :data:`ui.badges.BADGES`); ``chars`` is the
    starting width, in average characters. A ``place`` column shows the row's place in the list
    (1, 2, …) instead of ``text``: it follows rows put in, taken out or moved without touching
    the others.
    """

    title: str
    text: Callable[[T], str]
    _: KW_ONLY
    tip: str = ""
    row_tip: Callable[[T], str | None] | None = None
    badge: Callable[[T], str | None] | None = None
    chars: int = 12
    place: bool = False

    def tooltip(self, row: T) -> str | None:
        """The tooltip of this column's cell in ``row``."""
        return self.row_tip(row) if self.row_tip is not None else self.text(row)


def place_column(title: str, chars: int = 4) -> Column[Any]:
    """A column numbering the rows 1, 2, … in the order shown."""
    return Column(title, lambda _row: "", chars=chars, place=True)


class RowsModel(ColumnsTableModel, Generic[T]):
    """Rows of records shown through ``columns``; ``case_of`` names a row's case, if any."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        *,
        case_of: Callable[[T], str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns: tuple[Column[T], ...] = tuple(columns)
        self._rows: list[T] = []
        self._case_of = case_of

    def set_rows(self, rows: Sequence[T]) -> None:
        """Show ``rows`` instead of what was shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def insert_row(self, position: int, row: T) -> None:
        """Show ``row`` at ``position`` (the rows from there move down one)."""
        position = max(0, min(position, len(self._rows)))
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self.endInsertRows()

    def remove_row(self, position: int) -> T:
        """Stop showing the row at ``position``; returns it."""
        self.beginRemoveRows(QModelIndex(), position, position)
        row = self._rows.pop(position)
        self.endRemoveRows()
        return row

    def replace_rows(self, first: int, rows: Sequence[T]) -> None:
        """Show ``rows`` in place of as many rows from ``first`` (their cells change, no reset)."""
        if not rows:
            return
        last = first + len(rows) - 1
        if first < 0 or last >= len(self._rows):
            raise IndexError(f"rows {first} to {last} are not all shown")
        self._rows[first : last + 1] = rows
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

    def rows(self) -> list[T]:
        """The rows shown, in order."""
        return list(self._rows)

    def row_at(self, row: int) -> T | None:
        """The record of ``row``, or None when there is no such row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.row_at(index.row()) if index.isValid() else None
        if record is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return str(index.row() + 1) if column.place else column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(record)
        if role == BADGE_ROLE:
            return column.badge(record) if column.badge is not None else None
        if role == ROW_ROLE:
            return record
        if role == CASE_ROLE:
            return self._case_of(record) if self._case_of is not None else None
        return None


class OpenableTable(QTableView):
    """A read-only table of whole rows, one selected at a time, in the app's one look (fixed row
    height, no row numbers, Tab leaves it); Enter or a double click on a row emits
    :attr:`open_requested`."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())

    def set_column_chars(self, chars: Iterable[int]) -> None:
        """Start each column (after the model is set) as wide as so many average characters."""
        char = self.fontMetrics().averageCharWidth()
        for column, count in enumerate(chars):
            self.setColumnWidth(column, count * char + 16)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ENTER_KEYS and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        super().keyPressEvent(event)


class RowsTable(OpenableTable):
    """A list of records, its columns as wide as they say, named for screen readers."""

    def __init__(self, model: RowsModel[Any], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(_object_name(name))
        self.setAccessibleName(name)
        self.setModel(model)
        self.setItemDelegate(BadgeDelegate(self))
        self.set_column_chars(column.chars for column in model.columns)


def _object_name(name: str) -> str:
    """The object name of a table called ``name``: "Due list" gives "dueList"."""
    first, *rest = name.split()
    return first.lower() + "".join(word.capitalize() for word in rest)


def current_row(table: QAbstractItemView) -> int:
    """The selected row of ``table`` (-1 when none)."""
    index = table.currentIndex()
    return index.row() if index.isValid() else -1


def select_row(table: QTableView, row: int) -> None:
    """Select ``row`` (kept within the table), making it current: where the keyboard starts."""
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
        _remember(settings, f"{key}/header", header, header.sectionResized)
    if splitter is not None:
        _remember(settings, f"{key}/splitter", splitter, splitter.splitterMoved)


def _remember(
    settings: QSettings, key: str, widget: QHeaderView | QSplitter, moved: SignalInstance
) -> None:
    """Restore ``widget`` from ``key``; save it there whenever ``moved`` fires."""
    state = settings.value(key)
    if state is not None:
        widget.restoreState(state)
    moved.connect(lambda *_: settings.setValue(key, widget.saveState()))
