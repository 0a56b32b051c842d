"""The Due view: everything falling due in the next N working days, overdue first.

A tab of the main window (View ▸ Due, Ctrl+2, next to Ctrl+1 for the caseload; not Ctrl+D,
which the register's search box takes as "delete"). The number of working days is remembered; the
list is worked out off the UI thread behind a progress dialog (a whole caseload takes seconds).
Enter or a double click opens the item's case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.due import DueItem, DueKind, DueState, due_items
from app.services.register import ENVIRONMENT_ERRORS
from app.services.workspace import Workspace
from ui.background import run_with_progress
from ui.errors import show_environment_error
from ui.rows_table import Column, RowsModel, RowsTable, current_row, remember_layout, select_row

if TYPE_CHECKING:
    from ui.main_window import MainWindow

DAYS_KEY = "due/workingDays"
KIND_KEY = "due/kind"
#: Where the column widths are kept ("due/header").
LAYOUT_KEY = "due"
DEFAULT_DAYS = 10
#: The badge of each state (see ui.badges): the words are the state text itself.
STATE_BADGES = {
    DueState.OVERDUE: "overdue",
    DueState.TODAY: "warned",
    DueState.COMING: "running",
    DueState.UNDATED: "not_applicable",
}

Loader = Callable[[Workspace, date, int], list[DueItem]]


def _due_text(item: DueItem) -> str:
    return f"{item.due_on:%a %d %b %Y}" if item.due_on else "—"


COLUMNS: tuple[Column[DueItem], ...] = (
    Column("Due", _due_text, tip="The date it falls due", chars=18),
    Column("State", lambda i: i.state_text, badge=lambda i: STATE_BADGES[i.state],
           tip="Overdue, due today or due in so many working days", chars=30),
    Column("What", lambda i: i.what, tip="What falls due", chars=44),
    Column("Kind", lambda i: i.kind.value, tip="The sort of thing that falls due", chars=16),
    Column("Case", lambda i: i.case_id or "—", tip="The case it belongs to (Enter opens it)",
           chars=11),
    Column("From", lambda i: i.ref,
           tip="The case, transfer, disagreement or meeting it hangs off", chars=16),
    Column("Rule", lambda i: i.rule, tip="The timescale, or who agreed the action", chars=40),
    Column("Section", lambda i: i.cite or "—", tip="Where the procedure says so", chars=30),
)  # fmt: skip


class DueView(QWidget):
    """The Due list with its working-days box and kind filter."""

    #: A case to open, by id.
    case_requested = Signal(str)

    def __init__(
        self,
        ws: Workspace,
        today: date,
        settings: QSettings,
        load: Loader = due_items,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.today, self.settings, self._load = ws, today, settings, load
        self._items: list[DueItem] = []
        self.model: RowsModel[DueItem] = RowsModel(COLUMNS, parent=self)
        self.table = RowsTable(self.model, "Due list")
        self.table.open_requested.connect(self.open_current)
        # Arrowing the days up or down reloads once, after a pause: a big caseload takes seconds.
        self.pending = QTimer(self)
        self.pending.setSingleShot(True)
        self.pending.setInterval(400)
        self.pending.timeout.connect(self.reload)
        self.days = self._days_box()
        self.kind = self._kind_box()
        self.summary = QLabel()
        self.summary.setObjectName("dueSummary")
        self.summary.setAccessibleName("Due list summary")
        self._build()
        remember_layout(settings, LAYOUT_KEY, header=self.table.horizontalHeader())
        self.reload()

    def _build(self) -> None:
        bar = QHBoxLayout()
        days_label = QLabel("Next &working days:")
        days_label.setBuddy(self.days)
        kind_label = QLabel("&Kind:")
        kind_label.setBuddy(self.kind)
        refresh = QPushButton("&Refresh")
        refresh.setAccessibleName("Refresh the Due list")
        refresh.clicked.connect(self.reload)
        for widget in (days_label, self.days, kind_label, self.kind, refresh):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.setTabOrder(self.days, self.kind)
        self.setTabOrder(self.kind, refresh)
        self.setTabOrder(refresh, self.table)

    def _days_box(self) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName("dueDays")
        box.setAccessibleName("Working days ahead")
        box.setRange(0, 60)
        box.setSuffix(" working days")
        box.setValue(int(self.settings.value(DAYS_KEY, DEFAULT_DAYS)))  # type: ignore[call-overload]
        box.setKeyboardTracking(False)  # reload once the number is typed, not at each digit
        box.valueChanged.connect(self._days_changed)
        return box

    def _kind_box(self) -> QComboBox:
        box = QComboBox()
        box.setObjectName("dueKind")
        box.setAccessibleName("Kind of item")
        box.addItem("All kinds", "")
        for kind in DueKind:
            box.addItem(kind.value, kind.value)
        wanted = str(self.settings.value(KIND_KEY, ""))
        box.setCurrentIndex(max(0, box.findData(wanted)))
        box.currentIndexChanged.connect(self._kind_changed)
        return box

    # -- loading and filtering ------------------------------------------------------------------

    def reload(self) -> None:
        """Work the list out again (off the UI thread) and show it."""
        days = self.days.value()
        try:
            self._items = run_with_progress(
                self,
                f"Working out what falls due in the next {days} working days…",
                lambda: self._load(self.ws, self.today, days),
            )
        except ENVIRONMENT_ERRORS as error:  # the file went away or is locked: say so, keep rows
            show_environment_error(self, error, "Due")
            return
        self._show()

    def _show(self) -> None:
        wanted = self.kind.currentData()
        shown = [i for i in self._items if not wanted or i.kind.value == wanted]
        self.model.set_rows(shown)
        select_row(self.table, 0)
        overdue = sum(i.state is DueState.OVERDUE for i in shown)
        today = sum(i.state is DueState.TODAY for i in shown)
        self.summary.setText(f"{len(shown):,} items: {overdue:,} overdue, {today:,} due today")

    def _days_changed(self, days: int) -> None:
        self.settings.setValue(DAYS_KEY, days)
        self.pending.start()

    def _kind_changed(self) -> None:
        self.settings.setValue(KIND_KEY, self.kind.currentData() or "")
        self._show()

    def open_current(self) -> None:
        """Ask for the case of the selected item (items of a meeting alone have none)."""
        item = self.model.row_at(current_row(self.table))
        if item is not None and item.case_id:
            self.case_requested.emit(item.case_id)


def install(window: MainWindow) -> QAction:
    """Add View ▸ Due (Ctrl+2) to the main window."""
    action = QAction("&Due in the next working days", window)
    action.setShortcut(QKeySequence("Ctrl+2"))
    action.triggered.connect(lambda: open_due_view(window))
    window.view_menu.addAction(action)
    return action


def open_due_view(window: MainWindow) -> DueView | None:
    """Open (or bring forward) the Due tab; its items open their cases."""

    def make() -> DueView:
        assert window.workspace is not None
        view = DueView(window.workspace, window.today, window.settings)
        view.case_requested.connect(window.open_case)
        return view

    shown = window.open_view("due", "Due", make)
    if isinstance(shown, DueView):
        shown.table.setFocus()
        return shown
    return None
