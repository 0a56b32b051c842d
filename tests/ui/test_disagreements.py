"""The Disagreements view and its dialogs on a real caseload file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, QSettings, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox

from app.services import disagreements as dis
from app.services.due import DueKind
from tests.ui.disputed import CHRISTMAS_EVE, RAISED, all_text, disputed_window, raise_timing
from tests.ui.protecting import when_modal
from ui.disagreements import (
    DisagreementsView,
    EscalateDialog,
    RaiseDialog,
    ResolveDialog,
    open_disagreements,
)
from ui.due_view import DueView, open_due_view


def press_ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def problem(dialog, field: str) -> str:  # type: ignore[no-untyped-def]
    label: QLabel = dialog.errors[field]
    return label.text() if label.isVisibleTo(dialog) else ""


def test_model_passes_the_model_tester(
    qtmodeltester, qtbot, tmp_path: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    window, ws, _, transfer_id = disputed_window(qtbot, tmp_path, settings)
    raise_timing(ws, transfer_id)
    view = open_disagreements(window)
    assert view is not None and view.model.rowCount() == 1
    qtmodeltester.check(view.model)


def test_raise_from_the_case_in_front_validates_next_to_the_field(
    qtbot,
    tmp_path: Path,
    settings: QSettings,  # type: ignore[no-untyped-def]
) -> None:
    window, ws, case_id, transfer_id = disputed_window(qtbot, tmp_path, settings)
    window.open_case(case_id)
    dialog = RaiseDialog(ws, RAISED, case_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.transfer.count() == 1 and dialog.transfer.currentData() == transfer_id
    press_ok(qtbot, dialog)  # nothing said yet
    assert "disagree about" in problem(dialog, "subject") and dialog.isVisible()
    assert dis.list_disagreements(ws, CHRISTMAS_EVE) == []  # nothing half-written
    qtbot.keyClicks(dialog.subject, "Whether the threshold for step-down is met")
    dialog.raised_at.setDateTime(QDateTime(QDate(2026, 12, 24), QTime(14, 0)))
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    [view] = dis.list_disagreements(ws, CHRISTMAS_EVE)
    assert view.record.transfer_id == transfer_id and view.record.raised_by == "tester"
    assert view.next_clock is not None and view.next_clock.due == datetime(2026, 12, 29, 14, 0)
    record = window.case_tab()
    assert record is not None and "disagree" not in all_text(record).lower()


def test_a_case_with_no_transfer_under_way_is_refused(
    qtbot,
    tmp_path: Path,
    settings: QSettings,  # type: ignore[no-untyped-def]
) -> None:
    window, ws, case_id, _ = disputed_window(qtbot, tmp_path, settings)
    other = next(c for c in sorted(window.panel.model._rows, key=lambda r: r.case_id)  # type: ignore[union-attr]
                 if c.case_id != case_id).case_id  # fmt: skip
    dialog = RaiseDialog(ws, RAISED, other, window)
    qtbot.addWidget(dialog)
    dialog.subject.setPlainText("Timing")
    press_ok(qtbot, dialog)
    assert "no transfer under way" in problem(dialog, "transfer")
    dialog.case.clear()
    press_ok(qtbot, dialog)
    assert "case id" in problem(dialog, "case") and problem(dialog, "transfer") == ""


def test_view_lists_the_clock_and_ladder_escalates_and_resolves(
    qtbot,
    tmp_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    window, ws, case_id, transfer_id = disputed_window(qtbot, tmp_path, settings)
    new_id = raise_timing(ws, transfer_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    view = window.tabs.currentWidget()
    assert isinstance(view, DisagreementsView)
    row = {view.model.headerData(c, Qt.Orientation.Horizontal): view.model.index(0, c).data()
           for c in range(view.model.columnCount())}  # fmt: skip
    assert row["State"] == "Running — due Tue 29 Dec 14:00" and row["Level"] == "1 of 2"
    assert row["Case"] == case_id and row["Escalates to"].startswith("Head of Service")
    assert "1 working day after disagreement raised" in row["Clocks"]
    assert "Heads of Service" in view.ladder.text()
    escalate = EscalateDialog(ws, view.current(), datetime(2026, 12, 29, 9, 0), view)  # type: ignore[arg-type]
    qtbot.addWidget(escalate)
    press_ok(qtbot, escalate)
    view.reload()
    assert view.model.index(0, 6).data() == "2 of 2"
    assert view.model.index(0, 1).data() == "Open — no clock set"  # referred: the clock is met
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    qtbot.mouseClick(view.escalate_button, Qt.MouseButton.LeftButton)
    assert told and "top of the" in told[0]
    resolve = ResolveDialog(ws, view.current(), CHRISTMAS_EVE, view)  # type: ignore[arg-type]
    qtbot.addWidget(resolve)
    press_ok(qtbot, resolve)
    assert "how the disagreement was resolved" in problem(resolve, "resolution")
    resolve.on.setDate(QDate(2026, 12, 1))
    resolve.resolution.setPlainText("Heads of Service agreed the transfer date")
    press_ok(qtbot, resolve)
    assert "before the disagreement was raised" in problem(resolve, "on")
    resolve.on.setDate(QDate(2026, 12, 30))
    press_ok(qtbot, resolve)
    assert not resolve.isVisible()
    view.reload()
    assert view.model.rowCount() == 0  # showing open ones
    view.show_box.setCurrentIndex(view.show_box.findData("resolved"))
    assert view.model.index(0, 1).data() == "Resolved 30 Dec 2026"
    assert view.model.index(0, 0).data() == str(new_id)
    assert not view.escalate_button.isEnabled() and not view.resolve_button.isEnabled()
    assert settings.value("disagreements/show") == "resolved"


def test_enter_opens_the_case(qtbot, tmp_path: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    window, ws, case_id, transfer_id = disputed_window(qtbot, tmp_path, settings)
    raise_timing(ws, transfer_id)
    view = open_disagreements(window)
    assert view is not None
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    record = window.case_tab()
    assert record is not None and record.view.case_id == case_id


def test_tab_order_runs_along_the_bar_to_the_table(
    qtbot, tmp_path: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    window, ws, _, transfer_id = disputed_window(qtbot, tmp_path, settings)
    raise_timing(ws, transfer_id)
    view = open_disagreements(window)
    assert view is not None
    chain, widget = [], view.show_box.nextInFocusChain()
    while len(chain) < 4:  # the widgets Tab stops at, after the Show box
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled():
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == [view.raise_button, view.escalate_button, view.resolve_button, view.table]


def menu_action(window, text: str):  # type: ignore[no-untyped-def]
    """The View menu's action of that text (mnemonic left out)."""
    return next(a for a in window.view_menu.actions() if a.text().replace("&", "") == text)


