"""The lean read behind the whole-caseload audit: only what the checklist conditions look at.

:mod:`app.storage.reading` builds full :class:`~app.domain.case.CaseSnapshot` objects (names,
allocation history, every event as a dataclass). The caseload audit needs far less, so this
reads one :class:`~app.domain.facts.AuditInputs` per child: its team, tier, dates of birth and
person flags, whether it has siblings, the status codes current on the day, its flags, its events
on or before the day (kind, date, number) and the kinds of file item with an update date.

Each table is read once with a plain SELECT on the session's own DBAPI cursor (same connection,
same transaction), filtered in SQL by the day (dates are ISO text, which sorts as dates do) and,
when :class:`~app.domain.facts.Questions` are given, by the statuses, flags, events and file
items they name; rows are grouped by child in one pass with no per-row SQLAlchemy processing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from datetime import date
from functools import lru_cache
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Connection, Select, and_, func, or_, select, true

from app.domain.facts import AuditInputs, PastEvent, Questions
from app.storage.models import (
    ChildRow,
    EventRow,
    FileItemRow,
    FlagRow,
    LegalStatusRow,
    table_of,
)

Row: TypeAlias = tuple[Any, ...]
AnySelect: TypeAlias = Select[*tuple[Any, ...]]

_CHILDREN = table_of(ChildRow).c
_STATUSES = table_of(LegalStatusRow).c
_FLAGS = table_of(FlagRow).c
_EVENTS = table_of(EventRow).c
_FILES = table_of(FileItemRow).c

#: ISO text → date; cached, so the few thousand distinct days of a caseload are parsed once.
_day: Callable[[str], date] = lru_cache(maxsize=1 << 16)(date.fromisoformat)
_NONE: tuple[str, ...] = ()


def read_audit_inputs(
    connection: Connection,
    today: date,
    questions: Questions | None = None,
    teams: Collection[str] | None = None,
) -> Iterator[AuditInputs]:
    """The audit inputs of every child on ``today`` (of ``teams`` only, when given), in child id
    order.

    With ``questions``, statuses, flags, events and file items they do not name are left out.
    """
    day = today.isoformat()
    siblings = {family for (family,) in _rows(connection, _families())}
    statuses = _grouped(connection, _current_statuses(day, questions))
    flags = _grouped(connection, _flags(questions))
    events = _events(connection, day, questions)
    on_file = _grouped(connection, _on_file(questions))
    none: list[PastEvent] = []
    for child_id, team_id, tier, dob, expected, disability, uasc, family in _rows(
        connection, _children(teams)
    ):
        yield AuditInputs(
            child_id,
            team_id,
            tier,
            dob and _day(dob),
            expected and _day(expected),
            bool(disability),
            bool(uasc),
            family in siblings,
            statuses.get(child_id, _NONE),
            flags.get(child_id, _NONE),
            events.get(child_id, none),
            on_file.get(child_id, _NONE),
        )


def _rows(connection: Connection, query: AnySelect) -> Iterator[Row]:
    """Run a Core select on the connection's DBAPI cursor: plain tuples, one at a time (rows
    fetched in big batches outlive the young generation and cost the garbage collector)."""
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    parameters = [compiled.params[name] for name in compiled.positiontup or ()]
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(str(compiled), parameters)
    return iter(cursor)


def _grouped(connection: Connection, query: AnySelect | None) -> dict[str, frozenset[str]]:
    """Child id → the set of the second column of its rows.

    Equal sets are shared: a caseload has few distinct combinations of flags (or statuses, or
    file items), and a few thousand long-lived sets cost the garbage collector far less than
    one list per child.
    """
    lists: dict[str, list[str]] = {}
    if query is None:
        return {}
    for child_id, value in _rows(connection, query):
        if child_id in lists:
            lists[child_id].append(value)
        else:
            lists[child_id] = [value]
    shared: dict[frozenset[str], frozenset[str]] = {}
    return {
        child_id: shared.setdefault(values, values)
        for child_id, values in zip(lists, map(frozenset, lists.values()), strict=True)
    }


def _events(
    connection: Connection, day: str, questions: Questions | None
) -> dict[str, list[PastEvent]]:
    """Child id → (kind, date, number) of its events on or before ``day``."""
    e = _EVENTS
    wanted = _named(e.kind, None if questions is None else questions.event_kinds)
    found: dict[str, list[PastEvent]] = {}
    if wanted is None:
        return found
    query = select(e.child_id, e.kind, e.on, e.number).where(e.on <= day, wanted)
    for child_id, kind, on, number in _rows(connection, query):
        event = (kind, _day(on), number)
        if child_id in found:
            found[child_id].append(event)
        else:
            found[child_id] = [event]
    return found


def _children(teams: Collection[str] | None) -> AnySelect:
    c = _CHILDREN
    query = select(
        c.id, c.team_id, c.tier, c.dob, c.expected_dob, c.disability, c.uasc, c.family_id
    ).order_by(c.id)
    return query if teams is None else query.where(c.team_id.in_(sorted(teams)))


def _families() -> AnySelect:
    """The families of two or more children: their children have siblings."""
    c = _CHILDREN
    return (
        select(c.family_id)
        .where(c.family_id.is_not(None))
        .group_by(c.family_id)
        .having(func.count() > 1)
    )


def _current_statuses(day: str, questions: Questions | None) -> AnySelect | None:
    s = _STATUSES
    wanted = _named(s.code, None if questions is None else questions.statuses)
    current = and_(s.start <= day, or_(s.end.is_(None), s.end >= day))
    return None if wanted is None else select(s.child_id, s.code).where(current, wanted)


def _flags(questions: Questions | None) -> AnySelect | None:
    f = _FLAGS
    wanted = _named(f.flag, None if questions is None else questions.flags)
    return None if wanted is None else select(f.child_id, f.flag).where(wanted)


def _on_file(questions: Questions | None) -> AnySelect | None:
    i = _FILES
    wanted = _named(i.kind, None if questions is None else questions.file_items)
    return (
        None if wanted is None else select(i.child_id, i.kind).where(i.updated.is_not(None), wanted)
    )


def _named(column: Any, names: Collection[str] | None) -> ColumnElement[bool] | None:
    """The filter keeping rows whose ``column`` is one of ``names`` (all rows when None);
    None when ``names`` is empty: nothing is wanted, so the table need not be read."""
    if names is None:
        return true()
    if not names:
        return None
    wanted: ColumnElement[bool] = column.in_(sorted(names))
    return wanted
