"""The agenda editor of one sitting: the items the pack's rules brought, in the manager's order.

Add a case by id (with completion), remove an item (Delete; Ctrl+Z puts it back where it was),
move it up or down (Ctrl+Up / Ctrl+Down), rebuild from the caseload (F5), save the agenda as a
PDF (Ctrl+S), open it to print, or export the sitting as a calendar file (Ctrl+E). Every change
goes through :mod:`app.services.meetings` at once; a held sitting's agenda is read-only.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSettings, QStringListModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services import meeting_outputs, meeting_views, meetings
from app.services.meeting_views import ItemRecord
from app.services.meetings import AddedEntry, AgendaEntry, AgendaView, MeetingError
from app.services.register import Register, RegisterFilter, RegisterSort
from app.services.workspace import Workspace
from ui.background import run_with_progress
from ui.meetings.columns import AGENDA_COLUMNS, AgendaRow, reason_line
from ui.meetings.sharing import save_calendar
from ui.meetings.sitting_header import SittingHeader
from ui.printing import ask_pdf_path, open_file, private_path, write_file
from ui.rows_table import RowsModel, RowsTable, current_row, remember_layout, select_row
from ui.widgets import section_title

COMPLETIONS = 20
#: What :meth:`AgendaEditor._outcome` returns when the service refused the change.
REFUSED = object()
T = TypeVar("T")


def load_agenda(ws: Workspace, meeting_id: int) -> tuple[AgendaView, list[AgendaRow]]:
    """The sitting's agenda and its rows, with the children's names."""
    view = meetings.agenda(ws, meeting_id)
    return view, agenda_rows(ws, view.entries)


def agenda_rows(ws: Workspace, entries: Sequence[AgendaEntry]) -> list[AgendaRow]:
    """Rows of ``entries``, with the children's names and the teams receiving them."""
    names = meeting_views.case_names(ws, [e.case_id for e in entries])
    teams = meeting_views.receiving_teams(ws, [e.record for e in entries])
    return [AgendaRow(e, names.get(e.case_id, ""), teams.get(e.record.id)) for e in entries]


def with_fresh_records(
    ws: Workspace, view: AgendaView, rows: list[AgendaRow]
) -> tuple[AgendaView, list[AgendaRow]]:
    """``view`` and ``rows`` with the sitting and its items as stored now (decisions, status).

    Cheap: the cases are not described again (a large agenda takes seconds to describe).
    """
    sitting = meeting_views.sitting(ws, view.sitting.id)
    records = {r.id: r for r in meeting_views.agenda_records(ws, sitting.id)}
    teams = meeting_views.receiving_teams(ws, list(records.values()))
    fresh = [
        replace(
            row,
            entry=replace(row.entry, record=records[row.entry.record.id]),
            receiving_team=teams.get(row.entry.record.id),
        )
        for row in rows
        if row.entry.record.id in records
    ]
    return replace(view, sitting=sitting), fresh


def with_record(row: AgendaRow, record: ItemRecord) -> AgendaRow:
    """``row`` showing ``record``, the item as stored now (its case is not described again)."""
    return replace(row, entry=replace(row.entry, record=record))


