"""The caseload register screen: a filter bar over the register table.

Typing in the search box waits :data:`DEBOUNCE_MS` after the last key before asking the database
(Enter asks at once); the team, worker, legal-status, readiness and "due within" filters apply as
soon as they change. Enter (in the search box or the table) or a double click opens the selected
case.

Readiness and due dates are worked out in the background once the panel has shown
(:mod:`ui.readiness_worker`); until then their filters are off (they keep any remembered
choice and apply it when the figures arrive) and their cells read "Working out…".

A fresh start shows the panel over the first window's read-only register
(:class:`app.services.first_register.FirstRegister`) and hands it the workspace's
:class:`~app.services.register.Register` with :meth:`RegisterPanel.use_register` once the core has
loaded; the background work starts then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.first_register import FirstRegister
from app.services.register_rows import RegisterFilter
from ui import labels
from ui.badges import BadgeDelegate
from ui.readiness_text import READINESS_CHOICES
from ui.readiness_worker import StateWorker, start_worker
from ui.register_model import CASE_ID_ROLE, RegisterModel
from ui.rows_table import ENTER_KEYS, OpenableTable

if TYPE_CHECKING:  # the first window shows the panel before the core has been imported
    from app.services.register import PreparedState, Register

DEBOUNCE_MS = 150
#: Column widths in average characters: id, name, age, status, team, worker, readiness,
#: next due, group, flags.
COLUMN_CHARS = (11, 24, 6, 18, 24, 20, 24, 22, 22, 26)
#: "Due within N working days": the default N and the most a manager may ask for.
DUE_DAYS = 10
MAX_DUE_DAYS = 260
NOT_YET = "Available once readiness has been worked out (see the status bar)"
#: How long after the panel is made the background computation starts.
BACKGROUND_DELAY_MS = 400
TEAM_COLUMN = 4
MAX_TEAM_CHARS = 44


class RegisterPanel(QWidget):
    """Filter bar, register table and the signals the main window listens to."""

    #: A case to open, by id.
    case_requested = Signal(str)
    #: (children matching the filters, children in the caseload).
    counts_changed = Signal(int, int)
    #: The background computation of readiness and due dates began / progressed (done, total) /
    #: ended with the figures installed / failed (a message).
    work_started = Signal()
    work_progressed = Signal(int, int)
    work_finished = Signal()
    work_failed = Signal(str)

    def __init__(
        self,
        register: Register | FirstRegister,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        background: bool = True,
    ) -> None:
        super().__init__(parent)
        self.register = register
        self.state_worker: StateWorker | None = None
        self._closed = False  # the caseload was closed: no background work may start on it
        self.model = RegisterModel(register, parent=self)
        self._caseload_size = register.count(RegisterFilter())
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self._build()
        self._fill_choices(settings)
        self.model.counts_changed.connect(self._on_counts)
        if settings is not None:
            self._restore_state(settings)
        self.model.set_filters(self.filters())
        self.model.refresh()
        if self.model.rowCount():
            self.table.selectRow(0)
        if background:  # once the window has shown and painted: the thread holds the GIL a lot
            QTimer.singleShot(BACKGROUND_DELAY_MS, self, self.start_background)

    @property
    def first(self) -> FirstRegister | None:
        """The first window's register while the workspace's is still to come."""
        return self.register if isinstance(self.register, FirstRegister) else None

    def use_register(self, register: Register, *, background: bool = True) -> None:
        """Read from the workspace's ``register`` from now on (it was the first window's), with
        the filters, sort, search and selection shown; then work out readiness behind it."""
        first = self.first
        current = self.current_case_id()
        self.register = register
        self.model.use_source(register)
        self._select_case(current)
        QTimer.singleShot(0, self, self._fill_statuses)
        if first is not None:
            first.close()
        if background:
            QTimer.singleShot(BACKGROUND_DELAY_MS, self, self.start_background)

    # -- readiness and due dates ----------------------------------------------------------------

    def start_background(self) -> None:
        """Work out every case's readiness and next due date on a thread (once)."""
        register = self.register
        if isinstance(register, FirstRegister):  # no workspace yet: use_register starts it
            return
        if self._closed or self.state_worker is not None or register.states_ready:
            return
        self.state_worker = start_worker(register)
        self.state_worker.progressed.connect(self.work_progressed)
        self.state_worker.worked_out.connect(self.install_states)
        self.state_worker.failed.connect(self.work_failed)
        self.destroyed.connect(self.state_worker.stop)
        self.work_started.emit()

    def stop_background(self) -> None:
        """Stop the background computation, if any, and wait for its thread (before the
        caseload's database closes); none starts after this."""
        self._closed = True
        if self.first is not None:
            self.first.close()
        if self.state_worker is not None:
            self.state_worker.stop()

    def install_states(self, prepared: PreparedState) -> None:
        """Readiness and due dates arrived: turn their filters on and show them."""
        current = self.current_case_id()
        self.register.adopt(prepared)
        self._set_state_controls(True)
        self.model.set_filters(self.filters())
        self.model.states_installed()
        self._select_case(current)
        self.work_finished.emit()

    def case_changed(self, case_id: str) -> None:
        """A case changed (a transfer saved, an audit recorded, an edit): work it out again and
        read the register again."""
        current = self.current_case_id()
        self.register.case_changed(case_id)
        self.model.refresh()
        self._select_case(current)

    def _select_case(self, case_id: str | None) -> None:
        """Select ``case_id``'s row if it is loaded, else the first row."""
        row = self.model.row_for_case(case_id) if case_id else -1
        if self.model.rowCount():
            self.table.selectRow(max(row, 0))

    def _set_state_controls(self, enabled: bool) -> None:
        for control in (self.readiness, self.due_check, self.due_days):
            control.setEnabled(enabled)
            control.setToolTip("" if enabled else NOT_YET)
        self.due_days.setEnabled(enabled and self.due_check.isChecked())

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(placeholderText="Search by case ID or name  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search the caseload by case ID or name")
        self.search.textEdited.connect(lambda _text: self._debounce.start())
        self.search.installEventFilter(self)
        self.team = self._combo("Team filter")
        self.worker = self._combo("Worker filter")
        self.status = self._combo("Legal status filter")
        self.readiness = self._combo("Readiness filter")
        for text, value in READINESS_CHOICES:
            self.readiness.addItem(text, value)
        self.due_check = QCheckBox("D&ue within")
        self.due_check.setAccessibleName("Only cases with a clock due within the working days")
        self.due_days = QSpinBox(minimum=0, maximum=MAX_DUE_DAYS, value=DUE_DAYS)
        self.due_days.setSuffix(" working days")
        self.due_days.setAccessibleName("Due within how many working days (overdue included)")
        self.due_check.toggled.connect(self._on_due_toggled)
        self.due_days.valueChanged.connect(lambda _value: self._debounce.start())
        self._set_state_controls(self.register.states_ready)
        self.reset_button = QPushButton("Clear filters")
        self.reset_button.clicked.connect(self.clear_filters)
        self.table = self._make_table()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(self._filter_bar())
        layout.addLayout(self._state_bar())
        layout.addWidget(self.table, 1)

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(16)
        return combo

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.search, 3)
        for text, combo in (
            ("&Team", self.team),
            ("&Worker", self.worker),
            ("Legal &status", self.status),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            bar.addSpacing(6)
            bar.addWidget(label)
            bar.addWidget(combo, 1)
        bar.addSpacing(6)
        bar.addWidget(self.reset_button)
        return bar

    def _state_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        label = QLabel("&Readiness")
        label.setBuddy(self.readiness)
        bar.addWidget(label)
        bar.addWidget(self.readiness)
        bar.addSpacing(12)
        bar.addWidget(self.due_check)
        bar.addWidget(self.due_days)
        bar.addWidget(QLabel("(overdue included)"))
        bar.addStretch(1)
        return bar

    def _make_table(self) -> OpenableTable:
        table = OpenableTable()
        table.setObjectName("register")
        table.setAccessibleName("Caseload register")
        table.setModel(self.model)
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.set_column_chars(COLUMN_CHARS)
        badges = BadgeDelegate(table)
        for key in ("readiness", "due"):
            table.setItemDelegateForColumn(self.model.column_of(key), badges)
        self.no_match = QLabel("No children match the search and filters.")
        self.no_match.setObjectName("placeholder")
        self.no_match.setVisible(False)
        overlay = QVBoxLayout(table.viewport())
        overlay.addWidget(self.no_match, 0, Qt.AlignmentFlag.AlignCenter)
        table.open_requested.connect(self.open_current)
        return table

    def _fill_choices(self, settings: QSettings | None) -> None:
        for combo, everyone in (
            (self.team, "All teams"),
            (self.worker, "All workers"),
            (self.status, "Any status"),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
        teams = self.register.teams()
        for team_id, name in teams:
            self.team.addItem(name, team_id)
        self._fit_team_column([labels.team_short(name) for _, name in teams])
        self._fill_workers()
        if settings is not None and settings.value("register/status", ""):
            self._fill_statuses()
        elif self.first is None:  # a scan of every status spell: after the window has shown
            QTimer.singleShot(0, self, self._fill_statuses)
        for combo in (self.team, self.worker, self.status):
            combo.blockSignals(False)
        for combo in (self.team, self.worker, self.status, self.readiness):
            combo.currentIndexChanged.connect(self._on_choice)

    def _fill_statuses(self) -> None:
        """The legal statuses some child holds today, as choices of the status filter."""
        if self.status.count() > 1:
            return
        self.status.blockSignals(True)
        for code in self.register.statuses():
            self.status.addItem(f"{labels.status_short(code)} — {code}", code)
            self.status.setItemData(
                self.status.count() - 1, labels.status_long(code), Qt.ItemDataRole.ToolTipRole
            )
        self.status.blockSignals(False)

    def _fit_team_column(self, names: list[str]) -> None:
        metrics = self.table.fontMetrics()
        widest = max((metrics.horizontalAdvance(n) for n in names), default=0) + 20
        limit = metrics.averageCharWidth() * MAX_TEAM_CHARS
        self.table.setColumnWidth(
            TEAM_COLUMN, max(self.table.columnWidth(TEAM_COLUMN), min(widest, limit))
        )

    def _fill_workers(self) -> None:
        chosen = self.worker.currentData()
        self.worker.blockSignals(True)
        while self.worker.count() > 1:
            self.worker.removeItem(1)
        for worker_id, name in self.register.workers(self.team.currentData()):
            self.worker.addItem(name, worker_id)
        self.worker.setCurrentIndex(max(0, self.worker.findData(chosen)))
        self.worker.blockSignals(False)

    # -- filtering ------------------------------------------------------------------------------

    def filters(self) -> RegisterFilter:
        """The filters the controls show (readiness and due only once they are worked out)."""
        ready = self.register.states_ready
        return RegisterFilter(
            team_id=self.team.currentData(),
            worker_id=self.worker.currentData(),
            status=self.status.currentData(),
            text=self.search.text().strip(),
            readiness=self.readiness.currentData() if ready else None,
            due_within=self.due_days.value() if ready and self.due_check.isChecked() else None,
        )

    def _on_due_toggled(self, checked: bool) -> None:
        self.due_days.setEnabled(checked and self.register.states_ready)
        self.apply_filters()

    def apply_filters(self) -> None:
        """Ask the register for the rows matching the controls now."""
        self._debounce.stop()
        self.model.set_filters(self.filters())
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def clear_filters(self) -> None:
        """Show the whole caseload."""
        for combo in (self.team, self.worker, self.status, self.readiness):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.due_check.blockSignals(True)
        self.due_check.setChecked(False)
        self.due_check.blockSignals(False)
        self.due_days.setEnabled(False)
        self._fill_workers()
        self.search.clear()
        self.apply_filters()

    def _on_choice(self) -> None:
        if self.sender() is self.team:
            self._fill_workers()
        self.apply_filters()

    def announce_counts(self) -> None:
        """Emit :attr:`counts_changed` for what is shown now."""
        self._on_counts(self.model.total)

    def _on_counts(self, matching: int) -> None:
        self.no_match.setVisible(matching == 0)
        self.counts_changed.emit(matching, self._caseload_size)

    # -- keyboard and opening -------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search box, its text selected (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_case_id(self) -> str | None:
        """The id of the selected row (the first row when none is selected)."""
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        return index.data(CASE_ID_ROLE) if index.isValid() else None

    def open_current(self) -> None:
        """Open the selected case (after any search still waiting for its pause)."""
        if self._debounce.isActive():
            self.apply_filters()
        case_id = self.current_case_id()
        if case_id:
            self.case_requested.emit(case_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and (event.type() == QEvent.Type.KeyPress)
        ):
            key = event.key()
            if key in ENTER_KEYS:
                self.open_current()
                return True
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    # -- remembering ----------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        """Remember the filters (never the search text: it may hold a name) and the columns."""
        settings.setValue("register/team", self.team.currentData() or "")
        settings.setValue("register/worker", self.worker.currentData() or "")
        settings.setValue("register/status", self.status.currentData() or "")
        settings.setValue("register/readiness", self.readiness.currentData() or "")
        settings.setValue("register/due", self.due_check.isChecked())
        settings.setValue("register/due_days", self.due_days.value())
        settings.setValue("register/header", self.table.horizontalHeader().saveState())

    def _restore_state(self, settings: QSettings) -> None:
        """Bring back the filters and column layout saved by :meth:`save_state`."""
        header = settings.value("register/header")
        if header is not None:  # sets the model's sort too (recorded: nothing is loaded yet)
            self.table.horizontalHeader().restoreState(header)
        self._restore_state_filters(settings)
        for key, combo in (("team", self.team), ("worker", self.worker), ("status", self.status)):
            wanted = settings.value(f"register/{key}", "")
            if combo is self.worker and self.team.currentIndex() > 0:
                self._fill_workers()
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(wanted)) if wanted else 0)
            combo.blockSignals(False)

    def _restore_state_filters(self, settings: QSettings) -> None:
        wanted = settings.value("register/readiness", "")
        self.readiness.blockSignals(True)
        self.readiness.setCurrentIndex(max(0, self.readiness.findData(wanted)) if wanted else 0)
        self.readiness.blockSignals(False)
        for control in (self.due_days, self.due_check):
            control.blockSignals(True)
        self.due_days.setValue(_int(settings.value("register/due_days"), DUE_DAYS))
        self.due_check.setChecked(settings.value("register/due", False) in (True, "true"))
        for control in (self.due_days, self.due_check):
            control.blockSignals(False)
        self._set_state_controls(self.register.states_ready)


def _int(value: object, default: int) -> int:
    """A remembered number (QSettings gives text from an INI file), or ``default``."""
    try:
        return int(str(value))
    except ValueError:
        return default
