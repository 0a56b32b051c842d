"""Editing a case on a real SQLite caseload: checked fields, one audit row per row, undo/redo."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.case import Child, Event, StatusSpell
from app.services.editing import (
    AddEvent,
    AddStatus,
    ChangeDetails,
    ClearFlag,
    Edit,
    EditEvent,
    EditRefused,
    FieldProblem,
    FormReader,
    RemoveEvent,
    SetFileItem,
    SetFlag,
    SetStatusEnd,
    details_edit,
    editable_case,
    event_moved,
    replay,
    save,
)
from app.services.workspace import Workspace, create_workspace

PACK = "case-transfer-policy-2021"
TODAY = date(2026, 11, 23)
CHILD = Child("A1", "Poppy", "Varga", date(2016, 5, 1), sex="F")
TABLES = ("children", "legal_statuses", "flags", "events", "file_items", "audit_log")


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    ws = create_workspace(tmp_path / "e.sqlite3", PACK, user="tester")
    with ws.unit_of_work() as uow:
        uow.teams.add_team("fst", "Family Support Team")
        uow.cases.add_child(CHILD, team_id="fst", allocated_on=date(2026, 1, 5))
        uow.cases.add_status("A1", StatusSpell("CIN", date(2026, 2, 1)))
        uow.cases.add_event("A1", Event("cin_review", date(2026, 6, 1), 1), note="first")
        uow.cases.set_flag("A1", "sen", date(2026, 3, 1))
        uow.commit()
    return ws


def dump(ws: Workspace) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an edit touches, read with plain sqlite3."""
    with sqlite3.connect(ws.path) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def audit_rows(ws: Workspace, after_id: int) -> list[tuple[str, str, str, str | None]]:
    with sqlite3.connect(ws.path) as db:
        return db.execute(
            "SELECT action, entity, entity_id, after_json FROM audit_log WHERE id > ? ORDER BY id",
            (after_id,),
        ).fetchall()


def last_audit_id(ws: Workspace) -> int:
    with sqlite3.connect(ws.path) as db:
        return int(db.execute("SELECT max(id) FROM audit_log").fetchone()[0])


def fresh_child(ws: Workspace) -> Child:
    with ws.unit_of_work() as uow:
        return uow.cases.child("A1")


def refused(ws: Workspace, edit: Edit) -> tuple[FieldProblem, ...]:
    before = dump(ws)
    with pytest.raises(EditRefused) as caught:
        save(ws, edit, TODAY)
    assert dump(ws) == before  # nothing written, not even an audit row
    return caught.value.problems


def test_a_valid_detail_edit_saves_with_one_audit_row(ws: Workspace) -> None:
    mark = last_audit_id(ws)
    changed = dataclasses.replace(CHILD, given_name="Pip", dob=date(2016, 6, 2))
    undo = save(ws, ChangeDetails("A1", changed), TODAY)
    assert fresh_child(ws) == changed
    rows = audit_rows(ws, mark)
    assert [r[:3] for r in rows] == [("update", "children", "A1")]
    after = json.loads(rows[0][3] or "{}")
    assert after["given_name"] == "Pip" and after["dob"] == "2016-06-02"
    assert undo == ChangeDetails("A1", CHILD)


def test_undo_restores_and_redo_reapplies_in_the_database(ws: Workspace) -> None:
    changed = dataclasses.replace(CHILD, family_name="Okafor")
    undo = save(ws, ChangeDetails("A1", changed), TODAY)
    redo = replay(ws, undo)
    assert fresh_child(ws) == CHILD
    replay(ws, redo)
    assert fresh_child(ws) == changed


@pytest.mark.parametrize(
    ("child", "field", "words"),
    [
        (dataclasses.replace(CHILD, given_name="  "), "given_name", "must not be empty"),
        (dataclasses.replace(CHILD, family_name=""), "family_name", "must not be empty"),
        (dataclasses.replace(CHILD, dob=date(2027, 1, 1)), "dob", "future"),
        (dataclasses.replace(CHILD, dob=None), "dob", "expected date"),
        (dataclasses.replace(CHILD, sex="X"), "sex", "female, male"),
    ],
)
def test_a_bad_detail_saves_nothing(ws: Workspace, child: Child, field: str, words: str) -> None:
    problems = refused(ws, ChangeDetails("A1", child))
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message


def test_an_unknown_status_or_a_future_start_saves_nothing(ws: Workspace) -> None:
    problems = refused(ws, AddStatus("A1", StatusSpell("ZZ", date(2027, 1, 1))))
    assert {p.field for p in problems} == {"code", "start"}
    assert "not a legal status" in problems[0].message


def test_adding_and_ending_a_status_and_their_undo(ws: Workspace) -> None:
    mark = last_audit_id(ws)
    undo_add = save(ws, AddStatus("A1", StatusSpell("CP", date(2026, 10, 1))), TODAY)
    spells = dict(editable_case(ws, "A1").statuses)
    cp_id = next(i for i, s in spells.items() if s.code == "CP")
    undo_end = save(ws, SetStatusEnd("A1", cp_id, date(2026, 11, 1)), TODAY)
    assert dict(editable_case(ws, "A1").statuses)[cp_id].end == date(2026, 11, 1)
    replay(ws, undo_end)
    assert dict(editable_case(ws, "A1").statuses)[cp_id].end is None
    replay(ws, undo_add)
    assert cp_id not in dict(editable_case(ws, "A1").statuses)
    actions = [(r[0], r[1]) for r in audit_rows(ws, mark)]
    assert actions == [("insert", "legal_statuses")] + [("update", "legal_statuses")] * 2 + [
        ("delete", "legal_statuses")
    ]


