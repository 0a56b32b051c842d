"""Two lists across sittings: the open actions (mark one done), and the shared transfer
calendar (agreed transfers and joint visits, week by week; one agreed and then disputed stays,
marked disputed). Enter or a double click on a row about a case opens that case.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from app.domain.meetings import CalendarEntry
from app.services import meeting_outputs, meetings
from app.services.meetings import DueAction
from app.services.workspace import Workspace
from ui.meetings.columns import CALENDAR_COLUMNS, OPEN_ACTION_COLUMNS, CalendarRow
from ui.meetings.sharing import save_calendar
from ui.rows_table import CASE_ROLE, RowsModel, RowsTable, current_row, select_row
from ui.widgets import section_title

CALENDAR_WEEKS = 6


class CaseList(QWidget):
    """A titled table whose rows may be about a case: Enter opens it."""

    case_requested = Signal(str)

    def __init__(self, title: str, table: RowsTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.bar = QHBoxLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(section_title(title))
        layout.addWidget(self.note)
        layout.addWidget(table, 1)
        layout.addLayout(self.bar)
        table.open_requested.connect(self.open_current)
        self.setFocusProxy(table)

    def open_current(self) -> None:
        """Ask for the case of the selected row, if it is about one."""
        index = self.table.currentIndex()
        case_id = index.data(CASE_ROLE) if index.isValid() else None
        if case_id:
            self.case_requested.emit(case_id)


class ActionsView(CaseList):
    """Open actions of every sitting, soonest due first; Ctrl+D marks the selected one done."""

    def __init__(self, ws: Workspace, today: date, parent: QWidget | None = None) -> None:
        self.model = RowsModel[DueAction](OPEN_ACTION_COLUMNS, case_of=lambda a: a.action.child_id)
        table = RowsTable(self.model, "Open actions")
        super().__init__("Open actions of the transfer meetings", table, parent)
        self.model.setParent(self)
        self.ws = ws
        self.today = today
        done = QPushButton("Mark &done")
        done.setToolTip("Mark the selected action done today (Ctrl+D)")
        done.clicked.connect(self.mark_done)
        shortcut = QShortcut(QKeySequence("Ctrl+D"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.mark_done)
        self.bar.addWidget(done)
        self.bar.addStretch(1)
        self.refresh()

    def refresh(self, keep_row: int = 0) -> None:
        """Read the open actions again."""
        found = meetings.open_actions(self.ws, today=self.today)
        self.model.set_rows(found)
        overdue = sum(1 for a in found if a.overdue)
        self.note.setText(f"{len(found)} open action(s), {overdue} overdue.")
        select_row(self.table, keep_row)

    def mark_done(self) -> None:
        """Mark the selected action done today; it leaves the list."""
        row = current_row(self.table)
        action = self.model.row_at(row)
        if action is None:
            return
        meetings.complete_action(self.ws, action.action.id, self.today)
        self.refresh(keep_row=row)


class CalendarView(CaseList):
    """The shared transfer calendar from this week, with the weeks to show and a .ics export."""

    def __init__(self, ws: Workspace, today: date, parent: QWidget | None = None) -> None:
        self.model = RowsModel[CalendarRow](
            CALENDAR_COLUMNS, case_of=lambda r: r.entry.case_id if r.entry else None
        )
        super().__init__("Transfer calendar", RowsTable(self.model, "Transfer calendar"), parent)
        self.model.setParent(self)
        self.ws = ws
        self.today = today
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 52)
        self.weeks.setValue(CALENDAR_WEEKS)
        self.weeks.setAccessibleName("Weeks to show")
        self.weeks.valueChanged.connect(lambda _v: self.refresh())
        label = QLabel("&Weeks")
        label.setBuddy(self.weeks)
        export = QPushButton("&Export .ics…")
        export.clicked.connect(lambda: self.export_ics())
        for widget in (label, self.weeks, export):
            self.bar.addWidget(widget)
        self.bar.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """Read the agreed dates again."""
        weeks = meeting_outputs.transfer_calendar(self.ws, self.today, self.weeks.value())
        rows = []
        for week in weeks:
            found = [self._row(week.monday, e) for e in week.entries]
            rows += found or [CalendarRow(week.monday, None)]
        self.model.set_rows(rows)
        agreed = sum(1 for r in rows if r.entry is not None)
        disputed = sum(1 for r in rows if r.entry is not None and r.entry.disputed)
        under = f", {disputed} of them disputed" if disputed else ""
        self.note.setText(
            f"{agreed} agreed date(s) from the week of {weeks[0].monday:%d %b %Y}{under}. "
            "Enter opens the case."
        )
        select_row(self.table, 0)

    def _row(self, monday: date, entry: CalendarEntry) -> CalendarRow:
        return CalendarRow(monday, entry, self._team(entry.from_team), self._team(entry.to_team))

    def _team(self, team_id: str | None) -> str:
        if not team_id:
            return ""
        try:
            return self.ws.pack.team(team_id).name
        except KeyError:
            return team_id

    def span(self) -> tuple[date, date]:
        """The first and last day shown."""
        first = self.today - timedelta(days=self.today.weekday())
        return first, first + timedelta(weeks=self.weeks.value(), days=-1)

    def export_ics(self, chosen: Path | None = None) -> Path | None:
        """Save the agreed dates shown as a calendar file (case ids only)."""
        make = partial(meeting_outputs.transfers_ics, self.ws, *self.span())
        return save_calendar(self, "Transfer calendar", "Transfers.ics", make, chosen)
