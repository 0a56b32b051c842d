"""The caseload register's SQL, built as text with ``?`` parameters: one source for every reader.

The register is read-only SQL (a count, pages, the choices of its filters), so it needs no ORM
and no SQLAlchemy: the statements here run on any DB-API cursor, the plain ``sqlite3`` one of
the first window (:mod:`app.storage.register_reader`) as well as the pooled connections of an
open :class:`~app.storage.database.Database` (:mod:`app.storage.register`), plain or SQLCipher.

- team and worker use ``ix_children_team_id`` / ``ix_children_worker_id``;
- a current legal status is one ``IN`` over the status spells;
- a search term is a *prefix* match on the id or on a given or family name (each word of the
  search must match one of them), so ``000123`` finds ``000123-1`` and ``ash ell`` finds
  Ella Ashdown; a term with a digit is an id and uses the primary key's index;
- the current legal statuses, flags and sibling count of the rows on a page are correlated
  sub-queries, so they cost nothing for the rows not shown;
- readiness and the next due date come from the TEMP table of
  :mod:`app.storage.register_state` (joined on the primary key, indexed on both).

Rows come back as plain tuples in the order of :data:`REGISTER_COLUMNS`. Nothing here imports
more than the standard library: the first window builds its queries with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: A statement and its parameters, ready for ``cursor.execute``.
Statement = tuple[str, list[object]]

#: The TEMP table of readiness and due dates (see :mod:`app.storage.register_state`).
STATE_TABLE = "register_state"
#: Readiness codes stored for a case; "none": no pathway with a checklist is open to it.
NO_CHECKLIST = "none"
AUDITED = "audited"

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
#: The sort keys that need the register state.
STATE_SORTS = frozenset({"readiness", "gaps", "due"})
#: The readiness a register may be filtered by: a Readiness value, "blocked" (the unfinished
#: checklist stops the transfer), "none" (no pathway with a checklist is open to the case) or
#: "audited" (any but "none").
READINESS_FILTERS = ("blocked", "gaps", "incomplete", "ready", NO_CHECKLIST, AUDITED)
#: Separator of the codes in the ``statuses`` and ``flags`` columns.
LIST_SEPARATOR = ","

_STATE_COLUMNS = ("readiness", "stops", "gaps", "unanswered", "pathway_id", "next_due", "overdue")
_CHILDREN = "children AS c"
_WITH_STATE = f" JOIN temp.{STATE_TABLE} AS r ON r.child_id = c.id"
_MAYBE_STATE = " LEFT" + _WITH_STATE  # a page shows the cases not worked out yet too
_JOINED = (
    "children AS c LEFT JOIN teams AS t ON t.id = c.team_id "
    "LEFT JOIN workers AS w ON w.id = c.worker_id"
)
_CURRENT = 's.start <= ? AND (s."end" IS NULL OR s."end" >= ?)'
_STATUSES = (
    f"(SELECT group_concat(s.code, '{LIST_SEPARATOR}') FROM legal_statuses AS s "
    f"WHERE s.child_id = c.id AND {_CURRENT})"
)
_FLAGS = (
    f"(SELECT group_concat(f.flag, '{LIST_SEPARATOR}') FROM flags AS f WHERE f.child_id = c.id)"
)
_FAMILY_SIZE = "(SELECT count(*) FROM children AS siblings WHERE siblings.family_id = c.family_id)"
_SORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": (),
    "name": ("c.family_name", "c.given_name"),
    "age": ("coalesce(c.dob, c.expected_dob)",),
    "status": (_STATUSES,),
    "team": ("t.name",),
    "worker": ("w.name",),
    "family": ("c.family_id",),
    "flags": (_FLAGS,),
    "readiness": ("r.rank",),
    "gaps": ("r.gaps", "r.unanswered"),
    "due": ("r.next_due IS NULL", "r.next_due"),
}


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


def count_sql(criteria: RegisterCriteria) -> Statement:
    """How many children match ``criteria``."""
    where, args = _where(criteria)
    joined = _CHILDREN + (_WITH_STATE if criteria.asks_state else "")
    return f"SELECT count(*) FROM {joined}{where}", args


def page_sql(
    criteria: RegisterCriteria,
    *,
    sort: str,
    descending: bool,
    with_state: bool = True,
    offset: int = 0,
    limit: int | None = None,
) -> Statement:
    """One page of matching children (all of them without ``limit``), sorted.

    With a ``limit``, the page's ids are chosen first (filtered, sorted, cut) and the statuses,
    flags and sibling counts are worked out for those rows only: SQLite would otherwise work
    them out for every matching row before sorting whenever it drives the query from another
    index than the sort's (a readiness filter matching 30,000 children, say).
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"cannot sort the register by {sort!r}")
    if not with_state and (criteria.asks_state or sort in STATE_SORTS):
        raise ValueError("readiness and due dates need the register state")
    today = criteria.today.isoformat()
    joined = _JOINED + (_MAYBE_STATE if with_state else "")
    order, order_args = _order(sort, descending, today)
    where, where_args = _where(criteria)
    state = ", ".join(f"r.{name}" if with_state else "NULL" for name in _STATE_COLUMNS)
    columns = (
        "c.id, c.given_name, c.family_name, c.dob, c.expected_dob, c.team_id, t.name, "
        f"c.worker_id, w.name, c.family_id, {_FAMILY_SIZE}, {_STATUSES}, {_FLAGS}, {state}"
    )
    if limit is None:
        sql = f"SELECT {columns} FROM {joined}{where} ORDER BY {order}"
        return sql, [today, today, *where_args, *order_args]
    page = f"SELECT c.id FROM {joined}{where} ORDER BY {order} LIMIT ? OFFSET ?"
    sql = f"SELECT {columns} FROM {joined} JOIN ({page}) AS page ON page.id = c.id ORDER BY {order}"
    return sql, [today, today, *where_args, *order_args, limit, offset, *order_args]


