"""Running a sitting: who came, a decision on each case, the actions, then held and minuted.

Each decision goes through ``record_decision`` (one unit of work: the item and the case's
transfer change together, or neither); an action typed with it is added after it. Ctrl+Enter
records the decision of the selected case; "Mark the sitting held" freezes its agenda. A case
whose transfer is disputed says so beside its decision: agreeing it settles the dispute.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services import meeting_outputs, meeting_views, meetings
from app.services.meetings import AgendaView, MeetingError
from app.services.workspace import Workspace
from ui.background import run_with_progress
from ui.meetings.agenda_editor import load_agenda, with_fresh_records
from ui.meetings.attendance import AttendancePanel
from ui.meetings.columns import SITTING_ACTION_COLUMNS, AgendaRow, run_columns
from ui.meetings.decision_form import DecisionForm
from ui.meetings.dispute_note import DisputeNote
from ui.meetings.fields import BadValue
from ui.meetings.sitting_header import SittingHeader
from ui.printing import ask_pdf_path, open_file, private_path, write_file
from ui.rows_table import RowsModel, RowsTable, current_row, remember_layout, select_row
from ui.widgets import section_title


class RunMeetingView(QWidget):
    """One sitting as it happens; tells the window when transfers changed (by case id)."""

    transfers_changed = Signal(str)
    case_requested = Signal(str)
    #: The sitting changed (a decision, an action done, marked held): other views read again.
    changed = Signal()
    #: An agreed decision resolved open disagreements: the Disagreements and Due views read again.
    disputes_settled = Signal()

    def __init__(
        self,
        ws: Workspace,
        meeting_id: int,
        today: date,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.meeting_id = meeting_id
        self.today = today
        self.view: AgendaView | None = None
        self.items = RowsModel(run_columns(ws.pack), case_of=lambda r: r.case_id, parent=self)
        self.actions_model = RowsModel(SITTING_ACTION_COLUMNS, parent=self)
        self.form = DecisionForm(ws, today)
        self.dispute = DisputeNote()
        self.attendance = AttendancePanel(ws, meeting_id)
        self._build()
        remember_layout(
            settings, "meetings/run", header=self.table.horizontalHeader(), splitter=self.splitter
        )
        self.reload()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = SittingHeader(headings=False)
        self.table = RowsTable(self.items, "Cases to decide")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_item())
        self.table.doubleClicked.connect(lambda _i: self._open_case())
        self.actions_table = RowsTable(self.actions_model, "Actions of this sitting")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("fieldError")
        self.done = QLabel()
        self.done.setWordWrap(True)
        self.sitting_notes = QPlainTextEdit()
        self.sitting_notes.setAccessibleName("Notes of the sitting")
        self.sitting_notes.setTabChangesFocus(True)
        self.sitting_notes.setMaximumHeight(self.fontMetrics().height() * 4)
        record = QPushButton("Record the &decision")
        record.setToolTip("Save the decision and any new action (Ctrl+Enter)")
        record.clicked.connect(self.record_decision)
        shortcut = QAction(self)
        shortcut.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.triggered.connect(self.record_decision)
        self.addAction(shortcut)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._left())
        splitter.addWidget(self._right(record))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._sitting_bar())
        chain = [self.table, *self.form.fields(), record, self.actions_table]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _left(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(section_title("Cases"))
        column.addWidget(self.table, 3)
        column.addWidget(self.attendance, 2)
        return box

    def _right(self, record: QPushButton) -> QScrollArea:
        box = QWidget()
        column = QVBoxLayout(box)
        column.addWidget(section_title("Decision on the selected case"))
        column.addWidget(self.dispute)
        column.addWidget(self.form)
        row = QHBoxLayout()
        row.addWidget(record)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.message)
        column.addWidget(self.done)
        column.addWidget(section_title("Actions of this sitting"))
        column.addWidget(self.actions_table, 1)
        complete = QPushButton("Mark the action d&one")
        complete.clicked.connect(self.complete_action)
        column.addWidget(complete)
        area = QScrollArea()
        area.setWidget(box)
        area.setWidgetResizable(True)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return area

    def _sitting_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        label = QLabel("Sitting &notes")
        label.setBuddy(self.sitting_notes)
        bar.addWidget(label)
        bar.addWidget(self.sitting_notes, 1)
        self.held_button = QPushButton("Mark the sitting &held")
        self.held_button.clicked.connect(self.mark_held)
        minutes = QPushButton("&Save minutes PDF…")
        minutes.clicked.connect(lambda: self.save_minutes())
        print_minutes = QPushButton("&Print minutes")
        print_minutes.clicked.connect(lambda: self.print_minutes())
        for button in (self.held_button, minutes, print_minutes):
            bar.addWidget(button)
        return bar

    # -- reading --------------------------------------------------------------------------------

    def reload(self, keep_row: int = 0) -> None:
        """Read the sitting again (in the background) and select ``keep_row``."""
        view, rows = run_with_progress(
            self, "Reading the sitting…", lambda: load_agenda(self.ws, self.meeting_id)
        )
        self._show(view, rows, keep_row)
        self.sitting_notes.setPlainText(view.sitting.notes)  # not on a refresh: typing is kept
        self.attendance.load(view.sitting.meeting_type)

    def refresh_decisions(self, keep_row: int) -> None:
        """Show the decisions and status as stored now (the cases are not described again)."""
        if self.view is not None:
            view, rows = with_fresh_records(self.ws, self.view, self.items.rows())
            self._show(view, rows, keep_row)

    def _show(self, view: AgendaView, rows: list[AgendaRow], keep_row: int) -> None:
        self.view = view
        self.header.show_view(view)
        self.items.set_rows(rows)
        self.actions_model.set_rows(meeting_views.sitting_actions(self.ws, self.meeting_id))
        self.held_button.setEnabled(view.sitting.status == "planned")
        select_row(self.table, keep_row)
        self._show_item()

    def selected(self) -> AgendaRow | None:
        """The case whose decision the form shows."""
        return self.items.row_at(current_row(self.table))

    def _show_item(self) -> None:
        row = self.selected()
        self.message.clear()
        if row is not None:
            self.form.show_item(row.entry.record)
        self._show_dispute(row)

    def _show_dispute(self, row: AgendaRow | None) -> None:
        """Say beside the decision whether the case's transfer has open disagreements."""
        if row is None or self.view is None:
            self.dispute.show_views([], self.today)
            return
        try:
            views = meeting_views.open_disagreements(self.ws, row.entry.record.id, self.today)
        except MeetingError:  # the item went meanwhile: the next reload drops it
            views = []
        self.dispute.show_views(views, self.view.sitting.held_on)

    # -- deciding -------------------------------------------------------------------------------

    def record_decision(self) -> int | None:
        """Check the form; if it reads whole, record the decision (and its action).

        Returns the transfer touched. A bad field shows its message and nothing is saved.
        """
        row, view = self.selected(), self.view
        if row is None or view is None:
            return None
        self.form.clear_errors()
        self.message.clear()
        try:
            typed = self.form.read(view.sitting.held_on)
            action = self.form.read_action()
        except BadValue as exc:
            self.form.show_error(exc)
            return None
        settles = typed.decision == "agreed" and not self.dispute.isHidden()
        try:
            transfer_id = meetings.record_decision(
                self.ws,
                row.entry.record.id,
                typed.decision,
                receiving_team=typed.receiving_team,
                receiving_worker=typed.receiving_worker,
                transfer_date=typed.transfer_date,
                joint_visit_on=typed.joint_visit_on,
                notes=typed.notes,
            )
            if action is not None:
                meetings.add_action(
                    self.ws, self.meeting_id, action.text, owner=action.owner,
                    due_on=action.due_on, case_id=row.case_id,
                )  # fmt: skip
        except MeetingError as exc:
            self.message.setText(f"Not saved: {exc}.")
            return None
        self._after_decision(row, str(typed.decision), transfer_id, settles)
        return transfer_id

    def _after_decision(
        self, row: AgendaRow, decision: str, transfer_id: int | None, settled: bool
    ) -> None:
        number = current_row(self.table)
        self.refresh_decisions(keep_row=min(number + 1, self.items.rowCount() - 1))
        what = f"; transfer {transfer_id} updated" if transfer_id is not None else ""
        what += " and its open disagreement(s) resolved" if settled else ""
        self.done.setText(f"Recorded for {row.case_id}: {decision}{what}.")
        self.done.setAccessibleName(self.done.text())
        self.transfers_changed.emit(row.case_id)
        self.changed.emit()
        if settled:
            self.disputes_settled.emit()
        self.table.setFocus()

    def complete_action(self) -> None:
        """Mark the selected action of this sitting done today."""
        action = self.actions_model.row_at(current_row(self.actions_table))
        if action is None or action.done_on is not None:
            return
        meetings.complete_action(self.ws, action.id, date.today())
        self.actions_model.set_rows(meeting_views.sitting_actions(self.ws, self.meeting_id))
        self.changed.emit()

    def mark_held(self) -> None:
        """Mark the sitting held (its agenda is then frozen) and keep its notes."""
        notes = self.sitting_notes.toPlainText().strip()
        meetings.set_status(self.ws, self.meeting_id, "held", notes)
        left = sum(1 for r in self.items.rows() if r.entry.record.decision is None)
        self.refresh_decisions(keep_row=current_row(self.table))
        carried = f" {left} case(s) not reached carry over to the next sitting." if left else ""
        self.done.setText(f"The sitting is marked held.{carried}")
        self.changed.emit()

    def _open_case(self) -> None:
        row = self.selected()
        if row is not None:
            self.case_requested.emit(row.case_id)

    # -- the minutes ----------------------------------------------------------------------------

    def _name(self) -> str:
        held = self.view.sitting.held_on if self.view else date.today()
        return f"Minutes {self.meeting_id} {held:%Y-%m-%d}.pdf"

    def save_minutes(self, chosen: Path | None = None) -> Path | None:
        """Save the minutes as a PDF (asks where, unless ``chosen``)."""
        out = chosen or ask_pdf_path(self, "Minutes", self._name())
        return out if out and self._write(out) else None

    def print_minutes(self) -> Path | None:
        """Open the minutes PDF in the system's viewer, to print it."""
        out = private_path(self._name())
        return open_file(out) if self._write(out) else None

    def _write(self, out: Path) -> bool:
        write = partial(meeting_outputs.write_minutes, self.ws, self.meeting_id, out)
        return write_file(self, "Minutes", out, write)
