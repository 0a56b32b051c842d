"""The next clock due on each case, fast: what ``engine.deadlines`` gives first, for a caseload.

:func:`app.domain.engine.deadlines` works from a full :class:`~app.domain.case.CaseSnapshot`
and explains each clock in words. The register only needs, for every case, the soonest clock
still running or overdue (met clocks and ages already reached left out; a disagreement's
escalation clocks are the disagreement's, never read from the child's events). Here the pack's
timescales are compiled once: their conditions are tested on the case's
:class:`~app.domain.facts.CaseFacts`, and a due date is worked out once per (timescale, anchor
moment) and remembered, since many cases share anchors.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from app.domain.calendar import WorkingCalendar
from app.domain.clocks import Unit, due
from app.domain.facts import CaseFacts, FactFinder, Questions, questions_of
from app.domain.pack import Pack, Timescale
from app.domain.predicates import Predicate, compile_condition
from app.domain.vocabulary import OFF_FILE_EVENTS

BIRTH = "birth"


@dataclass(frozen=True, slots=True)
class NextDue:
    """The soonest clock on a case that is still to meet."""

    due: date
    overdue: bool
    timescale_id: str


@dataclass(frozen=True, slots=True)
class _Clock:
    timescale: Timescale
    applies: Predicate
    is_age: bool  # past its due date it is reached, not overdue


def clock_questions(pack: Pack) -> Questions:
    """What the pack's timescales ask of a case (their ``applies_when`` conditions)."""
    return questions_of(t.applies_when for t in pack.timescales)


def clock_event_kinds(pack: Pack) -> frozenset[str]:
    """The event kinds a clock hangs off or is met by: the only events worth reading."""
    kinds = {t.anchor for t in pack.timescales if t.anchor != BIRTH}
    return frozenset(kinds | {kind for t in pack.timescales for kind in t.met_by})


def merged(*questions: Questions) -> Questions:
    """One set of questions asking everything the given ones ask (to read a case once)."""
    return Questions(
        ages=tuple(sorted({a for q in questions for a in q.ages})),
        statuses=frozenset().union(*(q.statuses for q in questions)),
        flags=frozenset().union(*(q.flags for q in questions)),
        events=frozenset().union(*(q.events for q in questions)),
        windows=tuple(dict.fromkeys(w for q in questions for w in q.windows)),
        reviews=max((q.reviews for q in questions), default=0),
        file_items=frozenset().union(*(q.file_items for q in questions)),
    )


_Applicable = tuple[tuple[_Clock, ...], bool]


class ClockEvent(NamedTuple):
    """An event a clock may hang off or be met by, as the lean reader gives it."""

    kind: str
    on: date
    number: int | None = None
    at: datetime | None = None  # the time of day, when an hour clock hangs off it

    @property
    def moment(self) -> datetime:
        """When it happened: its time, else 09:00 on its day (as ``Event.moment``)."""
        return self.at or datetime(self.on.year, self.on.month, self.on.day, 9, 0)


class NextDueFinder:
    """Finds the next clock due on cases under ``pack`` on ``today``, remembering answers.

    The answer depends only on the case's facts, open pathways, date of birth (when a clock
    counts from birth) and clock events, so it is remembered under those: cases with the same
    ones (most cases with no clock events, say) share one answer.
    """

    def __init__(self, pack: Pack, today: date, calendar: WorkingCalendar) -> None:
        self.today = today
        self.calendar = calendar
        self.finder = FactFinder(clock_questions(pack), today)
        q = self.finder.questions
        self._clocks = tuple(
            _Clock(t, compile_condition(t.applies_when, q), t.kind == "age" or t.unit == Unit.YEARS)
            for t in pack.timescales
            if t.anchor not in OFF_FILE_EVENTS  # a disagreement's clock is its own, not the case's
        )
        self._due: dict[tuple[str, datetime], datetime] = {}
        self._applicable: dict[tuple[CaseFacts, tuple[str, ...]], _Applicable] = {}
        self._remembered: dict[tuple[object, ...], NextDue | None] = {}

    def next_due(
        self,
        facts: CaseFacts,
        dob: date | None,
        events: Sequence[ClockEvent] = (),
        open_pathways: Sequence[str] = (),
    ) -> NextDue | None:
        """The soonest clock still running or overdue on the case (None when there is none).

        ``facts`` are read by :attr:`finder`; ``events`` need only be of the kinds in
        :func:`clock_event_kinds`, with their times of day.
        """
        opened = tuple(open_pathways)
        clocks, from_birth = self._clocks_for(facts, opened)
        if not clocks:
            return None
        born = dob if from_birth else None
        key = (facts, opened, born, tuple(events))
        try:
            return self._remembered[key]
        except KeyError:
            found = self._remembered[key] = self._first(clocks, born, events)
            return found

    def _clocks_for(self, facts: CaseFacts, opened: tuple[str, ...]) -> _Applicable:
        """The clocks whose conditions hold and whose pathways (if any) are open, and whether
        one of them counts from birth."""
        key = (facts, opened)
        found = self._applicable.get(key)
        if found is None:
            clocks = tuple(
                c
                for c in self._clocks
                if (not c.timescale.pathways or set(c.timescale.pathways).intersection(opened))
                and c.applies(facts)
            )
            found = self._applicable[key] = (
                clocks,
                any(c.timescale.anchor == BIRTH for c in clocks),
            )
        return found

    def _first(
        self, clocks: tuple[_Clock, ...], dob: date | None, events: Sequence[ClockEvent]
    ) -> NextDue | None:
        by_kind: dict[str, list[ClockEvent]] = {}
        for event in events:
            by_kind.setdefault(event.kind, []).append(event)
        best: tuple[datetime, _Clock] | None = None
        for clock in clocks:
            t = clock.timescale
            anchor = _anchor(t, dob, by_kind)
            if anchor is None:
                continue
            moment = self._moment(t, anchor)
            if clock.is_age and moment.date() < self.today:
                continue  # reached
            if any(_meets(t, e, anchor) for kind in t.met_by for e in by_kind.get(kind, ())):
                continue
            if best is None or moment < best[0]:
                best = (moment, clock)
        if best is None:
            return None
        day = best[0].date()
        return NextDue(day, day < self.today, best[1].timescale.id)

    def _moment(self, t: Timescale, anchor: ClockEvent) -> datetime:
        key = (t.id, anchor.moment)
        found = self._due.get(key)
        if found is None:
            found = self._due[key] = due(
                anchor.moment, t.amount, Unit(t.unit), self.calendar, before=t.before
            )
        return found


def _anchor(
    t: Timescale, dob: date | None, by_kind: dict[str, list[ClockEvent]]
) -> ClockEvent | None:
    """The event the clock runs from, chosen as ``engine.deadlines`` chooses it."""
    if t.anchor == BIRTH:
        return ClockEvent(BIRTH, dob) if dob else None
    events = by_kind.get(t.anchor)
    if not events:
        return None
    if t.anchor_number is not None:  # "by the 2nd review": that review, held or scheduled
        return next((e for e in events if e.number == t.anchor_number), None)
    if len(events) == 1:
        return events[0]
    return max(events, key=lambda e: (e.on, e.number or 0))


def _meets(t: Timescale, event: ClockEvent, anchor: ClockEvent) -> bool:
    """Notice is given before its anchor (a meeting); other clocks are met after theirs."""
    return event.on <= anchor.on if t.before else event.on >= anchor.on
