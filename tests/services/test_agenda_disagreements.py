"""Disagreements reach a meeting's agenda from their own table, never from the child's events.

Nottingham City's locality hub takes "Issues with transfer / blockages" (ToR Standard Agenda,
item b)); Northamptonshire's dispute resolution meeting takes "A dispute the team managers could
not resolve" (§3.10 para 2). Both ask for a disagreement raised and not resolved. A disagreement
is raised on a transfer (:mod:`app.services.disagreements`), so on a real caseload file:

- a case with an open disagreement comes, as of the sitting's day, and drops off once resolved;
- a ``disagreement_raised`` event on the child's record alone brings nothing;
- a child's other, resolved disagreement does not settle one still open.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.case import Child, Event
from app.domain.meeting_agenda import Agenda, Why
from app.services import disagreements as dis
from app.services import meetings
from app.services.workspace import Workspace, create_workspace

HUB = "locality-hub-meeting"
BLOCKAGES = "What are we worried about? - Issues with transfer / blockages"
DISPUTE_MEETING = "dispute-resolution-meeting"
UNRESOLVED = "A dispute the team managers could not resolve, or that needs clarification"
RAISED = datetime(2026, 12, 3, 10, 30)  # a Thursday
HUB_DAY = date(2026, 12, 8)  # the second Tuesday: a hub sits
EARLIER_HUB = date(2026, 12, 1)  # a hub before the disagreement was raised
NEXT_HUB = date(2026, 12, 15)


def caseload(folder: Path, pack_id: str, team: str, case_ids: list[str]) -> Workspace:
    """An empty caseload of ``pack_id`` with fictional children held by ``team``."""
    ws = create_workspace(folder / f"{pack_id}.sqlite3", pack_id, user="tm.test")
    with ws.unit_of_work() as uow:
        for t in ws.pack.teams:
            uow.teams.add_team(t.id, t.name, t.kind)
        uow.teams.add_worker("W-1", "Wren Worker", team)
        for n, case_id in enumerate(case_ids):
            child = Child(case_id, "Pip", "Imaginary", date(2014, 3, 1 + n))
            uow.cases.add_child(child, team_id=team, worker_id="W-1")
        uow.commit()
    return ws


def transfer(ws: Workspace, case_id: str, pathway_id: str) -> int:
    pathway = ws.pack.pathway(pathway_id)
    with ws.unit_of_work() as uow:
        transfer_id = uow.transfers.add(
            case_id, pathway_id, pack_id=ws.pack.id, pack_version=ws.pack.version,
            from_team=pathway.from_teams[0], to_team=pathway.to_teams[0], status="proposed",
            proposed_on=RAISED.date(),
        )  # fmt: skip
        uow.commit()
    return transfer_id


def record_event(ws: Workspace, case_id: str, event: Event) -> None:
    """An event written straight on the child's record (as an old caseload might hold)."""
    with ws.unit_of_work() as uow:
        uow.cases.add_event(case_id, event)
        uow.commit()


def brought(agenda: Agenda, text: str) -> list[str]:
    """The cases a ``brings`` with ``text`` brings to the sitting."""
    return [
        item.case_id
        for item in agenda.items
        if any(r.why is Why.BROUGHT and r.text == text for r in item.reasons)
    ]


def previews(ws: Workspace, meeting_type: str, day: date) -> list[Agenda]:
    """The sitting's agenda listed and described (both builds must agree)."""
    return [
        meetings.preview_agenda(ws, meeting_type, day, describe=describe)
        for describe in (False, True)
    ]


@pytest.fixture
def nottingham(tmp_path: Path) -> Workspace:
    return caseload(tmp_path, "nottingham-city-2018", "csw-locality", ["C-OPEN", "C-EVENT"])


