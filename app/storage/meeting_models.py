"""The tables of transfer meetings: sittings, their agenda items, attendance and actions.

Registered on the store's one ``Base`` (``app.storage.models`` imports this module at its end, so
the metadata, the migration check and the audit log all see these tables). Migration ``0002``
creates them and ``0004`` indexes the items' order. Each change is audited row by row, but for
the bulk writes of ``app.storage.meetings`` (one row for a saved or rebuilt agenda).

- ``meetings``: one sitting of a pack meeting (``meeting_type`` is the pack's meeting id) on the
  day it is held, with the day its cadence scheduled it (they differ when a bank holiday moved
  it) and the pack version it was planned under.
- ``meeting_items``: a case on the agenda, its place in the order, why it came (JSON, frozen when
  the agenda was last built) and, once discussed, the decision and what was agreed.
- ``meeting_attendees``: who attended or sent apologies (staff names and roles only).
- ``meeting_actions``: actions agreed at a sitting, about one case (``item_id``) or the meeting as
  a whole, tracked until done.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import Base, utcnow

MEETING_STATUSES = ("planned", "held", "cancelled")
DECISIONS = ("agreed", "deferred", "declined")
ITEM_ORIGINS = ("auto", "manual")


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    """A CHECK that ``column`` holds one of ``values`` (NULL passes, as SQL CHECKs do)."""
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f'"{column}" IN ({allowed})', name=column)


class MeetingRow(Base):
    """One sitting of a meeting type of the pack, on the day it is held."""

    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_type: Mapped[str] = mapped_column(String)
    area: Mapped[str] = mapped_column(String, default="")
    pack_id: Mapped[str] = mapped_column(String)
    pack_version: Mapped[str] = mapped_column(String)
    scheduled_on: Mapped[date] = mapped_column(Date)
    held_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String, default="planned")
    chair: Mapped[str] = mapped_column(String, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        _one_of("status", MEETING_STATUSES),
        UniqueConstraint("meeting_type", "area", "held_on"),
    )


class MeetingItemRow(Base):
    """A case on a sitting's agenda and, once discussed, its decision."""

    __tablename__ = "meeting_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String, default="auto")
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    reasons_json: Mapped[str] = mapped_column(Text, default="[]")
    decision: Mapped[str | None] = mapped_column(String)
    transfer_id: Mapped[int | None] = mapped_column(ForeignKey("transfers.id"))
    receiving_team: Mapped[str | None] = mapped_column(ForeignKey("teams.id"))
    receiving_worker_id: Mapped[str | None] = mapped_column(ForeignKey("workers.id"))
    transfer_date: Mapped[date | None] = mapped_column(Date)
    joint_visit_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        _one_of("origin", ITEM_ORIGINS),
        _one_of("decision", DECISIONS),
        UniqueConstraint("meeting_id", "child_id"),
        # The end of a sitting's order, an item's place and its neighbours, without a scan.
        Index("ix_meeting_items_meeting_id_position", "meeting_id", "position"),
    )


class MeetingAttendeeRow(Base):
    """Someone who attended a sitting, or sent apologies (``present`` false)."""

    __tablename__ = "meeting_attendees"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    name: Mapped[str] = mapped_column(String)
    role: Mapped[str] = mapped_column(String, default="")
    team: Mapped[str] = mapped_column(String, default="")
    present: Mapped[bool] = mapped_column(Boolean, default=True)


class MeetingActionRow(Base):
    """An action agreed at a sitting: who, by when, and when it was done."""

    __tablename__ = "meeting_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_items.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


__all__ = [
    "DECISIONS",
    "ITEM_ORIGINS",
    "MEETING_STATUSES",
    "MeetingActionRow",
    "MeetingAttendeeRow",
    "MeetingItemRow",
    "MeetingRow",
]