class AgendaEditor(QWidget):
    """One sitting's agenda, to edit, print and share; asks for a case to open by id."""

    case_requested = Signal(str)
    changed = Signal()

    def __init__(
        self,
        ws: Workspace,
        meeting_id: int,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.meeting_id = meeting_id
        self.model = RowsModel(AGENDA_COLUMNS, case_of=lambda r: r.case_id, parent=self)
        self.removed: list[str] = []  # case ids taken off, the last removed last
        self.view: AgendaView | None = None
        self._build()
        remember_layout(
            settings,
            "meetings/agenda",
            header=self.table.horizontalHeader(),
            splitter=self.splitter,
        )
        self.reload()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = SittingHeader()
        self.table = RowsTable(self.model, "Agenda items")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.table.doubleClicked.connect(lambda _i: self._open_case())
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The selected item: why it is on, what it brings")
        self.detail.setOpenLinks(False)
        self.case_box = QLineEdit()
        self.case_box.setAccessibleName("Case ID to add")
        self.case_box.setPlaceholderText("Case ID")
        self.case_box.returnPressed.connect(self.add_typed_case)
        self.case_box.textEdited.connect(self._complete)
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.case_box.setCompleter(completer)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.actions_ = self._make_actions()
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(section_title("Cases on the agenda"))
        layout.addWidget(splitter, 1)
        layout.addLayout(self._add_bar())
        layout.addWidget(self.message)
        layout.addLayout(self._button_bar())

    def _make_actions(self) -> dict[str, QAction]:
        specs = (
            ("up", "Move &up", "Ctrl+Up", self.move_up),
            ("down", "Move do&wn", "Ctrl+Down", self.move_down),
            ("remove", "&Remove", "Delete", self.remove_current),
            ("undo", "Put &back", "Ctrl+Z", self.undo_remove),
            ("rebuild", "Re&build", "F5", self.rebuild),
            ("pdf", "&Save agenda PDF…", "Ctrl+S", lambda: self.save_pdf()),
            ("print", "Pri&nt agenda", "", lambda: self.print_pdf()),
            ("ics", "&Export .ics…", "Ctrl+E", lambda: self.export_ics()),
        )
        found = {}
        for key, text, shortcut, slot in specs:
            action = QAction(text, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setToolTip(f"{text.replace('&', '')} ({shortcut})")
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            found[key] = action
        return found

    def _add_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        label = QLabel("Add a &case")
        label.setBuddy(self.case_box)
        add = QPushButton("&Add")
        add.clicked.connect(self.add_typed_case)
        bar.addWidget(label)
        bar.addWidget(self.case_box)
        bar.addWidget(add)
        bar.addStretch(1)
        return bar

    def _button_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for key in ("up", "down", "remove", "undo", "rebuild", None, "pdf", "print", "ics"):
            if key is None:
                bar.addStretch(1)
                continue
            action = self.actions_[key]
            button = QPushButton(action.text())
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            bar.addWidget(button)
        return bar

    # -- reading --------------------------------------------------------------------------------

    def reload(self, keep_case: str | None = None) -> None:
        """Read the agenda again (in the background) and select ``keep_case`` if still on it."""
        view, rows = run_with_progress(
            self, "Reading the agenda…", lambda: load_agenda(self.ws, self.meeting_id)
        )
        self._show(view, rows, keep_case)

    def refresh_decisions(self) -> None:
        """Show the decisions and status as stored now (the cases are not described again)."""
        if self.view is not None:
            view, rows = with_fresh_records(self.ws, self.view, self.model.rows())
            self._show(view, rows, self.current_case())

    def _show(self, view: AgendaView, rows: list[AgendaRow], keep_case: str | None) -> None:
        self.view = view
        self.header.show_view(view)
        self.model.set_rows(rows)
        ids = [r.case_id for r in rows]
        select_row(self.table, ids.index(keep_case) if keep_case in ids else 0)
        planned = view.sitting.status == "planned"
        for key in ("up", "down", "remove", "undo", "rebuild"):
            self.actions_[key].setEnabled(planned)
        self.case_box.setEnabled(planned)
        self._show_detail()

    def current_case(self) -> str | None:
        """The case id of the selected item."""
        row = self.model.row_at(current_row(self.table))
        return row.case_id if row else None

    def case_ids(self) -> list[str]:
        """The case ids in the order shown."""
        return [r.case_id for r in self.model.rows()]

    def _show_detail(self) -> None:
        row = self.model.row_at(current_row(self.table))
        self.detail.setHtml(detail_html(row, self.ws) if row else "<p>No case selected.</p>")

    # -- editing --------------------------------------------------------------------------------

    def move_up(self) -> None:
        """Move the selected item one place up (Ctrl+Up)."""
        self._move(-1)

    def move_down(self) -> None:
        """Move the selected item one place down (Ctrl+Down)."""
        self._move(1)

    def _move(self, step: int) -> None:
        """Swap the selected item with the one ``step`` rows away, in the store and on screen
        (only those two rows change; the agenda is read again only if the store's order turns
        out to differ from the one shown)."""
        row = current_row(self.table)
        moving, passed = self.model.row_at(row), self.model.row_at(row + step)
        if moving is None or passed is None:
            return
        swapped = self._outcome(meetings.move_item, self.ws, moving.entry.record.id, step)
        if not isinstance(swapped, tuple):
            return
        moved, other = swapped
        if other.id != passed.entry.record.id:
            self.reload(keep_case=moving.case_id)
            return
        pair = [with_record(moving, moved), with_record(passed, other)]
        first = min(row, row + step)
        self.model.replace_rows(first, pair if step < 0 else pair[::-1])
        select_row(self.table, row + step)

    def remove_current(self) -> None:
        """Take the selected item off the agenda (Delete); Ctrl+Z puts it back."""
        row = current_row(self.table)
        found = self.model.row_at(row)
        if found is None or not self._call(meetings.remove_item, self.ws, found.entry.record.id):
            return
        self.removed.append(found.case_id)
        self.model.remove_row(row)
        self._count_cases()
        select_row(self.table, row)
        self.message.setText(f"{found.case_id} taken off the agenda. Ctrl+Z puts it back.")
        self.changed.emit()

    def undo_remove(self) -> None:
        """Put the last removed item back where it was (Ctrl+Z)."""
        if not self.removed:
            return
        case_id = self.removed.pop()
        if self._put_on(case_id) is not None:
            self.message.setText(f"{case_id} is back on the agenda.")

    def add_typed_case(self) -> None:
        """Add the case whose id is typed (Enter in the box)."""
        case_id = self.case_box.text().strip()
        if not case_id:
            self.message.setText("Type the case ID of the child to add.")
            return
        added = self._put_on(case_id)
        if added is not None:
            self.case_box.clear()
            done = "is already on" if added.was_on else "added to"
            self.message.setText(f"{case_id} {done} the agenda.")

    def _put_on(self, case_id: str) -> AddedEntry | None:
        """Put the case on through the service and show the one item it returns, in its place
        (the rest of the agenda is not read again); None if refused."""
        added = self._outcome(meetings.add_case, self.ws, self.meeting_id, case_id)
        if not isinstance(added, AddedEntry):
            return None
        shown = self.model.row_at(added.place)
        if shown is None or shown.entry.record.id != added.entry.record.id:
            (row,) = agenda_rows(self.ws, [added.entry])
            self.model.insert_row(added.place, row)
            self._count_cases()
            self.changed.emit()
        select_row(self.table, added.place)
        return added

    def _count_cases(self) -> None:
        if self.view is not None:
            self.header.show_view(self.view, self.model.rowCount())

    def rebuild(self) -> None:
        """Bring the agenda up to date with the caseload (F5); the manager's changes stay."""
        keep = self.model.row_at(current_row(self.table))
        work = partial(meetings.refresh_agenda, self.ws, self.meeting_id)
        try:
            run_with_progress(self, "Rebuilding the agenda from the caseload…", work)
        except MeetingError as exc:
            self.message.setText(f"Not rebuilt: {exc}.")
            return
        self.reload(keep_case=keep.case_id if keep else None)
        self.message.setText("Agenda rebuilt from the caseload.")
        self.changed.emit()

    def _call(self, service: Callable[..., object], *args: object) -> bool:
        """Run one service call; whether it was done."""
        return self._outcome(service, *args) is not REFUSED

    def _outcome(self, service: Callable[..., T], *args: object) -> T | object:
        """What one service call returns, or :data:`REFUSED` when it refused; what the manager
        can put right is said under the table."""
        self.message.clear()
        try:
            return service(*args)
        except MeetingError as exc:
            self.message.setText(f"Not changed: {exc}.")
            return REFUSED

    def _complete(self, text: str) -> None:
        if len(text.strip()) < 2:
            return
        register = Register(self.ws, datetime.now().date())
        found = register.page(RegisterFilter(text=text.strip()), RegisterSort(), 0, COMPLETIONS)
        self.completions.setStringList([r.case_id for r in found])

    def _open_case(self) -> None:
        row = self.model.row_at(current_row(self.table))
        if row is not None:
            self.case_requested.emit(row.case_id)

    # -- printing and sharing -------------------------------------------------------------------

    def _file_name(self, what: str, suffix: str) -> str:
        held = self.view.sitting.held_on if self.view else datetime.now().date()
        return f"{what} {self.meeting_id} {held:%Y-%m-%d}.{suffix}"

    def save_pdf(self, chosen: Path | None = None) -> Path | None:
        """Save the agenda as a PDF (asks where, unless ``chosen``)."""
        out = chosen or ask_pdf_path(self, "Agenda", self._file_name("Agenda", "pdf"))
        return out if out and self._write_pdf(out) else None

    def print_pdf(self) -> Path | None:
        """Open the agenda PDF in the system's viewer, to print it."""
        out = private_path(self._file_name("Agenda", "pdf"))
        return open_file(out) if self._write_pdf(out) else None

    def _write_pdf(self, out: Path) -> bool:
        write = partial(meeting_outputs.write_agenda, self.ws, self.meeting_id, out)
        return write_file(self, "Agenda", out, write)

    def export_ics(self, chosen: Path | None = None) -> Path | None:
        """Save the sitting as a calendar file for Outlook (case ids only, never names)."""
        make = partial(meeting_outputs.meeting_ics, self.ws, self.meeting_id)
        name = self._file_name("Meeting", "ics")
        return save_calendar(self, "Calendar file", name, make, chosen)


def detail_html(row: AgendaRow, ws: Workspace) -> str:
    """The selected item in full: reasons with their sources, documents, readiness, blockers."""
    item = row.entry.item
    e = html.escape
    parts = [f"<h3>{e(row.case_id)} {e(row.name)}</h3>", "<p><b>Why it is on</b></p><ul>"]
    parts += [f"<li>{e(reason_line(r))}</li>" for r in item.reasons]
    parts.append("</ul><p><b>It must bring</b></p><ul>")
    parts += [f"<li>{e(d.name)}</li>" for d in item.documents] or ["<li>Nothing named</li>"]
    readiness = str(item.readiness).capitalize() if item.readiness else "No checklist applies"
    checklist = f" ({e(ws.pack.checklist(item.checklist_id).title)})" if item.checklist_id else ""
    parts.append(f"</ul><p><b>Readiness:</b> {e(readiness)}{checklist}</p>")
    if item.blockers:
        parts.append("<p><b>Blocked by</b></p><ul>")
        for b in item.blockers:
            may = " It may be overridden." if b.overridable else ""
            parts.append(f"<li>{e(b.title)}: {e(b.message)}{may} ({e(b.cite)})</li>")
        parts.append("</ul>")
    if row.entry.record.late:
        parts.append("<p>Added after the cut-off (late).</p>")
    if row.entry.record.decision:
        parts.append(f"<p><b>Decision:</b> {e(row.entry.record.decision.capitalize())}</p>")
    return "".join(parts)
