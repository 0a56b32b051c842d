"""The managers' Disagreements view: disagreements between teams, their ladder and clocks.

A tab of the main window (View ▸ Disagreements, Ctrl+3), never part of a case record or a
print: a disagreement is not written on the child's file. Raise (on one of the open transfers of
a case), Escalate (one rung up the pack's ladder) and Resolve are dialogs that say what is wrong
next to the field. Enter or a double click opens the case the disagreement is about.
"""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QSettings, QTime, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import disagreements as service
from app.services.disagreements import DisagreementRefused, DisagreementView
from app.services.register import ENVIRONMENT_ERRORS
from app.services.workspace import Workspace
from ui.due_view import DueView
from ui.errors import show_environment_error
from ui.rows_table import Column, RowsModel, RowsTable, current_row, remember_layout, select_row
from ui.widgets import wrapping_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

SHOW_KEY = "disagreements/show"
#: Where the column widths are kept ("disagreements/header").
LAYOUT_KEY = "disagreements"
TITLE = "Disagreements"
SHOW_CHOICES = (("Open", "open"), ("Resolved", "resolved"), ("All", "all"))


def _state(v: DisagreementView) -> str:
    if not v.is_open:
        return f"Resolved {v.record.resolved_on:%d %b %Y}"
    clock = v.next_clock
    if clock is None:
        return "Open — no clock set"
    return f"{'Overdue' if v.overdue else 'Running'} — due {clock.due:%a %d %b %H:%M}"


def _badge(v: DisagreementView) -> str:
    if not v.is_open:
        return "met"
    if v.next_clock is None:
        return "not_applicable"
    return "overdue" if v.overdue else "running"


def _clock_text(v: DisagreementView) -> str:
    return "; ".join(f"{c.timescale.label} ({c.rule})" for c in v.clocks) or "—"


COLUMNS: tuple[Column[DisagreementView], ...] = (
    Column("No.", lambda v: str(v.record.id), tip="The disagreement's number", chars=5),
    Column("State", _state, badge=_badge,
           tip="Resolved, running or overdue, and when the next clock is due", chars=36),
    Column("Case", lambda v: v.record.child_id,
           tip="The case the transfer is for (Enter opens it)", chars=11),
    Column("Transfer", lambda v: str(v.record.transfer_id), tip="The transfer disagreed about",
           chars=9),
    Column("Raised", lambda v: f"{v.record.raised_at:%d %b %Y %H:%M} by {v.record.raised_by}",
           tip="When and by whom", chars=26),
    Column("About", lambda v: v.record.subject, tip="What the teams disagree about", chars=30),
    Column("Level", lambda v: f"{v.record.level} of {v.top_level}",
           tip="Rung of the escalation ladder", chars=8),
    Column("With now", lambda v: v.sits_with, tip="Who it sits with now", chars=36),
    Column("Escalates to", lambda v: v.next_up or "Top of the ladder",
           tip="The next rung of the ladder", chars=36),
    Column("Clocks", _clock_text, tip="The pack's clocks still to meet", chars=50),
    Column("Resolution", lambda v: v.record.resolution or "—", tip="How it was resolved",
           chars=30),
)  # fmt: skip


