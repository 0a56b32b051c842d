"""Every pack's demo caseload, written to a real SQLite file and judged by the engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.domain.engine import OptionStatus, pathway_options
from app.policy.registry import shipped_pack_files
from app.services.demo import load_scenarios
from app.services.loading import make_demo
from app.services.workspace import open_workspace

PACK_IDS = [p.stem for p in shipped_pack_files()]


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_demo_exercises_every_pathway_of_its_pack(pack_id: str, tmp_path: Path) -> None:
    cases = len(load_scenarios(pack_id)) * 3
    path = tmp_path / "demo.sqlite3"
    written = make_demo(path, pack_id, cases, date.today())
    ws = open_workspace(path)
    seen: set[str] = set()
    with ws.unit_of_work() as uow:
        snapshots = list(uow.cases.snapshots())
    for case in snapshots:
        for option in pathway_options(case, ws.pack, date.today()):
            if option.status is not OptionStatus.NOT_ELIGIBLE:
                seen.add(option.pathway.id)
    assert written == len(snapshots) == cases
    assert {p.id for p in ws.pack.pathways} - seen == set()


def test_demo_is_fictional_and_repeatable(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    today = date(2026, 11, 23)
    make_demo(first, "york-draft", 40, today, seed=7)
    make_demo(second, "york-draft", 40, today, seed=7)
    read = []
    for path in (first, second):
        with open_workspace(path).unit_of_work() as uow:
            read.append([(c.child.display_name, c.child.dob) for c in uow.cases.snapshots()])
    assert read[0] == read[1] and len(read[0]) == 40
