"""Printed documents filled from a real caseload file and read back from the PDF."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.domain.case import Child, Event, StatusSpell
from app.services.printing import gap_list, handover_pack
from app.services.workspace import Workspace, create_workspace

PACK = "northamptonshire-2020"
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 30)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """Two fictional siblings in a CSST, one transfer to Children in Care under way."""
    ws = create_workspace(tmp_path / "c.sqlite3", PACK, user="tester")
    with ws.unit_of_work() as uow:
        uow.teams.add_team("csst", "Children's Support and Safeguarding Team")
        uow.teams.add_team("cic", "Children in Care Service")
        uow.teams.add_worker("W1", "Kai Okafor", "csst")
        uow.cases.add_family("F1", "Dvořák")
        for child_id, name, born in (
            ("K1", "Zoë", date(2015, 4, 2)),
            ("K2", "Łukasz", date(2018, 9, 1)),
        ):
            child = Child(child_id, name, "Dvořák", born)
            uow.cases.add_child(child, team_id="csst", worker_id="W1", family_id="F1")
            uow.cases.add_status(child_id, StatusSpell("V2", date(2026, 6, 1)))
            uow.cases.set_flag(child_id, "no_return_home", date(2026, 9, 1))
            uow.cases.add_event(child_id, Event("cic_review", date(2026, 10, 1), 1))
            uow.cases.add_event(child_id, Event("disagreement_raised", date(2026, 11, 2)))
        transfer = uow.transfers.add(
            "K1", "to-cic-no-return-home", pack_id=PACK, pack_version=ws.pack.version,
            from_team="csst", to_team="cic", status="proposed", notes="Zoë is settled at school.",
        )  # fmt: skip
        uow.transfers.raise_disagreement(
            transfer, raised_at=NOW, raised_by="cic manager", subject="Disagree about timing"
        )
        uow.commit()
    return ws


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_handover_pack_covers_the_sibling_group_and_never_the_disagreement(
    ws: Workspace, tmp_path: Path
) -> None:
    from app.reports.render import render_handover_pack

    pack = handover_pack(ws, "K1", NOW)
    out = tmp_path / "pack.pdf"
    pages = render_handover_pack(pack, out)
    text = text_of(out)
    assert len(text) == pages and pack.info.case_ids == ("K1", "K2")
    assert re.fullmatch(r"audit row \d+ · chain [0-9a-f]{20}", pack.info.audit_position)
    assert all(page.count("OFFICIAL-SENSITIVE") >= 2 for page in text)
    whole = "\n".join(text)
    assert "Zoë Dvořák (K1)" in whole and "Łukasz Dvořák (K2)" in whole
    assert f"{PACK}, version {ws.pack.version}" in whole
    assert "Zoë is settled at school." in whole
    assert "disagree" not in whole.lower()


def test_gap_list_deadline_is_ten_working_days(ws: Workspace) -> None:
    gaps = gap_list(ws, "K1", NOW)
    assert gaps.deadline == ws.calendar.add_working_days(TODAY, 10) == date(2026, 12, 7)
    assert gaps.gaps and all(g.who == "Kai Okafor" for g in gaps.gaps)
    assert gaps.checklist_cite.startswith("§1.2.1")


def test_pack_and_gaps_commands_write_pdfs(
    ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(ws.path)
    assert main(["pack", "K2", "--single", "-o", str(tmp_path / "one.pdf"), "--db", db]) == 0
    assert main(["gaps", "K1", "-o", str(tmp_path / "gaps.pdf"), "--db", db]) == 0
    assert "Łukasz" in "".join(text_of(tmp_path / "one.pdf"))
    assert "Zoë" not in "".join(text_of(tmp_path / "one.pdf"))
    assert "Checklist gap list" in text_of(tmp_path / "gaps.pdf")[0]
    assert main(["pack", "NOPE", "-o", str(tmp_path / "x.pdf"), "--db", db]) == 1
    assert "no case 'NOPE'" in capsys.readouterr().err
    nowhere = tmp_path / "missing" / "gaps.pdf"
    assert main(["gaps", "K1", "-o", str(nowhere), "--db", db]) == 1
    assert f"cannot write {nowhere}: No such file or directory" in capsys.readouterr().err
