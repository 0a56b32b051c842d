"""The audit trail as a hash chain: each ``audit_log`` row seals the one before it.

Every row carries ``prev_hash`` (the ``row_hash`` of the row before it; sixty-four zeros for
the first) and ``row_hash``, the SHA-256 of a canonical serialisation of the row::

    ["transfer-desk/audit/1", id, at, user, action, entity, entity_id,
     before_json, after_json, prev_hash]

as compact JSON in UTF-8, with ``at`` exactly as SQLite stores it (``2026-11-23 09:15:00.000000``)
and NULL as ``null``. :func:`link_rows` fills the three columns (``id`` included) in the same
transaction as the change the rows describe; the triggers of migration 0003 refuse any UPDATE or
DELETE of the table and any INSERT that does not continue the chain.

What the chain proves, and what it does not: an edit, a deletion or an insertion in the middle
breaks it at that row, and :func:`verify_chain` names the first broken row. Cutting rows off the
end, or rewriting every hash after an edit, leaves a chain that is consistent on its own; that
is caught against a *head* recorded elsewhere earlier (printed on each PDF by
:func:`chain_head`, kept in each backup), which the rewritten chain no longer contains.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from app.storage.models import AuditLog, table_of

if TYPE_CHECKING:
    from app.storage.database import Database

GENESIS = "0" * 64
DOMAIN = "transfer-desk/audit/1"
#: The columns hashed, in order (``row_hash`` itself excluded).
HASHED = (
    "id",
    "at",
    "user",
    "action",
    "entity",
    "entity_id",
    "before_json",
    "after_json",
    "prev_hash",
)
_SELECT = f"SELECT {', '.join(HASHED)}, row_hash FROM audit_log ORDER BY id"
_LAST = "SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1"
#: How many hex digits of the head hash are printed (80 bits: enough to show any rewrite).
PRINTED_DIGITS = 20
_PRINTED = re.compile(r"audit row (\d+) · chain ([0-9a-f]{8,64})")


def row_hash(values: Sequence[object]) -> str:
    """The SHA-256 (hex) of one row's hashed columns, given in :data:`HASHED` order."""
    text = json.dumps([DOMAIN, *values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainHead:
    """The last row of the chain: its id and hash (row 0 and :data:`GENESIS` when empty)."""

    row_id: int
    row_hash: str

    def __str__(self) -> str:
        return f"audit row {self.row_id} · chain {self.row_hash[:PRINTED_DIGITS]}"

    def matches(self, row_id: int, full_hash: str) -> bool:
        """Whether row ``row_id`` with ``full_hash`` is this head (a printed head is a prefix)."""
        return row_id == self.row_id and full_hash.startswith(self.row_hash)


def parse_head(text: str) -> ChainHead:
    """A head from its printed form ``audit row 123 · chain 9f86d081…``; ValueError if not one."""
    found = _PRINTED.search(text.strip())
    if found is None:
        raise ValueError(f"{text!r} is not an audit chain head (audit row N · chain HEX)")
    return ChainHead(int(found.group(1)), found.group(2))


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a check: ``ok``, rows read, the head, and the first broken row if any."""

    rows: int
    head: ChainHead
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        """True when every row and every anchor checked out."""
        return self.broken_id is None

    def __str__(self) -> str:
        if self.ok:
            return f"audit trail intact: {self.rows} rows, {self.head}"
        return f"audit trail broken at row {self.broken_id}: {self.reason}"


def link_rows(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Give prepared audit rows their ``id``, ``prev_hash`` and ``row_hash``, continuing the chain.

    Call on the connection (and in the transaction) that will insert the rows: the head is read
    there, after the change itself has taken SQLite's write lock, so no other writer can slip a
    row in between.
    """
    head = _head(connection)
    stored = _stored_datetime(connection)
    previous, next_id = head.row_hash, head.row_id + 1
    for row in rows:
        row["id"], row["prev_hash"] = next_id, previous
        values = [row[name] for name in HASHED]
        values[1] = stored(row["at"])
        row["row_hash"] = previous = row_hash(values)
        next_id += 1


def check_rows(rows: Iterable[Sequence[Any]], anchors: Iterable[ChainHead] = ()) -> ChainReport:
    """Walk rows of ``(*HASHED, row_hash)`` in id order; report the first that breaks the chain.

    Each ``anchor`` (a head recorded earlier) must still be in the chain with the same hash.
    """
    wanted = {anchor.row_id: anchor for anchor in anchors}
    seen: dict[int, str] = {}
    head, count = ChainHead(0, GENESIS), 0
    for row in rows:
        row_id, prev, stored = row[0], row[-2], row[-1]
        if prev != head.row_hash:
            return ChainReport(count, head, row_id, "it does not follow the row before it")
        if stored != row_hash(row[:-1]):
            return ChainReport(count, head, row_id, "its contents do not match its hash")
        if row_id in wanted:
            seen[row_id] = stored
        head, count = ChainHead(int(row_id), stored), count + 1
    return _check_anchors(count, head, wanted, seen)


def _check_anchors(
    count: int, head: ChainHead, wanted: dict[int, ChainHead], seen: dict[int, str]
) -> ChainReport:
    for row_id in sorted(wanted):
        anchor = wanted[row_id]
        if row_id not in seen:
            reason = f"it was recorded as the head ({anchor}) and is now missing"
            return ChainReport(count, head, row_id, reason)
        if not anchor.matches(row_id, seen[row_id]):
            reason = f"it was recorded as {anchor} and has been rewritten since"
            return ChainReport(count, head, row_id, reason)
    return ChainReport(count, head)


def verify_connection(connection: Any, anchors: Iterable[ChainHead] = ()) -> ChainReport:
    """Check the chain through a DBAPI connection (sqlite3 or SQLCipher), e.g. on a backup."""
    return check_rows(connection.execute(_SELECT), anchors)


def verify_chain(database: Database, anchors: Iterable[ChainHead] = ()) -> ChainReport:
    """Check the whole audit trail of ``database``; the report names the first broken row."""
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql(_SELECT)
        return check_rows((tuple(row) for row in rows), anchors)


def chain_head(database: Database) -> str:
    """The chain's head as printed on every PDF (``audit row 123 · chain 9f86d081…``)."""
    with database.engine.connect() as connection:
        return str(_head(connection))


def head_of(connection: Any) -> ChainHead:
    """The last row's id and hash through a DBAPI connection (row 0 for an empty trail)."""
    return _as_head(connection.execute(_LAST).fetchone())


def _head(connection: Connection) -> ChainHead:
    return _as_head(connection.exec_driver_sql(_LAST).first())


def _as_head(row: Any) -> ChainHead:
    return ChainHead(0, GENESIS) if row is None else ChainHead(int(row[0]), str(row[1]))


def _stored_datetime(connection: Connection) -> Any:
    """The function turning a datetime into the text SQLite stores for ``audit_log.at``."""
    column_type = table_of(AuditLog).c.at.type.dialect_impl(connection.dialect)
    process = column_type.bind_processor(connection.dialect)

    def stored(value: datetime | str) -> str:
        if isinstance(value, str) or process is None:
            return str(value)
        return str(process(value))

    return stored


__all__ = [
    "GENESIS",
    "HASHED",
    "ChainHead",
    "ChainReport",
    "chain_head",
    "check_rows",
    "head_of",
    "link_rows",
    "parse_head",
    "row_hash",
    "verify_chain",
    "verify_connection",
]
