"""Nothing leaks (issue 7): the planted child is really in the data the suite uses, the scanner
finds its name wherever it must not be, and a run that leaks it fails.

The session-wide check itself is in ``tests/conftest.py``. These tests put the planted name into
files on purpose, so each removes what it wrote before it ends: the session scan would (rightly)
fail the run on anything left behind.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.services.loading import make_demo
from tests import leaks
from tests.leaks import PLANTED_FAMILY, PLANTED_GIVEN

ROOT = Path(__file__).resolve().parents[1]
PLANTED = f"{PLANTED_GIVEN} {PLANTED_FAMILY}"


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A folder for planted files, removed (with whatever the test wrote) when the test ends."""
    folder = tmp_path / "planted"
    folder.mkdir()
    yield folder
    shutil.rmtree(folder)


def test_every_demo_caseload_holds_the_planted_child(scratch: Path) -> None:
    path = scratch / "demo.sqlite3"
    make_demo(path, "case-transfer-policy-2021", 30, date.today())
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT given_name, family_name FROM children WHERE family_name = ?", (PLANTED_FAMILY,)
        ).fetchall()
    connection.close()
    assert (PLANTED_GIVEN, PLANTED_FAMILY) in rows
    assert leaks.scan([scratch]) == []  # a case store holds names by design


def test_a_name_written_to_a_log_file_is_caught(scratch: Path) -> None:
    log = scratch / "transfer-desk.log"
    logger = logging.getLogger("tests.planted")
    logger.propagate = False  # into this file only, not the session log
    handler = logging.FileHandler(log, encoding="utf-8")
    logger.addHandler(handler)
    try:
        logger.warning("opened the case of %s", PLANTED)
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert leaks.scan([scratch]) == [leaks.Leak(log, PLANTED_FAMILY)]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Transfer Desk.conf", f"[register]\nsearch={PLANTED_FAMILY}\n".encode()),
        ("settings.ini", f'[case]\nlast="{PLANTED.upper()}"\n'.encode()),
        ("panel.ics", f"BEGIN:VEVENT\nSUMMARY:Transfer of {PLANTED}\nEND:VEVENT\n".encode()),
        ("crash-report.txt", f"ValueError: no pathway for {PLANTED}".encode("utf-16")),
        ("unknown.bin", b"\x00\x01" + PLANTED_GIVEN.lower().encode() + b"\x02"),
    ],
    ids=["qsettings", "ini-upper-case", "ics", "utf-16", "binary"],  # ids hold no name either
)
def test_the_name_is_caught_in_any_file_not_meant_to_hold_it(
    scratch: Path, name: str, content: bytes
) -> None:
    (scratch / name).write_bytes(content)
    assert [leak.path.name for leak in leaks.scan([scratch])] == [name]


def test_a_name_across_two_read_chunks_is_caught(scratch: Path) -> None:
    big = scratch / "big.log"
    big.write_bytes(b"x" * (leaks.CHUNK - 4) + PLANTED_FAMILY.encode())
    assert leaks.scan([scratch]) == [leaks.Leak(big, PLANTED_FAMILY)]


def test_case_stores_and_documents_hold_names_by_design(scratch: Path) -> None:
    with sqlite3.connect(scratch / "caseload.sqlite3") as connection:
        connection.execute("CREATE TABLE children (name TEXT)")
        connection.execute("INSERT INTO children VALUES (?)", (PLANTED,))
    connection.close()
    (scratch / "caseload.sqlite3-wal").write_bytes(PLANTED.encode())
    (scratch / "Handover pack C-1.pdf").write_bytes(b"%PDF-1.4 " + PLANTED.encode())
    (scratch / "export.csv").write_text(f"C-1,{PLANTED_GIVEN},{PLANTED_FAMILY}\n", "utf-8")
    assert leaks.scan([scratch]) == []


def test_the_whole_run_is_watched() -> None:
    root_handlers = logging.getLogger().handlers
    assert any(
        isinstance(h, logging.FileHandler) and h.baseFilename.endswith("session.log")
        for h in root_handlers
    )
    watched = Path(tempfile.gettempdir()).resolve()
    assert watched.name.startswith("transfer-desk-tests-")
    assert os.environ["TMPDIR"] == tempfile.gettempdir()


def test_a_crash_report_about_the_planted_child_names_no_one() -> None:
    from ui.errors import crash_report

    try:
        raise ValueError(f"no pathway for '{PLANTED}' born 2015-03-01")
    except ValueError as error:
        report = crash_report(ValueError, error, error.__traceback__)
    assert PLANTED_GIVEN not in report and PLANTED_FAMILY not in report
    assert "2015-03-01" not in report


# -- the session check fails a run that leaks ----------------------------------------------------

LEAKY_TEST = f'''
import logging

def test_logs_a_name():
    logging.getLogger("app.somewhere").warning("opened the case of %s", "{PLANTED}")
'''
CLEAN_TEST = """
import logging

def test_logs_an_id():
    logging.getLogger("app.somewhere").warning("opened case %s", "C-0001")
"""


def run_a_session(test_source: str) -> subprocess.CompletedProcess[str]:
    """Run ``test_source`` as a pytest session of its own, with this suite's conftest, in a
    temporary folder outside this run's (its findings must not become this run's)."""
    outside = Path(tempfile.mkdtemp(dir=Path(tempfile.gettempdir()).parent))
    try:
        test_file = outside / "test_inner.py"
        test_file.write_text(test_source, encoding="utf-8")
        env = {**os.environ, "TMPDIR": str(outside), "PYTHONPATH": str(ROOT)}
        for variable in ("TEMP", "TMP"):
            env[variable] = str(outside)
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", str(test_file)],
            capture_output=True,
            text=True,
            env=env,
            cwd=outside,
            timeout=300,
        )
    finally:
        shutil.rmtree(outside, ignore_errors=True)


def test_a_session_that_logs_the_name_fails() -> None:
    result = run_a_session(LEAKY_TEST)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "the planted child's name leaked" in result.stdout
    assert "session.log: holds the planted name" in result.stdout


def test_a_session_that_logs_ids_only_passes() -> None:
    result = run_a_session(CLEAN_TEST)
    assert result.returncode == pytest.ExitCode.OK, result.stdout
    assert "nothing leaks" in result.stdout
