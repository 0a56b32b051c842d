"""Running a sitting where a case's transfer is disputed: the run screen says so beside the
decision (stage in words); Agreed settles the dispute, Deferred leaves it open; the transfer
calendar keeps an agreed-then-disputed date, marked disputed. A real 2021 demo caseload
(fictional children), offscreen.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.meetings import day_words
from app.services import disagreements as dis
from app.services import meeting_views, meetings
from app.services.workspace import Workspace
from tests.ui.meetings_support import prepare_first
from ui.disagreements import DisagreementsView, open_disagreements
from ui.main_window import MainWindow
from ui.meetings.lists import CalendarView
from ui.meetings.run_view import RunMeetingView

PACK = "case-transfer-policy-2021"
SUBJECT = "Who books the joint visit"


@pytest.fixture
def sitting(own_window: MainWindow, today: date) -> int:
    """The first sitting, prepared from the Meetings view."""
    return prepare_first(own_window, today)[1]


def disputed_row(ws: Workspace, meeting_id: int, day: date) -> tuple[int, int, int]:
    """A disagreement raised on ``day`` on the transfer of the first case on the agenda with
    one: (its row on the run screen, the transfer, the disagreement)."""
    entries = meetings.agenda(ws, meeting_id).entries
    row, transfer_id = next(
        (n, e.item.transfer_id) for n, e in enumerate(entries) if e.item.transfer_id is not None
    )
    raised = datetime.combine(day, time(9, 30))
    return (
        row,
        transfer_id,
        dis.raise_disagreement(ws, transfer_id, subject=SUBJECT, raised_at=raised),
    )


def open_run(win: MainWindow, meeting_id: int, row: int) -> RunMeetingView:
    run = win.meetings.open_run(meeting_id)
    assert isinstance(run, RunMeetingView)
    run.table.selectRow(row)
    return run


def choose(run: RunMeetingView, decision: str) -> None:
    run.form.decision.setCurrentIndex(run.form.decision.findText(decision))


def test_the_run_screen_says_the_transfer_is_disputed_and_agreed_settles_it(
    own_window: MainWindow, own_workspace: Workspace, sitting: int, today: date
) -> None:
    row, transfer_id, disagreement_id = disputed_row(own_workspace, sitting, today)
    shown = open_disagreements(own_window)
    assert isinstance(shown, DisagreementsView)
    assert disagreement_id in [v.record.id for v in shown.model.rows()]
    run = open_run(own_window, sitting, row)
    assert run.view is not None
    held = run.view.sitting.held_on
    note = run.dispute
    assert not note.isHidden()
    assert note.text().startswith(f"Disputed: transfer {transfer_id} has ")
    assert f"• Raised {day_words(today)}: level 1 of " in note.text()
    assert "with Team managers of " in note.text()
    assert f"“Agreed at the transfer meeting of {day_words(held)}”" in note.text()
    assert note.accessibleName() == note.text()
    assert SUBJECT not in note.text()  # the stage, not what the teams disagree about
    case_id = run.items.row_at(row).entry.case_id  # type: ignore[union-attr]
    choose(run, "Agreed")
    assert run.record_decision() == transfer_id, run.message.text()
    assert "and its open disagreement(s) resolved" in run.done.text()
    (settled,) = [
        v for v in dis.list_disagreements(own_workspace, today) if v.record.id == disagreement_id
    ]
    assert settled.record.resolved_on == held
    assert settled.record.resolution == f"Agreed at the transfer meeting of {day_words(held)}"
    with own_workspace.unit_of_work() as uow:
        assert uow.transfers.get(transfer_id).status == "agreed"
    run.table.selectRow(row)
    assert note.isHidden() and note.text() == ""
    assert disagreement_id not in [
        v.record.id for v in shown.model.rows() if v.is_open
    ]  # read again
    assert case_id in run.done.text()


def test_deferring_by_keyboard_leaves_the_dispute_open(
    qtbot, own_window: MainWindow, own_workspace: Workspace, sitting: int, today: date
) -> None:  # type: ignore[no-untyped-def]
    row, transfer_id, disagreement_id = disputed_row(own_workspace, sitting, today)
    run = open_run(own_window, sitting, row)
    choose(run, "Deferred")
    run.table.setFocus()
    qtbot.keyClick(run.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = meetings.agenda(own_workspace, sitting).entries[row].record
    assert stored.decision == "deferred", run.message.text()
    item_id = stored.id
    assert disagreement_id in [
        v.record.id for v in meeting_views.open_disagreements(own_workspace, item_id, today)
    ]
    assert "resolved" not in run.done.text()
    run.table.selectRow(row)
    assert not run.dispute.isHidden() and f"transfer {transfer_id}" in run.dispute.text()


def test_the_calendar_keeps_an_agreed_date_under_dispute(
    own_window: MainWindow, own_workspace: Workspace, sitting: int, today: date, tmp_path: Path
) -> None:
    row, transfer_id, _ = disputed_row(own_workspace, sitting, today)
    run = open_run(own_window, sitting, row)
    assert run.view is not None
    move = run.view.sitting.held_on + timedelta(days=14)
    choose(run, "Agreed")
    run.form.transfer_date.setText(f"{move:%d/%m/%Y}")
    assert run.record_decision() == transfer_id, run.message.text()
    later = datetime.combine(run.view.sitting.held_on + timedelta(days=1), time(9, 0))
    dis.raise_disagreement(own_workspace, transfer_id, subject=SUBJECT, raised_at=later)
    calendar = own_window.meetings.open_calendar()
    assert isinstance(calendar, CalendarView)
    calendar.refresh()
    rows = [r for r in calendar.model.rows() if r.entry and r.entry.transfer_id == transfer_id]
    assert [(r.entry.on, r.entry.disputed) for r in rows if r.entry] == [(move, True)]
    number = calendar.model.rows().index(rows[0])
    titles = [c.title for c in calendar.model.columns]
    status = calendar.model.index(number, titles.index("Status"))
    assert status.data() == "Disputed"
    assert "disagreement between the teams" in status.data(Qt.ItemDataRole.ToolTipRole)
    assert "1 of them disputed" in calendar.note.text()
    ics = calendar.export_ics(tmp_path / "transfers.ics")
    assert ics is not None and b"(disputed)" in ics.read_bytes()
    assert SUBJECT.encode() not in ics.read_bytes()


def test_a_dispute_raised_after_the_sitting_is_not_agreed_away(
    own_window: MainWindow, own_workspace: Workspace, sitting: int
) -> None:
    held = meetings.agenda(own_workspace, sitting).sitting.held_on
    row, transfer_id, disagreement_id = disputed_row(
        own_workspace, sitting, held + timedelta(days=1)
    )
    run = open_run(own_window, sitting, row)
    assert "Raised after this sitting, so it cannot be agreed here" in run.dispute.text()
    choose(run, "Agreed")
    assert run.record_decision() is None
    assert run.message.text().startswith(
        f"Not saved: transfer {transfer_id} has a disagreement raised after this sitting"
    )
    assert meetings.agenda(own_workspace, sitting).entries[row].record.decision is None
    open_ids = [v.record.id for v in dis.list_disagreements(own_workspace, held, open_only=True)]
    assert disagreement_id in open_ids
