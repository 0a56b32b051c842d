"""The main window: empty state, keyboard use, remembered filters, demo and import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from app import paths
from app.services.register import Register, RegisterFilter
from app.services.workspace import Workspace
from app.storage.crypto import KdfParams
from tests.ui.protecting import fail_on_messages
from ui.app import build_window
from ui.empty_state import EmptyState
from ui.main_window import MainWindow
from ui.protect.new_caseload import NewCaseload
from ui.register_panel import DEBOUNCE_MS


def test_no_database_shows_the_empty_state(qtbot, settings: QSettings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _desktop = build_window(tmp_path / "none.sqlite3", False, settings=settings)
    qtbot.addWidget(window)
    assert isinstance(window.centralWidget(), EmptyState)
    assert window.panel is None
    empty = window.centralWidget()
    assert "demo" in empty.demo_button.text().lower()
    assert "import" in empty.import_button.text().lower()
    assert not window.find_action.isEnabled()


def test_ctrl_f_type_an_id_enter_opens_that_case(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.panel
    assert panel is not None
    case_id = panel.model.case_at(11).case_id  # type: ignore[union-attr]
    panel.table.setFocus()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is panel.search
    qtbot.keyClicks(panel.search, case_id)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    record = window.case_tab()
    assert record is not None and record.view.case_id == case_id


def test_search_waits_for_a_pause_in_typing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.panel
    assert panel is not None
    case_id = panel.model.case_at(5).case_id  # type: ignore[union-attr]
    qtbot.keyClicks(panel.search, case_id)
    assert panel.model.filters.text == ""  # not yet: the debounce is still running
    qtbot.waitUntil(lambda: panel.model.filters.text == case_id, timeout=DEBOUNCE_MS * 10)
    assert panel.model.total == 1
    assert (
        window.counts.text() == f"Showing 1 of {panel.register.count(RegisterFilter()):,} children"
    )


def test_down_arrow_moves_from_search_to_the_table(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.panel
    assert panel is not None
    window.activateWindow()
    panel.focus_search()
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is panel.table
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    record = window.case_tab()
    assert record is not None
    assert record.view.case_id == panel.model.case_at(1).case_id  # type: ignore[union-attr]


def test_team_filter_narrows_and_is_remembered(
    qtbot,
    settings: QSettings,
    workspace: Workspace,
    register: Register,
    today: date,  # type: ignore[no-untyped-def]
) -> None:
    window = MainWindow(settings, today)
    qtbot.addWidget(window)
    window.show_workspace(workspace)
    panel = window.panel
    assert panel is not None
    panel.team.setCurrentIndex(2)
    team_id = panel.team.currentData()
    assert panel.model.total == register.count(RegisterFilter(team_id=team_id))
    window.close()
    again = MainWindow(settings, today)
    qtbot.addWidget(again)
    again.show_workspace(workspace)
    assert again.panel is not None
    assert again.panel.team.currentData() == team_id
    assert again.panel.model.filters.team_id == team_id
    assert again.panel.search.text() == ""  # search text is never stored: it may hold a name


def test_no_match_says_so(window: MainWindow) -> None:
    panel = window.panel
    assert panel is not None
    panel.search.setText("no-such-child-zz")
    panel.apply_filters()
    assert panel.model.rowCount() == 0
    assert panel.no_match.isVisibleTo(panel)
    assert window.counts.text().startswith("Showing 0 of")


@pytest.mark.qt_log_ignore(r"QProgressDialog")
def test_demo_is_made_then_opened(
    qtbot,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    demo = tmp_path / "made-demo.sqlite3"
    monkeypatch.setattr(paths, "demo_database_path", lambda: demo)
    monkeypatch.setattr("ui.desktop.DEMO_CASES", 40)
    window, _desktop = build_window(None, True, settings=settings)
    qtbot.addWidget(window)
    assert demo.exists()
    assert window.panel is not None
    assert window.panel.model.total >= 40
    assert "DEMO" in window.pack_label.text()


def test_a_refused_import_is_shown_and_changes_nothing(
    qtbot,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    shown = fail_on_messages(monkeypatch)
    target = tmp_path / "mine.sqlite3"
    window, startup = build_window(target, False, settings=settings)
    desktop = startup.desktop
    qtbot.addWidget(window)
    bad = tmp_path / "bad.csv"
    bad.write_text("CHILD,FORENAME,SURNAME,TEAM\nC-1,Ada,Example,no-such-team\n", encoding="utf-8")
    desktop.kdf = KdfParams(time_cost=1, memory_kib=64, parallelism=1)  # tests only
    new = NewCaseload("case-transfer-policy-2021", "fst", "kettle orchard lantern", False)
    assert desktop.import_from(bad, new) is None
    assert len(shown) == 1
    assert type(shown[0]).__name__ == "ImportRefused"
    assert isinstance(window.centralWidget(), EmptyState)
    assert not target.exists()  # no empty caseload left behind by the refused import


def test_a_view_opens_once_and_ctrl_w_closes_it_not_the_register(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    made: list[QLabel] = []

    def make() -> QLabel:
        made.append(QLabel("due soon"))
        return made[-1]

    first = window.open_view("due", "Due", make)
    window.tabs.setCurrentIndex(0)
    again = window.open_view("due", "Due", make)
    assert first is again and len(made) == 1
    assert window.tabs.currentWidget() is first
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() == 1
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() == 1 and window.tabs.currentWidget() is window.panel
