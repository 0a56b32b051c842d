"""Bulk loading for the importer and the demo generator: Core INSERT, ``executemany``, one
transaction.

The ORM path (and its per-row audit listener) costs many times a plain ``executemany``, so a
100,000-child load comes through here. The INSERT for each table is built and compiled by
SQLAlchemy with named parameters, then run with ``executemany`` on the session's own DBAPI cursor
(same connection, same transaction, foreign keys checked), which reads each row dict directly;
dates go in as the ISO text SQLAlchemy itself writes. SQLAlchemy's per-row parameter processing
tripled the time of a load, which must stay within a small factor of a plain sqlite3
``executemany``.

**Audit.** In place of one audit row per inserted row, a load writes **one** ``audit_log`` row:
action ``insert``, entity ``children``, entity_id ``bulk:<n>`` and ``after_json`` holding the
caller's summary ("imported 120 children from march.csv"), the row count per table and the ids
of the children loaded. That is the documented exception to "one audit row per changed row";
everything written through the repositories is audited row by row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Table,
    bindparam,
    insert,
    literal,
    literal_column,
)
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.orm import Session

from app.storage.audit import audit_row, write_audit_rows
from app.storage.models import (
    AllocationRow,
    ChildRow,
    Disagreement,
    EventRow,
    Family,
    FileItemRow,
    FlagRow,
    LegalStatusRow,
    Team,
    TransferRow,
    Worker,
    table_of,
    utcnow,
)

Rows = Sequence[Mapping[str, Any]]

#: The tables a bulk load may fill, in an order that satisfies their foreign keys.
BULK_TABLES: dict[str, Table] = {
    table_of(model).name: table_of(model)
    for model in (
        Team,
        Worker,
        Family,
        ChildRow,
        AllocationRow,
        LegalStatusRow,
        FlagRow,
        EventRow,
        FileItemRow,
        TransferRow,  # the demo's disputed transfers, with their ids given
        Disagreement,
    )
}


def bulk_insert(session: Session, rows: Mapping[str, Rows], *, summary: str = "") -> dict[str, int]:
    """Insert ``rows`` (table name → list of dicts keyed by column name) and audit the load.

    Every dict for one table must have the same keys; columns left out get their model default
    (the same value for every row of the load, e.g. one ``created_at``). Runs in the session's
    transaction: nothing is written unless the unit of work commits. Returns rows per table.
    """
    unknown = set(rows) - set(BULK_TABLES)
    if unknown:
        raise ValueError(f"bulk_insert cannot fill {sorted(unknown)}")
    connection = session.connection()
    counts: dict[str, int] = {}
    for name, table in BULK_TABLES.items():
        batch = rows.get(name)
        if batch:
            _insert_many(connection, table, batch)
            counts[name] = len(batch)
    children = [str(row["id"]) for row in rows.get("children", ())]
    after = {"summary": summary, "counts": counts, "child_ids": children}
    user = str(session.info.get("user", "unknown"))
    entity_id = f"bulk:{len(children)}"
    write_audit_rows(session, [audit_row(user, "insert", "children", entity_id, None, after)])
    return counts


def _insert_many(connection: Connection, table: Table, rows: Rows) -> None:
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.executemany(_statement(table, list(rows[0])), rows)


def _statement(table: Table, given: list[str]) -> str:
    """``INSERT INTO t (a, b, created_at) VALUES (:a, :b, '2026-…')``: named parameters for the
    given columns (sqlite3 reads them straight from each row dict), model defaults as literals."""
    values: dict[str, Any] = {key: bindparam(key) for key in given}
    now = utcnow()  # one timestamp for every row and column of the load
    for column in table.columns:
        if column.name not in values and column.default is not None:
            values[column.name] = literal_column(_literal(column, now))
    return str(insert(table).values(values).compile(dialect=_NAMED))


def _literal(column: Column[Any], now: datetime) -> str:
    """The column's Python-side default as SQL text, worked out once for the whole load."""
    default: Any = column.default
    if default.is_callable:
        value = now if isinstance(column.type, DateTime) else default.arg(None)
    else:
        value = default.arg
    rendered = literal(value, column.type).compile(
        dialect=_NAMED, compile_kwargs={"literal_binds": True}
    )
    return str(rendered)


def _datetime_text(value: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite dialect writes it (always with microseconds)."""
    return value.isoformat(" ", timespec="microseconds")


_NAMED = SQLiteDialect_pysqlite(paramstyle="named")
# sqlite3 writes dates in the row dicts through these adapters: the same ISO text SQLAlchemy
# writes (registering them also avoids the default adapters deprecated in Python 3.12).
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(datetime, _datetime_text)
