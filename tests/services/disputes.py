"""A real demo caseload with a transfer under way, for the disagreement and Due tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.services.loading import make_demo
from app.services.workspace import Workspace, open_workspace


def demo_with_transfer(folder: Path, pack_id: str, today: date) -> tuple[Workspace, str, int]:
    """A 40-case demo of ``pack_id`` with no disagreement yet; returns it, a child and a
    proposed transfer of theirs."""
    path = folder / f"{pack_id}.sqlite3"
    make_demo(path, pack_id, 40, today, disagreements=False)
    ws = open_workspace(path, user="tester")
    with ws.unit_of_work() as uow:
        teams = {p.from_teams[0]: p for p in ws.pack.pathways}
        case = next(c for c in uow.cases.snapshots() if c.team_id in teams)
        pathway = teams[case.team_id]
        transfer_id = uow.transfers.add(
            case.id, pathway.id, pack_id=ws.pack.id, pack_version=ws.pack.version,
            from_team=case.team_id, to_team=pathway.to_teams[0], status="proposed",
            proposed_on=today,
        )  # fmt: skip
        uow.commit()
    return ws, case.id, transfer_id
