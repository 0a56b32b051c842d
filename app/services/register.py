"""The caseload register use case: what the desktop's main table asks of the caseload.

The register never reads the whole caseload: it asks how many children match a filter and then
for pages of rows, sorted and filtered in SQL (see :mod:`app.storage.register`). The case record
asks for one child's snapshot with the names of the teams and workers on it.

Readiness to transfer and the next clock due are not stored: :func:`work_out_states` works them
out for the whole caseload at once (the desktop runs it in the background when a caseload
opens) by the fast paths of :mod:`app.domain.readiness` and :mod:`app.domain.next_due`, and
:meth:`Register.install` hands them to SQL; :meth:`Register.case_changed` works one case out
again, by the full audit and clocks, after it changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from app.domain.audit import AuditSummary
from app.domain.case import CaseSnapshot
from app.domain.engine import ClockState, deadlines
from app.domain.next_due import NextDue, NextDueFinder, clock_event_kinds, merged
from app.domain.readiness import ReadinessJudge
from app.services.caseload import case_audits, collector_paused
from app.services.importing import ImportRefused
from app.services.register_rows import (
    RegisterFilter,
    RegisterRow,
    RegisterSort,
    by_name,
    criteria_for,
    row_from_values,
)
from app.services.workspace import NoCaseload, Workspace
from app.storage import register as query
from app.storage.errors import CaseNotFound, StorageError
from app.storage.register_sql import NO_CHECKLIST, READINESS_FILTERS, SORT_KEYS
from app.storage.register_state import (
    CaseState,
    PreparedState,
    RegisterState,
    preload,
    prepare,
    read_clock_events,
)

#: Called now and then while the caseload is worked out: (cases done, cases in all).
Progress = Callable[[int, int], None]
#: Cases worked out between two progress reports.
PROGRESS_EVERY = 5_000

#: Failures of the environment (a file, a disk, a lock, a bad import file), never bugs: the desktop
#: shows their message, which names the file and what to do.
ENVIRONMENT_ERRORS: tuple[type[Exception], ...] = (StorageError, NoCaseload, ImportRefused)

__all__ = [
    "ENVIRONMENT_ERRORS",
    "NO_CHECKLIST",
    "READINESS_FILTERS",
    "SORT_KEYS",
    "CaseNotFound",
    "CaseRecord",
    "CaseState",
    "PreparedState",
    "Register",
    "RegisterFilter",
    "RegisterRow",
    "RegisterSort",
    "StorageError",
    "case_record",
    "case_state",
    "pack_choices",
    "work_out_states",
]


class Register:
    """The register of one workspace, as of ``today``."""

    def __init__(self, ws: Workspace, today: date) -> None:
        self.workspace = ws
        self.today = today
        self.state = RegisterState()
        self._changed_meanwhile: set[str] = set()  # while the caseload is being worked out

    @property
    def states_ready(self) -> bool:
        """True once readiness and due dates have been installed."""
        return self.state.ready

    def prepare_states(self, progress: Progress | None = None) -> PreparedState:
        """Work out the whole caseload and load it into the idle pooled connections' TEMP
        tables: the slow part of showing readiness, safe to run on a background thread."""
        prepared = prepare(work_out_states(self.workspace, self.today, progress))
        preload(self.workspace.database, prepared)
        return prepared

    def install(self, states: Iterable[CaseState]) -> None:
        """Readiness and due dates for the whole caseload (from :func:`work_out_states`)."""
        self.adopt(prepare(states))

    def adopt(self, prepared: PreparedState) -> None:
        """Show the states of :meth:`prepare_states` (on the thread the register is used on);
        cases changed while they were worked out are worked out again."""
        self.state.adopt(prepared)
        changed, self._changed_meanwhile = self._changed_meanwhile, set()
        for case_id in sorted(changed):
            self.case_changed(case_id)

    def case_changed(self, case_id: str) -> None:
        """Work one case's readiness and next due date out again (it may have left)."""
        if not self.state.ready:
            self._changed_meanwhile.add(case_id)  # the computation may have read it already
            return
        try:
            self.state.update(case_state(self.workspace, case_id, self.today))
        except CaseNotFound:
            self.state.discard(case_id)

    def readiness_totals(self, filters: RegisterFilter | None = None) -> dict[str, int]:
        """How many of the children matching ``filters`` are in each readiness (blocked too)."""
        criteria = self.criteria(filters or RegisterFilter())
        return query.readiness_totals(self.workspace.database, criteria, self.state)

    def count(self, filters: RegisterFilter) -> int:
        """How many children match ``filters``."""
        return query.count_register(self.workspace.database, self.criteria(filters), self.state)

    def page(
        self, filters: RegisterFilter, sort: RegisterSort, offset: int, limit: int
    ) -> list[RegisterRow]:
        """Rows ``offset`` to ``offset + limit`` of the filtered, sorted register."""
        rows = query.page_register(
            self.workspace.database,
            self.criteria(filters),
            sort=sort.key,
            descending=sort.descending,
            offset=offset,
            limit=limit,
            state=self.state,
        )
        return [row_from_values(values) for values in rows]

    def statuses(self) -> list[str]:
        """The legal status codes held today by at least one child."""
        return query.register_statuses(self.workspace.database, self.today)

    def teams(self) -> list[tuple[str, str]]:
        """Every team as (id, name), by name."""
        return by_name(query.register_teams(self.workspace.database))

    def workers(self, team_id: str | None = None) -> list[tuple[str, str]]:
        """Active workers (of one team when given) as (id, name), by name."""
        return by_name(query.register_workers(self.workspace.database, team_id))

    def criteria(self, filters: RegisterFilter) -> query.RegisterCriteria:
        """What the storage query is asked for ``filters`` (due within N as a last day)."""
        return criteria_for(filters, self.today, self.due_by(filters.due_within))

    def due_by(self, working_days: int | None) -> date | None:
        """The last day of "due within ``working_days`` working days" (None: no limit)."""
        if working_days is None:
            return None
        return self.workspace.calendar.add_working_days(self.today, max(0, working_days))


