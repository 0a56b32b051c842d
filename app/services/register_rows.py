"""What the register shows and how it is asked: its rows, filters and sort, with no database.

Both registers build on this: :class:`app.services.register.Register` (the open workspace's,
with readiness and due dates) and :class:`app.services.first_register.FirstRegister` (the first
window's, read before the workspace has opened). It imports the standard library and the
domain's date arithmetic only, so the first window can show rows without the rest of the core.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.domain.ages import age_on
from app.storage.register_sql import LIST_SEPARATOR, NO_CHECKLIST, RegisterCriteria

__all__ = [
    "NO_CHECKLIST",
    "RegisterFilter",
    "RegisterRow",
    "RegisterSort",
    "by_name",
    "criteria_for",
    "row_from_values",
]
_day = lru_cache(maxsize=1 << 16)(date.fromisoformat)


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One child as the register shows it."""

    case_id: str
    given_name: str
    family_name: str
    dob: date | None
    expected_dob: date | None
    team_id: str
    team_name: str
    worker_id: str | None
    worker_name: str
    family_id: str | None
    family_size: int
    statuses: tuple[str, ...]
    flags: tuple[str, ...]
    readiness: str | None = None  # a Readiness value or NO_CHECKLIST; None: not worked out yet
    stops_transfer: bool = False  # the pack says the unfinished checklist stops the transfer
    gaps: int = 0
    unanswered: int = 0
    pathway_id: str | None = None  # the pathway whose checklist was audited
    next_due: date | None = None  # the soonest clock still to meet
    overdue: bool = False

    @property
    def name(self) -> str:
        """Given and family name, for display."""
        return f"{self.given_name} {self.family_name}".strip()

    def age(self, today: date) -> int | None:
        """Whole years on ``today``; None for an unborn child."""
        return age_on(self.dob, today) if self.dob else None


@dataclass(frozen=True)
class RegisterFilter:
    """Which children to show: a team, a worker, a current legal status, a search text, a
    readiness (one of ``READINESS_FILTERS``) and clocks due within N working days (overdue
    ones included)."""

    team_id: str | None = None
    worker_id: str | None = None
    status: str | None = None
    text: str = ""
    readiness: str | None = None
    due_within: int | None = None


@dataclass(frozen=True)
class RegisterSort:
    """The order of the register: one of ``SORT_KEYS``, ascending or descending."""

    key: str = "id"
    descending: bool = False


def criteria_for(filters: RegisterFilter, today: date, due_by: date | None) -> RegisterCriteria:
    """What the storage query is asked for ``filters`` (due within N as the last day ``due_by``)."""
    return RegisterCriteria(
        today=today,
        team_id=filters.team_id,
        worker_id=filters.worker_id,
        status=filters.status,
        text=filters.text,
        readiness=filters.readiness,
        due_by=due_by,
    )


def by_name(choices: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(id, name) choices of a filter, by name."""
    return sorted(choices, key=lambda choice: choice[1].casefold())


def row_from_values(values: tuple[object, ...]) -> RegisterRow:
    """A register row from the storage tuple (``REGISTER_COLUMNS`` order; dates as ISO text)."""
    (
        case_id,
        given,
        family,
        dob,
        expected,
        team_id,
        team_name,
        worker_id,
        worker_name,
        family_id,
        family_size,
        statuses,
        flags,
        readiness,
        stops,
        gaps,
        unanswered,
        pathway_id,
        next_due,
        overdue,
    ) = values
    return RegisterRow(
        case_id=str(case_id),
        given_name=str(given or ""),
        family_name=str(family or ""),
        dob=_date(dob),
        expected_dob=_date(expected),
        team_id=str(team_id),
        team_name=str(team_name or team_id),
        worker_id=None if worker_id is None else str(worker_id),
        worker_name=str(worker_name or worker_id or ""),
        family_id=None if family_id is None else str(family_id),
        family_size=int(family_size or 0),  # type: ignore[call-overload]
        statuses=_split(statuses),
        flags=_split(flags),
        readiness=None if readiness is None else str(readiness),
        stops_transfer=bool(stops),
        gaps=int(gaps or 0),  # type: ignore[call-overload]
        unanswered=int(unanswered or 0),  # type: ignore[call-overload]
        pathway_id=None if pathway_id is None else str(pathway_id),
        next_due=_date(next_due),
        overdue=bool(overdue),
    )


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    return _day(value[:10]) if isinstance(value, str) and value else None


def _split(joined: object) -> tuple[str, ...]:
    if not joined:
        return ()
    return tuple(sorted(set(str(joined).split(LIST_SEPARATOR))))
