"""The Cambridgeshire "Interfaces between Services" pack (seed 002), judged by the engine.

Every pathway, rule, checklist, timescale and meeting of the pack is exercised here on fictional
cases, against what the procedure text says. Working-day clocks are computed across real England
and Wales bank holidays (Christmas 2026, New Year 2027, Easter 2027), with the dates worked out by
hand in the comments.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from app.domain import vocabulary as shared
from app.domain.case import CaseSnapshot, Child, Event, FileItem, StatusSpell
from app.domain.conditions import holds
from app.domain.engine import (
    ClockState,
    OptionStatus,
    checklist_lines,
    deadlines,
    judge_pathway,
    pathway_options,
    rule_applies_to,
)
from app.domain.pack import Effect, PathwayKind
from app.policy.registry import shipped_pack
from app.reference.bank_holidays import default_calendar
from tests.builders import TODAY, case, ev

PACK_ID = "cambridgeshire-2018"
PACK = shipped_pack(PACK_ID)
CAL = default_calendar()
ROOT = Path(__file__).resolve().parents[2]
SEED = Path("/work/shared/seeds/002_f3a1e78ac3ed7bc6.txt")
SCENARIOS = ROOT / "data" / "demo" / f"{PACK_ID}.scenarios.yaml"

#: The flags that keep the principle warnings quiet: discussed with the family, paperwork seen by
#: the receiving team before the meeting, transfer on the shared district calendar.
GOOD = ("discussed_with_family", "paperwork_shared", "on_transfer_calendar")
LOOKED_AFTER = ("C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2")

OPEN = OptionStatus.OPEN
WARNED = OptionStatus.WARNED
BLOCKED = OptionStatus.BLOCKED
REFERRAL = OptionStatus.REFERRAL
NOT_ELIGIBLE = OptionStatus.NOT_ELIGIBLE


def judge(pathway_id: str, snapshot: CaseSnapshot, today: date = TODAY):  # type: ignore[no-untyped-def]
    return judge_pathway(snapshot, PACK, PACK.pathway(pathway_id), today)


def hit_ids(option) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.rule_id for h in option.hits}


def at(day: date, kind: str, number: int | None = None) -> Event:
    return Event(kind, day, number)


# ----------------------------------------------------------------------------- the pack itself


def test_pack_loads_with_its_identity() -> None:
    assert PACK.id == PACK_ID
    assert PACK.pack.source == "002_f3a1e78ac3ed7bc6.txt"
    assert PACK.pack.authority.startswith("Cambridgeshire")
    assert "October 2018" in PACK.pack.issued


def test_counts() -> None:
    assert len(PACK.teams) == 19
    assert len(PACK.pathways) == 52
    assert len(PACK.rules) == 13
    assert len(PACK.checklists) == 10
    assert sum(len(c.items) for c in PACK.checklists) == 41
    assert len(PACK.timescales) == 7
    assert len(PACK.meetings) == 2
    assert len(PACK.principles) == 19


def test_pathway_kinds() -> None:
    kinds: dict[str, set[str]] = {}
    for p in PACK.pathways:
        kinds.setdefault(p.kind.value, set()).add(p.id)
    assert kinds["referral"] == {
        "assessment-to-ehh-without-sa",
        "eh-district-to-childrens",
        "eh-district-to-sc-disability",
        "dceht-s47-referral",
        "yos-mst-to-csc",
    }
    assert kinds["closure"] == {"csc-sarahs-law-to-police", "eh-district-to-send-closure"}
    assert kinds["additional_resource"] == {
        "ehh-to-send",
        "eh-district-additional-resource",
        "eh-district-resource-via-ehh",
        "eh-district-send-resource",
        "childrens-cp-adolescent-support",
        "childrens-sc-disability-involved-worker",
        "childrens-eh-additional-resource",
        "cic-eh-additional-resource",
        "yos-mst-eh-resource",
        "send-ehcp-review-eh-resource",
        "external-lp-taf-resource",
    }
    assert len(kinds["transfer"]) == 34


@pytest.mark.parametrize(
    ("pathway_id", "via"),
    [
        ("eh-district-to-childrens", "csc"),
        ("dceht-s47-referral", "csc"),
        ("yos-mst-to-csc", "csc"),
        ("eh-district-to-sc-disability", "mash"),
        ("assessment-to-ehh-without-sa", "ehh"),
    ],
)
def test_referrals_name_their_door(pathway_id: str, via: str) -> None:
    assert PACK.pathway(pathway_id).via == via


def test_every_row_of_the_table_has_a_pathway() -> None:
    """Rows 1 to 33 of the From / To table each give at least one pathway its citation."""
    cited: set[int] = set()
    for p in PACK.pathways:
        cited |= {int(n) for n in re.findall(r"Table row (\d+)", p.cite)}
    assert cited == set(range(1, 34))


def test_the_seed_has_thirty_three_table_rows() -> None:
    if not SEED.exists():
        pytest.skip("seed text not available")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    # the header row and the 33 From/To rows start with a From; continuation lines start with a tab
    rows = [line for line in lines if len(cells := line.split("\t")) >= 3 and cells[0] and cells[1]]
    assert len(rows) - 1 == 33


def test_every_item_cites_its_section() -> None:
    for section in (
        "teams",
        "pathways",
        "rules",
        "timescales",
        "checklists",
        "meetings",
        "principles",
    ):
        for item in getattr(PACK, section):
            assert item.cite.strip(), f"{section} {item.id} has no cite"
    for checklist in PACK.checklists:
        for item in checklist.items:
            assert item.cite.strip()
    for pathway in PACK.pathways:
        for step in pathway.steps:
            assert step.cite.strip(), f"{pathway.id}/{step.id}"


def test_settings_capacity_never_stops_a_transfer() -> None:
    assert PACK.settings.capacity_stops_transfer is False
    assert PACK.settings.closure_days == ()


def test_principles_quoted() -> None:
    texts = {p.id: p.text for p in PACK.principles}
    assert texts["siblings-together"] == "Siblings to remain together wherever appropriate"
    assert texts["discussed-with-family"] == (
        "Any proposed transfer or request for resource should have already been discussed "
        "with the family"
    )
    assert texts["capacity-no-bar"] == "A lack of capacity does not mean transfers do not happen"
    assert texts["recording-no-bar"].startswith(
        "Incomplete recording does not mean transfers do not happen"
    )
    assert (
        texts["not-on-child-file"]
        == "Disagreements and escalations will not be recorded on the child's file."
    )
    assert "MUST" in texts["eh-to-sw-via-csc"]


def test_escalation_ladder_and_not_on_the_childs_file() -> None:
    esc = PACK.escalation
    assert esc is not None
    assert esc.record_on_child_file is False
    assert [step.to for step in esc.ladder] == [
        ("transferring-team-manager", "receiving-team-manager"),
        ("line-manager", "dsm"),
    ]
    assert "peers" in esc.ladder[0].text
    assert "line management" in esc.ladder[1].text
    clock = PACK.timescale(esc.ladder[0].timescale)
    assert (clock.amount, clock.anchor) == (0, "disagreement_raised")


# ----------------------------------------------------------------------------- every pathway

# (pathway, case, expected status, hits that must be there). A case is built with GOOD flags
# unless it says otherwise, so only the behaviour under test shows.
SAS = [ev("assessment_completed", 10)]
CASES: list[tuple[str, str, dict[str, Any], OptionStatus, set[str]]] = [
    # front door
    ("uasc-contact", "csc-to-uasc", {"team": "csc", "uasc": True}, OPEN, set()),
    ("not-uasc", "csc-to-uasc", {"team": "csc"}, NOT_ELIGIBLE, set()),
    ("contact-to-mash", "csc-to-mash", {"team": "csc"}, OPEN, set()),
    (
        "sarahs-law-not-to-mash",
        "csc-to-mash",
        {"team": "csc", "flags": ["sarahs_law_request"]},
        BLOCKED,
        {"csc-to-mash/sarahs-law"},
    ),
    ("contact-to-ehh", "csc-to-ehh", {"team": "csc"}, OPEN, set()),
    (
        "ehh-threshold",
        "ehh-to-mash",
        {"team": "ehh", "flags": ["meets_assessment_threshold"], "good": False},
        OPEN,
        set(),
    ),
    ("ehh-no-threshold", "ehh-to-mash", {"team": "ehh"}, NOT_ELIGIBLE, set()),
    (
        "sarahs-law-closure",
        "csc-sarahs-law-to-police",
        {"team": "csc", "flags": ["sarahs_law_request"], "good": False},
        OPEN,
        set(),
    ),
    ("not-sarahs-law", "csc-sarahs-law-to-police", {"team": "csc"}, NOT_ELIGIBLE, set()),
    ("disabled-contact", "csc-to-sc-disability", {"team": "csc", "disability": True}, OPEN, set()),
    ("not-disabled-contact", "csc-to-sc-disability", {"team": "csc"}, NOT_ELIGIBLE, set()),
    (
        "dct-criteria-not-met-in-need",
        "sc-disability-to-assessment",
        {
            "team": "sc-disability",
            "disability": True,
            "flags": ["disability_criteria_not_met", "in_need_identified"],
            "good": False,
        },
        OPEN,
        set(),
    ),
    (
        "dct-criteria-not-met-no-need",
        "sc-disability-to-assessment",
        {"team": "sc-disability", "disability": True, "flags": ["disability_criteria_not_met"]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "pf-notification",
        "csc-to-assessment-private-fostering",
        {"team": "csc", "flags": ["private_fostering"]},
        OPEN,
        set(),
    ),
    (
        "pf-to-kinship",
        "assessment-to-kinship-private-fostering",
        {"team": "assessment", "flags": ["private_fostering"]},
        OPEN,
        set(),
    ),
    (
        "pf-with-concerns-stays",
        "assessment-to-kinship-private-fostering",
        {"team": "assessment", "flags": ["private_fostering", "safeguarding_concern"]},
        NOT_ELIGIBLE,
        set(),
    ),
    ("contact-to-assessment", "csc-to-assessment", {"team": "csc"}, OPEN, set()),
    (
        "cp-other-la-direct-warned",
        "csc-to-assessment",
        {"team": "csc", "flags": ["cp_other_la"]},
        WARNED,
        {"csc-to-assessment/cp-other-la"},
    ),
    (
        "sarahs-law-no-assessment",
        "csc-to-assessment",
        {"team": "csc", "flags": ["sarahs_law_request"]},
        BLOCKED,
        {"csc-to-assessment/sarahs-law"},
    ),
    (
        "below-threshold",
        "assessment-to-ehh-below-threshold",
        {"team": "assessment", "flags": ["below_assessment_threshold"]},
        OPEN,
        set(),
    ),
    (
        "threshold-met-stays",
        "assessment-to-ehh-below-threshold",
        {"team": "assessment"},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "cp-other-la",
        "csc-cp-other-la-to-assessment",
        {"team": "csc", "flags": ["cp_other_la"]},
        OPEN,
        set(),
    ),
    (
        "open-case-contact",
        "csc-to-open-case-team",
        {"team": "csc", "flags": ["open_case"]},
        OPEN,
        set(),
    ),
    ("not-open", "csc-to-open-case-team", {"team": "csc"}, NOT_ELIGIBLE, set()),
    (
        "edt-further-assessment",
        "edt-to-assessment",
        {"team": "edt", "flags": ["assessment_recommended"], "good": False},
        OPEN,
        set(),
    ),
    (
        "edt-open-case",
        "edt-to-assessment",
        {"team": "edt", "flags": ["assessment_recommended", "open_case"]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "mash-recommends",
        "mash-to-assessment",
        {"team": "mash", "flags": ["assessment_recommended"], "good": False},
        OPEN,
        set(),
    ),
    ("mash-no-recommendation", "mash-to-assessment", {"team": "mash"}, NOT_ELIGIBLE, set()),
    # assessment teams
    (
        "cin-to-childrens",
        "assessment-to-childrens",
        {"team": "assessment", "statuses": ["CIN"], "events": SAS},
        OPEN,
        set(),
    ),
    (
        "proceedings-to-childrens",
        "assessment-to-childrens",
        {"team": "assessment", "flags": ["in_care_proceedings"], "events": SAS},
        OPEN,
        set(),
    ),
    (
        "no-sa-warned",
        "assessment-to-childrens",
        {"team": "assessment", "statuses": ["CP"]},
        WARNED,
        {"single-assessment-before-transfer"},
    ),
    (
        "no-statutory-need",
        "assessment-to-childrens",
        {"team": "assessment", "events": SAS},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "to-adolescent",
        "assessment-to-adolescent",
        {"team": "assessment", "age": 15, "statuses": ["CIN"], "events": SAS},
        OPEN,
        set(),
    ),
    (
        "disabled-to-dct",
        "assessment-to-sc-disability",
        {"team": "assessment", "disability": True, "statuses": ["CP"], "events": SAS},
        OPEN,
        set(),
    ),
    (
        "not-disabled-to-dct",
        "assessment-to-sc-disability",
        {"team": "assessment", "statuses": ["CP"], "events": SAS},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "sa-done-to-eh",
        "assessment-to-eh-district",
        {"team": "assessment", "events": SAS},
        OPEN,
        set(),
    ),
    (
        "no-sa-to-eh-blocked",
        "assessment-to-eh-district",
        {"team": "assessment"},
        BLOCKED,
        {"assessment-to-eh-district/sa-not-completed"},
    ),
    ("no-sa-via-ehh", "assessment-to-ehh-without-sa", {"team": "assessment"}, REFERRAL, set()),
    (
        "sa-done-not-via-ehh",
        "assessment-to-ehh-without-sa",
        {"team": "assessment", "events": SAS},
        NOT_ELIGIBLE,
        set(),
    ),
    # early help hub and district
    ("ehh-to-district", "ehh-to-eh-district", {"team": "ehh"}, OPEN, set()),
    ("ehh-send", "ehh-to-send", {"team": "ehh", "flags": ["sen"]}, OPEN, set()),
    (
        "ehcp-without-eha",
        "ehh-to-send",
        {"team": "ehh", "flags": ["sen", "ehcp_request"]},
        WARNED,
        {"eha-before-ehcp-request"},
    ),
    (
        "ehcp-with-eha",
        "ehh-to-send",
        {"team": "ehh", "flags": ["sen", "ehcp_request"], "events": [ev("eha_completed", 20)]},
        OPEN,
        set(),
    ),
    ("no-sen", "ehh-to-send", {"team": "ehh"}, NOT_ELIGIBLE, set()),
    (
        "eh-to-childrens-referral",
        "eh-district-to-childrens",
        {"team": "eh-district", "good": False},
        REFERRAL,
        set(),
    ),
    (
        "eh-disabled-via-mash",
        "eh-district-to-sc-disability",
        {"team": "eh-district", "disability": True},
        REFERRAL,
        set(),
    ),
    (
        "eh-dla-short-breaks-via-mash-warned",
        "eh-district-to-sc-disability",
        {
            "team": "eh-district",
            "disability": True,
            "flags": ["high_rate_dla", "short_breaks_request"],
        },
        REFERRAL,
        {"eh-district-to-sc-disability/high-rate-dla-short-breaks"},
    ),
    (
        "eh-not-disabled",
        "eh-district-to-sc-disability",
        {"team": "eh-district"},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "dla-short-breaks-automatic",
        "eh-district-to-dceht-short-breaks",
        {
            "team": "eh-district",
            "disability": True,
            "flags": ["high_rate_dla", "short_breaks_request"],
        },
        OPEN,
        set(),
    ),
    (
        "dla-short-breaks-but-safeguarding",
        "eh-district-to-dceht-short-breaks",
        {
            "team": "eh-district",
            "disability": True,
            "flags": ["high_rate_dla", "short_breaks_request", "safeguarding_concern"],
        },
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "eha-more-resource",
        "eh-district-additional-resource",
        {"team": "eh-district", "events": [ev("eha_completed", 30)]},
        OPEN,
        set(),
    ),
    (
        "no-eha-no-allocation",
        "eh-district-additional-resource",
        {"team": "eh-district"},
        NOT_ELIGIBLE,
        set(),
    ),
    ("no-eha-via-ehh", "eh-district-resource-via-ehh", {"team": "eh-district"}, OPEN, set()),
    (
        "eha-not-via-ehh",
        "eh-district-resource-via-ehh",
        {"team": "eh-district", "events": [ev("eha_completed", 30)]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "eh-closes-to-send",
        "eh-district-to-send-closure",
        {"team": "eh-district", "flags": ["sen"]},
        OPEN,
        set(),
    ),
    (
        "eh-send-resource",
        "eh-district-send-resource",
        {"team": "eh-district", "flags": ["sen"]},
        OPEN,
        set(),
    ),
    ("eh-no-sen", "eh-district-send-resource", {"team": "eh-district"}, NOT_ELIGIBLE, set()),
    # children's and adolescent teams
    (
        "cin-to-adolescent",
        "childrens-to-adolescent",
        {"team": "childrens", "age": 14, "statuses": ["CIN"]},
        OPEN,
        set(),
    ),
    (
        "cp-stays-with-childrens",
        "childrens-to-adolescent",
        {"team": "childrens", "age": 14, "statuses": ["CP"]},
        BLOCKED,
        {"childrens-to-adolescent/cp-at-transfer"},
    ),
    (
        "adolescent-supports-cp",
        "childrens-cp-adolescent-support",
        {"team": "childrens", "age": 14, "statuses": ["CP"]},
        OPEN,
        set(),
    ),
    (
        "no-cp-no-support-route",
        "childrens-cp-adolescent-support",
        {"team": "childrens", "statuses": ["CIN"]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "siblings-cp-in-childrens",
        "adolescent-to-childrens-sibling-cp",
        {
            "team": "adolescent",
            "age": 15,
            "statuses": ["CP"],
            "flags": ["siblings_cp_other_team"],
            "siblings": ["C-0002"],
        },
        OPEN,
        set(),
    ),
    (
        "no-sibling-cp-adolescent-keeps-plan",
        "adolescent-to-childrens-sibling-cp",
        {"team": "adolescent", "age": 15, "statuses": ["CP"], "siblings": ["C-0002"]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "care-order-to-cic",
        "childrens-to-cic",
        {"team": "childrens", "statuses": ["C2"], "events": [ev("final_hearing", 5)]},
        OPEN,
        set(),
    ),
    (
        "s20-second-review",
        "childrens-to-cic",
        {
            "team": "childrens",
            "statuses": ["V2"],
            "events": [ev("cic_review", 60, 1), ev("cic_review", 2, 2)],
        },
        OPEN,
        set(),
    ),
    (
        "s20-first-review-blocked",
        "childrens-to-cic",
        {"team": "childrens", "statuses": ["V2"], "events": [ev("cic_review", 20, 1)]},
        BLOCKED,
        {"s20-at-second-lac-review"},
    ),
    (
        "s20-reunification",
        "childrens-to-cic",
        {"team": "childrens", "statuses": ["V2"], "flags": ["reunification_plan"]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "interim-order-blocked",
        "childrens-to-cic",
        {"team": "childrens", "statuses": ["C1"], "flags": ["in_care_proceedings"]},
        BLOCKED,
        {"cic-at-conclusion-of-proceedings"},
    ),
    (
        "adoption-stays-in-childrens",
        "childrens-to-cic",
        {
            "team": "childrens",
            "age": 2,
            "statuses": ["E1"],
            "flags": ["adoption_plan", "adopters_identified", "adoption_application_planned"],
            "events": [ev("final_hearing", 20)],
        },
        BLOCKED,
        {"childrens-to-cic/adoption"},
    ),
    (
        "adoption-no-adopters-yet-transfers",
        "childrens-to-cic",
        {
            "team": "childrens",
            "age": 2,
            "statuses": ["E1"],
            "flags": ["adoption_plan"],
            "events": [ev("final_hearing", 20)],
        },
        OPEN,
        set(),
    ),
    (
        "cin-not-for-cic",
        "childrens-to-cic",
        {"team": "childrens", "statuses": ["CIN"]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "adolescent-s20-second-review",
        "adolescent-to-cic",
        {"team": "adolescent", "age": 16, "statuses": ["V2"], "events": [ev("cic_review", 3, 2)]},
        OPEN,
        set(),
    ),
    (
        "adolescent-s20-first-review",
        "adolescent-to-cic",
        {"team": "adolescent", "age": 16, "statuses": ["V2"], "events": [ev("cic_review", 3, 1)]},
        BLOCKED,
        {"s20-at-second-lac-review"},
    ),
    (
        "adolescent-care-order-not-listed",
        "adolescent-to-cic",
        {"team": "adolescent", "statuses": ["C2"]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "involved-worker",
        "childrens-sc-disability-involved-worker",
        {"team": "childrens", "disability": True, "statuses": ["CIN"]},
        OPEN,
        set(),
    ),
    (
        "involved-worker-family-closing",
        "childrens-sc-disability-involved-worker",
        {
            "team": "childrens",
            "disability": True,
            "flags": ["family_closing_to_childrens_team", "ongoing_disability_need"],
        },
        WARNED,
        {"childrens-sc-disability-involved-worker/family-closing"},
    ),
    (
        "family-closing-to-dct",
        "childrens-to-sc-disability",
        {
            "team": "childrens",
            "disability": True,
            "flags": ["family_closing_to_childrens_team", "ongoing_disability_need"],
        },
        OPEN,
        set(),
    ),
    (
        "family-open-no-transfer",
        "childrens-to-sc-disability",
        {"team": "childrens", "disability": True, "flags": ["ongoing_disability_need"]},
        BLOCKED,
        {"childrens-to-sc-disability/family-remains-open"},
    ),
    (
        "no-ongoing-need",
        "childrens-to-sc-disability",
        {"team": "childrens", "disability": True, "flags": ["family_closing_to_childrens_team"]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "step-down-to-eh",
        "childrens-to-eh-district",
        {"team": "childrens", "statuses": ["CIN"]},
        OPEN,
        set(),
    ),
    (
        "open-to-sc-not-a-transfer",
        "childrens-to-eh-district",
        {"team": "childrens", "flags": ["remain_open_to_social_care"]},
        BLOCKED,
        {"childrens-to-eh-district/remains-open-to-social-care"},
    ),
    (
        "eh-service-in-plan",
        "childrens-eh-additional-resource",
        {"team": "childrens", "statuses": ["CP"], "flags": ["remain_open_to_social_care"]},
        OPEN,
        set(),
    ),
    (
        "closing-not-resource",
        "childrens-eh-additional-resource",
        {"team": "childrens"},
        NOT_ELIGIBLE,
        set(),
    ),
    # children in care teams
    ("cic-adds-eh", "cic-eh-additional-resource", {"team": "cic", "statuses": ["C2"]}, OPEN, set()),
    (
        "cic-not-looked-after",
        "cic-eh-additional-resource",
        {"team": "cic", "statuses": ["CIN"]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "s20-exit-after-12-weeks",
        "cic-s20-exit-to-sw",
        {"team": "cic", "age": 15, "statuses": ["CIN"], "events": [ev("ceased_looked_after", 85)]},
        OPEN,
        set(),
    ),
    (
        "s20-exit-within-12-weeks",
        "cic-s20-exit-to-sw",
        {"team": "cic", "age": 15, "statuses": ["CIN"], "events": [ev("ceased_looked_after", 30)]},
        BLOCKED,
        {"s17-twelve-weeks-before-leaving-cic"},
    ),
    (
        "still-s20",
        "cic-s20-exit-to-sw",
        {"team": "cic", "statuses": ["V2"], "events": [ev("ceased_looked_after", 300)]},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "fco-not-revoked",
        "cic-fco-discharge",
        {"team": "cic", "statuses": ["C2"], "flags": ["placed_with_parent"]},
        BLOCKED,
        {"revoke-care-order-first"},
    ),
    (
        "fco-revoked",
        "cic-fco-discharge",
        {
            "team": "cic",
            "statuses": ["CIN"],
            "flags": ["placed_with_parent"],
            "events": [ev("care_order_revoked", 1)],
        },
        OPEN,
        set(),
    ),
    (
        "fco-not-at-home",
        "cic-fco-discharge",
        {"team": "cic", "statuses": ["C2"]},
        NOT_ELIGIBLE,
        set(),
    ),
    # disability routes
    (
        "dct-to-eh",
        "sc-disability-to-eh-district",
        {"team": "sc-disability", "disability": True},
        OPEN,
        set(),
    ),
    (
        "childrens-to-dceht",
        "district-to-dceht",
        {"team": "childrens", "disability": True},
        OPEN,
        set(),
    ),
    ("eh-to-dceht", "district-to-dceht", {"team": "eh-district", "disability": True}, OPEN, set()),
    ("not-disabled-dceht", "district-to-dceht", {"team": "childrens"}, NOT_ELIGIBLE, set()),
    (
        "dceht-step-up-direct-route-warned",
        "dceht-to-sc-disability",
        {"team": "dceht", "disability": True},
        WARNED,
        {"eh-to-social-work-via-csc"},
    ),
    (
        "dceht-s47-not-direct",
        "dceht-to-sc-disability",
        {"team": "dceht", "disability": True, "flags": ["s47_concern"]},
        BLOCKED,
        {"dceht-to-sc-disability/s47-concern"},
    ),
    (
        "dceht-s47-referral",
        "dceht-s47-referral",
        {"team": "dceht", "disability": True, "flags": ["s47_concern"]},
        REFERRAL,
        set(),
    ),
    (
        "dceht-no-s47",
        "dceht-s47-referral",
        {"team": "dceht", "disability": True},
        NOT_ELIGIBLE,
        set(),
    ),
    (
        "dct-to-dceht",
        "sc-disability-to-dceht",
        {"team": "sc-disability", "disability": True},
        OPEN,
        set(),
    ),
    # YOS / MST, SEND, outside lead professionals
    (
        "yos-safeguarding",
        "yos-mst-to-csc",
        {"team": "yos", "age": 15, "flags": ["safeguarding_concern"]},
        REFERRAL,
        set(),
    ),
    (
        "mst-safeguarding",
        "yos-mst-to-csc",
        {"team": "mst", "age": 14, "flags": ["safeguarding_concern"]},
        REFERRAL,
        set(),
    ),
    ("yos-no-concern", "yos-mst-to-csc", {"team": "yos", "age": 15}, NOT_ELIGIBLE, set()),
    ("yos-eh-resource", "yos-mst-eh-resource", {"team": "yos", "age": 15}, OPEN, set()),
    ("send-to-eh", "send-to-eh-district", {"team": "send"}, OPEN, set()),
    (
        "ehcp-review",
        "send-ehcp-review-eh-resource",
        {"team": "send", "flags": ["ehcp_agreed"]},
        OPEN,
        set(),
    ),
    ("no-ehcp", "send-ehcp-review-eh-resource", {"team": "send"}, NOT_ELIGIBLE, set()),
    ("outside-lp-to-eh", "external-lp-to-eh-district", {"team": "external-lp"}, OPEN, set()),
    ("outside-lp-taf", "external-lp-taf-resource", {"team": "external-lp"}, OPEN, set()),
    # the far side of the remaining eligibility conditions
    (
        "adolescent-no-statutory-need",
        "assessment-to-adolescent",
        {"team": "assessment", "age": 15, "events": SAS},
        NOT_ELIGIBLE,
        set(),
    ),
    ("not-pf", "csc-to-assessment-private-fostering", {"team": "csc"}, NOT_ELIGIBLE, set()),
    ("not-cp-other-la", "csc-cp-other-la-to-assessment", {"team": "csc"}, NOT_ELIGIBLE, set()),
    (
        "no-disability-no-involved-worker",
        "childrens-sc-disability-involved-worker",
        {"team": "childrens", "statuses": ["CIN"]},
        NOT_ELIGIBLE,
        set(),
    ),
    ("dceht-not-disabled", "dceht-to-sc-disability", {"team": "dceht"}, NOT_ELIGIBLE, set()),
    ("dct-not-disabled", "sc-disability-to-dceht", {"team": "sc-disability"}, NOT_ELIGIBLE, set()),
    (
        "eh-no-sen-no-send-closure",
        "eh-district-to-send-closure",
        {"team": "eh-district"},
        NOT_ELIGIBLE,
        set(),
    ),
]


def build(spec: dict[str, Any]) -> CaseSnapshot:
    spec = dict(spec)
    team = spec.pop("team")
    flags = list(spec.pop("flags", []))
    if spec.pop("good", True):
        flags += GOOD
    return case(team, flags=flags, **spec)


@pytest.mark.parametrize(
    ("pathway_id", "spec", "status", "hits"),
    [pytest.param(p, s, st, h, id=name) for name, p, s, st, h in CASES],
)
def test_pathway_judgement(
    pathway_id: str, spec: dict[str, Any], status: OptionStatus, hits: set[str]
) -> None:
    option = judge(pathway_id, build(spec))
    assert option.status is status, (option.unmet, option.hits)
    assert hits <= hit_ids(option)
    if status is OPEN:
        assert not option.hits
    if status is NOT_ELIGIBLE:
        assert option.unmet


def test_every_pathway_is_judged_both_ways_where_it_has_conditions() -> None:
    judged = {p for _, p, _, _, _ in CASES}
    assert judged == {p.id for p in PACK.pathways}
    eligible_somewhere = {p for _, p, _, st, _ in CASES if st is not NOT_ELIGIBLE}
    assert eligible_somewhere == judged
    conditioned = {p.id for p in PACK.pathways if p.eligibility is not None}
    refused = {p for _, p, _, st, _ in CASES if st is NOT_ELIGIBLE}
    # every pathway with an eligibility condition is also shown refusing a case outside it
    assert conditioned <= refused, conditioned - refused


def test_not_eligible_says_why() -> None:
    option = judge(
        "adolescent-to-cic", case("adolescent", statuses=["V2"], flags=["reunification_plan"])
    )
    assert option.status is NOT_ELIGIBLE
    assert option.unmet == ("not while plan is reunification home",)


def test_eh_to_social_work_is_only_a_referral_through_the_csc() -> None:
    """Intro ¶4: all work from Early Help into Social Work MUST go via the customer service
    centre."""
    options = pathway_options(case("eh-district", statuses=["EH"], flags=GOOD), PACK, TODAY)
    to_social_work = [
        o for o in options if {"childrens", "adolescent", "assessment"} & set(o.pathway.to_teams)
    ]
    assert [o.pathway.id for o in to_social_work] == ["eh-district-to-childrens"]
    assert to_social_work[0].status is REFERRAL
    assert to_social_work[0].pathway.via == "csc"


def test_options_from_the_childrens_team_for_a_cp_teenager() -> None:
    c = case("childrens", age=14, statuses=["CP"], flags=GOOD)
    got = {o.pathway.id: o.status for o in pathway_options(c, PACK, TODAY)}
    assert got == {
        "childrens-to-adolescent": BLOCKED,
        "childrens-cp-adolescent-support": OPEN,
        "childrens-to-cic": NOT_ELIGIBLE,
        "childrens-sc-disability-involved-worker": NOT_ELIGIBLE,
        "childrens-to-sc-disability": NOT_ELIGIBLE,
        "childrens-to-eh-district": OPEN,
        "childrens-eh-additional-resource": NOT_ELIGIBLE,
        "district-to-dceht": NOT_ELIGIBLE,
    }


@pytest.mark.parametrize(
    ("pathway_id", "exception_id", "route_to"),
    [
        ("csc-to-mash", "sarahs-law", "csc-sarahs-law-to-police"),
        ("csc-to-assessment", "sarahs-law", "csc-sarahs-law-to-police"),
        ("csc-to-assessment", "cp-other-la", "csc-cp-other-la-to-assessment"),
        ("assessment-to-eh-district", "sa-not-completed", "assessment-to-ehh-without-sa"),
        (
            "eh-district-to-sc-disability",
            "high-rate-dla-short-breaks",
            "eh-district-to-dceht-short-breaks",
        ),
        ("childrens-to-adolescent", "cp-at-transfer", "childrens-cp-adolescent-support"),
        ("childrens-sc-disability-involved-worker", "family-closing", "childrens-to-sc-disability"),
        (
            "childrens-to-sc-disability",
            "family-remains-open",
            "childrens-sc-disability-involved-worker",
        ),
        (
            "childrens-to-eh-district",
            "remains-open-to-social-care",
            "childrens-eh-additional-resource",
        ),
        ("dceht-to-sc-disability", "s47-concern", "dceht-s47-referral"),
        ("childrens-to-cic", "adoption", None),
    ],
)
def test_exceptions_route_where_the_text_sends_the_case(
    pathway_id: str, exception_id: str, route_to: str | None
) -> None:
    (exc,) = [e for e in PACK.pathway(pathway_id).exceptions if e.id == exception_id]
    assert exc.route_to == route_to


def test_adoption_exception_needs_all_three_facts() -> None:
    base = {"team": "childrens", "age": 1, "statuses": ["E1"], "events": [ev("final_hearing", 10)]}
    for missing in ("adoption_plan", "adopters_identified", "adoption_application_planned"):
        flags = [
            f
            for f in ("adoption_plan", "adopters_identified", "adoption_application_planned")
            if f != missing
        ]
        option = judge("childrens-to-cic", build({**base, "flags": flags}))
        assert option.status is OPEN, missing


def test_transfer_points() -> None:
    assert PACK.pathway("assessment-to-childrens").transfer_point.events == (
        "icpc",
        "cin_review",
        "cin_meeting",
        "initial_hearing",
    )
    assert PACK.pathway("assessment-to-sc-disability").transfer_point.events == (
        "icpc",
        "cin_review",
        "initial_hearing",
    )
    assert PACK.pathway("childrens-to-cic").transfer_point.events == ("final_hearing", "cic_review")
    assert PACK.pathway("adolescent-to-cic").transfer_point.events == ("cic_review",)
    assert PACK.pathway("childrens-to-sc-disability").transfer_point.events == (
        "rcpc",
        "final_hearing",
        "cic_review",
        "cin_review",
    )
    assert PACK.pathway("cic-s20-exit-to-sw").transfer_point.events == ("cin_meeting",)
    assert PACK.pathway("cic-fco-discharge").transfer_point.events == ("care_order_revoked",)
    for pid in (
        "assessment-to-eh-district",
        "childrens-to-eh-district",
        "sc-disability-to-eh-district",
        "district-to-dceht",
        "send-to-eh-district",
        "external-lp-to-eh-district",
    ):
        assert PACK.pathway(pid).transfer_point.events == ("district_transfer_meeting",), pid
    for p in PACK.pathways:
        if p.kind is PathwayKind.ADDITIONAL_RESOURCE:
            assert p.transfer_point is None, f"{p.id}: the lead professional does not change"


def test_steps_name_who_does_them() -> None:
    steps = {s.id: s for s in PACK.pathway("assessment-to-childrens").steps}
    assert steps["cin-meeting"].who == ("transferring-social-worker", "receiving-social-worker")
    assert steps["cin-notice"].timescale == "cin-meeting-notice"
    assert steps["joint-visit"].kind.value == "joint_visit"
    assert steps["calendar"].who == ("transferring-team-manager",)
    assert steps["tuesday-meeting"].who == ("transferring-team-manager", "receiving-team-manager")
    involved = PACK.pathway("childrens-sc-disability-involved-worker").steps[0]
    assert involved.who == ("disability-team-manager", "involved-worker")


# ----------------------------------------------------------------------------- every rule

TRANSFER_IDS = {p.id for p in PACK.pathways if p.kind is PathwayKind.TRANSFER}
TUESDAY = {
    "assessment-to-childrens",
    "assessment-to-adolescent",
    "assessment-to-sc-disability",
    "childrens-to-adolescent",
    "adolescent-to-childrens-sibling-cp",
    "childrens-to-cic",
    "adolescent-to-cic",
    "childrens-to-sc-disability",
    "cic-s20-exit-to-sw",
    "cic-fco-discharge",
}
DISTRICT = {
    "assessment-to-eh-district",
    "childrens-to-eh-district",
    "childrens-eh-additional-resource",
    "cic-eh-additional-resource",
    "sc-disability-to-eh-district",
    "district-to-dceht",
    "eh-district-send-resource",
    "yos-mst-eh-resource",
    "send-to-eh-district",
    "external-lp-to-eh-district",
    "cic-fco-discharge",
}
FRONT_DOOR_FROM = {"csc", "mash", "edt"}
RULE_SCOPE = {
    "capacity-does-not-stop-transfer": TRANSFER_IDS,
    "incomplete-recording-does-not-stop-transfer": TRANSFER_IDS,
    "siblings-together": TRANSFER_IDS,
    "discussed-with-family-first": {
        p.id
        for p in PACK.pathways
        if p.kind is not PathwayKind.REFERRAL and not set(p.from_teams) & FRONT_DOOR_FROM
    }
    - {"ehh-to-mash", "sc-disability-to-assessment"},
    "paperwork-before-meeting": (TUESDAY | DISTRICT),
    "on-transfer-calendar": TUESDAY
    | {
        "assessment-to-eh-district",
        "childrens-to-eh-district",
        "sc-disability-to-eh-district",
        "district-to-dceht",
        "dceht-to-sc-disability",
        "sc-disability-to-dceht",
        "eh-district-to-dceht-short-breaks",
    },
    "single-assessment-before-transfer": {
        "assessment-to-childrens",
        "assessment-to-adolescent",
        "assessment-to-sc-disability",
    },
    "s20-at-second-lac-review": {"childrens-to-cic", "adolescent-to-cic"},
    "cic-at-conclusion-of-proceedings": {"childrens-to-cic"},
    "s17-twelve-weeks-before-leaving-cic": {"cic-s20-exit-to-sw"},
    "revoke-care-order-first": {"cic-fco-discharge"},
    "eha-before-ehcp-request": {"ehh-to-send"},
    "eh-to-social-work-via-csc": {"dceht-to-sc-disability"},
}


def test_rule_scope_is_known_for_every_rule() -> None:
    assert set(RULE_SCOPE) == {r.id for r in PACK.rules}


@pytest.mark.parametrize("rule_id", sorted(RULE_SCOPE))
def test_rule_governs_exactly_its_pathways(rule_id: str) -> None:
    rule = PACK.rule(rule_id)
    governed = {p.id for p in PACK.pathways if rule_applies_to(rule, p)}
    assert governed == RULE_SCOPE[rule_id]


def test_discussed_with_family_rule_covers_requests_for_resource() -> None:
    scope = RULE_SCOPE["discussed-with-family-first"]
    assert "childrens-eh-additional-resource" in scope
    assert "eh-district-to-send-closure" in scope
    assert "csc-to-mash" not in scope
    assert "eh-district-to-childrens" not in scope


WARN_ONLY = {
    "capacity-does-not-stop-transfer",
    "incomplete-recording-does-not-stop-transfer",
    "siblings-together",
    "discussed-with-family-first",
    "paperwork-before-meeting",
    "on-transfer-calendar",
    "single-assessment-before-transfer",
    "eha-before-ehcp-request",
    "eh-to-social-work-via-csc",
}


def test_rule_effects() -> None:
    effects = {r.id: r.effect for r in PACK.rules}
    assert {r for r, e in effects.items() if e is Effect.WARN} == WARN_ONLY
    assert {r for r, e in effects.items() if e is Effect.BLOCK} == {
        "s20-at-second-lac-review",
        "cic-at-conclusion-of-proceedings",
        "s17-twelve-weeks-before-leaving-cic",
        "revoke-care-order-first",
    }


@pytest.mark.parametrize(
    ("rule_id", "pathway_id", "spec"),
    [
        (
            "capacity-does-not-stop-transfer",
            "childrens-to-eh-district",
            {"team": "childrens", "flags": ["capacity_shortfall"]},
        ),
        (
            "incomplete-recording-does-not-stop-transfer",
            "childrens-to-adolescent",
            {"team": "childrens", "flags": ["recording_incomplete"]},
        ),
        (
            "siblings-together",
            "childrens-to-eh-district",
            {"team": "childrens", "flags": ["siblings_split"], "siblings": ["C-0002"]},
        ),
        (
            "discussed-with-family-first",
            "childrens-eh-additional-resource",
            {
                "team": "childrens",
                "flags": ["remain_open_to_social_care", "paperwork_shared"],
                "good": False,
            },
        ),
        (
            "paperwork-before-meeting",
            "send-to-eh-district",
            {"team": "send", "flags": ["discussed_with_family"], "good": False},
        ),
        (
            "on-transfer-calendar",
            "sc-disability-to-dceht",
            {
                "team": "sc-disability",
                "disability": True,
                "flags": ["discussed_with_family"],
                "good": False,
            },
        ),
        (
            "single-assessment-before-transfer",
            "assessment-to-sc-disability",
            {"team": "assessment", "disability": True, "statuses": ["CIN"]},
        ),
        (
            "eha-before-ehcp-request",
            "ehh-to-send",
            {"team": "ehh", "flags": ["sen", "ehcp_request"]},
        ),
        (
            "eh-to-social-work-via-csc",
            "dceht-to-sc-disability",
            {"team": "dceht", "disability": True},
        ),
    ],
)
def test_warning_rules_warn_and_never_block(
    rule_id: str, pathway_id: str, spec: dict[str, Any]
) -> None:
    option = judge(pathway_id, build(spec))
    assert option.status is WARNED
    assert [h.rule_id for h in option.hits] == [rule_id]
    assert option.warnings[0].cite == PACK.rule(rule_id).cite
    assert not option.blocks


def test_capacity_and_recording_together_still_let_the_transfer_go() -> None:
    """Principles, bullets 5 and 6: neither capacity nor incomplete recording stop a transfer."""
    c = build(
        {
            "team": "assessment",
            "statuses": ["CIN"],
            "flags": ["capacity_shortfall", "recording_incomplete"],
        }
    )
    option = judge("assessment-to-childrens", c)
    assert option.status is WARNED
    assert hit_ids(option) == {
        "capacity-does-not-stop-transfer",
        "incomplete-recording-does-not-stop-transfer",
        "single-assessment-before-transfer",
    }


def test_siblings_rule_needs_siblings() -> None:
    option = judge(
        "childrens-to-eh-district", build({"team": "childrens", "flags": ["siblings_split"]})
    )
    assert option.status is OPEN


def test_front_door_routes_are_not_held_to_the_family_discussion() -> None:
    for pid, team, flags in (
        ("csc-to-mash", "csc", []),
        ("ehh-to-mash", "ehh", ["meets_assessment_threshold"]),
        ("mash-to-assessment", "mash", ["assessment_recommended"]),
        ("yos-mst-to-csc", "yos", ["safeguarding_concern"]),
    ):
        option = judge(pid, case(team, flags=flags))
        assert "discussed-with-family-first" not in hit_ids(option), pid


BOTH_MANAGERS = ("transferring-team-manager", "receiving-team-manager")


@pytest.mark.parametrize(
    ("rule_id", "pathway_id", "spec"),
    [
        (
            "s20-at-second-lac-review",
            "childrens-to-cic",
            {"team": "childrens", "statuses": ["V2"], "events": [ev("cic_review", 10, 1)]},
        ),
        (
            "s20-at-second-lac-review",
            "adolescent-to-cic",
            {"team": "adolescent", "statuses": ["V2"]},
        ),
        (
            "cic-at-conclusion-of-proceedings",
            "childrens-to-cic",
            {"team": "childrens", "statuses": ["C1"]},
        ),
        (
            "s17-twelve-weeks-before-leaving-cic",
            "cic-s20-exit-to-sw",
            {"team": "cic", "statuses": ["CIN"], "events": [ev("ceased_looked_after", 84)]},
        ),
    ],
)
def test_blocking_rules_may_be_overridden_by_both_parties(
    rule_id: str, pathway_id: str, spec: dict[str, Any]
) -> None:
    option = judge(pathway_id, build(spec))
    assert option.status is BLOCKED
    (hit,) = option.blocks
    assert hit.rule_id == rule_id
    assert hit.override is not None
    assert hit.override.roles == BOTH_MANAGERS
    assert hit.override.all_required is True
    assert hit.override.cite == "Principles, closing paragraph"
    assert option.overridable


def test_care_order_must_be_revoked_and_no_one_may_override() -> None:
    option = judge(
        "cic-fco-discharge",
        build({"team": "cic", "statuses": ["C2"], "flags": ["placed_with_parent"]}),
    )
    (hit,) = option.blocks
    assert hit.rule_id == "revoke-care-order-first"
    assert hit.override is None
    assert not option.overridable


def test_s20_second_review_counts_numbered_reviews() -> None:
    blocked = judge(
        "childrens-to-cic",
        build({"team": "childrens", "statuses": ["V2"], "events": [ev("cic_review", 5, 1)]}),
    )
    opened = judge(
        "childrens-to-cic",
        build({"team": "childrens", "statuses": ["V2"], "events": [ev("cic_review", 5, 2)]}),
    )
    future = judge(
        "childrens-to-cic",
        build(
            {
                "team": "childrens",
                "statuses": ["V2"],
                "events": [ev("cic_review", 5, 1), ev("cic_review", -10, 2)],
            }
        ),
    )
    assert (blocked.status, opened.status, future.status) == (BLOCKED, OPEN, BLOCKED)


@pytest.mark.parametrize(
    ("days_ago", "status"), [(1, BLOCKED), (83, BLOCKED), (84, BLOCKED), (85, OPEN), (200, OPEN)]
)
def test_twelve_weeks_boundary(days_ago: int, status: OptionStatus) -> None:
    """12 weeks = 84 days: on the 84th day after leaving s20 the 12 weeks have not yet passed."""
    c = build({"team": "cic", "statuses": ["CIN"], "events": [ev("ceased_looked_after", days_ago)]})
    assert judge("cic-s20-exit-to-sw", c).status is status


def test_proceedings_block_lifts_at_the_final_hearing() -> None:
    during = build({"team": "childrens", "statuses": ["C1"], "flags": ["in_care_proceedings"]})
    after = build({"team": "childrens", "statuses": ["C2"], "events": [ev("final_hearing", 1)]})
    assert judge("childrens-to-cic", during).status is BLOCKED
    assert judge("childrens-to-cic", after).status is OPEN


# ----------------------------------------------------------------------------- checklists

WORDS = {
    "tuesday-meeting-documents": [
        "a genogram",
        "single assessment",
        "standalone chronology",
        "transfer summary",
        "any other document deemed necessary / relevant (see children in care teams)",
    ],
    "assessment-handover": [
        "a genogram",
        "The Single Assessment will have been completed prior to transferring",
        "a chronology would have been started in a standalone document",
        "transfer summary",
        "any other document deemed necessary / relevant (see children in care teams)",
        "If child has become looked after, all LAC paperwork will have been completed",
        "The receiving team having sight of the witness statement prior to submission",
    ],
    "cic-transfer": [
        "a genogram",
        "standalone chronology",
        "transfer summary",
        "any other document deemed necessary / relevant (see children in care teams)",
        "the transfer record will be completed",
        "the Single Assessment will be completed",
        "Needs Led Assessment",
        "Pathway Plan",
        "an updated care plan in place",
        "all relevant LAC documents in place",
        "life story work would have commenced",
    ],
    "childrens-to-sc-disability": [
        "recent single assessment",
        "plan",
        "genogram",
        "standalone chronology",
    ],
    "childrens-to-eh": ["updated SA", "plan", "genogram", "standalone chronology"],
    "eh-resource-request": [
        "the Lead Worker to remain the same",
        "what the expectation of the work completed by the additional resource is",
        "the request should be SMART (specific, measurable, achievable, realistic and timely)",
    ],
    "cic-eh-resource": ["Change of care plan", "supported by recent single assessment"],
    "assessment-to-eh": ["a SA"],
    "eha-and-plan": ["EHA", "plan"],
    "yos-mst-to-eh": ["up to date assessment and plan", "Asset Plus for YOS"],
}


@pytest.mark.parametrize("checklist_id", sorted(WORDS))
def test_checklist_items_word_for_word(checklist_id: str) -> None:
    checklist = PACK.checklist(checklist_id)
    assert [i.text for i in checklist.items] == WORDS[checklist_id]


@pytest.mark.parametrize("checklist_id", sorted(WORDS))
def test_checklist_words_are_in_the_text(checklist_id: str) -> None:
    if not SEED.exists():
        pytest.skip("seed text not available")
    text = " ".join(SEED.read_text(encoding="utf-8").split())
    for item in PACK.checklist(checklist_id).items:
        assert item.text in text, item.text


def test_no_checklist_blocks_a_transfer() -> None:
    """Principles, bullet 6: incomplete recording does not mean transfers do not happen."""
    assert set(WORDS) == {c.id for c in PACK.checklists}
    for checklist in PACK.checklists:
        assert checklist.blocks_transfer is False, checklist.id
        assert checklist.gap_timescale is None
        assert checklist.override is None


def applicable(snapshot: CaseSnapshot, checklist_id: str, today: date = TODAY) -> list[str]:
    return [
        line.item.id
        for line in checklist_lines(snapshot, PACK, checklist_id, today)
        if line.applicable
    ]


def test_cic_checklist_under_16_uses_the_single_assessment() -> None:
    lines = checklist_lines(case("childrens", age=15, statuses=["C2"]), PACK, "cic-transfer", TODAY)
    assert len(lines) == 11
    got = [line.item.id for line in lines if line.applicable]
    assert len(got) == 9
    assert "single-assessment" in got
    assert "needs-led-assessment" not in got and "pathway-plan" not in got
    (nla,) = [line for line in lines if line.item.id == "needs-led-assessment"]
    assert nla.reason == "Under 16 — the Single Assessment applies."


def test_cic_checklist_at_16_uses_needs_led_assessment_and_pathway_plan() -> None:
    lines = checklist_lines(
        case("adolescent", age=16, statuses=["V2"]), PACK, "cic-transfer", TODAY
    )
    got = [line.item.id for line in lines if line.applicable]
    assert len(got) == 10
    assert "single-assessment" not in got
    assert {"needs-led-assessment", "pathway-plan"} <= set(got)
    (sa,) = [line for line in lines if line.item.id == "single-assessment"]
    assert sa.reason.startswith("Over the age of 16")


def test_cic_checklist_turns_on_the_16th_birthday() -> None:
    dob = date(2010, 12, 25)
    snap = CaseSnapshot(
        Child("C-1", "Ada", "Testcase", dob),
        "childrens",
        statuses=(StatusSpell("C2", date(2026, 1, 1)),),
    )
    assert "single-assessment" in applicable(snap, "cic-transfer", date(2026, 12, 24))
    assert "needs-led-assessment" in applicable(snap, "cic-transfer", date(2026, 12, 25))


def test_assessment_handover_conditional_items() -> None:
    plain = applicable(case("assessment", statuses=["CIN"]), "assessment-handover")
    assert plain == [
        "genogram",
        "single-assessment",
        "standalone-chronology",
        "transfer-summary",
        "other-documents",
    ]
    looked_after = applicable(case("assessment", statuses=["V2"]), "assessment-handover")
    assert "lac-paperwork" in looked_after and "witness-statement" not in looked_after
    proceedings = applicable(
        case("assessment", statuses=["C1"], flags=["in_care_proceedings"]), "assessment-handover"
    )
    assert {"lac-paperwork", "witness-statement"} <= set(proceedings)
    assert len(proceedings) == 7


def test_asset_plus_only_for_yos() -> None:
    assert applicable(case("yos"), "yos-mst-to-eh") == ["assessment-and-plan", "asset-plus"]
    assert applicable(case("mst"), "yos-mst-to-eh") == ["assessment-and-plan"]


@pytest.mark.parametrize(
    ("pathway_id", "checklist_id"),
    [
        ("assessment-to-childrens", "assessment-handover"),
        ("assessment-to-adolescent", "assessment-handover"),
        ("assessment-to-sc-disability", "assessment-handover"),
        ("childrens-to-cic", "cic-transfer"),
        ("adolescent-to-cic", "cic-transfer"),
        ("childrens-to-adolescent", "tuesday-meeting-documents"),
        ("childrens-to-sc-disability", "childrens-to-sc-disability"),
        ("childrens-to-eh-district", "childrens-to-eh"),
        ("childrens-eh-additional-resource", "eh-resource-request"),
        ("cic-eh-additional-resource", "cic-eh-resource"),
        ("assessment-to-eh-district", "assessment-to-eh"),
        ("send-to-eh-district", "eha-and-plan"),
        ("external-lp-to-eh-district", "eha-and-plan"),
        ("external-lp-taf-resource", "eha-and-plan"),
        ("yos-mst-eh-resource", "yos-mst-to-eh"),
    ],
)
def test_pathway_checklists(pathway_id: str, checklist_id: str) -> None:
    assert PACK.pathway(pathway_id).checklist == checklist_id


def test_documents_travel() -> None:
    docs = PACK.pathway("childrens-to-sc-disability").documents
    assert docs == (
        "case-transfer-record",
        "single-assessment",
        "plan",
        "genogram",
        "standalone-chronology",
    )
    assert PACK.document("single-assessment").file_item == "assessment"
    assert PACK.document("needs-led-assessment").file_item == "needs_led_assessment"
    assert set(PACK.pathway("childrens-to-cic").documents) >= {
        "needs-led-assessment",
        "pathway-plan",
        "life-story-work",
    }


# ----------------------------------------------------------------------------- timescales


def clock(snapshot: CaseSnapshot, timescale_id: str, today: date, pathways: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    found = [
        d
        for d in deadlines(snapshot, PACK, today, CAL, pathway_ids=pathways)
        if d.timescale.id == timescale_id
    ]
    assert len(found) == 1, [
        d.timescale.id for d in deadlines(snapshot, PACK, today, CAL, pathway_ids=pathways)
    ]
    return found[0]


def test_timescale_units_and_anchors() -> None:
    got = {t.id: (t.amount, t.unit.value, t.anchor, t.before, t.kind) for t in PACK.timescales}
    assert got == {
        "cin-meeting-notice": (2, "working_days", "cin_meeting", True, "notice"),
        "cin-review-notice": (2, "working_days", "cin_review", True, "notice"),
        "tuesday-meeting-horizon": (5, "working_days", "tm_transfer_meeting", False, "limit"),
        "s17-twelve-weeks": (12, "weeks", "ceased_looked_after", False, "limit"),
        "adoption-order-window": (3, "months", "final_hearing", False, "deadline"),
        "needs-led-assessment-age": (16, "years", "birth", False, "age"),
        "escalation-no-fixed-clock": (0, "working_days", "disagreement_raised", False, "review"),
    }
    for t in PACK.timescales:
        assert t.reading, f"{t.id} states its reading"


@pytest.mark.parametrize(
    ("meeting_day", "notice_by"),
    [
        # Tue 29 Dec 2026: Mon 28 (Boxing Day observed) and Fri 25 (Christmas) are not worked,
        # so the 1st working day before is Thu 24 Dec and the 2nd is Wed 23 Dec.
        (date(2026, 12, 29), date(2026, 12, 23)),
        # Mon 4 Jan 2027: Fri 1 Jan is New Year's Day, so Thu 31 Dec (1st) and Wed 30 Dec (2nd).
        (date(2027, 1, 4), date(2026, 12, 30)),
        # Tue 30 Mar 2027: Mon 29 Easter Monday, Fri 26 Good Friday; Thu 25 (1st), Wed 24 (2nd).
        (date(2027, 3, 30), date(2027, 3, 24)),
        # An ordinary week: Thu 12 Nov 2026 -> Tue 10 Nov.
        (date(2026, 11, 12), date(2026, 11, 10)),
    ],
)
def test_cin_meeting_notice_two_working_days_before(meeting_day: date, notice_by: date) -> None:
    snap = case("assessment", statuses=["CIN"], events=[at(meeting_day, "cin_meeting")])
    d = clock(snap, "cin-meeting-notice", date(2026, 11, 2), ("assessment-to-childrens",))
    assert d.due_date == notice_by
    assert d.due == datetime(notice_by.year, notice_by.month, notice_by.day, 9, 0)
    assert d.rule == "2 working days before child in need meeting"
    assert d.state is ClockState.RUNNING


def test_cin_review_notice_across_easter() -> None:
    snap = case("childrens", disability=True, events=[at(date(2027, 3, 30), "cin_review")])
    d = clock(snap, "cin-review-notice", date(2027, 3, 1), ("childrens-to-sc-disability",))
    assert d.due_date == date(2027, 3, 24)


def test_cin_notice_late_is_overdue() -> None:
    snap = case("assessment", statuses=["CIN"], events=[at(date(2026, 12, 29), "cin_meeting")])
    d = clock(snap, "cin-meeting-notice", date(2026, 12, 24), ("assessment-to-childrens",))
    assert d.state is ClockState.OVERDUE


def test_cin_notice_only_on_the_routes_that_transfer_at_a_cin_meeting() -> None:
    snap = case("assessment", statuses=["CIN"], events=[at(date(2026, 12, 29), "cin_meeting")])
    none = [d.timescale.id for d in deadlines(snap, PACK, date(2026, 12, 1), CAL)]
    assert "cin-meeting-notice" not in none
    eh = [
        d.timescale.id
        for d in deadlines(
            snap, PACK, date(2026, 12, 1), CAL, pathway_ids=["assessment-to-eh-district"]
        )
    ]
    assert "cin-meeting-notice" not in eh
    assert set(PACK.timescale("cin-meeting-notice").pathways) == {
        "assessment-to-childrens",
        "assessment-to-adolescent",
        "assessment-to-sc-disability",
        "childrens-to-sc-disability",
        "cic-s20-exit-to-sw",
    }


@pytest.mark.parametrize(
    ("meeting_day", "horizon"),
    [
        # Tue 22 Dec 2026: Wed 23 (1), Thu 24 (2), Fri 25 and Mon 28 off, Tue 29 (3),
        # Wed 30 (4), Thu 31 (5).
        (date(2026, 12, 22), date(2026, 12, 31)),
        # Tue 29 Dec 2026: Wed 30 (1), Thu 31 (2), Fri 1 Jan off, Mon 4 (3), Tue 5 (4),
        # Wed 6 Jan (5).
        (date(2026, 12, 29), date(2027, 1, 6)),
        # Tue 23 Mar 2027: Wed 24 (1), Thu 25 (2), Good Friday and Easter Monday off, Tue 30 (3),
        # Wed 31 (4), Thu 1 Apr (5).
        (date(2027, 3, 23), date(2027, 4, 1)),
        # An ordinary Tuesday looks to the next Tuesday.
        (date(2026, 11, 17), date(2026, 11, 24)),
    ],
)
def test_tuesday_meeting_looks_five_working_days_ahead(meeting_day: date, horizon: date) -> None:
    assert meeting_day.weekday() == 1  # a Tuesday
    snap = case("childrens", statuses=["C2"], events=[at(meeting_day, "tm_transfer_meeting")])
    d = clock(snap, "tuesday-meeting-horizon", meeting_day, ("childrens-to-cic",))
    assert d.due_date == horizon
    done = CaseSnapshot(
        snap.child,
        snap.team_id,
        statuses=snap.statuses,
        events=(*snap.events, at(meeting_day + relativedelta(days=2), "transfer_completed")),
    )
    assert (
        clock(done, "tuesday-meeting-horizon", meeting_day, ("childrens-to-cic",)).state
        is ClockState.MET
    )


def test_twelve_weeks_under_s17_in_calendar_weeks() -> None:
    # Thu 1 Oct 2026 + 12 weeks = Thu 24 Dec 2026 (weeks are not moved for Christmas).
    snap = case("cic", statuses=["CIN"], events=[at(date(2026, 10, 1), "ceased_looked_after")])
    d = clock(snap, "s17-twelve-weeks", date(2026, 12, 1), ("cic-s20-exit-to-sw",))
    assert d.due_date == date(2026, 12, 24)
    assert d.state is ClockState.RUNNING
    assert (
        clock(snap, "s17-twelve-weeks", date(2026, 12, 29), ("cic-s20-exit-to-sw",)).state
        is ClockState.OVERDUE
    )


def test_adoption_order_window_three_months_from_the_final_hearing() -> None:
    # 30 Nov 2026 + 3 months = 28 Feb 2027 (February 2027 has 28 days).
    flags = ["adoption_plan", "adopters_identified", "adoption_application_planned"]
    snap = case(
        "childrens",
        age=1,
        statuses=["E1"],
        flags=flags,
        events=[at(date(2026, 11, 30), "final_hearing")],
    )
    d = clock(snap, "adoption-order-window", date(2026, 12, 1))
    assert d.due_date == date(2027, 2, 28)
    assert clock(snap, "adoption-order-window", date(2027, 3, 1)).state is ClockState.OVERDUE
    applied = case(
        "childrens",
        age=1,
        statuses=["E1"],
        flags=flags,
        events=[
            at(date(2026, 11, 30), "final_hearing"),
            at(date(2027, 2, 1), "adoption_order_applied"),
        ],
    )
    assert clock(applied, "adoption-order-window", date(2027, 3, 1)).state is ClockState.MET
    no_adopters = case(
        "childrens",
        age=1,
        statuses=["E1"],
        flags=["adoption_plan"],
        events=[at(date(2026, 11, 30), "final_hearing")],
    )
    assert "adoption-order-window" not in {
        d.timescale.id for d in deadlines(no_adopters, PACK, date(2026, 12, 1), CAL)
    }


def test_needs_led_assessment_age_is_the_16th_birthday() -> None:
    snap = CaseSnapshot(
        Child("C-2", "Ada", "Testcase", date(2010, 12, 25)),
        "adolescent",
        statuses=(StatusSpell("V2", date(2026, 6, 1)),),
    )
    d = clock(snap, "needs-led-assessment-age", date(2026, 12, 1), ("adolescent-to-cic",))
    assert d.due_date == date(2026, 12, 25)
    assert (
        clock(snap, "needs-led-assessment-age", date(2026, 12, 26), ("adolescent-to-cic",)).state
        is ClockState.REACHED
    )


def test_escalation_clock_never_runs_on_a_child_without_a_recorded_disagreement() -> None:
    snap = case("childrens", statuses=["CIN"], flags=GOOD)
    assert "escalation-no-fixed-clock" not in {
        d.timescale.id for d in deadlines(snap, PACK, TODAY, CAL)
    }


# ----------------------------------------------------------------------------- meetings


def test_tuesday_meeting() -> None:
    m = PACK.meeting("tuesday-transfer-meeting")
    assert m.cadence == "FREQ=WEEKLY;BYDAY=TU"
    assert m.horizon == "tuesday-meeting-horizon"
    assert m.documents == (
        "genogram",
        "single-assessment",
        "standalone-chronology",
        "transfer-summary",
        "other-relevant-documents",
    )
    assert set(m.pathways) == TUESDAY
    assert "Skype" in m.name
    assert "calendar" in m.text
    dates = list(
        rrulestr(m.cadence, dtstart=datetime(2026, 12, 21)).xafter(datetime(2026, 12, 21), count=3)
    )
    assert [d.date() for d in dates] == [date(2026, 12, 22), date(2026, 12, 29), date(2027, 1, 5)]
    (bring,) = m.brings
    assert holds(bring.when, case("childrens", flags=["on_transfer_calendar"]), TODAY)
    assert not holds(bring.when, case("childrens"), TODAY)


def test_district_team_transfer_meeting() -> None:
    m = PACK.meeting("district-team-transfer-meeting")
    assert m.cadence == "FREQ=WEEKLY"
    assert set(m.pathways) == DISTRICT
    assert "disability-team-manager" in m.attendees
    assert {
        "single-assessment",
        "plan",
        "genogram",
        "standalone-chronology",
        "eha",
        "eh-plan",
        "asset-plus",
    } == set(m.documents)
    brings = {b.id: b.when for b in m.brings}
    assert holds(
        brings["eh-district-request"], case("childrens", flags=["eh_district_request"]), TODAY
    )
    assert holds(
        brings["send-resource"], case("eh-district", flags=["send_resource_request"]), TODAY
    )
    assert holds(
        brings["disability-early-help"],
        case("sc-disability", disability=True, flags=["eh_district_request"]),
        TODAY,
    )
    assert not holds(
        brings["disability-early-help"], case("sc-disability", flags=["eh_district_request"]), TODAY
    )


def test_every_meeting_pathway_is_warned_about_late_paperwork() -> None:
    meeting_pathways = set().union(*(set(m.pathways) for m in PACK.meetings))
    assert meeting_pathways == RULE_SCOPE["paperwork-before-meeting"]


# ----------------------------------------------------------------------------- demo scenarios


def scenarios() -> list[dict[str, Any]]:
    document = yaml.safe_load(SCENARIOS.read_text(encoding="utf-8"))
    assert document["pack"] == PACK_ID
    return list(document["scenarios"])


def test_demo_scenarios_cover_every_pathway_and_rule() -> None:
    exercised = set().union(*(set(s["exercises"]) for s in scenarios()))
    wanted = {p.id for p in PACK.pathways} | {f"rule:{r.id}" for r in PACK.rules}
    assert wanted <= exercised
    extra = exercised - wanted
    assert extra == {f"meeting:{m.id}" for m in PACK.meetings}


def test_demo_scenarios_include_blocked_and_overdue_cases() -> None:
    ids = {s["id"] for s in scenarios()}
    assert {
        "childrens-s20-first-review",
        "cic-s20-exit-early",
        "cic-fco-home",
        "childrens-in-proceedings",
    } <= ids
    assert {
        "assessment-cin-meeting-short-notice",
        "cic-s20-exit-due",
        "childrens-adoption-stays",
    } <= ids


def scenario_case(s: dict[str, Any]) -> CaseSnapshot:
    """The scenario's youngest child, dated relative to TODAY as the demo builder does."""
    low = float(s.get("age", [0, 17])[0])
    dob = (
        None
        if s.get("unborn")
        else TODAY - relativedelta(years=int(low), months=round((low % 1) * 12), days=1)
    )
    child = Child(
        "D-1", "Demo", "Case", dob, None, "F", bool(s.get("disability")), bool(s.get("uasc"))
    )
    statuses = tuple(
        StatusSpell(x["code"], TODAY - relativedelta(days=int(x.get("days_ago", 30))))
        for x in s.get("statuses", [])
    )
    events = tuple(
        Event(
            e["kind"],
            TODAY + relativedelta(days=int(e.get("days_ahead", 0)) - int(e.get("days_ago", 0))),
            e.get("number"),
        )
        for e in s.get("events", [])
    )
    files = tuple(
        FileItem(f["kind"], TODAY - relativedelta(days=int(f.get("days_ago", 0))))
        for f in s.get("file_items", [])
    )
    siblings = ("D-2",) if s.get("siblings", [0, 0])[0] >= 1 else ()
    return CaseSnapshot(
        child=child,
        team_id=s["team"],
        tier=s.get("tier"),
        statuses=statuses,
        flags=frozenset(s.get("flags", [])),
        events=events,
        file_items=files,
        sibling_ids=siblings,
    )


