"""The caseload register query: one SQL SELECT per page, filtered and sorted in the database.

The desktop's register shows 100,000 children without reading them all: it asks for the number
of matching children (:func:`count_register`) and then for pages of about 200 rows
(:func:`page_register`) as the user scrolls. Filters (team, worker, current legal status, a
search by id or name) and the sort run here, in SQLite, on indexed columns where they can:

- team and worker use ``ix_children_team_id`` / ``ix_children_worker_id``;
- a current legal status is one ``IN`` over the status spells;
- a search term is a *prefix* match on the id or on a given or family name (each word of the
  search must match one of them), so ``000123`` finds ``000123-1`` and ``ash ell`` finds
  Ella Ashdown; a term with a digit is an id and uses the primary key's index;
- the current legal statuses, flags and sibling count of the rows on a page are correlated
  sub-queries, so they cost nothing for the rows not shown;
- readiness and the next due date come from the TEMP table of
  :mod:`app.storage.register_state` (joined on the primary key, indexed on both), brought up to
  date on the connection just before the query runs.

Rows come back as plain tuples in the order of :data:`REGISTER_COLUMNS`; the service layer turns
them into its own frozen dataclass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    func,
    literal,
    or_,
    select,
)

from app.storage.database import Database
from app.storage.errors import storage_errors
from app.storage.models import ChildRow, FlagRow, LegalStatusRow, Team, Worker
from app.storage.register_state import NO_CHECKLIST, RegisterState, state_table

AUDITED = "audited"

_c = ChildRow.__table__.c
_s = LegalStatusRow.__table__.c
_f = FlagRow.__table__.c
_t = Team.__table__.c
_w = Worker.__table__.c
_r = state_table.c

#: The columns of a register row, in order.
REGISTER_COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "dob",
    "expected_dob",
    "team_id",
    "team_name",
    "worker_id",
    "worker_name",
    "family_id",
    "family_size",
    "statuses",
    "flags",
    "readiness",
    "stops",
    "gaps",
    "unanswered",
    "pathway_id",
    "next_due",
    "overdue",
)
#: The sort keys a page may be ordered by.
SORT_KEYS = (
    *("id", "name", "age", "status", "team", "worker", "family", "flags"),
    *("readiness", "gaps", "due"),
)
#: The readiness a register may be filtered by: a Readiness value, "blocked" (the unfinished
#: checklist stops the transfer), "none" (no pathway with a checklist is open to the case) or
#: "audited" (any but "none").
READINESS_FILTERS = ("blocked", "gaps", "incomplete", "ready", NO_CHECKLIST, AUDITED)
#: Separator of the codes in the ``statuses`` and ``flags`` columns.
LIST_SEPARATOR = ","


@dataclass(frozen=True)
class RegisterCriteria:
    """Which children the register shows; None or empty means "any"."""

    today: date
    team_id: str | None = None
    worker_id: str | None = None
    status: str | None = None
    text: str = ""
    readiness: str | None = None  # one of READINESS_FILTERS
    due_by: date | None = None  # the next clock falls due on or before this day (or is overdue)

    @property
    def asks_state(self) -> bool:
        """True when the filter needs readiness or due dates."""
        return self.readiness is not None or self.due_by is not None


def count_register(
    database: Database, criteria: RegisterCriteria, state: RegisterState | None = None
) -> int:
    """How many children match ``criteria`` (readiness and due dates from ``state``)."""
    query = count_query(criteria)
    with storage_errors(database.path), database.engine.connect() as connection:
        if criteria.asks_state:
            _sync(state, connection)
        return int(connection.execute(query).scalar_one())


def count_query(criteria: RegisterCriteria) -> Select[Any]:
    """The SELECT behind :func:`count_register`."""
    children: Any = ChildRow.__table__
    if criteria.asks_state:
        children = children.join(state_table, _r.child_id == _c.id)
    return select(func.count()).select_from(children).where(*_conditions(criteria))


def page_register(
    database: Database,
    criteria: RegisterCriteria,
    *,
    sort: str = "id",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    state: RegisterState | None = None,
) -> list[tuple[Any, ...]]:
    """One page of matching children, as tuples in :data:`REGISTER_COLUMNS` order.

    Without ``state`` the readiness columns are None, and a readiness filter or sort fails.
    """
    query = register_query(
        criteria,
        sort=sort,
        descending=descending,
        with_state=state is not None,
        offset=offset,
        limit=limit,
    )
    with storage_errors(database.path), database.engine.connect() as connection:
        if state is not None:
            state.sync(connection)
        return [tuple(row) for row in connection.execute(query)]


def register_query(
    criteria: RegisterCriteria,
    *,
    sort: str,
    descending: bool,
    with_state: bool = True,
    offset: int = 0,
    limit: int | None = None,
) -> Select[Any]:
    """The SELECT behind :func:`page_register`.

    With a ``limit``, the page's ids are chosen first (filtered, sorted, cut) and the statuses,
    flags and sibling counts are worked out for those rows only: SQLite would otherwise work
    them out for every matching row before sorting whenever it drives the query from another
    index than the sort's (a readiness filter matching 30,000 children, say).
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"cannot sort the register by {sort!r}")
    if not with_state and (criteria.asks_state or sort in ("readiness", "gaps", "due")):
        raise ValueError("readiness and due dates need the register state")
    statuses = _current_statuses(criteria.today)
    flags = _flags()
    keys = _order(sort, descending, statuses, flags)
    chosen: Any = _joined(with_state)
    conditions = _conditions(criteria)
    if limit is not None:
        page = select(_c.id).select_from(chosen).where(*conditions).order_by(*keys)
        ids = page.offset(offset).limit(limit).subquery("page")
        chosen, conditions = chosen.join(ids, ids.c.id == _c.id), []
    query = select(
        _c.id,
        _c.given_name,
        _c.family_name,
        _c.dob,
        _c.expected_dob,
        _c.team_id,
        _t.name,
        _c.worker_id,
        _w.name,
        _c.family_id,
        _family_size(),
        statuses,
        flags,
        *_state_columns(with_state),
    )
    return query.select_from(chosen).where(*conditions).order_by(*keys)


