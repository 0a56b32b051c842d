"""Cases written through the repositories read back as the domain's snapshots."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.case import (
    Allocation,
    AuditAnswer,
    AuditState,
    CaseSnapshot,
    Child,
    Event,
    FileItem,
    StatusSpell,
)
from app.storage.database import Database
from app.storage.errors import CaseNotFound
from app.storage.uow import UnitOfWork
from tests.storage.conftest import USER
from tests.storage.generate import caseload, expected_snapshots

ADA = Child("C-1", "Ada", "Testcase", date(2015, 3, 1), None, "F", True, False)
BEN = Child("C-2", "Ben", "Testcase", date(2017, 7, 9), None, "M")
BABY = Child("C-3", "", "Testcase", None, date(2027, 1, 10))
CLEO = Child("C-4", "Cleo", "Samplewell", date(2010, 1, 1))


def write_ada(database: Database) -> None:
    """Ada, her brother Ben and an unborn sibling, with a full record for Ada."""
    with UnitOfWork(database, USER) as uow:
        cases = uow.cases
        cases.add_family("F-1", "Testcase")
        cases.add_child(ADA, team_id="T-CIN", worker_id="W-1", tier=3, family_id="F-1",
                        allocated_on=date(2024, 1, 1))  # fmt: skip
        cases.add_child(BEN, team_id="T-CIN", family_id="F-1")
        cases.add_child(BABY, team_id="T-CIN", family_id="F-1")
        cases.add_child(CLEO, team_id="T-CIC")
        cases.add_status("C-1", StatusSpell("CP", date(2024, 5, 1)))
        cases.add_status("C-1", StatusSpell("CIN", date(2024, 1, 1)))
        cases.end_status("C-1", "CIN", date(2024, 4, 30))
        cases.set_flag("C-1", "missing", date(2024, 6, 1))
        cases.set_flag("C-1", "s47_ongoing", date(2024, 4, 20))
        cases.set_flag("C-1", "s47_ongoing", date(2024, 4, 21))  # already set: no change
        cases.add_event("C-1", Event("rcpc", date(2024, 8, 1), number=1, team_id="T-CIN"))
        cases.add_event("C-1", Event("icpc", date(2024, 5, 1), at=datetime(2024, 5, 1, 14, 30)))
        cases.add_event("C-1", Event("referral", date(2024, 1, 1)), note="from school")
        cases.upsert_file_item("C-1", FileItem("genogram", None))
        cases.upsert_file_item("C-1", FileItem("chronology", date(2024, 1, 5)))
        cases.upsert_file_item("C-1", FileItem("chronology", date(2024, 7, 5)))  # updated
        cases.allocate("C-1", "T-CIC", "W-2", date(2024, 9, 1), "stepped up to care")
        uow.commit()


EXPECTED_ADA = CaseSnapshot(
    child=ADA,
    team_id="T-CIC",
    worker_id="W-2",
    tier=3,
    family_id="F-1",
    sibling_ids=("C-2", "C-3"),
    statuses=(
        StatusSpell("CIN", date(2024, 1, 1), date(2024, 4, 30)),
        StatusSpell("CP", date(2024, 5, 1)),
    ),
    flags=frozenset({"missing", "s47_ongoing"}),
    events=(
        Event("referral", date(2024, 1, 1)),
        Event("icpc", date(2024, 5, 1), at=datetime(2024, 5, 1, 14, 30)),
        Event("rcpc", date(2024, 8, 1), number=1, team_id="T-CIN"),
    ),
    file_items=(
        FileItem("chronology", date(2024, 7, 5)),
        FileItem("genogram", None),
    ),
    allocations=(
        Allocation("T-CIN", "W-1", date(2024, 1, 1), date(2024, 9, 1), "first allocation"),
        Allocation("T-CIC", "W-2", date(2024, 9, 1), None, "stepped up to care"),
    ),
)


def test_snapshot_round_trip(seeded: Database) -> None:
    write_ada(seeded)
    with UnitOfWork(seeded, USER) as uow:
        assert uow.cases.get_snapshot("C-1") == EXPECTED_ADA
        baby = uow.cases.get_snapshot("C-3")
        cleo = uow.cases.get_snapshot("C-4")
    assert baby.child.unborn and baby.sibling_ids == ("C-1", "C-2")
    assert cleo.sibling_ids == () and cleo.family_id is None and cleo.events == ()
    assert EXPECTED_ADA.worker_changes_since(date(2024, 6, 1)) == 1


def test_snapshots_in_id_order_and_unknown_ids_skipped(seeded: Database) -> None:
    write_ada(seeded)
    with UnitOfWork(seeded, USER) as uow:
        assert [s.id for s in uow.cases.snapshots()] == ["C-1", "C-2", "C-3", "C-4"]
        picked = list(uow.cases.snapshots(["C-4", "nobody", "C-1", "C-1"]))
    assert [s.id for s in picked] == ["C-1", "C-4"]
    assert picked[0] == EXPECTED_ADA


def test_unknown_child_is_case_not_found(seeded: Database) -> None:
    with UnitOfWork(seeded, USER) as uow, pytest.raises(CaseNotFound):
        uow.cases.get_snapshot("nobody")
    with UnitOfWork(seeded, USER) as uow, pytest.raises(CaseNotFound):
        uow.cases.allocate("nobody", "T-CIN", None, date(2024, 1, 1))


def test_reads_see_unflushed_writes_of_the_same_unit_of_work(seeded: Database) -> None:
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.add_child(CLEO, team_id="T-CIC")
        uow.cases.set_tier("C-4", 2)
        assert uow.cases.get_snapshot("C-4").tier == 2


def test_status_flag_and_ids(seeded: Database) -> None:
    write_ada(seeded)
    with UnitOfWork(seeded, USER) as uow:
        with pytest.raises(LookupError):
            uow.cases.end_status("C-1", "CIN", date(2025, 1, 1))  # already ended
        assert uow.cases.clear_flag("C-1", "missing")
        assert not uow.cases.clear_flag("C-1", "missing")
        uow.cases.set_family("C-4", "F-1")
        uow.commit()
        assert uow.cases.child_ids() == {"C-1", "C-2", "C-3", "C-4"}
        assert uow.cases.team_ids() == {"T-CIN", "T-CIC"}
        assert uow.cases.worker_ids() == {"W-1", "W-2"}
    with UnitOfWork(seeded, USER) as uow:
        ada = uow.cases.get_snapshot("C-1")
    assert ada.flags == {"s47_ongoing"}
    assert ada.sibling_ids == ("C-2", "C-3", "C-4")


def test_snapshots_of_a_generated_caseload_match_rows_and_single_reads(seeded: Database) -> None:
    tables = caseload(1000)
    expected = expected_snapshots(tables)
    with UnitOfWork(seeded, USER) as uow:
        uow.cases.bulk_insert(tables, summary="1,000 generated children")
        uow.commit()
    with UnitOfWork(seeded, USER) as uow:
        everyone = list(uow.cases.snapshots())
        one_by_one = [uow.cases.get_snapshot(child_id) for child_id in sorted(expected)]
        chunked = list(uow.cases.snapshots(list(expected)))  # 1,000 ids: two chunks of 500
    assert [s.id for s in everyone] == sorted(expected)
    assert everyone == one_by_one == chunked
    assert everyone == [expected[s.id] for s in everyone]
    assert sum(len(s.events) for s in everyone) == 10_000
    assert sum(1 for s in everyone if s.sibling_ids) > 400


def test_bulk_insert_children_takes_related_rows_by_name(seeded: Database) -> None:
    row = {"id": "C-9", "given_name": "Ada", "family_name": "Testcase", "team_id": "T-CIN"}
    flags = [{"child_id": "C-9", "flag": "missing", "set_on": date(2024, 1, 1)}]
    with UnitOfWork(seeded, USER) as uow:
        assert uow.cases.bulk_insert_children([row], flags=flags) == {"children": 1, "flags": 1}
        assert uow.cases.get_snapshot("C-9").flags == {"missing"}
        with pytest.raises(ValueError, match="audit_log"):
            uow.cases.bulk_insert({"audit_log": [{}]})


def test_transfers_overrides_and_disagreements(seeded: Database) -> None:
    write_ada(seeded)
    with UnitOfWork(seeded, USER) as uow:
        transfers = uow.transfers
        first = transfers.add("C-1", "cin-to-cic", pack_id="p", pack_version="1.0",
                              from_team="T-CIN", to_team="T-CIC", status="proposed",
                              proposed_on=date(2024, 8, 1))  # fmt: skip
        draft = transfers.add("C-2", "cin-to-cic", pack_id="p", pack_version="1.0",
                              from_team="T-CIN")  # fmt: skip
        transfers.set_status(first, "agreed", date(2024, 8, 10))
        transfers.update(draft, draft_json='{"page": 2}')
        transfers.record_step(first, "joint_visit", date(2024, 8, 20), who="W-1")
        transfers.answer_question(first, "parents_told", "yes")
        transfers.answer_question(first, "parents_told", "yes, by letter")
        transfers.add_override(first, "no-transfer-in-proceedings", authoriser="Hana Head",
                               role="head_of_service", reason="final hearing moved",
                               on=date(2024, 8, 9))  # fmt: skip
        disagreement = transfers.raise_disagreement(
            first, raised_at=datetime(2024, 8, 12, 14, 30), raised_by="W-2", subject="timing"
        )
        assert transfers.escalate_disagreement(disagreement, datetime(2024, 8, 13, 14, 30)) == 2
        transfers.resolve_disagreement(disagreement, date(2024, 8, 14), "agreed a later date")
        uow.commit()
        record = transfers.get(first)
        assert (record.status, record.agreed_on, record.pack_version) == (
            "agreed",
            date(2024, 8, 10),
            "1.0",
        )
        assert transfers.open_pathways(None) == {"C-1": ["cin-to-cic"]}  # drafts are not open
        assert transfers.open_pathways(["C-2"]) == {}
        assert [t.id for t in transfers.of_child("C-2")] == [draft]
        with pytest.raises(ValueError):
            transfers.set_status(first, "lost")
        with pytest.raises(TypeError):
            transfers.update(first, child_id="C-2")


def test_latest_audit_answers(seeded: Database) -> None:
    write_ada(seeded)
    gap = AuditAnswer("chronology", AuditState.GAP, "out of date", date(2024, 8, 1), "W-1")
    met = AuditAnswer("chronology", AuditState.MET, "updated", date(2024, 8, 9), "W-1")
    with UnitOfWork(seeded, USER) as uow:
        audits = uow.audits
        older = audits.start("C-1", "appendix-a", pack_id="p", pack_version="1", stage="sending",
                             started_on=date(2024, 8, 1), by="W-1")  # fmt: skip
        audits.answer(older, gap)
        audits.answer(older, AuditAnswer("genogram", AuditState.MET))
        newer = audits.start("C-1", "appendix-a", pack_id="p", pack_version="1", stage="sending",
                             started_on=date(2024, 8, 9), by="W-1")  # fmt: skip
        audits.answer(newer, gap)
        audits.answer(newer, met)  # changes the answer
        audits.complete(newer, date(2024, 8, 9))
        uow.commit()
        assert audits.latest_answers("C-1", "appendix-a") == {"chronology": met}
        assert audits.latest_answers("C-2", "appendix-a") == {}
        assert audits.latest_answers_by_case() == {"C-1": {"appendix-a": {"chronology": met}}}
        with pytest.raises(ValueError):
            audits.start("C-1", "x", pack_id="p", pack_version="1", stage="middle",
                         started_on=date(2024, 8, 9), by="W-1")  # fmt: skip


def test_settings_and_closure_days(database: Database) -> None:
    with UnitOfWork(database, USER) as uow:
        assert uow.settings.get("pack_id") is None
        assert uow.settings.get("pack_id", "none") == "none"
        uow.settings.set("pack_id", "case-transfer-policy-2021")
        uow.settings.set("pack_id", "york")
        uow.settings.add_closure_day(date(2026, 12, 29), "Closure")
        uow.settings.add_closure_day(date(2026, 12, 28), "Closure")
        uow.commit()
    with UnitOfWork(database, USER) as uow:
        assert uow.settings.get("pack_id") == "york"
        assert uow.settings.closure_days() == [date(2026, 12, 28), date(2026, 12, 29)]
        assert uow.settings.remove_closure_day(date(2026, 12, 28))
        assert not uow.settings.remove_closure_day(date(2026, 12, 28))
        assert uow.settings.closure_day_labels() == {date(2026, 12, 29): "Closure"}


def test_teams_and_workers(seeded: Database) -> None:
    with UnitOfWork(seeded, USER) as uow:
        uow.teams.set_worker_active("W-1", False)
        assert uow.teams.teams() == [
            ("T-CIC", "Children in care", "cic"),
            ("T-CIN", "Children in need", "cin"),
        ]
        assert uow.teams.workers("T-CIN") == [
            ("W-1", "Wren Worker", "T-CIN", "social_worker", False)
        ]
        with pytest.raises(LookupError):
            uow.teams.set_worker_active("W-9", True)
