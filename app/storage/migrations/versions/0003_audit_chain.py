"""The audit trail becomes a hash chain, and append-only.

Adds ``audit_log.prev_hash`` and ``audit_log.row_hash`` (see ``app/storage/chain.py``), seals the
rows already there in id order, then adds three triggers: UPDATE and DELETE of an audit row are
refused, and so is an INSERT that does not continue the chain (wrong id, wrong ``prev_hash`` or
no ``row_hash``), so a code path that forgot to link its rows fails loudly instead of breaking
the chain.

A later migration that rebuilds ``audit_log`` (batch mode copies the table) loses the triggers
with the old table and must create them again from :data:`TRIGGERS`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.storage.chain import GENESIS, HASHED, row_hash

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = {
    "audit_log_no_update": (
        "BEFORE UPDATE ON audit_log BEGIN "
        "SELECT RAISE(ABORT, 'the audit log is append-only: its rows cannot be changed'); END"
    ),
    "audit_log_no_delete": (
        "BEFORE DELETE ON audit_log BEGIN "
        "SELECT RAISE(ABORT, 'the audit log is append-only: its rows cannot be deleted'); END"
    ),
    "audit_log_chained_insert": (
        "BEFORE INSERT ON audit_log "
        "WHEN NEW.row_hash IS NULL "
        f"OR NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM audit_log) "
        f"OR NEW.prev_hash IS NOT coalesce("
        f"(SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1), '{GENESIS}') "
        "BEGIN SELECT RAISE(ABORT, 'an audit row must continue the hash chain'); END"
    ),
}


def upgrade() -> None:
    """Add the chain columns, seal the existing rows, then make the table append-only."""
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(), nullable=True))
        batch.add_column(sa.Column("row_hash", sa.String(), nullable=True))
    _seal_existing_rows()
    with op.batch_alter_table("audit_log", recreate="always") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(), nullable=False)
        batch.alter_column("row_hash", existing_type=sa.String(), nullable=False)
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def _seal_existing_rows() -> None:
    """Chain the rows written before this version, oldest first, exactly as the app would."""
    bind = op.get_bind()
    columns = ", ".join(name for name in HASHED if name != "prev_hash")
    rows = bind.exec_driver_sql(f"SELECT {columns} FROM audit_log ORDER BY id").fetchall()
    previous, updates = GENESIS, []
    for row in rows:
        current = row_hash([*row, previous])
        updates.append({"id": row[0], "prev": previous, "hash": current})
        previous = current
    if updates:
        bind.execute(
            sa.text("UPDATE audit_log SET prev_hash = :prev, row_hash = :hash WHERE id = :id"),
            updates,
        )


def downgrade() -> None:
    """Drop the triggers and the chain columns (development only)."""
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
