"""Storage speed on 100,000 generated children (not in the default run).

Run with ``.venv/bin/pytest -m benchmark -s tests/storage/test_storage_benchmark.py``. Each
figure is compared with plain ``sqlite3`` doing the same work on the same schema in the same run,
because the machines are shared and noisy: the ratios matter, the seconds are for the note.
"""

from __future__ import annotations

import gc
import sqlite3
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from app.storage.database import open_database
from app.storage.uow import UnitOfWork
from tests.storage.generate import Tables, caseload

pytestmark = pytest.mark.benchmark
CHILDREN = 100_000
ORDER = ("teams", "workers", "families", "children", "allocations", "legal_statuses", "flags",
         "events", "file_items")  # fmt: skip
READ = ("children", "legal_statuses", "flags", "events", "file_items", "allocations")


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def plain_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(" ")
    return value.isoformat() if isinstance(value, date) else value


def plain_insert(path: Path, tables: Tables) -> None:
    """The floor: the same rows, as tuples, by sqlite3 executemany in one transaction.

    Columns the store fills itself (timestamps, empty notes) are filled here the same way.
    """
    now = datetime.now()
    filled = {
        "children": {"created_at": now, "updated_at": now},
        "events": {"note": ""},
        "file_items": {"note": ""},
    }
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("BEGIN")
    for name in ORDER:
        extra = filled.get(name, {})
        rows = [{**row, **extra} for row in tables[name]] if extra else tables[name]
        columns = list(rows[0])
        marks = ", ".join("?" * len(columns))
        quoted = ", ".join(f'"{c}"' for c in columns)
        connection.executemany(
            f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})',
            ([plain_value(row[c]) for c in columns] for row in rows),
        )
    connection.execute("COMMIT")
    connection.close()


def plain_scan(path: Path) -> int:
    """The floor for reading: every row the snapshots need, touched in a Python loop."""
    seen = 0
    connection = sqlite3.connect(path)
    for name in READ:
        for row in connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
            seen += len(row)
    connection.close()
    return seen


def write_both(floor_path: Path, ours_path: Path) -> tuple[int, float, float]:
    """Write the same generated caseload both ways; returns (rows, ours s, plain s)."""
    tables = caseload(CHILDREN)
    for path in (floor_path, ours_path):
        open_database(path).close()  # both at head: same tables, indexes and keys
    floor = timed(lambda: plain_insert(floor_path, tables))
    with open_database(ours_path) as database:

        def write() -> None:
            with UnitOfWork(database, "benchmark") as uow:
                uow.cases.bulk_insert(tables, summary="benchmark")
                uow.commit()

        written = timed(write)
    return sum(len(v) for v in tables.values()), written, floor


def test_write_and_read_100k_children(tmp_path: Path) -> None:
    floor_path, ours_path = tmp_path / "plain.sqlite3", tmp_path / "ours.sqlite3"
    rows, written, floor = write_both(floor_path, ours_path)
    gc.collect()  # the generated rows are gone: read as the app would, after a fresh open

    with open_database(ours_path) as database:

        def read() -> int:
            with UnitOfWork(database, "benchmark") as uow:
                return sum(1 for _ in uow.cases.snapshots())

        assert read() == CHILDREN
        read_time = min(timed(read) for _ in range(2))
    scan = min(timed(lambda: plain_scan(ours_path)) for _ in range(2))
    print(
        f"\n{CHILDREN:,} children ({rows:,} rows): bulk_insert {written:.2f} s vs sqlite3 "
        f"executemany {floor:.2f} s ({written / floor:.2f}x); snapshots() {read_time:.2f} s vs "
        f"plain scan {scan:.2f} s ({read_time / scan:.2f}x)"
    )
    assert written / floor <= 5.0