def _order(sort: str, descending: bool, statuses: Any, flags: Any) -> list[Any]:
    """The ORDER BY of a sort: its columns, then the id (so equal rows keep one order)."""
    flip = descending != (sort == "age")  # youngest first: the latest date of birth first
    keys = [k.desc() if flip else k.asc() for k in _sort_columns(sort, statuses, flags)]
    if sort == "due":
        keys[0] = _r.next_due.is_(None).asc()  # cases with no clock last, either way
    return [*keys, _c.id.desc() if descending else _c.id.asc()]


def register_statuses(database: Database, today: date) -> list[str]:
    """The legal status codes current on ``today`` for at least one child, in order."""
    query = (
        select(_s.code).distinct().where(_s.start <= today, or_(_s.end.is_(None), _s.end >= today))
    ).order_by(_s.code)
    with storage_errors(database.path), database.engine.connect() as connection:
        return [str(code) for code in connection.execute(query).scalars()]


def _sync(state: RegisterState | None, connection: Any) -> None:
    if state is None:
        raise ValueError("readiness and due dates need the register state")
    state.sync(connection)


def _joined(with_state: bool) -> Any:
    joined = ChildRow.__table__.outerjoin(Team.__table__, _t.id == _c.team_id).outerjoin(
        Worker.__table__, _w.id == _c.worker_id
    )
    return joined.outerjoin(state_table, _r.child_id == _c.id) if with_state else joined


def _state_columns(with_state: bool) -> list[Any]:
    names = ("readiness", "stops", "gaps", "unanswered", "pathway_id", "next_due", "overdue")
    if with_state:
        return [_r[name] for name in names]
    return [literal(None).label(name) for name in names]


def _conditions(criteria: RegisterCriteria) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if criteria.team_id:
        conditions.append(_c.team_id == criteria.team_id)
    if criteria.worker_id:
        conditions.append(_c.worker_id == criteria.worker_id)
    if criteria.status:
        conditions.append(_has_status(criteria.status, criteria.today))
    conditions.extend(_term_condition(term) for term in search_terms(criteria.text))
    if criteria.readiness == "blocked":
        conditions.append(_r.stops == 1)
    elif criteria.readiness == AUDITED:
        conditions.append(_r.readiness != NO_CHECKLIST)
    elif criteria.readiness is not None:
        if criteria.readiness not in READINESS_FILTERS:
            raise ValueError(f"cannot filter the register by readiness {criteria.readiness!r}")
        conditions.append(_r.readiness == criteria.readiness)
    if criteria.due_by is not None:
        conditions.append(_r.next_due <= criteria.due_by.isoformat())
    return conditions


