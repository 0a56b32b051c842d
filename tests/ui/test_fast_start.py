"""A fresh start shows the register first (plain sqlite3, no SQLAlchemy) and loads the rest after.

The rows of that first register are the caseload's own, searchable and sortable; once the core
has loaded, the same panel reads through the workspace's register, and anything the user did in
between (a search, a sort, a case opened at once) carries on as if the start had been slow.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from app.services.first_register import FirstRegister, open_first_register
from app.services.register import Register, RegisterFilter, RegisterSort
from app.services.workspace import Workspace
from ui.app import build_window
from ui.empty_state import EmptyState


@pytest.fixture
def caseload(demo_path: Path, tmp_path: Path) -> Path:
    """A copy of the demo caseload that this test may open for writing."""
    copy = tmp_path / "mine.sqlite3"
    source, target = sqlite3.connect(demo_path), sqlite3.connect(copy)
    source.backup(target)  # with what is still in the demo's write-ahead log
    source.close()
    target.close()
    return copy


def test_the_first_window_shows_real_rows_then_hands_over_to_the_workspace(  # type: ignore[no-untyped-def]
    qtbot, caseload: Path, settings: QSettings, today: date
) -> None:
    window, startup = build_window(caseload, False, settings=settings, today=today)
    qtbot.addWidget(window)
    panel = window.panel
    assert panel is not None and isinstance(panel.register, FirstRegister)
    assert window.workspace is None and not startup.loaded
    assert not window.menuBar().actions()[0].isEnabled()  # greyed until the core has loaded
    everyone = panel.model.total
    name = panel.model.case_at(0).family_name  # type: ignore[union-attr]
    panel.search.setText(name)
    panel.apply_filters()
    assert 0 < panel.model.total < everyone
    assert all(name in panel.model.case_at(r).name for r in range(panel.model.rowCount()))  # type: ignore[union-attr]
    panel.table.sortByColumn(panel.model.column_of("name"), Qt.SortOrder.DescendingOrder)
    shown = [panel.model.case_at(r).case_id for r in range(panel.model.rowCount())]  # type: ignore[union-attr]

    startup.finish()

    assert isinstance(window.workspace, Workspace) and startup.loaded
    assert window.panel is panel and isinstance(panel.register, Register)
    assert window.menuBar().actions()[0].isEnabled() and window.find_action.isEnabled()
    assert [panel.model.case_at(r).case_id for r in range(panel.model.rowCount())] == shown  # type: ignore[union-attr]
    assert "pack" in window.pack_label.text()
    qtbot.waitUntil(lambda: panel.register.states_ready, timeout=20_000)
    assert panel.model.case_at(0).readiness is not None  # type: ignore[union-attr]


def test_a_case_opened_at_once_after_start_waits_for_the_core(  # type: ignore[no-untyped-def]
    qtbot, caseload: Path, settings: QSettings, today: date
) -> None:
    window, startup = build_window(caseload, False, settings=settings, today=today)
    qtbot.addWidget(window)
    window.show()
    assert window.panel is not None and not startup.loaded
    case_id = window.panel.model.case_at(2).case_id  # type: ignore[union-attr]
    qtbot.keyClicks(window.panel.search, case_id)
    qtbot.keyClick(window.panel.search, Qt.Key.Key_Return)  # before the core has loaded
    record = window.case_tab()
    assert startup.loaded
    assert record is not None and record.view.case_id == case_id


def test_the_core_loads_by_itself_after_the_first_paint(  # type: ignore[no-untyped-def]
    qtbot, caseload: Path, settings: QSettings, today: date
) -> None:
    window, startup = build_window(caseload, False, settings=settings, today=today)
    qtbot.addWidget(window)
    window.show()
    assert window.readiness_progress.isVisible()  # says the rest is loading
    qtbot.waitUntil(lambda: startup.loaded, timeout=20_000)
    assert window.workspace is not None and window.panel is not None
    assert window.panel.model.total == window.panel.register.count(RegisterFilter())


def test_the_first_register_reads_the_same_rows_as_the_workspaces(  # type: ignore[no-untyped-def]
    caseload: Path, register: Register, today: date
) -> None:
    first = open_first_register(caseload, today)
    assert first is not None
    try:
        team = first.teams()[0][0]
        for filters in (RegisterFilter(), RegisterFilter(text="a"), RegisterFilter(team_id=team)):
            for sort in (RegisterSort("name", True), RegisterSort("age"), RegisterSort("flags")):
                assert first.count(filters) == register.count(filters)
                assert first.page(filters, sort, 5, 20) == register.page(filters, sort, 5, 20)
        assert first.teams() == register.teams()
        assert first.workers(team) == register.workers(team)
        assert first.statuses() == register.statuses()
    finally:
        first.close()


def test_what_cannot_be_read_at_once_is_opened_the_full_way(  # type: ignore[no-untyped-def]
    qtbot,
    caseload: Path,
    tmp_path: Path,
    settings: QSettings,
    today: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert open_first_register(tmp_path / "none.sqlite3", today) is None
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    assert open_first_register(other, today) is None  # not a caseload
    with closing(sqlite3.connect(caseload)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    assert open_first_register(caseload, today) is None  # another schema revision
    shown: list[BaseException] = []
    monkeypatch.setattr(
        "ui.desktop.show_environment_error", lambda _parent, error, _title="": shown.append(error)
    )
    window, startup = build_window(caseload, False, settings=settings, today=today)
    qtbot.addWidget(window)
    assert startup.loaded and window.workspace is None  # opened the full way, refused as always
    assert isinstance(window.centralWidget(), EmptyState)
    assert [type(error).__name__ for error in shown] == ["DatabaseTooNew"]
