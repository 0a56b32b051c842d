"""The engine and the auditor on a small inline pack: each behaviour judged on a fictional case."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.audit import Readiness, audit_case
from app.domain.case import AuditAnswer, AuditState, FileItem
from app.domain.engine import (
    ClockState,
    OptionStatus,
    deadlines,
    due_from,
    judge_pathway,
    mid_sentence,
    pathway_options,
)
from app.policy.loader import PackError, parse_pack
from app.reference.bank_holidays import default_calendar
from tests.builders import TODAY, case, ev

PACK = """
pack: {id: mini, version: "1", authority: Fictional, title: Mini, issued: "2026", source: none}
roles:
  - {id: hos, name: Head of Service}
teams:
  - {id: front, name: Front door, cite: s1}
  - {id: fst, name: Family support, cite: s1}
  - {id: cic, name: Children in care, cite: s1}
  - {id: eh, name: Early help, cite: s1}
documents:
  - {id: chronology, name: Chronology, cite: s2, file_item: chronology}
checklists:
  - id: cl
    title: Checklist
    cite: s3
    gap_timescale: gap-fix
    items:
      - {id: chron, text: Chronology up to date, cite: s3.1, file_item: chronology}
      - {id: letter, text: Later life letter for adopted children, cite: s3.2,
         applies_when: {flags_any: [adopted]}}
      - {id: visits, text: Statutory visits, cite: s3.3}
rules:
  - id: missing
    title: Not while missing
    effect: block
    when: {flags_any: [missing]}
    except_from: [front]
    override: {roles: [hos]}
    cite: s4
  - id: consent
    title: Consent
    effect: warn
    when: {flags_none: [parental_consent]}
    applies_to: [fst-to-eh]
    cite: s5
timescales:
  - {id: gap-fix, label: Fix gaps, amount: 10, unit: working_days, anchor: audit_gap_recorded,
     cite: s6, met_by: [transfer_completed]}
  - {id: notice, label: Notice to leaving care, amount: 15.5, unit: years, anchor: birth,
     applies_when: {statuses_any: [C2]}, cite: s7}
  - {id: cic-10, label: CiC within 10 days, amount: 10, unit: calendar_days, anchor: order_made,
     pathways: [fst-to-cic], cite: s8}
pathways:
  - {id: front-to-fst, name: Front to FST, from_teams: [front], to_teams: [fst], cite: p1}
  - id: fst-to-cic
    name: FST to CiC
    from_teams: [fst]
    to_teams: [cic]
    checklist: cl
    eligibility: {statuses_any: [C2, E1]}
    cite: p2
  - {id: fst-to-eh, name: FST to EH, from_teams: [fst], to_teams: [eh], cite: p3}
  - {id: eh-to-fst, name: EH to FST, from_teams: [eh], to_teams: [fst], kind: referral, via: front,
     cite: p4}
