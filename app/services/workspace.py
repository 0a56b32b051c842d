"""The open caseload: its database, the policy pack it works under and its working calendar."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.domain.calendar import WorkingCalendar
from app.domain.pack import Pack
from app.policy.registry import shipped_pack
from app.reference.bank_holidays import default_calendar
from app.storage.database import Database, open_database
from app.storage.uow import UnitOfWork

PACK_SETTING = "pack_id"


class NoCaseload(Exception):
    """There is no caseload at the path: the user must import one or make the demo."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"there is no caseload at {path}: import one (transfer-desk import FILE) "
            "or make the demo (transfer-desk demo)"
        )


@dataclass(frozen=True)
class Workspace:
    path: Path
    database: Database
    pack: Pack
    calendar: WorkingCalendar
    user: str

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.database, self.user)


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a service account, a container)
        return "unknown user"


def open_workspace(path: Path, *, user: str | None = None) -> Workspace:
    """Open an existing caseload; NoCaseload if there is none at ``path``."""
    if not path.exists():
        raise NoCaseload(path)
    database = open_database(path, create=False)
    who = user or current_user()
    with UnitOfWork(database, who) as uow:
        pack_id = uow.settings.get(PACK_SETTING)
        closures = uow.settings.closure_days()
    if pack_id is None:
        raise NoCaseload(path)
    pack = shipped_pack(pack_id)
    return Workspace(path, database, pack, default_calendar(closures), who)


def create_workspace(path: Path, pack_id: str, *, user: str | None = None) -> Workspace:
    """Create (or reuse) the database at ``path`` and bind it to a pack."""
    pack = shipped_pack(pack_id)
    database = open_database(path, create=True)
    who = user or current_user()
    with UnitOfWork(database, who) as uow:
        uow.settings.set(PACK_SETTING, pack.id)
        uow.commit()
    return Workspace(path, database, pack, default_calendar(), who)


def closure_days(path: Path) -> list[date]:
    """The local closure days kept in the database at ``path``."""
    with UnitOfWork(open_database(path, create=False), current_user()) as uow:
        return uow.settings.closure_days()


def closure_day_labels(ws: Workspace) -> dict[date, str]:
    """The caseload's local closure days and their labels."""
    with ws.unit_of_work() as uow:
        return uow.settings.closure_day_labels()


def set_closure_day(ws: Workspace, day: date, label: str, *, closed: bool = True) -> bool:
    """Add (closed=True) or remove a local closure day; False when removing one not set."""
    with ws.unit_of_work() as uow:
        changed = True
        if closed:
            uow.settings.add_closure_day(day, label)
        else:
            changed = uow.settings.remove_closure_day(day)
        uow.commit()
    return changed
