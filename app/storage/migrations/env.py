"""Alembic environment: migrates the connection handed over by ``app.storage.database``.

``open_database`` puts an open SQLAlchemy connection in ``config.attributes["connection"]``, so
nothing here depends on the working directory or an ``alembic.ini``. Developers make a new
revision with ``python -m app.storage.migrate revision "message" --db PATH`` (see README).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from app.storage.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite can only ALTER by copying the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Run the migrations on the given connection, or on ``sqlalchemy.url`` if none."""
    connection = context.config.attributes.get("connection")
    if isinstance(connection, Connection):
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("No connection: run migrations through app.storage.database")
    with create_engine(url).connect() as own:
        _run(own)


main()
