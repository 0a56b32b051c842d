"""The Due view on a real caseload file: items, states, filter, settings, keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from app.services import disagreements as dis
from app.services.due import DueItem, DueKind, due_items
from app.storage.errors import DatabaseLocked
from tests.ui.disputed import CHRISTMAS_EVE, all_text, disputed_window, raise_timing
from ui import due_view
from ui.badges import BADGE_ROLE
from ui.due_view import DAYS_KEY, DueView, open_due_view


def escalation_rows(view: DueView) -> list[int]:
    return [
        row
        for row in range(view.model.rowCount())
        if view.model.row_at(row).kind is DueKind.ESCALATION  # type: ignore[union-attr]
    ]


def test_model_passes_the_model_tester(
    qtmodeltester, qtbot, tmp_path: Path, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    window, ws, _, transfer_id = disputed_window(qtbot, tmp_path, settings)
    raise_timing(ws, transfer_id)
    view = open_due_view(window)
    assert view is not None and view.model.rowCount() > 0
    qtmodeltester.check(view.model)


def test_ctrl_2_opens_the_due_tab_and_enter_opens_the_disagreements_case(
    qtbot,
    tmp_path: Path,
    settings: QSettings,  # type: ignore[no-untyped-def]
) -> None:
    window, ws, case_id, transfer_id = disputed_window(qtbot, tmp_path, settings)
    raise_timing(ws, transfer_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.panel is not None
    window.panel.focus_search()  # where the caseload opens: the shortcut still works from there
    qtbot.keyClick(window.panel.search, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.tabs.currentWidget()
    assert isinstance(view, DueView) and window.tabs.tabText(window.tabs.currentIndex()) == "Due"
    [row] = escalation_rows(view)
    index = view.model.index(row, 1)
    assert index.data() == "due in 1 working day"  # Tue 29 Dec: across Christmas and Boxing Day
    assert view.model.index(row, 0).data() == "Tue 29 Dec 2026"
    assert view.model.index(row, 4).data() == case_id
    assert view.model.index(row, 7).data() == "Disagreements between teams"
    view.table.setFocus()
    view.table.setCurrentIndex(index)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    record = window.case_tab()
    assert record is not None and record.view.case_id == case_id
    assert "disagree" not in all_text(record).lower()  # never on the child's record
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is view  # the same tab again


def test_resolved_disagreement_leaves_the_list(qtbot, tmp_path: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    window, ws, _, transfer_id = disputed_window(qtbot, tmp_path, settings)
    new_id = raise_timing(ws, transfer_id)
    view = open_due_view(window)
    assert view is not None and len(escalation_rows(view)) == 1
    dis.resolve(ws, new_id, CHRISTMAS_EVE, "Agreed by phone")
    view.reload()
    assert escalation_rows(view) == []


def test_days_are_remembered_and_the_kind_filter_narrows(
    qtbot,
    tmp_path: Path,
    settings: QSettings,  # type: ignore[no-untyped-def]
) -> None:
    window, ws, _, transfer_id = disputed_window(qtbot, tmp_path, settings)
    raise_timing(ws, transfer_id)
    view = open_due_view(window)
    assert view is not None
    everything = view.model.rowCount()
    view.days.setValue(0)  # today only: the escalation (due Tue 29 Dec) drops out
    assert settings.value(DAYS_KEY) in (0, "0")
    qtbot.waitUntil(lambda: not view.pending.isActive())
    assert escalation_rows(view) == [] and view.model.rowCount() <= everything
    view.days.setValue(3)
    qtbot.waitUntil(lambda: not view.pending.isActive())
    view.kind.setCurrentIndex(view.kind.findData(DueKind.ESCALATION.value))
    assert view.model.rowCount() == 1 and escalation_rows(view) == [0]
    assert view.summary.text() == "1 items: 0 overdue, 0 due today"
    again = DueView(ws, CHRISTMAS_EVE, settings)
    qtbot.addWidget(again)
    assert again.days.value() == 3 and again.kind.currentData() == DueKind.ESCALATION.value


def test_overdue_rows_say_so_in_words(qtbot, tmp_path: Path, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    window, ws, _, transfer_id = disputed_window(qtbot, tmp_path, settings, date(2026, 12, 31))
    raise_timing(ws, transfer_id)
    view = open_due_view(window)
    assert view is not None
    [row] = escalation_rows(view)
    state = view.model.index(row, 1)
    assert state.data() == "overdue by 2 working days"
    assert state.data(Qt.ItemDataRole.AccessibleTextRole) == "overdue by 2 working days"
    assert state.data(BADGE_ROLE) == "overdue"
    assert view.model.row_at(0).state.value == "overdue"  # type: ignore[union-attr]


def test_arrowing_the_days_reloads_once_after_a_pause(
    qtbot,
    tmp_path: Path,
    settings: QSettings,  # type: ignore[no-untyped-def]
) -> None:
    _, ws, _, _ = disputed_window(qtbot, tmp_path, settings)
    asked: list[int] = []

    def load(ws_, today: date, days: int) -> list:  # type: ignore[no-untyped-def,type-arg]
        asked.append(days)
        return due_items(ws_, today, days)

    view = DueView(ws, CHRISTMAS_EVE, settings, load=load)
    qtbot.addWidget(view)
    view.show()
    view.days.setFocus()
    for _ in range(3):
        qtbot.keyClick(view.days, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: len(asked) == 2)
    assert asked == [10, 13] and view.days.value() == 13


def test_a_locked_caseload_is_a_message_not_a_crash(
    qtbot,
    tmp_path: Path,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    _, ws, _, _ = disputed_window(qtbot, tmp_path, settings)
    told: list[str] = []
    monkeypatch.setattr(due_view, "show_environment_error", lambda _w, e, _t: told.append(str(e)))

    def locked(*_args: object) -> list[DueItem]:
        raise DatabaseLocked(ws.path, f"{ws.path.name} is locked by another program; try again.")

    view = DueView(ws, CHRISTMAS_EVE, settings, load=locked)
    qtbot.addWidget(view)
    assert told and ws.path.name in told[0] and view.model.rowCount() == 0
