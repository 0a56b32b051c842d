"""Moving one agenda item and rebuilding an agenda, as the editor asks for them, on a real file.

A move swaps two items and nothing else; a rebuild writes only what changed, in bulk, with one
audit row (none when nothing changed), and nothing at all when it fails. The caseload is the
2021 policy's of ``test_meetings`` (every person fictional).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from app.services import meetings
from app.services.agenda import ADDED
from app.services.meetings import MeetingError
from app.services.workspace import Workspace
from app.storage import meetings as stored_meetings
from app.storage.chain import verify_chain
from tests.services.test_meetings import CHRISTMAS, MEETING, ids_of, item_of
from tests.services.test_meetings import ws as ws  # the fixture

ADDED_ONLY = json.dumps([ADDED.as_dict()], ensure_ascii=False)  # the reasons of an addition


def sql(ws: Workspace, statement: str) -> list[Any]:
    """Run plain SQL on the workspace's file (behind the app's back, as a stale copy would)."""
    connection = sqlite3.connect(ws.database.path)
    try:
        with connection:
            return connection.execute(statement).fetchall()
    finally:
        connection.close()


def audit_rows(ws: Workspace) -> int:
    return int(sql(ws, "SELECT count(*) FROM audit_log")[0][0])


def reasons_of(ws: Workspace, meeting_id: int) -> dict[str, str]:
    rows = sql(
        ws, f"SELECT child_id, reasons_json FROM meeting_items WHERE meeting_id = {meeting_id}"
    )
    return dict(rows)


def test_moving_an_item_swaps_it_with_its_neighbour_and_a_rebuild_keeps_the_order(
    ws: Workspace,
) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    first, second, third = ids_of(ws, meeting_id)
    moving = item_of(ws, meeting_id, third)
    moved = meetings.move_item(ws, moving, -1)
    assert moved is not None
    assert (moved[0].id, moved[1].id) == (moving, item_of(ws, meeting_id, second))
    assert moved[0].position < moved[1].position
    assert ids_of(ws, meeting_id) == [first, third, second]
    assert meetings.move_item(ws, item_of(ws, meeting_id, first), -1) is None  # first already
    meetings.refresh_agenda(ws, meeting_id)
    assert ids_of(ws, meeting_id) == [first, third, second]
    assert verify_chain(ws.database).ok


def test_a_removed_item_or_a_held_sitting_is_not_moved(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    first, second, _third = ids_of(ws, meeting_id)
    gone = item_of(ws, meeting_id, second)
    meetings.remove_item(ws, gone)
    with pytest.raises(MeetingError, match="put it back first"):
        meetings.move_item(ws, gone, 1)
    meetings.set_status(ws, meeting_id, "held")
    with pytest.raises(MeetingError):
        meetings.move_item(ws, item_of(ws, meeting_id, first), 1)


def test_a_rebuild_with_nothing_changed_writes_nothing(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    meetings.add_case(ws, meeting_id, "C-QUIET")
    before, reasons = audit_rows(ws), reasons_of(ws, meeting_id)
    meetings.refresh_agenda(ws, meeting_id)
    assert audit_rows(ws) == before and reasons_of(ws, meeting_id) == reasons


def test_a_rebuild_renews_drops_and_keeps_by_the_rules_with_one_audit_row(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    meetings.add_case(ws, meeting_id, "C-QUIET")
    meetings.remove_item(ws, item_of(ws, meeting_id, "C-PROPOSED"))
    wanted = reasons_of(ws, meeting_id)
    hearing = item_of(ws, meeting_id, "C-HEARING")
    sql(ws, f"UPDATE meeting_items SET reasons_json = '[]' WHERE meeting_id = {meeting_id}")
    sql(ws, "DELETE FROM events WHERE child_id = 'C-HEARING'")  # the rules no longer bring it
    before = audit_rows(ws)
    meetings.refresh_agenda(ws, meeting_id)
    assert audit_rows(ws) == before + 1
    now = reasons_of(ws, meeting_id)
    assert "C-HEARING" not in now  # dropped: undecided, brought by the rules, no action
    assert now == {k: v for k, v in wanted.items() if k != "C-HEARING"}
    assert now["C-QUIET"] == ADDED_ONLY  # the manager's addition stays, as added
    assert ids_of(ws, meeting_id) == ["C-S20", "C-QUIET"]  # the removed one stays removed
    ((entity_id, was),) = sql(
        ws, "SELECT entity_id, before_json FROM audit_log ORDER BY id DESC LIMIT 1"
    )
    assert entity_id == f"rebuild:{meeting_id}"
    assert [d["id"] for d in json.loads(was)["deleted"]] == [hearing]
    assert verify_chain(ws.database).ok


def test_a_rebuild_that_fails_writes_nothing(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    sql(ws, f"UPDATE meeting_items SET reasons_json = '[]' WHERE meeting_id = {meeting_id}")
    stale, before = reasons_of(ws, meeting_id), audit_rows(ws)

    def disk_gone(*_args: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(stored_meetings, "write_audit_rows", disk_gone)
    with pytest.raises(OSError, match="disk"):
        meetings.refresh_agenda(ws, meeting_id)
    assert reasons_of(ws, meeting_id) == stale and audit_rows(ws) == before
    assert verify_chain(ws.database).ok
