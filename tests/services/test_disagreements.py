"""Disagreements between teams on a real caseload file: raise, escalate, resolve, clocks."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.engine import ClockState
from app.services import disagreements as dis
from app.services.caseload import case_deadlines
from app.services.loading import make_demo
from app.services.workspace import Workspace, open_workspace
from tests.services.disputes import demo_with_transfer

CHRISTMAS_EVE = date(2026, 12, 24)  # a Thursday; then Christmas Day, a weekend, Boxing Day (obs.)
RAISED = datetime(2026, 12, 24, 14, 0)


@pytest.fixture
def ws2021(tmp_path: Path) -> Iterator[tuple[Workspace, str, int]]:
    found = demo_with_transfer(tmp_path, "case-transfer-policy-2021", CHRISTMAS_EVE)
    yield found
    found[0].database.close()


@pytest.fixture
def nottingham(tmp_path: Path) -> Iterator[tuple[Workspace, str, int]]:
    found = demo_with_transfer(tmp_path, "nottingham-city-2018", CHRISTMAS_EVE)
    yield found
    found[0].database.close()


def test_2021_clock_is_one_working_day_across_the_bank_holidays(
    ws2021: tuple[Workspace, str, int],
) -> None:
    ws, case_id, transfer_id = ws2021
    new_id = dis.raise_disagreement(
        ws, transfer_id, subject="Threshold for step-down", raised_at=RAISED, raised_by="FST TM"
    )
    [view] = dis.list_disagreements(ws, CHRISTMAS_EVE)
    assert view.record.id == new_id and view.record.child_id == case_id
    assert view.record.raised_by == "FST TM" and view.record.level == 1
    assert view.sits_with.startswith("Team managers of ")
    assert view.next_up == (
        "Head of Service of the transferring team, Head of Service of the receiving team"
    )
    clock = view.next_clock
    assert clock is not None and clock.timescale.id == "disagreement-escalation"
    assert clock.due == datetime(2026, 12, 29, 14, 0)  # not Christmas nor Boxing Day (observed)
    assert clock.rule == "1 working day after disagreement raised between teams"
    assert not view.overdue
    [late] = dis.list_disagreements(ws, date(2026, 12, 30))
    assert late.overdue and late.clocks[0].state is ClockState.OVERDUE


def test_escalating_to_heads_of_service_meets_the_2021_clock_and_the_top_is_refused(
    ws2021: tuple[Workspace, str, int],
) -> None:
    ws, _, transfer_id = ws2021
    new_id = dis.raise_disagreement(ws, transfer_id, subject="Who holds the case", raised_at=RAISED)
    assert dis.escalate(ws, new_id, datetime(2026, 12, 29, 11, 0)) == 2
    [view] = dis.list_disagreements(ws, date(2026, 12, 30))
    assert "Head of Service" in view.sits_with and view.next_up == ""
    assert view.clocks == ()  # referred to the Heads of Service: the clock is met
    with pytest.raises(dis.DisagreementRefused) as refused:
        dis.escalate(ws, new_id, datetime(2026, 12, 30, 9, 0))
    assert refused.value.field == "level" and "top of the" in refused.value.message
    [still] = dis.list_disagreements(ws, date(2026, 12, 30))
    assert still.record.level == 2


def test_resolving_stops_the_clock_and_needs_text(ws2021: tuple[Workspace, str, int]) -> None:
    ws, _, transfer_id = ws2021
    new_id = dis.raise_disagreement(ws, transfer_id, subject="Timing", raised_at=RAISED)
    with pytest.raises(dis.DisagreementRefused) as refused:
        dis.resolve(ws, new_id, date(2026, 12, 29), "   ")
    assert refused.value.field == "resolution"
    with pytest.raises(dis.DisagreementRefused) as early:
        dis.resolve(ws, new_id, date(2026, 12, 1), "Agreed")
    assert early.value.field == "on"
    assert dis.list_disagreements(ws, CHRISTMAS_EVE, open_only=True)[0].record.resolved_on is None
    dis.resolve(ws, new_id, date(2026, 12, 29), "Agreed to transfer after the review")
    assert dis.list_disagreements(ws, date(2026, 12, 30), open_only=True) == []
    [done] = dis.list_disagreements(ws, date(2026, 12, 30))
    assert done.record.resolution == "Agreed to transfer after the review"
    assert not done.is_open and done.clocks == ()
    with pytest.raises(dis.DisagreementRefused, match="was resolved on 29 Dec 2026"):
        dis.escalate(ws, new_id, datetime(2026, 12, 30, 9, 0))


def test_raising_needs_a_subject_and_an_open_transfer(ws2021: tuple[Workspace, str, int]) -> None:
    ws, case_id, transfer_id = ws2021
    with pytest.raises(dis.DisagreementRefused) as blank:
        dis.raise_disagreement(ws, transfer_id, subject=" ", raised_at=RAISED)
    assert blank.value.field == "subject"
    with pytest.raises(dis.DisagreementRefused) as missing:
        dis.raise_disagreement(ws, 9999, subject="x", raised_at=RAISED)
    assert missing.value.field == "transfer"
    assert [t.id for t in dis.open_transfers(ws, case_id)] == [transfer_id]
    with ws.unit_of_work() as uow:
        uow.transfers.set_status(transfer_id, "withdrawn")
        uow.commit()
    assert dis.open_transfers(ws, case_id) == []
    with pytest.raises(dis.DisagreementRefused, match="withdrawn"):
        dis.raise_disagreement(ws, transfer_id, subject="x", raised_at=RAISED)
    assert dis.list_disagreements(ws, CHRISTMAS_EVE) == []


def test_nottingham_ladder_two_rungs_with_their_clocks(
    nottingham: tuple[Workspace, str, int],
) -> None:
    ws, _, transfer_id = nottingham
    new_id = dis.raise_disagreement(ws, transfer_id, subject="Appropriateness", raised_at=RAISED)
    [view] = dis.list_disagreements(ws, CHRISTMAS_EVE)
    assert [c.timescale.id for c in view.clocks] == [
        "escalation-first-24-hours",
        "escalation-resolved-48-hours",
    ]
    assert [c.due_date for c in view.clocks] == [date(2026, 12, 29), date(2026, 12, 30)]
    assert dis.escalate(ws, new_id, datetime(2026, 12, 29, 10, 0)) == 2
    [second] = dis.list_disagreements(ws, CHRISTMAS_EVE)
    assert len(second.clocks) == 2 and second.next_up  # with the Service Manager, HoS next
    assert dis.escalate(ws, new_id, datetime(2026, 12, 29, 16, 0)) == 3
    [top] = dis.list_disagreements(ws, CHRISTMAS_EVE)
    assert [c.timescale.id for c in top.clocks] == ["escalation-resolved-48-hours"]
    assert top.next_up == "" and top.record.level == top.top_level == 3


def test_the_case_record_never_shows_a_disagreement_clock(
    ws2021: tuple[Workspace, str, int],
) -> None:
    ws, case_id, transfer_id = ws2021
    dis.raise_disagreement(ws, transfer_id, subject="Timing", raised_at=RAISED)
    on_the_case = case_deadlines(ws, case_id, CHRISTMAS_EVE)
    assert all(d.timescale.anchor != "disagreement_raised" for d in on_the_case)


def test_cambridgeshire_sets_no_clock_so_nothing_shows_overdue(tmp_path: Path) -> None:
    ws, _, transfer_id = demo_with_transfer(tmp_path, "cambridgeshire-2018", CHRISTMAS_EVE)
    new_id = dis.raise_disagreement(
        ws, transfer_id, subject="Ongoing involvement", raised_at=RAISED
    )
    [view] = dis.list_disagreements(ws, date(2027, 2, 1))
    assert view.clocks == () and not view.overdue  # "no fixed time" is not a clock
    assert dis.escalate(ws, new_id, datetime(2027, 1, 4, 9, 0)) == 2
    assert dis.escalate(ws, new_id, datetime(2027, 1, 5, 9, 0)) == 3
    [top] = dis.list_disagreements(ws, date(2027, 2, 1))
    assert top.sits_with == "Line management, DSM" and top.next_up == ""
    ws.database.close()


def test_no_printed_pack_mentions_a_disagreement(
    ws2021: tuple[Workspace, str, int], tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from app.reports.render import render_handover_pack
    from app.services.printing import handover_pack

    ws, case_id, transfer_id = ws2021
    new_id = dis.raise_disagreement(ws, transfer_id, subject="Timing", raised_at=RAISED)
    dis.escalate(ws, new_id, datetime(2026, 12, 29, 9, 0))
    out = tmp_path / "pack.pdf"
    render_handover_pack(handover_pack(ws, case_id, datetime(2026, 12, 30, 9, 0)), out)
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert case_id in text and "disagree" not in text.lower()
    assert "heads of service" not in text.lower()


def status_of(ws: Workspace, transfer_id: int) -> str:
    with ws.unit_of_work() as uow:
        return uow.transfers.get(transfer_id).status


def status_changes(ws: Workspace, transfer_id: int) -> list[tuple[str, str]]:
    """The transfer's status changes as the audit trail has them: (before, after)."""
    with sqlite3.connect(ws.path) as db:
        rows = db.execute(
            "SELECT before_json, after_json FROM audit_log WHERE entity = 'transfers' "
            "AND entity_id = ? AND action = 'update' ORDER BY id",
            (str(transfer_id),),
        ).fetchall()
    changes = [(json.loads(b or "{}"), json.loads(a or "{}")) for b, a in rows]
    return [(b["status"], a["status"]) for b, a in changes if "status" in a]


