"""Desktop tests: a real demo caseload file, offscreen Qt, and Qt warnings fail the test.

The demo database is made once per test module with the shipped pack (60 fictional children);
tests that change it make their own. Every test here fails on a Qt warning (qutebrowser's
habit), except the few messages the offscreen platform always prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from app.services.loading import make_demo
from app.services.register import Register
from app.services.workspace import Workspace, open_workspace
from ui.main_window import MainWindow

PACK = "case-transfer-policy-2021"
CASES = 60
#: Messages of the offscreen platform itself, not of the app.
OFFSCREEN_NOISE = (
    r"This plugin does not support propagateSizeHints\(\)",
    r"This plugin does not support raise\(\)",
    r"QFont::setPointSizeF: Point size <= 0",
)
UI_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Qt warnings fail every desktop test."""
    for item in items:
        if UI_TESTS in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(scope="module")
def today() -> date:
    """The day the demo was made for (the clocks are relative to it)."""
    return date.today()


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory, today: date) -> Path:
    """A real SQLite demo caseload, made once per module."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    make_demo(path, PACK, CASES, today)
    return path


@pytest.fixture
def workspace(demo_path: Path) -> Iterator[Workspace]:
    """The demo caseload, opened."""
    ws = open_workspace(demo_path)
    yield ws
    ws.database.close()


@pytest.fixture
def register(workspace: Workspace, today: date) -> Register:
    """The register service over the demo caseload."""
    return Register(workspace, today)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a private file, so no test reads or writes the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings: QSettings, workspace: Workspace, today: date) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window on the demo caseload, shown."""
    win = MainWindow(settings, today)
    qtbot.addWidget(win)
    win.show_workspace(workspace, demo=True)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture(autouse=True)
def _windows_die_with_their_test() -> Iterator[None]:
    """Delete what the test's closed windows left to "delete later" before the next test.

    Otherwise they die in whichever later test first runs an event loop, and a fault in their
    ending (a thread still using one, say) shows up there instead of here.
    """
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