"""


@pytest.fixture(scope="module")
def pack():  # type: ignore[no-untyped-def]
    return parse_pack(PACK, "mini.yaml")


def statuses(options):  # type: ignore[no-untyped-def]
    return {o.pathway.id: o.status for o in options}


def test_open_blocked_and_not_eligible(pack) -> None:  # type: ignore[no-untyped-def]
    options = statuses(pathway_options(case("fst", flags=["missing"]), pack, TODAY))
    assert options == {"fst-to-cic": OptionStatus.NOT_ELIGIBLE, "fst-to-eh": OptionStatus.BLOCKED}


def test_block_names_rule_section_and_override(pack) -> None:  # type: ignore[no-untyped-def]
    option = judge_pathway(case("fst", flags=["missing"]), pack, pack.pathway("fst-to-eh"), TODAY)
    (hit,) = option.blocks
    assert (hit.rule_id, hit.cite, hit.override.roles) == ("missing", "s4", ("hos",))
    assert option.overridable


def test_exception_from_front_door(pack) -> None:  # type: ignore[no-untyped-def]
    option = judge_pathway(
        case("front", flags=["missing"]), pack, pack.pathway("front-to-fst"), TODAY
    )
    assert option.status is OptionStatus.OPEN


def test_warning_applies_only_to_named_pathway(pack) -> None:  # type: ignore[no-untyped-def]
    c = case("fst", statuses=["C2"])
    assert statuses(pathway_options(c, pack, TODAY)) == {
        "fst-to-cic": OptionStatus.OPEN,
        "fst-to-eh": OptionStatus.WARNED,
    }


def test_referral_route(pack) -> None:  # type: ignore[no-untyped-def]
    option = judge_pathway(case("eh"), pack, pack.pathway("eh-to-fst"), TODAY)
    assert option.status is OptionStatus.REFERRAL


def test_not_eligible_says_why(pack) -> None:  # type: ignore[no-untyped-def]
    option = judge_pathway(case("fst", statuses=["CIN"]), pack, pack.pathway("fst-to-cic"), TODAY)
    assert option.unmet == (
        "needs legal status C2 (Full care order (s31)) or E1 (Placement order)",
    )


def test_conditional_item_and_file_suggestions(pack) -> None:  # type: ignore[no-untyped-def]
    c = case("fst", file_items=[FileItem("chronology", date(2026, 11, 1))])
    result = audit_case(c, pack, "cl", TODAY)
    states = {i.line.item.id: i.state for i in result.items}
    assert states == {"chron": AuditState.MET, "letter": AuditState.NOT_APPLICABLE, "visits": None}
    assert result.readiness is Readiness.INCOMPLETE and result.stops_transfer


def test_recorded_answer_beats_suggestion(pack) -> None:  # type: ignore[no-untyped-def]
    answers = {
        "chron": AuditAnswer("chron", AuditState.GAP, "out of date"),
        "visits": AuditAnswer("visits", AuditState.MET, "seen 20/11"),
    }
    c = case("fst", flags=["adopted"], file_items=[FileItem("chronology", date(2026, 11, 1))])
    result = audit_case(c, pack, "cl", TODAY, answers)
    assert [i.line.item.id for i in result.gaps] == ["chron"]
    assert [i.line.item.id for i in result.unanswered] == ["letter"]  # applies: adopted
    assert result.readiness is Readiness.GAPS


def test_gap_clock_across_christmas(pack) -> None:  # type: ignore[no-untyped-def]
    c = case("fst", events=[ev("audit_gap_recorded", days_ago=-25)])  # Fri 18 Dec 2026
    (clock,) = deadlines(c, pack, TODAY, default_calendar())
    # 21-24 Dec; 25 and 28 Dec are bank holidays; 29-31 Dec; 1 Jan is New Year's Day; 4-6 Jan
    assert clock.due == datetime(2027, 1, 6, 9, 0)
    assert clock.rule == "10 working days after checklist audit found gaps"
    assert clock.state is ClockState.RUNNING


def test_clock_met_and_overdue(pack) -> None:  # type: ignore[no-untyped-def]
    overdue = case("fst", events=[ev("audit_gap_recorded", days_ago=40)])
    met = case("fst", events=[ev("audit_gap_recorded", 40), ev("transfer_completed", 5)])
    calendar = default_calendar()
    assert deadlines(overdue, pack, TODAY, calendar)[0].state is ClockState.OVERDUE
    assert deadlines(met, pack, TODAY, calendar)[0].state is ClockState.MET


def test_pathway_clock_only_on_open_pathway(pack) -> None:  # type: ignore[no-untyped-def]
    c = case("fst", statuses=["C2"], age=15, events=[ev("order_made", days_ago=3)])
    calendar = default_calendar()
    without = {d.timescale.id for d in deadlines(c, pack, TODAY, calendar)}
    with_open = {
        d.timescale.id for d in deadlines(c, pack, TODAY, calendar, pathway_ids=["fst-to-cic"])
    }
    assert (without, with_open) == ({"notice"}, {"notice", "cic-10"})


def test_broken_references_name_their_lines() -> None:
    broken = PACK.replace("to_teams: [cic]", "to_teams: [cicc]").replace(
        "anchor: birth", "anchor: brith"
    )
    with pytest.raises(PackError) as caught:
        parse_pack(broken, "mini.yaml")
    text = str(caught.value)
    line = broken.splitlines().index("    to_teams: [cicc]") + 1
    assert f"mini.yaml:{line} [pathways[1].to_teams[0]]: unknown team 'cicc'" in text
    assert "[timescales[1].anchor]: unknown anchor event 'brith'" in text


NOTICE_PACK = PACK.replace(
    "timescales:\n",
    """timescales:
  - {id: cin-notice, label: Notice of CIN meeting, amount: 2, unit: working_days,
     anchor: cin_meeting, before: true, met_by: [meeting_scheduled], cite: n1}
  - {id: by-second, label: By the 2nd review, amount: 0, unit: calendar_days,
     anchor: cic_review, anchor_number: 2, cite: n2}
  - {id: four-months, label: Four months before 18, amount: 17.6666666667, unit: years,
     anchor: birth, kind: age, cite: n3}