def search_terms(text: str) -> list[str]:
    """The words of a search, without the characters LIKE would read as wildcards."""
    cleaned = text.replace("%", " ").replace("_", " ").replace("\\", " ")
    return [word for word in cleaned.split() if word][:6]


def _term_condition(term: str) -> ColumnElement[bool]:
    """The id starts with ``term``, or a given or family name (or a part of one) does.

    A term with a digit in it can only be an id (names have none): it becomes prefix ranges on
    the primary key (as typed, upper and lower case), which the index answers at once.
    """
    if any(ch.isdigit() for ch in term):
        return or_(
            *(_id_prefix(variant) for variant in dict.fromkeys((term, term.upper(), term.lower())))
        )
    prefix = f"{term}%"
    return or_(
        _c.id.like(prefix),
        _c.given_name.like(prefix),
        _c.family_name.like(prefix),
        _c.family_name.like(f"% {term}%"),
    )


def _id_prefix(prefix: str) -> ColumnElement[bool]:
    """``id`` starts with ``prefix``, as a range the primary-key index can answer."""
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(_c.id >= prefix, _c.id < after)


def _current(today: date) -> ColumnElement[bool]:
    return and_(_s.child_id == _c.id, _s.start <= today, or_(_s.end.is_(None), _s.end >= today))


def _has_status(code: str, today: date) -> ColumnElement[bool]:
    """One pass over the status spells, not one look-up per child."""
    current = select(_s.child_id).where(
        _s.code == code, _s.start <= today, or_(_s.end.is_(None), _s.end >= today)
    )
    return _c.id.in_(current)


def _current_statuses(today: date) -> Any:
    return (
        select(func.group_concat(_s.code, literal(LIST_SEPARATOR)))
        .where(_current(today))
        .scalar_subquery()
        .label("statuses")
    )


def _flags() -> Any:
    return (
        select(func.group_concat(_f.flag, literal(LIST_SEPARATOR)))
        .where(_f.child_id == _c.id)
        .scalar_subquery()
        .label("flags")
    )


def _family_size() -> Any:
    siblings = ChildRow.__table__.alias("siblings")
    return (
        select(func.count())
        .select_from(siblings)
        .where(siblings.c.family_id == _c.family_id)
        .scalar_subquery()
        .label("family_size")
    )


def _sort_columns(sort: str, statuses: Any, flags: Any) -> Sequence[Any]:
    columns: dict[str, list[Any]] = {
        "id": [],
        "name": [_c.family_name, _c.given_name],
        "age": [func.coalesce(_c.dob, _c.expected_dob)],
        "status": [statuses],
        "team": [_t.name],
        "worker": [_w.name],
        "family": [_c.family_id],
        "flags": [flags],
        "readiness": [_r.rank],
        "gaps": [_r.gaps, _r.unanswered],
        "due": [_r.next_due.is_(None), _r.next_due],
    }
    return columns[sort]


def readiness_totals(
    database: Database, criteria: RegisterCriteria, state: RegisterState
) -> dict[str, int]:
    """How many children matching ``criteria`` are in each readiness, and how many are blocked.

    Keys are the :data:`READINESS_FILTERS` ("blocked" cases also count under their readiness);
    cases not worked out yet are not counted.
    """
    query = (
        select(_r.readiness, func.count(), func.sum(_r.stops))
        .select_from(ChildRow.__table__.join(state_table, _r.child_id == _c.id))
        .where(*_conditions(criteria))
        .group_by(_r.readiness)
    )
    totals = dict.fromkeys(READINESS_FILTERS, 0)
    with storage_errors(database.path), database.engine.connect() as connection:
        state.sync(connection)
        for readiness, count, stops in connection.execute(query):
            totals[str(readiness)] = int(count)
            totals["blocked"] += int(stops or 0)
            if readiness != NO_CHECKLIST:
                totals[AUDITED] += int(count)
    return totals
