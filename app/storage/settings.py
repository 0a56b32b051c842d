"""App settings (chosen pack, own team …) and the local closure days, kept in the database."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.models import ClosureDay, Setting


class SettingsRepository:
    """Key/value settings and closure days; every change is audited like any other.

    Inserts and deletes are flushed at once, so a second call in the same unit of work sees them.
    """

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, key: str, default: str | None = None) -> str | None:
        """The value of ``key``, or ``default`` when unset."""
        row = self._session.get(Setting, key)
        return default if row is None else row.value

    def set(self, key: str, value: str) -> None:
        """Set ``key`` to ``value``."""
        row = self._session.get(Setting, key)
        if row is None:
            self._session.add(Setting(key=key, value=value))
            self._session.flush()
        else:
            row.value = value

    def closure_days(self) -> list[date]:
        """The local closure days (not working days), in date order."""
        return list(self._session.scalars(select(ClosureDay.day).order_by(ClosureDay.day)))

    def closure_day_labels(self) -> dict[date, str]:
        """The local closure days with their labels."""
        rows = self._session.execute(select(ClosureDay.day, ClosureDay.label))
        return {r.day: r.label for r in rows}

    def add_closure_day(self, day: date, label: str = "") -> None:
        """Add (or relabel) a local closure day."""
        row = self._session.get(ClosureDay, day)
        if row is None:
            self._session.add(ClosureDay(day=day, label=label))
            self._session.flush()
        else:
            row.label = label

    def remove_closure_day(self, day: date) -> bool:
        """Remove a closure day; False if it was not one."""
        row = self._session.get(ClosureDay, day)
        if row is None:
            return False
        self._session.delete(row)
        self._session.flush()
        return True
