"""A disputed transfer wherever the meetings show it, on a real SQLite caseload file.

Raising a disagreement makes a transfer ``disputed`` (:mod:`app.services.disagreements`). One
agreed before the dispute keeps its agreed date, and the managers still plan around it:

- the shared transfer calendar keeps it, marked disputed, and so does its .ics (ids only);
- the agenda names its date as the agreed one, under dispute;
- agreeing it at the meeting settles its open disagreements in the same unit of work (with their
  audit rows); deferring or declining leaves them open.

The caseload is the 2021 policy (monthly Case Transfer Meeting, Family Support to Children in
Care); every person in it is fictional.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from app.domain.case import Child, StatusSpell
from app.domain.meeting_agenda import Why
from app.services import disagreements as dis
from app.services import meeting_outputs as outputs
from app.services import meeting_views, meetings
from app.services.meetings import MeetingError
from app.services.workspace import Workspace, create_workspace

PACK = "case-transfer-policy-2021"
MEETING = "case-transfer-meeting"
CHRISTMAS = date(2026, 12, 25)  # the first sitting asked for: held Tue 29 December 2026
HELD = date(2026, 12, 29)
AGREED_ON = date(2026, 11, 30)
RAISED = datetime(2026, 12, 1, 10, 0)
SUBJECT = "Sibling placement worry"  # what the teams disagree about: never leaves the store
SETTLED = "Agreed at the transfer meeting of Tue 29 Dec 2026"
NAMES = {"AGREED": ("Wren", "Fictitious"), "PROPOSED": ("Juno", "Notreal")}


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    """Two Family Support cases: C-AGREED's transfer agreed (move Mon 11 January, joint visit
    Wed 6th), C-PROPOSED's proposed (move Wed 13 January); neither disputed yet."""
    space = create_workspace(tmp_path / "case.sqlite3", PACK, user="tm.test")
    with space.unit_of_work() as uow:
        for team in space.pack.teams:
            uow.teams.add_team(team.id, team.name, team.kind)
        uow.teams.add_worker("W-FST", "Fen Worker", "fst")
        for key, (given, family) in NAMES.items():
            uow.cases.add_child(
                Child(f"C-{key}", given, family, date(2015, 5, 17)),
                team_id="fst",
                worker_id="W-FST",
            )
            uow.cases.add_status(f"C-{key}", StatusSpell("V2", date(2026, 10, 1)))
        common = {"pack_id": PACK, "pack_version": space.pack.version, "from_team": "fst",
                  "to_team": "cic"}  # fmt: skip
        uow.transfers.add(
            "C-AGREED", "fst-to-cic", status="agreed", agreed_on=AGREED_ON,
            transfer_date=date(2027, 1, 11), joint_visit_on=date(2027, 1, 6), **common,
        )  # fmt: skip
        uow.transfers.add(
            "C-PROPOSED", "fst-to-cic", status="proposed", transfer_date=date(2027, 1, 13), **common
        )
        uow.commit()
    yield space
    space.database.close()


def transfer_of(ws: Workspace, case_id: str) -> int:
    with ws.unit_of_work() as uow:
        (transfer,) = uow.transfers.of_child(case_id)
        return transfer.id


def dispute(ws: Workspace, case_id: str, raised_at: datetime = RAISED) -> int:
    return dis.raise_disagreement(
        ws, transfer_of(ws, case_id), subject=SUBJECT, raised_at=raised_at
    )


def status_of(ws: Workspace, case_id: str) -> str:
    with ws.unit_of_work() as uow:
        return uow.transfers.get(transfer_of(ws, case_id)).status


def item_of(ws: Workspace, meeting_id: int, case_id: str) -> int:
    view = meetings.agenda(ws, meeting_id)
    return next(e.record.id for e in view.entries if e.case_id == case_id)


def audit_updates(ws: Workspace, entity: str, entity_id: int) -> list[tuple[dict, dict]]:  # type: ignore[type-arg]
    """The (before, after) columns of every audited update of the row."""
    with sqlite3.connect(ws.path) as db:
        rows = db.execute(
            "SELECT before_json, after_json FROM audit_log WHERE entity = ? AND entity_id = ? "
            "AND action = 'update' ORDER BY id",
            (entity, str(entity_id)),
        ).fetchall()
    return [(json.loads(b or "{}"), json.loads(a or "{}")) for b, a in rows]


# -- the transfer calendar and its .ics -----------------------------------------------------


def test_an_agreed_then_disputed_transfer_stays_on_the_calendar_marked_disputed(
    ws: Workspace,
) -> None:
    dispute(ws, "C-AGREED")
    dispute(ws, "C-PROPOSED")  # never agreed: no agreed date to plan around
    assert status_of(ws, "C-AGREED") == status_of(ws, "C-PROPOSED") == "disputed"
    weeks = outputs.transfer_calendar(ws, date(2027, 1, 4), weeks=2)
    assert [(e.on, e.kind, e.case_id, e.disputed) for w in weeks for e in w.entries] == [
        (date(2027, 1, 6), "joint visit", "C-AGREED", True),
        (date(2027, 1, 11), "transfer", "C-AGREED", True),
    ]


def test_a_settled_dispute_leaves_the_transfer_on_the_calendar_unmarked(ws: Workspace) -> None:
    dis.resolve(ws, dispute(ws, "C-AGREED"), date(2026, 12, 2), "Date kept")
    weeks = outputs.transfer_calendar(ws, date(2027, 1, 4), weeks=2)
    assert [(e.case_id, e.disputed) for w in weeks for e in w.entries] == [
        ("C-AGREED", False),
        ("C-AGREED", False),
    ]


