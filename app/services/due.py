"""The Due list: everything falling due across the caseload in the next N working days.

One list, overdue first, of the case clocks (transfer points, ages, audit-gap clocks, notices,
reviews), the clocks of open disagreements between teams, the planned dates of transfers under
way (the move itself, the end of co-working) and the open actions of transfer meetings. Each item
says what falls due, when, under which rule and section, and which case it belongs to.

A managers' view: disagreements show here, never on the case record or a printed pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.calendar import WorkingCalendar
from app.domain.disagreements import RAISED
from app.domain.pack import Pack, StepKind
from app.services.caseload import CaseDeadline, caseload_deadlines
from app.services.meetings import DueAction, open_actions
from app.services.workspace import Workspace
from app.storage.transfers import PlannedDates


class DueKind(StrEnum):
    """What sort of thing falls due (the Due view filters on it)."""

    TRANSFER_POINT = "Transfer point"
    AGE = "Age"
    AUDIT_GAP = "Audit gap"
    CO_WORKING = "Co-working ends"
    NOTICE = "Notice"
    ESCALATION = "Escalation"
    REVIEW = "Review"
    DEADLINE = "Deadline"
    ACTION = "Meeting action"


class DueState(StrEnum):
    OVERDUE = "overdue"
    TODAY = "due today"
    COMING = "coming up"
    UNDATED = "no date set"


@dataclass(frozen=True)
class DueItem:
    """One thing falling due: when, what, for which case, under which rule and section."""

    due_on: date | None
    kind: DueKind
    what: str
    case_id: str | None
    ref: str  # what the item hangs off: "Case", "Transfer 12", "Disagreement 3", "Meeting 4"
    rule: str
    cite: str
    state: DueState
    working_days: int = 0  # from today to the due date; negative when overdue

    @property
    def state_text(self) -> str:
        """The state in words, e.g. "overdue by 3 working days", "due in 1 working day"."""
        days = abs(self.working_days)
        count = f"{days} working day{'' if days == 1 else 's'}"
        if self.state is DueState.OVERDUE:
            return f"overdue by {count}" if days else "overdue"
        if self.state is DueState.COMING:
            return f"due in {count}"
        return self.state.value


def due_items(ws: Workspace, today: date, within_working_days: int) -> list[DueItem]:
    """Everything due by ``within_working_days`` working days from today, overdue first."""
    horizon = ws.calendar.add_working_days(today, within_working_days)
    kinds = _timescale_kinds(ws.pack)
    clock = _Clock(ws.calendar, today)
    items = [
        _from_deadline(cd, kinds, clock)
        for cd in caseload_deadlines(ws, today, within_working_days)
    ]
    with ws.unit_of_work() as uow:
        planned = uow.transfers.planned_dates()
    items += [i for p in planned for i in _from_plans(p, clock) if i.due_on and i.due_on <= horizon]
    items += [_from_action(a, clock) for a in open_actions(ws, within_working_days, today=today)]
    return sorted(items, key=_order)


def _order(item: DueItem) -> tuple[bool, date, str, str]:
    return (item.due_on is None, item.due_on or date.max, item.case_id or "", item.what)


@dataclass(frozen=True)
class _Clock:
    calendar: WorkingCalendar
    today: date

    def state(self, on: date | None) -> tuple[DueState, int]:
        if on is None:
            return DueState.UNDATED, 0
        days = self.calendar.working_days_between(self.today, on)
        if on < self.today:
            return DueState.OVERDUE, days
        return (DueState.TODAY, 0) if on == self.today else (DueState.COMING, days)


def _from_deadline(cd: CaseDeadline, kinds: dict[str, DueKind], clock: _Clock) -> DueItem:
    d = cd.deadline
    state, days = clock.state(d.due_date)
    ref = f"Disagreement {cd.disagreement_id}" if cd.disagreement_id else "Case"
    kind = kinds.get(d.timescale.id, DueKind.DEADLINE)
    return DueItem(d.due_date, kind, d.timescale.label, cd.case_id, ref, d.rule, d.timescale.cite,
                   state, days)  # fmt: skip


def _from_plans(p: PlannedDates, clock: _Clock) -> list[DueItem]:
    ref = f"Transfer {p.transfer_id}"
    found = []
    for on, kind, what in (
        (p.transfer_date, DueKind.TRANSFER_POINT, "Planned transfer date"),
        (p.co_working_end, DueKind.CO_WORKING, "Co-working period ends"),
    ):
        if on is not None:
            state, days = clock.state(on)
            rule = f"planned on the transfer ({p.pathway_id})"
            found.append(DueItem(on, kind, what, p.child_id, ref, rule, "", state, days))
    return found


def _from_action(a: DueAction, clock: _Clock) -> DueItem:
    action = a.action
    state, days = clock.state(action.due_on)
    rule = f"agreed at {a.meeting_name} on {a.held_on:%d %b %Y}; owner {action.owner}"
    ref = f"Meeting {action.meeting_id}"
    return DueItem(action.due_on, DueKind.ACTION, action.text, action.child_id, ref, rule, "",
                   state, days)  # fmt: skip


def _timescale_kinds(pack: Pack) -> dict[str, DueKind]:
    """Each timescale's kind of item, from what the pack says the clock is for."""
    transfer_points = {
        p.transfer_point.timescale for p in pack.pathways if p.transfer_point is not None
    }
    co_working = {
        s.timescale for p in pack.pathways for s in p.steps if s.kind is StepKind.CO_WORKING
    }
    kinds = {}
    for t in pack.timescales:
        if t.anchor == RAISED:
            kinds[t.id] = DueKind.ESCALATION
        elif t.anchor == "audit_gap_recorded":
            kinds[t.id] = DueKind.AUDIT_GAP
        elif t.id in transfer_points or "transfer_completed" in t.met_by:
            kinds[t.id] = DueKind.TRANSFER_POINT
        elif t.id in co_working:
            kinds[t.id] = DueKind.CO_WORKING
        elif t.anchor == "birth" or t.kind == "age":
            kinds[t.id] = DueKind.AGE
        elif t.kind == "notice":
            kinds[t.id] = DueKind.NOTICE
        elif t.kind == "review":
            kinds[t.id] = DueKind.REVIEW
    return kinds
