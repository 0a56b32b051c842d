"""The initial schema: caseload, transfers, checklist audits, disagreements, audit log.

Written by hand to match ``app/storage/models.py`` (``tests/storage/test_migrations.py`` checks
that the two agree). Tables are created parents first so the foreign keys read top to bottom.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "teams",
    "workers",
    "families",
    "children",
    "allocations",
    "legal_statuses",
    "flags",
    "events",
    "file_items",
    "transfers",
    "transfer_steps",
    "key_question_answers",
    "overrides",
    "audits",
    "audit_answers",
    "disagreements",
    "closure_days",
    "settings",
    "audit_log",
)


def _text(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=nullable)


def _long(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _date(name: str, nullable: bool = True) -> sa.Column[date]:
    return sa.Column(name, sa.Date(), nullable=nullable)


def _when(name: str, nullable: bool = True) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def _int(name: str, nullable: bool = True) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=op.f(f"pk_{table}"))


def _one_of(table: str, column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f'"{column}" IN ({allowed})', name=op.f(f"ck_{table}_{column}"))


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns))


def upgrade() -> None:
    """Create every table of the first version."""
    _people()
    _case_record()
    _transfers()
    _audits_and_disagreements()
    _bookkeeping()


def _people() -> None:
    op.create_table(
        "teams",
        _text("id"),
        _text("name"),
        _text("kind"),
        _pk("teams", "id"),
    )
    op.create_table(
        "workers",
        _text("id"),
        _text("name"),
        _text("team_id"),
        _text("role"),
        sa.Column("active", sa.Boolean(), nullable=False),
        _fk("workers", "team_id", "teams"),
        _pk("workers", "id"),
    )
    _index("workers", "team_id")
    op.create_table("families", _text("id"), _text("name"), _pk("families", "id"))
    op.create_table(
        "children",
        _text("id"),
        _text("given_name"),
        _text("family_name"),
        _date("dob"),
        _date("expected_dob"),
        _text("sex"),
        sa.Column("disability", sa.Boolean(), nullable=False),
        sa.Column("uasc", sa.Boolean(), nullable=False),
        _text("family_id", True),
        _text("team_id"),
        _text("worker_id", True),
        _int("tier"),
        _when("created_at", False),
        _when("updated_at", False),
        _fk("children", "family_id", "families"),
        _fk("children", "team_id", "teams"),
        _fk("children", "worker_id", "workers"),
        _pk("children", "id"),
    )
    _index("children", "family_id")
    _index("children", "family_name", "given_name")
    _index("children", "team_id")
    _index("children", "worker_id")


def _case_record() -> None:
    op.create_table(
        "allocations",
        _int("id", False),
        _text("child_id"),
        _text("team_id"),
        _text("worker_id", True),
        _date("start", False),
        _date("end"),
        _long("reason"),
        _fk("allocations", "child_id", "children"),
        _fk("allocations", "team_id", "teams"),
        _fk("allocations", "worker_id", "workers"),
        _pk("allocations", "id"),
    )
    _index("allocations", "child_id")
    op.create_table(
        "legal_statuses",
        _int("id", False),
        _text("child_id"),
        _text("code"),
        _date("start", False),
        _date("end"),
        _fk("legal_statuses", "child_id", "children"),
        _pk("legal_statuses", "id"),
    )
    _index("legal_statuses", "child_id", "end")
    op.create_table(
        "flags",
        _text("child_id"),
        _text("flag"),
        _date("set_on", False),
        _fk("flags", "child_id", "children"),
        _pk("flags", "child_id", "flag"),
    )
    op.create_table(
        "events",
        _int("id", False),
        _text("child_id"),
        _text("kind"),
        _date("on", False),
        _when("at"),
        _int("number"),
        _text("team_id", True),
        _long("note"),
        _fk("events", "child_id", "children"),
        _fk("events", "team_id", "teams"),
        _pk("events", "id"),
    )
    _index("events", "child_id", "kind")
    op.create_table(
        "file_items",
        _text("child_id"),
        _text("kind"),
        _date("updated"),
        _long("note"),
        _fk("file_items", "child_id", "children"),
        _pk("file_items", "child_id", "kind"),
    )


def _transfers() -> None:
    statuses = ("draft", "proposed", "agreed", "completed", "withdrawn", "disputed")
    op.create_table(
        "transfers",
        _int("id", False),
        _text("child_id"),
        _text("group_id", True),
        _text("pathway_id"),
        _text("pack_id"),
        _text("pack_version"),
        _text("status"),
        _text("from_team"),
        _text("to_team", True),
        _text("receiving_worker_id", True),
        _date("proposed_on"),
        _date("agreed_on"),
        _date("transfer_date"),
        _date("completed_on"),
        _text("transfer_point_event", True),
        _date("co_working_start"),
        _date("co_working_end"),
        _date("joint_visit_on"),
        _date("goodbye_visit_on"),
        _long("notes"),
        _long("draft_json", True),
        _when("created_at", False),
        _when("updated_at", False),
        _one_of("transfers", "status", statuses),
        _fk("transfers", "child_id", "children"),
        _fk("transfers", "from_team", "teams"),
        _fk("transfers", "to_team", "teams"),
        _fk("transfers", "receiving_worker_id", "workers"),
        _pk("transfers", "id"),
    )
    _index("transfers", "child_id", "status")
    _index("transfers", "group_id")
    op.create_table(
        "transfer_steps",
        _int("id", False),
        _int("transfer_id", False),
        _text("step_id"),
        _date("done_on"),
        _text("who"),
        _long("outcome"),
        _long("notes"),
        _fk("transfer_steps", "transfer_id", "transfers"),
        _pk("transfer_steps", "id"),
    )
    _index("transfer_steps", "transfer_id")
    op.create_table(
        "key_question_answers",
        _int("transfer_id", False),
        _text("question_id"),
        _long("answer"),
        _fk("key_question_answers", "transfer_id", "transfers"),
        _pk("key_question_answers", "transfer_id", "question_id"),
    )
    op.create_table(
        "overrides",
        _int("id", False),
        _int("transfer_id", False),
        _text("rule_id"),
        _text("authoriser"),
        _text("role"),
        _long("reason"),
        _date("on", False),
        _fk("overrides", "transfer_id", "transfers"),
        _pk("overrides", "id"),
    )
    _index("overrides", "transfer_id")


def _audits_and_disagreements() -> None:
    op.create_table(
        "audits",
        _int("id", False),
        _text("child_id"),
        _int("transfer_id"),
        _text("checklist_id"),
        _text("pack_id"),
        _text("pack_version"),
        _text("stage"),
        _date("started_on", False),
        _date("completed_on"),
        _text("by"),
        _one_of("audits", "stage", ("sending", "receiving")),
        _fk("audits", "child_id", "children"),
        _fk("audits", "transfer_id", "transfers"),
        _pk("audits", "id"),
    )
    _index("audits", "child_id")
    _index("audits", "transfer_id")
    op.create_table(
        "audit_answers",
        _int("audit_id", False),
        _text("item_id"),
        _text("state"),
        _long("evidence"),
        _date("on"),
        _text("by"),
        _one_of("audit_answers", "state", ("met", "gap", "not_applicable")),
        _fk("audit_answers", "audit_id", "audits"),
        _pk("audit_answers", "audit_id", "item_id"),
    )
    # No child_id, on purpose: a disagreement is never written on the child's record.
    op.create_table(
        "disagreements",
        _int("id", False),
        _int("transfer_id", False),
        _when("raised_at", False),
        _text("raised_by"),
        _long("subject"),
        _int("level", False),
        _when("escalated_at"),
        _date("resolved_on"),
        _long("resolution"),
        _fk("disagreements", "transfer_id", "transfers"),
        _pk("disagreements", "id"),
    )
    _index("disagreements", "transfer_id")


def _bookkeeping() -> None:
    op.create_table(
        "closure_days",
        _date("day", False),
        _text("label"),
        _pk("closure_days", "day"),
    )
    op.create_table("settings", _text("key"), _long("value"), _pk("settings", "key"))
    op.create_table(
        "audit_log",
        _int("id", False),
        _when("at", False),
        _text("user"),
        _text("action"),
        _text("entity"),
        _text("entity_id"),
        _long("before_json", True),
        _long("after_json", True),
        _one_of("audit_log", "action", ("insert", "update", "delete")),
        _pk("audit_log", "id"),
    )
    _index("audit_log", "entity", "entity_id")


def downgrade() -> None:
    """Drop every table (children's data included): only for development."""
    for table in reversed(TABLES):
        op.drop_table(table)
