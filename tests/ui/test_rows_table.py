"""The one table of records (ui/rows_table.py): columns, tooltips, roles, keys and layout.

Real widgets offscreen; the rows are plain frozen records (fictional case ids only).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from ui.badges import BADGE_ROLE
from ui.main_window import MainWindow
from ui.rows_table import (
    CASE_ROLE,
    ROW_ROLE,
    Column,
    RowsModel,
    RowsTable,
    current_row,
    remember_layout,
    select_row,
)


@dataclass(frozen=True)
class Item:
    case_id: str | None
    what: str
    late: bool = False


COLUMNS: tuple[Column[Item], ...] = (
    Column("Case", lambda i: i.case_id or "—", tip="The case it is about", chars=10),
    Column(
        "What",
        lambda i: i.what,
        row_tip=lambda i: f"In full: {i.what}" if i.late else None,
        badge=lambda i: "overdue" if i.late else None,
        chars=30,
    ),
)
ITEMS = [Item("000001-1", "Send the checklist", late=True), Item(None, "Book the room")]


def make_table(qtbot) -> RowsTable:  # type: ignore[no-untyped-def]
    model = RowsModel(COLUMNS, case_of=lambda i: i.case_id)
    table = RowsTable(model, "Open items")
    model.setParent(table)
    qtbot.addWidget(table)
    model.set_rows(ITEMS)
    table.resize(600, 300)
    table.show()
    qtbot.waitExposed(table)
    return table


def double_click(qtbot, table: QAbstractItemView, point: QPoint) -> None:  # type: ignore[no-untyped-def]
    """A double click as a hand makes it: the view only reports one that follows a press."""
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RowsModel(COLUMNS, case_of=lambda i: i.case_id)
    model.set_rows(ITEMS)
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_headers_say_their_title_to_screen_readers_and_tip_only_when_they_have_one() -> None:
    model = RowsModel(COLUMNS)
    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(c, horizontal) for c in range(2)] == ["Case", "What"]
    assert model.headerData(1, horizontal, Qt.ItemDataRole.AccessibleTextRole) == "What"
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) == "The case it is about"
    assert model.headerData(1, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert model.headerData(2, horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_a_cells_tooltip_is_its_row_tip_where_the_column_has_one_else_its_text() -> None:
    model = RowsModel(COLUMNS, case_of=lambda i: i.case_id)
    model.set_rows(ITEMS)
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.index(0, 0).data(tip) == "000001-1"  # no row tip: the whole text
    assert model.index(0, 1).data(tip) == "In full: Send the checklist"
    assert model.index(1, 1).data(tip) is None  # the row tip says there is nothing to add
    assert model.index(1, 0).data(Qt.ItemDataRole.AccessibleTextRole) == "—"
    assert model.index(0, 1).data(BADGE_ROLE) == "overdue"
    assert model.index(0, 0).data(BADGE_ROLE) is None
    assert model.index(1, 0).data(ROW_ROLE) == ITEMS[1]
    assert [model.index(r, 0).data(CASE_ROLE) for r in range(2)] == ["000001-1", None]
    assert model.row_at(2) is None and model.rows() == ITEMS


def test_a_model_without_case_of_names_no_case() -> None:
    model = RowsModel(COLUMNS)
    model.set_rows(ITEMS)
    assert model.index(0, 0).data(CASE_ROLE) is None


def test_enter_and_a_double_click_ask_once_for_the_current_row(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = make_table(qtbot)
    assert table.accessibleName() == "Open items" and table.objectName() == "openItems"
    opened: list[int] = []
    table.open_requested.connect(lambda: opened.append(current_row(table)))
    qtbot.keyClick(table, Qt.Key.Key_Return)  # nothing current yet: nothing to open
    assert opened == []
    select_row(table, 1)
    qtbot.keyClick(table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert opened == [1]
    centre = table.visualRect(table.model().index(0, 1)).center()
    double_click(qtbot, table, centre)
    assert opened == [1, 0]


def test_select_row_keeps_within_the_table(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = make_table(qtbot)
    select_row(table, 9)
    assert current_row(table) == 1
    select_row(table, -3)
    assert current_row(table) == 0
    assert table.selectionModel().isRowSelected(0)
    table.model().set_rows([])  # type: ignore[attr-defined]
    select_row(table, 0)
    assert current_row(table) == -1


def test_column_widths_come_back_from_settings(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    first = make_table(qtbot)
    remember_layout(settings, "items", header=first.horizontalHeader())
    first.setColumnWidth(0, 321)  # as a drag of the header would
    settings.sync()
    again = make_table(qtbot)
    assert again.columnWidth(0) != 321
    remember_layout(settings, "items", header=again.horizontalHeader())
    assert again.columnWidth(0) == 321
    remember_layout(None, "items", header=again.horizontalHeader())  # no settings: nothing kept


def test_a_double_click_on_the_register_opens_that_case_once(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.panel
    assert panel is not None and panel.model.rowCount() > 2
    requested: list[str] = []
    panel.case_requested.connect(requested.append)
    point: QPoint = panel.table.visualRect(panel.model.index(2, 0)).center()
    double_click(qtbot, panel.table, point)
    QApplication.processEvents()
    record = window.case_tab()
    assert record is not None
    assert requested == [record.view.case_id]
    assert record.view.case_id == panel.model.case_at(2).case_id  # type: ignore[union-attr]
