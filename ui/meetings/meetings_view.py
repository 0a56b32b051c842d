"""The Meetings view: the pack's transfer meetings, their next sittings and those on record.

Choose a meeting (and its area, where it has several), then prepare a coming sitting's agenda,
or open the agenda of a sitting on record, or run it. A meeting whose rule names no day (a
monthly meeting "on the day of the first sitting") and a meeting convened per case take the day
typed in "Prepare a sitting on".
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.meetings import day_words
from app.services import meeting_views, meetings
from app.services.meeting_views import MeetingOverview, SittingSummary
from app.services.workspace import Workspace
from ui.background import run_with_progress
from ui.meetings.columns import ON_RECORD_COLUMNS, UPCOMING_COLUMNS, UpcomingRow
from ui.meetings.fields import BadValue, Checked, DateText
from ui.rows_table import RowsModel, RowsTable, current_row, select_row
from ui.widgets import section_title, wrapping_label


class MeetingsView(QWidget):
    """The pack's meetings; asks for an agenda to edit or a sitting to run, by meeting id."""

    agenda_requested = Signal(int)
    run_requested = Signal(int)

    def __init__(self, ws: Workspace, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.today = today
        self.overview: MeetingOverview | None = None
        self.upcoming = RowsModel(UPCOMING_COLUMNS, parent=self)
        self.on_record = RowsModel[SittingSummary](ON_RECORD_COLUMNS, parent=self)
        self._build()
        for meeting in ws.pack.meetings:
            self.meeting.addItem(meeting.name, meeting.id)
        self.meeting.currentIndexChanged.connect(self._on_meeting)
        self.area.currentIndexChanged.connect(lambda _i: self.refresh())
        self._on_meeting()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.meeting = QComboBox()
        self.meeting.setAccessibleName("Meeting")
        self.area = QComboBox()
        self.area.setAccessibleName("Area")
        self.about = wrapping_label()
        self.about.setAccessibleName("About this meeting")
        self.upcoming_table = RowsTable(self.upcoming, "Next sittings")
        self.record_table = RowsTable(self.on_record, "Sittings on record")
        self.day = DateText("Sitting date")
        self.day_check = Checked(self.day)
        self.prepare_button = QPushButton("&Prepare the agenda")
        self.prepare_button.setToolTip("Build the agenda of the selected sitting (Enter)")
        self.prepare_button.clicked.connect(self.prepare_selected)
        self.prepare_day_button = QPushButton("Prepare on this &date")
        self.prepare_day_button.clicked.connect(self.prepare_typed)
        self.open_button = QPushButton("Open the a&genda")
        self.open_button.clicked.connect(self._open_agenda)
        self.run_button = QPushButton("&Run the meeting")
        self.run_button.clicked.connect(self._run)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self._chooser())
        layout.addWidget(self.about)
        layout.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._section("Next sittings", self.upcoming_table, self._prepare_bar()))
        splitter.addWidget(
            self._section("Sittings on record", self.record_table, self._record_bar())
        )
        layout.addWidget(splitter, 1)
        self._keys()

    def _chooser(self) -> QHBoxLayout:
        row = QHBoxLayout()
        labels = []
        for text, combo in (("&Meeting", self.meeting), ("Ar&ea", self.area)):
            label = QLabel(text)
            label.setBuddy(combo)
            labels.append(label)
            row.addWidget(label)
            row.addWidget(combo, 1 if combo is self.meeting else 0)
        self.area_label = labels[1]
        return row

    def _section(self, title: str, table: RowsTable, bar: QHBoxLayout) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(section_title(title))
        column.addWidget(table, 1)
        column.addLayout(bar)
        return box

    def _prepare_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(self.prepare_button)
        bar.addSpacing(18)
        label = QLabel("Or prepare a sitting &on")
        label.setBuddy(self.day)
        bar.addWidget(label)
        bar.addWidget(self.day_check)
        bar.addWidget(self.prepare_day_button)
        bar.addStretch(1)
        return bar

    def _record_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(self.open_button)
        bar.addWidget(self.run_button)
        bar.addStretch(1)
        return bar

    def _keys(self) -> None:
        self.upcoming_table.open_requested.connect(self.prepare_selected)
        self.record_table.open_requested.connect(self._open_agenda)

    # -- showing --------------------------------------------------------------------------------

    def _on_meeting(self) -> None:
        meeting = self.ws.pack.meeting(self.meeting.currentData())
        self.area.blockSignals(True)
        self.area.clear()
        for area in meeting.areas:
            self.area.addItem(area.capitalize(), area)
        self.area.blockSignals(False)
        self.area.setVisible(bool(meeting.areas))
        self.area_label.setVisible(bool(meeting.areas))
        self.refresh()

    def refresh(self) -> None:
        """Read the chosen meeting's sittings again."""
        area = self.area.currentData() or ""
        overview = meeting_views.meeting_overview(
            self.ws, self.meeting.currentData(), self.today, area
        )
        self.overview = overview
        stored = {s.record.held_on: s for s in overview.on_record}
        self.upcoming.set_rows([UpcomingRow(w, stored.get(w.held)) for w in overview.upcoming])
        self.on_record.set_rows(overview.on_record)
        self.about.setText(describe(overview, self.ws))
        select_row(self.upcoming_table, 0)
        select_row(self.record_table, 0)
        self.prepare_button.setEnabled(bool(overview.upcoming))
        self.open_button.setEnabled(bool(overview.on_record))
        self.run_button.setEnabled(bool(overview.on_record))

    # -- doing ----------------------------------------------------------------------------------

    def prepare_selected(self) -> int | None:
        """Prepare the agenda of the selected coming sitting and open it."""
        row = self.upcoming.row_at(current_row(self.upcoming_table))
        return None if row is None else self.prepare(row.window.sitting.scheduled)

    def prepare_typed(self) -> int | None:
        """Prepare the sitting on the day typed (the first sitting, or a per-case meeting)."""
        self.day_check.clear_error()
        try:
            day = self.day.value()
        except BadValue as exc:
            self.day_check.show_error(str(exc))
            self.day.setFocus()
            return None
        if day is None:
            self.day_check.show_error("Sitting date: type the day the meeting sits (dd/mm/yyyy).")
            self.day.setFocus()
            return None
        return self.prepare(day)

    def prepare(self, day: date) -> int | None:
        """Plan the sitting on ``day``, build its agenda (in the background) and open it."""
        meeting_type, area = self.meeting.currentData(), self.area.currentData() or ""
        self.message.clear()
        work = partial(meetings.prepare_meeting, self.ws, meeting_type, day, area=area)
        try:
            meeting_id = run_with_progress(self, f"Building the agenda for {day_words(day)}…", work)
        except meetings.MeetingError as exc:
            self.message.setText(f"Not prepared: {exc}.")
            return None
        self.refresh()
        self.agenda_requested.emit(meeting_id)
        return meeting_id

    def selected_sitting(self) -> int | None:
        """The id of the selected sitting on record."""
        summary = self.on_record.row_at(current_row(self.record_table))
        return None if summary is None else summary.record.id

    def _open_agenda(self) -> None:
        meeting_id = self.selected_sitting()
        if meeting_id is not None:
            self.agenda_requested.emit(meeting_id)

    def _run(self) -> None:
        meeting_id = self.selected_sitting()
        if meeting_id is None:
            QMessageBox.information(self, "Run the meeting", "Prepare a sitting first.")
            return
        self.run_requested.emit(meeting_id)


def describe(overview: MeetingOverview, ws: Workspace) -> str:
    """What the manager needs to know about the meeting, in a few lines."""
    meeting = overview.meeting
    lines = [f"{overview.cadence}. Source: {meeting.cite}."]
    if meeting.chair:
        lines.append(f"Chair: {_role(ws, meeting.chair)}.")
    if overview.per_case:
        lines.append("It has no schedule: type the day it is convened and prepare it.")
    elif overview.waits_for_first_sitting:
        lines.append(
            "Its day comes from the first sitting: type the date of the first one and prepare it."
        )
    elif overview.first_sitting:
        lines.append(f"First sitting: {day_words(overview.first_sitting)}.")
    if meeting.agenda:
        lines.append(f"Standard agenda: {len(meeting.agenda)} headings.")
    return " ".join(lines)


def _role(ws: Workspace, role_id: str) -> str:
    try:
        return ws.pack.role(role_id).name
    except KeyError:
        return role_id.replace("-", " ")
