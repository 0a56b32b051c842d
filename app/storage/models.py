"""The tables of the case store (SQLAlchemy 2 declarative models).

Only ``app.storage`` sees these classes; the rest of the app gets the pure objects of
``app.domain.case``. Dates are stored as ISO text (SQLite has no date type); datetimes are naive
and in UTC for bookkeeping columns (``created_at``, ``updated_at``, ``audit_log.at``) and in the
council's local time for case facts (``events.at``, ``disagreements.raised_at``).

Any change to these classes needs a new file in ``migrations/versions`` (see ``migrations/README``);
``tests/storage/test_migrations.py`` fails while the two differ.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TRANSFER_STATUSES = ("draft", "proposed", "agreed", "completed", "withdrawn", "disputed")
AUDIT_STAGES = ("sending", "receiving")
AUDIT_STATES = ("met", "gap", "not_applicable")
AUDIT_ACTIONS = ("insert", "update", "delete")


def utcnow() -> datetime:
    """The current time in UTC, naive (SQLite stores no zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f'"{column}" IN ({allowed})', name=name)


def table_of(model: type[Base]) -> Table:
    """The Core table of a model class (typed, for Core statements)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


class Base(DeclarativeBase):
    """Declarative base holding the store's metadata and naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Team(Base):
    """A team or service of the authority (MASH, DAAT, CiC, 16+ …)."""

    __tablename__ = "teams"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String, default="")


class Worker(Base):
    """A social worker, personal adviser or manager in a team."""

    __tablename__ = "workers"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    role: Mapped[str] = mapped_column(String, default="social_worker")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Family(Base):
    """A family: children sharing one are a sibling group."""

    __tablename__ = "families"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String, default="")


class ChildRow(Base):
    """A child (or unborn baby); ``id`` is the local case id."""

    __tablename__ = "children"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    given_name: Mapped[str] = mapped_column(String)
    family_name: Mapped[str] = mapped_column(String)
    dob: Mapped[date | None] = mapped_column(Date)
    expected_dob: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String, default="unknown")
    disability: Mapped[bool] = mapped_column(Boolean, default=False)
    uasc: Mapped[bool] = mapped_column(Boolean, default=False)
    family_id: Mapped[str | None] = mapped_column(ForeignKey("families.id"), index=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    worker_id: Mapped[str | None] = mapped_column(ForeignKey("workers.id"), index=True)
    tier: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_children_family_name_given_name", "family_name", "given_name"),)


class AllocationRow(Base):
    """A spell of case responsibility held by a team and worker."""

    __tablename__ = "allocations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"))
    worker_id: Mapped[str | None] = mapped_column(ForeignKey("workers.id"))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")


class LegalStatusRow(Base):
    """One spell under a legal or statutory status (``app.domain.vocabulary.LEGAL_STATUSES``)."""

    __tablename__ = "legal_statuses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"))
    code: Mapped[str] = mapped_column(String)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (Index("ix_legal_statuses_child_id_end", "child_id", "end"),)


class FlagRow(Base):
    """A flag currently set on a child (``app.domain.vocabulary.FLAGS``)."""

    __tablename__ = "flags"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), primary_key=True)
    flag: Mapped[str] = mapped_column(String, primary_key=True)
    set_on: Mapped[date] = mapped_column(Date)


