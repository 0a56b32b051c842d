"""The command line end to end, on real SQLite files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.cli import main

PACK = "case-transfer-policy-2021"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    assert main(["demo", "--cases", "120", "--pack", PACK, "--db", str(path)]) == 0
    return path


def test_workdays_add_across_christmas(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    nowhere = str(tmp_path / "none.sqlite3")
    assert run(capsys, "workdays", "add", "2026-12-18", "10", "--db", nowhere)[1] == "2027-01-06\n"
    assert run(capsys, "workdays", "add", "2027-01-06", "-10", "--db", nowhere)[1] == "2026-12-18\n"
    assert (
        run(capsys, "workdays", "between", "2026-12-18", "2027-01-06", "--db", nowhere)[1] == "10\n"
    )


def test_workdays_bad_date_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["workdays", "add", "18/12/2026", "3"])
    assert exited.value.code == 2
    assert "'18/12/2026' is not a date: use YYYY-MM-DD" in capsys.readouterr().err


def test_headless_commands_do_not_load_qt_sqlalchemy_or_reportlab(tmp_path: Path) -> None:
    probe = (
        "import sys; from ui.launcher import main; "
        f"main(['workdays', 'add', '2026-12-18', '3', '--db', {str(tmp_path / 'x.db')!r}]); "
        "main(['packs', 'list']); "
        "print(sorted(m for m in ('PySide6', 'sqlalchemy', 'reportlab') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_packs_list_shows_every_shipped_pack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "list")
    assert code == 0
    assert PACK in out


def test_packs_check_names_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "pack: {id: x}\nteams: []\npathways:\n  - {id: p, nmae: P}\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "packs", "check", str(broken))
    assert code == 1
    assert f"{broken}:4 [pathways[0].nmae]: unknown key" in err
    assert f"{broken}:1 [pack.version]: this key is required but missing" in err


def test_pathways_deadlines_and_audit_as_json(
    capsys: pytest.CaptureFixture[str], demo_db: Path
) -> None:
    code, out, _ = run(capsys, "audit", "--db", str(demo_db), "--json")
    audits = json.loads(out)
    assert code == 0 and audits
    case_id = audits[0]["case"]
    code, out, _ = run(capsys, "pathways", case_id, "--db", str(demo_db), "--json")
    options = json.loads(out)
    assert code == 0 and {o["status"] for o in options} <= {
        "open",
        "warned",
        "blocked",
        "referral",
        "not_eligible",
    }
    assert all(o["source"] for o in options)
    code, out, _ = run(capsys, "deadlines", "--db", str(demo_db), "--json")
    clocks = json.loads(out)
    assert code == 0 and clocks and all(c["source"] and c["rule"] for c in clocks)


def test_unknown_case_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], demo_db: Path
) -> None:
    code, _, err = run(capsys, "pathways", "NO-SUCH-CASE", "--db", str(demo_db))
    assert code == 1 and "no case 'NO-SUCH-CASE'" in err


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


GOOD = [
    {
        "CHILD": "T1",
        "FORENAME": "Zoë",
        "SURNAME": "Dvořák",
        "TEAM": "fst",
        "PersonBirthDate": "2014-05-02",
        "LEGAL_STATUS": "V2",
        "DECOM": "2026-06-01",
        "FLAGS": "placed_with_parent",
        "FAMILY": "F9",
    },
    {
        "CHILD": "T2",
        "FORENAME": "Łukasz",
        "SURNAME": "Kowalczyk",
        "TEAM": "fst",
        "PersonBirthDate": "03/09/2011",
        "LEGAL_STATUS": "C2",
        "DECOM": "",
        "FLAGS": "",
    },
]


def test_import_then_export_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source, db, out = tmp_path / "in.csv", tmp_path / "c.sqlite3", tmp_path / "out.csv"
    _write_csv(source, [*GOOD, {**GOOD[0], "CHILD": "T3", "FORENAME": "=HYPERLINK(1)"}])
    code, text, _ = run(capsys, "import", str(source), "--pack", PACK, "--db", str(db))
    assert (code, text) == (0, "imported 3 children from in.csv\n")
    assert run(capsys, "export", str(out), "--db", str(db))[0] == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["CHILD"] for r in rows] == ["T1", "T2", "T3"]
    assert rows[1]["PersonBirthDate"] == "2011-09-03" and rows[0]["FORENAME"] == "Zoë"
    assert [r["FAMILY"] for r in rows] == ["F9", "", "F9"]  # T1 and T3 are siblings
    assert rows[2]["FORENAME"] == "'=HYPERLINK(1)"


def test_bad_import_names_row_column_value_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "c.sqlite3"
    first = tmp_path / "first.csv"
    _write_csv(first, GOOD)
    assert run(capsys, "import", str(first), "--pack", PACK, "--db", str(db))[0] == 0
    bad = tmp_path / "bad.csv"
    _write_csv(
        bad,
        [
            {**GOOD[0], "CHILD": "T10"},
            {**GOOD[0], "CHILD": "T11", "PersonBirthDate": "2014-13-40"},
            {**GOOD[0], "CHILD": "T12", "TEAM": "Narnia"},
            {**GOOD[0], "CHILD": "T1"},
        ],
    )
    code, _, err = run(capsys, "import", str(bad), "--db", str(db))
    assert code == 1
    assert "row 3, column PersonBirthDate ('2014-13-40'): not a date" in err
    assert "row 4, column TEAM ('Narnia'): not a team of the chosen policy pack" in err
    assert "row 5, column CHILD ('T1'): this id is already in the caseload" in err
    out = tmp_path / "after.csv"
    assert run(capsys, "export", str(out), "--db", str(db))[0] == 0
    assert [r["CHILD"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["T1", "T2"]


def test_import_xlsx(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(GOOD[0]))
    sheet.append([*list(GOOD[0].values())[:4], date(2014, 5, 2), "V2", date(2026, 6, 1), "", "F9"])
    book.save(tmp_path / "in.xlsx")
    code, text, _ = run(
        capsys,
        "import",
        str(tmp_path / "in.xlsx"),
        "--pack",
        PACK,
        "--db",
        str(tmp_path / "x.sqlite3"),
    )
    assert (code, text) == (0, "imported 1 children from in.xlsx\n")


def test_caseload_audit_rows_agree_with_each_case_audit(
    capsys: pytest.CaptureFixture[str], demo_db: Path
) -> None:
    code, out, _ = run(capsys, "audit", "--db", str(demo_db), "--json")
    rows = json.loads(out)
    assert code == 0 and rows
    keys = {"case", "pathway", "checklist", "readiness", "gaps", "unanswered", "stops_transfer"}
    for row in rows[:: max(1, len(rows) // 5)]:
        assert set(row) == keys
        code, out, _ = run(capsys, "audit", row["case"], "--db", str(demo_db), "--json")
        detail = json.loads(out)[0]
        assert code == 0 and {k: detail[k] for k in keys} == row
    code, out, _ = run(capsys, "audit", "--db", str(demo_db))
    assert code == 0 and f"{len(rows)} case(s) audited" in out


def test_a_local_closure_day_moves_working_day_answers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "c.sqlite3"
    source = tmp_path / "in.csv"
    _write_csv(source, GOOD)
    assert run(capsys, "import", str(source), "--pack", PACK, "--db", str(db))[0] == 0
    assert run(capsys, "closures", "add", "2026-12-24", "Council closed", "--db", str(db))[0] == 0
    assert run(capsys, "closures", "list", "--db", str(db))[1] == "2026-12-24  Council closed\n"
    assert run(capsys, "workdays", "add", "2026-12-18", "10", "--db", str(db))[1] == "2027-01-07\n"
    assert run(capsys, "closures", "remove", "2026-12-24", "--db", str(db))[0] == 0
    assert run(capsys, "closures", "remove", "2026-12-24", "--db", str(db))[0] == 1
