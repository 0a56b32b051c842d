"""Transfer meetings end to end on a real SQLite file: plan, edit, run, minute, print, share.

The caseload is the 2021 policy (monthly Case Transfer Meeting, Family Support to Children in
Care); every person in it is fictional.
"""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from app.domain.case import Child, Event, StatusSpell
from app.domain.meeting_agenda import Why
from app.services import meeting_outputs as outputs
from app.services import meetings
from app.services.meetings import Decision, MeetingError
from app.services.workspace import Workspace, create_workspace
from app.storage.meetings import AttendeeRecord

PACK = "case-transfer-policy-2021"
MEETING = "case-transfer-meeting"
CHRISTMAS = date(2026, 12, 25)  # the first sitting asked for: held Tue 29 December 2026
HELD = date(2026, 12, 29)
NEXT = date(2027, 1, 25)
NAMES = {"S20": ("Wren", "Fictitious"), "HEARING": ("Ottoline", "Madeup"),
         "QUIET": ("Pip", "Imaginary"), "PROPOSED": ("Juno", "Notreal")}  # fmt: skip


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A 2021 caseload: two cases the pack brings, one with a proposed transfer, one quiet."""
    space = create_workspace(tmp_path / "case.sqlite3", PACK, user="tm.test")
    with space.unit_of_work() as uow:
        for team in space.pack.teams:
            uow.teams.add_team(team.id, team.name, team.kind)
        uow.teams.add_worker("W-FST", "Fen Worker", "fst")
        uow.teams.add_worker("W-CIC", "Cass Worker", "cic")
        for key, (given, family) in NAMES.items():
            child = Child(f"C-{key}", given, family, date(2015, 5, 17))
            uow.cases.add_child(child, team_id="fst", worker_id="W-FST")
        uow.cases.add_status("C-S20", StatusSpell("V2", date(2026, 8, 1)))
        uow.cases.add_event("C-S20", Event("cic_review", date(2026, 9, 1), 1))
        uow.cases.add_status("C-HEARING", StatusSpell("C1", date(2026, 6, 1)))
        uow.cases.add_event("C-HEARING", Event("final_hearing_scheduled", date(2026, 11, 2)))
        uow.cases.add_status("C-PROPOSED", StatusSpell("V2", date(2026, 10, 1)))
        uow.transfers.add(
            "C-PROPOSED", "fst-to-cic", pack_id=PACK, pack_version=space.pack.version,
            from_team="fst", to_team="cic", status="proposed", transfer_date=date(2027, 1, 11),
        )  # fmt: skip
        uow.commit()
    return space


def ids_of(ws: Workspace, meeting_id: int) -> list[str]:
    return list(meetings.agenda(ws, meeting_id).case_ids)


def item_of(ws: Workspace, meeting_id: int, case_id: str) -> int:
    view = meetings.agenda(ws, meeting_id)
    return next(e.record.id for e in view.entries if e.case_id == case_id)


def test_the_agenda_builds_itself_and_is_kept(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    view = meetings.agenda(ws, meeting_id)
    assert view.sitting.held_on == HELD and view.sitting.scheduled_on == CHRISTMAS
    assert view.window.sitting.moved_because == "Christmas Day"
    assert view.case_ids == ("C-PROPOSED", "C-HEARING", "C-S20")
    assert view.entries[0].item.reasons[0].why is Why.TRANSFER_DATE
    assert meetings.first_sitting(ws, MEETING) == CHRISTMAS  # the monthly day comes from it
    assert meetings.prepare_meeting(ws, MEETING, HELD) == meeting_id
    assert [s.held for s in meetings.schedule(ws, MEETING, HELD, NEXT)] == [HELD, NEXT]


def test_a_day_the_meeting_does_not_sit_is_refused(ws: Workspace) -> None:
    meetings.set_first_sitting(ws, MEETING, CHRISTMAS)
    with pytest.raises(MeetingError, match="does not sit on 2027-01-26"):
        meetings.prepare_meeting(ws, MEETING, date(2027, 1, 26))
    with pytest.raises(MeetingError, match="no meeting 'tuesday'"):
        meetings.prepare_meeting(ws, "tuesday", HELD)


def test_the_manager_adds_removes_and_reorders_and_a_rebuild_keeps_it(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    quiet = meetings.add_case(ws, meeting_id, "C-QUIET", today=date(2026, 12, 1)).entry.record.id
    meetings.remove_item(ws, item_of(ws, meeting_id, "C-HEARING"))
    order = [item_of(ws, meeting_id, c) for c in ("C-S20", "C-QUIET", "C-PROPOSED")]
    meetings.reorder(ws, meeting_id, order)
    meetings.refresh_agenda(ws, meeting_id)
    view = meetings.agenda(ws, meeting_id)
    assert view.case_ids == ("C-S20", "C-QUIET", "C-PROPOSED")
    added = next(e for e in view.entries if e.record.id == quiet)
    assert added.record.origin == "manual" and not added.record.late
    assert [r.why for r in added.item.reasons] == [Why.ADDED]
    with pytest.raises(MeetingError, match="every item"):
        meetings.reorder(ws, meeting_id, order[:2])


def test_adding_a_case_returns_its_item_described_and_its_place_as_the_agenda_has_them(
    ws: Workspace,
) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    added = meetings.add_case(ws, meeting_id, "C-QUIET", today=date(2026, 12, 1))
    hearing = item_of(ws, meeting_id, "C-HEARING")
    meetings.remove_item(ws, hearing)
    back = meetings.add_case(ws, meeting_id, "C-HEARING", today=date(2026, 12, 1))
    entries = meetings.agenda(ws, meeting_id).entries
    assert entries[added.place] == added.entry and entries[back.place] == back.entry
    assert added.place == 3 and [r.why for r in added.entry.item.reasons] == [Why.ADDED]
    assert back.entry.record.id == hearing and back.place == 1  # back where it was
    assert not added.was_on and not back.was_on
    again = meetings.add_case(ws, meeting_id, "C-QUIET", today=date(2026, 12, 1))
    assert again.was_on and again.entry == added.entry and again.place == added.place
    assert len(meetings.agenda(ws, meeting_id).entries) == 4  # the same item, not a second


def test_a_case_added_after_the_cut_off_is_marked_late(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    assert meetings.agenda(ws, meeting_id).window.cutoff == date(2026, 12, 24)
    meetings.add_case(ws, meeting_id, "C-QUIET", today=date(2026, 12, 29))
    (late,) = [e for e in meetings.agenda(ws, meeting_id).entries if e.case_id == "C-QUIET"]
    assert late.record.late
    with pytest.raises(MeetingError, match="no case 'C-NOBODY'"):
        meetings.add_case(ws, meeting_id, "C-NOBODY")


def test_an_agreed_decision_creates_the_transfer_in_the_same_unit_of_work(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    transfer_id = meetings.record_decision(
        ws, item_of(ws, meeting_id, "C-S20"), Decision.AGREED, receiving_team="cic",
        receiving_worker="W-CIC", transfer_date=date(2027, 1, 18),
        joint_visit_on=date(2027, 1, 12), notes="Agreed after the 1st CCR",
    )  # fmt: skip
    assert transfer_id is not None
    with ws.unit_of_work() as uow:
        transfer = uow.transfers.get(transfer_id)
    assert (transfer.status, transfer.pathway_id, transfer.to_team) == (
        "agreed",
        "fst-to-cic",
        "cic",
    )
    assert transfer.agreed_on == HELD and transfer.transfer_date == date(2027, 1, 18)
    assert transfer.receiving_worker_id == "W-CIC" and transfer.pack_id == PACK
    assert steps(ws, transfer_id) == [("case-transfer-meeting", HELD.isoformat(), "agreed")]
    item = meetings.agenda(ws, meeting_id).entries[-1].record
    assert item.decision == "agreed" and item.transfer_id == transfer_id


def test_an_agreed_decision_updates_the_open_transfer(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    item_id = item_of(ws, meeting_id, "C-PROPOSED")
    transfer_id = meetings.record_decision(
        ws, item_id, "agreed", transfer_date=date(2027, 1, 20), joint_visit_on=date(2027, 1, 14)
    )
    with ws.unit_of_work() as uow:
        (transfer,) = uow.transfers.of_child("C-PROPOSED")
    assert transfer.id == transfer_id and transfer.status == "agreed"
    assert transfer.transfer_date == date(2027, 1, 20) and transfer.to_team == "cic"


def test_a_failed_decision_writes_nothing(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    item_id = item_of(ws, meeting_id, "C-S20")
    with pytest.raises(MeetingError, match="no worker"):
        meetings.record_decision(ws, item_id, "agreed", receiving_worker="W-NOBODY")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk gremlin")

    monkeypatch.setattr("app.storage.meetings.MeetingRepository.decide", broken)
    with pytest.raises(RuntimeError):
        meetings.record_decision(ws, item_id, "agreed", transfer_date=date(2027, 1, 18))
    with ws.unit_of_work() as uow:
        assert uow.transfers.of_child("C-S20") == []


def test_deferred_and_undiscussed_cases_and_open_actions_carry_over(ws: Workspace) -> None:
    first = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    meetings.record_decision(ws, item_of(ws, first, "C-PROPOSED"), Decision.DEFERRED)
    meetings.add_case(ws, first, "C-QUIET", today=date(2026, 12, 1))
    meetings.record_decision(ws, item_of(ws, first, "C-QUIET"), Decision.DECLINED)
    meetings.record_decision(ws, item_of(ws, first, "C-S20"), Decision.DECLINED)
    meetings.add_action(ws, first, "Update the chronology", owner="Fen Worker",
                        due_on=date(2027, 1, 8), case_id="C-S20")  # fmt: skip
    meetings.set_status(ws, first, "held", notes="Quorate.")
    second = meetings.prepare_meeting(ws, MEETING, NEXT)
    view = meetings.agenda(ws, second)
    whys = {e.case_id: [r.why for r in e.item.reasons] for e in view.entries}
    assert whys["C-PROPOSED"][0] is Why.CARRIED  # deferred
    assert whys["C-HEARING"][0] is Why.CARRIED  # not reached
    assert whys["C-S20"][0] is Why.CARRIED  # declined, but its action is open
    assert "C-QUIET" not in whys  # declined, nothing open
    # carried over first; among them, the overdue transfer date (Mon 11 January) leads
    assert view.case_ids == ("C-PROPOSED", "C-HEARING", "C-S20")


def test_open_actions_feed_the_due_view_until_done(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    soon = meetings.add_action(ws, meeting_id, "Book the joint visit", owner="Cass Worker",
                               due_on=date(2027, 1, 4), case_id="C-S20")  # fmt: skip
    meetings.add_action(ws, meeting_id, "Chase the care plan", owner="Fen Worker",
                        due_on=date(2027, 2, 1), case_id="C-HEARING")  # fmt: skip
    meetings.add_action(ws, meeting_id, "Capacity report", owner="Chair")
    due = meetings.open_actions(ws, within_working_days=5, today=date(2026, 12, 29))
    assert [d.action.text for d in due] == ["Book the joint visit", "Capacity report"]
    assert due[0].action.child_id == "C-S20" and due[0].held_on == HELD
    assert not due[0].overdue
    assert len(meetings.open_actions(ws, today=date(2026, 12, 29))) == 3
    assert meetings.open_actions(ws, 5, today=date(2027, 1, 5))[0].overdue
    meetings.complete_action(ws, soon, date(2027, 1, 4))
    left = [d.action.text for d in meetings.open_actions(ws, today=HELD)]
    assert left == ["Chase the care plan", "Capacity report"]
    with pytest.raises(MeetingError, match="not on the agenda"):
        meetings.add_action(ws, meeting_id, "x", owner="y", case_id="C-NOBODY")


def test_calendar_files_parse_and_carry_case_ids_only(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    meetings.record_decision(
        ws, item_of(ws, meeting_id, "C-S20"), "agreed", receiving_team="cic",
        transfer_date=date(2027, 1, 18), joint_visit_on=date(2027, 1, 12),
    )  # fmt: skip
    meeting = Calendar.from_ical(outputs.meeting_ics(ws, meeting_id))
    (sitting,) = meeting.walk("VEVENT")
    assert sitting.decoded("dtstart") == HELD
    assert "C-S20" in str(sitting.get("description"))
    transfers_ics = outputs.transfers_ics(ws, date(2027, 1, 1), date(2027, 1, 31))
    events = Calendar.from_ical(transfers_ics).walk("VEVENT")
    found = sorted((e.decoded("dtstart"), str(e.get("summary"))) for e in events)
    assert found == [
        (date(2027, 1, 12), "Joint visit C-S20: Family Support Team to Children in Care team"),
        (date(2027, 1, 18), "Transfer C-S20: Family Support Team to Children in Care team"),
    ]
    everything = outputs.meeting_ics(ws, meeting_id) + transfers_ics
    for given, family in NAMES.values():
        assert given.encode() not in everything and family.encode() not in everything


def test_the_transfer_calendar_lists_agreed_dates_week_by_week(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    meetings.record_decision(ws, item_of(ws, meeting_id, "C-PROPOSED"), "agreed",
                             joint_visit_on=date(2027, 1, 6))  # fmt: skip
    weeks = outputs.transfer_calendar(ws, date(2027, 1, 4), weeks=2)
    assert [(e.on, e.kind, e.case_id) for w in weeks for e in w.entries] == [
        (date(2027, 1, 6), "joint visit", "C-PROPOSED"),
        (date(2027, 1, 11), "transfer", "C-PROPOSED"),
    ]


def test_agenda_and_minutes_pdfs_carry_the_marking_and_the_case_ids(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    meetings.set_attendance(ws, meeting_id, [
        AttendeeRecord("Ines Chair", "CiC & 16+ manager", "cic"),
        AttendeeRecord("Ravi Absent", "FST manager", "fst", present=False),
    ])  # fmt: skip
    meetings.record_decision(ws, item_of(ws, meeting_id, "C-S20"), "agreed", receiving_team="cic",
                             transfer_date=date(2027, 1, 18))  # fmt: skip
    meetings.add_action(ws, meeting_id, "Send the Appendix A checklist", owner="Fen Worker",
                        due_on=date(2027, 1, 8), case_id="C-S20")  # fmt: skip
    agenda_text = pdf_text(lambda out: outputs.write_agenda(ws, meeting_id, out))
    minutes_text = pdf_text(lambda out: outputs.write_minutes(ws, meeting_id, out))
    for text in (agenda_text, minutes_text):
        assert text.count("OFFICIAL-SENSITIVE") >= 2
        assert "Page 1 of" in text and f"version {ws.pack.version}" in text
        for case_id in ("C-S20", "C-HEARING", "C-PROPOSED"):
            assert case_id in text
        for given, family in NAMES.values():
            assert given not in text and family not in text
    assert "moved from Friday 25 December 2026: Christmas Day" in agenda_text
    assert "AGREED" in minutes_text and "NOT REACHED" in minutes_text
    assert "Apologies" in minutes_text and "Send the Appendix A checklist" in minutes_text


def pdf_text(write: object) -> str:
    out = io.BytesIO()
    pages = write(out)  # type: ignore[operator]
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert len(reader.pages) == pages
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def steps(ws: Workspace, transfer_id: int) -> list[tuple[str, str, str]]:
    with sqlite3.connect(ws.path) as connection:
        rows = connection.execute(
            "SELECT step_id, done_on, outcome FROM transfer_steps WHERE transfer_id = ?",
            (transfer_id,),
        ).fetchall()
    connection.close()
    return [tuple(r) for r in rows]


def decisions_row(text: str, case_id: str) -> str:
    """The minutes' text from the case's row of the decisions table to the Actions heading."""
    decisions = text[text.index("Decisions (") : text.index("Actions (")]
    return decisions[decisions.index(case_id) :]


def test_minutes_of_a_transfer_agreed_as_proposed_print_what_it_adopted(ws: Workspace) -> None:
    with ws.unit_of_work() as uow:
        (proposed,) = uow.transfers.of_child("C-PROPOSED")
        uow.transfers.update(proposed.id, receiving_worker_id="W-CIC")
        uow.commit()
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    item_id = item_of(ws, meeting_id, "C-PROPOSED")
    assert meetings.record_decision(ws, item_id, Decision.AGREED) == proposed.id  # as proposed
    with ws.unit_of_work() as uow:  # a later sitting moves the date: these minutes keep theirs
        uow.transfers.update(proposed.id, transfer_date=date(2027, 2, 1))
        uow.commit()
    row = decisions_row(
        pdf_text(lambda out: outputs.write_minutes(ws, meeting_id, out)), "C-PROPOSED"
    )
    assert row.startswith("C-PROPOSED AGREED Children in Care team Cass Worker 11 Jan 2027")


def test_minutes_of_an_older_as_proposed_decision_read_the_transfer(ws: Workspace) -> None:
    """A decision recorded before the adopted values were kept on it: the transfer's are shown."""
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    item_id = item_of(ws, meeting_id, "C-PROPOSED")
    transfer_id = meetings.record_decision(ws, item_id, Decision.AGREED)
    with ws.unit_of_work() as uow:  # as such a decision was stored: nothing named
        uow.meetings.decide(item_id, "agreed", transfer_id=transfer_id, receiving_team=None,
                            transfer_date=None)  # fmt: skip
        uow.commit()
    text = pdf_text(lambda out: outputs.write_minutes(ws, meeting_id, out))
    assert decisions_row(text, "C-PROPOSED").startswith(
        "C-PROPOSED AGREED Children in Care team 11 Jan 2027"
    )


def test_minutes_of_a_deferred_case_name_no_receiving_team(ws: Workspace) -> None:
    meeting_id = meetings.prepare_meeting(ws, MEETING, CHRISTMAS)
    meetings.record_decision(ws, item_of(ws, meeting_id, "C-PROPOSED"), Decision.DEFERRED)
    text = pdf_text(lambda out: outputs.write_minutes(ws, meeting_id, out))
    assert decisions_row(text, "C-PROPOSED").startswith("C-PROPOSED DEFERRED — — —")
