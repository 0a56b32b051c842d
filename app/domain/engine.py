"""The rules engine: what a policy pack says about one case on one day. Pure functions, no I/O.

- :func:`pathway_options` — which pathways are open, warned, blocked, referral-only or not
  eligible for the case, and why (the rule and its section);
- :func:`checklist_lines` — the checklist that applies, each item applicable or not;
- :func:`deadlines` — every clock running on the case with its rule, anchor and section.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache

from app.domain.calendar import WorkingCalendar
from app.domain.case import CaseSnapshot, Event
from app.domain.clocks import Unit, describe, due
from app.domain.conditions import holds, unmet
from app.domain.pack import (
    ChecklistItem,
    Effect,
    Override,
    Pack,
    Pathway,
    PathwayKind,
    Rule,
    Timescale,
)
from app.domain.vocabulary import EVENTS, OFF_FILE_EVENTS


class OptionStatus(StrEnum):
    OPEN = "open"
    WARNED = "warned"  # may go ahead; the warnings must be read
    BLOCKED = "blocked"  # may not go ahead unless a named authority overrides
    REFERRAL = "referral"  # not a transfer: a referral through another door
    NOT_ELIGIBLE = "not_eligible"  # the pathway is not for this child


@dataclass(frozen=True)
class RuleHit:
    """A rule (or a pathway's exception) that bites on this case, with its source."""

    rule_id: str
    title: str
    effect: Effect
    message: str
    cite: str
    override: Override | None = None


@dataclass(frozen=True)
class PathwayOption:
    pathway: Pathway
    status: OptionStatus
    hits: tuple[RuleHit, ...] = ()
    unmet: tuple[str, ...] = ()

    @property
    def blocks(self) -> tuple[RuleHit, ...]:
        return tuple(h for h in self.hits if h.effect is Effect.BLOCK)

    @property
    def warnings(self) -> tuple[RuleHit, ...]:
        return tuple(h for h in self.hits if h.effect is Effect.WARN)

    @property
    def overridable(self) -> bool:
        """True when every block on the pathway names someone who may override it."""
        return bool(self.blocks) and all(h.override is not None for h in self.blocks)


def pathway_options(
    case: CaseSnapshot, pack: Pack, today: date, *, all_teams: bool = False
) -> list[PathwayOption]:
    """Judge every pathway out of the case's current team (or every pathway, with all_teams)."""
    return [
        judge_pathway(case, pack, pathway, today)
        for pathway in pack.pathways
        if all_teams or case.team_id in pathway.from_teams
    ]


def judge_pathway(case: CaseSnapshot, pack: Pack, pathway: Pathway, today: date) -> PathwayOption:
    """Judge one pathway for the case: eligibility first, then rules and exceptions."""
    reasons = tuple(unmet(pathway.eligibility, case, today))
    if reasons:
        return PathwayOption(pathway, OptionStatus.NOT_ELIGIBLE, unmet=reasons)
    hits = (*_rule_hits(case, pack, pathway, today), *_exception_hits(case, pathway, today))
    return PathwayOption(pathway, _status(pathway, hits), hits=hits)


def _status(pathway: Pathway, hits: tuple[RuleHit, ...]) -> OptionStatus:
    if any(h.effect is Effect.BLOCK for h in hits):
        return OptionStatus.BLOCKED
    if pathway.kind is PathwayKind.REFERRAL:
        return OptionStatus.REFERRAL
    return OptionStatus.WARNED if hits else OptionStatus.OPEN


def rule_applies_to(rule: Rule, pathway: Pathway) -> bool:
    """Whether ``rule`` governs ``pathway`` at all, before looking at the case.

    A pathway only out of excepted teams (``except_from``) is not governed; for a pathway out of
    several teams the case's own team decides (see ``_rule_hits``).
    """
    if pathway.id in rule.except_pathways or set(pathway.from_teams) <= set(rule.except_from):
        return False
    if rule.applies_to:
        return pathway.id in rule.applies_to
    return pathway.kind in rule.kinds


def _rule_hits(case: CaseSnapshot, pack: Pack, pathway: Pathway, today: date) -> list[RuleHit]:
    return [
        RuleHit(
            rule.id, rule.title, rule.effect, rule.message or rule.title, rule.cite, rule.override
        )
        for rule in pack.rules
        if rule_applies_to(rule, pathway)
        and case.team_id not in rule.except_from
        and holds(rule.when, case, today)
    ]


def _exception_hits(case: CaseSnapshot, pathway: Pathway, today: date) -> list[RuleHit]:
    return [
        RuleHit(f"{pathway.id}/{exc.id}", "Exception", exc.effect, exc.text, exc.cite)
        for exc in pathway.exceptions
        if exc.when is not None and holds(exc.when, case, today)
    ]


@dataclass(frozen=True)
class ChecklistLine:
    item: ChecklistItem
    applicable: bool
    reason: str = ""  # why not applicable


def checklist_lines(
    case: CaseSnapshot, pack: Pack, checklist_id: str, today: date
) -> list[ChecklistLine]:
    """Every item of the checklist, with whether it applies to this case and why not."""
    lines = []
    for item in pack.checklist(checklist_id).items:
        failures = unmet(item.applies_when, case, today)
        reason = item.not_applicable_text or "; ".join(failures)
        lines.append(ChecklistLine(item, not failures, "" if not failures else reason))
    return lines


class ClockState(StrEnum):
    RUNNING = "running"
    OVERDUE = "overdue"
    MET = "met"
    REACHED = "reached"  # an age or anniversary that has passed


@dataclass(frozen=True)
class Deadline:
    timescale: Timescale
    due: datetime
    anchor: Event
    state: ClockState
    anchor_label: str = ""  # the anchor event in words, from the pack's or the shared vocabulary

    @property
    def rule(self) -> str:
        """The rule in words, e.g. '10 working days after Checklist audit found gaps'."""
        t = self.timescale
        words = self.anchor_label or _anchor_words(t.anchor, {})
        return f"{describe(t.amount, Unit(t.unit), t.before)} {words}"

    @property
    def due_date(self) -> date:
        return self.due.date()


def due_from(t: Timescale, start: date, calendar: WorkingCalendar) -> date:
    """The date a timescale falls due when its clock starts on ``start`` (any unit)."""
    anchor = datetime(start.year, start.month, start.day, 9, 0)
    return due(anchor, t.amount, Unit(t.unit), calendar, before=t.before).date()


def _anchor_words(anchor: str, pack_events: dict[str, str]) -> str:
    if anchor == "birth":
        return "birth"
    label = pack_events.get(anchor) or EVENTS.get(anchor) or anchor.replace("_", " ")
    return mid_sentence(label)


def mid_sentence(label: str) -> str:
    """``label`` as it reads inside a sentence: "Remand began" → "remand began"; a leading
    acronym stays as it is ("S.T.E.P intervention", "EHCP Review", "S20 checklist"), and so do
    the capitals of names further on ("Referral made to Adoption Connects")."""
    first = label.split(" ", 1)[0]
    if sum(ch.isupper() for ch in first) > 1 or any(ch in ".0123456789" for ch in first):
        return label
    return label[:1].lower() + label[1:]


def deadlines(
    case: CaseSnapshot,
    pack: Pack,
    today: date,
    calendar: WorkingCalendar,
    *,
    pathway_ids: Iterable[str] = (),
    include_off_file: bool = False,
    still_to_meet_by: date | None = None,
) -> list[Deadline]:
    """Every clock running on the case, soonest first.

    Case-wide timescales always count; a pathway's own timescales count only for the pathways
    named in ``pathway_ids`` (the case's open transfers). Clocks anchored on an off-file event
    (a disagreement between teams) count only with ``include_off_file``, for managers' views.
    With ``still_to_meet_by``, only the clocks running or overdue and due by that day: the
    caseload's Due list, which skips the costly conditions of every clock it would drop anyway.
    """
    open_pathways = frozenset(pathway_ids)
    events = _by_kind(case.events)
    found = []
    plan = _plan(pack)
    for kind in dict.fromkeys(("birth", *events)):  # only timescales whose anchor the case has
        for order, t, pathways, off_file, words in plan.by_anchor.get(kind, ()):
            if pathways and pathways.isdisjoint(open_pathways):
                continue
            if off_file and not include_off_file:
                continue
            anchor = _anchor(case, events, t.anchor, t.anchor_number)
            if anchor is None:
                continue
            moment = _due(anchor.moment, t.amount, t.unit, t.before, calendar)
            if still_to_meet_by is not None and moment.date() > still_to_meet_by:
                continue
            state = _state(events, t, anchor, moment, today)
            if still_to_meet_by is not None and state in (ClockState.MET, ClockState.REACHED):
                continue
            if not holds(t.applies_when, case, today):
                continue
            found.append((moment, order, Deadline(t, moment, anchor, state, words)))
    return [d for _, _, d in sorted(found, key=lambda f: f[:2])]  # soonest, then pack order


_Clock = tuple[int, Timescale, frozenset[str], bool, str]


@dataclass(frozen=True)
class _Plan:
    """What :func:`deadlines` needs of a pack, worked out once per pack."""

    pack: Pack  # kept so its id is not reused while the plan lives
    #: Anchor event kind → (pack order, timescale, its pathways, off-file?, anchor in words).
    by_anchor: dict[str, tuple[_Clock, ...]]


# By identity: hashing a whole pack deeply would cost more than the clocks. Packs are loaded
# once per workspace, so this stays small.
_PLANS: dict[int, _Plan] = {}


def _plan(pack: Pack) -> _Plan:
    found = _PLANS.get(id(pack))
    if found is None or found.pack is not pack:
        words = {term.id: term.label for term in pack.vocabulary.events}
        by_anchor: dict[str, list[_Clock]] = {}
        for order, t in enumerate(pack.timescales):
            clock = (order, t, frozenset(t.pathways), t.anchor in OFF_FILE_EVENTS,
                     _anchor_words(t.anchor, words))  # fmt: skip
            by_anchor.setdefault(t.anchor, []).append(clock)
        plan = {kind: tuple(clocks) for kind, clocks in by_anchor.items()}
        found = _PLANS[id(pack)] = _Plan(pack, plan)
    return found


def _by_kind(events: Iterable[Event]) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {}
    for event in events:
        found.setdefault(event.kind, []).append(event)
    return found


@lru_cache(maxsize=1 << 16)
def _due(
    moment: datetime, amount: float, unit: str, before: bool, calendar: WorkingCalendar
) -> datetime:
    """:func:`due`, remembered: across a caseload the same anchors and ages come round often
    (the Due list over 100,000 cases asks for about 400,000 due moments, a few thousand apart).
    The calendar is keyed by identity and is immutable from the outside."""
    return due(moment, amount, Unit(unit), calendar, before=before)


def _anchor(
    case: CaseSnapshot, events: dict[str, list[Event]], kind: str, number: int | None
) -> Event | None:
    if kind == "birth":
        born = case.child.dob
        return Event("birth", born) if born else None
    of_kind = events.get(kind, ())
    if number is not None:  # "by the 2nd review": that review, held or scheduled
        return next((e for e in of_kind if e.number == number), None)
    return max(of_kind, key=lambda e: (e.on, e.number or 0), default=None)  # as last_event


def _state(
    events: dict[str, list[Event]], t: Timescale, anchor: Event, moment: datetime, today: date
) -> ClockState:
    if any(_meets(t, e, anchor) for kind in t.met_by for e in events.get(kind, ())):
        return ClockState.MET
    if moment.date() >= today:
        return ClockState.RUNNING
    is_age = t.kind == "age" or Unit(t.unit) is Unit.YEARS
    return ClockState.REACHED if is_age else ClockState.OVERDUE


def _meets(t: Timescale, event: Event, anchor: Event) -> bool:
    """Notice is given before its anchor (a meeting); other clocks are met after theirs."""
    return event.on <= anchor.on if t.before else event.on >= anchor.on
