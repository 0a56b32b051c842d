"""Transfer meetings in the store: sittings, agenda items, decisions, attendance and actions.

The repository speaks in plain frozen records (no ORM objects leave it) and never commits: the
:class:`~app.storage.uow.UnitOfWork` does, so a decision and the transfer it changes are written
together or not at all. It also answers the few caseload questions the agenda needs in SQL: the
open transfers on a meeting's pathways, the children of some teams, and the agreed transfer dates
of a period, disputed ones too (the shared transfer calendar).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from app.storage.audit import audit_row, write_audit_rows
from app.storage.meeting_models import (
    DECISIONS,
    MEETING_STATUSES,
    MeetingActionRow,
    MeetingAttendeeRow,
    MeetingItemRow,
    MeetingRow,
)
from app.storage.meeting_records import (
    ActionRecord,
    AttendeeRecord,
    ItemRecord,
    MeetingRecord,
    action_record,
    item_record,
    meeting_record,
)
from app.storage.models import TransferRow, table_of
from app.storage.transfers import OPEN_STATUSES, TransferRecord, transfer_record

#: Item columns that :meth:`MeetingRepository.decide` may set with the decision.
DECISION_FIELDS = frozenset(
    {"transfer_id", "receiving_team", "receiving_worker_id", "transfer_date", "joint_visit_on",
     "notes"}
)  # fmt: skip
CHUNK = 500
ITEMS = table_of(MeetingItemRow)
#: What each entry of a bulk save's audit row lists, in order (``reasons``: an index into the
#: row's distinct ``reasons``).
SAVED_COLUMNS = ("id", "child_id", "position", "reasons")


class ItemState(NamedTuple):
    """What a rebuild compares of a stored item (a lean read of 35,000 items takes a tenth of
    the time of full records)."""

    id: int
    child_id: str
    origin: str
    removed: bool
    decision: str | None
    reasons_json: str


__all__ = [
    "DECISION_FIELDS",
    "SAVED_COLUMNS",
    "ActionRecord",
    "AttendeeRecord",
    "ItemRecord",
    "ItemState",
    "MeetingRecord",
    "MeetingRepository",
    "rebuilt_items_audit",
    "saved_items_audit",
]


class MeetingRepository:
    """Plan sittings, keep their agenda in order, record what they decided."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # -- sittings ------------------------------------------------------------------------------

    def create(
        self,
        meeting_type: str,
        *,
        pack_id: str,
        pack_version: str,
        scheduled_on: date,
        held_on: date,
        area: str = "",
        chair: str = "",
    ) -> int:
        """Plan a sitting; returns its id (one per meeting type, area and day)."""
        row = MeetingRow(
            meeting_type=meeting_type,
            area=area,
            pack_id=pack_id,
            pack_version=pack_version,
            scheduled_on=scheduled_on,
            held_on=held_on,
            chair=chair,
            status="planned",
        )
        return self._add(row)

    def get(self, meeting_id: int) -> MeetingRecord:
        """One sitting; LookupError if there is none."""
        return meeting_record(self._meeting(meeting_id))

    def find(self, meeting_type: str, held_on: date, area: str = "") -> MeetingRecord | None:
        """The sitting of ``meeting_type`` held on ``held_on`` in ``area``, if planned."""
        row = self._session.scalars(
            select(MeetingRow).where(
                MeetingRow.meeting_type == meeting_type,
                MeetingRow.area == area,
                MeetingRow.held_on == held_on,
            )
        ).first()
        return None if row is None else meeting_record(row)

    def previous(self, meeting_type: str, before: date, area: str = "") -> MeetingRecord | None:
        """The latest sitting of the type (and area) held before ``before``, not cancelled."""
        row = self._session.scalars(
            select(MeetingRow)
            .where(
                MeetingRow.meeting_type == meeting_type,
                MeetingRow.area == area,
                MeetingRow.held_on < before,
                MeetingRow.status != "cancelled",
            )
            .order_by(MeetingRow.held_on.desc())
        ).first()
        return None if row is None else meeting_record(row)

    def sittings(self, meeting_type: str | None = None) -> list[MeetingRecord]:
        """Every sitting (of one type when given), by date."""
        query = select(MeetingRow).order_by(MeetingRow.held_on, MeetingRow.id)
        if meeting_type is not None:
            query = query.where(MeetingRow.meeting_type == meeting_type)
        return [meeting_record(r) for r in self._session.scalars(query)]

    def set_status(self, meeting_id: int, status: str, notes: str | None = None) -> None:
        """Mark a sitting planned, held or cancelled (and keep its general notes)."""
        if status not in MEETING_STATUSES:
            raise ValueError(f"status must be one of {MEETING_STATUSES}, not {status!r}")
        row = self._meeting(meeting_id)
        row.status = status
        if notes is not None:
            row.notes = notes

    # -- agenda items --------------------------------------------------------------------------

    def items(self, meeting_id: int, *, removed: bool = False) -> list[ItemRecord]:
        """The sitting's agenda in order (removed items too when ``removed``)."""
        query = select(MeetingItemRow).where(MeetingItemRow.meeting_id == meeting_id)
        if not removed:
            query = query.where(MeetingItemRow.removed.is_(False))
        rows = self._session.scalars(query.order_by(MeetingItemRow.position, MeetingItemRow.id))
        return [item_record(r) for r in rows]

    def item_of(self, meeting_id: int, child_id: str) -> ItemRecord | None:
        """The sitting's item about ``child_id`` (removed or not), if it has one: one indexed
        read, where :meth:`items` reads the whole agenda."""
        row = self._session.scalars(
            select(MeetingItemRow).where(
                MeetingItemRow.meeting_id == meeting_id, MeetingItemRow.child_id == child_id
            )
        ).first()
        return None if row is None else item_record(row)

    def place(self, item_id: int) -> int:
        """Where the item stands on its agenda: how many items on it come before (its index in
        :meth:`items`), counted in SQL."""
        row = self._item(item_id)
        before = (MeetingItemRow.position < row.position) | (
            (MeetingItemRow.position == row.position) & (MeetingItemRow.id < row.id)
        )
        query = select(func.count()).where(
            MeetingItemRow.meeting_id == row.meeting_id,
            MeetingItemRow.removed.is_(False),
            before,
        )
        return int(self._session.scalar(query) or 0)

    def progress(self, meeting_id: int) -> tuple[int, int]:
        """How many cases are on the sitting's agenda, and how many of them are decided."""
        query = select(func.count(), func.count(MeetingItemRow.decision)).where(
            MeetingItemRow.meeting_id == meeting_id, MeetingItemRow.removed.is_(False)
        )
        cases, decided = self._session.execute(query).one()
        return int(cases), int(decided)

    def item(self, item_id: int) -> ItemRecord:
        """One agenda item; LookupError if there is none."""
        return item_record(self._item(item_id))

    def add_item(
        self, meeting_id: int, child_id: str, *, origin: str, reasons_json: str, late: bool = False
    ) -> int:
        """Put a case at the end of the agenda; returns the item id."""
        row = MeetingItemRow(
            meeting_id=meeting_id,
            child_id=child_id,
            position=self._next_position(meeting_id),
            origin=origin,
            removed=False,
            late=late,
            reasons_json=reasons_json,
        )
        return self._add(row)

    def add_items(
        self, meeting_id: int, rows: Sequence[tuple[str, str]], *, origin: str
    ) -> list[int]:
        """Put many cases (child id, reasons JSON) at the end of the agenda; their item ids.

        One Core INSERT run with ``executemany`` and **one** audit row for the lot (see
        :func:`saved_items_audit`), in the session's transaction: through the ORM (an object, a
        flush and an audit row per item) a 35,000-case agenda took about 20 times a plain
        ``executemany``, now about 1.5 times. A row that fails (a case not on the caseload, one
        already on the agenda) raises, and the unit of work then writes none of them.
        """
        if not rows:
            return []
        values = self._insert_items(meeting_id, rows, origin)
        audit = saved_items_audit(self._user(), meeting_id, origin, values)
        write_audit_rows(self._session, [audit])
        return [value["id"] for value in values]

    def item_states(self, meeting_id: int) -> list[ItemState]:
        """What a rebuild compares of every item of the sitting (removed ones too), in one lean
        Core read: no ORM object, no full record."""
        query = select(*(ITEMS.c[name] for name in ItemState._fields)).where(
            ITEMS.c.meeting_id == meeting_id
        )
        return [ItemState(*row) for row in self._session.execute(query)]

    def rebuild(
        self,
        meeting_id: int,
        *,
        added: Sequence[tuple[str, str]] = (),
        renewed: Sequence[tuple[ItemState, str]] = (),
        dropped: Sequence[int] = (),
    ) -> list[int]:
        """Write a rebuild of the sitting's agenda in bulk; the ids of the items added.

        ``added`` (child id, reasons JSON) go at the end as :meth:`add_items` puts them,
        ``renewed`` items (as read by :meth:`item_states`) get their new reasons JSON in one
        ``executemany`` UPDATE, ``dropped`` item ids are deleted. One audit row records it all,
        reasons and deleted rows whole (:func:`rebuilt_items_audit`); none when nothing changed.
        """
        if not (added or renewed or dropped):
            return []
        values = self._insert_items(meeting_id, added, "auto") if added else []
        if renewed:
            update_reasons = (
                update(ITEMS)
                .where(ITEMS.c.id == bindparam("item_id"))
                .values(reasons_json=bindparam("reasons"))
            )
            self._session.execute(
                update_reasons, [{"item_id": s.id, "reasons": new} for s, new in renewed]
            )
        deleted = self._delete_items(dropped)
        audit = rebuilt_items_audit(self._user(), meeting_id, values, renewed, deleted)
        write_audit_rows(self._session, [audit])
        return [value["id"] for value in values]

    def update_item(self, item_id: int, **fields: Any) -> None:
        """Change an item's ``reasons_json``, ``origin``, ``removed`` or ``late``."""
        unknown = set(fields) - {"reasons_json", "origin", "removed", "late"}
        if unknown:
            raise TypeError(f"agenda items have no editable field {sorted(unknown)}")
        row = self._item(item_id)
        for name, value in fields.items():
            setattr(row, name, value)

    def delete_item(self, item_id: int) -> None:
        """Take an undecided item off the agenda for good (it dropped off the pack's rules)."""
        self._session.delete(self._item(item_id))
        self._session.flush()

    def reorder(self, meeting_id: int, item_ids: Sequence[int]) -> None:
        """Number the sitting's items 1, 2, … in the order given (every item, once each)."""
        rows = {
            r.id: r
            for r in self._session.scalars(
                select(MeetingItemRow).where(MeetingItemRow.meeting_id == meeting_id)
            )
        }
        if sorted(item_ids) != sorted(rows):
            raise ValueError("the new order must hold every item of the meeting once")
        for position, item_id in enumerate(item_ids, start=1):
            rows[item_id].position = position

    def move(self, item_id: int, step: int) -> tuple[ItemRecord, ItemRecord] | None:
        """Swap the item with its neighbour ``step`` (-1 up, 1 down) places away among the items
        still on the agenda; both as stored now (the moved one first), or None at an end.

        Two indexed reads and an UPDATE of the two rows (each audited by the flush listener),
        whatever the agenda's length; before, the sitting's every item was read and numbered.
        """
        if step not in (-1, 1):
            raise ValueError(f"an item moves one place up (-1) or down (1), not {step}")
        row = self._item(item_id)
        other = self._neighbour(row, step)
        if other is None:
            return None
        if other.position == row.position:  # a tie leaves the order to the ids: number them
            self._renumber(row.meeting_id)  # the same two ORM rows get their new numbers
        row.position, other.position = other.position, row.position
        self._session.flush()
        return item_record(row), item_record(other)

    def decide(self, item_id: int, decision: str, **fields: Any) -> None:
        """Record the decision on an item, with the receiving team, worker and dates."""
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {DECISIONS}, not {decision!r}")
        unknown = set(fields) - DECISION_FIELDS
        if unknown:
            raise TypeError(f"decisions have no field {sorted(unknown)}")
        row = self._item(item_id)
        row.decision = decision
        for name, value in fields.items():
            setattr(row, name, value)

    # -- attendance and actions ----------------------------------------------------------------

    def set_attendance(self, meeting_id: int, attendees: Iterable[AttendeeRecord]) -> None:
        """Replace the sitting's attendance list."""
        self._meeting(meeting_id)
        for row in self._session.scalars(
            select(MeetingAttendeeRow).where(MeetingAttendeeRow.meeting_id == meeting_id)
        ):
            self._session.delete(row)
        self._session.flush()
        for person in attendees:
            self._add(
                MeetingAttendeeRow(
                    meeting_id=meeting_id,
                    name=person.name,
                    role=person.role,
                    team=person.team,
                    present=person.present,
                )
            )

    def attendance(self, meeting_id: int) -> list[AttendeeRecord]:
        """Who attended (and who sent apologies), in the order recorded."""
        rows = self._session.scalars(
            select(MeetingAttendeeRow)
            .where(MeetingAttendeeRow.meeting_id == meeting_id)
            .order_by(MeetingAttendeeRow.id)
        )
        return [AttendeeRecord(r.name, r.role, r.team, r.present) for r in rows]

    def add_action(
        self,
        meeting_id: int,
        text: str,
        *,
        owner: str,
        due_on: date | None = None,
        item_id: int | None = None,
    ) -> int:
        """Record an action agreed at the sitting (about one item's case, or the meeting)."""
        row = MeetingActionRow(
            meeting_id=meeting_id, item_id=item_id, text=text, owner=owner, due_on=due_on
        )
        return self._add(row)

    def complete_action(self, action_id: int, on: date | None) -> None:
        """Mark an action done on ``on`` (None: open again)."""
        row = self._session.get(MeetingActionRow, action_id)
        if row is None:
            raise LookupError(f"no action {action_id}")
        row.done_on = on

    def actions(
        self, meeting_ids: Iterable[int] | None = None, *, open_only: bool = False
    ) -> list[ActionRecord]:
        """Actions of the sittings given (of every sitting when None), by due date."""
        query = select(MeetingActionRow, MeetingItemRow.child_id).outerjoin(
            MeetingItemRow, MeetingItemRow.id == MeetingActionRow.item_id
        )
        if meeting_ids is not None:
            query = query.where(MeetingActionRow.meeting_id.in_(list(meeting_ids)))
        if open_only:
            query = query.where(MeetingActionRow.done_on.is_(None))
        query = query.order_by(
            MeetingActionRow.due_on.is_(None), MeetingActionRow.due_on, MeetingActionRow.id
        )
        return [action_record(row, child) for row, child in self._session.execute(query)]

    # -- caseload questions for the agenda -----------------------------------------------------

    def open_transfers(self, pathway_ids: Iterable[str] | None = None) -> list[TransferRecord]:
        """Transfers under way (proposed, agreed, disputed), on these pathways when given."""
        query = select(TransferRow).where(TransferRow.status.in_(OPEN_STATUSES))
        if pathway_ids is not None:
            query = query.where(TransferRow.pathway_id.in_(list(pathway_ids)))
        rows = self._session.scalars(query.order_by(TransferRow.id))
        return [transfer_record(r) for r in rows]

    def agreed_transfers(self, start: date, end: date) -> list[TransferRecord]:
        """Agreed transfers whose transfer date or joint visit falls from ``start`` to ``end``;
        with them those agreed and then disputed (status ``disputed`` with an agreed date),
        which the managers still plan around until the dispute is settled."""
        agreed = (TransferRow.status == "agreed") | (
            (TransferRow.status == "disputed") & TransferRow.agreed_on.is_not(None)
        )
        query = select(TransferRow).where(
            agreed,
            (TransferRow.transfer_date.between(start, end))
            | (TransferRow.joint_visit_on.between(start, end)),
        )
        rows = self._session.scalars(query.order_by(TransferRow.transfer_date, TransferRow.id))
        return [transfer_record(r) for r in rows]

    def joint_visits(self, transfer_ids: Iterable[int]) -> dict[int, date]:
        """Transfer id → joint visit date, for those that have one."""
        ids = list(transfer_ids)
        found: dict[int, date] = {}
        for start in range(0, len(ids), CHUNK):
            query = select(TransferRow.id, TransferRow.joint_visit_on).where(
                TransferRow.id.in_(ids[start : start + CHUNK]),
                TransferRow.joint_visit_on.is_not(None),
            )
            for transfer_id, day in self._session.execute(query):
                if day is not None:
                    found[transfer_id] = day
        return found

    # -- helpers -------------------------------------------------------------------------------

    def _add(self, row: Any) -> int:
        self._session.add(row)
        self._session.flush()
        return int(row.id)

    def _next_position(self, meeting_id: int) -> int:
        last = self._session.scalar(
            select(func.max(MeetingItemRow.position)).where(MeetingItemRow.meeting_id == meeting_id)
        )
        return (last or 0) + 1

    def _insert_items(
        self, meeting_id: int, rows: Sequence[tuple[str, str]], origin: str
    ) -> list[dict[str, Any]]:
        """Insert the rows at the end of the agenda with one Core ``executemany``; the values
        written, ids included."""
        start, first_id = self._next_position(meeting_id), self._next_item_id()
        # The ids are given, not left to SQLite, so the audit row can name them without reading
        # them back; the transaction began before max(id) was read, so no other writer's row
        # can take one (SQLite refuses to write from a stale snapshot).
        values = [
            {
                "id": first_id + offset,
                "meeting_id": meeting_id,
                "child_id": child_id,
                "position": start + offset,
                "origin": origin,
                "removed": False,
                "late": False,
                "reasons_json": reasons_json,
                "notes": "",
            }
            for offset, (child_id, reasons_json) in enumerate(rows)
        ]
        self._session.execute(insert(ITEMS), values)
        return values

    def _delete_items(self, item_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Delete the items with Core, a chunk at a time; their rows as they were (for the
        audit row)."""
        ids = list(item_ids)
        deleted: list[dict[str, Any]] = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            read = select(ITEMS).where(ITEMS.c.id.in_(chunk)).order_by(ITEMS.c.id)
            deleted += [dict(row._mapping) for row in self._session.execute(read)]
            self._session.execute(delete(ITEMS).where(ITEMS.c.id.in_(chunk)))
        return deleted

    def _neighbour(self, row: MeetingItemRow, step: int) -> MeetingItemRow | None:
        """The item next to ``row`` in the agenda's order (position, then id) ``step`` places
        away, skipping removed items: read from the (meeting, position) index."""
        key = (MeetingItemRow.position, MeetingItemRow.id)
        if step > 0:
            beyond = tuple_(*key) > tuple_(row.position, row.id)
            order = [column.asc() for column in key]
        else:
            beyond = tuple_(*key) < tuple_(row.position, row.id)
            order = [column.desc() for column in key]
        query = (
            select(MeetingItemRow)
            .where(
                MeetingItemRow.meeting_id == row.meeting_id,
                MeetingItemRow.removed.is_(False),
                beyond,
            )
            .order_by(*order)
            .limit(1)
        )
        return self._session.scalars(query).first()

    def _renumber(self, meeting_id: int) -> None:
        """Number the sitting's items 1, 2, … in their present order (breaks ties by id)."""
        query = (
            select(ITEMS.c.id)
            .where(ITEMS.c.meeting_id == meeting_id)
            .order_by(ITEMS.c.position, ITEMS.c.id)
        )
        ids = self._session.scalars(query).all()
        self.reorder(meeting_id, ids)
        self._session.flush()

    def _user(self) -> str:
        return str(self._session.info.get("user", "unknown"))

    def _next_item_id(self) -> int:
        last = self._session.scalar(select(func.max(MeetingItemRow.id)))
        return (last or 0) + 1

    def _meeting(self, meeting_id: int) -> MeetingRow:
        row = self._session.get(MeetingRow, meeting_id)
        if row is None:
            raise LookupError(f"no meeting {meeting_id}")
        return row

    def _item(self, item_id: int) -> MeetingItemRow:
        row = self._session.get(MeetingItemRow, item_id)
        if row is None:
            raise LookupError(f"no agenda item {item_id}")
        return row


def saved_items_audit(
    user: str, meeting_id: int, origin: str, items: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The one audit row of a bulk save of agenda items: everything written, losslessly.

    ``entity`` ``meeting_items``, ``entity_id`` ``bulk:<n>``; ``after_json`` holds the columns
    every item shares (meeting, origin, flags, notes), each distinct reasons JSON once, and per
    item ``[id, child_id, position, index of its reasons]`` (:data:`SAVED_COLUMNS`). A row each
    would double what a save writes (each would repeat its reasons) and hash every one; this
    keeps the save within a small factor of a plain ``executemany``. It is hash-chained like
    any other row, so editing it afterwards breaks the chain there.
    """
    after = _saved_items(meeting_id, origin, items)
    return audit_row(user, "insert", ITEMS.name, f"bulk:{len(items)}", None, after)


def rebuilt_items_audit(
    user: str,
    meeting_id: int,
    added: Sequence[dict[str, Any]],
    renewed: Sequence[tuple[ItemState, str]],
    deleted: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """The one audit row of a rebuild written in bulk: what each item was and became.

    ``action`` ``update``, ``entity_id`` ``rebuild:<meeting id>``. ``before_json``: the renewed
    items' old reasons (each distinct JSON once, per item ``[id, index]``) and the deleted rows
    whole; ``after_json``: their new reasons the same way and the items added as
    :func:`saved_items_audit` lists them.
    """
    old_reasons, old = _indexed((state.id, state.reasons_json) for state, _new in renewed)
    new_reasons, new = _indexed((state.id, reasons) for state, reasons in renewed)
    before = {"reasons": old_reasons, "renewed": old, "deleted": list(deleted)}
    after = {
        "meeting_id": meeting_id,
        "reasons": new_reasons,
        "renewed": new,
        "added": _saved_items(meeting_id, "auto", added),
    }
    return audit_row(user, "update", ITEMS.name, f"rebuild:{meeting_id}", before, after)


def _indexed(pairs: Iterable[tuple[int, str]]) -> tuple[list[str], list[list[int]]]:
    """Each distinct reasons JSON once, and per item ``[id, index of its reasons]``."""
    reasons: dict[str, int] = {}
    listed = [[item_id, reasons.setdefault(text, len(reasons))] for item_id, text in pairs]
    return list(reasons), listed


def _saved_items(meeting_id: int, origin: str, items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    reasons: dict[str, int] = {}
    listed = [
        [item["id"], item["child_id"], item["position"],
         reasons.setdefault(item["reasons_json"], len(reasons))]
        for item in items
    ]  # fmt: skip
    return {
        "meeting_id": meeting_id,
        "origin": origin,
        "removed": False,
        "late": False,
        "notes": "",
        "count": len(items),
        "reasons": list(reasons),
        "columns": list(SAVED_COLUMNS),
        "items": listed,
    }
