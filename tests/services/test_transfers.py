"""Transfer use cases on a real SQLite caseload (the 2021 policy)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.domain.case import AuditAnswer, AuditState, Child, Event, StatusSpell
from app.services.transfers import (
    OverrideRecord,
    StepRecord,
    TransferPlan,
    TransferRefused,
    load_draft,
    problems,
    propose,
    save_draft,
    set_status,
)
from app.services.workspace import Workspace, create_workspace

PACK = "case-transfer-policy-2021"
TODAY = date(2026, 11, 23)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    ws = create_workspace(tmp_path / "t.sqlite3", PACK, user="tester")
    with ws.unit_of_work() as uow:
        uow.teams.add_team("fst", "Family Support Team")
        uow.teams.add_team("cic", "Children in Care team")
        uow.teams.add_worker("W1", "Kai Okafor", "fst")
        uow.teams.add_worker("W2", "Rosa Ashdown", "cic")
        uow.cases.add_family("F1", "Varga")
        for child_id in ("A1", "A2"):
            uow.cases.add_child(Child(child_id, "Poppy", "Varga", date(2016, 5, 1)),
                                team_id="fst", worker_id="W1", family_id="F1",
                                allocated_on=date(2026, 1, 5))  # fmt: skip
            uow.cases.add_status(child_id, StatusSpell("C2", date(2026, 9, 1)))
            uow.cases.add_event(child_id, Event("order_made", date(2026, 9, 1)))
        uow.cases.set_flag("A2", "missing", TODAY)
        uow.commit()
    return ws


def plan(**changes: object) -> TransferPlan:
    base = TransferPlan(("A1",), "fst-to-cic", receiving_worker_id="W2", transfer_date=TODAY)
    return TransferPlan(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_a_blocked_sibling_stops_the_group_and_names_the_rule(ws: Workspace) -> None:
    found = problems(ws, plan(case_ids=("A1", "A2")), TODAY)
    assert len(found) == 1 and found[0].startswith("A2: blocked")
    assert "General Principles" in found[0]
    with pytest.raises(TransferRefused):
        propose(ws, plan(case_ids=("A1", "A2")), TODAY)


def test_propose_saves_once_with_audit_steps_and_records_the_gap(ws: Workspace) -> None:
    answers = {"chronology": AuditAnswer("chronology", AuditState.GAP, "last entry in May")}
    steps = (StepRecord("handover-meeting", TODAY, who="Kai Okafor", outcome="agreed"),)
    proposed = propose(ws, plan(audit=answers, steps=steps), TODAY)
    assert not proposed.referral and len(proposed.transfer_ids) == 1
    with ws.unit_of_work() as uow:
        (record,) = uow.transfers.of_child("A1")
        assert (record.status, record.pack_id, record.to_team) == ("proposed", PACK, "cic")
        assert uow.audits.latest_answers("A1", "appendix-a")["chronology"].state is AuditState.GAP
        gap = uow.cases.get_snapshot("A1").last_event("audit_gap_recorded")
    assert gap is not None and gap.on == TODAY


def test_completing_moves_the_child_to_the_receiving_team(ws: Workspace) -> None:
    (transfer_id,) = propose(ws, plan(), TODAY).transfer_ids
    set_status(ws, transfer_id, "agreed", TODAY)
    set_status(ws, transfer_id, "completed", date(2026, 11, 30))
    with ws.unit_of_work() as uow:
        case = uow.cases.get_snapshot("A1")
    assert (case.team_id, case.worker_id) == ("cic", "W2")
    assert case.last_event("transfer_completed") is not None


def test_a_draft_resumes_exactly_and_becomes_the_transfer(ws: Workspace) -> None:
    draft = plan(
        key_answers={"why-now": "Care order made"},
        audit={"legal-status": AuditAnswer("legal-status", AuditState.MET, "C2", TODAY, "tester")},
        overrides=(OverrideRecord("r", "A Head", "Head of Service", "urgent"),),
        steps=(StepRecord("handover-meeting", TODAY),),
    )
    draft_id = save_draft(ws, draft)
    assert load_draft(ws, draft_id) == draft
    (transfer_id,) = propose(ws, load_draft(ws, draft_id), TODAY, draft_id=draft_id).transfer_ids
    assert transfer_id == draft_id
