"""Transfer meetings, pure: schedules off bank holidays, horizons, and exactly which cases come.

Every recurring meeting of the five packs gets a caseload where some cases must come and some
must not; the agenda must hold exactly the first lot. Fictional cases only (tests.builders).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.case import AuditAnswer, AuditState, CaseSnapshot
from app.domain.conditions import holds
from app.domain.meeting_agenda import (
    Agenda,
    CarriedOver,
    OpenTransfer,
    Reason,
    Why,
    build_agenda,
    candidate_teams,
    may_hold,
)
from app.domain.meetings import (
    CalendarEntry,
    NeedsAnchor,
    Sitting,
    calendar_weeks,
    cutoff,
    day_words,
    horizon_end,
    is_per_case,
    needs_anchor,
    next_sitting,
    sitting_on,
    sittings,
    window,
)
from app.domain.pack import Condition, Pack
from app.policy.registry import shipped_pack
from app.reference.bank_holidays import default_calendar
from tests.builders import TODAY, case, ev

CAL = default_calendar()
D = date


def agenda_for(
    pack_id: str,
    meeting_id: str,
    day: date,
    cases: list[CaseSnapshot],
    transfers: tuple[OpenTransfer, ...] = (),
    *,
    anchor: date | None = None,
    answers: dict[str, dict[str, dict[str, AuditAnswer]]] | None = None,
    carried: tuple[CarriedOver, ...] = (),
) -> Agenda:
    pack = shipped_pack(pack_id)
    meeting = pack.meeting(meeting_id)
    found = sitting_on(meeting, CAL, day, anchor)
    assert found is not None, f"{meeting_id} does not sit on {day}"
    win = window(meeting, pack, found, CAL, anchor)
    return build_agenda(pack, meeting, win, CAL, cases, transfers, answers=answers, carried=carried)


def all_met(pack: Pack, checklist_id: str) -> dict[str, AuditAnswer]:
    return {
        item.id: AuditAnswer(item.id, AuditState.MET) for item in pack.checklist(checklist_id).items
    }


# -- the schedule ------------------------------------------------------------------------------


def test_cambridgeshire_tuesday_moves_off_boxing_day_2027() -> None:
    meeting = shipped_pack("cambridgeshire-2018").meeting("tuesday-transfer-meeting")
    found = sittings(meeting, CAL, D(2027, 12, 20), D(2028, 1, 7))
    assert [(s.scheduled, s.held) for s in found] == [
        (D(2027, 12, 21), D(2027, 12, 21)),
        (D(2027, 12, 28), D(2027, 12, 29)),
        (D(2028, 1, 4), D(2028, 1, 4)),
    ]
    assert found[1].moved and found[1].moved_because == "Boxing Day (observed)"


def test_york_weekly_takes_its_day_from_the_first_sitting_and_moves_off_easter_monday() -> None:
    meeting = shipped_pack("york-draft").meeting("weekly-transfer-meeting")
    assert needs_anchor(meeting)
    with pytest.raises(NeedsAnchor):
        sittings(meeting, CAL, D(2027, 3, 1), D(2027, 4, 30))
    found = sittings(meeting, CAL, D(2027, 3, 22), D(2027, 4, 6), anchor=D(2027, 3, 1))
    assert [s.held for s in found] == [D(2027, 3, 22), D(2027, 3, 30), D(2027, 4, 5)]
    assert found[1].scheduled == D(2027, 3, 29) and found[1].moved_because == "Easter Monday"


def test_a_sitting_moved_onto_another_merges_with_it() -> None:
    meeting = shipped_pack("northamptonshire-2020").meeting("mash-domestic-abuse-screening")
    found = sittings(meeting, CAL, D(2027, 3, 25), D(2027, 3, 31))
    assert [s.held for s in found] == [D(2027, 3, 25), D(2027, 3, 30), D(2027, 3, 31)]
    assert not found[1].moved  # Tuesday's own sitting; Easter Monday's merged into it


def test_count_one_meetings_are_per_case_and_have_no_schedule() -> None:
    pack = shipped_pack("northamptonshire-2020")
    meeting = pack.meeting("cin-transfer-meeting")
    assert is_per_case(meeting) and not needs_anchor(meeting)
    assert sittings(meeting, CAL, D(2026, 1, 1), D(2026, 12, 31)) == []
    assert next_sitting(meeting, CAL, D(2026, 12, 1)) is None
    convened = sitting_on(meeting, CAL, D(2026, 12, 25))
    assert convened == Sitting(meeting.id, D(2026, 12, 25), D(2026, 12, 29), "Christmas Day")
    assert horizon_end(meeting, pack, convened, CAL) == D(2026, 12, 29)


def test_rules_that_fix_their_days_need_no_anchor() -> None:
    assert not needs_anchor(shipped_pack("nottingham-city-2018").meeting("locality-hub-meeting"))
    assert not needs_anchor(shipped_pack("cambridgeshire-2018").meeting("tuesday-transfer-meeting"))
    assert needs_anchor(shipped_pack("case-transfer-policy-2021").meeting("case-transfer-meeting"))
    quarterly = shipped_pack("northamptonshire-2020").meeting("lacs-joint-working-meetings")
    assert needs_anchor(quarterly)


def test_a_day_the_meeting_does_not_sit_has_no_sitting() -> None:
    meeting = shipped_pack("cambridgeshire-2018").meeting("tuesday-transfer-meeting")
    assert sitting_on(meeting, CAL, D(2026, 12, 23)) is None
    moved = sitting_on(meeting, CAL, D(2027, 12, 29))
    assert moved is not None and moved.scheduled == D(2027, 12, 28)


def test_cambridgeshire_horizon_is_five_working_days_across_christmas_2026() -> None:
    pack = shipped_pack("cambridgeshire-2018")
    meeting = pack.meeting("tuesday-transfer-meeting")
    held = Sitting(meeting.id, D(2026, 12, 22), D(2026, 12, 22))
    # Wed 23, Thu 24, (Fri 25 and Mon 28 are bank holidays) Tue 29, Wed 30, Thu 31
    assert horizon_end(meeting, pack, held, CAL) == D(2026, 12, 31)
    assert cutoff(meeting, pack, held, CAL) == D(2026, 12, 21)


def test_without_a_pack_horizon_a_sitting_looks_to_the_day_before_the_next() -> None:
    pack = shipped_pack("nottingham-city-2018")
    meeting = pack.meeting("locality-hub-meeting")
    held = Sitting(meeting.id, D(2026, 12, 22), D(2026, 12, 22))
    assert horizon_end(meeting, pack, held, CAL) == D(2027, 1, 4)  # next hub: Tue 5 January


def test_closure_days_move_sittings_too() -> None:
    meeting = shipped_pack("cambridgeshire-2018").meeting("tuesday-transfer-meeting")
    closed = CAL.with_closures([D(2026, 12, 8)])
    found = sitting_on(meeting, closed, D(2026, 12, 8))
    assert found is not None and found.held == D(2026, 12, 9)
    assert found.moved_because == "local closure day"


# -- the agenda: one test per recurring meeting ------------------------------------------------


def test_2021_case_transfer_meeting_across_christmas_2026() -> None:
    pack = shipped_pack("case-transfer-policy-2021")
    cases = [
        case("fst", statuses=["V2"], events=[ev("cic_review", 30, 1)], case_id="S20-AFTER-CCR"),
        case("fst", statuses=["V2"], case_id="S20-NO-CCR-YET"),
        case("cic", statuses=["V2"], events=[ev("cic_review", 30, 1)], case_id="ALREADY-CIC"),
        case(
            "fst",
            statuses=["C1"],
            flags=["in_care_proceedings"],
            events=[ev("final_hearing_scheduled", 10)],
            case_id="S38-HEARING-SET",
        ),
        case("fst", statuses=["C1"], flags=["in_care_proceedings"], case_id="S38-NO-DATE"),
        case("fst", flags=["adoption_plan", "early_permanence"], case_id="ADOPTION-EP"),
        case("fst", flags=["adoption_plan"], case_id="ADOPTION-NO-EP"),
        case("fst", statuses=["V2"], case_id="TRANSFER-IN-HORIZON"),
        case("fst", statuses=["V2"], case_id="TRANSFER-LATER"),
        case("fst", statuses=["V2"], events=[ev("cic_review", -40, 2)], case_id="CCR2-IN-HORIZON"),
        case("fst", statuses=["V2"], case_id="READY"),
        case("cfp", case_id="CARRIED"),
    ]
    transfers = (
        OpenTransfer(1, "TRANSFER-IN-HORIZON", "fst-to-cic", "agreed", D(2027, 1, 12)),
        OpenTransfer(2, "TRANSFER-LATER", "fst-to-cic", "agreed", D(2027, 2, 1)),
        OpenTransfer(3, "CCR2-IN-HORIZON", "fst-to-cic", "proposed"),
        OpenTransfer(4, "READY", "fst-to-cic", "proposed"),
    )
    answers = {"READY": {"appendix-a": all_met(pack, "appendix-a")}}
    carried = (CarriedOver("CARRIED", "Deferred at the sitting of 25 Nov", "Minutes"),)
    agenda = agenda_for(
        pack.id, "case-transfer-meeting", D(2026, 12, 25), cases, transfers,
        anchor=D(2026, 11, 25), answers=answers, carried=carried,
    )  # fmt: skip
    # Fri 25 December 2026 moves past Boxing Day (observed, Mon 28) to Tue 29 December
    assert agenda.window.held == D(2026, 12, 29)
    assert agenda.window.horizon_end == D(2027, 1, 24)  # next sitting Mon 25 January
    assert agenda.case_ids == (
        "CARRIED",
        "CCR2-IN-HORIZON",
        "TRANSFER-IN-HORIZON",
        "READY",
        "ADOPTION-EP",
        "S20-AFTER-CCR",
        "S38-HEARING-SET",
    )
    whys = {item.case_id: {r.why for r in item.reasons} for item in agenda.items}
    assert whys["CCR2-IN-HORIZON"] == {Why.TRANSFER_POINT}
    assert whys["READY"] == {Why.READY}


def test_2021_items_say_what_to_bring_how_ready_and_what_blocks() -> None:
    pack = shipped_pack("case-transfer-policy-2021")
    hearing = case(
        "fst",
        statuses=["C1"],
        flags=["in_care_proceedings"],
        events=[ev("final_hearing_scheduled", 10)],
        case_id="S38",
    )
    agenda = agenda_for(pack.id, "case-transfer-meeting", D(2026, 12, 29), [hearing],
                        anchor=D(2026, 11, 29))  # fmt: skip
    (item,) = agenda.items
    assert [d.id for d in item.documents] == list(pack.meeting("case-transfer-meeting").documents)
    assert item.pathway_ids == ("fst-to-cic",)
    assert item.checklist_id == "appendix-a" and item.readiness is not None
    assert [b.rule_id for b in item.blockers] == ["no-transfer-in-proceedings"]
    (reason,) = item.reasons
    assert reason.why is Why.BROUGHT and reason.cite.startswith("When cases should be taken")


def test_cambridgeshire_tuesday_meeting_takes_the_next_five_working_days() -> None:
    cases = [
        case("assessment", flags=["on_transfer_calendar"], case_id="ON-CALENDAR"),
        case("assessment", case_id="NOT-ON-CALENDAR"),
        case("assessment", case_id="DATE-IN-HORIZON"),
        case("assessment", case_id="DATE-AFTER"),
        case("assessment", case_id="OTHER-MEETING"),
    ]
    transfers = (
        OpenTransfer(1, "DATE-IN-HORIZON", "assessment-to-childrens", "agreed", D(2026, 12, 31)),
        OpenTransfer(2, "DATE-AFTER", "assessment-to-childrens", "agreed", D(2027, 1, 4)),
        OpenTransfer(3, "OTHER-MEETING", "assessment-to-eh-district", "agreed", D(2026, 12, 30)),
    )
    agenda = agenda_for(
        "cambridgeshire-2018", "tuesday-transfer-meeting", D(2026, 12, 22), cases, transfers
    )
    assert agenda.window.horizon_end == D(2026, 12, 31)
    assert agenda.case_ids == ("DATE-IN-HORIZON", "ON-CALENDAR")
    first = agenda.items[0].reasons[0]
    assert first.on == D(2026, 12, 31) and "Thu 31 Dec 2026" in first.text
    assert first.cite == "Table row 8 (Assessment teams → Childrens teams), ¶6"


def test_cambridgeshire_district_meeting_moves_off_christmas_day_2026() -> None:
    cases = [
        case("childrens", flags=["eh_district_request"], case_id="EH-REQUEST"),
        case("ehh", flags=["send_resource_request"], case_id="SEND-RESOURCE"),
        case("sc-disability", disability=True, flags=["dceht_request"], case_id="DIS-DCEHT"),
        case("sc-disability", flags=["dceht_request"], case_id="DCEHT-NOT-DISABLED"),
        case("childrens", case_id="NOTHING"),
        case("childrens", case_id="DATE-IN-HORIZON"),
        case("childrens", case_id="DATE-AFTER"),
    ]
    transfers = (
        OpenTransfer(1, "DATE-IN-HORIZON", "childrens-to-eh-district", "agreed", D(2026, 12, 31)),
        OpenTransfer(2, "DATE-AFTER", "childrens-to-eh-district", "agreed", D(2027, 1, 4)),
    )
    agenda = agenda_for(
        "cambridgeshire-2018", "district-team-transfer-meeting", D(2026, 12, 25), cases,
        transfers, anchor=D(2026, 12, 4),
    )  # fmt: skip
    assert agenda.window.sitting.scheduled == D(2026, 12, 25)
    assert agenda.window.held == D(2026, 12, 29)
    assert agenda.window.horizon_end == D(2027, 1, 3)  # Fri 1 January moves to Mon 4 January
    assert set(agenda.case_ids) == {"EH-REQUEST", "SEND-RESOURCE", "DIS-DCEHT", "DATE-IN-HORIZON"}


def test_york_weekly_meeting_after_easter_monday_2027() -> None:
    both = ["tis_support_identified", "consent_early_help"]
    cases = [
        case("assessment", flags=both, case_id="TIS-REQUEST"),
        case("safeguarding-interventions", flags=both, case_id="TIS-FROM-SI"),
        case("assessment", flags=["tis_support_identified"], case_id="NO-CONSENT"),
        case(
            "assessment",
            flags=both,
            events=[ev("tis_allocated_at_transfer_meeting", 5)],
            case_id="ALREADY-AGREED",
        ),
        case("mash", flags=both, case_id="WRONG-TEAM"),
        case("assessment", case_id="DATE-IN-HORIZON"),
    ]
    transfers = (OpenTransfer(9, "DATE-IN-HORIZON", "assessment-to-tis", "agreed", D(2027, 4, 1)),)
    agenda = agenda_for(
        "york-draft", "weekly-transfer-meeting", D(2027, 3, 29), cases, transfers,
        anchor=D(2027, 3, 1),
    )  # fmt: skip
    assert agenda.window.held == D(2027, 3, 30)  # Easter Monday 29 March 2027
    assert agenda.window.horizon_end == D(2027, 4, 4)
    assert agenda.case_ids == ("DATE-IN-HORIZON", "TIS-FROM-SI", "TIS-REQUEST")


def test_nottingham_locality_hub_before_christmas_2026() -> None:
    cases = [
        case("early-help", flags=["safeguarding_concerns"], case_id="CONCERN-EH"),
        case("cic", flags=["safeguarding_concerns"], case_id="CONCERN-CIC"),
        case("tfs", flags=["complex_case"], case_id="COMPLEX-TFS"),
        case("tfs", events=[ev("co_working_started", -15)], case_id="CO-WORKING-NOW"),
        case("tfs", events=[ev("co_working_started", 10)], case_id="CO-WORKING-LONG-AGO"),
        case("csw-locality", flags=["lead_service_unclear"], case_id="LEAD-UNCLEAR"),
        case("cic", events=[ev("disagreement_raised", 3)], case_id="BLOCKAGE"),
        case(
            "cic",
            events=[ev("disagreement_raised", 9), ev("disagreement_resolved", 2)],
            case_id="BLOCKAGE-RESOLVED",
        ),
        case("early-help", flags=["priority_families_eligible"], case_id="PRIORITY-FAMILY"),
        case("early-help", case_id="DATE-IN-HORIZON"),
        case("early-help", case_id="DATE-AFTER"),
        case("duty", flags=["safeguarding_concerns"], case_id="FRONT-DOOR"),
    ]
    transfers = (
        OpenTransfer(1, "DATE-IN-HORIZON", "eh-to-tfs", "agreed", D(2027, 1, 4)),
        OpenTransfer(2, "DATE-AFTER", "eh-to-tfs", "agreed", D(2027, 1, 5)),
    )
    agenda = agenda_for(
        "nottingham-city-2018", "locality-hub-meeting", D(2026, 12, 22), cases, transfers
    )
    assert agenda.window.horizon_end == D(2027, 1, 4)
    assert set(agenda.case_ids) == {
        "CONCERN-EH", "COMPLEX-TFS", "CO-WORKING-NOW", "LEAD-UNCLEAR", "BLOCKAGE",
        "PRIORITY-FAMILY", "DATE-IN-HORIZON",
    }  # fmt: skip
    assert agenda.case_ids[0] == "DATE-IN-HORIZON"


def test_northamptonshire_gateway_meeting() -> None:
    cases = [
        case("daat", statuses=["V2"], case_id="EMERGENCY-S20"),
        case("daat", statuses=["V2"], events=[ev("gateway_meeting", 7)], case_id="S20-SEEN"),
        case("csst", statuses=["V2"], flags=["no_return_home"], case_id="NO-RETURN-HOME"),
        case("csst", statuses=["V2"], case_id="S20-RETURN-PLANNED"),
        case("daat", events=[ev("ico_made", 3)], case_id="ICO-MADE"),
    ]
    agenda = agenda_for(
        "northamptonshire-2020", "gateway-meeting", D(2026, 12, 28), cases, anchor=D(2026, 12, 7)
    )
    assert agenda.window.held == D(2026, 12, 29)  # Mon 28 December: Boxing Day (observed)
    assert set(agenda.case_ids) == {"EMERGENCY-S20", "NO-RETURN-HOME", "ICO-MADE"}


# -- the agenda's parts ------------------------------------------------------------------------


def test_reasons_round_trip_as_plain_values() -> None:
    reason = Reason(Why.TRANSFER_DATE, "Agreed transfer date", "¶6", D(2026, 12, 31))
    assert Reason.from_dict(reason.as_dict()) == reason
    assert Reason.from_dict(Reason(Why.ADDED, "Added", "").as_dict()).on is None


def test_candidate_teams_narrow_the_caseload_only_when_every_bring_names_teams() -> None:
    assert candidate_teams(shipped_pack("case-transfer-policy-2021").meeting(
        "case-transfer-meeting")) == frozenset({"fst"})  # fmt: skip
    assert candidate_teams(shipped_pack("cambridgeshire-2018").meeting(
        "tuesday-transfer-meeting")) is None  # fmt: skip


def test_a_transfer_date_passed_and_not_completed_is_overdue_and_comes() -> None:
    transfers = (OpenTransfer(1, "LATE", "assessment-to-childrens", "agreed", D(2026, 12, 1)),)
    agenda = agenda_for(
        "cambridgeshire-2018",
        "tuesday-transfer-meeting",
        D(2026, 12, 22),
        [case("assessment", case_id="LATE")],
        transfers,
    )
    (reason,) = agenda.items[0].reasons
    assert "has passed" in reason.text and reason.on == D(2026, 12, 1)


@pytest.mark.parametrize(
    ("status", "agreed_on", "words"),
    [
        ("agreed", None, "Agreed transfer date Tue 1 Dec 2026 has passed"),
        ("disputed", D(2026, 11, 2), "Agreed transfer date Tue 1 Dec 2026 (under dispute) has"),
        ("disputed", None, "Proposed transfer date Tue 1 Dec 2026 has passed"),
        ("proposed", None, "Proposed transfer date Tue 1 Dec 2026 has passed"),
    ],
)
def test_a_disputed_transfer_keeps_its_agreed_date_under_dispute(
    status: str, agreed_on: date | None, words: str
) -> None:
    late = OpenTransfer(1, "LATE", "assessment-to-childrens", status, D(2026, 12, 1), agreed_on)
    agenda = agenda_for(
        "cambridgeshire-2018",
        "tuesday-transfer-meeting",
        D(2026, 12, 22),
        [case("assessment", case_id="LATE")],
        (late,),
    )
    (reason,) = agenda.items[0].reasons
    assert reason.text.startswith(words)


def test_day_words_need_no_locale() -> None:
    assert day_words(D(2026, 12, 29)) == "Tue 29 Dec 2026"


def test_calendar_weeks_group_agreed_dates_monday_to_sunday() -> None:
    entries = [
        CalendarEntry(D(2026, 12, 31), "transfer", "C-2", 2, "p", "fst", "cic"),
        CalendarEntry(D(2026, 12, 29), "joint visit", "C-2", 2, "p", "fst", "cic"),
        CalendarEntry(D(2027, 1, 12), "transfer", "C-1", 1, "p", "fst", None),
    ]
    weeks = calendar_weeks(entries, D(2026, 12, 30), 3)
    assert [w.monday for w in weeks] == [D(2026, 12, 28), D(2027, 1, 4), D(2027, 1, 11)]
    assert [e.kind for e in weeks[0].entries] == ["joint visit", "transfer"]
    assert weeks[1].entries == () and weeks[2].entries[0].case_id == "C-1"
    assert weeks[0].sunday == D(2027, 1, 3)


# -- the quick pre-test never turns away a case the full test takes ---------------------------

BRINGS = [
    (pack_id, bring.when)
    for pack_id in (
        "case-transfer-policy-2021", "cambridgeshire-2018", "nottingham-city-2018",
        "northamptonshire-2020", "york-draft",
    )
    for meeting in shipped_pack(pack_id).meetings
    for bring in meeting.brings
]  # fmt: skip


def _words(pick: str) -> list[str]:
    found: set[str] = set()
    for _, cond in BRINGS:
        for part in (cond, *cond.any_of, *cond.none_of):
            found.update(getattr(part, pick))
    return sorted(found)


@settings(max_examples=300, deadline=None)
@given(
    bring=st.sampled_from(BRINGS),
    team=st.sampled_from(_words("team_in")),
    flags=st.sets(st.sampled_from(_words("flags_any") + _words("flags_all"))),
    statuses=st.sets(st.sampled_from([*_words("statuses_any"), "V2", "C1", "CIN"])),
    kinds=st.lists(
        st.tuples(st.sampled_from(_words("events_any") + _words("events_none")),
                  st.integers(-60, 400)),
        max_size=4,
    ),
    age=st.floats(0, 19),
)  # fmt: skip
def test_may_hold_never_turns_away_a_case_that_holds(
    bring: tuple[str, Condition],
    team: str,
    flags: set[str],
    statuses: set[str],
    kinds: list[tuple[str, int]],
    age: float,
) -> None:
    snapshot = case(
        team,
        age=round(age * 2) / 2,
        flags=flags,
        statuses=statuses,
        events=[ev(kind, days) for kind, days in kinds],
    )
    _, cond = bring
    if holds(cond, snapshot, TODAY):
        assert may_hold(cond, snapshot, TODAY)
