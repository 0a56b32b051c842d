"""Build fictional cases for rule tests in one line each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta

from app.domain.case import CaseSnapshot, Child, Event, FileItem, StatusSpell

TODAY = date(2026, 11, 23)


def case(
    team: str,
    *,
    age: float | None = 10,
    today: date = TODAY,
    statuses: Iterable[str] = (),
    flags: Iterable[str] = (),
    events: Iterable[Event] = (),
    file_items: Iterable[FileItem] = (),
    tier: int | None = None,
    disability: bool = False,
    uasc: bool = False,
    siblings: Iterable[str] = (),
    case_id: str = "C-0001",
) -> CaseSnapshot:
    """A case held by ``team``; ``age`` in years on ``today`` (None: unborn, due in 8 weeks)."""
    if age is None:
        child = Child(case_id, "Ada", "Testcase", None, today + relativedelta(weeks=8))
    else:
        dob = today - relativedelta(years=int(age), months=round((age % 1) * 12), days=1)
        child = Child(case_id, "Ada", "Testcase", dob, None, "F", disability, uasc)
    spells = tuple(StatusSpell(code, today - relativedelta(months=2)) for code in statuses)
    return CaseSnapshot(
        child=child,
        team_id=team,
        tier=tier,
        statuses=spells,
        flags=frozenset(flags),
        events=tuple(events),
        file_items=tuple(file_items),
        sibling_ids=tuple(siblings),
    )


def ev(kind: str, days_ago: int = 0, number: int | None = None, today: date = TODAY) -> Event:
    """An event ``days_ago`` days before ``today`` (negative: in the future)."""
    return Event(kind, today - relativedelta(days=days_ago), number)
