"""Readiness and next due in the register (worked out in the background) and View ▸ Readiness."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt

from app.services.register import Register, RegisterFilter, work_out_states
from app.services.workspace import Workspace
from ui.badges import BADGE_ROLE
from ui.main_window import MainWindow
from ui.readiness_text import WORKING_OUT
from ui.readiness_view import ReadinessModel, ReadinessView
from ui.register_model import CASE_ID_ROLE, RegisterModel
from ui.register_panel import NOT_YET, RegisterPanel


@pytest.fixture
def installed(register: Register) -> Register:
    register.install(work_out_states(register.workspace, register.today))
    return register


def load_all(model: RegisterModel) -> None:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


def cells(model: RegisterModel, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> list[object]:
    column = model.column_of(key)
    return [model.index(row, column).data(role) for row in range(model.rowCount())]


def test_register_model_with_states_passes_the_model_tester(
    qtmodeltester, installed: Register
) -> None:  # type: ignore[no-untyped-def]
    model = RegisterModel(installed, page_size=20)
    model.sort(model.column_of("due"), Qt.SortOrder.DescendingOrder)  # recorded, not loaded
    model.set_filters(RegisterFilter(due_within=260))
    model.refresh()
    qtmodeltester.check(model)
    load_all(model)
    qtmodeltester.check(model)


def test_readiness_model_passes_the_model_tester(qtmodeltester, installed: Register) -> None:  # type: ignore[no-untyped-def]
    model = ReadinessModel(installed, page_size=10)
    model.set_filters(RegisterFilter(readiness="audited"))
    model.refresh()
    qtmodeltester.check(model)
    load_all(model)
    qtmodeltester.check(model)


def test_states_show_in_words_as_well_as_colour(installed: Register) -> None:
    model = RegisterModel(installed)
    model.refresh()
    load_all(model)
    due = cells(model, "due")
    badges = cells(model, "due", BADGE_ROLE)
    overdue = [text for text, badge in zip(due, badges, strict=True) if badge == "overdue"]
    assert overdue and all(str(text).endswith("· overdue") for text in overdue)
    readiness = cells(model, "readiness")
    blocked = [
        t
        for t, b in zip(readiness, cells(model, "readiness", BADGE_ROLE), strict=True)
        if b == "blocked"
    ]
    assert blocked and all(str(t).startswith("Blocked · ") for t in blocked)
    assert WORKING_OUT not in readiness
    tips = cells(model, "readiness", Qt.ItemDataRole.ToolTipRole)
    assert any("stops this transfer" in str(tip) for tip in tips)


def test_before_the_states_arrive_cells_say_so(register: Register) -> None:
    model = RegisterModel(register)
    model.refresh()
    assert set(cells(model, "readiness")) == {WORKING_OUT}
    assert set(cells(model, "due")) == {WORKING_OUT}


def test_the_panel_works_readiness_out_in_the_background(
    qtbot, register: Register, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    panel = RegisterPanel(register, settings)
    qtbot.addWidget(panel)
    assert not panel.readiness.isEnabled() and panel.readiness.toolTip() == NOT_YET
    assert panel.model.rowCount() > 0  # usable meanwhile
    with qtbot.waitSignal(panel.work_finished, timeout=20_000):
        pass
    assert register.states_ready
    assert panel.readiness.isEnabled() and panel.due_check.isEnabled()
    assert not panel.due_days.isEnabled()  # until "due within" is ticked
    assert WORKING_OUT not in cells(panel.model, "readiness")


def test_readiness_and_due_filters_narrow_and_count(
    qtbot, register: Register, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    installed = register
    panel = RegisterPanel(register, settings, background=False)
    qtbot.addWidget(panel)
    panel.install_states(register.prepare_states())
    heard: list[tuple[int, int]] = []
    panel.counts_changed.connect(lambda matching, total: heard.append((matching, total)))
    panel.readiness.setCurrentIndex(panel.readiness.findData("gaps"))
    gaps = installed.count(RegisterFilter(readiness="gaps"))
    assert panel.model.total == gaps and heard[-1] == (gaps, installed.count(RegisterFilter()))
    panel.due_check.setChecked(True)
    assert panel.due_days.isEnabled()
    panel.due_days.setValue(5)
    panel.apply_filters()  # the spin box waits for a pause, like typing
    both = RegisterFilter(readiness="gaps", due_within=5)
    assert panel.model.filters == both
    assert panel.model.total == installed.count(both) == heard[-1][0]
    panel.clear_filters()
    assert panel.model.filters == RegisterFilter()
    assert not panel.due_check.isChecked()


def test_readiness_and_due_filters_are_remembered(
    qtbot, register: Register, workspace: Workspace, today: date, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    panel = RegisterPanel(register, settings, background=False)
    qtbot.addWidget(panel)
    panel.install_states(register.prepare_states())
    panel.readiness.setCurrentIndex(panel.readiness.findData("blocked"))
    panel.due_check.setChecked(True)
    panel.due_days.setValue(15)
    panel.save_state(settings)
    again = RegisterPanel(Register(workspace, today), settings, background=False)
    qtbot.addWidget(again)
    assert again.readiness.currentData() == "blocked"
    assert again.due_check.isChecked() and again.due_days.value() == 15
    assert again.model.filters.readiness is None  # not until the states arrive
    again.install_states(again.register.prepare_states())
    assert again.model.filters == RegisterFilter(readiness="blocked", due_within=15)


def test_status_bar_shows_progress_then_counts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.panel
    assert panel is not None
    assert panel.state_worker is None  # not yet: the window paints first
    with qtbot.waitSignal(panel.work_started, timeout=5_000):
        pass
    with qtbot.waitSignal(panel.work_finished, timeout=20_000):
        assert window.readiness_progress.isVisible()
        assert window.readiness_progress.label.text() == "Working out readiness…"
    assert not window.readiness_progress.isVisible()
    panel.readiness.setCurrentIndex(panel.readiness.findData("gaps"))
    total = panel.register.count(RegisterFilter())
    assert window.counts.text() == f"Showing {panel.model.total:,} of {total:,} children"


def test_view_readiness_opens_once_with_totals_and_enter_opens_the_case(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    panel = window.panel
    assert panel is not None
    with qtbot.waitSignal(panel.work_finished, timeout=20_000):
        pass
    action = next(a for a in window.view_menu.actions() if a.text() == "&Readiness")
    action.trigger()
    view = window.tabs.currentWidget()
    assert isinstance(view, ReadinessView)
    window.tabs.setCurrentIndex(0)
    action.trigger()
    assert window.tabs.currentWidget() is view and window.tabs.count() == 2
    totals = panel.register.readiness_totals()
    assert f"Blocked {totals['blocked']:,}" in view.totals.text()
    assert view.model.total == totals["audited"]
    first = view.model.index(0, 0).data(CASE_ID_ROLE)
    assert view.model.index(0, view.model.column_of("met")).data().isdigit()
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.case_tab() is not None and window.case_tab().view.case_id == first  # type: ignore[union-attr]


def test_the_readiness_view_filters_and_keeps_unsortable_columns_unsorted(
    qtbot, installed: Register, settings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    view = ReadinessView(installed, settings)
    qtbot.addWidget(view)
    view.choice.setCurrentIndex(view.choice.findData("blocked"))
    assert view.model.total == installed.readiness_totals()["blocked"]
    assert settings.value("readiness/show") == "blocked"
    header = view.table.horizontalHeader()
    header.setSortIndicator(view.model.column_of("first_gap"), Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == 0
    header.setSortIndicator(view.model.column_of("gaps"), Qt.SortOrder.DescendingOrder)
    gaps = [int(g) for g in cells(view.model, "gaps")]
    assert gaps == sorted(gaps, reverse=True)


def test_closing_the_caseload_while_working_stops_the_thread(
    qtbot, window: MainWindow, workspace: Workspace
) -> None:  # type: ignore[no-untyped-def]
    panel = window.panel
    assert panel is not None
    panel.start_background()
    window.show_empty(workspace.path)  # drops the workspace: the thread is stopped first
    assert panel.state_worker is None or panel.state_worker.isFinished()


def test_a_saved_transfer_works_its_case_out_again(
    qtbot, tmp_path, settings: QSettings, today: date
) -> None:  # type: ignore[no-untyped-def]
    from app.domain.case import Event
    from app.services.loading import make_demo
    from app.services.register import case_state
    from app.services.workspace import open_workspace
    from tests.ui.conftest import PACK

    path = tmp_path / "changing.sqlite3"
    make_demo(path, PACK, 40, today)
    ws = open_workspace(path, user="tester")
    window = MainWindow(settings, today)
    qtbot.addWidget(window)
    window.show_workspace(ws)
    panel = window.panel
    assert panel is not None
    with qtbot.waitSignal(panel.work_finished, timeout=20_000):
        pass
    panel.due_check.setChecked(True)
    panel.due_days.setValue(0)
    panel.apply_filters()  # overdue cases only
    overdue = panel.model.total
    case_id = panel.model.case_at(0).case_id  # type: ignore[union-attr]
    with ws.unit_of_work() as uow:  # every clock on the case met today
        for kind in sorted({k for t in ws.pack.timescales for k in t.met_by}):
            uow.cases.add_event(case_id, Event(kind, today))
        uow.commit()
    assert not case_state(ws, case_id, today).overdue  # what the register should now show
    window.transfers.transfers_changed.emit(case_id)
    assert panel.model.total == overdue - 1
    assert panel.model.row_for_case(case_id) == -1