def transfer_choices(ws, case_id: str, qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    """The transfers a new Raise dialog offers for the case, as it words them."""
    dialog = RaiseDialog(ws, RAISED, case_id)
    qtbot.addWidget(dialog)
    return [dialog.transfer.itemText(i) for i in range(dialog.transfer.count())]


def escalations(due: DueView) -> list[str]:
    rows = (due.model.row_at(r) for r in range(due.model.rowCount()))
    return [row.ref for row in rows if row is not None and row.kind is DueKind.ESCALATION]


def test_raising_disputes_the_transfer_and_every_open_view_follows(
    qtbot, tmp_path: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    window, ws, case_id, _ = disputed_window(qtbot, tmp_path, settings)
    due = open_due_view(window)  # open before: it must not go stale
    assert due is not None and escalations(due) == []
    record = window.open_case(case_id)
    assert record is not None
    clocks_before = [d.timescale.id for d in record.view.deadlines]
    [choice] = transfer_choices(ws, case_id, qtbot)
    assert choice.endswith("(proposed)")

    def fill(dialog: RaiseDialog) -> None:
        dialog.subject.setPlainText("Whether the threshold for step-down is met")
        dialog.raised_at.setDateTime(QDateTime(QDate(2026, 12, 24), QTime(14, 0)))
        press_ok(qtbot, dialog)

    when_modal(RaiseDialog, fill)
    menu_action(window, "Raise a disagreement on this case…").trigger()
    [raised] = dis.list_disagreements(ws, CHRISTMAS_EVE)
    view = window.tabs.currentWidget()
    assert isinstance(view, DisagreementsView) and view.model.rowCount() == 1
    assert transfer_choices(ws, case_id, qtbot) == [choice.replace("(proposed)", "(disputed)")]
    assert escalations(due) == [f"Disagreement {raised.record.id}"]  # without pressing Refresh
    record = window.open_case(case_id)  # the record: the transfer is still under way
    assert record is not None and [d.timescale.id for d in record.view.deadlines] == clocks_before
    assert "disagree" not in all_text(record).lower()

    def settle(dialog: ResolveDialog) -> None:
        dialog.on.setDate(QDate(2026, 12, 24))
        dialog.resolution.setPlainText("Step-down agreed by both managers")
        press_ok(qtbot, dialog)

    window.tabs.setCurrentWidget(view)
    when_modal(ResolveDialog, settle)
    qtbot.mouseClick(view.resolve_button, Qt.MouseButton.LeftButton)
    assert dis.list_disagreements(ws, CHRISTMAS_EVE, open_only=True) == []
    assert transfer_choices(ws, case_id, qtbot) == [choice]  # proposed again
    assert escalations(due) == []
