"""Agenda items are found by their place in a sitting's order through an index.

Adds ``ix_meeting_items_meeting_id_position`` (as ``app/storage/meeting_models.py`` declares it):
the end of a sitting's order (adding a case), an item's place and its neighbour (moving it) are
then read from the index instead of by scanning the sitting's items, whatever the agenda's
length. Only an index: no table is altered and no data moves.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_meeting_items_meeting_id_position"


def upgrade() -> None:
    """Index the items by sitting and position."""
    op.create_index(op.f(INDEX), "meeting_items", ["meeting_id", "position"])


def downgrade() -> None:
    """Drop the index (development only)."""
    op.drop_index(op.f(INDEX), table_name="meeting_items")
