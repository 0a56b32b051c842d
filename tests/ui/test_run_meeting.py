"""Running a sitting on the desktop: decisions that update the transfers, field messages that
save nothing, attendance, actions, the minutes PDF, the lists across sittings; and every table
model checked by qtmodeltester. A real 2021 demo caseload (fictional children), offscreen.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import meeting_outputs, meetings
from app.services.workspace import Workspace
from tests.ui.meetings_support import prepare_first
from ui.case_record import CaseRecordWidget
from ui.main_window import MainWindow
from ui.meetings.agenda_editor import AgendaEditor
from ui.meetings.attendance import AttendanceModel, Person
from ui.meetings.lists import ActionsView, CalendarView
from ui.meetings.run_view import RunMeetingView


@pytest.fixture
def run(own_window: MainWindow, today: date) -> RunMeetingView:
    """The first sitting, prepared and open to run."""
    _, meeting_id = prepare_first(own_window, today)
    shown = own_window.meetings.open_run(meeting_id)
    assert isinstance(shown, RunMeetingView)
    return shown


def held(run: RunMeetingView) -> date:
    assert run.view is not None
    return run.view.sitting.held_on


def fill(run: RunMeetingView, decision: str, transfer: str = "", visit: str = "") -> None:
    form = run.form
    form.decision.setCurrentIndex(form.decision.findText(decision))
    form.transfer_date.setText(transfer)
    form.joint_visit.setText(visit)


def transfers_of(ws: Workspace, case_id: str) -> list[tuple[int, str, date | None]]:
    with ws.unit_of_work() as uow:
        return [(t.id, t.status, t.transfer_date) for t in uow.transfers.of_child(case_id)]


def test_an_agreed_decision_updates_the_cases_transfer(
    run: RunMeetingView, own_workspace: Workspace
) -> None:
    row = run.selected()
    assert row is not None
    on = held(run) + timedelta(days=21)
    fill(run, "Agreed", f"{on:%d/%m/%Y}", f"{on - timedelta(days=7):%d/%m/%Y}")
    run.form.notes.setPlainText("Agreed at the sitting")
    transfer_id = run.record_decision()
    assert transfer_id is not None, run.message.text()
    assert (transfer_id, "agreed", on) in transfers_of(own_workspace, row.case_id)
    stored = next(
        e.record
        for e in meetings.agenda(own_workspace, run.meeting_id).entries
        if e.case_id == row.case_id
    )
    assert stored.decision == "agreed" and stored.transfer_id == transfer_id
    assert stored.transfer_date == on and stored.notes == "Agreed at the sitting"
    assert f"Recorded for {row.case_id}: agreed" in run.done.text()
    assert run.items.row_at(0).entry.record.decision == "agreed"  # type: ignore[union-attr]
    assert run.items.index(0, 5).data() == "Children in Care team"  # the transfer's, as proposed
    assert run.table.currentIndex().row() == 1  # on to the next case
    weeks = meeting_outputs.transfer_calendar(own_workspace, held(run), weeks=6)
    assert row.case_id in [e.case_id for w in weeks for e in w.entries]


@pytest.mark.parametrize(
    ("transfer", "visit", "field", "words"),
    [
        ("31/02/2027", "", "transfer_date", "is not a day of the calendar"),
        ("next week", "", "transfer_date", "is not a date: type it as dd/mm/yyyy"),
        ("before", "", "transfer_date", "cannot be before the meeting"),
        ("after", "later", "joint_visit", "on or before the transfer"),
    ],
)
def test_a_bad_date_shows_its_message_and_saves_nothing(
    run: RunMeetingView, own_workspace: Workspace, transfer: str, visit: str, field: str, words: str
) -> None:
    row = run.selected()
    assert row is not None
    day = held(run)
    typed = {"before": day - timedelta(days=1), "after": day + timedelta(days=10)}
    transfer = f"{typed[transfer]:%d/%m/%Y}" if transfer in typed else transfer
    visit = f"{day + timedelta(days=20):%d/%m/%Y}" if visit == "later" else visit
    before = transfers_of(own_workspace, row.case_id)
    fill(run, "Agreed", transfer, visit)
    run.form.action_text.setText("Book the joint visit")
    run.form.action_owner.setText("Fen Worker")
    assert run.record_decision() is None
    check = run.form.checks[field]
    assert check.error.isVisibleTo(run) and words in check.error.text()
    assert check.field.accessibleDescription()  # a screen reader hears it too
    assert transfers_of(own_workspace, row.case_id) == before
    stored = meetings.agenda(own_workspace, run.meeting_id).entries[0].record
    assert stored.decision is None
    assert (
        meetings.open_actions(own_workspace) == []
    )  # the action typed with it was not saved either
    fill(run, "Deferred")
    run.record_decision()
    assert not check.error.isVisibleTo(run)  # the message goes once the value is right
    assert meetings.agenda(own_workspace, run.meeting_id).entries[0].record.decision == "deferred"


def test_an_action_needs_its_owner(run: RunMeetingView, own_workspace: Workspace) -> None:
    fill(run, "Deferred")
    run.form.action_text.setText("Chase the chronology")
    assert run.record_decision() is None
    assert "Action owner: say who will do it" in run.form.checks["action_owner"].error.text()
    run.form.action_owner.setText("Fen Worker")
    run.form.action_due.setText(f"{held(run) + timedelta(days=5):%d/%m/%Y}")
    run.record_decision()
    (action,) = meetings.open_actions(own_workspace)
    assert action.action.text == "Chase the chronology" and action.action.owner == "Fen Worker"
    assert run.actions_model.rowCount() == 1


def test_keyboard_only_decision(qtbot, run: RunMeetingView, own_workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    run.table.setFocus()
    qtbot.keyClick(run.table, Qt.Key.Key_Down)
    row = run.selected()
    assert row is not None and run.table.currentIndex().row() == 1
    qtbot.keyClick(run.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is run.form.decision
    qtbot.keyClicks(run.form.decision, "D")  # Deferred
    assert run.form.decision.currentText() == "Deferred"
    for field in (run.form.team, run.form.worker, run.form.transfer_date, run.form.joint_visit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is field
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is run.form.notes
    qtbot.keyClicks(run.form.notes, "Waiting for the final hearing")
    qtbot.keyClick(run.form.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = next(
        e.record
        for e in meetings.agenda(own_workspace, run.meeting_id).entries
        if e.case_id == row.case_id
    )
    assert stored.decision == "deferred" and stored.notes == "Waiting for the final hearing"


def test_attendance_held_and_the_minutes_pdf(
    run: RunMeetingView, own_workspace: Workspace, tmp_path: Path
) -> None:
    model = run.attendance.model
    assert model.rowCount() >= 1 and all(not p.name for p in model.people)  # the pack's roles
    model.setData(model.index(0, 0), "Ines Chair")
    model.setData(model.index(1, 0), "Ravi Absent")
    model.setData(model.index(1, 3), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.index(1, 3).data() == "Apologies"
    assert run.attendance.save() == 2
    row = run.selected()
    assert row is not None
    fill(run, "Agreed", f"{held(run) + timedelta(days=14):%d/%m/%Y}")
    assert run.record_decision() is not None
    run.sitting_notes.setPlainText("Quorate.")
    run.mark_held()
    assert run.view is not None and run.view.sitting.status == "held"
    assert not run.held_button.isEnabled() and "marked held" in run.done.text()
    pdf = run.save_minutes(tmp_path / "minutes.pdf")
    assert pdf is not None
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "AGREED" in text and row.case_id in text and "Ines Chair" in text
    decided = text[text.index(f"{row.case_id} AGREED") :]  # agreed as proposed: its team shows
    assert decided.startswith(f"{row.case_id} AGREED Children in Care team")
    assert "Apologies" in text and "NOT REACHED" in text and "Quorate." in text


def test_open_actions_and_the_transfer_calendar_open_their_cases(
    qtbot, own_window: MainWindow, run: RunMeetingView, own_workspace: Workspace
) -> None:  # type: ignore[no-untyped-def]
    row = run.selected()
    assert row is not None
    fill(run, "Agreed", f"{held(run) + timedelta(days=14):%d/%m/%Y}")
    run.form.action_text.setText("Send the Appendix A checklist")
    run.form.action_owner.setText("Fen Worker")
    assert run.record_decision() is not None
    actions = own_window.meetings.open_actions()
    assert isinstance(actions, ActionsView) and actions.model.rowCount() == 1
    assert actions.model.index(0, 1).data() in ("Open, no date", "Open")
    calendar = own_window.meetings.open_calendar()
    assert isinstance(calendar, CalendarView)
    found = [
        r for r, x in enumerate(calendar.model.rows()) if x.entry and x.entry.case_id == row.case_id
    ]
    assert found, "the agreed transfer date is on the calendar"
    calendar.table.setFocus()
    calendar.table.selectRow(found[0])
    qtbot.keyClick(calendar.table, Qt.Key.Key_Return)
    record = own_window.tabs.currentWidget()
    assert isinstance(record, CaseRecordWidget) and record.view.case_id == row.case_id
    own_window.meetings.open_actions()
    actions.table.setFocus()
    actions.table.selectRow(0)
    qtbot.keyClick(actions.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert actions.model.rowCount() == 0 and meetings.open_actions(own_workspace) == []


def test_every_table_model_passes_the_model_tester(
    qtmodeltester, own_window: MainWindow, run: RunMeetingView
) -> None:  # type: ignore[no-untyped-def]
    fill(run, "Agreed", f"{held(run) + timedelta(days=14):%d/%m/%Y}")
    run.form.action_text.setText("Book the joint visit")
    run.form.action_owner.setText("Cass Worker")
    assert run.record_decision() is not None
    meetings_view = own_window.meetings.open_meetings()
    agenda = own_window.meetings.open_agenda(run.meeting_id)
    actions, calendar = own_window.meetings.open_actions(), own_window.meetings.open_calendar()
    assert meetings_view and isinstance(agenda, AgendaEditor) and actions and calendar
    models = [
        meetings_view.upcoming,
        meetings_view.on_record,
        agenda.model,
        run.items,
        run.actions_model,
        run.attendance.model,
        actions.model,
        calendar.model,
    ]
    for model in models:
        assert model.rowCount() > 0, type(model).__name__
        qtmodeltester.check(model)
    people = AttendanceModel([Person("Ines Chair", "Chair")])
    qtmodeltester.check(people)
    people.add_person()
    qtmodeltester.check(people)


def test_an_open_agenda_follows_the_sitting_and_freezes_once_held(
    own_window: MainWindow, run: RunMeetingView
) -> None:
    agenda = own_window.meetings.open_agenda(run.meeting_id)
    assert isinstance(agenda, AgendaEditor) and agenda.actions_["remove"].isEnabled()
    own_window.meetings.open_run(run.meeting_id)
    fill(run, "Deferred")
    run.record_decision()
    assert agenda.model.row_at(0).entry.record.decision == "deferred"  # type: ignore[union-attr]
    run.mark_held()
    assert not agenda.actions_["remove"].isEnabled() and not agenda.case_box.isEnabled()
    assert "Status: Held" in agenda.header.facts.text()


def test_a_decision_keeps_the_attendance_being_typed(run: RunMeetingView) -> None:
    model = run.attendance.model
    model.setData(model.index(0, 0), "Ines Chair")
    run.sitting_notes.setPlainText("Quorate.")
    fill(run, "Deferred")
    run.record_decision()
    assert model.index(0, 0).data() == "Ines Chair"
    assert run.sitting_notes.toPlainText() == "Quorate."