def test_an_end_before_the_start_saves_nothing(ws: Workspace) -> None:
    ((cin_id, _),) = editable_case(ws, "A1").statuses
    problems = refused(ws, SetStatusEnd("A1", cin_id, date(2026, 1, 1)))
    assert problems == (FieldProblem("end", "the end cannot be before the status began"),)


def test_flags_set_clear_and_undo_keeps_the_day_set(ws: Workspace) -> None:
    undo_clear = save(ws, ClearFlag("A1", "sen"), TODAY)
    assert undo_clear == SetFlag("A1", "sen", date(2026, 3, 1))
    replay(ws, undo_clear)
    with ws.unit_of_work() as uow:
        assert uow.cases.flag_set_on("A1", "sen") == date(2026, 3, 1)
    assert refused(ws, SetFlag("A1", "sen", TODAY))[0].message == "this flag is already set"
    assert refused(ws, SetFlag("A1", "no_such_flag", TODAY))[0].field == "flag"
    assert refused(ws, ClearFlag("A1", "missing"))[0].message == "this flag is not set on the case"


def test_events_add_edit_remove_and_undo(ws: Workspace) -> None:
    ((review_id, review, note),) = editable_case(ws, "A1").events
    moved = event_moved(review, "cin_review", date(2026, 7, 1), 2)
    undo_edit = save(ws, EditEvent("A1", review_id, moved, note), TODAY)
    assert editable_case(ws, "A1").events == ((review_id, moved, "first"),)
    replay(ws, undo_edit)
    assert editable_case(ws, "A1").events == ((review_id, review, "first"),)
    undo_remove = save(ws, RemoveEvent("A1", review_id), TODAY)
    assert editable_case(ws, "A1").events == ()
    redo_remove = replay(ws, undo_remove)  # the event comes back (under a new id) …
    assert [e[1:] for e in editable_case(ws, "A1").events] == [(review, "first")]
    replay(ws, redo_remove)  # … and redo removes that one
    assert editable_case(ws, "A1").events == ()
    assert refused(ws, AddEvent("A1", Event("tea_party", date(2026, 7, 1))))[0].field == "kind"
    for disagreement in ("disagreement_raised", "disagreement_resolved", "dispute_resolved"):
        # a disagreement lives in its own table, never on the child's record
        assert refused(ws, AddEvent("A1", Event(disagreement, TODAY)))[0].field == "kind"


def test_a_moved_event_keeps_its_time_of_day() -> None:
    old = Event("referral", date(2026, 7, 1), at=datetime(2026, 7, 1, 14, 30))
    assert event_moved(old, "referral", date(2026, 7, 3), None).at == datetime(2026, 7, 3, 14, 30)


def test_a_file_item_present_then_absent_and_undone(ws: Workspace) -> None:
    undo_first = save(ws, SetFileItem("A1", "genogram", date(2026, 10, 1)), TODAY)
    undo_absent = save(ws, SetFileItem("A1", "genogram", None), TODAY)
    with ws.unit_of_work() as uow:
        assert uow.cases.file_item_entry("A1", "genogram") == (None, "")
    replay(ws, undo_absent)
    with ws.unit_of_work() as uow:
        assert uow.cases.file_item_entry("A1", "genogram") == (date(2026, 10, 1), "")
    replay(ws, undo_first)
    with ws.unit_of_work() as uow:
        assert uow.cases.file_item_entry("A1", "genogram") is None
    assert refused(ws, SetFileItem("A1", "genogram", date(2027, 1, 1)))[0].field == "updated"


def test_a_replay_of_a_row_gone_meanwhile_is_refused_not_a_crash(ws: Workspace) -> None:
    ((review_id, *_),) = editable_case(ws, "A1").events
    undo_remove = save(ws, RemoveEvent("A1", review_id), TODAY)
    with pytest.raises(EditRefused) as caught:
        replay(ws, RemoveEvent("A1", review_id))
    assert caught.value.problems[0].field == "case"
    assert isinstance(undo_remove, AddEvent)


def test_the_form_reader_names_each_unreadable_field() -> None:
    reader = FormReader()
    assert reader.day("dob", "31/02/2020") is None
    assert reader.day("start", "", required=True) is None
    assert reader.day("end", "2026-11-02") == date(2026, 11, 2)
    assert reader.day("on", "02/11/2026") == date(2026, 11, 2)
    assert reader.number("number", "0") is None
    assert reader.number("number", "3") == 3
    with pytest.raises(EditRefused) as caught:
        reader.done()
    assert [p.field for p in caught.value.problems] == ["dob", "start", "number"]


def typed(**changes: object) -> ChangeDetails:
    fields: dict[str, object] = {"given_name": "Poppy", "family_name": "Varga",
                                 "dob": "01/05/2016", "expected_dob": "", "sex": "F",
                                 "disability": False, "uasc": False}  # fmt: skip
    return details_edit("A1", today=TODAY, **{**fields, **changes})  # type: ignore[arg-type]


def test_typed_details_report_every_field_at_once() -> None:
    with pytest.raises(EditRefused) as caught:
        typed(given_name=" ", dob="31/02/2016")
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("dob", "not a date: use YYYY-MM-DD or DD/MM/YYYY"),
        ("given_name", "must not be empty"),
    ]
    wanted = dataclasses.replace(CHILD, given_name="Pip", disability=True)
    assert typed(given_name=" Pip ", disability=True) == ChangeDetails("A1", wanted)
