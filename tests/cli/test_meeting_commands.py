"""``transfer-desk agenda`` and ``transfer-desk minutes`` on real demo databases."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from app.cli import main

PACK = "case-transfer-policy-2021"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("meetings") / "demo.sqlite3"
    assert main(["demo", "--cases", "120", "--pack", PACK, "--db", str(path)]) == 0
    return path


def display_names(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT given_name || ' ' || family_name FROM children")
        names = [row[0] for row in rows]
    connection.close()
    return names


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_agenda_prints_the_sitting_and_writes_the_pdf_and_calendar_file(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    pdf, ics = tmp_path / "agenda.pdf", tmp_path / "meeting.ics"
    code, out, err = run(
        capsys, "agenda", "--meeting", "case-transfer-meeting", "--date", "2026-12-25",
        "--db", str(demo_db), "-o", str(pdf), "--ics", str(ics),
    )  # fmt: skip
    assert code == 0, err
    assert "held Tue 29 Dec 2026 (moved from Fri 25 Dec 2026: Christmas Day)" in out
    case_ids = re.findall(r"^\s*\d+\. (\S+)", out, flags=re.MULTILINE)
    assert case_ids, out
    text = pdf_text(pdf)
    assert text.count("OFFICIAL-SENSITIVE") >= 2 and "Page 1 of" in text
    assert all(case_id in text for case_id in case_ids)
    for name in display_names(demo_db):
        assert name not in out and name not in text
    (event,) = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart").isoformat() == "2026-12-29"


def test_minutes_write_the_pdf_of_a_planned_meeting(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    code, out, _ = run(
        capsys, "agenda", "--meeting", "case-transfer-meeting", "--date", "2026-12-29",
        "--db", str(demo_db),
    )  # fmt: skip
    meeting_id = re.search(r"meeting (\d+)", out)
    assert code == 0 and meeting_id is not None
    pdf = tmp_path / "minutes.pdf"
    code, out, err = run(
        capsys, "minutes", meeting_id.group(1), "-o", str(pdf), "--db", str(demo_db)
    )
    assert code == 0, err
    assert f"minutes of meeting {meeting_id.group(1)} written" in out
    text = pdf_text(pdf)
    assert "OFFICIAL-SENSITIVE" in text and "Minutes: Case Transfer Meeting" in text
    assert "NOT REACHED" in text


def test_mistakes_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    db = ("--db", str(demo_db))
    code, _, err = run(capsys, "agenda", "--meeting", "tuesday", "--date", "2026-12-29", *db)
    assert code == 1 and "has no meeting 'tuesday'" in err
    code, _, err = run(
        capsys, "agenda", "--meeting", "case-transfer-meeting", "--date", "2027-01-27", *db
    )
    assert code == 1 and "does not sit on 2027-01-27" in err
    code, _, err = run(capsys, "minutes", "999", "-o", str(tmp_path / "m.pdf"), *db)
    assert code == 1 and "no meeting 999" in err
    code, _, err = run(
        capsys, "agenda", "--meeting", "x", "--date", "2026-12-29",
        "--db", str(tmp_path / "none.sqlite3"),
    )  # fmt: skip
    assert code == 1 and "there is no caseload" in err


def test_a_weekly_meeting_across_a_bank_holiday_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "cambs.sqlite3"
    assert main(["demo", "--cases", "60", "--pack", "cambridgeshire-2018", "--db", str(path)]) == 0
    code, out, err = run(
        capsys, "agenda", "--meeting", "tuesday-transfer-meeting", "--date", "2027-12-28",
        "--db", str(path),
    )  # fmt: skip
    assert code == 0, err
    assert "held Wed 29 Dec 2027 (moved from Tue 28 Dec 2027: Boxing Day (observed))" in out
    assert "looks ahead to Thu 6 Jan 2028" in out  # Mon 3 January 2028 is a bank holiday
    code, _, err = run(
        capsys, "agenda", "--meeting", "tuesday-transfer-meeting", "--date", "2027-12-22",
        "--db", str(path),
    )  # fmt: skip
    assert code == 1 and "2027-12-21" in err and "2027-12-29" in err
