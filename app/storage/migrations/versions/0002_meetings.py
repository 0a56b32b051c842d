"""Transfer meetings: sittings, agenda items with their decisions, attendance and actions.

Written by hand to match ``app/storage/meeting_models.py`` (``tests/storage/test_migrations.py``
checks that the two agree). Only new tables: no existing table is altered, so no data moves.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("meetings", "meeting_items", "meeting_attendees", "meeting_actions")


def _text(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=nullable)


def _long(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False)


def _date(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.Date(), nullable=nullable)


def _int(name: str, nullable: bool = True) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _one_of(table: str, column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f'"{column}" IN ({allowed})', name=op.f(f"ck_{table}_{column}"))


def _unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    """Create the four meeting tables."""
    _meetings()
    _items()
    _attendees_and_actions()


def _meetings() -> None:
    op.create_table(
        "meetings",
        _int("id", False),
        _text("meeting_type"),
        _text("area"),
        _text("pack_id"),
        _text("pack_version"),
        _date("scheduled_on", False),
        _date("held_on", False),
        _text("status"),
        _text("chair"),
        _long("notes"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _one_of("meetings", "status", ("planned", "held", "cancelled")),
        _unique("meetings", "meeting_type", "area", "held_on"),
        _pk("meetings"),
    )


def _items() -> None:
    op.create_table(
        "meeting_items",
        _int("id", False),
        _int("meeting_id", False),
        _text("child_id"),
        _int("position", False),
        _text("origin"),
        _flag("removed"),
        _flag("late"),
        _long("reasons_json"),
        _text("decision", True),
        _int("transfer_id"),
        _text("receiving_team", True),
        _text("receiving_worker_id", True),
        _date("transfer_date"),
        _date("joint_visit_on"),
        _long("notes"),
        _one_of("meeting_items", "origin", ("auto", "manual")),
        _one_of("meeting_items", "decision", ("agreed", "deferred", "declined")),
        _unique("meeting_items", "meeting_id", "child_id"),
        _fk("meeting_items", "meeting_id", "meetings"),
        _fk("meeting_items", "child_id", "children"),
        _fk("meeting_items", "transfer_id", "transfers"),
        _fk("meeting_items", "receiving_team", "teams"),
        _fk("meeting_items", "receiving_worker_id", "workers"),
        _pk("meeting_items"),
    )
    _index("meeting_items", "child_id")


def _attendees_and_actions() -> None:
    op.create_table(
        "meeting_attendees",
        _int("id", False),
        _int("meeting_id", False),
        _text("name"),
        _text("role"),
        _text("team"),
        _flag("present"),
        _fk("meeting_attendees", "meeting_id", "meetings"),
        _pk("meeting_attendees"),
    )
    _index("meeting_attendees", "meeting_id")
    op.create_table(
        "meeting_actions",
        _int("id", False),
        _int("meeting_id", False),
        _int("item_id"),
        sa.Column("text", sa.Text(), nullable=False),
        _text("owner"),
        _date("due_on"),
        _date("done_on"),
        _fk("meeting_actions", "meeting_id", "meetings"),
        _fk("meeting_actions", "item_id", "meeting_items"),
        _pk("meeting_actions"),
    )
    _index("meeting_actions", "meeting_id")
    _index("meeting_actions", "item_id")


def downgrade() -> None:
    """Drop the meeting tables (their minutes and actions with them): only for development."""
    for table in reversed(TABLES):
        op.drop_table(table)
