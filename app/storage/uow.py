"""The unit of work: one transaction, its repositories, commit or roll back.

::

    with UnitOfWork(database, user="tm.ada") as uow:
        uow.cases.set_flag("C-0001", "missing", today)
        uow.commit()

Leaving the block without ``commit()`` (or by an exception) rolls everything back, audit rows
included. SQLite failures of the environment (locked, read-only, disk full) leave the block as
:class:`~app.storage.errors.StorageError`; bugs leave it as they are.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session

from app.storage.audits import AuditRepository
from app.storage.chain import head_of
from app.storage.database import Database
from app.storage.errors import storage_errors, translate
from app.storage.meetings import MeetingRepository
from app.storage.repository import CaseRepository
from app.storage.settings import SettingsRepository
from app.storage.teams import TeamRepository
from app.storage.transfers import TransferRepository


class UnitOfWork:
    """A transaction on ``database`` whose changes are audited as made by ``user``."""

    cases: CaseRepository
    teams: TeamRepository
    settings: SettingsRepository
    transfers: TransferRepository
    audits: AuditRepository

    def __init__(self, database: Database, user: str) -> None:
        self.database = database
        self.user = user
        self._session: Session | None = None

    def __enter__(self) -> Self:
        session = self.database.session(self.user)
        self._session = session
        self.cases = CaseRepository(session)
        self.teams = TeamRepository(session)
        self.settings = SettingsRepository(session)
        self.transfers = TransferRepository(session)
        self.audits = AuditRepository(session)
        self.meetings = MeetingRepository(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self._require()
        self._session = None
        try:
            session.rollback()
        finally:
            session.close()
        if exc is not None:
            translated = translate(exc, self.database.path)
            if translated is not None:
                raise translated from exc

    def commit(self) -> None:
        """Write every change of this unit of work (and its audit rows) at once."""
        with storage_errors(self.database.path):
            self._require().commit()

    def rollback(self) -> None:
        """Forget every change made since the last commit."""
        self._require().rollback()

    def audit_position(self) -> str:
        """The audit chain's head (``audit row N · chain 9f86…``), printed on every document so
        a later rewrite or truncation of the trail shows against the paper."""
        dbapi = self._require().connection().connection.driver_connection
        return str(head_of(dbapi))

    def _require(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a 'with' block")
        return self._session
