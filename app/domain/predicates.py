"""Conditions compiled once into yes/no tests on :class:`~app.domain.facts.CaseFacts`.

The answers are those of :func:`app.domain.conditions.holds`, without its words: a compiled
condition builds no strings and works nothing out about the case, it only looks facts up.
Compile with the :class:`~app.domain.facts.Questions` the facts are read for, which must cover
the condition (``questions_of`` on it does): the facts hold an age or a window by position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import attrgetter

from app.domain.facts import CaseFacts, Questions
from app.domain.pack import Condition

Predicate = Callable[[CaseFacts], bool]
Field = Callable[[CaseFacts], frozenset[str]]

_STATUSES: Field = attrgetter("statuses")
_FLAGS: Field = attrgetter("flags")
_EVENTS: Field = attrgetter("events")


def always(_facts: CaseFacts) -> bool:
    """The test of an absent condition: it always holds."""
    return True


def compile_condition(cond: Condition | None, questions: Questions) -> Predicate:
    """A test of ``cond`` on facts read for ``questions``; ValueError if they do not cover it."""
    if cond is None:
        return always
    checks = tuple(_checks(cond, questions))
    if not checks:
        return always
    if len(checks) == 1:
        return checks[0]
    return lambda facts: all(check(facts) for check in checks)


def holds_fast(cond: Condition | None, facts: CaseFacts, questions: Questions) -> bool:
    """Whether ``cond`` holds for the case of ``facts`` (compiles it: for one-off questions)."""
    return compile_condition(cond, questions)(facts)


def _checks(cond: Condition, q: Questions) -> Iterator[Predicate]:
    yield from _age_checks(cond, q)
    yield from _person_checks(cond)
    yield from _set_checks(cond)
    yield from _event_checks(cond, q)
    yield from _group_checks(cond, q)


def _age_checks(cond: Condition, q: Questions) -> Iterator[Predicate]:
    if cond.age_at_least is not None:
        yield _age_reached(q.ages.index(cond.age_at_least), True)
    if cond.age_below is not None:
        yield _age_reached(q.ages.index(cond.age_below), False)


def _age_reached(index: int, wanted: bool) -> Predicate:
    return lambda facts: facts.ages[index] is wanted


def _person_checks(cond: Condition) -> Iterator[Predicate]:
    if cond.unborn is not None:
        yield _is(cond.unborn, lambda facts: facts.unborn)
    if cond.disability is not None:
        yield _is(cond.disability, lambda facts: facts.disability)
    if cond.uasc is not None:
        yield _is(cond.uasc, lambda facts: facts.uasc)
    if cond.has_siblings is not None:
        yield _is(cond.has_siblings, lambda facts: facts.has_siblings)
    if cond.tiers_any:
        tiers = frozenset(cond.tiers_any)
        yield lambda facts: facts.tier in tiers
    if cond.team_in:
        teams = frozenset(cond.team_in)
        yield lambda facts: facts.team_id in teams


def _is(wanted: bool, actual: Callable[[CaseFacts], bool]) -> Predicate:
    return lambda facts: actual(facts) == wanted


def _set_checks(cond: Condition) -> Iterator[Predicate]:
    """Statuses, flags and the kinds of past events: any of, all of, none of."""
    for field, wanted, unwanted in (
        (_STATUSES, cond.statuses_any, cond.statuses_none),
        (_FLAGS, cond.flags_any, cond.flags_none),
        (_EVENTS, cond.events_any, cond.events_none),
    ):
        if wanted:
            yield _any_of(field, frozenset(wanted))
        if unwanted:
            yield _none_of(field, frozenset(unwanted))
    if cond.flags_all:
        wanted_all = frozenset(cond.flags_all)
        yield lambda facts: wanted_all <= facts.flags


def _any_of(field: Field, wanted: frozenset[str]) -> Predicate:
    return lambda facts: not field(facts).isdisjoint(wanted)


def _none_of(field: Field, unwanted: frozenset[str]) -> Predicate:
    return lambda facts: field(facts).isdisjoint(unwanted)


def _event_checks(cond: Condition, q: Questions) -> Iterator[Predicate]:
    for within in cond.event_within:
        yield _window(q.windows.index(within), True)
    for within in cond.event_not_within:
        yield _window(q.windows.index(within), False)
    if cond.reviews_at_least is not None:
        if cond.reviews_at_least > q.reviews:
            raise ValueError(f"the questions do not count {cond.reviews_at_least} reviews")
        least = cond.reviews_at_least
        yield lambda facts: facts.reviews >= least


def _window(index: int, wanted: bool) -> Predicate:
    return lambda facts: facts.windows[index] is wanted


def _group_checks(cond: Condition, q: Questions) -> Iterator[Predicate]:
    if cond.any_of:
        options = tuple(compile_condition(sub, q) for sub in cond.any_of)
        yield lambda facts: any(option(facts) for option in options)
    if cond.none_of:
        excluded = tuple(compile_condition(sub, q) for sub in cond.none_of)
        yield lambda facts: not any(exclusion(facts) for exclusion in excluded)