class EventRow(Base):
    """A dated happening on a case (``app.domain.vocabulary.EVENTS``)."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"))
    kind: Mapped[str] = mapped_column(String)
    on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime | None] = mapped_column(DateTime)
    number: Mapped[int | None] = mapped_column(Integer)
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_events_child_id_kind", "child_id", "kind"),)


class FileItemRow(Base):
    """A document on the case file and when it was last updated (one row per kind)."""

    __tablename__ = "file_items"
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String, primary_key=True)
    updated: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class ClosureDay(Base):
    """A local closure day (not a working day) added by the user."""

    __tablename__ = "closure_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    label: Mapped[str] = mapped_column(String, default="")


class Setting(Base):
    """One app setting (chosen pack, own team …) as text."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class AuditLog(Base):
    """One row per inserted, updated or deleted row, written in the same transaction.

    Append-only and hash-chained from migration 0003 on (triggers refuse UPDATE and DELETE).
    A later migration that rebuilds this table (batch mode) drops those triggers with it and
    must create them again (``tests/storage/test_chain.py`` checks they exist at head).
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String)
    entity: Mapped[str] = mapped_column(String)
    entity_id: Mapped[str] = mapped_column(String)
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)
    #: The hash chain (``app/storage/chain.py``): the row before's ``row_hash``, and this row's.
    prev_hash: Mapped[str] = mapped_column(String)
    row_hash: Mapped[str] = mapped_column(String)

    __table_args__ = (
        _one_of("action", AUDIT_ACTIONS, "action"),
        Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),
    )


class TransferRow(Base):
    """One case transfer (or a sibling group's share of one, via ``group_id``).

    ``pack_id`` and ``pack_version`` record the policy pack the transfer was judged against, so
    a decision can be explained later. ``draft_json`` keeps an unfinished wizard's answers.
    """

    __tablename__ = "transfers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"))
    group_id: Mapped[str | None] = mapped_column(String, index=True)
    pathway_id: Mapped[str] = mapped_column(String)
    pack_id: Mapped[str] = mapped_column(String)
    pack_version: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String, default="draft")
    from_team: Mapped[str] = mapped_column(ForeignKey("teams.id"))
    to_team: Mapped[str | None] = mapped_column(ForeignKey("teams.id"))
    receiving_worker_id: Mapped[str | None] = mapped_column(ForeignKey("workers.id"))
    proposed_on: Mapped[date | None] = mapped_column(Date)
    agreed_on: Mapped[date | None] = mapped_column(Date)
    transfer_date: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    transfer_point_event: Mapped[str | None] = mapped_column(String)
    co_working_start: Mapped[date | None] = mapped_column(Date)
    co_working_end: Mapped[date | None] = mapped_column(Date)
    joint_visit_on: Mapped[date | None] = mapped_column(Date)
    goodbye_visit_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    draft_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        _one_of("status", TRANSFER_STATUSES, "status"),
        Index("ix_transfers_child_id_status", "child_id", "status"),
    )


class TransferStep(Base):
    """A pathway step done (a discussion, a joint visit, a meeting) and its outcome."""

    __tablename__ = "transfer_steps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("transfers.id"), index=True)
    step_id: Mapped[str] = mapped_column(String)
    done_on: Mapped[date | None] = mapped_column(Date)
    who: Mapped[str] = mapped_column(String, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class KeyQuestionAnswer(Base):
    """The answer to one of a pathway's key questions for a transfer."""

    __tablename__ = "key_question_answers"
    transfer_id: Mapped[int] = mapped_column(ForeignKey("transfers.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String, primary_key=True)
    answer: Mapped[str] = mapped_column(Text, default="")


class Override(Base):
    """A rule overridden for a transfer by a named authoriser (who, role, why, when)."""

    __tablename__ = "overrides"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("transfers.id"), index=True)
    rule_id: Mapped[str] = mapped_column(String)
    authoriser: Mapped[str] = mapped_column(String)
    role: Mapped[str] = mapped_column(String)
    reason: Mapped[str] = mapped_column(Text)
    on: Mapped[date] = mapped_column(Date)


class AuditRow(Base):
    """A checklist audit of a child's file at the sending or receiving stage."""

    __tablename__ = "audits"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id"), index=True)
    transfer_id: Mapped[int | None] = mapped_column(ForeignKey("transfers.id"), index=True)
    checklist_id: Mapped[str] = mapped_column(String)
    pack_id: Mapped[str] = mapped_column(String)
    pack_version: Mapped[str] = mapped_column(String)
    stage: Mapped[str] = mapped_column(String)
    started_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String, default="")

    __table_args__ = (_one_of("stage", AUDIT_STAGES, "stage"),)


class AuditAnswerRow(Base):
    """One checklist item answered met, gap or not applicable, with evidence."""

    __tablename__ = "audit_answers"
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String, primary_key=True)
    state: Mapped[str] = mapped_column(String)
    evidence: Mapped[str] = mapped_column(Text, default="")
    on: Mapped[date | None] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String, default="")

    __table_args__ = (_one_of("state", AUDIT_STATES, "state"),)


class Disagreement(Base):
    """A disagreement between teams about a transfer and its escalation.

    There is deliberately no ``child_id``: a disagreement is never written on the child's record
    (Cambridgeshire), so it can never reach a handover pack. Reach the child via the transfer.
    """

    __tablename__ = "disagreements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("transfers.id"), index=True)
    raised_at: Mapped[datetime] = mapped_column(DateTime)
    raised_by: Mapped[str] = mapped_column(String)
    subject: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[int] = mapped_column(Integer, default=1)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    resolution: Mapped[str] = mapped_column(Text, default="")


__all__ = [
    "AUDIT_STAGES",
    "AUDIT_STATES",
    "TRANSFER_STATUSES",
    "AllocationRow",
    "AuditAnswerRow",
    "AuditLog",
    "AuditRow",
    "Base",
    "ChildRow",
    "ClosureDay",
    "Disagreement",
    "EventRow",
    "Family",
    "FileItemRow",
    "FlagRow",
    "KeyQuestionAnswer",
    "LegalStatusRow",
    "Override",
    "Setting",
    "Team",
    "TransferRow",
    "TransferStep",
    "Worker",
    "table_of",
    "utcnow",
]

from app.storage import meeting_models  # noqa: E402, F401  (registers the meeting tables on Base)
