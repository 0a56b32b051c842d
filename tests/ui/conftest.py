"""Desktop tests: a real demo caseload file, offscreen Qt, and Qt warnings fail the test.

The demo database is made once per test module with the shipped pack (60 fictional children);
tests that change it take their own copy (``own_workspace``, ``own_window``). Every test here
fails on a Qt warning (qutebrowser's habit), except the few messages the offscreen platform
always prints. The protecting tests' guards (``no_message_boxes``, ``no_keyring``,
``memory_keyring``) are here too; helpers that are not fixtures are in ``support.py``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from keyring.backends import fail

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from app.services.loading import make_demo
from app.services.register import Register
from app.services.workspace import Workspace, open_workspace
from tests.ui.protecting import MemoryKeyring, fail_on_messages, keyring_backend
from tests.ui.support import plain_copy, shown_window
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
def pack_demo(tmp_path_factory: pytest.TempPathFactory, today: date) -> Callable[[str], Path]:
    """The demo caseload of a pack (its file), made the first time a module asks for it."""
    made: dict[str, Path] = {}

    def demo(pack: str) -> Path:
        if pack not in made:
            made[pack] = tmp_path_factory.mktemp("demo") / f"{pack}.sqlite3"
            make_demo(made[pack], pack, CASES, today)
        return made[pack]

    return demo


@pytest.fixture(scope="module")
def demo_path(pack_demo: Callable[[str], Path]) -> Path:
    """A real SQLite demo caseload of the shipped pack, made once per module."""
    return pack_demo(PACK)


@pytest.fixture
def workspace(demo_path: Path) -> Iterator[Workspace]:
    """The demo caseload, opened."""
    ws = open_workspace(demo_path)
    yield ws
    ws.database.close()


@pytest.fixture
def own_workspace(demo_path: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A copy of the demo caseload for this test alone (for the tests that change it)."""
    ws = open_workspace(plain_copy(demo_path, tmp_path / "own.sqlite3"), user="tm.tester")
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
    return shown_window(qtbot, settings, today, workspace)


@pytest.fixture
def own_window(qtbot, settings: QSettings, own_workspace: Workspace, today: date) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window on the test's own copy of the demo, shown large and active."""
    win = shown_window(qtbot, settings, today, own_workspace, size=(1400, 900))
    win.activateWindow()
    return win


@pytest.fixture
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[BaseException]]:
    """An environment error would wait on a message box: record it, and fail the test."""
    shown = fail_on_messages(monkeypatch)
    yield shown
    assert shown == []


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A machine with no password store (keyring's own ``fail`` backend)."""
    with keyring_backend(fail.Keyring()):
        yield


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A real keyring backend that keeps its passwords in memory."""
    with keyring_backend(MemoryKeyring()) as backend:
        yield backend  # type: ignore[misc]


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
    gc.collect()  # their Python wrappers too, here on the UI thread
