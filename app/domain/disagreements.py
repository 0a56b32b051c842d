"""Disagreements between teams as the rules see them: their ladder rung and their clocks.

A disagreement is recorded against a transfer, never on the child's record, so the clocks a pack
anchors on ``disagreement_raised`` are fed from the disagreement itself: :func:`anchor_events`
turns it into the off-file events the engine reads, and :func:`disagreement_clocks` runs the
engine on a copy of the case with only those events added. Only the managers' views call this;
the case record and the printed packs never see it.

Levels: a disagreement is raised at level 1, between the managers of the two teams. Each
escalation takes it one rung up the pack's ladder, so level ``n`` sits with rung ``n - 1`` and
the highest level is one more than the number of rungs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from app.domain.calendar import WorkingCalendar
from app.domain.case import CaseSnapshot, Event
from app.domain.engine import ClockState, Deadline, deadlines
from app.domain.pack import EscalationStep, Pack, Timescale
from app.domain.vocabulary import OFF_FILE_EVENTS

RAISED = "disagreement_raised"
#: Events that settle a disagreement, as the packs name them (Northamptonshire: a dispute).
RESOLVED_EVENTS = ("disagreement_resolved", "dispute_resolved")
#: The event of reaching the top of the ladder (2021 and Nottingham: the Heads of Service).
REFERRED_EVENTS = ("referred_to_heads_of_service",)


@dataclass(frozen=True)
class DisagreementFacts:
    """What the clocks need of one disagreement (the storage row, without its text)."""

    id: int
    transfer_id: int
    raised_at: datetime
    level: int = 1
    escalated_at: datetime | None = None
    resolved_on: date | None = None


def top_level(pack: Pack) -> int:
    """The highest level a disagreement can reach under the pack (1 with no ladder)."""
    return 1 + (len(pack.escalation.ladder) if pack.escalation else 0)


def rung_of(pack: Pack, level: int) -> EscalationStep | None:
    """The ladder rung a disagreement at ``level`` sits with; None at level 1 (the teams)."""
    if pack.escalation is None or level < 2 or level > top_level(pack):
        return None
    return pack.escalation.ladder[level - 2]


def next_rung(pack: Pack, level: int) -> EscalationStep | None:
    """Where escalating a disagreement at ``level`` takes it; None at the top of the ladder."""
    return rung_of(pack, level + 1)


def anchor_events(d: DisagreementFacts, pack: Pack) -> tuple[Event, ...]:
    """The off-file events a disagreement stands for, in the pack's own event words.

    Raised starts the clocks; reaching the top of the ladder records the referral the pack's
    clocks are met by (2021: the Team Managers refer to their Heads of Service); a resolution
    records the pack's resolution event. Only events some disagreement clock names are made.
    """
    named = _met_by_kinds(pack)
    events = [Event(RAISED, d.raised_at.date(), at=d.raised_at)]
    if d.level >= top_level(pack) > 1 and d.escalated_at is not None:
        at = d.escalated_at
        events += [Event(kind, at.date(), at=at) for kind in REFERRED_EVENTS if kind in named]
    if d.resolved_on is not None:
        events += [Event(kind, d.resolved_on) for kind in RESOLVED_EVENTS if kind in named]
    return tuple(events)


def with_disagreement(case: CaseSnapshot, d: DisagreementFacts, pack: Pack) -> CaseSnapshot:
    """The case with the disagreement's off-file events in place of any it had."""
    kept = tuple(e for e in case.events if not _off_file(e.kind, pack))
    return replace(case, events=kept + anchor_events(d, pack))


def disagreement_clocks(
    case: CaseSnapshot,
    d: DisagreementFacts,
    pack: Pack,
    today: date,
    calendar: WorkingCalendar,
    pathway_id: str | None = None,
) -> list[Deadline]:
    """The clocks the pack runs on this disagreement, soonest first (met ones included).

    A timescale that nothing can meet (Cambridgeshire's "no fixed time" placeholder) is not a
    clock and is left out, so it never shows as overdue.
    """
    clock_pack = _clock_pack(pack)
    if not clock_pack.timescales:
        return []
    pathways = (pathway_id,) if pathway_id else ()
    snapshot = with_disagreement(case, d, pack)
    return deadlines(
        snapshot, clock_pack, today, calendar, pathway_ids=pathways, include_off_file=True
    )


def running(clocks: list[Deadline]) -> list[Deadline]:
    """The clocks still to meet (running or overdue), soonest first."""
    return [c for c in clocks if c.state in (ClockState.RUNNING, ClockState.OVERDUE)]


def _off_file(kind: str, pack: Pack) -> bool:
    return kind in OFF_FILE_EVENTS or kind in _met_by_kinds(pack)


@dataclass(frozen=True)
class _PackClocks:
    pack: Pack  # kept so its id is not reused while this entry lives
    clocks: Pack  # the pack with only the clocks that run on a disagreement
    met_by: frozenset[str]  # every event kind that meets one of them


# By identity: a pack is a large frozen tree and hashing it deeply on every call would cost more
# than the clocks themselves. Packs are loaded once per workspace, so this stays small.
_BY_PACK: dict[int, _PackClocks] = {}


def _pack_clocks(pack: Pack) -> _PackClocks:
    found = _BY_PACK.get(id(pack))
    if found is None or found.pack is not pack:
        clocks = tuple(t for t in pack.timescales if _is_disagreement_clock(t))
        met_by = frozenset(k for t in pack.timescales if t.anchor == RAISED for k in t.met_by)
        found = _BY_PACK[id(pack)] = _PackClocks(pack, replace(pack, timescales=clocks), met_by)
    return found


def _clock_pack(pack: Pack) -> Pack:
    return _pack_clocks(pack).clocks


def _met_by_kinds(pack: Pack) -> frozenset[str]:
    return _pack_clocks(pack).met_by


def _is_disagreement_clock(t: Timescale) -> bool:
    return t.anchor == RAISED and bool(t.met_by)
