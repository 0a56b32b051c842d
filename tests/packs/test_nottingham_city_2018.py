"""The Nottingham City pack (Integrated Working and Case Transfer Procedure 2017/2018), judged.

Every pathway and every rule is tried on fictional cases and must offer, block, warn, route as a
referral or find not eligible exactly as the procedure says. Working-day clocks are checked across
real England and Wales bank holidays (Christmas 2026, New Year 2027, Easter 2027), with the dates
worked out by hand in the comments.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
import yaml

from app.domain.case import CaseSnapshot, Event
from app.domain.clocks import Unit
from app.domain.engine import (
    ClockState,
    Deadline,
    OptionStatus,
    PathwayOption,
    checklist_lines,
    deadlines,
    judge_pathway,
    pathway_options,
    rule_applies_to,
)
from app.domain.pack import Effect, PathwayKind
from app.paths import demo_dir
from app.policy.registry import shipped_pack
from app.reference.bank_holidays import default_calendar
from tests.builders import TODAY, case, ev

PACK_ID = "nottingham-city-2018"
PACK = shipped_pack(PACK_ID)
CAL = default_calendar()
LOOKED_AFTER = ["C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2"]

Open = OptionStatus.OPEN
Warned = OptionStatus.WARNED
Blocked = OptionStatus.BLOCKED
Referral = OptionStatus.REFERRAL
NotEligible = OptionStatus.NOT_ELIGIBLE


def judge(snapshot: CaseSnapshot, pathway_id: str, today: date = TODAY) -> PathwayOption:
    return judge_pathway(snapshot, PACK, PACK.pathway(pathway_id), today)


def hit_ids(option: PathwayOption) -> set[str]:
    return {h.rule_id for h in option.hits}


def clock(found: list[Deadline], timescale_id: str) -> Deadline:
    matches = [d for d in found if d.timescale.id == timescale_id]
    assert len(matches) == 1, [d.timescale.id for d in found]
    return matches[0]


def at(kind: str, when: datetime) -> Event:
    return Event(kind, when.date(), at=when)


def on(kind: str, day: date, number: int | None = None) -> Event:
    return Event(kind, day, number)


# ------------------------------------------------------------------------------------ the pack


def test_pack_loads_with_its_identity() -> None:
    assert PACK.id == PACK_ID
    assert PACK.pack.source == "000_113c15c5bae06c66.txt"
    assert PACK.pack.authority == "Nottingham City Council, Children's Integrated Services"
    assert PACK.pack.issued == "March 2017, updated October 2018"


def test_counts() -> None:
    assert len(PACK.teams) == 17
    assert len(PACK.roles) == 46
    assert len(PACK.pathways) == 50
    assert len(PACK.rules) == 15
    assert len(PACK.checklists) == 4
    assert sum(len(c.items) for c in PACK.checklists) == 29
    assert len(PACK.timescales) == 17
    assert len(PACK.meetings) == 1
    assert len(PACK.principles) == 19
    assert len(PACK.key_questions) == 10
    assert len(PACK.documents) == 19


def test_every_item_cites_its_section() -> None:
    sections = (
        PACK.teams,
        PACK.pathways,
        PACK.rules,
        PACK.timescales,
        PACK.checklists,
        PACK.documents,
        PACK.principles,
        PACK.key_questions,
        PACK.meetings,
    )
    for items in sections:
        for item in items:
            assert item.cite.strip(), item.id
    for pathway in PACK.pathways:
        for step in pathway.steps:
            assert step.cite.strip(), (pathway.id, step.id)
        for exc in pathway.exceptions:
            assert exc.cite.strip(), (pathway.id, exc.id)
    for checklist in PACK.checklists:
        for line in checklist.items:
            assert line.cite.strip(), (checklist.id, line.id)


def test_the_two_sections_lettered_i_are_cited_distinctly() -> None:
    assert PACK.pathway("csw-to-childrens-centre").cite.startswith(
        "§6(i) [first: Children's Centre]"
    )
    assert PACK.pathway("csw-to-tfs").cite.startswith(
        "§6(i) [second, properly (j): Targeted Family Support]"
    )


def test_every_transfer_asks_the_key_questions() -> None:
    transfers = [p for p in PACK.pathways if p.kind is PathwayKind.TRANSFER]
    assert len(transfers) == 31
    assert all(p.key_questions for p in transfers)


def test_referrals_name_their_door() -> None:
    referrals = {p.id: p.via for p in PACK.pathways if p.kind is PathwayKind.REFERRAL}
    assert referrals == {
        "open-case-safeguarding-to-locality": "cfd-hub",
        "mental-health-referral-via-spa": "spa",
        "spa-emergency-signpost": "emergency-services",
        "private-fostering-via-duty": "duty",
        "play-youth-safeguarding-to-ess": "early-help",
        "out-of-hours-to-edt": "edt",
        "immediate-concerns-to-hub": "cfd-hub",
        "immediate-risk-police": "emergency-services",
        "under-5-escalating-to-hub-ess": "cfd-hub",
        "unknown-family-to-hub": "cfd-hub",
    }


def test_three_localities() -> None:
    for team_id in ("csw-locality", "early-help", "tfs"):
        assert PACK.team(team_id).areas == ("north", "central", "south")


def test_children_in_care_team_holds_ages_0_to_17() -> None:
    remit = PACK.team("cic").remit
    assert (remit.age_from, remit.age_to) == (0, 18)


# --------------------------------------------------------------- principles and key questions


def test_key_questions_word_for_word() -> None:
    assert [q.text for q in PACK.key_questions] == [
        "Why is the case transferring at this time?",
        "What were the needs and risks in this situation requiring the current intervention?",
        "What is the level of current intervention? (See Family Support Pathway)",
        "What work has been done to reduce risk and strengthen family functioning?",
        "What outcomes remain to be achieved through an integrated working model?",
        "What would it look like if risk were to increase again?",
        "What actions should be taken if risk increases again?",
        "Are there any remaining safeguarding issues?",
        "Where appropriate are children, young people, parents and carers aware and in "
        "agreement to engage with the new service? What are their views?",
        "Have we engaged absent parents/carers?",
    ]


def test_principle_on_documents_that_travel() -> None:
    principle = next(
        p for p in PACK.principles if p.id == "transfer-with-chronology-assessment-plan-minutes"
    )
    assert principle.text == (
        "Cases should always transfer with an up to date chronology, assessment, plan and "
        "multi-agency meeting minutes."
    )
    assert principle.cite == "§2(d)"


# ------------------------------------------------------------------------ every pathway offered

CaseFactory = Callable[[], CaseSnapshot]
UNIV = ev("universal_services_considered", 2)
SHARED = ev("assessment_shared_with_family", 1)
DONE = ev("assessment_completed", 2)

OFFERED: list[tuple[str, CaseFactory, OptionStatus]] = [
    ("dart-high-risk-to-hub-sw", lambda: case("dart", flags=["dash_high_risk"]), Open),
    ("dart-medium-risk-to-dart-fsw", lambda: case("dart", flags=["dash_medium_risk"]), Open),
    (
        "dart-to-eh-tfs",
        lambda: case("dart", flags=["dash_medium_risk"], events=[UNIV]),
        Open,
    ),
    ("dart-standard-risk-encompass", lambda: case("dart", flags=["dash_standard_risk"]), Open),
    (
        "open-case-safeguarding-to-locality",
        lambda: case("early-help", flags=["safeguarding_concerns"]),
        Referral,
    ),
    (
        "mental-health-referral-via-spa",
        lambda: case("tfs", flags=["emotional_mental_health_needs"]),
        Referral,
    ),
    ("spa-to-camhs", lambda: case("spa", flags=["emotional_mental_health_needs"]), Open),
    (
        "spa-to-universal-emotional-health",
        lambda: case("spa", flags=["emotional_mental_health_needs"]),
        Open,
    ),
    ("spa-safeguarding-to-duty", lambda: case("spa", flags=["safeguarding_concerns"]), Open),
    (
        "spa-open-case-coordinated-response",
        lambda: case(
            "csw-locality",
            age=14,
            flags=["immediate_mental_health_risk"],
            events=[ev("spa_referral", 0)],
        ),
        Open,
    ),
    ("spa-emergency-signpost", lambda: case("spa", flags=["emergency_presentation"]), Referral),
    ("edt-new-to-hub", lambda: case("edt"), Open),
    ("edt-to-allocated-worker", lambda: case("edt", flags=["open_to_eh_or_targeted"]), Open),
    ("edt-to-locality-sw", lambda: case("edt", flags=["open_to_locality_sw"]), Open),
    (
        "referral-to-wld",
        lambda: case("early-help", disability=True, events=[ev("early_help_assessment", 30)]),
        Open,
    ),
    (
        "private-fostering-via-duty",
        lambda: case("early-help", flags=["private_fostering"]),
        Referral,
    ),
    (
        "duty-to-private-fostering",
        lambda: case("duty", flags=["private_fostering"], events=[DONE, SHARED]),
        Open,
    ),
    (
        "duty-to-locality-private-fostering",
        lambda: case(
            "duty", flags=["private_fostering", "safeguarding_concerns"], events=[DONE, SHARED]
        ),
        Open,
    ),
    ("yot-liaison", lambda: case("csw-locality", age=15, flags=["remanded"]), Open),
    ("cfd-hub-to-duty", lambda: case("cfd-hub", flags=["threshold_met"]), Open),
    ("cfd-hub-to-eh-tfs", lambda: case("cfd-hub", events=[UNIV]), Open),
    ("close-to-universal", lambda: case("duty"), Open),
    (
        "eh-tfs-referral-back-to-duty",
        lambda: case("early-help", flags=["threshold_met"], events=[ev("allocation", 10)]),
        Open,
    ),
    ("duty-to-eh-tfs", lambda: case("duty", events=[DONE, SHARED, UNIV]), Open),
    (
        "duty-to-cic-uasc",
        lambda: case("duty", age=16, uasc=True, events=[ev("planning_meeting_72h", 1)]),
        Open,
    ),
    ("eh-to-tfs", lambda: case("early-help", flags=["concerns_escalated"]), Open),
    (
        "play-youth-safeguarding-to-ess",
        lambda: case("play-and-youth", flags=["safeguarding_concerns"]),
        Referral,
    ),
    (
        "out-of-hours-to-edt",
        lambda: case("play-and-youth", flags=["safeguarding_concerns", "out_of_hours"]),
        Referral,
    ),
    (
        "immediate-concerns-to-hub",
        lambda: case("early-help", flags=["immediate_risk_of_harm"]),
        Referral,
    ),
    (
        "immediate-risk-police",
        lambda: case("play-and-youth", flags=["immediate_risk_of_harm"]),
        Referral,
    ),
    (
        "under-5-escalating-to-hub-ess",
        lambda: case("play-and-youth", age=3, flags=["concerns_escalated"]),
        Referral,
    ),
    ("family-support-clinic", lambda: case("early-help", age=2), Open),
    ("unknown-family-to-hub", lambda: case("early-help", flags=["unknown_family"]), Referral),
    ("eh-to-csw", lambda: case("early-help"), Open),
    (
        "escalate-directly-to-duty",
        lambda: case("tfs", age=16, flags=["homeless_housing_assessment"]),
        Open,
    ),
    ("camhs-to-csw", lambda: case("camhs"), Open),
    ("tfs-to-csw", lambda: case("tfs", events=[ev("allocation", 10)]), Open),
    (
        "csw-back-to-eh-tfs-threshold-not-met",
        lambda: case("csw-locality", flags=["threshold_not_met"], events=[DONE, SHARED]),
        Open,
    ),
    ("tfs-to-eh", lambda: case("tfs", events=[UNIV]), Open),
    ("csw-to-childrens-centre", lambda: case("csw-locality", age=3, events=[UNIV]), Open),
    ("csw-to-tfs", lambda: case("csw-locality", events=[UNIV]), Open),
    ("csw-to-cic-order", lambda: case("csw-locality", statuses=["C2"]), Open),
    (
        "csw-to-cic-s20",
        lambda: case("csw-locality", statuses=["V2"], events=[ev("permanence_decision", 3)]),
        Open,
    ),
    (
        "csw-to-cic-uasc",
        lambda: case("csw-locality", age=15, uasc=True, events=[ev("planning_meeting_72h", 1)]),
        Open,
    ),
    ("to-leaving-care", lambda: case("cic", age=17.5, statuses=["C2"]), Open),
    (
        "leaving-care-early-highlight",
        lambda: case("cic", age=17, statuses=["C2"], flags=["complex_case"]),
        Open,
    ),
    (
        "cic-to-cin",
        lambda: case(
            "cic",
            statuses=["V2"],
            flags=["reunification_plan"],
            events=[DONE, SHARED, ev("transfer_discussion", 1)],
        ),
        Open,
    ),
    (
        "cic-to-tfs",
        lambda: case(
            "cic",
            statuses=["V2"],
            flags=["reunification_plan"],
            events=[DONE, SHARED, ev("transfer_discussion", 1)],
        ),
        Open,
    ),
    (
        "cic-worker-resumes",
        lambda: case(
            "csw-locality", flags=["concerns_escalated"], events=[ev("ceased_looked_after", 50)]
        ),
        Open,
    ),
    (
        "camhs-cic-consultation",
        lambda: case("cic", statuses=["C2"], flags=["emotional_mental_health_needs"]),
        Open,
    ),
]


def test_every_pathway_has_an_offered_case() -> None:
    assert [row[0] for row in OFFERED] == [p.id for p in PACK.pathways]


@pytest.mark.parametrize(("pathway_id", "make", "expected"), OFFERED, ids=[r[0] for r in OFFERED])
def test_pathway_offered(pathway_id: str, make: CaseFactory, expected: OptionStatus) -> None:
    snapshot = make()
    option = judge(snapshot, pathway_id)
    assert option.status is expected, (option.unmet, [h.rule_id for h in option.hits])
    # and it is among the options of the team holding the case
    offered = {o.pathway.id: o.status for o in pathway_options(snapshot, PACK, TODAY)}
    assert offered[pathway_id] is expected


# ------------------------------------------------------------------------ not eligible

NOT_ELIGIBLE: list[tuple[str, CaseFactory, str]] = [
    ("dart-high-risk-to-hub-sw", lambda: case("dart", flags=["dash_medium_risk"]), "needs"),
    ("dart-medium-risk-to-dart-fsw", lambda: case("dart", flags=["dash_high_risk"]), "needs"),
    (
        "dart-to-eh-tfs",
        lambda: case("dart", flags=["dash_high_risk", "threshold_met"]),
        "not while",
    ),
    ("dart-standard-risk-encompass", lambda: case("dart"), "needs"),
    ("open-case-safeguarding-to-locality", lambda: case("tfs"), "needs"),
    ("spa-to-camhs", lambda: case("spa"), "needs"),
    (
        "spa-to-universal-emotional-health",
        lambda: case(
            "spa", flags=["emotional_mental_health_needs", "immediate_mental_health_risk"]
        ),
        "not while",
    ),
    (
        "spa-open-case-coordinated-response",
        lambda: case("csw-locality", flags=["immediate_mental_health_risk"]),
        "spa referral",
    ),
    ("edt-new-to-hub", lambda: case("edt", flags=["open_to_locality_sw"]), "not while"),
    ("referral-to-wld", lambda: case("early-help"), "disabled child"),
    ("duty-to-private-fostering", lambda: case("duty"), "private fostering"),
    (
        "duty-to-locality-private-fostering",
        lambda: case("duty", flags=["private_fostering"]),
        "safeguarding",
    ),
    ("yot-liaison", lambda: case("csw-locality", age=15), "none of these holds"),
    ("cfd-hub-to-duty", lambda: case("cfd-hub"), "needs"),
    ("cfd-hub-to-eh-tfs", lambda: case("cfd-hub", flags=["threshold_met"]), "not while"),
    (
        "close-to-universal",
        lambda: case("duty", flags=["immediate_cp_investigation"]),
        "not while",
    ),
    # allocated 22 days ago: the three weeks (21 days) have passed
    (
        "eh-tfs-referral-back-to-duty",
        lambda: case("early-help", flags=["threshold_met"], events=[ev("allocation", 22)]),
        "within 3 weeks",
    ),
    ("duty-to-eh-tfs", lambda: case("duty"), "assessment completed"),
    ("duty-to-cic-uasc", lambda: case("duty", age=16), "asylum"),
    ("duty-to-cic-uasc", lambda: case("duty", age=18, uasc=True), "18 or over"),
    ("eh-to-tfs", lambda: case("early-help"), "needs"),
    (
        "play-youth-safeguarding-to-ess",
        lambda: case("play-and-youth", flags=["safeguarding_concerns", "out_of_hours"]),
        "not while",
    ),
    (
        "out-of-hours-to-edt",
        lambda: case("play-and-youth", flags=["safeguarding_concerns"]),
        "out of hours",
    ),
    ("immediate-concerns-to-hub", lambda: case("early-help"), "needs"),
    ("immediate-risk-police", lambda: case("play-and-youth"), "needs"),
    (
        "under-5-escalating-to-hub-ess",
        lambda: case("play-and-youth", age=6, flags=["concerns_escalated"]),
        "5 or over",
    ),
    (
        "under-5-escalating-to-hub-ess",
        lambda: case(
            "play-and-youth", age=3, flags=["concerns_escalated", "safeguarding_concerns"]
        ),
        "not while",
    ),
    ("family-support-clinic", lambda: case("early-help", age=5), "5 or over"),
    ("unknown-family-to-hub", lambda: case("early-help"), "needs"),
    ("escalate-directly-to-duty", lambda: case("tfs"), "needs"),
    ("csw-back-to-eh-tfs-threshold-not-met", lambda: case("csw-locality"), "needs"),
    ("csw-to-childrens-centre", lambda: case("csw-locality", age=7), "none of these holds"),
    ("csw-to-cic-order", lambda: case("csw-locality", statuses=["C1"]), "legal status"),
    ("csw-to-cic-s20", lambda: case("csw-locality", statuses=["C2"]), "legal status"),
    ("csw-to-cic-uasc", lambda: case("csw-locality"), "asylum"),
    ("to-leaving-care", lambda: case("cic", age=18, statuses=["C2"]), "18 or over"),
    (
        "leaving-care-early-highlight",
        lambda: case("cic", age=16.5, statuses=["C2"], flags=["complex_case"]),
        "not yet 17",
    ),
    ("cic-to-cin", lambda: case("cic", statuses=["C2"]), "reunification"),
    ("cic-to-tfs", lambda: case("cic", flags=["reunification_plan"]), "legal status"),
    # 85 days after ceasing to be looked after: past the 12 weeks (84 days)
    (
        "cic-worker-resumes",
        lambda: case(
            "csw-locality", flags=["concerns_escalated"], events=[ev("ceased_looked_after", 85)]
        ),
        "within 12 weeks",
    ),
    ("camhs-cic-consultation", lambda: case("cic", flags=["emotional_mental_health_needs"]), "V2"),
]


@pytest.mark.parametrize(
    ("pathway_id", "make", "reason"), NOT_ELIGIBLE, ids=[r[0] for r in NOT_ELIGIBLE]
)
def test_pathway_not_eligible(pathway_id: str, make: CaseFactory, reason: str) -> None:
    option = judge(make(), pathway_id)
    assert option.status is NotEligible
    assert any(reason in u for u in option.unmet), option.unmet


def test_children_centre_route_is_for_under_fives_and_their_siblings() -> None:
    assert (
        judge(case("csw-locality", age=4.5, events=[UNIV]), "csw-to-childrens-centre").status
        is Open
    )
    assert judge(case("csw-locality", age=5, events=[UNIV]), "csw-to-childrens-centre").status is (
        NotEligible
    )
    sibling = case("csw-locality", age=9, flags=["sibling_of_under_5"], events=[UNIV])
    assert judge(sibling, "csw-to-childrens-centre").status is Open
    unborn = case("csw-locality", age=None, events=[UNIV])
    assert judge(unborn, "csw-to-childrens-centre").status is Open


def test_referral_back_to_duty_on_the_last_day_of_the_three_weeks() -> None:
    day_21 = case("tfs", flags=["threshold_met"], events=[ev("allocation", 21)])
    assert judge(day_21, "eh-tfs-referral-back-to-duty").status is Open


def test_cic_worker_resumes_on_the_last_day_of_the_twelve_weeks() -> None:
    day_84 = case("tfs", flags=["concerns_escalated"], events=[ev("ceased_looked_after", 84)])
    assert judge(day_84, "cic-worker-resumes").status is Open


def test_leaving_care_early_highlight_from_the_17th_birthday() -> None:
    seventeen = case("csw-locality", age=17, statuses=["V2"], flags=["complex_case"])
    assert judge(seventeen, "leaving-care-early-highlight").status is Open
    not_complex = case("csw-locality", age=17, statuses=["V2"])
    assert judge(not_complex, "leaving-care-early-highlight").status is NotEligible


# ------------------------------------------------------------------------------------ rules

# (rule, pathway, a case the rule bites on, the status that follows)
RULE_HITS: list[tuple[str, str, CaseFactory, OptionStatus]] = [
    (
        "immediate-cp-or-homeless-direct-to-duty",
        "eh-to-csw",
        lambda: case("early-help", flags=["immediate_cp_investigation"]),
        Warned,
    ),
    (
        "immediate-cp-or-homeless-direct-to-duty",
        "camhs-to-csw",
        lambda: case("camhs", age=16, flags=["homeless_housing_assessment"]),
        Warned,
    ),
    (
        "immediate-cp-or-homeless-direct-to-duty",
        "tfs-to-csw",
        lambda: case("tfs", flags=["immediate_cp_investigation"], events=[ev("allocation", 5)]),
        Warned,
    ),
    (
        "wld-holds-disabled-children",
        "cfd-hub-to-duty",
        lambda: case("cfd-hub", disability=True, flags=["threshold_met"]),
        Blocked,
    ),
    (
        "wld-holds-disabled-children",
        "spa-safeguarding-to-duty",
        lambda: case("spa", disability=True, flags=["safeguarding_concerns"]),
        Blocked,
    ),
    (
        "wld-holds-disabled-children",
        "open-case-safeguarding-to-locality",
        lambda: case("early-help", disability=True, flags=["safeguarding_concerns"]),
        Blocked,
    ),
    (
        "wld-holds-disabled-children",
        "edt-to-locality-sw",
        lambda: case("edt", disability=True, flags=["open_to_locality_sw"]),
        Blocked,
    ),
    (
        "wld-referral-expects-early-help-assessment",
        "referral-to-wld",
        lambda: case("tfs", disability=True),
        Warned,
    ),
    (
        "consider-universal-services-first",
        "dart-to-eh-tfs",
        lambda: case("dart", flags=["dash_medium_risk"]),
        Warned,
    ),
    ("consider-universal-services-first", "cfd-hub-to-eh-tfs", lambda: case("cfd-hub"), Warned),
    (
        "consider-universal-services-first",
        "duty-to-eh-tfs",
        lambda: case("duty", events=[DONE, SHARED]),
        Warned,
    ),
    ("consider-universal-services-first", "tfs-to-eh", lambda: case("tfs"), Warned),
    (
        "consider-universal-services-first",
        "csw-to-childrens-centre",
        lambda: case("csw-locality", age=2),
        Warned,
    ),
    ("consider-universal-services-first", "csw-to-tfs", lambda: case("csw-locality"), Warned),
    (
        "csw-to-tfs-stays-if-concerns-escalate",
        "csw-to-tfs",
        lambda: case("csw-locality", flags=["concerns_escalated"], events=[UNIV]),
        Blocked,
    ),
    (
        "cic-order-at-conclusion-of-proceedings",
        "csw-to-cic-order",
        lambda: case("csw-locality", statuses=["C2"], flags=["in_care_proceedings"]),
        Blocked,
    ),
    (
        "cic-s20-permanence-decision",
        "csw-to-cic-s20",
        lambda: case("csw-locality", statuses=["V2"], events=[ev("cic_review", 20, number=1)]),
        Blocked,
    ),
    (
        "uasc-at-72-hour-planning-meeting",
        "duty-to-cic-uasc",
        lambda: case("duty", age=16, uasc=True, events=[ev("accommodated", 2)]),
        Blocked,
    ),
    (
        "uasc-at-72-hour-planning-meeting",
        "csw-to-cic-uasc",
        lambda: case("csw-locality", age=16, uasc=True, events=[ev("accommodated", 2)]),
        Blocked,
    ),
    (
        "private-fostering-ca1-first",
        "duty-to-private-fostering",
        lambda: case("duty", flags=["private_fostering"]),
        Blocked,
    ),
    (
        "private-fostering-ca1-first",
        "duty-to-locality-private-fostering",
        lambda: case("duty", flags=["private_fostering", "safeguarding_concerns"]),
        Blocked,
    ),
    (
        "assessment-shared-before-transfer",
        "duty-to-eh-tfs",
        lambda: case("duty", events=[DONE, UNIV]),
        Warned,
    ),
    (
        "assessment-shared-before-transfer",
        "csw-to-cic-order",
        lambda: case("csw-locality", statuses=["C2"], events=[DONE]),
        Warned,
    ),
    (
        "tfs-open-over-three-weeks-eh-assessment",
        "tfs-to-csw",
        lambda: case("tfs", events=[ev("allocation", 40)]),
        Warned,
    ),
    (
        "dpm-before-discharge",
        "csw-to-childrens-centre",
        lambda: case(
            "csw-locality",
            age=0,
            flags=["hospital_discharge_pending", "safeguarding_concerns"],
            events=[UNIV],
        ),
        Warned,
    ),
    (
        "dpm-before-discharge",
        "close-to-universal",
        lambda: case("duty", age=0, flags=["hospital_discharge_pending", "safeguarding_concerns"]),
        Warned,
    ),
    (
        "cic-discussion-before-concluding-review",
        "cic-to-cin",
        lambda: case("cic", statuses=["V2"], flags=["reunification_plan"], events=[DONE, SHARED]),
        Warned,
    ),
    (
        "cic-discussion-before-concluding-review",
        "cic-to-tfs",
        lambda: case("cic", statuses=["V2"], flags=["reunification_plan"], events=[DONE, SHARED]),
        Warned,
    ),
    (
        "cease-looked-after-robustly-assessed",
        "cic-to-cin",
        lambda: case(
            "cic",
            statuses=["V2"],
            flags=["reunification_plan"],
            events=[ev("transfer_discussion", 1)],
        ),
        Blocked,
    ),
    (
        "spa-self-referral-consent",
        "spa-to-camhs",
        lambda: case(
            "spa",
            age=15,
            flags=["emotional_mental_health_needs", "self_referral_no_parental_consent"],
        ),
        Warned,
    ),
    (
        "spa-self-referral-consent",
        "spa-to-universal-emotional-health",
        lambda: case(
            "spa",
            age=15,
            flags=["emotional_mental_health_needs", "self_referral_no_parental_consent"],
        ),
        Warned,
    ),
]


def test_every_rule_is_tried() -> None:
    assert {row[0] for row in RULE_HITS} == {r.id for r in PACK.rules}


@pytest.mark.parametrize(
    ("rule_id", "pathway_id", "make", "expected"),
    RULE_HITS,
    ids=[f"{r[0]}@{r[1]}" for r in RULE_HITS],
)
def test_rule_bites(
    rule_id: str, pathway_id: str, make: CaseFactory, expected: OptionStatus
) -> None:
    option = judge(make(), pathway_id)
    assert option.status is expected
    assert rule_id in hit_ids(option)
    rule = PACK.rule(rule_id)
    hit = next(h for h in option.hits if h.rule_id == rule_id)
    assert hit.effect is rule.effect
    assert hit.cite == rule.cite


# The same pathway and case without the circumstance: the rule stays quiet.
RULE_QUIET: list[tuple[str, str, CaseFactory]] = [
    ("immediate-cp-or-homeless-direct-to-duty", "eh-to-csw", lambda: case("early-help")),
    (
        "wld-holds-disabled-children",
        "cfd-hub-to-duty",
        lambda: case("cfd-hub", flags=["threshold_met"]),
    ),
    (
        "wld-referral-expects-early-help-assessment",
        "referral-to-wld",
        lambda: case("tfs", disability=True, events=[ev("early_help_assessment", 40)]),
    ),
    (
        "wld-referral-expects-early-help-assessment",
        "referral-to-wld",
        lambda: case("cfd-hub", disability=True),
    ),
    ("consider-universal-services-first", "tfs-to-eh", lambda: case("tfs", events=[UNIV])),
    ("csw-to-tfs-stays-if-concerns-escalate", "csw-to-tfs", lambda: case("csw-locality")),
    (
        "cic-order-at-conclusion-of-proceedings",
        "csw-to-cic-order",
        lambda: case("csw-locality", statuses=["E1"]),
    ),
    (
        "cic-s20-permanence-decision",
        "csw-to-cic-s20",
        lambda: case("csw-locality", statuses=["V2"], events=[ev("permanence_decision", 1)]),
    ),
    (
        "uasc-at-72-hour-planning-meeting",
        "duty-to-cic-uasc",
        lambda: case("duty", age=16, uasc=True, events=[ev("planning_meeting_72h", 0)]),
    ),
    (
        "private-fostering-ca1-first",
        "duty-to-private-fostering",
        lambda: case("duty", flags=["private_fostering"], events=[DONE]),
    ),
    (
        "assessment-shared-before-transfer",
        "duty-to-eh-tfs",
        lambda: case("duty", events=[DONE, SHARED, UNIV]),
    ),
    # the clock starts only once the case has been open over three weeks
    (
        "tfs-open-over-three-weeks-eh-assessment",
        "tfs-to-csw",
        lambda: case("tfs", events=[ev("allocation", 21)]),
    ),
    (
        "tfs-open-over-three-weeks-eh-assessment",
        "tfs-to-csw",
        lambda: case("tfs", events=[ev("allocation", 40), ev("early_help_assessment", 30)]),
    ),
    (
        "dpm-before-discharge",
        "close-to-universal",
        lambda: case(
            "duty",
            age=0,
            flags=["hospital_discharge_pending", "safeguarding_concerns"],
            events=[ev("dpm_held", 1)],
        ),
    ),
    (
        "dpm-before-discharge",
        "close-to-universal",
        lambda: case("duty", age=0, flags=["hospital_discharge_pending"]),
    ),
    (
        "cic-discussion-before-concluding-review",
        "cic-to-tfs",
        lambda: case(
            "cic",
            statuses=["V2"],
            flags=["reunification_plan"],
            events=[DONE, ev("transfer_discussion", 1)],
        ),
    ),
    (
        "cease-looked-after-robustly-assessed",
        "cic-to-tfs",
        lambda: case("cic", statuses=["V2"], flags=["reunification_plan"], events=[DONE]),
    ),
    (
        "spa-self-referral-consent",
        "spa-to-camhs",
        lambda: case("spa", flags=["emotional_mental_health_needs"]),
    ),
]


def test_every_rule_has_a_quiet_case() -> None:
    assert {row[0] for row in RULE_QUIET} == {r.id for r in PACK.rules}


@pytest.mark.parametrize(
    ("rule_id", "pathway_id", "make"), RULE_QUIET, ids=[f"{r[0]}@{r[1]}" for r in RULE_QUIET]
)
def test_rule_quiet(rule_id: str, pathway_id: str, make: CaseFactory) -> None:
    option = judge(make(), pathway_id)
    assert option.status is not NotEligible
    assert rule_id not in hit_ids(option)


def test_rules_have_no_override_because_the_text_names_no_one() -> None:
    assert all(r.override is None for r in PACK.rules)
    blocked = judge(case("cfd-hub", disability=True, flags=["threshold_met"]), "cfd-hub-to-duty")
    assert blocked.status is Blocked
    assert not blocked.overridable


def test_rule_scopes() -> None:
    immediate = PACK.rule("immediate-cp-or-homeless-direct-to-duty")
    assert not rule_applies_to(immediate, PACK.pathway("eh-to-tfs"))
    assert not rule_applies_to(immediate, PACK.pathway("escalate-directly-to-duty"))
    shared = PACK.rule("assessment-shared-before-transfer")
    # referrals are not transfers; front-door contacts are new and not covered
    assert not rule_applies_to(shared, PACK.pathway("open-case-safeguarding-to-locality"))
    assert rule_applies_to(shared, PACK.pathway("tfs-to-eh"))
    front = case("cfd-hub", flags=["threshold_met"], events=[DONE])
    assert "assessment-shared-before-transfer" not in hit_ids(judge(front, "cfd-hub-to-duty"))
    wld = case("early-help", disability=True, events=[DONE, ev("early_help_assessment", 9)])
    assert "assessment-shared-before-transfer" in hit_ids(judge(wld, "referral-to-wld"))
    holds_wld = PACK.rule("wld-holds-disabled-children")
    assert not rule_applies_to(holds_wld, PACK.pathway("duty-to-eh-tfs"))
    assert not rule_applies_to(holds_wld, PACK.pathway("referral-to-wld"))
    dpm = PACK.rule("dpm-before-discharge")
    assert set(dpm.kinds) == set(PathwayKind)


def test_disabled_child_from_the_hub_goes_to_wld_not_duty() -> None:
    disabled = case("cfd-hub", disability=True, flags=["threshold_met"])
    options = {o.pathway.id: o.status for o in pathway_options(disabled, PACK, TODAY)}
    assert options["cfd-hub-to-duty"] is Blocked
    assert options["referral-to-wld"] is Open


def test_immediate_cp_from_early_help_points_straight_to_duty() -> None:
    snapshot = case("early-help", flags=["immediate_cp_investigation"])
    options = {o.pathway.id: o for o in pathway_options(snapshot, PACK, TODAY)}
    assert options["escalate-directly-to-duty"].status is Open
    warned = options["eh-to-csw"]
    assert warned.status is Warned
    assert "escalated directly into the Children's Duty Team" in warned.warnings[0].message


# ------------------------------------------------------------------------------- exceptions


def test_edt_critical_referral_stays_with_edt() -> None:
    option = judge(case("edt", flags=["immediate_response_needed"]), "edt-new-to-hub")
    assert option.status is Blocked
    assert hit_ids(option) == {"edt-new-to-hub/critical-stays-with-edt"}


def test_private_fostering_with_safeguarding_routes_to_locality() -> None:
    snapshot = case(
        "duty", flags=["private_fostering", "safeguarding_concerns"], events=[DONE, SHARED]
    )
    assert judge(snapshot, "duty-to-private-fostering").status is Blocked
    exc = PACK.pathway("duty-to-private-fostering").exceptions[0]
    assert exc.route_to == "duty-to-locality-private-fostering"
    assert judge(snapshot, "duty-to-locality-private-fostering").status is Open


def test_hub_contact_on_an_open_case_is_warned_towards_the_locality() -> None:
    option = judge(
        case("cfd-hub", flags=["threshold_met", "open_to_eh_or_targeted"]), "cfd-hub-to-duty"
    )
    assert option.status is Warned
    assert hit_ids(option) == {"cfd-hub-to-duty/open-known-through-locality"}
    exc = PACK.pathway("cfd-hub-to-duty").exceptions[0]
    assert exc.route_to == "open-case-safeguarding-to-locality"


def test_early_help_to_tfs_warns_when_social_work_is_warranted() -> None:
    option = judge(case("early-help", flags=["concerns_escalated", "threshold_met"]), "eh-to-tfs")
    assert option.status is Warned
    assert hit_ids(option) == {"eh-to-tfs/warrants-social-work"}
    assert PACK.pathway("eh-to-tfs").exceptions[0].route_to == "eh-to-csw"


def test_routes_back_named_by_exceptions() -> None:
    routes = {(p.id, e.id): e.route_to for p in PACK.pathways for e in p.exceptions if e.route_to}
    assert routes[("cfd-hub-to-eh-tfs", "escalates-within-three-weeks")] == (
        "eh-tfs-referral-back-to-duty"
    )
    assert routes[("duty-to-eh-tfs", "escalates-within-three-weeks")] == (
        "eh-tfs-referral-back-to-duty"
    )
    assert routes[("eh-to-csw", "threshold-not-met")] == "csw-back-to-eh-tfs-threshold-not-met"
    assert routes[("tfs-to-csw", "threshold-not-met")] == "csw-back-to-eh-tfs-threshold-not-met"


# ------------------------------------------------------------------------------- checklists


def texts(checklist_id: str) -> list[str]:
    return [i.text for i in PACK.checklist(checklist_id).items]


def test_transfer_documents_checklist_word_for_word() -> None:
    checklist = PACK.checklist("transfer-documents")
    assert checklist.blocks_transfer is True
    assert texts("transfer-documents") == [
        "Any details of the Signs of Safety tools used to gain children's views should be "
        "recorded and stored in Liquid Logic.",
        "case chronology",
        "assessment",
        "plan",
        "multi-agency meeting minutes (when available)",
        "All cases should be transferred with all networks, relationships and personal "
        "details updated.",
        "Assessments will be shared with families and a copy provided prior to case transfer "
        "and this be documented on Liquid Logic.",
    ]
    items = {i.id: i.file_item for i in checklist.items}
    assert items["chronology"] == "chronology"
    assert items["meeting-minutes"] == "minutes"


def test_hub_checklist_word_for_word() -> None:
    assert texts("cfd-hub-contact") == [
        "Receiving all new initial contacts regarding children and young people",
        "Checking to see if the child is already open to services",
        "Providing advice and support in identifying additional needs",
        "Signposting to support services",
        "Ensuring that cases are referred to the appropriate service, best able to meet the "
        "needs of the child and/or family and in line with the Family Support Pathway.",
        "Identifying gaps in service provision to help further service development",
    ]
    assert PACK.checklist("cfd-hub-contact").blocks_transfer is False


def test_spa_checklist_word_for_word() -> None:
    found = texts("spa-screening")
    assert len(found) == 10
    assert found[0] == (
        "Receiving all referrals regarding children and young people's emotional/mental health"
    )
    assert found[4] == (
        "Where a young person is self-referring without parental consent, ensuring that the "
        "young person is able to consent and that they have a known adult who can support them"
    )
    assert found[9] == (
        "Referrals that include a safeguarding risk will be shared with the duty team "
        "immediately via the CAMHS Manager/Specialist who is on SPA duty."
    )


def test_dpm_criteria_word_for_word() -> None:
    assert texts("dpm-criteria") == [
        "there are any unexplained injuries to a pre mobile child",
        "adult / parental issues are impacting significantly on their ability to care for the "
        "child e.g. mental health problems, substance misuse",
        "concerns are judged as serious, e.g. domestic violence, poor engagement, neglect and "
        "cumulative risk",
        "there are differing opinions about the cause of injury or the level risk",
        "there is a lack of agreement between agencies as to the plan for the child",
        "there are concerns about self-harm",
    ]


def applicable(snapshot: CaseSnapshot, checklist_id: str) -> dict[str, bool]:
    return {
        line.item.id: line.applicable
        for line in checklist_lines(snapshot, PACK, checklist_id, TODAY)
    }


def test_minutes_apply_only_when_a_meeting_has_been_held() -> None:
    before = applicable(case("duty"), "transfer-documents")
    assert before["meeting-minutes"] is False
    assert before["chronology"] is True
    after = applicable(case("csw-locality", events=[ev("cin_review", 10)]), "transfer-documents")
    assert after["meeting-minutes"] is True
    line = next(
        ln
        for ln in checklist_lines(case("duty"), PACK, "transfer-documents", TODAY)
        if ln.item.id == "meeting-minutes"
    )
    assert line.reason.startswith("Not applicable - no multi-agency meeting")


def test_assessment_shared_applies_once_an_assessment_is_completed() -> None:
    assert applicable(case("duty"), "transfer-documents")["assessment-shared"] is False
    assert applicable(case("duty", events=[DONE]), "transfer-documents")["assessment-shared"]


def test_spa_conditional_items() -> None:
    plain = applicable(case("spa", flags=["emotional_mental_health_needs"]), "spa-screening")
    assert plain["self-referral-consent"] is False
    assert plain["safeguarding-to-duty"] is False
    assert sum(plain.values()) == 8
    both = applicable(
        case("spa", flags=["self_referral_no_parental_consent", "safeguarding_concerns"]),
        "spa-screening",
    )
    assert all(both.values())


def test_pathways_carry_the_documents_that_travel() -> None:
    core = {"chronology", "assessment", "plan", "meeting-minutes"}
    step_across = [
        "duty-to-eh-tfs",
        "eh-to-tfs",
        "eh-to-csw",
        "tfs-to-csw",
        "tfs-to-eh",
        "csw-to-childrens-centre",
        "csw-to-tfs",
        "csw-to-cic-order",
        "to-leaving-care",
        "cic-to-cin",
    ]
    for pathway_id in step_across:
        pathway = PACK.pathway(pathway_id)
        assert core <= set(pathway.documents), pathway_id
        assert pathway.checklist == "transfer-documents"
    assert {"sos-tools", "networks-and-details"} <= set(PACK.pathway("duty-to-eh-tfs").documents)


def test_joint_and_goodbye_visits_on_the_step_across_routes() -> None:
    for pathway_id in ("tfs-to-csw", "tfs-to-eh", "csw-to-childrens-centre", "csw-to-tfs"):
        kinds = [s.kind.value for s in PACK.pathway(pathway_id).steps]
        assert "joint_visit" in kinds and "goodbye_visit" in kinds, pathway_id
        assert "co_working" in kinds
    for pathway_id in ("eh-to-tfs", "eh-to-csw"):
        kinds = [s.kind.value for s in PACK.pathway(pathway_id).steps]
        assert "joint_visit" in kinds and "co_working" in kinds


def test_transfer_points() -> None:
    def events(pathway_id: str) -> tuple[str, ...]:
        point = PACK.pathway(pathway_id).transfer_point
        assert point is not None
        return point.events

    assert events("csw-to-childrens-centre") == ("cin_review",)
    assert events("csw-to-tfs") == ("cin_review", "icpc", "rcpc")
    assert events("tfs-to-eh") == ("early_help_review",)
    assert events("eh-to-csw") == ("assessment_started",)
    assert events("csw-to-cic-order") == ("order_made",)
    assert events("duty-to-cic-uasc") == ("planning_meeting_72h",)
    assert events("to-leaving-care") == ("cic_review",)


# ------------------------------------------------------------------------------- timescales


def units() -> dict[str, tuple[float, Unit, str]]:
    return {t.id: (t.amount, Unit(t.unit), t.anchor) for t in PACK.timescales}


def test_every_timescale_unit_and_anchor() -> None:
    assert units() == {
        "allocate-within-5-working-days": (5, Unit.WORKING_DAYS, "transfer_sent"),
        "referral-back-window": (3, Unit.WEEKS, "allocation"),
        "co-working-up-to-three-weeks": (3, Unit.WEEKS, "co_working_started"),
        "tfs-eh-assessment-by-three-weeks": (3, Unit.WEEKS, "allocation"),
        "cic-within-10-days-of-order": (10, Unit.CALENDAR_DAYS, "order_made"),
        "cic-within-10-days-of-permanence-decision": (
            10,
            Unit.CALENDAR_DAYS,
            "permanence_decision",
        ),
        "uasc-72-hour-planning-meeting": (72, Unit.HOURS, "accommodated"),
        "leaving-care-before-18": (18, Unit.YEARS, "birth"),
        "leaving-care-highlight-from-17": (17, Unit.YEARS, "birth"),
        "cic-worker-stays-6-weeks": (6, Unit.WEEKS, "ceased_looked_after"),
        "cic-worker-resumes-before-12-weeks": (12, Unit.WEEKS, "ceased_looked_after"),
        "cic-discussion-before-concluding-review": (0, Unit.CALENDAR_DAYS, "concluding_cic_review"),
        "spa-coordinated-response-48-hours": (48, Unit.HOURS, "spa_referral"),
        "spa-safeguarding-shared-immediately": (0, Unit.HOURS, "spa_referral"),
        "edt-next-working-day": (1, Unit.WORKING_DAYS, "edt_referral"),
        "escalation-first-24-hours": (1, Unit.WORKING_DAYS, "disagreement_raised"),
        "escalation-resolved-48-hours": (2, Unit.WORKING_DAYS, "disagreement_raised"),
    }


def test_ambiguous_timescales_state_their_reading() -> None:
    for timescale_id in (
        "allocate-within-5-working-days",
        "referral-back-window",
        "co-working-up-to-three-weeks",
        "cic-within-10-days-of-order",
        "cic-within-10-days-of-permanence-decision",
        "uasc-72-hour-planning-meeting",
        "spa-coordinated-response-48-hours",
        "spa-safeguarding-shared-immediately",
        "edt-next-working-day",
        "escalation-first-24-hours",
        "escalation-resolved-48-hours",
    ):
        assert len(PACK.timescale(timescale_id).reading) > 40, timescale_id


# Allocation within 5 working days of the Transfer being sent (§6(a)(iv)).
# Wed 23 Dec 2026: Thu 24 (1), Fri 25 Christmas, Sat, Sun, Mon 28 Boxing Day (observed),
# Tue 29 (2), Wed 30 (3), Thu 31 (4), Fri 1 Jan New Year's Day, Sat, Sun, Mon 4 Jan 2027 (5).
# Mon 21 Dec 2026: Tue 22 (1), Wed 23 (2), Thu 24 (3), Tue 29 (4), Wed 30 Dec (5).
# Wed 24 Mar 2027: Thu 25 (1), Fri 26 Good Friday, Sat, Sun, Mon 29 Easter Monday,
# Tue 30 (2), Wed 31 (3), Thu 1 Apr (4), Fri 2 Apr 2027 (5).
@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (date(2026, 12, 23), date(2027, 1, 4)),
        (date(2026, 12, 21), date(2026, 12, 30)),
        (date(2027, 3, 24), date(2027, 4, 2)),
    ],
)
def test_allocation_within_5_working_days_across_bank_holidays(sent: date, expected: date) -> None:
    snapshot = case("cfd-hub", today=sent, events=[on("transfer_sent", sent)])
    found = deadlines(snapshot, PACK, sent, CAL, pathway_ids=["cfd-hub-to-eh-tfs"])
    due = clock(found, "allocate-within-5-working-days")
    assert due.due_date == expected
    assert due.state is ClockState.RUNNING
    assert due.rule == "5 working days after transfer form sent to the receiving team"


def test_allocation_clock_only_on_its_pathways_and_met_by_allocation() -> None:
    sent = date(2026, 12, 23)
    snapshot = case("cfd-hub", today=sent, events=[on("transfer_sent", sent)])
    assert not [
        d
        for d in deadlines(snapshot, PACK, sent, CAL)
        if d.timescale.id == "allocate-within-5-working-days"
    ]
    late = date(2027, 1, 5)
    overdue = deadlines(snapshot, PACK, late, CAL, pathway_ids=["dart-to-eh-tfs"])
    assert clock(overdue, "allocate-within-5-working-days").state is ClockState.OVERDUE
    allocated = case(
        "cfd-hub",
        today=sent,
        events=[on("transfer_sent", sent), on("allocation", date(2027, 1, 4))],
    )
    met = deadlines(allocated, PACK, late, CAL, pathway_ids=["cfd-hub-to-eh-tfs"])
    assert clock(met, "allocate-within-5-working-days").state is ClockState.MET


# EDT non-urgent new case: the C&FD Hub responds the next working day (§4(e)(ii)).
# Thu 24 Dec 2026 -> Tue 29 Dec (25, 26/27 weekend, 28 Boxing Day observed).
# Sat 26 Dec 2026 -> Tue 29 Dec. Good Friday 26 Mar 2027 -> Tue 30 Mar (29 Easter Monday).
# Thu 31 Dec 2026 -> Mon 4 Jan 2027 (1 Jan New Year's Day).
@pytest.mark.parametrize(
    ("referred", "expected"),
    [
        (date(2026, 12, 24), date(2026, 12, 29)),
        (date(2026, 12, 26), date(2026, 12, 29)),
        (date(2027, 3, 26), date(2027, 3, 30)),
        (date(2026, 12, 31), date(2027, 1, 4)),
    ],
)
def test_edt_next_working_day(referred: date, expected: date) -> None:
    snapshot = case("edt", today=referred, events=[on("edt_referral", referred)])
    due = clock(deadlines(snapshot, PACK, referred, CAL), "edt-next-working-day")
    assert due.due_date == expected


def test_edt_critical_referral_has_no_next_working_day_clock() -> None:
    day = date(2026, 12, 24)
    snapshot = case(
        "edt", today=day, flags=["immediate_response_needed"], events=[on("edt_referral", day)]
    )
    assert "edt-next-working-day" not in {
        d.timescale.id for d in deadlines(snapshot, PACK, day, CAL)
    }


# Escalation (§7(a)): 24 hours = 1 working day to the Service Manager / Head of Service, then a
# further 24 hours = 1 more working day to the Heads of Service (48 hours = 2 working days).
# Raised Thu 24 Dec 2026 14:30: 1 wd -> Tue 29 Dec 14:30; 2 wd -> Wed 30 Dec 14:30.
# Raised Thu 31 Dec 2026 11:00: 1 wd -> Mon 4 Jan 2027; 2 wd -> Tue 5 Jan 2027.
# Raised Thu 25 Mar 2027 16:00: 1 wd -> Tue 30 Mar; 2 wd -> Wed 31 Mar 2027.
@pytest.mark.parametrize(
    ("raised", "first", "second"),
    [
        (
            datetime(2026, 12, 24, 14, 30),
            datetime(2026, 12, 29, 14, 30),
            datetime(2026, 12, 30, 14, 30),
        ),
        (datetime(2026, 12, 31, 11, 0), datetime(2027, 1, 4, 11, 0), datetime(2027, 1, 5, 11, 0)),
        (datetime(2027, 3, 25, 16, 0), datetime(2027, 3, 30, 16, 0), datetime(2027, 3, 31, 16, 0)),
    ],
)
def test_escalation_clocks_across_bank_holidays(
    raised: datetime, first: datetime, second: datetime
) -> None:
    snapshot = case("csw-locality", today=raised.date(), events=[at("disagreement_raised", raised)])
    found = deadlines(snapshot, PACK, raised.date(), CAL, include_off_file=True)
    assert clock(found, "escalation-first-24-hours").due == first
    assert clock(found, "escalation-resolved-48-hours").due == second


def test_escalation_first_stage_met_by_referral_to_heads_of_service() -> None:
    raised = datetime(2026, 12, 24, 14, 30)
    snapshot = case(
        "tfs",
        today=raised.date(),
        events=[
            at("disagreement_raised", raised),
            on("referred_to_heads_of_service", date(2026, 12, 29)),
        ],
    )
    found = deadlines(snapshot, PACK, date(2026, 12, 30), CAL, include_off_file=True)
    assert clock(found, "escalation-first-24-hours").state is ClockState.MET
    assert clock(found, "escalation-resolved-48-hours").state is ClockState.RUNNING
    later = deadlines(snapshot, PACK, date(2026, 12, 31), CAL, include_off_file=True)
    assert clock(later, "escalation-resolved-48-hours").state is ClockState.OVERDUE


def test_escalation_ladder() -> None:
    escalation = PACK.escalation
    assert escalation is not None
    assert escalation.record_on_child_file is True
    assert [step.timescale for step in escalation.ladder] == [
        "escalation-first-24-hours",
        "escalation-resolved-48-hours",
    ]
    assert set(escalation.ladder[0].to) == {
        "social-care-service-manager",
        "head-of-service-early-help",
        "head-of-service-duty-targeted",
    }
    assert "head-of-service-csw" in escalation.ladder[1].to
    assert escalation.responsibility.endswith("will be held by the allocated team.")


# CiC within 10 days (calendar) of the order / of the permanence decision (§6(k)).
def test_cic_within_10_calendar_days_of_the_order() -> None:
    made = date(2026, 12, 22)
    snapshot = case("csw-locality", today=made, statuses=["C2"], events=[on("order_made", made)])
    found = deadlines(snapshot, PACK, made, CAL, pathway_ids=["csw-to-cic-order"])
    # 22 Dec + 10 calendar days = 1 Jan 2027, bank holiday or not
    assert clock(found, "cic-within-10-days-of-order").due_date == date(2027, 1, 1)


def test_cic_within_10_calendar_days_of_the_permanence_decision() -> None:
    decided = date(2026, 12, 24)
    snapshot = case(
        "csw-locality",
        today=decided,
        statuses=["V2"],
        events=[on("cic_review", decided, 2), on("permanence_decision", decided)],
    )
    found = deadlines(snapshot, PACK, decided, CAL, pathway_ids=["csw-to-cic-s20"])
    assert clock(found, "cic-within-10-days-of-permanence-decision").due_date == date(2027, 1, 3)
    done = case(
        "csw-locality",
        today=decided,
        statuses=["V2"],
        events=[on("permanence_decision", decided), on("transfer_completed", date(2027, 1, 2))],
    )
    met = deadlines(done, PACK, date(2027, 1, 8), CAL, pathway_ids=["csw-to-cic-s20"])
    assert clock(met, "cic-within-10-days-of-permanence-decision").state is ClockState.MET


def test_uasc_72_hour_planning_meeting_in_clock_hours() -> None:
    arrived = datetime(2026, 12, 24, 22, 0)
    snapshot = case(
        "duty", age=16, uasc=True, today=arrived.date(), events=[at("accommodated", arrived)]
    )
    due = clock(deadlines(snapshot, PACK, arrived.date(), CAL), "uasc-72-hour-planning-meeting")
    assert due.due == datetime(2026, 12, 27, 22, 0)


def test_spa_coordinated_response_48_clock_hours_over_christmas() -> None:
    referred = datetime(2026, 12, 25, 10, 0)
    snapshot = case(
        "csw-locality",
        age=15,
        today=referred.date(),
        flags=["immediate_mental_health_risk"],
        events=[at("spa_referral", referred)],
    )
    found = deadlines(snapshot, PACK, referred.date(), CAL)
    assert clock(found, "spa-coordinated-response-48-hours").due == datetime(2026, 12, 27, 10, 0)


def test_spa_safeguarding_shared_immediately() -> None:
    referred = date(2026, 11, 20)
    snapshot = case("spa", flags=["safeguarding_concerns"], events=[on("spa_referral", referred)])
    found = deadlines(snapshot, PACK, referred, CAL)
    assert clock(found, "spa-safeguarding-shared-immediately").state is ClockState.RUNNING
    later = deadlines(snapshot, PACK, date(2026, 11, 21), CAL)
    assert clock(later, "spa-safeguarding-shared-immediately").state is ClockState.OVERDUE
    shared = case(
        "spa",
        flags=["safeguarding_concerns"],
        events=[on("spa_referral", referred), on("shared_with_duty", referred)],
    )
    met = deadlines(shared, PACK, date(2026, 11, 21), CAL)
    assert clock(met, "spa-safeguarding-shared-immediately").state is ClockState.MET


def test_three_week_clocks() -> None:
    allocated = date(2026, 12, 14)
    today = date(2026, 12, 20)
    snapshot = case(
        "early-help",
        today=today,
        events=[on("allocation", allocated), on("co_working_started", date(2026, 12, 21))],
    )
    found = deadlines(snapshot, PACK, today, CAL, pathway_ids=["eh-to-csw"])
    # 14 Dec + 21 days = 4 Jan 2027 (weeks are calendar weeks)
    assert clock(found, "referral-back-window").due_date == date(2027, 1, 4)
    # co-working clock anchors on the last co-working start (21 Dec, recorded ahead)
    ahead = deadlines(snapshot, PACK, date(2026, 12, 22), CAL, pathway_ids=["eh-to-csw"])
    assert clock(ahead, "co-working-up-to-three-weeks").due_date == date(2027, 1, 11)
    # once the three weeks have passed the referral-back window is no longer shown
    gone = deadlines(snapshot, PACK, date(2027, 1, 6), CAL)
    assert "referral-back-window" not in {d.timescale.id for d in gone}


def test_co_working_extension_meets_the_clock() -> None:
    started = date(2026, 10, 30)
    overrun = case("tfs", events=[on("co_working_started", started)])
    found = deadlines(overrun, PACK, TODAY, CAL, pathway_ids=["tfs-to-csw"])
    assert clock(found, "co-working-up-to-three-weeks").state is ClockState.OVERDUE
    extended = case(
        "tfs",
        events=[on("co_working_started", started), on("co_working_extended", date(2026, 11, 20))],
    )
    met = deadlines(extended, PACK, TODAY, CAL, pathway_ids=["tfs-to-csw"])
    assert clock(met, "co-working-up-to-three-weeks").state is ClockState.MET


def test_tfs_early_help_assessment_after_three_weeks() -> None:
    allocated = date(2026, 10, 1)
    snapshot = case("tfs", events=[on("allocation", allocated)])
    found = deadlines(snapshot, PACK, TODAY, CAL, pathway_ids=["tfs-to-csw"])
    due = clock(found, "tfs-eh-assessment-by-three-weeks")
    assert due.due_date == date(2026, 10, 22)
    assert due.state is ClockState.OVERDUE


def test_cic_worker_6_and_12_weeks_after_ceasing_to_be_looked_after() -> None:
    ceased = date(2026, 12, 21)
    snapshot = case("csw-locality", today=ceased, events=[on("ceased_looked_after", ceased)])
    found = deadlines(snapshot, PACK, ceased, CAL)
    assert clock(found, "cic-worker-stays-6-weeks").due_date == date(2027, 2, 1)
    assert clock(found, "cic-worker-resumes-before-12-weeks").due_date == date(2027, 3, 15)
    after_six = deadlines(snapshot, PACK, date(2027, 2, 10), CAL)
    ids = {d.timescale.id for d in after_six}
    assert "cic-worker-stays-6-weeks" not in ids
    assert "cic-worker-resumes-before-12-weeks" in ids


def test_leaving_care_ages() -> None:
    dob = date(2009, 3, 29)
    snapshot = case("cic", age=17.5, today=date(2026, 10, 1), flags=["complex_case"])
    snapshot = CaseSnapshot(
        child=type(snapshot.child)(snapshot.child.id, "Ada", "Testcase", dob),
        team_id="cic",
        flags=snapshot.flags,
    )
    found = deadlines(snapshot, PACK, date(2026, 10, 1), CAL)
    assert clock(found, "leaving-care-before-18").due_date == date(2027, 3, 29)
    seventeen = clock(found, "leaving-care-highlight-from-17")
    assert seventeen.due_date == date(2026, 3, 29)
    assert seventeen.state is ClockState.REACHED


def test_discussion_before_the_concluding_review() -> None:
    review = date(2027, 1, 5)
    snapshot = case("cic", statuses=["V2"], events=[on("concluding_cic_review", review)])
    found = deadlines(snapshot, PACK, TODAY, CAL)
    assert clock(found, "cic-discussion-before-concluding-review").due_date == review
    held = case(
        "cic",
        statuses=["V2"],
        events=[on("concluding_cic_review", review), ev("transfer_discussion", 1)],
    )
    assert "cic-discussion-before-concluding-review" not in {
        d.timescale.id for d in deadlines(held, PACK, TODAY, CAL)
    }


# ------------------------------------------------------------------------------- meetings


def test_locality_hub_meeting() -> None:
    meeting = PACK.meeting("locality-hub-meeting")
    assert meeting.areas == ("north", "central", "south")
    # four a month in each locality
    assert meeting.cadence == "FREQ=MONTHLY;BYDAY=1TU,2TU,3TU,4TU"
    assert meeting.cadence.split("BYDAY=")[1].count(",") == 3
    assert meeting.chair == "social-care-service-manager"
    assert meeting.agenda == (
        "What's Working Well? (Good news in the Locality)",
        "What are we worried about? - Children of Concern",
        "What are we worried about? - Issues with transfer / blockages",
        "What do we need to do now? (Agreeing Actions)",
        "Service Updates / Capacity",
    )
    assert "management-oversight" in meeting.documents
    assert meeting.minuted is True


def brought(snapshot: CaseSnapshot) -> set[str]:
    from app.domain.conditions import holds

    meeting = PACK.meeting("locality-hub-meeting")
    return {b.id for b in meeting.brings if holds(b.when, snapshot, TODAY)}


def test_cases_brought_to_the_locality_hub() -> None:
    assert brought(case("early-help", flags=["safeguarding_concerns"])) == {"open-case-of-concern"}
    assert brought(case("csw-locality", flags=["complex_case"])) == {"complex-or-escalating"}
    assert brought(case("tfs", events=[ev("co_working_started", 5)])) == {"step-across-co-working"}
    assert brought(case("tfs", events=[ev("co_working_started", 40)])) == set()
    assert brought(case("early-help", flags=["lead_service_unclear"])) == {"lead-not-obvious"}
    assert brought(case("csw-locality", events=[ev("disagreement_raised", 2)])) == {
        "transfer-blockage"
    }
    assert (
        brought(
            case(
                "csw-locality",
                events=[ev("disagreement_raised", 2), ev("disagreement_resolved", 1)],
            )
        )
        == set()
    )
    assert brought(case("tfs", flags=["priority_families_eligible"])) == {"priority-families"}


def test_new_cases_are_not_brought_to_the_locality_hub() -> None:
    # "The Locality Hub meetings will not receive any referrals of cases that are new"
    assert brought(case("cfd-hub", flags=["safeguarding_concerns", "complex_case"])) == set()
    assert brought(case("edt", flags=["concerns_escalated"])) == set()


# ------------------------------------------------------------------------------- demo scenarios


def scenarios() -> list[dict[str, Any]]:
    path = demo_dir() / f"{PACK_ID}.scenarios.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert document["pack"] == PACK_ID
    return list(document["scenarios"])


def snapshot_of(scenario: dict[str, Any]) -> CaseSnapshot:
    low, high = scenario.get("age", [0, 17])
    events = [
        ev(e["kind"], int(e.get("days_ago", 0)) - int(e.get("days_ahead", 0)), e.get("number"))
        for e in scenario.get("events", [])
    ]
    return case(
        scenario["team"],
        age=(float(low) + float(high)) / 2,
        statuses=[s["code"] for s in scenario.get("statuses", [])],
        flags=scenario.get("flags", []),
        events=events,
        disability=bool(scenario.get("disability", False)),
        uasc=bool(scenario.get("uasc", False)),
        tier=scenario.get("tier"),
    )


def test_demo_scenarios_cover_every_pathway_and_rule() -> None:
    exercised = {x for s in scenarios() for x in s["exercises"]}
    pathways = {x for x in exercised if ":" not in x}
    rules = {x.split(":", 1)[1] for x in exercised if x.startswith("rule:")}
    assert pathways == {p.id for p in PACK.pathways}
    assert rules == {r.id for r in PACK.rules}
    meetings = {x.split(":", 1)[1] for x in exercised if x.startswith("meeting:")}
    assert meetings == {m.id for m in PACK.meetings}


def test_demo_scenarios_use_the_pack_words() -> None:
    from app.domain import vocabulary

    v = PACK.vocabulary
    flags = set(vocabulary.FLAGS) | {t.id for t in v.flags}
    events = set(vocabulary.EVENTS) | {t.id for t in v.events}
    statuses = set(vocabulary.LEGAL_STATUSES) | {t.id for t in v.statuses}
    file_items = set(vocabulary.FILE_ITEMS) | {t.id for t in v.file_items}
    teams = {t.id for t in PACK.teams}
    ids = [s["id"] for s in scenarios()]
    assert len(ids) == len(set(ids))
    for s in scenarios():
        assert s["team"] in teams, s["id"]
        assert set(s.get("flags", [])) <= flags, s["id"]
        assert {e["kind"] for e in s.get("events", [])} <= events, s["id"]
        assert {x["code"] for x in s.get("statuses", [])} <= statuses, s["id"]
        assert {f["kind"] for f in s.get("file_items", [])} <= file_items, s["id"]
        low, high = s["age"]
        assert 0 <= low <= high < 18, s["id"]


@pytest.mark.parametrize("scenario", scenarios(), ids=lambda s: s["id"])
def test_demo_scenario_is_consistent_with_what_it_exercises(scenario: dict[str, Any]) -> None:
    snapshot = snapshot_of(scenario)
    exercised = [x for x in scenario["exercises"] if ":" not in x]
    options = {}
    for pathway_id in exercised:
        pathway = PACK.pathway(pathway_id)
        assert snapshot.team_id in pathway.from_teams, pathway_id
        option = judge(snapshot, pathway_id)
        assert option.status is not NotEligible, (pathway_id, option.unmet)
        options[pathway_id] = option
    for rule_id in (x.split(":", 1)[1] for x in scenario["exercises"] if x.startswith("rule:")):
        assert any(rule_id in hit_ids(o) for o in options.values()), rule_id


def test_demo_has_blocked_and_overdue_cases() -> None:
    blocked = 0
    overdue = 0
    for s in scenarios():
        snapshot = snapshot_of(s)
        pathway_ids = [x for x in s["exercises"] if ":" not in x]
        statuses = [judge(snapshot, p).status for p in pathway_ids]
        blocked += Blocked in statuses
        found = deadlines(snapshot, PACK, TODAY, CAL, pathway_ids=pathway_ids)
        overdue += any(d.state is ClockState.OVERDUE for d in found)
    assert blocked >= 5
    assert overdue >= 4


def test_blocks_have_the_text_as_message() -> None:
    for rule in PACK.rules:
        assert rule.message.strip(), rule.id
        if rule.effect is Effect.BLOCK:
            assert rule.override is None


def test_coverage_table_accounts_for_every_item() -> None:
    from app.paths import packs_dir

    table = (packs_dir() / f"{PACK_ID}.coverage.md").read_text(encoding="utf-8")
    sections = (
        PACK.teams,
        PACK.pathways,
        PACK.rules,
        PACK.timescales,
        PACK.checklists,
        PACK.documents,
        PACK.principles,
        PACK.key_questions,
        PACK.meetings,
    )
    missing = [item.id for items in sections for item in items if item.id not in table]
    assert missing == []
    assert "## Schema gaps" in table
    assert "§6(i) [second, properly (j): Targeted Family Support]" in table