def statuses_sql(today: date) -> Statement:
    """The legal status codes current on ``today`` for at least one child, in order."""
    day = today.isoformat()
    return f"SELECT DISTINCT s.code FROM legal_statuses AS s WHERE {_CURRENT} ORDER BY s.code", [
        day,
        day,
    ]


def totals_sql(criteria: RegisterCriteria) -> Statement:
    """(readiness, children, of them blocked) for the children matching ``criteria``."""
    where, args = _where(criteria)
    sql = (
        f"SELECT r.readiness, count(*), sum(r.stops) FROM {_CHILDREN}{_WITH_STATE}{where} "
        "GROUP BY r.readiness"
    )
    return sql, args


def teams_sql() -> Statement:
    """Every team as (id, name)."""
    return "SELECT id, name FROM teams ORDER BY id", []


def workers_sql(team_id: str | None) -> Statement:
    """The active workers (of one team when given) as (id, name)."""
    if team_id is None:
        return "SELECT id, name FROM workers WHERE active ORDER BY id", []
    return "SELECT id, name FROM workers WHERE active AND team_id = ? ORDER BY id", [team_id]


def search_terms(text: str) -> list[str]:
    """The words of a search, without the characters LIKE would read as wildcards."""
    cleaned = text.replace("%", " ").replace("_", " ").replace("\\", " ")
    return [word for word in cleaned.split() if word][:6]


def _order(sort: str, descending: bool, today: str) -> tuple[str, list[object]]:
    """The ORDER BY of a sort: its columns, then the id (so equal rows keep one order)."""
    flip = descending != (sort == "age")  # youngest first: the latest date of birth first
    direction = " DESC" if flip else " ASC"
    keys = [column + direction for column in _SORT_COLUMNS[sort]]
    if sort == "due":
        keys[0] = "r.next_due IS NULL ASC"  # cases with no clock last, either way
    keys.append("c.id DESC" if descending else "c.id ASC")
    args: list[object] = [today, today] if sort == "status" else []
    return ", ".join(keys), args


def _where(criteria: RegisterCriteria) -> tuple[str, list[object]]:
    """The WHERE clause of ``criteria`` (empty for "any") and its parameters."""
    conditions: list[str] = []
    args: list[object] = []
    if criteria.team_id:
        conditions.append("c.team_id = ?")
        args.append(criteria.team_id)
    if criteria.worker_id:
        conditions.append("c.worker_id = ?")
        args.append(criteria.worker_id)
    if criteria.status:  # one pass over the status spells, not one look-up per child
        day = criteria.today.isoformat()
        conditions.append(
            f"c.id IN (SELECT s.child_id FROM legal_statuses AS s WHERE s.code = ? AND {_CURRENT})"
        )
        args.extend((criteria.status, day, day))
    for term in search_terms(criteria.text):
        condition, term_args = _term_condition(term)
        conditions.append(condition)
        args.extend(term_args)
    state, state_args = _state_condition(criteria)
    conditions.extend(state)
    args.extend(state_args)
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), args


def _state_condition(criteria: RegisterCriteria) -> tuple[list[str], list[object]]:
    conditions: list[str] = []
    args: list[object] = []
    if criteria.readiness == "blocked":
        conditions.append("r.stops = 1")
    elif criteria.readiness == AUDITED:
        conditions.append("r.readiness != ?")
        args.append(NO_CHECKLIST)
    elif criteria.readiness is not None:
        if criteria.readiness not in READINESS_FILTERS:
            raise ValueError(f"cannot filter the register by readiness {criteria.readiness!r}")
        conditions.append("r.readiness = ?")
        args.append(criteria.readiness)
    if criteria.due_by is not None:
        conditions.append("r.next_due <= ?")
        args.append(criteria.due_by.isoformat())
    return conditions, args


def _term_condition(term: str) -> tuple[str, list[object]]:
    """The id starts with ``term``, or a given or family name (or a part of one) does.

    A term with a digit in it can only be an id (names have none): it becomes prefix ranges on
    the primary key (as typed, upper and lower case), which the index answers at once.
    """
    if any(ch.isdigit() for ch in term):
        variants = dict.fromkeys((term, term.upper(), term.lower()))
        args: list[object] = []
        for prefix in variants:
            args.extend((prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)))
        ranges = " OR ".join(["(c.id >= ? AND c.id < ?)"] * len(variants))
        return f"({ranges})", args
    prefix = f"{term}%"
    condition = (
        "(c.id LIKE ? OR c.given_name LIKE ? OR c.family_name LIKE ? OR c.family_name LIKE ?)"
    )
    return condition, [prefix, prefix, prefix, f"% {term}%"]