def test_the_ics_says_disputed_in_words_with_ids_only(ws: Workspace) -> None:
    dispute(ws, "C-AGREED")
    data = outputs.transfers_ics(ws, date(2027, 1, 1), date(2027, 1, 31))
    events = Calendar.from_ical(data).walk("VEVENT")
    found = sorted(
        (e.decoded("dtstart"), str(e.get("summary")), str(e.get("description"))) for e in events
    )
    transfer_id = transfer_of(ws, "C-AGREED")
    teams = "Family Support Team to Children in Care team"
    why = f"Disputed: transfer {transfer_id} was agreed, then a disagreement"
    assert [(on, summary) for on, summary, _ in found] == [
        (date(2027, 1, 6), f"Joint visit C-AGREED (disputed): {teams}"),
        (date(2027, 1, 11), f"Transfer C-AGREED (disputed): {teams}"),
    ]
    assert all(text.startswith("Case C-AGREED; pathway fst-to-cic. " + why) for *_, text in found)
    for secret in (SUBJECT, "tm.test", *(n for pair in NAMES.values() for n in pair)):
        assert secret.encode() not in data


# -- the agenda -----------------------------------------------------------------------------


def test_the_agenda_names_the_agreed_date_under_dispute(ws: Workspace) -> None:
    dispute(ws, "C-AGREED")
    dispute(ws, "C-PROPOSED")
    view = meetings.agenda(ws, meetings.prepare_meeting(ws, MEETING, CHRISTMAS))
    dated = {
        e.case_id: r.text
        for e in view.entries
        for r in e.item.reasons
        if r.why is Why.TRANSFER_DATE
    }
    assert dated == {
        "C-AGREED": "Agreed transfer date Mon 11 Jan 2027 (under dispute) falls within the "
        "meeting's horizon",
        "C-PROPOSED": "Proposed transfer date Wed 13 Jan 2027 falls within the meeting's horizon",
    }


# -- agreeing a disputed transfer at the meeting --------------------------------------------


@pytest.mark.parametrize("case_id", ["C-AGREED", "C-PROPOSED"])
def test_agreeing_at_the_meeting_resolves_every_open_disagreement(
    ws: Workspace, case_id: str
) -> None:
    first = dispute(ws, case_id)
    second = dispute(ws, case_id, datetime(2026, 12, 2, 9, 0))
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    item_id = item_of(ws, meeting_id, case_id)
    before = meeting_views.open_disagreements(ws, item_id, HELD)
    assert [v.record.id for v in before] == [first, second]
    assert before[0].sits_with == "Team managers of Family Support Team and Children in Care team"
    transfer_id = meetings.record_decision(ws, item_id, "agreed")
    assert transfer_id == transfer_of(ws, case_id) and status_of(ws, case_id) == "agreed"
    settled = dis.list_disagreements(ws, HELD)
    assert [(v.record.resolved_on, v.record.resolution) for v in settled] == [(HELD, SETTLED)] * 2
    assert meeting_views.open_disagreements(ws, item_id, HELD) == []
    for disagreement_id in (first, second):
        assert audit_updates(ws, "disagreements", disagreement_id) == [
            ({"resolved_on": None, "resolution": ""}, {"resolved_on": "2026-12-29",
                                                       "resolution": SETTLED}),
        ]  # fmt: skip
    changes = [(b["status"], a["status"]) for b, a in audit_updates(ws, "transfers", transfer_id)]
    assert changes[-1] == ("disputed", "agreed")


@pytest.mark.parametrize("decision", ["deferred", "declined"])
def test_deferring_or_declining_leaves_the_disagreement_open(ws: Workspace, decision: str) -> None:
    disagreement_id = dispute(ws, "C-AGREED")
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    item_id = item_of(ws, meeting_id, "C-AGREED")
    meetings.record_decision(ws, item_id, decision)
    assert status_of(ws, "C-AGREED") == "disputed"
    (still,) = meeting_views.open_disagreements(ws, item_id, HELD)
    assert still.record.id == disagreement_id and still.is_open
    assert audit_updates(ws, "disagreements", disagreement_id) == []


def test_a_disagreement_raised_after_the_sitting_is_not_settled_by_it(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    item_id = item_of(ws, meeting_id, "C-AGREED")
    later = dispute(ws, "C-AGREED", datetime(2026, 12, 30, 9, 0))
    with pytest.raises(MeetingError, match="raised after this sitting of Tue 29 Dec 2026"):
        meetings.record_decision(ws, item_id, "agreed")
    assert status_of(ws, "C-AGREED") == "disputed"  # nothing half-written
    assert [v.record.id for v in meeting_views.open_disagreements(ws, item_id, HELD)] == [later]
    assert meetings.agenda(ws, meeting_id).entries[0].record.decision is None


def test_a_failed_resolution_saves_no_decision(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    dispute(ws, "C-AGREED")
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    item_id = item_of(ws, meeting_id, "C-AGREED")

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("app.storage.transfers.TransferRepository.resolve_disagreement", disk_full)
    with pytest.raises(sqlite3.OperationalError):
        meetings.record_decision(ws, item_id, "agreed")
    monkeypatch.undo()
    assert status_of(ws, "C-AGREED") == "disputed"
    assert all(e.record.decision is None for e in meetings.agenda(ws, meeting_id).entries)
    assert len(meeting_views.open_disagreements(ws, item_id, HELD)) == 1