@pytest.mark.parametrize("scenario", scenarios(), ids=lambda s: s["id"])
def test_demo_scenario_is_consistent_with_the_pack(scenario: dict[str, Any]) -> None:
    """Each scenario's case sits in a real team, uses known words, is eligible for the pathways it
    lists and trips the rules it lists."""
    team_ids = {t.id for t in PACK.teams}
    assert scenario["team"] in team_ids
    v = PACK.vocabulary
    flags = set(shared.FLAGS) | {t.id for t in v.flags}
    events = set(shared.EVENTS) | {t.id for t in v.events}
    statuses = set(shared.LEGAL_STATUSES) | {t.id for t in v.statuses}
    items = set(shared.FILE_ITEMS) | {t.id for t in v.file_items}
    assert set(scenario.get("flags", [])) <= flags
    assert {e["kind"] for e in scenario.get("events", [])} <= events
    assert {x["code"] for x in scenario.get("statuses", [])} <= statuses
    assert {f["kind"] for f in scenario.get("file_items", [])} <= items

    snap = scenario_case(scenario)
    pathway_ids = [x for x in scenario["exercises"] if ":" not in x]
    rule_ids = [x.split(":", 1)[1] for x in scenario["exercises"] if x.startswith("rule:")]
    options = []
    for pid in pathway_ids:
        pathway = PACK.pathway(pid)
        assert scenario["team"] in pathway.from_teams, pid
        option = judge_pathway(snap, PACK, pathway, TODAY)
        assert option.status is not NOT_ELIGIBLE, (pid, option.unmet)
        options.append(option)
    for rid in rule_ids:
        assert any(rid in hit_ids(o) for o in options), rid
