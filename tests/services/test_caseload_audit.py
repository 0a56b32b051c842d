"""The fast whole-caseload audit gives exactly what the full engine gives, case by case.

For a few-thousand-case demo of every shipped pack (with recorded answers, older audits and
open and closed transfers added), on days before, at and after the day the demo was made:

- ``caseload_audit`` equals ``audit_case`` on full snapshots (pathway, readiness, gaps,
  unanswered, stops_transfer) for every case, and ``case_audits`` for a sample;
- the lean reader gives each case the same facts as its full snapshot;
- every condition of the pack, compiled, answers as ``holds`` does, for every case read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.domain.audit import audit_case
from app.domain.case import AuditAnswer, AuditState, CaseSnapshot, Event, FileItem, StatusSpell
from app.domain.conditions import holds, window_start
from app.domain.engine import OptionStatus, pathway_options
from app.domain.facts import REVIEW, FactFinder, Questions, latest_birth, questions_of
from app.domain.pack import Condition, Pack
from app.domain.predicates import compile_condition
from app.domain.readiness import audit_questions
from app.policy.registry import shipped_pack_files
from app.services.caseload import CaseReadiness, case_audits, caseload_audit
from app.services.loading import make_demo
from app.services.workspace import Workspace, open_workspace
from app.storage.uow import UnitOfWork

PACK_IDS = [p.stem for p in shipped_pack_files()]
CASES = 2500
MADE = date(2026, 11, 23)
DAYS = (MADE - timedelta(days=75), MADE, MADE + timedelta(days=250))
STATES = (AuditState.MET, AuditState.GAP, AuditState.NOT_APPLICABLE)


@pytest.fixture(scope="module", params=PACK_IDS)
def ws(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    path = tmp_path_factory.mktemp("audit") / f"{request.param}.sqlite3"
    make_demo(path, request.param, CASES, MADE)
    workspace = open_workspace(path, user="tester")
    _record_audits_and_transfers(workspace)
    return workspace


def _record_audits_and_transfers(ws: Workspace) -> None:
    """Answers on every 9th case, transfers (open or not) on every 11th and 13th, and facts
    that change on a test day (a birthday, a spell's first or last day …) on every 5th."""
    pack = ws.pack
    with_checklist = [p for p in pack.pathways if p.checklist]
    without = [p for p in pack.pathways if not p.checklist]
    with ws.unit_of_work() as uow:
        cases = list(uow.cases.snapshots())
        for n, case in enumerate(cases):
            if n % 9 == 0:
                _answer(ws, uow, case, n)
            if n % 11 == 0 and with_checklist:
                pathway = with_checklist[n % len(with_checklist)]
                _transfer(ws, uow, case, pathway.id, "proposed" if n % 2 else "withdrawn")
            if n % 13 == 0 and without:
                _transfer(ws, uow, case, without[n % len(without)].id, "agreed")
            if n % 5 == 2:
                _on_the_edge(uow, case, _every_question(pack), n // 5)
        uow.commit()


def _on_the_edge(uow: UnitOfWork, case: CaseSnapshot, asked: Questions, m: int) -> None:
    """Facts that change on one of the test days: births, spells, events and file items."""
    day = DAYS[m % len(DAYS)]
    before, after = day - timedelta(days=1), day + timedelta(days=1)
    if asked.ages and m % 4 == 0:
        born = latest_birth(asked.ages[m // 4 % len(asked.ages)], day)
        if born is not None:
            dob = born if m % 8 else born + timedelta(days=1)
            uow.cases.update_child(replace(case.child, dob=dob, expected_dob=None))
    if asked.statuses:
        code = sorted(asked.statuses)[m % len(asked.statuses)]
        start, end = ((day, None), (after, None), (before, day), (before, before))[m % 4]
        uow.cases.add_status(case.id, StatusSpell(code, start, end))
    if asked.flags:
        uow.cases.set_flag(case.id, sorted(asked.flags)[m % len(asked.flags)], day)
    for kind in sorted(asked.events)[m % 3 :: 3]:
        uow.cases.add_event(case.id, Event(kind, (day, after, before)[m % 3]))
    for within in asked.windows[m % 2 :: 2]:
        start = window_start(within, day)
        on = (start, start - timedelta(days=1), day, after)[m % 4]
        uow.cases.add_event(case.id, Event(within.kind, on))
    if asked.reviews:
        uow.cases.add_event(case.id, Event(REVIEW, (day, after)[m % 2], number=m % 4 or None))
    for kind in sorted(asked.file_items)[m % 2 :: 2]:
        uow.cases.upsert_file_item(case.id, FileItem(kind, (None, day, after)[m % 3]))


def _every_question(pack: Pack) -> Questions:
    return questions_of(_every_condition(pack), _file_items(pack))


def _answer(ws: Workspace, uow: UnitOfWork, case: CaseSnapshot, n: int) -> None:
    """Some items of the checklist the case would be audited on (of some checklist if none)."""
    pack = ws.pack
    target = _first_target(case, pack, MADE, [])
    checklist = pack.pathway(target).checklist if target else None
    chosen = pack.checklist(checklist) if checklist else pack.checklists[n % len(pack.checklists)]
    audit = uow.audits.start(
        case.id,
        chosen.id,
        pack_id=pack.id,
        pack_version=pack.version,
        stage="sending",
        started_on=MADE,
        by="tester",
    )
    for i, item in enumerate(chosen.items):
        if (i + n) % 3:
            state = STATES[(i * 7 + n) % len(STATES)]
            uow.audits.answer(audit, AuditAnswer(item.id, state, "seen", MADE))


def _transfer(
    ws: Workspace, uow: UnitOfWork, case: CaseSnapshot, pathway: str, status: str
) -> None:
    uow.transfers.add(
        case.id,
        pathway,
        pack_id=ws.pack.id,
        pack_version=ws.pack.version,
        from_team=case.team_id,
        status=status,
    )


def reference_audit(ws: Workspace, today: date) -> Iterator[CaseReadiness]:
    """The whole-caseload audit as the full engine judges it, one snapshot at a time."""
    pack = ws.pack
    with ws.unit_of_work() as uow:
        open_pathways = uow.transfers.open_pathways(None)
        answers = uow.audits.latest_answers_by_case()
        snapshots = list(uow.cases.snapshots())
    for case in snapshots:
        target = _first_target(case, pack, today, open_pathways.get(case.id, []))
        if target is None:
            continue
        checklist = pack.pathway(target).checklist
        assert checklist is not None
        recorded = answers.get(case.id, {}).get(checklist, {})
        result = audit_case(case, pack, checklist, today, recorded)
        yield CaseReadiness(case.id, target, result.summary())


def _first_target(case: CaseSnapshot, pack: Pack, today: date, opened: list[str]) -> str | None:
    for pathway_id in opened:
        if pack.pathway(pathway_id).checklist:
            return pathway_id
    for option in pathway_options(case, pack, today):
        if option.pathway.checklist and option.status is not OptionStatus.NOT_ELIGIBLE:
            return option.pathway.id
    return None


@pytest.mark.parametrize("today", DAYS)
def test_caseload_audit_equals_audit_case_for_every_case(ws: Workspace, today: date) -> None:
    fast = caseload_audit(ws, today)
    slow = list(reference_audit(ws, today))
    assert len(slow) > CASES / 10
    assert fast == slow
    for row in fast[:: len(fast) // 25]:
        first = case_audits(ws, row.case_id, today)[0]
        assert (first.pathway_id, first.result.summary()) == (row.pathway_id, row.summary)


def test_the_demo_exercises_answers_transfers_and_every_readiness(ws: Workspace) -> None:
    rows = caseload_audit(ws, MADE)
    with ws.unit_of_work() as uow:
        answered = set(uow.audits.latest_answers_by_case())
        opened = set(uow.transfers.open_pathways(None))
    audited = {row.case_id for row in rows}
    assert audited & answered and audited & opened
    assert len({row.summary.readiness for row in rows}) >= 2


@pytest.mark.parametrize("today", DAYS)
def test_lean_reader_gives_the_facts_of_the_full_snapshot(ws: Workspace, today: date) -> None:
    for questions in (audit_questions(ws.pack), _every_question(ws.pack)):
        finder = FactFinder(questions, today)
        with ws.unit_of_work() as uow:
            filtered = [finder.facts(i) for i in uow.cases.audit_inputs(today, questions)]
            unfiltered = [finder.facts(i) for i in uow.cases.audit_inputs(today)]
            full = [finder.of_snapshot(case) for case in uow.cases.snapshots()]
        assert filtered == unfiltered == full
        assert len(full) >= CASES


@pytest.mark.parametrize("today", DAYS)
def test_every_compiled_condition_answers_as_holds(ws: Workspace, today: date) -> None:
    conditions = _every_condition(ws.pack)
    questions = questions_of(conditions)
    compiled = [compile_condition(c, questions) for c in conditions]
    finder = FactFinder(questions, today)
    with ws.unit_of_work() as uow:
        cases = list(uow.cases.snapshots())[::3]
    for case in cases:
        facts = finder.of_snapshot(case)
        fast = [test(facts) for test in compiled]
        assert fast == [holds(c, case, today) for c in conditions], case.id


def _every_condition(pack: Pack) -> list[Condition]:
    """Every condition the pack states anywhere, with its any-of and none-of parts."""
    top: list[Condition | None] = [
        *(p.eligibility for p in pack.pathways),
        *(e.when for p in pack.pathways for e in p.exceptions),
        *(r.when for r in pack.rules),
        *(i.applies_when for c in pack.checklists for i in c.items),
        *(t.applies_when for t in pack.timescales),
        *(b.when for m in pack.meetings for b in m.brings),
    ]
    found: list[Condition] = []
    todo = [c for c in top if c is not None]
    while todo:
        cond = todo.pop()
        found.append(cond)
        todo.extend((*cond.any_of, *cond.none_of))
    return found


def _file_items(pack: Pack) -> list[str | None]:
    return [i.file_item for c in pack.checklists for i in c.items]


def test_shipped_packs_are_all_covered() -> None:
    assert len(PACK_IDS) == 5
    assert all(Path(p).suffix == ".yaml" for p in shipped_pack_files())
