"""Teams and workers: who can hold a case."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.models import Team, Worker


class TeamRepository:
    """The authority's teams and their workers, as plain tuples for the services."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add_team(self, team_id: str, name: str, kind: str = "") -> None:
        """Record a team (``kind`` is the pack's team type, e.g. ``mash`` or ``cic``)."""
        self._session.add(Team(id=team_id, name=name, kind=kind))
        self._session.flush()

    def add_worker(
        self, worker_id: str, name: str, team_id: str, role: str = "social_worker"
    ) -> None:
        """Record a worker in ``team_id``."""
        self._session.add(Worker(id=worker_id, name=name, team_id=team_id, role=role, active=True))
        self._session.flush()

    def set_worker_active(self, worker_id: str, active: bool) -> None:
        """Mark a worker as active or as having left (their history stays)."""
        worker = self._session.get(Worker, worker_id)
        if worker is None:
            raise LookupError(f"no worker {worker_id}")
        worker.active = active

    def teams(self) -> list[tuple[str, str, str]]:
        """Every team as (id, name, kind), by id."""
        rows = self._session.execute(select(Team.id, Team.name, Team.kind).order_by(Team.id))
        return [(r.id, r.name, r.kind) for r in rows]

    def workers(self, team_id: str | None = None) -> list[tuple[str, str, str, str, bool]]:
        """Workers as (id, name, team_id, role, active), by id; one team's when given."""
        query = select(Worker.id, Worker.name, Worker.team_id, Worker.role, Worker.active)
        if team_id is not None:
            query = query.where(Worker.team_id == team_id)
        rows = self._session.execute(query.order_by(Worker.id))
        return [(r.id, r.name, r.team_id, r.role, r.active) for r in rows]
