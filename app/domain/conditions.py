"""Evaluate a pack's conditions against a case, explaining every condition that does not hold."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from dateutil.relativedelta import relativedelta

from app.domain.case import CaseSnapshot
from app.domain.clocks import Unit, date_of_age
from app.domain.pack import Condition, EventWithin
from app.domain.vocabulary import FLAGS, LEGAL_STATUSES


def holds(cond: Condition | None, case: CaseSnapshot, today: date) -> bool:
    """True when every part of ``cond`` holds for ``case`` on ``today`` (None always holds)."""
    return not unmet(cond, case, today)


def unmet(cond: Condition | None, case: CaseSnapshot, today: date) -> list[str]:
    """The parts of ``cond`` that do not hold, in plain words; empty when it holds."""
    if cond is None:
        return []
    return [reason for check in _CHECKS for reason in check(cond, case, today)]


def _ages(cond: Condition, case: CaseSnapshot, today: date) -> Iterator[str]:
    dob = case.child.dob
    if cond.age_at_least is not None and (
        dob is None or date_of_age(dob, cond.age_at_least) > today
    ):
        yield f"the child is not yet {_age_words(cond.age_at_least)}"
    if cond.age_below is not None and dob is not None and date_of_age(dob, cond.age_below) <= today:
        yield f"the child is {_age_words(cond.age_below)} or over"


def _age_words(age: float) -> str:
    whole = int(age)
    return f"{whole}½" if age - whole == 0.5 else f"{age:g}"


def _person(cond: Condition, case: CaseSnapshot, today: date) -> Iterator[str]:
    child = case.child
    checks = (
        (cond.unborn, child.unborn, "an unborn child", "a child already born"),
        (cond.disability, child.disability, "a disabled child", "a child without a disability"),
        (cond.uasc, child.uasc, "an unaccompanied asylum-seeking child", "a child who is not UASC"),
        (
            cond.has_siblings,
            bool(case.sibling_ids),
            "a child with siblings",
            "a child with no siblings",
        ),
    )
    for wanted, actual, yes_words, no_words in checks:
        if wanted is not None and wanted != actual:
            yield f"only for {yes_words if wanted else no_words}"
    if cond.tiers_any and case.tier not in cond.tiers_any:
        yield f"only at tier/level {_or(str(t) for t in cond.tiers_any)}"
    if cond.team_in and case.team_id not in cond.team_in:
        yield f"only for cases held by {_or(cond.team_in)}"


def _statuses(cond: Condition, case: CaseSnapshot, today: date) -> Iterator[str]:
    current = case.statuses_on(today)
    if cond.statuses_any and not current & set(cond.statuses_any):
        yield f"needs legal status {_or(_status_words(c) for c in cond.statuses_any)}"
    for code in sorted(current & set(cond.statuses_none)):
        yield f"not while {_status_words(code)}"


def _status_words(code: str) -> str:
    label = LEGAL_STATUSES.get(code)
    return f"{code} ({label})" if label and label != code else code


def _flags(cond: Condition, case: CaseSnapshot, today: date) -> Iterator[str]:
    flags = case.flags
    if cond.flags_any and not flags & set(cond.flags_any):
        yield f"needs {_or(_flag_words(f) for f in cond.flags_any)}"
    for flag in cond.flags_all:
        if flag not in flags:
            yield f"needs {_flag_words(flag)}"
    for flag in cond.flags_none:
        if flag in flags:
            yield f"not while {_flag_words(flag)}"


def _flag_words(flag: str) -> str:
    return FLAGS.get(flag, flag.replace("_", " ")).lower()


def _events(cond: Condition, case: CaseSnapshot, today: date) -> Iterator[str]:
    kinds = {e.kind for e in case.events if e.on <= today}
    if cond.events_any and not kinds & set(cond.events_any):
        yield f"needs a recorded {_or(k.replace('_', ' ') for k in cond.events_any)}"
    for kind in cond.events_none:
        if kind in kinds:
            yield f"not after a {kind.replace('_', ' ')}"
    for within in cond.event_within:
        if not _happened_within(within, case, today):
            yield f"needs a {within.kind.replace('_', ' ')} within {_span(within)}"
    for within in cond.event_not_within:
        if _happened_within(within, case, today):
            yield f"not within {_span(within)} of a {within.kind.replace('_', ' ')}"
    if cond.reviews_at_least is not None and _reviews_held(case, today) < cond.reviews_at_least:
        yield f"needs at least {cond.reviews_at_least} children in care review(s) held"


def _happened_within(within: EventWithin, case: CaseSnapshot, today: date) -> bool:
    since = window_start(within, today)
    return any(since <= e.on <= today for e in case.events_of(within.kind))


def window_start(within: EventWithin, today: date) -> date:
    """The first day of the window ``within`` looks back over, ending on ``today``."""
    start: date = today - _delta(within)
    return start


def _delta(within: EventWithin) -> relativedelta:
    unit = Unit(within.unit)
    if unit is Unit.MONTHS:
        return relativedelta(months=within.amount)
    if unit is Unit.WEEKS:
        return relativedelta(weeks=within.amount)
    if unit is Unit.YEARS:
        return relativedelta(years=within.amount)
    return relativedelta(days=within.amount)


def _span(within: EventWithin) -> str:
    return f"{within.amount} {Unit(within.unit).value.replace('_', ' ')}"


def _reviews_held(case: CaseSnapshot, today: date) -> int:
    held = [e for e in case.events_of("cic_review") if e.on <= today]
    return max((e.number or 0 for e in held), default=0) or len(held)


def _groups(cond: Condition, case: CaseSnapshot, today: date) -> Iterator[str]:
    if cond.any_of:
        failures = [unmet(sub, case, today) for sub in cond.any_of]
        if all(failures):
            yield "none of these holds: " + "; or ".join(", ".join(f) for f in failures)
    for sub in cond.none_of:
        if holds(sub, case, today):
            yield "an excluded circumstance applies"


def _or(words: Iterator[str] | tuple[str, ...]) -> str:
    items = list(words)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


_CHECKS: tuple[Callable[[Condition, CaseSnapshot, date], Iterator[str]], ...] = (
    _ages,
    _person,
    _statuses,
    _flags,
    _events,
    _groups,
)
