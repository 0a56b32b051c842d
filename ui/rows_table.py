"""A read-only table of plain rows for the managers' views (Due, Disagreements).

:class:`RowsModel` shows a list of frozen records through a tuple of :class:`Column`s; a column
may carry a badge (state as words on a coloured pill, never colour alone). :class:`RowsTable`
is the view: whole-row selection, Enter or a double click asks for the row to open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.badges import BADGE_ROLE, BadgeDelegate
from ui.table_base import ColumnsTableModel

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class Column(Generic[T]):
    """A column: its header, tooltip, width in average characters, the cell's text, and
    optionally the badge key of the cell (see :data:`ui.badges.BADGES`)."""

    title: str
    tip: str
    chars: int
    text: Callable[[T], str]
    badge: Callable[[T], str] | None = None


class RowsModel(ColumnsTableModel, Generic[T]):
    """Rows of records, shown through ``columns``; replaced whole by :meth:`set_rows`."""

    def __init__(self, columns: Sequence[Column[T]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[T]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.row_at(index.row()) if index.isValid() else None
        if record is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return column.text(record)
        if role == BADGE_ROLE and column.badge is not None:
            return column.badge(record)
        return None


class RowsTable(QTableView):
    """A managers' view table; Enter or a double click on a row emits :attr:`open_requested`."""

    open_requested = Signal()

    def __init__(self, model: RowsModel[Any], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name.replace(" ", ""))
        self.setAccessibleName(name)
        self.setModel(model)
        self.setItemDelegate(BadgeDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(True)
        char = self.fontMetrics().averageCharWidth()
        for number, column in enumerate(model.columns):
            self.setColumnWidth(number, column.chars * char + 16)
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())

    def current_row(self) -> int:
        """The selected row, or -1."""
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def select_first(self) -> None:
        """Put the cursor on the first row (if any), so the keyboard can start there."""
        if self.model().rowCount() > 0:
            self.setCurrentIndex(self.model().index(0, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        super().keyPressEvent(event)
