"""The register query (SQL) agrees with a plain walk over the caseload's snapshots."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.case import CaseSnapshot
from app.services.register import SORT_KEYS, Register, RegisterFilter, RegisterRow, RegisterSort
from app.services.workspace import Workspace


@pytest.fixture
def snapshots(workspace: Workspace) -> list[CaseSnapshot]:
    with workspace.unit_of_work() as uow:
        return list(uow.cases.snapshots())


def all_rows(
    register: Register, filters: RegisterFilter, sort: RegisterSort | None = None
) -> list[RegisterRow]:
    return register.page(filters, sort or RegisterSort(), 0, 10_000)


def test_every_child_is_in_the_register(register: Register, snapshots: list[CaseSnapshot]) -> None:
    rows = all_rows(register, RegisterFilter())
    assert register.count(RegisterFilter()) == len(snapshots) == len(rows)
    assert [r.case_id for r in rows] == sorted(s.id for s in snapshots)


def test_team_and_worker_filters_match_the_snapshots(
    register: Register, snapshots: list[CaseSnapshot]
) -> None:
    for team_id in {s.team_id for s in snapshots}:
        wanted = sorted(s.id for s in snapshots if s.team_id == team_id)
        filters = RegisterFilter(team_id=team_id)
        assert register.count(filters) == len(wanted)
        assert [r.case_id for r in all_rows(register, filters)] == wanted
    worker = next(s.worker_id for s in snapshots if s.worker_id)
    filters = RegisterFilter(worker_id=worker)
    assert register.count(filters) == sum(s.worker_id == worker for s in snapshots)


def test_status_filter_counts_current_statuses(
    register: Register, snapshots: list[CaseSnapshot], today: date
) -> None:
    codes = register.statuses()
    assert codes
    for code in codes:
        wanted = {s.id for s in snapshots if code in s.statuses_on(today)}
        rows = all_rows(register, RegisterFilter(status=code))
        assert {r.case_id for r in rows} == wanted
        assert all(code in r.statuses for r in rows)


def test_search_by_id_prefix_and_by_name(register: Register, snapshots: list[CaseSnapshot]) -> None:
    child = snapshots[7].child
    assert [r.case_id for r in all_rows(register, RegisterFilter(text=child.id))] == [child.id]
    family = snapshots[7].child.family_name
    wanted = {s.id for s in snapshots if s.child.family_name == family}
    lower = family.split()[0].lower()
    found = {r.case_id for r in all_rows(register, RegisterFilter(text=lower))}
    assert wanted <= found
    assert register.count(RegisterFilter(text=f"{child.given_name} {family}")) >= 1


def test_search_ignores_sql_wildcards(register: Register) -> None:
    assert register.count(RegisterFilter(text="%")) == register.count(RegisterFilter())
    assert register.count(RegisterFilter(text="zz_%_zz")) == 0


def test_rows_carry_siblings_statuses_and_flags(
    register: Register, snapshots: list[CaseSnapshot], today: date
) -> None:
    by_id = {s.id: s for s in snapshots}
    for row in all_rows(register, RegisterFilter()):
        snap = by_id[row.case_id]
        assert row.family_size == len(snap.sibling_ids) + 1 or not snap.sibling_ids
        assert set(row.statuses) == set(snap.statuses_on(today))
        assert set(row.flags) == set(snap.flags)
        assert row.team_id == snap.team_id


@pytest.mark.parametrize("key", SORT_KEYS)
def test_every_sort_gives_every_row_once(register: Register, key: str) -> None:
    for descending in (False, True):
        rows = all_rows(register, RegisterFilter(), RegisterSort(key, descending))
        assert len({r.case_id for r in rows}) == len(rows) == register.count(RegisterFilter())


def test_age_sort_is_youngest_first(register: Register, today: date) -> None:
    rows = all_rows(register, RegisterFilter(), RegisterSort("age"))
    ages = [r.age(today) for r in rows if r.dob is not None]
    assert ages == sorted(ages)


def test_pages_join_up(register: Register) -> None:
    sort = RegisterSort("name")
    whole = all_rows(register, RegisterFilter(), sort)
    paged = [
        r
        for offset in range(0, len(whole), 7)
        for r in register.page(RegisterFilter(), sort, offset, 7)
    ]
    assert [r.case_id for r in paged] == [r.case_id for r in whole]
