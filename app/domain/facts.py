"""The facts of a case on one day: everything a pack's conditions can ask, computed once.

:func:`app.domain.conditions.unmet` explains a condition in words and works the case out afresh
for every condition it is asked. A whole-caseload audit asks hundreds of conditions of each of
100,000 cases, so here the case is read once into :class:`CaseFacts`, a small hashable tuple
holding only what the pack's conditions can ask (:class:`Questions`): which of the pack's ages
the child has reached, the statuses, flags and past events the pack names, whether an event
happened within each of the pack's windows, how many reviews were held (as far as the pack
counts) and which of the pack's file items are on file. :mod:`app.domain.predicates` answers
the conditions from these facts; two cases with equal facts get equal answers to every question,
so the facts are also a key for remembering answers.

Pure: no I/O. Ages are decided by comparing the date of birth with a cut-off date worked out
once per age (``date_of_age`` grows with the date of birth), never by ``date_of_age`` per child.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from app.domain.case import CaseSnapshot
from app.domain.clocks import date_of_age
from app.domain.conditions import window_start
from app.domain.pack import Condition, EventWithin

#: The event kind whose numbers count the children in care reviews held.
REVIEW = "cic_review"

PastEvent = tuple[str, date, int | None]  # kind, date, number
_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Questions:
    """What a set of conditions can ask of a case: the only facts worth keeping."""

    ages: tuple[float, ...] = ()
    statuses: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()  # kinds asked about by events_any / events_none
    windows: tuple[EventWithin, ...] = ()
    reviews: int = 0  # the most reviews any condition asks for (0: none asks)
    file_items: frozenset[str] = frozenset()  # the file items checklist items are evidenced by

    @property
    def event_kinds(self) -> frozenset[str]:
        """Every event kind whose past occurrences matter."""
        kinds = self.events | {w.kind for w in self.windows}
        return kinds | {REVIEW} if self.reviews else kinds


def questions_of(
    conditions: Iterable[Condition | None], file_items: Iterable[str | None] = ()
) -> Questions:
    """Everything ``conditions`` (and any-of / none-of parts) ask, plus the given file items."""
    found = list(_walk(c for c in conditions if c is not None))
    return Questions(
        ages=tuple(
            sorted({a for c in found for a in (c.age_at_least, c.age_below) if a is not None})
        ),
        statuses=frozenset(s for c in found for s in (*c.statuses_any, *c.statuses_none)),
        flags=frozenset(f for c in found for f in (*c.flags_any, *c.flags_all, *c.flags_none)),
        events=frozenset(k for c in found for k in (*c.events_any, *c.events_none)),
        windows=tuple(
            dict.fromkeys(w for c in found for w in (*c.event_within, *c.event_not_within))
        ),
        reviews=max((c.reviews_at_least or 0 for c in found), default=0),
        file_items=frozenset(f for f in file_items if f is not None),
    )


def _walk(conditions: Iterable[Condition]) -> Iterator[Condition]:
    for cond in conditions:
        yield cond
        yield from _walk((*cond.any_of, *cond.none_of))


class CaseFacts(NamedTuple):
    """One case on one day, as far as the :class:`Questions` it was read for can tell."""

    team_id: str
    tier: int | None
    unborn: bool
    disability: bool
    uasc: bool
    has_siblings: bool
    ages: tuple[bool, ...]  # reached each of Questions.ages (all False without a date of birth)
    statuses: frozenset[str]  # current statuses the questions name
    flags: frozenset[str]
    events: frozenset[str]  # kinds of past events the questions name
    windows: tuple[bool, ...]  # an event within each of Questions.windows
    reviews: int  # reviews held, at most Questions.reviews
    on_file: frozenset[str]  # file items on file with a date


class AuditInputs(NamedTuple):
    """What the facts are made from: one case's rows as the audit reads them, no names.

    ``statuses`` are the codes current on the day, ``events`` those on or before it,
    ``on_file`` the kinds of file item with an update date; extra entries are ignored.
    """

    case_id: str
    team_id: str
    tier: int | None
    dob: date | None
    expected_dob: date | None
    disability: bool
    uasc: bool
    has_siblings: bool
    statuses: Collection[str]
    flags: Collection[str]
    events: Collection[PastEvent]
    on_file: Collection[str]


class FactFinder:
    """Reads cases into :class:`CaseFacts` for one set of questions on one day."""

    def __init__(self, questions: Questions, today: date) -> None:
        self.questions = questions
        self.today = today
        births = (latest_birth(age, today) for age in questions.ages)
        self._cutoffs = tuple(b.toordinal() if b else 0 for b in births)
        self._windows = tuple((w.kind, window_start(w, today)) for w in questions.windows)
        self._ages: dict[date | None, tuple[bool, ...]] = {None: (False,) * len(self._cutoffs)}
        self._no_events = self._event_facts(())

    def facts(self, case: AuditInputs) -> CaseFacts:
        """The facts of one case read from its audit inputs (called once per case: kept lean)."""
        (
            _,
            team_id,
            tier,
            dob,
            expected,
            disability,
            uasc,
            siblings,
            statuses,
            flags,
            events,
            files,
        ) = case
        ages = self._ages.get(dob)
        if ages is None:
            ages = self._ages_of(dob)
        kinds, windows, reviews = self._event_facts(events) if events else self._no_events
        q = self.questions
        return CaseFacts(
            team_id,
            tier,
            dob is None and expected is not None,
            disability,
            uasc,
            siblings,
            ages,
            q.statuses.intersection(statuses) if statuses else _NOTHING,
            q.flags.intersection(flags) if flags else _NOTHING,
            kinds,
            windows,
            reviews,
            q.file_items.intersection(files) if files else _NOTHING,
        )

    def of_snapshot(self, case: CaseSnapshot) -> CaseFacts:
        """The facts of a full case snapshot (the same facts its audit inputs give)."""
        return self.facts(inputs_of(case, self.today))

    def _ages_of(self, dob: date | None) -> tuple[bool, ...]:
        assert dob is not None
        ordinal = dob.toordinal()
        reached = tuple(ordinal <= cutoff for cutoff in self._cutoffs)
        self._ages[dob] = reached
        return reached

    def _event_facts(
        self, events: Collection[PastEvent]
    ) -> tuple[frozenset[str], tuple[bool, ...], int]:
        """Kinds seen, windows met and reviews held, from the events on or before today."""
        today = self.today
        latest: dict[str, date] = {}
        for kind, on, _ in events:
            if on <= today and (kind not in latest or on > latest[kind]):
                latest[kind] = on
        windows = (
            tuple([kind in latest and latest[kind] >= since for kind, since in self._windows])
            if self._windows
            else ()
        )
        reviews = self._reviews_held(events) if self.questions.reviews else 0
        return self.questions.events.intersection(latest), windows, reviews

    def _reviews_held(self, events: Collection[PastEvent]) -> int:
        """Children in care reviews held by today (by number, else counted), capped at what the
        questions ask: no condition can tell more apart."""
        today = self.today
        numbers = [number or 0 for kind, on, number in events if kind == REVIEW and on <= today]
        return min(max(numbers, default=0) or len(numbers), self.questions.reviews)


def inputs_of(case: CaseSnapshot, today: date) -> AuditInputs:
    """A snapshot's audit inputs on ``today`` (what the storage layer's lean reader gives)."""
    child = case.child
    return AuditInputs(
        case.id,
        case.team_id,
        case.tier,
        child.dob,
        child.expected_dob,
        child.disability,
        child.uasc,
        bool(case.sibling_ids),
        case.statuses_on(today),
        case.flags,
        [(e.kind, e.on, e.number) for e in case.events],
        [f.kind for f in case.file_items if f.updated is not None],
    )


def latest_birth(age: float, today: date) -> date | None:
    """The last date of birth of a child who is ``age`` or over on ``today`` (None: nobody).

    ``date_of_age`` never goes down as the date of birth goes up, so a binary search over the
    dates of birth finds where "reached by today" turns false.
    """

    def reached(ordinal: int) -> bool:
        return date_of_age(date.fromordinal(ordinal), age) <= today

    first = max(1, today.toordinal() - 366 * (int(age) + 2))
    if not reached(first):
        return None
    low, high = first, today.toordinal() + 1  # reached(low); not reached(high)
    while high - low > 1:
        middle = (low + high) // 2
        if reached(middle):
            low = middle
        else:
            high = middle
    return date.fromordinal(low)
