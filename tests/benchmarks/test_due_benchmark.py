"""The Due list over 100,000 cases, against reading the same cases (its floor).

Run with ``pytest -m benchmark -s tests/benchmarks/test_due_benchmark.py``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app.services import disagreements as dis
from app.services.caseload import collector_paused
from app.services.due import DueKind, due_items
from app.services.loading import make_demo
from app.services.workspace import Workspace, open_workspace
from tests.benchmarks.test_core_benchmark import best_of

pytestmark = pytest.mark.benchmark
PACK = "case-transfer-policy-2021"
CASES = 100_000
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    path: Path = tmp_path_factory.mktemp("big") / "big.sqlite3"
    make_demo(path, PACK, CASES, TODAY)
    ws = open_workspace(path)
    with ws.unit_of_work() as uow:
        case = next(uow.cases.snapshots())
        transfer = uow.transfers.add(
            case.id, "mash-to-fst", pack_id=PACK, pack_version=ws.pack.version,
            from_team=case.team_id, status="proposed",
        )  # fmt: skip
        uow.commit()
    dis.raise_disagreement(ws, transfer, subject="x", raised_at=datetime(2026, 11, 23, 10))
    return ws


def read_every_case(ws: Workspace) -> int:
    with ws.unit_of_work() as uow, collector_paused():
        return sum(1 for _ in uow.cases.snapshots())


def test_due_list_of_100k_cases_within_3x_of_reading_them(big: Workspace) -> None:
    """Taken in turns, best of three each, so a busy machine slows both alike."""
    floors, took, found = [], [], []
    for _ in range(3):
        floors.append(best_of(1, lambda: read_every_case(big)))
        took.append(best_of(1, lambda: found.append(due_items(big, TODAY, 10))))
    floor, best = min(floors), min(took)
    assert any(i.kind is DueKind.ESCALATION for i in found[-1])
    print(f"\nDue list of {CASES:,} cases: {best:.2f} s, {len(found[-1]):,} items; "
          f"reading the cases {floor:.2f} s; {best / floor:.2f}x")  # fmt: skip
    assert best / floor <= 3.0
