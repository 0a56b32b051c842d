"""The audit log: one ``audit_log`` row for every row inserted, updated or deleted.

The rows are written by a Session ``after_flush`` listener with a Core INSERT on the session's
own connection, so they commit or roll back together with the change they describe, each
hash-chained to the row before it (``app/storage/chain.py``). At that point
new rows already have their primary keys, and the attribute history still holds the values from
before the flush, so each audit row carries:

- ``entity``: the table name; ``entity_id``: the primary key (parts of a composite key joined
  with ``|``, e.g. ``C-0001|missing`` for a flag);
- ``before_json`` / ``after_json``: the changed columns only, as JSON with dates in ISO format
  (an insert has no before, a delete no after).

Bulk imports written with Core (``CaseRepository.bulk_insert_children``) bypass the listener and
write one summary row instead; see there. So does saving a built agenda
(``MeetingRepository.add_items``): one row naming every item it wrote, with its id, case,
place and reasons (``app/storage/meetings.py``, ``saved_items_audit``); and so does writing a
rebuilt agenda (``MeetingRepository.rebuild``, ``rebuilt_items_audit``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.state import InstanceState

from app.storage.chain import link_rows
from app.storage.models import AuditLog, table_of, utcnow

Values = dict[str, Any]


def install_audit_log(sessions: sessionmaker[Session]) -> None:
    """Audit every flush of the sessions made by ``sessions``."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "after_flush", _after_flush)


def write_audit_rows(session: Session, rows: list[Values]) -> None:
    """Insert prepared audit rows on the session's connection (same transaction), each one
    hash-chained to the row before it (``app/storage/chain.py``)."""
    if rows:
        connection = session.connection()
        link_rows(connection, rows)
        connection.execute(insert(table_of(AuditLog)), rows)


def audit_row(
    user: str, action: str, entity: str, entity_id: str, before: Values | None, after: Values | None
) -> Values:
    """One ``audit_log`` row as a dict ready for a Core insert."""
    return {
        "at": utcnow(),
        "user": user,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before_json": _to_json(before),
        "after_json": _to_json(after),
    }


def _before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    """Load any expired columns of rows about to be deleted, so their audit row is complete."""
    for obj in session.deleted:
        state = inspect(obj)
        for key in state.unloaded:
            getattr(obj, key)


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    user = str(session.info.get("user", "unknown"))
    rows: list[Values] = []
    for obj in session.new:
        rows.extend(_row(user, "insert", inspect(obj)))
    for obj in session.dirty:
        rows.extend(_row(user, "update", inspect(obj)))
    for obj in session.deleted:
        rows.extend(_row(user, "delete", inspect(obj)))
    write_audit_rows(session, rows)


def _row(user: str, action: str, state: InstanceState[Any]) -> list[Values]:
    mapper = state.mapper
    if mapper.class_ is AuditLog:
        return []
    if action == "update":
        before, after = _changes(state)
        if not after:
            return []
    elif action == "insert":
        before, after = None, _values(state)
    else:
        before, after = _values(state), None
    entity_id = "|".join(str(v) for v in mapper.primary_key_from_instance(state.obj()))
    return [audit_row(user, action, table_of(mapper.class_).name, entity_id, before, after)]


def _values(state: InstanceState[Any]) -> Values:
    out: Values = {}
    for attr in state.mapper.column_attrs:
        value = state.dict.get(attr.key)
        if value is not None:
            out[attr.columns[0].name] = value
    return out


def _changes(state: InstanceState[Any]) -> tuple[Values, Values]:
    before: Values = {}
    after: Values = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if not history.added and not history.deleted:
            continue
        name = attr.columns[0].name
        before[name] = history.deleted[0] if history.deleted else None
        after[name] = history.added[0] if history.added else None
        if before[name] == after[name]:
            del before[name], after[name]
    return before, after


def _to_json(values: Values | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, default=_plain, sort_keys=True, ensure_ascii=False)


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot record a {type(value).__name__} in the audit log")
