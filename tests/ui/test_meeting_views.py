"""The Meetings view and the agenda editor on real demo caseloads, offscreen.

The 2021 policy's monthly Case Transfer Meeting takes its day from the first sitting typed;
Nottingham's locality hub meetings sit on Tuesdays in three areas. Every child is fictional.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from app.services import meetings
from app.services.workspace import Workspace, open_workspace
from tests.ui.meetings_support import prepare_first
from tests.ui.support import plain_copy, settle, shown_window
from ui.main_window import MainWindow
from ui.meetings.agenda_editor import AgendaEditor
from ui.meetings.meetings_view import MeetingsView


def editor_in_front(window: MainWindow) -> AgendaEditor:
    editor = window.tabs.currentWidget()
    assert isinstance(editor, AgendaEditor)
    return editor


def test_the_view_menu_opens_the_meetings_of_the_pack(
    own_window: MainWindow, own_workspace: Workspace
) -> None:
    texts = [a.text() for a in own_window.view_menu.actions()]
    assert "Transfer &meetings" in texts and "Transfer &calendar" in texts
    view = own_window.meetings.open_meetings()
    assert isinstance(view, MeetingsView) and own_window.tabs.currentWidget() is view
    assert [view.meeting.itemData(i) for i in range(view.meeting.count())] == [
        m.id for m in own_workspace.pack.meetings
    ]
    # the monthly meeting names no day: nothing is listed until its first sitting is typed
    assert view.upcoming.rowCount() == 0 and "first sitting" in view.about.text()
    assert own_window.meetings.open_meetings() is view  # a second request brings the same tab


def test_preparing_a_sitting_opens_exactly_the_services_agenda(
    own_window: MainWindow, own_workspace: Workspace, today: date
) -> None:
    view, meeting_id = prepare_first(own_window, today)
    editor = editor_in_front(own_window)
    assert editor.case_ids() == list(meetings.agenda(own_workspace, meeting_id).case_ids)
    assert editor.case_ids(), "the demo's 2021 caseload brings cases to the meeting"
    assert view.on_record.rowCount() == 1 and view.upcoming.rowCount() > 0
    first = view.upcoming.row_at(0)
    assert first is not None and first.stored is not None  # the prepared sitting, with its state
    header = editor.header.facts.text()
    assert "Status: Planned" in header and "Cut-off" in header
    assert editor.header.headings.isVisible() is False or "Standard agenda" in (
        editor.header.headings.text()
    )


def test_a_bad_day_is_a_message_next_to_the_field(own_window: MainWindow) -> None:
    view = own_window.meetings.open_meetings()
    assert view is not None
    view.day.setText("31/02/2027")
    assert view.prepare_typed() is None
    assert "Sitting date" in view.day_check.error.text() and view.day_check.error.isVisible()
    assert view.on_record.rowCount() == 0


def test_reorder_and_remove_persist_and_ctrl_z_puts_back(
    qtbot, own_window: MainWindow, own_workspace: Workspace, today: date
) -> None:  # type: ignore[no-untyped-def]
    _, meeting_id = prepare_first(own_window, today)
    editor = editor_in_front(own_window)
    before = editor.case_ids()
    assert len(before) >= 3
    editor.table.setFocus()
    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    moved = [before[1], before[0], *before[2:]]
    assert editor.case_ids() == moved
    assert list(meetings.agenda(own_workspace, meeting_id).case_ids) == moved  # stored at once
    assert editor.table.currentIndex().row() == 1  # the moved item stays selected
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert list(meetings.agenda(own_workspace, meeting_id).case_ids) == before
    editor.table.selectRow(1)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    gone = [before[0], *before[2:]]
    assert (
        editor.case_ids() == gone
        and list(meetings.agenda(own_workspace, meeting_id).case_ids) == gone
    )
    assert "Ctrl+Z" in editor.message.text()
    editor.rebuild()  # a rebuild does not bring a removed item back
    assert before[1] not in editor.case_ids()
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert list(meetings.agenda(own_workspace, meeting_id).case_ids) == before  # back where it was
    assert editor.case_ids() == before


def test_adding_a_case_by_id_and_a_case_that_is_not_there(
    own_window: MainWindow, own_workspace: Workspace, today: date
) -> None:
    _, meeting_id = prepare_first(own_window, today)
    editor = editor_in_front(own_window)
    with own_workspace.unit_of_work() as uow:
        outside = sorted(uow.cases.child_ids() - set(editor.case_ids()))[0]
    editor.case_box.setText(outside)
    editor.add_typed_case()
    assert editor.case_ids()[-1] == outside
    assert meetings.agenda(own_workspace, meeting_id).case_ids[-1] == outside
    assert editor.model.row_at(len(editor.case_ids()) - 1).entry.record.origin == "manual"  # type: ignore[union-attr]
    editor.case_box.setText(editor.case_ids()[0])
    editor.add_typed_case()
    assert "already on the agenda" in editor.message.text()
    assert editor.current_case() == editor.case_ids()[0] and editor.case_ids()[-1] == outside
    editor.case_box.setText("NO-SUCH-CASE")
    editor.add_typed_case()
    assert "no case 'NO-SUCH-CASE'" in editor.message.text()
    assert editor.case_box.text() == "NO-SUCH-CASE"  # kept, to correct


def test_an_edit_changes_its_row_only_and_reads_no_agenda_again(
    qtmodeltester,
    qtbot,
    own_window: MainWindow,
    own_workspace: Workspace,
    today: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    _, meeting_id = prepare_first(own_window, today)
    editor = editor_in_front(own_window)
    with own_workspace.unit_of_work() as uow:
        outside = sorted(uow.cases.child_ids() - set(editor.case_ids()))[0]
    changes: list[tuple[str, int, int]] = []
    model = editor.model
    model.modelReset.connect(lambda: changes.append(("reset", 0, 0)))
    model.rowsInserted.connect(lambda _p, first, last: changes.append(("in", first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: changes.append(("out", first, last)))

    def whole_agenda(*_args: object) -> None:
        raise AssertionError("the whole agenda was read again")

    monkeypatch.setattr(meetings, "agenda", whole_agenda)
    editor.table.setFocus()
    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    order = editor.case_ids()
    editor.table.selectRow(1)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    editor.case_box.setText(outside)
    editor.add_typed_case()
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    end = len(order) - 1  # one taken off, so the added case lands at the old length less one
    assert changes == [("out", 1, 1), ("in", end, end), ("in", 1, 1)]
    assert editor.case_ids() == [*order, outside] and editor.current_case() == order[1]
    numbers = [model.index(n, 0).data() for n in range(model.rowCount())]
    assert numbers == [str(n) for n in range(1, len(order) + 2)]  # "No." follows the rows
    assert "is back on the agenda" in editor.message.text()
    assert f"{len(order) + 1} case(s)" in editor.header.facts.text()
    qtmodeltester.check(model)
    monkeypatch.undo()
    assert list(meetings.agenda(own_workspace, meeting_id).case_ids) == editor.case_ids()


def test_a_move_swaps_two_rows_with_their_stored_records_and_reads_nothing_else(
    qtbot,
    own_window: MainWindow,
    own_workspace: Workspace,
    today: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    _, meeting_id = prepare_first(own_window, today)
    editor = editor_in_front(own_window)
    before = editor.case_ids()
    assert len(before) >= 3
    changed: list[tuple[int, int]] = []
    editor.model.dataChanged.connect(lambda first, last: changed.append((first.row(), last.row())))

    def whole(*_args: object) -> None:
        raise AssertionError("the whole agenda was read or numbered again")

    monkeypatch.setattr(meetings, "agenda", whole)
    monkeypatch.setattr(meetings, "reorder", whole)
    editor.table.setFocus()
    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)  # first
    editor.table.selectRow(2)
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert changed == [(1, 2)] and editor.table.currentIndex().row() == 1
    assert editor.case_ids() == [before[0], before[2], before[1], *before[3:]]
    monkeypatch.undo()
    stored = meetings.agenda(own_workspace, meeting_id).entries
    assert [r.entry.record for r in editor.model.rows()] == [e.record for e in stored]
    shown = editor.case_ids()  # another window moves the second item up behind its back:
    meetings.move_item(own_workspace, stored[1].record.id, -1)
    editor.table.selectRow(1)
    qtbot.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert editor.case_ids() == shown  # the store's order, read again: nothing shown wrongly
    assert editor.case_ids() == list(meetings.agenda(own_workspace, meeting_id).case_ids)


def test_agenda_pdf_and_calendar_file_carry_the_case_ids(
    own_window: MainWindow,
    own_workspace: Workspace,
    today: date,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, meeting_id = prepare_first(own_window, today)
    editor = editor_in_front(own_window)
    pdf = editor.save_pdf(tmp_path / "agenda.pdf")
    assert pdf is not None
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "OFFICIAL-SENSITIVE" in text
    assert all(case_id in text for case_id in editor.case_ids())
    ics = editor.export_ics(tmp_path / "meeting.ics")
    assert ics is not None
    (event,) = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    held = meetings.agenda(own_workspace, meeting_id).sitting.held_on
    assert event.decoded("dtstart") == held
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    assert editor.save_pdf(tmp_path / "missing" / "agenda.pdf") is None
    assert "Could not write" in told[0] and "Choose another folder" in told[0]


def test_nottingham_lists_its_areas_and_tuesday_sittings(
    qtbot, pack_demo, tmp_path: Path, settings: QSettings, today: date
) -> None:  # type: ignore[no-untyped-def]
    ws = open_workspace(plain_copy(pack_demo("nottingham-city-2018"), tmp_path / "n.sqlite3"))
    window = shown_window(qtbot, settings, today, ws, size=(1400, 900))
    view = window.meetings.open_meetings()
    assert view is not None and view.area.isVisibleTo(view)
    assert [view.area.itemData(i) for i in range(view.area.count())] == [
        "north",
        "central",
        "south",
    ]
    rows = view.upcoming.rows()
    assert len(rows) == 6
    for row in rows:  # held on a Tuesday, or the working day after a closed Tuesday
        assert row.window.sitting.scheduled.weekday() == 1
        assert ws.calendar.is_working_day(row.window.held)
    view.area.setCurrentIndex(1)
    view.upcoming_table.setFocus()
    window.activateWindow()  # after the other windows of this module
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(view.upcoming_table, Qt.Key.Key_Return)  # Enter prepares the selected one
    agenda = window.tabs.currentWidget()
    assert isinstance(agenda, AgendaEditor)
    assert meetings.agenda(ws, agenda.meeting_id).sitting.area == "central"
    assert agenda.meeting_id == view.selected_sitting()
    view.area.setCurrentIndex(0)
    assert view.on_record.rowCount() == 0  # the central sitting is not the north one's
    settle()


def test_the_agenda_remembers_its_column_widths(
    own_window: MainWindow, settings: QSettings, today: date
) -> None:
    _, meeting_id = prepare_first(own_window, today)
    editor = editor_in_front(own_window)
    editor.table.setColumnWidth(3, 333)
    own_window.close_current_case()  # Ctrl+W closes the agenda tab
    settle()
    again = own_window.meetings.open_agenda(meeting_id)
    assert again is not None and again is not editor
    assert again.table.columnWidth(3) == 333
