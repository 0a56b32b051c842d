"""Every pack's demo caseload, written to a real SQLite file and judged by the engine."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from app.domain.engine import OptionStatus, pathway_options
from app.domain.off_file import DISAGREEMENT_KINDS
from app.policy.registry import shipped_pack_files
from app.services import disagreements as dis
from app.services.demo import ScenarioRefused, disputed_pathway, load_scenarios
from app.services.loading import make_demo
from app.services.workspace import open_workspace
from tests.storage.generate import caseload

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


@pytest.mark.parametrize(
    "pack_id", ["nottingham-city-2018", "northamptonshire-2020", "case-transfer-policy-2021"]
)
def test_demo_disagreements_are_rows_on_disputed_transfers_never_child_events(
    pack_id: str, tmp_path: Path
) -> None:
    today = date(2026, 11, 23)
    disputed = [s for s in load_scenarios(pack_id) if "disagreement" in s]
    assert disputed, "the pack's demo has a scenario with a disagreement"
    path = tmp_path / "demo.sqlite3"
    make_demo(path, pack_id, len(load_scenarios(pack_id)) * 2, today)
    ws = open_workspace(path)
    rows = dis.list_disagreements(ws, today)
    assert rows and all(view.is_open for view in rows)
    with ws.unit_of_work() as uow:
        snapshots = list(uow.cases.snapshots())
        transfers = {
            r.transfer_id: uow.transfers.get(r.transfer_id) for r in (v.record for v in rows)
        }
    assert all(t.status == "disputed" for t in transfers.values())
    assert {t.pathway_id for t in transfers.values()} == {
        disputed_pathway(ws.pack, s).id for s in disputed
    }
    assert not [e.kind for c in snapshots for e in c.events if e.kind in DISAGREEMENT_KINDS]
    first = rows[0].record
    assert first.subject == disputed[0]["disagreement"]["subject"]
    assert first.raised_at.date() == today - timedelta(days=disputed[0]["disagreement"]["days_ago"])


def test_a_scenario_recording_a_disagreement_as_an_event_is_refused(tmp_path: Path) -> None:
    scenario = {"id": "tm-dispute", "team": "fst", "events": [{"kind": "disagreement_raised"}]}
    (tmp_path / "x.scenarios.yaml").write_text(yaml.safe_dump({"scenarios": [scenario]}))
    with pytest.raises(ScenarioRefused, match="'tm-dispute': events: 'disagreement_raised' is"):
        load_scenarios("x", tmp_path)
    scenario = {"id": "tm-dispute", "team": "fst", "disagreement": {"days_ago": -2}}
    (tmp_path / "x.scenarios.yaml").write_text(yaml.safe_dump({"scenarios": [scenario]}))
    with pytest.raises(ScenarioRefused, match="disagreement: give days_ago"):
        load_scenarios("x", tmp_path)


def test_the_generated_caseload_has_no_disagreement_events() -> None:
    kinds = {row["kind"] for row in caseload(500)["events"]}
    assert kinds and kinds.isdisjoint(DISAGREEMENT_KINDS)