def work_out_states(
    ws: Workspace, today: date, progress: Progress | None = None
) -> list[CaseState]:
    """Readiness and the next clock due of every case, by the fast paths (~seconds at 100k).

    Each case is read once (the lean audit inputs, for the questions of both the checklists and
    the clocks) and judged as :func:`app.services.caseload.caseload_audit` judges it; its next
    due date is the first clock :func:`app.domain.engine.deadlines` would list as running or
    overdue. ``progress`` hears how far it has got every :data:`PROGRESS_EVERY` cases.
    """
    judge = ReadinessJudge(ws.pack, today)
    clocks = NextDueFinder(ws.pack, today, ws.calendar)
    questions = merged(judge.questions, clocks.finder.questions)
    total = query.count_register(ws.database, query.RegisterCriteria(today))
    events = read_clock_events(ws.database, clock_event_kinds(ws.pack))
    states = []
    with ws.unit_of_work() as uow, collector_paused():
        open_pathways = uow.transfers.open_pathways(None)
        answers = uow.audits.latest_answers_by_case()
        for done, inputs in enumerate(uow.cases.audit_inputs(today, questions), 1):
            case_id = inputs.case_id
            opened = open_pathways.get(case_id, ())
            verdict = judge.judge(judge.finder.facts(inputs), opened, answers.get(case_id))
            next_due = clocks.next_due(
                clocks.finder.facts(inputs), inputs.dob, events.get(case_id, ()), opened
            )
            states.append(_case_state(case_id, verdict, next_due))
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
    return states


def case_state(ws: Workspace, case_id: str, today: date) -> CaseState:
    """One case's readiness and next clock due, by its full audit and clocks."""
    with ws.unit_of_work() as uow:
        case = uow.cases.get_snapshot(case_id)
        opened = uow.transfers.open_pathways([case_id]).get(case_id, [])
    clocks = deadlines(case, ws.pack, today, ws.calendar, pathway_ids=opened)
    running = (ClockState.RUNNING, ClockState.OVERDUE)
    first = next((d for d in clocks if d.state in running), None)
    next_due = None
    if first is not None:
        next_due = NextDue(first.due_date, first.state is ClockState.OVERDUE, first.timescale.id)
    audits = case_audits(ws, case_id, today)
    verdict = (audits[0].pathway_id, audits[0].result.summary()) if audits else None
    return _case_state(case_id, verdict, next_due)


def _case_state(
    case_id: str, verdict: tuple[str, AuditSummary] | None, next_due: NextDue | None
) -> CaseState:
    due = next_due.due if next_due else None
    overdue = bool(next_due and next_due.overdue)
    if verdict is None:
        return CaseState(case_id, NO_CHECKLIST, next_due=due, overdue=overdue)
    pathway_id, summary = verdict
    return CaseState(
        case_id,
        summary.readiness.value,
        summary.stops_transfer,
        summary.gaps,
        summary.unanswered,
        pathway_id,
        due,
        overdue,
    )


@dataclass(frozen=True)
class CaseRecord:
    """One child's case with the names of the teams and workers it mentions."""

    snapshot: CaseSnapshot
    team_names: dict[str, str]
    worker_names: dict[str, str]

    def team_name(self, team_id: str | None) -> str:
        """The team's name, or its id when unknown."""
        return self.team_names.get(team_id or "", team_id or "—")

    def worker_name(self, worker_id: str | None) -> str:
        """The worker's name, or "unallocated"."""
        if not worker_id:
            return "Unallocated"
        return self.worker_names.get(worker_id, worker_id)


def case_record(ws: Workspace, case_id: str) -> CaseRecord:
    """The case of ``case_id`` (``CaseNotFound`` when there is none)."""
    with ws.unit_of_work() as uow:
        snapshot = uow.cases.get_snapshot(case_id)
        teams = {t[0]: t[1] for t in uow.teams.teams()}
        workers = {w[0]: w[1] for w in uow.teams.workers()}
    return CaseRecord(snapshot, teams, workers)


def pack_choices() -> list[tuple[str, str]]:
    """The shipped policy packs as (id, "authority — title"), for a new caseload."""
    from app.policy.registry import shipped_packs

    return [(p.id, f"{p.pack.authority} — {p.pack.title}") for p in shipped_packs()]
