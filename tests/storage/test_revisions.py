"""The schema revisions read from the migrations folder agree with Alembic's, and opening a
database that is already up to date does not import Alembic (half a second of start-up)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from app.storage import probe as file_probe
from app.storage.database import alembic_config, head_revision, known_revisions, open_database

ROOT = Path(__file__).resolve().parents[2]


def alembic_view() -> tuple[str | None, frozenset[str]]:
    script = ScriptDirectory.from_config(alembic_config())
    return script.get_current_head(), frozenset(r.revision for r in script.walk_revisions())


def test_the_shipped_revisions_agree_with_alembic() -> None:
    assert (head_revision(), known_revisions()) == alembic_view()


def test_a_new_revision_file_becomes_the_head_for_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = head_revision()
    folder = tmp_path / "migrations"
    shutil.copytree(file_probe.MIGRATIONS_DIR, folder)
    (folder / "versions" / "0999_later.py").write_text(
        f'"""Later."""\nrevision = "0999"\ndown_revision: str | None = "{current}"\n'
        "def upgrade():\n    pass\n\ndef downgrade():\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(file_probe, "MIGRATIONS_DIR", folder)
    assert head_revision() == "0999"
    assert (head_revision(), known_revisions()) == alembic_view()


def test_two_heads_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(file_probe.MIGRATIONS_DIR, folder)
    (folder / "versions" / "0998_branch.py").write_text(
        'revision = "0998"\ndown_revision = "0001"\n', encoding="utf-8"
    )
    monkeypatch.setattr(file_probe, "MIGRATIONS_DIR", folder)
    with pytest.raises(AssertionError, match="exactly one head"):
        head_revision()


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "current.sqlite3"
    open_database(path).close()  # created and migrated to head here
    probe = (
        "import sys\nfrom pathlib import Path\n"
        "from app.storage.database import open_database\n"
        f"open_database(Path({str(path)!r})).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "False"
