"""Alembic migrations of the case store; run by ``app.storage.database``, never by hand."""
