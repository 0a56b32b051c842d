"""Readiness and the next due date worked out for the whole caseload at once (the fast paths)
equal what the full audit and ``engine.deadlines`` give case by case.

For a demo of every shipped pack, with recorded answers, open and closed transfers, facts on the
edge of the test days (from the caseload audit's test) and clock events added on those days
(anchors with and without a time of day, numbered ones, events that meet a clock), on days
before, at and after the day the demo was made.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from app.domain.case import Event
from app.domain.next_due import clock_event_kinds
from app.policy.registry import shipped_pack_files
from app.services.caseload import caseload_deadlines
from app.services.loading import make_demo
from app.services.register import case_state, work_out_states
from app.services.workspace import Workspace, open_workspace
from tests.services.test_caseload_audit import _record_audits_and_transfers

PACK_IDS = [p.stem for p in shipped_pack_files()]
CASES = 300
MADE = date(2026, 11, 23)
DAYS = (MADE - timedelta(days=75), MADE, MADE + timedelta(days=250))


@pytest.fixture(scope="module", params=PACK_IDS)
def ws(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    path = tmp_path_factory.mktemp("state") / f"{request.param}.sqlite3"
    make_demo(path, request.param, CASES, MADE)
    workspace = open_workspace(path, user="tester")
    _record_audits_and_transfers(workspace)
    _clock_events_on_the_edge(workspace)
    return workspace


def _clock_events_on_the_edge(ws: Workspace) -> None:
    """On every 4th case, an event of a clock's anchor or meeting kind near a test day."""
    pack = ws.pack
    kinds = sorted(clock_event_kinds(pack))
    numbered = [None, *sorted({t.anchor_number for t in pack.timescales if t.anchor_number})]
    with ws.unit_of_work() as uow:
        for n, case_id in enumerate(sorted(uow.cases.child_ids())):
            if n % 4 or not kinds:
                continue
            m = n // 4
            day = DAYS[m % len(DAYS)] + timedelta(days=(-1, 0, 1)[m % 3])
            at = datetime.combine(day, time(14, 30)) if m % 5 == 0 else None
            number = numbered[m % len(numbered)]
            uow.cases.add_event(case_id, Event(kinds[m % len(kinds)], day, number, at))
        uow.commit()


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_fast_states_equal_the_full_audit_and_clocks(ws: Workspace, day: date) -> None:
    fast = work_out_states(ws, day)
    assert len(fast) == CASES
    slow = [case_state(ws, state.case_id, day) for state in fast]
    assert [s for s in fast if s not in slow] == []
    assert fast == slow
    assert any(s.next_due for s in fast)  # the demo has clocks: the comparison means something


def test_next_due_is_the_first_of_the_caseload_deadlines(ws: Workspace) -> None:
    states = {s.case_id: s for s in work_out_states(ws, MADE)}
    first: dict[str, date] = {}
    for found in caseload_deadlines(ws, MADE):
        if found.disagreement_id is None:  # a disagreement's clock shows in the Due list only
            first.setdefault(found.case_id, found.deadline.due_date)
    assert {case_id: s.next_due for case_id, s in states.items() if s.next_due} == first
    assert all(s.overdue == (s.next_due is not None and s.next_due < MADE) for s in states.values())


def test_progress_is_reported_and_counts_up(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.services.register as service

    monkeypatch.setattr(service, "PROGRESS_EVERY", 100)
    heard: list[tuple[int, int]] = []
    work_out_states(ws, MADE, lambda done, total: heard.append((done, total)))
    assert heard == [(done, CASES) for done in range(100, CASES + 1, 100)]
