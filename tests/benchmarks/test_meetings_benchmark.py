"""Building a transfer meeting's agenda from a 100,000-case caseload, against plain SQL.

The floor is one hand-written SQL query that selects exactly the cases the 2021 pack's Case
Transfer Meeting brings (its five ``brings`` rules for the Family Support Team, plus open
transfers on its pathways dated within the horizon), run with sqlite3. The agenda must select the
same cases. Ratios are measured in one run (the machines are shared and noisy).

Targets: selecting within 3x the SQL, the whole build (documents, readiness, blockers of every
case) within about 5x. Before the compiled rules (app.domain.agenda_rules) the agenda read a
full snapshot of every case and asked app.domain.conditions: 8.8 s selected (20x), 40.9 s built
(46x); most of it was building snapshots (17.5 of 27 s in the profile) and explaining
conditions. Now, in one quiet run: selected 1.07 s (2.5x), built 1.53 s (3.6x), SQL 0.42 s;
with the machine loaded (load 6 on 2 cores): 2.91 s (2.3x) and 8.37 s (7.2x), SQL 1.2 s. The
assertions leave room for that noise.

Run with ``pytest -m benchmark -s tests/benchmarks/test_meetings_benchmark.py``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.services import meetings
from app.services.loading import make_demo
from app.services.workspace import open_workspace

pytestmark = pytest.mark.benchmark
PACK = "case-transfer-policy-2021"
MEETING = "case-transfer-meeting"
CASES = 100_000

#: The 2021 meeting's rules in SQL, as app.domain.conditions reads them on day :d.
SELECT_CASES = """
WITH st AS (SELECT child_id, code FROM legal_statuses
            WHERE start <= :d AND ("end" IS NULL OR "end" >= :d)),
     ev AS (SELECT child_id, kind FROM events WHERE "on" <= :d)
SELECT c.id FROM children c WHERE c.team_id = 'fst' AND (
  (EXISTS (SELECT 1 FROM st WHERE st.child_id = c.id AND st.code = 'V2')
   AND EXISTS (SELECT 1 FROM ev WHERE ev.child_id = c.id AND ev.kind = 'cic_review'))
  OR (EXISTS (SELECT 1 FROM ev WHERE ev.child_id = c.id AND ev.kind = 'final_hearing_scheduled')
      AND (EXISTS (SELECT 1 FROM st WHERE st.child_id = c.id AND st.code IN ('C1', 'C2'))
           OR EXISTS (SELECT 1 FROM flags f
                      WHERE f.child_id = c.id AND f.flag = 'in_care_proceedings')))
  OR EXISTS (SELECT 1 FROM ev WHERE ev.child_id = c.id AND ev.kind = 'final_hearing_delayed')
  OR (EXISTS (SELECT 1 FROM flags f WHERE f.child_id = c.id AND f.flag = 'adoption_plan')
      AND (EXISTS (SELECT 1 FROM ev WHERE ev.child_id = c.id
                   AND ev.kind IN ('final_hearing_scheduled', 'early_permanence_identified'))
           OR EXISTS (SELECT 1 FROM flags f
                      WHERE f.child_id = c.id AND f.flag = 'early_permanence')))
  OR (EXISTS (SELECT 1 FROM flags f WHERE f.child_id = c.id AND f.flag = 'remanded')
      AND EXISTS (SELECT 1 FROM ev WHERE ev.child_id = c.id AND ev.kind = 'cic_review'))
)
UNION
SELECT child_id FROM transfers
WHERE status IN ('proposed', 'agreed', 'disputed')
  AND pathway_id IN ('fst-to-cic', 'fst-to-sixteen-plus') AND transfer_date <= :h
"""


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.sqlite3"
    start = time.perf_counter()
    make_demo(path, PACK, CASES, date.today())
    print(f"\nmade a {CASES:,}-case demo in {time.perf_counter() - start:.1f} s")
    return path


def plain_sql(path: Path, held: date, horizon: date) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(SELECT_CASES, {"d": held.isoformat(), "h": horizon.isoformat()})
        found = {row[0] for row in rows}
    connection.close()
    return found


def test_selecting_the_agenda_within_3x_of_the_sql_that_selects_its_cases(big: Path) -> None:
    ws = open_workspace(big)
    day = date.today() + timedelta(days=7)
    win = meetings.window_for(ws, MEETING, day)
    floor, wanted = best_of(3, lambda: plain_sql(big, win.held, win.horizon_end))
    took, agenda = best_of(2, lambda: meetings.preview_agenda(ws, MEETING, day, describe=False))
    chosen = set(agenda.case_ids)  # type: ignore[attr-defined]
    assert chosen == wanted
    ratio = took / floor
    print(
        f"\nagenda of {len(chosen):,} of {CASES:,} cases: selected in {took:.2f} s; "
        f"plain SQL {floor:.2f} s; {ratio:.1f}x"
    )
    assert ratio <= 5.0  # measured 2.5x; the SQL floor itself varies with the page cache


def test_describing_and_keeping_the_agenda(big: Path) -> None:
    """The whole build (documents, readiness, blockers) within about 5x of the SQL; informative:
    the first save and the stored agenda read back and described."""
    ws = open_workspace(big)
    day = date.today() + timedelta(days=14)
    win = meetings.window_for(ws, MEETING, day)
    floor, _ = best_of(3, lambda: plain_sql(big, win.held, win.horizon_end))
    described, agenda = best_of(1, lambda: meetings.preview_agenda(ws, MEETING, day))
    kept, meeting_id = best_of(1, lambda: meetings.prepare_meeting(ws, MEETING, day))
    viewed, view = best_of(1, lambda: meetings.agenda(ws, meeting_id))  # type: ignore[arg-type]
    items = len(agenda.items)  # type: ignore[attr-defined]
    assert len(view.entries) == items  # type: ignore[attr-defined]
    print(
        f"\nagenda of {items:,} cases: built and described {described:.2f} s "
        f"({described / floor:.1f}x SQL); planned and saved {kept:.2f} s "
        f"({kept / floor:.1f}x); stored agenda read and described {viewed:.2f} s "
        f"({viewed / floor:.1f}x); plain SQL {floor:.2f} s"
    )
    assert described / floor <= 10.0  # measured 3.6x quiet, 7.2x loaded
