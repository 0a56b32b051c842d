"""Readiness and due-date filters and sorts run in SQL (on the TEMP table) and agree with the
states worked out in Python; the TEMP table follows changes on every pooled connection."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from app.domain.case import Event
from app.services.loading import make_demo
from app.services.register import (
    READINESS_FILTERS,
    CaseState,
    Register,
    RegisterFilter,
    RegisterSort,
    case_state,
    work_out_states,
)
from app.services.workspace import Workspace, open_workspace
from app.storage.database import open_database
from app.storage.register import RegisterCriteria, count_register, page_register
from app.storage.register_state import RegisterState
from tests.ui.conftest import PACK


@pytest.fixture
def worked_out(register: Register) -> dict[str, CaseState]:
    states = work_out_states(register.workspace, register.today)
    register.install(states)
    return {s.case_id: s for s in states}


def ids(register: Register, filters: RegisterFilter, sort: RegisterSort | None = None) -> list[str]:
    return [r.case_id for r in register.page(filters, sort or RegisterSort(), 0, 10_000)]


def wanted(states: dict[str, CaseState], readiness: str) -> list[str]:
    if readiness == "blocked":
        return sorted(i for i, s in states.items() if s.stops_transfer)
    if readiness == "audited":
        return sorted(i for i, s in states.items() if s.readiness != "none")
    return sorted(i for i, s in states.items() if s.readiness == readiness)


def test_every_readiness_filter_matches_the_states(
    register: Register, worked_out: dict[str, CaseState]
) -> None:
    seen = 0
    for readiness in READINESS_FILTERS:
        expected = wanted(worked_out, readiness)
        filters = RegisterFilter(readiness=readiness)
        assert ids(register, filters) == expected, readiness
        assert register.count(filters) == len(expected)
        seen += bool(expected)
    assert seen >= 3  # the demo has cases in several states


def test_due_within_n_working_days_counts_overdue_and_due_by_that_day(
    register: Register, worked_out: dict[str, CaseState], workspace: Workspace, today: date
) -> None:
    for days in (0, 5, 20, 120):
        last = workspace.calendar.add_working_days(today, days)
        expected = sorted(i for i, s in worked_out.items() if s.next_due and s.next_due <= last)
        assert ids(register, RegisterFilter(due_within=days)) == expected
    overdue = [i for i, s in worked_out.items() if s.overdue]
    assert overdue and set(overdue) <= set(ids(register, RegisterFilter(due_within=0)))


def test_filters_combine_with_team_and_search(
    register: Register, worked_out: dict[str, CaseState]
) -> None:
    some = next(s for s in worked_out.values() if s.readiness == "gaps")
    filters = RegisterFilter(text=some.case_id, readiness="gaps", due_within=260)
    found = ids(register, filters)
    assert found == ([some.case_id] if some.next_due else [])
    team = register.page(RegisterFilter(text=some.case_id), RegisterSort(), 0, 1)[0].team_id
    in_team = ids(register, RegisterFilter(team_id=team, readiness="gaps"))
    assert some.case_id in in_team
    assert set(in_team) <= set(wanted(worked_out, "gaps"))


def test_rows_carry_their_state(register: Register, worked_out: dict[str, CaseState]) -> None:
    for row in register.page(RegisterFilter(), RegisterSort(), 0, 10_000):
        state = worked_out[row.case_id]
        assert (row.readiness, row.stops_transfer, row.gaps, row.unanswered) == (
            state.readiness,
            state.stops_transfer,
            state.gaps,
            state.unanswered,
        )
        assert (row.pathway_id, row.next_due, row.overdue) == (
            state.pathway_id,
            state.next_due,
            state.overdue,
        )


@pytest.mark.parametrize("descending", [False, True])
def test_sorting_by_readiness_and_due_orders_every_row_once(
    register: Register, worked_out: dict[str, CaseState], descending: bool
) -> None:
    for key in ("readiness", "gaps", "due"):
        rows = register.page(RegisterFilter(), RegisterSort(key, descending), 0, 10_000)
        assert sorted(r.case_id for r in rows) == sorted(worked_out)
    by_due = register.page(RegisterFilter(), RegisterSort("due", descending), 0, 10_000)
    dated = [r.next_due for r in by_due if r.next_due]
    assert dated == sorted(dated, reverse=descending)
    assert all(r.next_due is None for r in by_due[len(dated) :])  # no clock: last either way
    by_readiness = register.page(RegisterFilter(), RegisterSort("readiness"), 0, 10_000)
    blocked = [r.stops_transfer for r in by_readiness]
    assert blocked == sorted(blocked, reverse=True)  # transfers stopped come first


def test_totals_per_readiness(register: Register, worked_out: dict[str, CaseState]) -> None:
    totals = register.readiness_totals()
    for readiness in READINESS_FILTERS:
        assert totals[readiness] == len(wanted(worked_out, readiness)), readiness
    one = next(iter(worked_out))
    narrowed = register.readiness_totals(RegisterFilter(text=one))
    assert sum(narrowed[r] for r in ("ready", "gaps", "incomplete", "none")) == 1


def test_before_the_states_arrive_rows_say_not_worked_out(register: Register) -> None:
    rows = register.page(RegisterFilter(), RegisterSort(), 0, 5)
    assert rows and all(r.readiness is None and r.next_due is None for r in rows)
    assert register.count(RegisterFilter(readiness="gaps")) == 0


def test_a_changed_case_reaches_every_pooled_connection(
    register: Register, worked_out: dict[str, CaseState]
) -> None:
    case_id, before = next((i, s) for i, s in worked_out.items() if s.readiness == "gaps")
    criteria = RegisterCriteria(register.today, readiness="ready")
    database = register.workspace.database
    with database.engine.connect() as held:  # the register's queries now use another one
        register.state.sync(held)
        assert count_register(database, criteria, register.state) == len(
            wanted(worked_out, "ready")
        )
        register.state.update(before._replace(readiness="ready", gaps=0, stops_transfer=False))
        assert (
            count_register(database, criteria, register.state)
            == len(wanted(worked_out, "ready")) + 1
        )
        register.state.sync(held)
        sql = "SELECT readiness FROM temp.register_state WHERE child_id = ?"
        assert held.exec_driver_sql(sql, (case_id,)).scalar_one() == "ready"
        register.state.discard(case_id)
        register.state.sync(held)
        assert held.exec_driver_sql(sql, (case_id,)).scalar_one_or_none() is None


def test_a_read_only_caseload_can_still_filter(demo_path: Path, today: date) -> None:
    database = open_database(demo_path, read_only=True)
    try:
        state = RegisterState()
        state.replace([CaseState("000001-1", "ready")])
        criteria = RegisterCriteria(today, readiness="ready")
        assert count_register(database, criteria, state) == 1
        assert page_register(database, criteria, state=state)[0][0] == "000001-1"
    finally:
        database.close()


def test_one_case_is_worked_out_again_after_it_changes(tmp_path: Path, today: date) -> None:
    path = tmp_path / "changing.sqlite3"
    make_demo(path, PACK, 40, today)
    ws = open_workspace(path, user="tester")
    try:
        register = Register(ws, today)
        register.case_changed("000003-1")  # before the states arrive: remembered
        register.install(work_out_states(ws, today - timedelta(days=1)))  # a stale computation
        assert register.page(RegisterFilter(text="000003-1"), RegisterSort(), 0, 1)[0].next_due == (
            case_state(ws, "000003-1", today).next_due
        )
        before = next(s for s in work_out_states(ws, today) if s.next_due and s.overdue)
        _meet_every_clock(ws, before.case_id, today)
        register.case_changed(before.case_id)
        row = register.page(RegisterFilter(text=before.case_id), RegisterSort(), 0, 1)[0]
        assert row.next_due == case_state(ws, before.case_id, today).next_due
        assert (row.next_due, row.overdue) != (before.next_due, True)
        register.case_changed("no-such-case")
        assert register.count(RegisterFilter()) == 40
    finally:
        ws.database.close()


def _meet_every_clock(ws: Workspace, case_id: str, today: date) -> None:
    """Record, today, every event that meets a clock on the case."""
    with ws.unit_of_work() as uow:
        for kind in sorted({k for t in ws.pack.timescales for k in t.met_by}):
            uow.cases.add_event(case_id, Event(kind, today))
        uow.commit()


def test_prepared_states_are_preloaded_into_the_idle_pooled_connection(
    register: Register,
) -> None:
    register.count(RegisterFilter())  # leaves a connection idle in the pool
    prepared = register.prepare_states()
    with register.workspace.database.engine.connect() as connection:  # not synced by us
        sql = "SELECT count(*) FROM temp.register_state"
        assert connection.exec_driver_sql(sql).scalar_one() == len(prepared.rows)
    register.adopt(prepared)
    assert register.count(RegisterFilter(readiness="audited")) > 0
