"""Core speed, as ratios measured in one run (the machines are shared and noisy).

Run with ``pytest -m benchmark -s tests/benchmarks/test_core_benchmark.py``.
"""

from __future__ import annotations

import csv
import sqlite3
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from app.services.caseload import caseload_audit
from app.services.exporting import export_caseload
from app.services.loading import import_file, make_demo
from app.services.workspace import create_workspace, open_workspace

pytestmark = pytest.mark.benchmark
PACK = "case-transfer-policy-2021"
CASES = 100_000
AUDIT_TABLES = ("children", "legal_statuses", "flags", "events", "file_items", "audit_answers")


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.sqlite3"
    start = time.perf_counter()
    make_demo(path, PACK, CASES, date.today())
    print(f"\nmade a {CASES:,}-case demo in {time.perf_counter() - start:.1f} s")
    return path


def plain_scan(path: Path) -> int:
    """The floor: read the rows the audit reads with sqlite3 and touch each in a Python loop."""
    seen = 0
    with sqlite3.connect(path) as conn:
        for table in AUDIT_TABLES:
            for row in conn.execute(f"SELECT * FROM {table}"):
                seen += len(row)
    return seen


def test_whole_caseload_audit_within_3x_of_a_plain_scan(big: Path) -> None:
    ws = open_workspace(big)
    today = date.today()
    floor = best_of(3, lambda: plain_scan(big))
    audit = best_of(2, lambda: caseload_audit(ws, today))
    ratio = audit / floor
    print(f"\naudit of {CASES:,} cases: {audit:.2f} s; plain scan {floor:.2f} s; {ratio:.2f}x")
    assert ratio <= 3.0


def test_import_within_5x_of_plain_executemany(big: Path, tmp_path: Path) -> None:
    """Two floors: the CSV's rows into one bare table (the issue's reading), and the same rows
    into the app's own tables with their keys and indexes (what any importer must maintain)."""
    source = tmp_path / "caseload.csv"
    with open_workspace(big).unit_of_work() as uow:
        export_caseload(uow.cases.snapshots(), source, date.today().isoformat())
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, data = rows[0], rows[1:]
    imported_db = tmp_path / "first.sqlite3"
    assert import_file(imported_db, source, PACK, date.today()) == len(data)
    tables = _rows_by_table(imported_db)

    def bare() -> None:
        target = tmp_path / f"plain-{time.perf_counter_ns()}.sqlite3"
        with sqlite3.connect(target) as conn:
            conn.execute(f"CREATE TABLE t ({', '.join(f'c{i} TEXT' for i in range(len(header)))})")
            conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(header))})", data)

    def same_schema() -> None:
        target = tmp_path / f"schema-{time.perf_counter_ns()}.sqlite3"
        create_workspace(target, PACK).database.close()  # migrated, empty; not timed below
        with sqlite3.connect(target) as conn:
            conn.execute("PRAGMA foreign_keys=ON")
            start = time.perf_counter()
            for table, table_rows in tables.items():
                marks = ", ".join("?" * len(table_rows[0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)
            conn.commit()
            elapsed.append(time.perf_counter() - start)

    def ours() -> None:
        target = tmp_path / f"ours-{time.perf_counter_ns()}.sqlite3"
        assert import_file(target, source, PACK, date.today()) == len(data)

    elapsed: list[float] = []
    floor = best_of(3, bare)
    for _ in range(2):
        same_schema()
    schema_floor = min(elapsed)
    imported = best_of(2, ours)
    print(
        f"\nimport of {len(data):,} rows: {imported:.2f} s; bare-table executemany {floor:.2f} s"
        f" ({imported / floor:.1f}x); same-schema executemany {schema_floor:.2f} s"
        f" ({imported / schema_floor:.2f}x)"
    )
    assert imported / schema_floor <= 5.0


def _rows_by_table(path: Path) -> dict[str, list[tuple[object, ...]]]:
    order = ("teams", "workers", "families", "children", "legal_statuses", "flags")
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in order}
