"""Developer tool for schema changes (the app itself migrates on open; users never run this).

``python -m app.storage.migrate check`` prints any difference between ``models.py`` and the
schema the migrations build (nothing when they agree).
``python -m app.storage.migrate revision "add transfer reasons"`` writes the next numbered
revision file, drafted by Alembic's autogenerate from that difference; read and tidy it before
committing, then run the storage tests.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.storage.database import alembic_config, head_revision, open_database
from app.storage.models import Base


def schema_differences(database_path: Path) -> list[object]:
    """Differences between the models and a database migrated to head at ``database_path``."""
    with open_database(database_path) as database, database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def _new_revision(message: str, folder: Path) -> None:
    with open_database(folder / "draft.sqlite3") as database, database.engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        next_id = f"{int(head_revision()) + 1:04d}"
        command.revision(config, message=message, autogenerate=True, rev_id=next_id)


def main(argv: list[str]) -> int:
    """Run ``check`` or ``revision MESSAGE``; returns the exit status."""
    with tempfile.TemporaryDirectory() as folder:
        if argv[:1] == ["check"]:
            differences = schema_differences(Path(folder) / "check.sqlite3")
            for difference in differences:
                print(difference)
            return 1 if differences else 0
        if len(argv) == 2 and argv[0] == "revision":
            _new_revision(argv[1], Path(folder))
            return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