def test_hub_brings_an_open_disagreement_under_blockages_and_drops_it_once_resolved(
    nottingham: Workspace,
) -> None:
    ws = nottingham
    disagreement = dis.raise_disagreement(
        ws, transfer(ws, "C-OPEN", "csw-to-tfs"), subject="Step down too soon", raised_at=RAISED
    )
    record_event(ws, "C-EVENT", Event("disagreement_raised", date(2026, 12, 2)))
    for agenda in previews(ws, HUB, HUB_DAY):
        assert brought(agenda, BLOCKAGES) == ["C-OPEN"]
    for agenda in previews(ws, HUB, EARLIER_HUB):
        assert brought(agenda, BLOCKAGES) == []  # not yet raised on the day the hub sits

    meeting_id = meetings.prepare_meeting(ws, HUB, NEXT_HUB)
    [entry] = meetings.agenda(ws, meeting_id).entries
    assert entry.case_id == "C-OPEN" and entry.item.reasons[0].text == BLOCKAGES

    dis.resolve(ws, disagreement, date(2026, 12, 9), "TFS takes the case after the review")
    for agenda in previews(ws, HUB, NEXT_HUB):
        assert brought(agenda, BLOCKAGES) == []
    meetings.refresh_agenda(ws, meeting_id)
    assert meetings.agenda(ws, meeting_id).entries == ()
    # The hub held before the resolution still saw it open.
    for agenda in previews(ws, HUB, HUB_DAY):
        assert brought(agenda, BLOCKAGES) == ["C-OPEN"]


def test_a_disagreement_event_on_the_record_alone_brings_nothing(nottingham: Workspace) -> None:
    ws = nottingham
    record_event(ws, "C-EVENT", Event("disagreement_raised", date(2026, 12, 2)))
    record_event(ws, "C-OPEN", Event("disagreement_raised", date(2026, 12, 2)))
    record_event(ws, "C-OPEN", Event("disagreement_resolved", date(2026, 12, 2)))
    for agenda in previews(ws, HUB, HUB_DAY):
        assert brought(agenda, BLOCKAGES) == []
    # A resolution on the record does not settle a disagreement open in the table either.
    dis.raise_disagreement(
        ws, transfer(ws, "C-OPEN", "csw-to-tfs"), subject="Who visits", raised_at=RAISED
    )
    for agenda in previews(ws, HUB, HUB_DAY):
        assert brought(agenda, BLOCKAGES) == ["C-OPEN"]


@pytest.fixture
def northamptonshire(tmp_path: Path) -> Workspace:
    ws = caseload(tmp_path, "northamptonshire-2020", "daat", ["C-OPEN", "C-EVENT", "C-TWO"])
    with ws.unit_of_work() as uow:
        for case_id in ("C-OPEN", "C-EVENT", "C-TWO"):
            uow.cases.set_flag(case_id, "cp_threshold_met", date(2026, 11, 20))
        uow.commit()
    return ws


def test_dispute_meeting_takes_an_unresolved_dispute_from_the_table(
    northamptonshire: Workspace,
) -> None:
    ws = northamptonshire
    disputed = dis.raise_disagreement(
        ws, transfer(ws, "C-OPEN", "daat-to-csst-icpc"), subject="Which CSST", raised_at=RAISED
    )
    record_event(ws, "C-EVENT", Event("disagreement_raised", date(2026, 12, 2)))
    settled = dis.raise_disagreement(
        ws, transfer(ws, "C-TWO", "daat-to-csst-icpc"), subject="Which CSST", raised_at=RAISED
    )
    dis.resolve(ws, settled, date(2026, 12, 4), "Central CSST")
    for agenda in previews(ws, DISPUTE_MEETING, HUB_DAY):
        assert brought(agenda, UNRESOLVED) == ["C-OPEN"]

    # A second dispute on C-TWO: its first, resolved, does not settle it.
    dis.raise_disagreement(
        ws, transfer(ws, "C-TWO", "daat-to-csst-icpc"), subject="Joint visit",
        raised_at=datetime(2026, 12, 7, 9, 0),
    )  # fmt: skip
    for agenda in previews(ws, DISPUTE_MEETING, HUB_DAY):
        assert brought(agenda, UNRESOLVED) == ["C-OPEN", "C-TWO"]

    dis.resolve(ws, disputed, date(2026, 12, 8), "North CSST")
    for agenda in previews(ws, DISPUTE_MEETING, HUB_DAY):
        assert brought(agenda, UNRESOLVED) == ["C-TWO"]