def test_raising_disputes_the_transfer_and_resolving_puts_it_back(
    ws2021: tuple[Workspace, str, int],
) -> None:
    ws, case_id, transfer_id = ws2021
    new_id = dis.raise_disagreement(ws, transfer_id, subject="Timing", raised_at=RAISED)
    assert status_of(ws, transfer_id) == "disputed"
    assert status_changes(ws, transfer_id) == [("proposed", "disputed")]
    assert [t.id for t in dis.open_transfers(ws, case_id)] == [transfer_id]  # still under way
    dis.resolve(ws, new_id, date(2026, 12, 29), "Agreed to wait for the review")
    assert status_of(ws, transfer_id) == "proposed"
    assert status_changes(ws, transfer_id) == [("proposed", "disputed"), ("disputed", "proposed")]


def test_an_agreed_transfer_goes_back_to_agreed_when_its_last_disagreement_ends(
    ws2021: tuple[Workspace, str, int],
) -> None:
    ws, _, transfer_id = ws2021
    with ws.unit_of_work() as uow:
        uow.transfers.set_status(transfer_id, "agreed", on=CHRISTMAS_EVE)
        uow.commit()
    first = dis.raise_disagreement(ws, transfer_id, subject="Timing", raised_at=RAISED)
    second = dis.raise_disagreement(ws, transfer_id, subject="Who visits", raised_at=RAISED)
    assert status_changes(ws, transfer_id)[-1] == ("agreed", "disputed")  # once, not twice
    dis.resolve(ws, first, date(2026, 12, 29), "Date kept")
    assert status_of(ws, transfer_id) == "disputed"  # the other is still open
    dis.resolve(ws, second, date(2026, 12, 30), "Joint visit by both workers")
    assert status_of(ws, transfer_id) == "agreed"
    with ws.unit_of_work() as uow:
        assert uow.transfers.get(transfer_id).agreed_on == CHRISTMAS_EVE


