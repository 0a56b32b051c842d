"""Test-wide set-up: Qt offscreen, no test touches the user's real data folder, and nothing leaks.

Nothing leaks (issue 7, ``tests/leaks.py``): every demo caseload holds a planted fictional child;
the run's temporary files go to one private folder; every log record and every test's captured
stderr is written there too; and when the session ends that folder (with the user's Transfer Desk
settings, cache and log folders) is scanned for the planted name. A hit fails the run, and the
folder is kept to look at; a clean, passing run removes it (unless
``TRANSFER_DESK_KEEP_TEST_FILES`` is set).
"""

from __future__ import annotations

import os

import pytest
from platformdirs import user_cache_path, user_config_path, user_log_path

from tests import leaks

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

APP_FOLDER = "TransferDesk"
#: Set to keep the run's temporary folder after a clean run too (to see what a run leaves).
KEEP_FILES = "TRANSFER_DESK_KEEP_TEST_FILES"
_watch: leaks.Watch | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Start the watch and plant the child, before any test runs."""
    global _watch
    _watch = leaks.Watch(
        [
            user_config_path(APP_FOLDER, appauthor=False),
            user_cache_path(APP_FOLDER, appauthor=False),
            user_log_path(APP_FOLDER, appauthor=False),
        ]
    )
    _watch.start()
    config.add_cleanup(_watch.close)
    _plant_in_every_demo()


def _plant_in_every_demo() -> None:
    import app.services.loading as loading

    if not getattr(loading.build_demo, "planted", False):
        loading.build_demo = leaks.planting(loading.build_demo)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep what each test phase wrote to stderr or logged (a crash report goes to stderr)."""
    if _watch is not None:
        _watch.keep_output(f"{report.nodeid} ({report.when})", report.sections)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if the planted name is anywhere outside the case stores and documents."""
    if _watch is None:
        return
    if session.config.option.collectonly or not session.testscollected:
        _watch.clean = not os.environ.get(KEEP_FILES)  # nothing ran: nothing to scan
        return
    found = _watch.scan()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if found:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_sep("=", "the planted child's name leaked", red=True)
            for leak in found:
                reporter.write_line(str(leak))
            reporter.write_line(f"(the run's files are kept in {_watch.folder})")
        return
    _watch.clean = exitstatus == 0 and not os.environ.get(KEEP_FILES)
    if reporter is not None:
        reporter.write_line(
            "\nnothing leaks: the planted name is in no log, settings, temporary or crash-report "
            "file (case stores, PDFs and spreadsheets hold names by design)"
        )


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the user data, config, cache and state (log) folders at a temporary place."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