""",
)


def test_notice_before_its_anchor_is_met_by_an_earlier_event() -> None:
    pack = parse_pack(NOTICE_PACK, "notice.yaml")
    meeting_on_tuesday = ev("cin_meeting", days_ago=-36)  # Tue 29 Dec 2026
    given = case("fst", events=[meeting_on_tuesday, ev("meeting_scheduled", days_ago=-20)])
    not_given = case("fst", events=[meeting_on_tuesday])
    calendar = default_calendar()
    by_id = {d.timescale.id: d for d in deadlines(given, pack, TODAY, calendar)}
    assert by_id["cin-notice"].due.date() == date(2026, 12, 23)  # 24 Dec, then 28 Dec holiday
    assert by_id["cin-notice"].state is ClockState.MET
    late = {d.timescale.id: d for d in deadlines(not_given, pack, date(2026, 12, 24), calendar)}
    assert late["cin-notice"].state is ClockState.OVERDUE


def test_numbered_anchor_uses_that_review_even_when_scheduled() -> None:
    pack = parse_pack(NOTICE_PACK, "notice.yaml")
    c = case(
        "fst", age=None, events=[ev("cic_review", 30, number=1), ev("cic_review", -40, number=2)]
    )
    (clock,) = [
        d for d in deadlines(c, pack, TODAY, default_calendar()) if d.timescale.id == "by-second"
    ]
    assert clock.due.date() == date(2027, 1, 2) and clock.state is ClockState.RUNNING


def test_age_clock_in_months_is_reached_not_overdue() -> None:
    pack = parse_pack(NOTICE_PACK, "notice.yaml")
    (clock,) = [
        d
        for d in deadlines(case("cic", age=17.9), pack, TODAY, default_calendar())
        if d.timescale.id == "four-months"
    ]
    assert clock.state is ClockState.REACHED


def test_a_bad_meeting_cadence_is_refused() -> None:
    broken = PACK + ("meetings:\n  - {id: m, name: M, cite: x, cadence: 'FREQ=FORTNIGHTLY'}\n")
    with pytest.raises(PackError) as caught:
        parse_pack(broken, "mini.yaml")
    assert "[meetings[0].cadence]: not a valid recurrence rule" in str(caught.value)


def test_except_from_judges_the_case_team_on_a_pathway_out_of_many_teams() -> None:
    shared = PACK + (
        "  - {id: any-to-eh, name: Any to EH, from_teams: [front, fst], to_teams: [eh], cite: p5}\n"
    )
    pack = parse_pack(shared, "mini.yaml")
    pathway = pack.pathway("any-to-eh")
    from_front = judge_pathway(case("front", flags=["missing"]), pack, pathway, TODAY)
    from_fst = judge_pathway(case("fst", flags=["missing"]), pack, pathway, TODAY)
    assert (from_front.status, from_fst.status) == (OptionStatus.OPEN, OptionStatus.BLOCKED)


def test_escalation_clocks_stay_off_the_case_record() -> None:
    escalating = PACK.replace(
        "timescales:\n",
        "timescales:\n  - {id: escalate, label: Escalate, amount: 1, unit: working_days,\n"
        "     anchor: disagreement_raised, cite: e1}\n",
    )
    pack = parse_pack(escalating, "mini.yaml")
    c = case("fst", events=[ev("disagreement_raised", days_ago=1)])
    calendar = default_calendar()
    assert [d.timescale.id for d in deadlines(c, pack, TODAY, calendar)] == []
    managers = deadlines(c, pack, TODAY, calendar, include_off_file=True)
    assert [d.timescale.id for d in managers] == ["escalate"]


def test_due_from_works_in_every_unit(pack) -> None:  # type: ignore[no-untyped-def]
    calendar = default_calendar()
    friday = date(2026, 12, 18)
    assert due_from(pack.timescale("gap-fix"), friday, calendar) == date(2027, 1, 6)
    assert due_from(pack.timescale("cic-10"), friday, calendar) == date(2026, 12, 28)


@pytest.mark.parametrize(
    ("label", "in_a_sentence"),
    [
        ("Remand began", "remand began"),
        ("S.T.E.P intervention began", "S.T.E.P intervention began"),
        ("EHCP Review", "EHCP Review"),
        ("S20 checklist signed off", "S20 checklist signed off"),
        ("Referral made to Adoption Connects", "referral made to Adoption Connects"),
        ("Issues resolution hearing (IRH)", "issues resolution hearing (IRH)"),
    ],
)
def test_an_event_reads_mid_sentence_with_its_acronyms_and_names(
    label: str, in_a_sentence: str
) -> None:
    assert mid_sentence(label) == in_a_sentence
