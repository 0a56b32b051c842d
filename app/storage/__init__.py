"""The case store: SQLite through SQLAlchemy 2 and Alembic (the only package that imports them).

Open with :func:`app.storage.database.open_database`, work in a
:class:`app.storage.uow.UnitOfWork`, read and write through its repositories. Errors of the
environment arrive as :class:`app.storage.errors.StorageError`. This ``__init__`` imports
nothing, so SQLAlchemy is only loaded by code that opens a database.
"""
