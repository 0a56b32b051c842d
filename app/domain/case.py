"""A case as the rules see it: an immutable snapshot of one child's record on a given day.

The storage layer builds these from its rows; the rules engine, the checklist auditor and the
clocks only ever read them, so every rule can be tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from app.domain.clocks import age_on


class AuditState(StrEnum):
    """The answer to one checklist item."""

    MET = "met"
    GAP = "gap"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True)
class Child:
    """The person at the centre of a case. ``dob`` is None for an unborn child."""

    id: str
    given_name: str
    family_name: str
    dob: date | None = None
    expected_dob: date | None = None
    sex: str = "unknown"
    disability: bool = False
    uasc: bool = False

    @property
    def unborn(self) -> bool:
        return self.dob is None and self.expected_dob is not None

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True, slots=True)
class StatusSpell:
    """One period under a legal status (an SSDA903 code, CIN, CP, S47 or a care-leaver status)."""

    code: str
    start: date
    end: date | None = None

    def current_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Event:
    """A dated happening on the case: a review, a conference, a hearing, a visit, a closure.

    ``number`` counts reviews (the 2nd CiC review); ``at`` carries a time of day when an hour
    clock hangs off the event (a RED referral, a disagreement raised at 14:30).
    """

    kind: str
    on: date
    number: int | None = None
    at: datetime | None = None
    team_id: str | None = None

    @property
    def moment(self) -> datetime:
        return self.at or datetime(self.on.year, self.on.month, self.on.day, 9, 0)


@dataclass(frozen=True, slots=True)
class FileItem:
    """A document on the case file (chronology, genogram, a plan) and when it was last updated."""

    kind: str
    updated: date | None = None


@dataclass(frozen=True, slots=True)
class Allocation:
    """A spell of case responsibility held by a team and worker."""

    team_id: str
    worker_id: str | None
    start: date
    end: date | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AuditAnswer:
    """One recorded answer of a checklist audit."""

    item_id: str
    state: AuditState
    evidence: str = ""
    on: date | None = None
    by: str = ""


@dataclass(frozen=True)
class CaseSnapshot:
    """Everything the rules need to know about one child's case."""

    child: Child
    team_id: str
    worker_id: str | None = None
    tier: int | None = None
    family_id: str | None = None
    sibling_ids: tuple[str, ...] = ()
    statuses: tuple[StatusSpell, ...] = ()
    flags: frozenset[str] = field(default_factory=frozenset)
    events: tuple[Event, ...] = ()
    file_items: tuple[FileItem, ...] = ()
    allocations: tuple[Allocation, ...] = ()

    @property
    def id(self) -> str:
        return self.child.id

    def age_on(self, day: date) -> int | None:
        """Whole years on ``day``; None for an unborn child."""
        return age_on(self.child.dob, day) if self.child.dob else None

    def statuses_on(self, day: date) -> frozenset[str]:
        return frozenset(s.code for s in self.statuses if s.current_on(day))

    def events_of(self, kind: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == kind)

    def last_event(self, kind: str) -> Event | None:
        return max(self.events_of(kind), key=lambda e: (e.on, e.number or 0), default=None)

    def file_item(self, kind: str) -> FileItem | None:
        return next((f for f in self.file_items if f.kind == kind), None)

    def worker_changes_since(self, day: date) -> int:
        """How many times the allocated worker changed after ``day`` (the 6 and 12 month counts)."""
        ordered = sorted(self.allocations, key=lambda a: a.start)
        return sum(
            1
            for before, after in _pairs(ordered)
            if after.start > day and after.worker_id != before.worker_id
        )


def _pairs(items: Iterable[Allocation]) -> Iterable[tuple[Allocation, Allocation]]:
    it = iter(items)
    previous = next(it, None)
    for item in it:
        assert previous is not None
        yield previous, item
        previous = item
