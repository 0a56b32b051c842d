"""Questions a manager asks of the caseload: pathways, deadlines and readiness to transfer."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from app.domain.audit import AuditResult, AuditSummary, Readiness, audit_case
from app.domain.case import AuditAnswer, CaseSnapshot
from app.domain.engine import (
    Deadline,
    OptionStatus,
    PathwayOption,
    deadlines,
    pathway_options,
)
from app.domain.pack import Pack
from app.domain.readiness import ReadinessJudge
from app.services.disagreements import disagreement_deadlines
from app.services.workspace import Workspace
from app.storage.uow import UnitOfWork


def case_pathways(ws: Workspace, case_id: str, today: date) -> list[PathwayOption]:
    """Every pathway out of the case's team, judged for today."""
    with ws.unit_of_work() as uow:
        case = uow.cases.get_snapshot(case_id)
    return pathway_options(case, ws.pack, today)


def case_deadlines(ws: Workspace, case_id: str, today: date) -> list[Deadline]:
    """Every clock on the case, including those of its open transfers' pathways."""
    with ws.unit_of_work() as uow:
        case = uow.cases.get_snapshot(case_id)
        open_pathways = uow.transfers.open_pathways([case_id]).get(case_id, [])
    return deadlines(case, ws.pack, today, ws.calendar, pathway_ids=open_pathways)


@dataclass(frozen=True)
class CaseDeadline:
    case_id: str
    deadline: Deadline
    disagreement_id: int | None = None  # set on a disagreement's clock (managers' views only)


def caseload_deadlines(
    ws: Workspace, today: date, within_working_days: int | None = None
) -> list[CaseDeadline]:
    """Clocks across the caseload still to meet, soonest first (optionally only the next N days).

    For the managers' views: besides each case's own clocks, the clocks of open disagreements
    between teams, read from the disagreements themselves (never from the child's record).
    """
    horizon = (
        ws.calendar.add_working_days(today, within_working_days)
        if within_working_days is not None
        else None
    )
    found = []
    with ws.unit_of_work() as uow, collector_paused():
        open_pathways = uow.transfers.open_pathways(None)
        for case in uow.cases.snapshots():
            clocks = deadlines(
                case, ws.pack, today, ws.calendar,
                pathway_ids=open_pathways.get(case.id, ()), still_to_meet_by=horizon or date.max,
            )  # fmt: skip
            found += [CaseDeadline(case.id, d) for d in clocks]
        found += [
            CaseDeadline(d.case_id, d.deadline, d.disagreement_id)
            for d in disagreement_deadlines(ws, uow, today, horizon)
        ]
    return sorted(found, key=lambda cd: cd.deadline.due)


@dataclass(frozen=True)
class CaseAudit:
    case_id: str
    pathway_id: str
    result: AuditResult


def case_audits(ws: Workspace, case_id: str, today: date) -> list[CaseAudit]:
    """The checklist audit for each pathway the case may take (or is taking)."""
    with ws.unit_of_work() as uow:
        case = uow.cases.get_snapshot(case_id)
        open_pathways = uow.transfers.open_pathways([case_id]).get(case_id, [])
        return list(_audits(uow, case, ws.pack, today, open_pathways))


def audits_of_cases(
    ws: Workspace, case_ids: Sequence[str], today: date
) -> dict[str, list[CaseAudit]]:
    """:func:`case_audits` for several cases (a page of a caseload view), read together."""
    with ws.unit_of_work() as uow:
        open_pathways = uow.transfers.open_pathways(case_ids)
        answers = uow.audits.latest_answers_by_case(case_ids)
        return {
            case.id: list(
                _audits(uow, case, ws.pack, today, open_pathways.get(case.id, []), answers)
            )
            for case in uow.cases.snapshots(case_ids)
        }


@dataclass(frozen=True, slots=True)
class CaseReadiness:
    """One row of the whole-caseload audit: the pathway audited and the checklist's counts."""

    case_id: str
    pathway_id: str
    summary: AuditSummary


def caseload_audit(ws: Workspace, today: date) -> list[CaseReadiness]:
    """Readiness of every case for its open (or first possible) pathway with a checklist.

    The same pathway, readiness and counts as :func:`case_audits` gives first for each case, read
    by the lean audit reader and judged from each case's facts (see ``app.domain.readiness``).
    """
    judge = ReadinessJudge(ws.pack, today)
    facts_of = judge.finder.facts
    with ws.unit_of_work() as uow, collector_paused():
        open_pathways = uow.transfers.open_pathways(None)
        answers = uow.audits.latest_answers_by_case()
        results = []
        for inputs in uow.cases.audit_inputs(today, judge.questions):
            case_id = inputs.case_id
            verdict = judge.judge(
                facts_of(inputs), open_pathways.get(case_id, ()), answers.get(case_id)
            )
            if verdict is not None:
                results.append(CaseReadiness(case_id, *verdict))
        return results


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk read (as it was, after).

    The caseload audit makes a few hundred thousand small objects with no cycles among them;
    the collector would walk the whole heap several times over them and free nothing (about a
    sixth of the audit's time). Memory is still freed as usual by reference counting.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _audits(
    uow: UnitOfWork | None,
    case: CaseSnapshot,
    pack: Pack,
    today: date,
    open_pathways: list[str],
    answers_by_case: dict[str, dict[str, dict[str, AuditAnswer]]] | None = None,
) -> Iterator[CaseAudit]:
    """Audit results for the case's open pathways, else for the pathways it may take."""
    for pathway_id in _audit_targets(case, pack, today, open_pathways):
        checklist_id = pack.pathway(pathway_id).checklist
        assert checklist_id is not None
        if answers_by_case is not None:
            answers = answers_by_case.get(case.id, {}).get(checklist_id, {})
        else:
            answers = uow.audits.latest_answers(case.id, checklist_id) if uow else {}
        yield CaseAudit(case.id, pathway_id, audit_case(case, pack, checklist_id, today, answers))


def _audit_targets(
    case: CaseSnapshot, pack: Pack, today: date, open_pathways: list[str]
) -> list[str]:
    with_checklist = [p for p in open_pathways if pack.pathway(p).checklist]
    if with_checklist:
        return with_checklist
    return [
        o.pathway.id
        for o in pathway_options(case, pack, today)
        if o.pathway.checklist and o.status is not OptionStatus.NOT_ELIGIBLE
    ]


def readiness_counts(rows: list[CaseReadiness]) -> dict[Readiness, int]:
    """How many cases are ready, have gaps, or are incomplete."""
    counts = dict.fromkeys(Readiness, 0)
    for row in rows:
        counts[row.summary.readiness] += 1
    return counts
