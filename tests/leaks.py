"""Nothing leaks (issue 7): a planted fictional child, and a scanner that looks for that child's
name everywhere the test run left files that are not meant to hold it.

``tests/conftest.py`` gives every demo caseload the planted child (:func:`plant`), sends the run's
temporary files to a private folder, records every log record and every test's captured stderr
(where a crash report is printed) in that folder, and at the end of the session scans it all with
:func:`scan` (plus the user's Transfer Desk settings and log folders). A hit fails the run.

Files that are *meant* to carry names are not scanned: the case stores (SQLite files, their
journals and backups; an encrypted store holds no plain text), printed documents (PDF) and
caseload spreadsheets (CSV, XLSX: the import and export format). Everything else (logs, settings
and ``.ini`` files, lock files, caches, crash reports, calendar ``.ics`` files, anything unknown)
must not hold the name.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

#: The planted child: unmistakable, fictional, and in no word list.
PLANTED_GIVEN = "Quenby"
PLANTED_FAMILY = "Nothingleaks"
#: Which demo families are renamed to the planted family (their first child also takes the
#: planted given name): one in every five, so a demo of any size holds the planted child.
PLANT_EVERY = 5

#: Case stores and their journals: they hold the names by design.
SQLITE_HEADER = b"SQLite format 3\x00"
DATABASE_SUFFIXES = (".sqlite3-wal", ".sqlite3-shm", ".sqlite3-journal", "-wal", "-shm", "-journal")
#: Documents made for people to read or for a spreadsheet: they hold the names by design.
DOCUMENT_SUFFIXES = frozenset({".pdf", ".csv", ".xlsx"})
#: Larger files are read in pieces of this size (overlapping by the name's length).
CHUNK = 1 << 20


@dataclass(frozen=True)
class Leak:
    """The planted name found in a file that must not hold it."""

    path: Path
    found: str

    def __str__(self) -> str:
        return f"{self.path}: holds the planted name {self.found!r}"


def needles() -> list[tuple[str, bytes]]:
    """The planted names as bytes, in UTF-8 and UTF-16 (Windows tools write UTF-16), lower-case."""
    found = []
    for name in (PLANTED_FAMILY, PLANTED_GIVEN):
        for encoding in ("utf-8", "utf-16-le"):
            found.append((name, name.lower().encode(encoding)))
    return found


def plant(rows: Any) -> Any:
    """Rename every ``PLANT_EVERY``-th family of demo ``rows`` (a ``DemoRows``) to the planted
    family, and its first child to the planted child. Returns ``rows``, changed in place."""
    renamed: set[str] = set()
    for family in rows.tables["families"]:
        if int(family["id"][1:]) % PLANT_EVERY == 1:
            family["name"] = PLANTED_FAMILY
            renamed.add(family["id"])
    first_seen: set[str] = set()
    for child in rows.tables["children"]:
        if child["family_id"] in renamed:
            child["family_name"] = PLANTED_FAMILY
            if child["family_id"] not in first_seen:
                child["given_name"] = PLANTED_GIVEN
                first_seen.add(child["family_id"])
    return rows


def planting(build: Callable[..., Any]) -> Callable[..., Any]:
    """``build_demo`` with the planted child in every demo it builds."""

    def build_planted(pack: Any, cases: int, today: date, seed: int = 2026, **kw: Any) -> Any:
        return plant(build(pack, cases, today, seed, **kw))

    build_planted.__doc__ = build.__doc__
    build_planted.planted = True  # type: ignore[attr-defined]
    return build_planted


def holds_names_by_design(path: Path) -> bool:
    """Whether ``path`` is a case store or a document, which may hold names."""
    name = path.name.lower()
    if path.suffix.lower() in DOCUMENT_SUFFIXES or name.endswith(DATABASE_SUFFIXES):
        return True
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def leak_in(path: Path) -> Leak | None:
    """The planted name in ``path`` (any case, UTF-8 or UTF-16), if there."""
    wanted = needles()
    overlap = max(len(needle) for _, needle in wanted)
    tail = b""
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                window = (tail + chunk).lower()
                for name, needle in wanted:
                    if needle in window:
                        return Leak(path, name)
                tail = window[-overlap:]
    except OSError:  # gone, or not ours to read: nothing the app left there
        return None
    return None


def files_under(roots: Iterable[Path]) -> Iterator[Path]:
    """Every regular file under ``roots`` (symbolic links not followed)."""
    for root in roots:
        if root.is_file():
            yield root
        elif root.is_dir():
            yield from (p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def scan(roots: Iterable[Path]) -> list[Leak]:
    """Every file under ``roots`` that must not hold the planted name but does."""
    leaks = []
    for path in files_under(roots):
        if holds_names_by_design(path):
            continue
        leak = leak_in(path)
        if leak is not None:
            leaks.append(leak)
    return leaks


class Watch:
    """One test session's watch: its private temporary folder, its log and its stderr transcript.

    Made before any test runs; :meth:`scan` at the end; :meth:`close` removes the folder only when
    the run was clean (a failed run keeps it to look at).
    """

    def __init__(self, user_folders: Iterable[Path]) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="transfer-desk-tests-"))
        self.user_folders = list(user_folders)
        self.logs = self.folder / "logs"
        self.logs.mkdir()
        self.stderr = self.logs / "captured-stderr.log"
        self.handler = logging.FileHandler(self.logs / "session.log", encoding="utf-8")
        self.handler.setFormatter(
            logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
        )
        self.clean = False

    def start(self) -> None:
        """Send the run's temporary files (pytest's ``tmp_path``, the app's, Qt's, those of
        subprocesses) to the private folder, and every log record to the session log."""
        tempfile.tempdir = str(self.folder)
        for variable in ("TMPDIR", "TEMP", "TMP"):
            os.environ[variable] = str(self.folder)
        logging.getLogger().addHandler(self.handler)

    def keep_output(self, test: str, sections: Iterable[tuple[str, str]]) -> None:
        """Add a test's captured output to the transcript (standard output excepted: the
        command line prints a caseload there on purpose)."""
        kept = [text for title, text in sections if "stdout" not in title]
        if kept:
            with self.stderr.open("a", encoding="utf-8") as transcript:
                transcript.write(f"== {test}\n")
                transcript.writelines(text + "\n" for text in kept)

    def scan(self) -> list[Leak]:
        """The leaks in the private folder and the user's Transfer Desk folders."""
        self.handler.flush()
        return scan([self.folder, *self.user_folders])

    def close(self) -> None:
        logging.getLogger().removeHandler(self.handler)
        self.handler.close()
        if self.clean:
            shutil.rmtree(self.folder, ignore_errors=True)