def test_resolving_leaves_a_transfer_that_moved_on_meanwhile(
    ws2021: tuple[Workspace, str, int],
) -> None:
    ws, _, transfer_id = ws2021
    new_id = dis.raise_disagreement(ws, transfer_id, subject="Timing", raised_at=RAISED)
    with ws.unit_of_work() as uow:
        uow.transfers.set_status(transfer_id, "withdrawn")
        uow.commit()
    dis.resolve(ws, new_id, date(2026, 12, 29), "Withdrawn: the family moved away")
    assert status_of(ws, transfer_id) == "withdrawn"


def test_a_refused_raise_leaves_the_transfer_as_it_was(
    ws2021: tuple[Workspace, str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, _, transfer_id = ws2021

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("app.storage.transfers.TransferRepository.set_status", disk_full)
    with pytest.raises(sqlite3.OperationalError):
        dis.raise_disagreement(ws, transfer_id, subject="Timing", raised_at=RAISED)
    assert dis.list_disagreements(ws, CHRISTMAS_EVE) == []  # nothing half-written
    assert status_of(ws, transfer_id) == "proposed"


def test_the_demos_disputed_transfers_go_back_to_proposed(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    make_demo(path, "case-transfer-policy-2021", 40, CHRISTMAS_EVE)
    ws = open_workspace(path, user="tester")
    views = dis.list_disagreements(ws, CHRISTMAS_EVE, open_only=True)
    assert views and all(status_of(ws, v.record.transfer_id) == "disputed" for v in views)
    view = views[0]
    dis.resolve(ws, view.record.id, CHRISTMAS_EVE, "Settled between the managers")
    assert status_of(ws, view.record.transfer_id) == "proposed"  # never agreed
    ws.database.close()