class DisagreementsView(QWidget):
    """Open and resolved disagreements with Raise, Escalate and Resolve."""

    #: A case to open, by id.
    case_requested = Signal(str)
    #: A disagreement was raised, escalated or resolved here: other views showing its clocks or
    #: its transfer's status read them again.
    changed = Signal()

    def __init__(
        self,
        ws: Workspace,
        today: date,
        settings: QSettings,
        case_in_front: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.today, self.settings = ws, today, settings
        self.case_in_front = case_in_front
        self.model: RowsModel[DisagreementView] = RowsModel(COLUMNS, parent=self)
        self.table = RowsTable(self.model, "Disagreements between teams")
        self.table.open_requested.connect(self.open_current)
        self.show_box = QComboBox()
        self.show_box.setObjectName("disagreementsShow")
        self.show_box.setAccessibleName("Which disagreements to show")
        for text, key in SHOW_CHOICES:
            self.show_box.addItem(text, key)
        wanted = str(settings.value(SHOW_KEY, "open"))
        self.show_box.setCurrentIndex(max(0, self.show_box.findData(wanted)))
        self.show_box.currentIndexChanged.connect(self._show_changed)
        self.raise_button = self._button(
            "&Raise…", "Raise a disagreement on a transfer", self.raise_new
        )
        self.escalate_button = self._button("&Escalate…", "Escalate the selected disagreement",
                                            self.escalate_current)  # fmt: skip
        self.resolve_button = self._button("Re&solve…", "Resolve the selected disagreement",
                                           self.resolve_current)  # fmt: skip
        self.ladder = wrapping_label()
        self.ladder.setObjectName("ladder")
        self.ladder.setAccessibleName("The selected disagreement's ladder")
        self._build()
        remember_layout(settings, LAYOUT_KEY, header=self.table.horizontalHeader())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.reload()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)  # type: ignore[arg-type]
        return button

    def _build(self) -> None:
        bar = QHBoxLayout()
        show_label = QLabel("S&how:")
        show_label.setBuddy(self.show_box)
        for widget in (show_label, self.show_box, self.raise_button, self.escalate_button,
                       self.resolve_button):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        note = QLabel("Managers only: never shown on the child's record or printed packs.")
        note.setObjectName("placeholder")
        bar.addWidget(note)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.ladder)
        order = (self.show_box, self.raise_button, self.escalate_button, self.resolve_button,
                 self.table)  # fmt: skip
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

    # -- showing --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the disagreements again and keep the selection where it was."""
        current = self.current()
        shown = self.show_box.currentData()
        try:
            views = service.list_disagreements(self.ws, self.today, open_only=shown == "open")
        except ENVIRONMENT_ERRORS as error:  # the file went away or is locked: say so, keep rows
            show_environment_error(self, error, TITLE)
            return
        if shown == "resolved":
            views = [v for v in views if not v.is_open]
        self.model.set_rows(views)
        rows = [v.record.id for v in views]
        if current is not None and current.record.id in rows:
            self.table.setCurrentIndex(self.model.index(rows.index(current.record.id), 0))
        else:
            select_row(self.table, 0)
        self._selected()

    def current(self) -> DisagreementView | None:
        return self.model.row_at(current_row(self.table))

    def _selected(self) -> None:
        view = self.current()
        self.escalate_button.setEnabled(view is not None and view.is_open)
        self.resolve_button.setEnabled(view is not None and view.is_open)
        self.ladder.setText(_ladder_text(view) if view else "No disagreement selected.")

    def _show_changed(self) -> None:
        self.settings.setValue(SHOW_KEY, self.show_box.currentData())
        self.reload()

    def open_current(self) -> None:
        view = self.current()
        if view is not None:
            self.case_requested.emit(view.record.child_id)

    # -- actions --------------------------------------------------------------------------------

    def raise_new(self) -> None:
        """Raise a disagreement on an open transfer of the case in front (or one named)."""
        dialog = RaiseDialog(self.ws, self._now(), self.case_in_front, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def escalate_current(self) -> None:
        view = self.current()
        if view is None or not view.is_open:
            return
        if not view.next_up:
            QMessageBox.information(self, TITLE, service.top_message(self.ws.pack, view.record))
            return
        if EscalateDialog(self.ws, view, self._now(), self).exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def resolve_current(self) -> None:
        view = self.current()
        if view is None or not view.is_open:
            return
        if ResolveDialog(self.ws, view, self.today, self).exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def _changed(self) -> None:
        self.reload()
        self.changed.emit()

    def _now(self) -> datetime:
        clock = datetime.now().time().replace(second=0, microsecond=0)
        return datetime.combine(self.today, clock)


def _ladder_text(view: DisagreementView) -> str:
    r = view.record
    lines = [
        f"Disagreement {r.id} on transfer {r.transfer_id} ({r.pathway_id}), level {r.level} of "
        f"{view.top_level}: with {view.sits_with}. {view.rung_text}",
    ]
    if view.is_open and view.next_up:
        lines.append(f"Escalating takes it to: {view.next_up}. {view.next_text}")
    elif view.is_open:
        lines.append("At the top of the ladder: it can only be resolved.")
    return "\n".join(lines)


class _FormDialog(QDialog):
    """A small form whose problems are shown under the field they concern."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.general = self._error_label("general")
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)

    def add_field(self, label: str, field: str, widget: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        column = QVBoxLayout()
        column.addWidget(widget)
        column.addWidget(self._error_label(field))
        self.form.addRow(caption, column)

    def _error_label(self, field: str) -> QLabel:
        label = QLabel()
        label.setObjectName("fieldError")
        label.setStyleSheet("color: #b91c1c;")
        label.setWordWrap(True)
        label.setVisible(False)
        self.errors[field] = label
        return label

    def show_problem(self, field: str, message: str) -> None:
        """Say what is wrong next to ``field`` (above the buttons if no field matches)."""
        for label in self.errors.values():
            label.setVisible(False)
        label = self.errors.get(field, self.general)
        label.setText(f"⚠ {message}")
        label.setAccessibleName(f"Problem: {message}")
        label.setVisible(True)

    def _submit(self) -> None:
        try:
            self.save()
        except DisagreementRefused as refused:
            self.show_problem(refused.field, refused.message)
            return
        except ENVIRONMENT_ERRORS as error:  # locked, read-only, disk full: say so, keep the form
            self.show_problem("general", str(error))
            return
        self.accept()

    def save(self) -> None:
        raise NotImplementedError


class RaiseDialog(_FormDialog):
    """Raise a disagreement: the case, one of its open transfers, what about, by whom, when."""

    def __init__(
        self, ws: Workspace, now: datetime, case_id: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__("Raise a disagreement between teams", parent)
        self.ws = ws
        self.case = QLineEdit(case_id or "")
        self.case.setObjectName("raiseCase")
        self.transfer = QComboBox()
        self.transfer.setObjectName("raiseTransfer")
        self.subject = QPlainTextEdit()
        self.subject.setObjectName("raiseSubject")
        self.subject.setTabChangesFocus(True)
        self.subject.setFixedHeight(self.fontMetrics().height() * 4)
        self.raised_by = QLineEdit()
        self.raised_by.setObjectName("raiseBy")
        self.raised_by.setPlaceholderText("you, when left empty")
        self.raised_at = QDateTimeEdit(_qdatetime(now))
        self.raised_at.setObjectName("raiseAt")
        self.raised_at.setDisplayFormat("dd MMM yyyy HH:mm")
        self.raised_at.setCalendarPopup(True)
        self.add_field("&Case:", "case", self.case)
        self.add_field("&Transfer:", "transfer", self.transfer)
        self.add_field("&About:", "subject", self.subject)
        self.add_field("Raised &by:", "raised_by", self.raised_by)
        self.add_field("Raised &at:", "raised_at", self.raised_at)
        self.case.editingFinished.connect(self._fill_transfers)
        self._fill_transfers()

    def _fill_transfers(self) -> None:
        self.transfer.clear()
        case_id = self.case.text().strip()
        if not case_id:
            return
        for t in service.open_transfers(self.ws, case_id):
            self.transfer.addItem(f"Transfer {t.id}: {t.pathway_id} ({t.status})", t.id)

    def save(self) -> None:
        case_id = self.case.text().strip()
        if not case_id:
            raise DisagreementRefused("case", "Enter the case id of the child being transferred.")
        if self.transfer.count() == 0:
            self._fill_transfers()
        if self.transfer.currentData() is None:
            raise DisagreementRefused(
                "transfer",
                f"Case {case_id} has no transfer under way: start one (Case ▸ Start "
                "transfer, Ctrl+T) before raising a disagreement about it.",
            )
        service.raise_disagreement(
            self.ws,
            int(self.transfer.currentData()),
            subject=self.subject.toPlainText(),
            raised_at=self.raised_at.dateTime().toPython(),  # type: ignore[arg-type]
            raised_by=self.raised_by.text(),
        )


class EscalateDialog(_FormDialog):
    """Escalate one rung: shows who it goes to and what the procedure says there."""

    def __init__(
        self, ws: Workspace, view: DisagreementView, now: datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Escalate disagreement {view.record.id}", parent)
        self.ws, self.view = ws, view
        target = wrapping_label(
            f"From level {view.record.level} ({view.sits_with}) to level "
            f"{view.record.level + 1}: {view.next_up}."
        )
        target.setObjectName("escalateTarget")
        self.form.addRow(target)
        self.at = QDateTimeEdit(_qdatetime(now))
        self.at.setObjectName("escalateAt")
        self.at.setDisplayFormat("dd MMM yyyy HH:mm")
        self.at.setCalendarPopup(True)
        self.add_field("Escalated &at:", "at", self.at)

    def save(self) -> None:
        at = self.at.dateTime().toPython()
        service.escalate(self.ws, self.view.record.id, at)  # type: ignore[arg-type]


class ResolveDialog(_FormDialog):
    """Resolve: the date and, required, how it was resolved."""

    def __init__(
        self, ws: Workspace, view: DisagreementView, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Resolve disagreement {view.record.id}", parent)
        self.ws, self.view = ws, view
        self.on = QDateEdit(QDate(today.year, today.month, today.day))
        self.on.setObjectName("resolveOn")
        self.on.setDisplayFormat("dd MMM yyyy")
        self.on.setCalendarPopup(True)
        self.resolution = QPlainTextEdit()
        self.resolution.setObjectName("resolveText")
        self.resolution.setTabChangesFocus(True)
        self.resolution.setFixedHeight(self.fontMetrics().height() * 4)
        self.add_field("Resolved &on:", "on", self.on)
        self.add_field("&Resolution:", "resolution", self.resolution)

    def save(self) -> None:
        on = self.on.date().toPython()
        service.resolve(self.ws, self.view.record.id, on, self.resolution.toPlainText())  # type: ignore[arg-type]


def _qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )


def install(window: MainWindow) -> tuple[QAction, QAction]:
    """Add View ▸ Disagreements (Ctrl+3) and View ▸ Raise a disagreement on this case."""
    show = QAction("Disa&greements between teams", window)
    show.setShortcut(QKeySequence("Ctrl+3"))
    show.triggered.connect(lambda: open_disagreements(window))
    raise_here = QAction("&Raise a disagreement on this case…", window)
    raise_here.triggered.connect(lambda: raise_on_case_in_front(window))
    window.view_menu.addAction(show)
    window.view_menu.addAction(raise_here)
    return show, raise_here


def open_disagreements(window: MainWindow) -> DisagreementsView | None:
    """Open (or bring forward) the Disagreements tab."""
    record = window.case_tab()
    case_id = record.view.case_id if record is not None else None

    def make() -> DisagreementsView:
        assert window.workspace is not None
        view = DisagreementsView(window.workspace, window.today, window.settings, case_id)
        view.case_requested.connect(window.open_case)
        view.changed.connect(lambda: reload_due(window))
        return view

    shown = window.open_view("disagreements", TITLE, make)
    if isinstance(shown, DisagreementsView):
        if case_id is not None:
            shown.case_in_front = case_id
        shown.table.setFocus()
        return shown
    return None


def raise_on_case_in_front(window: MainWindow) -> None:
    """Raise a disagreement on the case in front, then show it in the Disagreements view."""
    record = window.case_tab()
    if window.workspace is None:
        return
    case_id = record.view.case_id if record is not None else None
    now = datetime.combine(window.today, time(datetime.now().hour, datetime.now().minute))
    if RaiseDialog(window.workspace, now, case_id, window).exec() == QDialog.DialogCode.Accepted:
        reload_due(window)
        shown = open_disagreements(window)
        if shown is not None:
            shown.reload()


def reload_due(window: MainWindow) -> None:
    """The Due tab, if open, reads its clocks again (a disagreement's start or stop)."""
    for index in range(window.tabs.count()):
        tab = window.tabs.widget(index)
        if isinstance(tab, DueView):
            tab.reload()
