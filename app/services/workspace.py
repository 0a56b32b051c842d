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
from app.storage.crypto import DEFAULT_KDF, KdfParams, looks_encrypted
from app.storage.database import Database, open_database
from app.storage.uow import UnitOfWork

PACK_SETTING = "pack_id"
#: The team the user manages, chosen when the caseload was started.
TEAM_SETTING = "team_id"


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


def is_encrypted(path: Path) -> bool:
    """Whether the caseload at ``path`` is encrypted (opening it needs its passphrase); False
    for anything that is not a file (opening that says what is wrong with it)."""
    return path.is_file() and looks_encrypted(path)


def open_workspace(
    path: Path,
    *,
    user: str | None = None,
    passphrase: str | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> Workspace:
    """Open an existing caseload; NoCaseload if there is none at ``path``.

    An encrypted caseload needs ``passphrase``: without one it raises
    :class:`~app.storage.crypto.PassphraseNeeded`, with a wrong one
    :class:`~app.storage.crypto.WrongPassphrase`.
    """
    if not path.exists():
        raise NoCaseload(path)
    database = open_database(path, create=False, passphrase=passphrase, kdf=kdf)
    who = user or current_user()
    try:
        with UnitOfWork(database, who) as uow:
            pack_id = uow.settings.get(PACK_SETTING)
            closures = uow.settings.closure_days()
        if pack_id is None:
            raise NoCaseload(path)
        pack = shipped_pack(pack_id)
    except BaseException:
        database.close()  # let go of the writer lock: the caller never sees this database
        raise
    return Workspace(path, database, pack, default_calendar(closures), who)


def create_workspace(
    path: Path,
    pack_id: str,
    *,
    user: str | None = None,
    team_id: str | None = None,
    passphrase: str | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> Workspace:
    """Create (or reuse) the database at ``path`` and bind it to a pack (and the user's team).

    With ``passphrase`` a new database is created encrypted.
    """
    pack = shipped_pack(pack_id)
    if team_id is not None:
        pack.team(team_id)  # KeyError for a team the pack does not have, before any file
    new = not path.exists()
    database = None
    try:
        database = open_database(path, create=True, passphrase=passphrase, kdf=kdf)
        who = user or current_user()
        with UnitOfWork(database, who) as uow:
            uow.settings.set(PACK_SETTING, pack.id)
            if team_id is not None:
                uow.settings.set(TEAM_SETTING, team_id)
            uow.commit()
    except BaseException:
        if database is not None:
            database.close()
        if new:  # a half-made caseload would later ask for a passphrase it never had
            discard_database(path)
        raise
    return Workspace(path, database, pack, default_calendar(), who)


def discard_database(path: Path) -> None:
    """Delete a caseload file that was just made and is closed, with SQLite's side files."""
    for doomed in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        doomed.unlink(missing_ok=True)


def own_team(ws: Workspace) -> str | None:
    """The id of the team the user chose when starting the caseload (None if not chosen)."""
    with ws.unit_of_work() as uow:
        return uow.settings.get(TEAM_SETTING)


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
