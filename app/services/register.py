"""The caseload register use case: what the desktop's main table asks of the caseload.

The register never reads the whole caseload: it asks how many children match a filter and then
for pages of rows, sorted and filtered in SQL (see :mod:`app.storage.register`). The case record
asks for one child's snapshot with the names of the teams and workers on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.case import CaseSnapshot
from app.domain.clocks import age_on
from app.services.importing import ImportRefused
from app.services.workspace import NoCaseload, Workspace
from app.storage import register as query
from app.storage.errors import CaseNotFound, StorageError
from app.storage.register import SORT_KEYS

#: Failures of the environment (a file, a disk, a lock, a bad import file), never bugs: the desktop
#: shows their message, which names the file and what to do.
ENVIRONMENT_ERRORS: tuple[type[Exception], ...] = (StorageError, NoCaseload, ImportRefused)

__all__ = [
    "ENVIRONMENT_ERRORS",
    "SORT_KEYS",
    "CaseNotFound",
    "CaseRecord",
    "Register",
    "RegisterFilter",
    "RegisterRow",
    "RegisterSort",
    "StorageError",
    "case_record",
    "pack_choices",
]


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

    @property
    def name(self) -> str:
        """Given and family name, for display."""
        return f"{self.given_name} {self.family_name}".strip()

    def age(self, today: date) -> int | None:
        """Whole years on ``today``; None for an unborn child."""
        return age_on(self.dob, today) if self.dob else None


@dataclass(frozen=True)
class RegisterFilter:
    """Which children to show: a team, a worker, a current legal status and a search text."""

    team_id: str | None = None
    worker_id: str | None = None
    status: str | None = None
    text: str = ""


@dataclass(frozen=True)
class RegisterSort:
    """The order of the register: one of :data:`SORT_KEYS`, ascending or descending."""

    key: str = "id"
    descending: bool = False


class Register:
    """The register of one workspace, as of ``today``."""

    def __init__(self, ws: Workspace, today: date) -> None:
        self.workspace = ws
        self.today = today

    def count(self, filters: RegisterFilter) -> int:
        """How many children match ``filters``."""
        return query.count_register(self.workspace.database, self._criteria(filters))

    def page(
        self, filters: RegisterFilter, sort: RegisterSort, offset: int, limit: int
    ) -> list[RegisterRow]:
        """Rows ``offset`` to ``offset + limit`` of the filtered, sorted register."""
        rows = query.page_register(
            self.workspace.database,
            self._criteria(filters),
            sort=sort.key,
            descending=sort.descending,
            offset=offset,
            limit=limit,
        )
        return [_row(values) for values in rows]

    def statuses(self) -> list[str]:
        """The legal status codes held today by at least one child."""
        return query.register_statuses(self.workspace.database, self.today)

    def teams(self) -> list[tuple[str, str]]:
        """Every team as (id, name), by name."""
        with self.workspace.unit_of_work() as uow:
            teams = uow.teams.teams()
        return sorted(((t[0], t[1]) for t in teams), key=lambda t: t[1].casefold())

    def workers(self, team_id: str | None = None) -> list[tuple[str, str]]:
        """Active workers (of one team when given) as (id, name), by name."""
        with self.workspace.unit_of_work() as uow:
            workers = uow.teams.workers(team_id)
        return sorted(((w[0], w[1]) for w in workers if w[4]), key=lambda w: w[1].casefold())

    def _criteria(self, filters: RegisterFilter) -> query.RegisterCriteria:
        return query.RegisterCriteria(
            today=self.today,
            team_id=filters.team_id,
            worker_id=filters.worker_id,
            status=filters.status,
            text=filters.text,
        )


def _row(values: tuple[object, ...]) -> RegisterRow:
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
    ) = values
    return RegisterRow(
        case_id=str(case_id),
        given_name=str(given or ""),
        family_name=str(family or ""),
        dob=dob if isinstance(dob, date) else None,
        expected_dob=expected if isinstance(expected, date) else None,
        team_id=str(team_id),
        team_name=str(team_name or team_id),
        worker_id=None if worker_id is None else str(worker_id),
        worker_name=str(worker_name or worker_id or ""),
        family_id=None if family_id is None else str(family_id),
        family_size=int(family_size or 0),  # type: ignore[call-overload]
        statuses=_split(statuses),
        flags=_split(flags),
    )


def _split(joined: object) -> tuple[str, ...]:
    if not joined:
        return ()
    return tuple(sorted(set(str(joined).split(query.LIST_SEPARATOR))))


@dataclass(frozen=True)
class CaseRecord:
    """One child's case with the names of the teams and workers it mentions."""

    snapshot: CaseSnapshot
    team_names: dict[str, str]
    worker_names: dict[str, str]

    def team_name(self, team_id: str | None) -> str:
        """The team's name, or its id when unknown."""
        return self.team_names.get(team_id or "", team_id or "—")

    def worker_name(self, worker_id: str | None) -> str:
        """The worker's name, or "unallocated"."""
        if not worker_id:
            return "Unallocated"
        return self.worker_names.get(worker_id, worker_id)


def case_record(ws: Workspace, case_id: str) -> CaseRecord:
    """The case of ``case_id`` (``CaseNotFound`` when there is none)."""
    with ws.unit_of_work() as uow:
        snapshot = uow.cases.get_snapshot(case_id)
        teams = {t[0]: t[1] for t in uow.teams.teams()}
        workers = {w[0]: w[1] for w in uow.teams.workers()}
    return CaseRecord(snapshot, teams, workers)


def pack_choices() -> list[tuple[str, str]]:
    """The shipped policy packs as (id, "authority — title"), for a new caseload."""
    from app.policy.registry import shipped_packs

    return [(p.id, f"{p.pack.authority} — {p.pack.title}") for p in shipped_packs()]
