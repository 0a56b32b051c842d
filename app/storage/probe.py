"""Cheap looks at a caseload file, with the standard library only: its header and the schema
revisions this app knows.

The first window decides from these whether it may read the register at once with plain
``sqlite3`` (:mod:`app.storage.register_reader`) before SQLAlchemy has even been imported;
:mod:`app.storage.database` and :mod:`app.storage.crypto` use the same functions.
"""

from __future__ import annotations

import re
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
#: ``revision = "0003"`` and ``down_revision = "0002"`` (or ``None``) in a revision file.
_REVISION_LINE = re.compile(
    r"^(?P<name>revision|down_revision)\s*(?::[^=]*)?=\s*(?:[\"'](?P<id>[^\"']+)[\"']|None)",
    re.MULTILINE,
)


def read_header(path: Path) -> bytes:
    """The first 16 bytes of ``path`` (fewer for a short or missing file)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return b""


def looks_encrypted(path: Path) -> bool:
    """Whether ``path`` is page-sized data without the SQLite header, as SQLCipher writes."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    return size >= 512 and size % 512 == 0 and not read_header(path).startswith(SQLITE_HEADER)


def head_revision() -> str:
    """The newest schema revision this app knows.

    Read from the revision files' ``revision`` / ``down_revision`` lines rather than through
    Alembic, so opening a database that is already up to date never imports Alembic (the tests
    check this agrees with Alembic's own ScriptDirectory).
    """
    links = _revision_links()
    heads = set(links) - {down for down in links.values() if down is not None}
    assert len(heads) == 1, f"the migrations must have exactly one head, not {sorted(heads)}"
    return next(iter(heads))


def known_revisions() -> frozenset[str]:
    """Every schema revision this app knows."""
    return frozenset(_revision_links())


def _revision_links() -> dict[str, str | None]:
    """Each revision in the migrations folder mapped to the revision it follows."""
    links: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("[!_]*.py")):
        found = {
            match["name"]: match["id"]
            for match in _REVISION_LINE.finditer(script.read_text(encoding="utf-8"))
        }
        assert "revision" in found, f"{script.name} names no revision"
        links[str(found["revision"])] = found.get("down_revision")
    return links
