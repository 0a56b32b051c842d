"""The Northamptonshire 2020 pack (seed 003): every pathway, rule, exception, checklist, timescale,
meeting and demo scenario judged by the engine on fictional cases.

Each test names the section of the procedure it checks. Working-day dates were counted by hand over
the England and Wales bank holidays of Christmas 2026 (Fri 25 Dec, Mon 28 Dec Boxing Day observed,
Fri 1 Jan 2027) and Easter 2027 (Good Friday 26 Mar, Easter Monday 29 Mar).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from app.domain import vocabulary
from app.domain.audit import Readiness, audit_case
from app.domain.case import AuditAnswer, AuditState, CaseSnapshot, Child, Event, StatusSpell
from app.domain.conditions import holds
from app.domain.engine import (
    ClockState,
    OptionStatus,
    checklist_lines,
    deadlines,
    judge_pathway,
    pathway_options,
)
from app.domain.pack import Effect, PathwayKind
from app.policy.registry import shipped_pack
from app.reference.bank_holidays import default_calendar
from tests.builders import TODAY, case, ev

PACK_ID = "northamptonshire-2020"
PACK = shipped_pack(PACK_ID)
CAL = default_calendar()
LAC = ["C2"]
SCENARIOS = Path(__file__).resolve().parents[2] / "data" / "demo" / f"{PACK_ID}.scenarios.yaml"

OPEN, WARNED, BLOCKED = OptionStatus.OPEN, OptionStatus.WARNED, OptionStatus.BLOCKED
REFERRAL, NOT_ELIGIBLE = OptionStatus.REFERRAL, OptionStatus.NOT_ELIGIBLE

JV = ("joint_visit", 3)  # a joint visit already made (§1.1(i)), so a clean transfer is OPEN


def judge(pathway_id: str, snapshot: CaseSnapshot, today: date = TODAY):  # type: ignore[no-untyped-def]
    return judge_pathway(snapshot, PACK, PACK.pathway(pathway_id), today)


def hit_ids(option) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.rule_id for h in option.hits}


# --------------------------------------------------------------------------------------------------
# A clean case for every pathway: eligible, nothing outstanding. ``events`` are (kind, days_ago)
# pairs, or (kind, days_ago, number) for numbered reviews.

CLEAN: dict[str, dict[str, Any]] = {
    # MASH (§2.3, §3.2)
    "mash-to-daat-s47": {"team": "mash", "age": 8, "tier": 4, "statuses": ["S47"]},
    "mash-to-daat-s17": {"team": "mash", "age": 6, "tier": 4, "statuses": ["CIN"]},
    "mash-rereferral-to-closing-team": {
        "team": "mash",
        "age": 9,
        "tier": 4,
        "statuses": ["CIN"],
        "events": [("closure", 40)],
    },
    "mash-rereferral-to-closing-ts": {
        "team": "mash",
        "age": 5,
        "tier": 3,
        "events": [("closure", 40)],
    },
    "mash-to-separated-children": {
        "team": "mash",
        "age": 16,
        "uasc": True,
        "events": [("initial_age_screening", 1)],
    },
    "mash-closes-uasc-adult": {
        "team": "mash",
        "age": 19,
        "uasc": True,
        "events": [("initial_age_screening", 1)],
    },
    "mash-to-early-help-tier2": {"team": "mash", "age": 7, "tier": 2},
    "mash-to-targeted-support": {"team": "mash", "age": 7, "tier": 3},
    "mash-to-adolescent-service": {"team": "mash", "age": 14, "tier": 3},
    "mash-to-dct": {"team": "mash", "age": 7, "disability": True, "flags": ["dct_criteria_met"]},
    "mash-s7-s37-allocation": {
        "team": "mash",
        "age": 9,
        "flags": ["open_to_social_care"],
        "events": [("court_report_requested", 2)],
    },
    "mash-s7-s37-to-csst": {
        "team": "mash",
        "age": 9,
        "flags": ["substantial_previous_involvement"],
        "events": [("closure", 400), ("court_report_requested", 2)],
    },
    "mash-s7-to-cafcass": {"team": "mash", "age": 9, "events": [("court_report_requested", 2)]},
    "mash-transfer-in-cin": {"team": "mash", "age": 9, "flags": ["transfer_in_cin_plan"]},
    "mash-transfer-in-cp": {"team": "mash", "age": 9, "flags": ["transfer_in_cp_plan"]},
    "mash-relinquished-to-cic": {
        "team": "mash",
        "age": 0,
        "flags": ["relinquished"],
        "events": [("permanency_planning_meeting", 2)],
    },
    "mash-prebirth-to-sibling-team": {
        "team": "mash",
        "age": None,
        "flags": ["sibling_allocated"],
        "siblings": ["C-0002"],
    },
    "mash-prebirth-to-cic": {"team": "mash", "age": None, "flags": ["parent_child_in_care"]},
    "mash-prebirth-to-daat-care-leaver": {
        "team": "mash",
        "age": None,
        "flags": ["parent_open_to_leaving_care"],
    },
    "mash-prebirth-to-daat-history": {
        "team": "mash",
        "age": None,
        "flags": ["significant_family_history"],
        "events": [("closure", 300)],
    },
    "mash-prebirth-to-daat-new-concern": {"team": "mash", "age": None},
    "mash-prebirth-to-csst": {"team": "mash", "age": None, "flags": ["previous_proceedings"]},
    # DAAT (§3.3)
    "daat-to-csst-cin": {
        "team": "daat",
        "statuses": ["CIN"],
        "flags": ["continuing_input_required"],
        "events": [("assessment_completed", 10), JV],
    },
    "daat-to-csst-icpc": {"team": "daat", "flags": ["cp_threshold_met"], "events": [JV]},
    "daat-to-cic-ico": {
        "team": "daat",
        "age": 2,
        "flags": ["immediate_legal_action"],
        "events": [("legal_consultation", 4), ("designated_manager_approval", 4), JV],
    },
    "daat-to-csst-plo": {"team": "daat", "flags": ["pre_proceedings"], "events": [("icpc", 1), JV]},
    "daat-to-as-s20": {
        "team": "daat",
        "age": 14,
        "statuses": ["V2"],
        "events": [("gateway_meeting", 20), ("cic_review", 2, 1), JV],
    },
    "daat-to-dct": {
        "team": "daat",
        "disability": True,
        "flags": ["dct_criteria_met"],
        "events": [JV],
    },
    "daat-stepdown-tier3": {
        "team": "daat",
        "age": 8,
        "tier": 3,
        "flags": ["consent_early_help"],
        "events": [("closure_summary_emailed", 1)],
    },
    "daat-stepdown-tier2": {
        "team": "daat",
        "tier": 2,
        "flags": ["consent_early_help", "lead_professional_identified"],
        "events": [("action_plan_shared", 1)],
    },
    "daat-to-adolescent-service": {
        "team": "daat",
        "age": 14,
        "tier": 3,
        "events": [("assessment_completed", 4), JV],
    },
    # CSST (§3.4)
    "csst-to-dct": {
        "team": "csst",
        "disability": True,
        "flags": ["dct_criteria_met"],
        "events": [JV],
    },
    "csst-stepdown-tier3": {
        "team": "csst",
        "tier": 3,
        "flags": ["consent_early_help"],
        "events": [("closure_summary_emailed", 1), ("access_to_support_submitted", 1)],
    },
    "csst-stepdown-tier2": {
        "team": "csst",
        "tier": 2,
        "flags": ["consent_early_help", "lead_professional_identified"],
        "events": [("action_plan_shared", 1)],
    },
    "as-edge-of-care-support": {"team": "csst", "age": 14, "flags": ["edge_of_care"]},
    "csst-to-adolescent-service": {"team": "csst", "age": 15, "tier": 4, "events": [JV]},
    "ehco-to-adolescent-service": {
        "team": "early-help-support",
        "age": 13,
        "flags": ["ehco_assessed_not_eligible"],
        "events": [JV],
    },
    # Children in Care (§3.6)
    "to-cic-care-proceedings": {
        "team": "csst",
        "age": 4,
        "flags": ["in_care_proceedings"],
        "events": [JV],
    },
    "to-cic-no-return-home": {
        "team": "csst",
        "statuses": ["V2"],
        "flags": ["no_return_home"],
        "events": [
            ("cic_review", 100, 1),
            ("cic_review", 5, 2),
            ("s20_checklist_signed_off", 3),
            ("gateway_meeting", 10),
            JV,
        ],
    },
    "to-cic-homeless-16-17": {
        "team": "adolescent-service",
        "age": 16.5,
        "statuses": ["V2"],
        "flags": ["homeless_16_17", "no_return_home"],
        "events": [("cic_review", 3, 1), ("cic_management_agreement", 20), JV],
    },
    "cic-joint-care-planning-no-order": {
        "team": "cic",
        "flags": ["no_order_at_final_hearing"],
        "events": [("final_hearing", 14)],
    },
    # Leaving and After Care (§2.6, §2.7, §3.7, §3.8.1)
    "lacs-pa-joint-working": {
        "team": "cic",
        "age": 16,
        "statuses": LAC,
        "events": [("lacs_notification_sent", 100), ("lacs_initial_meeting", 60)],
    },
    "homeless-16-17-lacs-service": {
        "team": "adolescent-service",
        "age": 17,
        "statuses": ["V2"],
        "flags": ["homeless_16_17", "no_return_home"],
    },
    "to-lacs-at-18": {
        "team": "cic",
        "age": 18,
        "statuses": LAC,
        "events": [("lacs_transfer_meeting", 3), ("pathway_plan_qa", 5), JV],
    },
    "cic-to-lacs-early": {
        "team": "cic",
        "age": 16.5,
        "statuses": LAC,
        "flags": ["worker_left"],
        "events": [("pathway_plan_qa", 5), JV],
    },
    "uasc-to-lacs-at-18": {
        "team": "separated-children",
        "age": 18,
        "uasc": True,
        "statuses": ["V2"],
        "events": [("lacs_transfer_meeting", 3), ("pathway_plan_qa", 5), JV],
    },
    # Remand (§3.8.3)
    "remand-eligible-pa": {
        "team": "cic",
        "age": 16.5,
        "statuses": ["J1"],
        "flags": ["remanded", "lac_13_weeks_since_14"],
        "events": [("remand_start", 100)],
    },
    "remand-ends-relevant": {
        "team": "cic",
        "age": 17,
        "flags": ["lac_13_weeks_since_14"],
        "events": [("remand_end", 5), ("pathway_plan_qa", 3), JV],
    },
    "custodial-sentence-relevant": {
        "team": "cic",
        "age": 17,
        "flags": ["custodial_sentence", "lac_13_weeks_since_14"],
        "events": [("sentenced", 5), ("pathway_plan_qa", 3), JV],
    },
    "custodial-sentence-qualifying": {
        "team": "cic",
        "age": 16.5,
        "flags": ["custodial_sentence"],
        "events": [("sentenced", 10), ("fla_assessment", 2), JV],
    },
    "remand-discharged-home-closure": {
        "team": "cic",
        "age": 16.5,
        "flags": ["returning_home"],
        "events": [("remand_end", 3)],
    },
    # Targeted Support, §3.1, §3.11, §4
    "ts-to-social-care": {"team": "targeted-support", "tier": 4, "events": [JV]},
    "social-care-co-work-ts": {"team": "csst", "age": 10},
    "safeguarding-stepdown-to-early-help": {
        "team": "cic",
        "tier": 3,
        "flags": ["consent_early_help"],
    },
    "staff-absence-reallocation": {"team": "csst", "flags": ["worker_left"], "events": [JV]},
    "social-care-closure": {"team": "csst"},
}

# What the clean case gives: referrals through another door say so; everything else is open.
CLEAN_STATUS = {
    "mash-to-early-help-tier2": REFERRAL,
    "mash-to-targeted-support": REFERRAL,
    "mash-s7-to-cafcass": REFERRAL,
}

# A case the pathway is not for, with why (the text's own condition).
NOT_FOR: dict[str, dict[str, Any]] = {
    "mash-to-daat-s47": {"team": "mash", "tier": 3, "statuses": ["S47"]},  # level 4 only
    "mash-to-daat-s17": {"team": "mash", "tier": 4},  # not deemed CIN
    "mash-rereferral-to-closing-team": {
        "team": "mash",
        "tier": 4,
        "statuses": ["CIN"],
        "events": [("closure", 100)],
    },  # closed over 3 months ago
    "mash-rereferral-to-closing-ts": {"team": "mash", "tier": 3, "events": [("closure", 100)]},
    "mash-to-separated-children": {
        "team": "mash",
        "age": 18,
        "uasc": True,
        "events": [("initial_age_screening", 1)],
    },
    "mash-closes-uasc-adult": {
        "team": "mash",
        "age": 16,
        "uasc": True,
        "events": [("initial_age_screening", 1)],
    },
    "mash-to-early-help-tier2": {"team": "mash", "tier": 3},
    "mash-to-targeted-support": {"team": "mash", "tier": 3, "age": 20},  # TS is 0-19
    "mash-to-adolescent-service": {"team": "mash", "age": 9, "tier": 3},  # under 11, no CS / YJ
    "mash-to-dct": {"team": "mash", "flags": ["dct_criteria_met"]},  # no disability
    "mash-s7-s37-allocation": {
        "team": "mash",
        "events": [("closure", 60), ("court_report_requested", 2)],
    },
    "mash-s7-s37-to-csst": {
        "team": "mash",
        "flags": ["substantial_previous_involvement", "open_to_social_care"],
        "events": [("court_report_requested", 2)],
    },
    "mash-s7-to-cafcass": {
        "team": "mash",
        "flags": ["substantial_previous_involvement"],
        "events": [("court_report_requested", 2)],
    },
    "mash-transfer-in-cin": {"team": "mash"},
    "mash-transfer-in-cp": {"team": "mash"},
    "mash-relinquished-to-cic": {"team": "mash", "age": 0},
    "mash-prebirth-to-sibling-team": {"team": "mash", "age": 1, "flags": ["sibling_allocated"]},
    "mash-prebirth-to-cic": {"team": "mash", "age": None},
    "mash-prebirth-to-daat-care-leaver": {"team": "mash", "age": None},
    "mash-prebirth-to-daat-history": {
        "team": "mash",
        "age": None,
        "flags": ["significant_family_history"],
        "events": [("closure", 60)],
    },
    "mash-prebirth-to-daat-new-concern": {
        "team": "mash",
        "age": None,
        "flags": ["previous_social_care_involvement"],
    },
    "mash-prebirth-to-csst": {"team": "mash", "age": None},
    "daat-to-csst-cin": {"team": "daat", "statuses": ["CIN"]},  # no assessment yet
    "daat-to-csst-icpc": {"team": "daat"},
    "daat-to-cic-ico": {"team": "daat"},
    "daat-to-csst-plo": {"team": "daat"},
    "daat-to-as-s20": {"team": "daat", "age": 14},
    "daat-to-dct": {"team": "daat", "flags": ["dct_criteria_met"]},
    "daat-stepdown-tier3": {"team": "daat", "tier": 4},
    "daat-stepdown-tier2": {"team": "daat", "tier": 3},
    "daat-to-adolescent-service": {
        "team": "daat",
        "age": 8,
        "tier": 3,
        "events": [("assessment_completed", 4)],
    },
    "csst-to-dct": {"team": "csst"},
    "csst-stepdown-tier3": {"team": "csst", "tier": 3, "age": 20},
    "csst-stepdown-tier2": {"team": "csst", "tier": 4},
    "as-edge-of-care-support": {"team": "csst", "age": 14},
    "csst-to-adolescent-service": {"team": "csst", "age": 15, "tier": 2},
    "ehco-to-adolescent-service": {"team": "early-help-support", "age": 13},
    "to-cic-care-proceedings": {"team": "csst"},
    "to-cic-no-return-home": {
        "team": "csst",
        "statuses": ["V2"],
        "flags": ["no_return_home", "in_care_proceedings"],
    },
    "to-cic-homeless-16-17": {
        "team": "adolescent-service",
        "age": 15,
        "statuses": ["V2"],
        "flags": ["homeless_16_17", "no_return_home"],
    },
    "cic-joint-care-planning-no-order": {"team": "cic", "events": [("final_hearing", 14)]},
    "lacs-pa-joint-working": {"team": "cic", "age": 15, "statuses": LAC},
    "homeless-16-17-lacs-service": {
        "team": "adolescent-service",
        "age": 17,
        "flags": ["homeless_16_17", "no_return_home"],
    },
    "to-lacs-at-18": {"team": "cic", "age": 15, "statuses": LAC},
    "cic-to-lacs-early": {"team": "cic", "age": 15, "statuses": LAC, "flags": ["worker_left"]},
    "uasc-to-lacs-at-18": {"team": "separated-children", "age": 18, "statuses": ["V2"]},
    "remand-eligible-pa": {"team": "cic", "age": 15, "flags": ["remanded"]},
    "remand-ends-relevant": {"team": "cic", "age": 17, "flags": ["lac_13_weeks_since_14"]},
    "custodial-sentence-relevant": {"team": "cic", "age": 17, "flags": ["lac_13_weeks_since_14"]},
    "custodial-sentence-qualifying": {
        "team": "cic",
        "age": 16.5,
        "flags": ["custodial_sentence", "lac_13_weeks_since_14"],
        "events": [("sentenced", 10)],
    },
    "remand-discharged-home-closure": {
        "team": "cic",
        "age": 16.5,
        "flags": ["returning_home", "lac_13_weeks_since_14"],
        "events": [("remand_end", 3)],
    },
    "ts-to-social-care": {"team": "targeted-support", "tier": 3},
    "social-care-co-work-ts": {"team": "csst", "age": 20},
    "safeguarding-stepdown-to-early-help": {"team": "cic", "tier": 4},
    "staff-absence-reallocation": {"team": "csst"},
}


def make(spec: dict[str, Any], today: date = TODAY, **changes: Any) -> CaseSnapshot:
    """A case from a spec, edited by add_flags, drop_flags, add_events and drop_events."""
    spec = {**spec}
    drop_flags = set(changes.pop("drop_flags", ()))
    flags = [f for f in spec.pop("flags", []) if f not in drop_flags]
    flags += list(changes.pop("add_flags", ()))
    drop = set(changes.pop("drop_events", ()))
    raw = [e for e in spec.pop("events", []) if e[0] not in drop]
    raw += list(changes.pop("add_events", ()))
    spec.update(changes)
    team = spec.pop("team")
    events = [ev(e[0], e[1], e[2] if len(e) > 2 else None, today=today) for e in raw]
    return case(team, flags=flags, events=events, today=today, **spec)


def clean(pathway_id: str, **changes: Any) -> CaseSnapshot:
    return make(CLEAN[pathway_id], **changes)


# --------------------------------------------------------------------------------------------------
# The pack


def test_pack_loads_with_its_identity() -> None:
    assert PACK.id == PACK_ID
    assert PACK.pack.source == "003_3333408580077d8a.txt"
    assert PACK.settings.rereferral_window == "rereferral-3m"
    assert PACK.closure_tasks == "closure-tasks"
    assert PACK.settings.capacity_stops_transfer is False


def test_counts() -> None:
    assert len(PACK.teams) == 12
    assert len(PACK.pathways) == 56
    assert len(PACK.rules) == 25
    assert len(PACK.checklists) == 4
    assert len(PACK.timescales) == 25
    assert len(PACK.meetings) == 11


def test_every_item_cites_its_section() -> None:
    items = [*PACK.teams, *PACK.pathways, *PACK.rules, *PACK.checklists, *PACK.timescales]
    items += [*PACK.meetings, *PACK.principles, *PACK.documents, *PACK.roles]
    items += [i for c in PACK.checklists for i in c.items]
    items += [s for p in PACK.pathways for s in p.steps]
    items += [e for p in PACK.pathways for e in p.exceptions]
    assert all(getattr(i, "cite", "").strip() for i in items)


@pytest.mark.parametrize(
    ("team_id", "kind", "age_from", "age_to", "tiers"),
    [
        ("targeted-support", "targeted", 0, 19, (3,)),
        ("adolescent-service", "adolescent", 11, 17, (3, 4)),
        ("mash", "front_door", 0, 17, ()),
        ("daat", "assessment", None, None, (4,)),
        ("csst", "long_term", None, None, (4,)),
        ("cic", "cic", 0, 18, ()),
        ("leaving-care", "leaving_care", 16, 25, ()),
        ("dct", "disability", 0, 17, ()),
        ("separated-children", "uasc", 0, 17, ()),
    ],
)
def test_team_remits(team_id: str, kind: str, age_from, age_to, tiers) -> None:  # type: ignore[no-untyped-def]
    team = PACK.team(team_id)
    assert (team.kind, team.remit.age_from, team.remit.age_to, team.remit.tiers) == (
        kind,
        age_from,
        age_to,
        tiers,
    )


def test_targeted_support_is_delivered_in_two_areas() -> None:
    assert PACK.team("targeted-support").areas == ("west", "north")


def test_mash_remit_states_red_4_hours_and_24_hour_decisions() -> None:
    text = PACK.team("mash").remit.text
    assert "RED within 4 hours" in text and "within 24 hours" in text


def test_principles_a_to_l_are_quoted() -> None:
    ids = {p.id for p in PACK.principles}
    for letter in "abcdefghijkl":
        assert any(i.startswith(f"{letter}-") for i in ids), letter
    f = next(p for p in PACK.principles if p.id == "f-transferring-manager-checks")
    assert "cases cannot be transferred if statutory visits are outstanding" in f.text
    assert PACK.key_questions == ()


# --------------------------------------------------------------------------------------------------
# Every pathway: offered to the child it is for, not offered to a child it is not for


def test_every_pathway_has_a_clean_case_and_every_eligibility_a_counter_case() -> None:
    assert set(CLEAN) == {p.id for p in PACK.pathways}
    assert set(NOT_FOR) == {p.id for p in PACK.pathways if p.eligibility is not None}


@pytest.mark.parametrize("pathway_id", sorted(CLEAN))
def test_pathway_offered_on_a_clean_case(pathway_id: str) -> None:
    option = judge(pathway_id, clean(pathway_id))
    assert option.status is CLEAN_STATUS.get(pathway_id, OPEN), option.hits or option.unmet
    assert option.hits == ()


@pytest.mark.parametrize("pathway_id", sorted(NOT_FOR))
def test_pathway_not_eligible(pathway_id: str) -> None:
    option = judge(pathway_id, make(NOT_FOR[pathway_id]))
    assert option.status is NOT_ELIGIBLE
    assert option.unmet


@pytest.mark.parametrize(
    ("pathway_id", "kind", "via"),
    [
        ("mash-to-early-help-tier2", PathwayKind.REFERRAL, "early-help-support"),
        ("mash-to-targeted-support", PathwayKind.REFERRAL, "early-help-support"),
        ("mash-s7-to-cafcass", PathwayKind.REFERRAL, "cafcass"),
        ("as-edge-of-care-support", PathwayKind.ADDITIONAL_RESOURCE, None),
        ("lacs-pa-joint-working", PathwayKind.ADDITIONAL_RESOURCE, None),
        ("remand-eligible-pa", PathwayKind.ADDITIONAL_RESOURCE, None),
        ("daat-stepdown-tier3", PathwayKind.CLOSURE, None),
        ("mash-closes-uasc-adult", PathwayKind.CLOSURE, None),
        ("daat-to-csst-cin", PathwayKind.TRANSFER, None),
    ],
)
def test_pathway_kinds(pathway_id: str, kind: PathwayKind, via: str | None) -> None:
    pathway = PACK.pathway(pathway_id)
    assert (pathway.kind, pathway.via) == (kind, via)


def test_options_are_only_the_pathways_out_of_the_holding_team() -> None:
    options = pathway_options(clean("daat-to-csst-cin"), PACK, TODAY)
    ids = {o.pathway.id for o in options}
    assert "daat-to-csst-cin" in ids and "mash-to-daat-s17" not in ids
    assert all("daat" in o.pathway.from_teams for o in options)
    assert {o.pathway.id: o.status for o in options}["daat-to-csst-cin"] is OPEN


@pytest.mark.parametrize(
    ("pathway_id", "events"),
    [
        ("daat-to-csst-cin", ("cin_meeting",)),  # §3.3.1(a)
        ("daat-to-csst-icpc", ("icpc",)),  # §3.3.1(b)
        ("daat-to-cic-ico", ("ico_made",)),  # §3.3.1(c)
        ("daat-to-csst-plo", ("icpc",)),  # §3.3.1(d), as written
        ("daat-to-as-s20", ("cic_review",)),  # §3.3.1(e), first review
        ("to-cic-care-proceedings", ("ico_made",)),  # §3.6(a)
        ("to-cic-no-return-home", ("cic_review",)),  # §3.6(b), second review
        ("to-cic-homeless-16-17", ("cic_review",)),  # §3.6(c), first review
        ("mash-relinquished-to-cic", ("transfer_meeting",)),  # §3.8.2
        ("to-lacs-at-18", ("lacs_transfer_meeting", "ceased_looked_after")),  # §3.7
    ],
)
def test_transfer_points(pathway_id: str, events: tuple[str, ...]) -> None:
    point = PACK.pathway(pathway_id).transfer_point
    assert point is not None and point.events == events


@pytest.mark.parametrize(
    ("age", "disability", "flags", "tier", "status"),
    [
        (11, False, [], 3, OPEN),  # §2.2: 11-17
        (17.9, False, [], 4, OPEN),
        (18, False, [], 3, NOT_ELIGIBLE),
        (22, True, [], 3, OPEN),  # or 25 with disabilities
        (26, True, [], 3, NOT_ELIGIBLE),
        (9, False, ["contextual_safeguarding"], 3, OPEN),  # under 11 caught up in CS / YJ
        (9, False, ["youth_justice"], 4, OPEN),
        (14, False, [], 2, NOT_ELIGIBLE),  # tiers 3 and 4 only
    ],
)
def test_adolescent_service_ages_and_tiers(age, disability, flags, tier, status) -> None:  # type: ignore[no-untyped-def]
    snapshot = case("mash", age=age, disability=disability, flags=flags, tier=tier)
    assert judge("mash-to-adolescent-service", snapshot).status is status


def test_prebirth_routes_for_one_unborn_child() -> None:
    """§3.9: the MASH routes an unborn child by the family's circumstances."""
    unborn = make({"team": "mash", "age": None, "flags": ["parent_open_to_leaving_care"]})
    offered = {
        o.pathway.id
        for o in pathway_options(unborn, PACK, TODAY)
        if o.status is not NOT_ELIGIBLE and o.pathway.id.startswith("mash-prebirth")
    }
    assert offered == {"mash-prebirth-to-daat-care-leaver"}


# --------------------------------------------------------------------------------------------------
# Every rule: bites on the case the text describes, with its effect; silent otherwise.

# rule id -> (pathway, changes to the clean case that make the rule bite)
RULE_CASES: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "statutory-visits-outstanding": [
        ("daat-to-csst-cin", {"add_flags": ["statutory_visits_outstanding"]}),
        ("to-cic-care-proceedings", {"add_flags": ["statutory_visits_outstanding"]}),
        ("mash-to-daat-s17", {"add_flags": ["statutory_visits_outstanding"]}),
        ("ts-to-social-care", {"add_flags": ["statutory_visits_outstanding"]}),
    ],
    "audit-gaps-outstanding": [
        ("daat-to-csst-cin", {"add_events": [("audit_gap_recorded", 3)]}),
        ("ts-to-social-care", {"add_events": [("audit_gap_recorded", 3)]}),
    ],
    "financial-arrangements-discussed": [
        ("to-cic-care-proceedings", {"add_flags": ["financial_arrangements"]}),
    ],
    "joint-visit-advised": [
        ("daat-to-csst-icpc", {"drop_events": ["joint_visit"]}),
        ("to-lacs-at-18", {"drop_events": ["joint_visit"]}),
    ],
    "one-family-one-worker": [
        (
            "csst-to-adolescent-service",
            {"add_flags": ["siblings_with_other_worker"], "siblings": ["C-0009"]},
        ),
    ],
    "daat-continuing-input": [
        ("daat-to-csst-cin", {"drop_flags": ["continuing_input_required"]}),
    ],
    "emergency-legal-approvals": [
        ("daat-to-cic-ico", {"drop_events": ["designated_manager_approval"]}),
        ("daat-to-cic-ico", {"drop_events": ["legal_consultation"]}),
    ],
    "s20-checklist-signed-off": [
        ("to-cic-no-return-home", {"drop_events": ["s20_checklist_signed_off"]}),
    ],
    "gateway-before-cic-transfer": [
        ("to-cic-no-return-home", {"drop_events": ["gateway_meeting"]}),
    ],
    "cic-management-agreement": [
        ("to-cic-homeless-16-17", {"drop_events": ["cic_management_agreement"]}),
    ],
    "dct-eligibility-criteria": [
        ("mash-to-dct", {"drop_flags": ["dct_criteria_met"]}),
        ("daat-to-dct", {"drop_flags": ["dct_criteria_met"]}),
        ("csst-to-dct", {"drop_flags": ["dct_criteria_met"]}),
    ],
    "dct-not-key-team-for-family-issues": [
        ("daat-to-dct", {"add_flags": ["family_issues_unrelated_to_disability"]}),
    ],
    "dct-siblings-held-in-csst": [
        (
            "csst-to-dct",
            {
                "add_flags": ["family_issues_unrelated_to_disability", "needs_sw_for_impairment"],
                "siblings": ["C-0003"],
            },
        ),
    ],
    "dct-whole-journey": [
        ("to-cic-care-proceedings", {"add_flags": ["dct_criteria_met"], "disability": True}),
        ("to-lacs-at-18", {"add_flags": ["dct_criteria_met"], "disability": True}),
    ],
    "stepdown-closure-summary-emailed": [
        ("daat-stepdown-tier3", {"drop_events": ["closure_summary_emailed"]}),
        ("csst-stepdown-tier3", {"drop_events": ["closure_summary_emailed"]}),
    ],
    "csst-access-to-support-form": [
        ("csst-stepdown-tier3", {"drop_events": ["access_to_support_submitted"]}),
    ],
    "tier2-lead-professional": [
        ("daat-stepdown-tier2", {"drop_flags": ["lead_professional_identified"]}),
        ("csst-stepdown-tier2", {"drop_flags": ["lead_professional_identified"]}),
    ],
    "tier2-action-plan-shared": [
        ("daat-stepdown-tier2", {"drop_events": ["action_plan_shared"]}),
        ("csst-stepdown-tier2", {"drop_events": ["action_plan_shared"]}),
    ],
    "stepdown-family-agreement": [
        ("daat-stepdown-tier3", {"drop_flags": ["consent_early_help"]}),
        ("csst-stepdown-tier2", {"drop_flags": ["consent_early_help"]}),
        ("safeguarding-stepdown-to-early-help", {"drop_flags": ["consent_early_help"]}),
    ],
    "no-closure-with-outstanding-actions": [
        ("social-care-closure", {"add_flags": ["actions_outstanding"]}),
        ("daat-stepdown-tier2", {"add_flags": ["actions_outstanding"]}),
        ("remand-discharged-home-closure", {"add_flags": ["actions_outstanding"]}),
    ],
    "lacs-notification-email": [
        ("lacs-pa-joint-working", {"drop_events": ["lacs_notification_sent"]}),
    ],
    "lacs-meeting-before-joint-working": [
        ("lacs-pa-joint-working", {"drop_events": ["lacs_initial_meeting"]}),
    ],
    "pathway-plan-quality-assured": [
        ("to-lacs-at-18", {"drop_events": ["pathway_plan_qa"]}),
        ("uasc-to-lacs-at-18", {"drop_events": ["pathway_plan_qa"]}),
        ("cic-to-lacs-early", {"drop_events": ["pathway_plan_qa"]}),
        ("remand-ends-relevant", {"drop_events": ["pathway_plan_qa"]}),
        ("custodial-sentence-relevant", {"drop_events": ["pathway_plan_qa"]}),
    ],
    "lacs-18-transfer-meeting": [
        ("to-lacs-at-18", {"drop_events": ["lacs_transfer_meeting"]}),
        ("uasc-to-lacs-at-18", {"drop_events": ["lacs_transfer_meeting"]}),
    ],
    "remand-13-weeks-since-14": [
        ("remand-eligible-pa", {"drop_flags": ["lac_13_weeks_since_14"]}),
        ("remand-ends-relevant", {"drop_flags": ["lac_13_weeks_since_14"]}),
        ("custodial-sentence-relevant", {"drop_flags": ["lac_13_weeks_since_14"]}),
    ],
}

RULE_STATUS = {Effect.BLOCK: BLOCKED, Effect.WARN: WARNED}


def test_every_rule_has_cases() -> None:
    assert set(RULE_CASES) == {r.id for r in PACK.rules}


@pytest.mark.parametrize(
    ("rule_id", "pathway_id", "changes"),
    [(r, p, c) for r, cases in RULE_CASES.items() for p, c in cases],
)
def test_rule_bites(rule_id: str, pathway_id: str, changes: dict[str, Any]) -> None:
    rule = PACK.rule(rule_id)
    option = judge(pathway_id, clean(pathway_id, **changes))
    assert hit_ids(option) == {rule_id}
    assert option.status is RULE_STATUS[rule.effect]
    hit = option.hits[0]
    assert hit.cite == rule.cite and hit.message == rule.message


def test_no_rule_names_anyone_who_may_override() -> None:
    """The text names no override for any of its blocks (e.g. §1.1(f) statutory visits)."""
    assert all(r.override is None for r in PACK.rules)
    option = judge(
        "daat-to-csst-cin", clean("daat-to-csst-cin", add_flags=["statutory_visits_outstanding"])
    )
    assert option.status is BLOCKED and not option.overridable


@pytest.mark.parametrize(
    "pathway_id",
    [
        "staff-absence-reallocation",
        "as-edge-of-care-support",
        "lacs-pa-joint-working",
        "social-care-closure",
    ],
)
def test_statutory_visits_rule_is_for_transfers_between_teams_only(pathway_id: str) -> None:
    option = judge(pathway_id, clean(pathway_id, add_flags=["statutory_visits_outstanding"]))
    assert "statutory-visits-outstanding" not in hit_ids(option)


def test_audit_gap_block_lifts_when_recording_reaches_standard() -> None:
    """§1.1(g): 'When recording is at agreed standards, transfer ... will take place'."""
    gap = ("audit_gap_recorded", 12)
    blocked = judge("daat-to-csst-cin", clean("daat-to-csst-cin", add_events=[gap]))
    fixed = judge(
        "daat-to-csst-cin",
        clean("daat-to-csst-cin", add_events=[gap, ("recording_at_standard", 1)]),
    )
    assert (blocked.status, fixed.status) == (BLOCKED, OPEN)


def test_audit_gap_rule_not_on_mash_front_door() -> None:
    option = judge(
        "mash-to-daat-s17", clean("mash-to-daat-s17", add_events=[("audit_gap_recorded", 2)])
    )
    assert option.status is OPEN


def test_financial_block_lifts_after_the_managers_discuss() -> None:
    """§1.1(k)."""
    option = judge(
        "to-cic-care-proceedings",
        clean(
            "to-cic-care-proceedings",
            add_flags=["financial_arrangements"],
            add_events=[("finance_discussed", 1)],
        ),
    )
    assert option.status is OPEN


def test_joint_visit_advice_is_not_for_the_mash() -> None:
    assert judge("mash-to-daat-s17", clean("mash-to-daat-s17")).status is OPEN


def test_dct_holds_disabled_child_when_impairment_needs_a_social_worker() -> None:
    """§2.8 para 3: with both wider issues and impairment needs, DCT holds the disabled child."""
    option = judge(
        "daat-to-dct",
        clean(
            "daat-to-dct",
            add_flags=["family_issues_unrelated_to_disability", "needs_sw_for_impairment"],
        ),
    )
    assert option.status is OPEN


def test_dct_whole_journey_not_on_transfers_into_dct() -> None:
    option = judge("csst-to-dct", clean("csst-to-dct"))
    assert "dct-whole-journey" not in hit_ids(option)


def test_tier2_warning_only_when_no_lead_professional() -> None:
    """§3.3.3(a)(ii): without a lead professional the case may still close (EHSS keeps looking)."""
    option = judge(
        "daat-stepdown-tier2",
        clean(
            "daat-stepdown-tier2",
            drop_flags=["lead_professional_identified"],
            drop_events=["action_plan_shared"],
        ),
    )
    assert option.status is WARNED
    assert hit_ids(option) == {"tier2-lead-professional"}


# --------------------------------------------------------------------------------------------------
# Pathway exceptions: each bites where the text says

EXCEPTION_CASES: list[tuple[str, str, CaseSnapshot, OptionStatus]] = [
    (
        "mash-to-daat-s47",
        "rereferral-within-3-months",
        clean("mash-to-daat-s47", add_events=[("closure", 30)]),
        WARNED,
    ),
    (
        "mash-to-daat-s17",
        "rereferral-within-3-months",
        clean("mash-to-daat-s17", add_events=[("closure", 80)]),
        WARNED,
    ),
    (
        "mash-to-targeted-support",
        "rereferral-within-3-months",
        clean("mash-to-targeted-support", add_events=[("closure", 20)]),
        REFERRAL,
    ),
    (
        "ts-to-social-care",
        "rereferral-within-3-months",
        clean("ts-to-social-care", add_events=[("closure", 20)]),
        WARNED,
    ),
    (
        "mash-relinquished-to-cic",
        "ppm-first",
        clean("mash-relinquished-to-cic", drop_events=["permanency_planning_meeting"]),
        BLOCKED,
    ),
    (
        "mash-prebirth-to-sibling-team",
        "also-csst-criteria",
        clean("mash-prebirth-to-sibling-team", add_flags=["siblings_removed"]),
        WARNED,
    ),
    (
        "mash-prebirth-to-daat-care-leaver",
        "parent-child-in-care",
        clean("mash-prebirth-to-daat-care-leaver", add_flags=["parent_child_in_care"]),
        WARNED,
    ),
    (
        "mash-prebirth-to-daat-history",
        "csst-criteria",
        clean("mash-prebirth-to-daat-history", add_flags=["siblings_open_or_previously_open"]),
        WARNED,
    ),
    (
        "mash-prebirth-to-daat-new-concern",
        "csst-criteria",
        clean("mash-prebirth-to-daat-new-concern", add_flags=["parent_offence_against_child"]),
        WARNED,
    ),
    (
        "mash-prebirth-to-csst",
        "sibling-allocated",
        clean("mash-prebirth-to-csst", add_flags=["sibling_allocated"]),
        WARNED,
    ),
    (
        "daat-to-csst-plo",
        "transfer-point-contradiction",
        clean("daat-to-csst-plo", drop_events=["icpc"]),
        WARNED,
    ),
    (
        "daat-to-as-s20",
        "until-first-review",
        clean("daat-to-as-s20", drop_events=["cic_review"]),
        BLOCKED,
    ),
    (
        "daat-to-as-s20",
        "next-gateway",
        clean("daat-to-as-s20", drop_events=["gateway_meeting"]),
        WARNED,
    ),
    ("daat-to-as-s20", "under-11", clean("daat-to-as-s20", age=8), WARNED),
    (
        "to-cic-no-return-home",
        "until-second-review",
        make(
            CLEAN["to-cic-no-return-home"]
            | {
                "events": [
                    ("cic_review", 100, 1),
                    ("s20_checklist_signed_off", 3),
                    ("gateway_meeting", 10),
                    JV,
                ]
            }
        ),
        BLOCKED,
    ),
    (
        "to-cic-homeless-16-17",
        "until-first-review",
        clean("to-cic-homeless-16-17", drop_events=["cic_review"]),
        BLOCKED,
    ),
    ("to-lacs-at-18", "not-before-18", clean("to-lacs-at-18", age=17), BLOCKED),
    (
        "to-lacs-at-18",
        "remain-with-sw-post-18",
        clean("to-lacs-at-18", add_flags=["significant_safeguarding_concerns"]),
        WARNED,
    ),
    ("uasc-to-lacs-at-18", "not-before-18", clean("uasc-to-lacs-at-18", age=17.5), BLOCKED),
    (
        "remand-ends-relevant",
        "care-order-stays-looked-after",
        clean("remand-ends-relevant", statuses=["C2"]),
        BLOCKED,
    ),
    (
        "custodial-sentence-relevant",
        "care-order-stays-looked-after",
        clean("custodial-sentence-relevant", statuses=["C2"]),
        BLOCKED,
    ),
    (
        "custodial-sentence-qualifying",
        "fla-assessment-first",
        clean("custodial-sentence-qualifying", drop_events=["fla_assessment"]),
        BLOCKED,
    ),
    (
        "custodial-sentence-qualifying",
        "care-order-stays-looked-after",
        clean("custodial-sentence-qualifying", statuses=["C1"]),
        BLOCKED,
    ),
    (
        "social-care-closure",
        "moving-away",
        clean("social-care-closure", add_flags=["moving_out_of_area"]),
        WARNED,
    ),
]


def test_every_exception_with_a_condition_has_a_case() -> None:
    wanted = {(p.id, e.id) for p in PACK.pathways for e in p.exceptions if e.when is not None}
    assert {(p, e) for p, e, _, _ in EXCEPTION_CASES} == wanted


@pytest.mark.parametrize(
    ("pathway_id", "exception_id", "snapshot", "status"),
    EXCEPTION_CASES,
    ids=[f"{p}/{e}" for p, e, _, _ in EXCEPTION_CASES],
)
def test_exception_bites(
    pathway_id: str, exception_id: str, snapshot: CaseSnapshot, status: OptionStatus
) -> None:
    option = judge(pathway_id, snapshot)
    assert f"{pathway_id}/{exception_id}" in hit_ids(option)
    assert option.status is status


def test_exceptions_route_to_the_pathway_the_text_names() -> None:
    routes = {(p.id, e.id): e.route_to for p in PACK.pathways for e in p.exceptions}
    assert (
        routes[("mash-to-daat-s17", "rereferral-within-3-months")]
        == "mash-rereferral-to-closing-team"
    )
    assert (
        routes[("mash-to-targeted-support", "rereferral-within-3-months")]
        == "mash-rereferral-to-closing-ts"
    )
    assert routes[("mash-prebirth-to-daat-history", "csst-criteria")] == "mash-prebirth-to-csst"


def test_to_lacs_before_18_opens_once_the_young_person_ceases_to_be_looked_after() -> None:
    """§3.7: 'At the point a young person ceases to be looked after, the entire case
    responsibility transfers'."""
    snapshot = clean(
        "to-lacs-at-18", age=17, statuses=["RELEVANT"], add_events=[("ceased_looked_after", 4)]
    )
    assert judge("to-lacs-at-18", snapshot).status is OPEN


def test_remand_outcomes_follow_the_13_week_rule() -> None:
    """§3.8.3: custody after 13 weeks -> Relevant; before -> Qualifying."""
    before = make(
        {
            "team": "cic",
            "age": 17,
            "flags": ["custodial_sentence"],
            "events": [("sentenced", 5), ("fla_assessment", 1), JV],
        }
    )
    after = make(
        {
            "team": "cic",
            "age": 17,
            "flags": ["custodial_sentence", "lac_13_weeks_since_14"],
            "events": [("sentenced", 5), ("pathway_plan_qa", 1), JV],
        }
    )
    assert judge("custodial-sentence-qualifying", before).status is OPEN
    assert judge("custodial-sentence-relevant", before).status is BLOCKED
    assert judge("custodial-sentence-qualifying", after).status is NOT_ELIGIBLE
    assert judge("custodial-sentence-relevant", after).status is OPEN


# --------------------------------------------------------------------------------------------------
# Checklists, word for word

CHECKLIST_1_2_1 = [
    "Chronology",
    "Genogram",
    "Statutory Visits up-to-date and recorded on child’s file",
    "Case notes",
    "Risk Assessment",
    "Minutes of the last CIN meeting, Core Group or CiC Review",
    "Record of case management decisions and supervisions",
    "Record on child’s file of any financial obligations as at time of transfer",
    "Clearly stated contact arrangements, where relevant",
    "Transfer Summary",
    "All relevant and up to date Plans "
    "(e.g. Care Plan, Personal Education Plan, Pathway Plan etc.).",
]
CHECKLIST_1_2_2 = [
    "Chronology",
    "Genogram",
    "Transfer or Closure Summary",
    "Updated Risk Assessment",
    "Minutes of the last TAF or professionals meeting",
    "Current Targeted Support Action Plan with updated actions/progress.",
]
LACS_NOTIFICATION = [
    "Date of joint working arrangement",
    "Date of Pathway Plan completion",
    "Issues to take into account when allocating a Personal Adviser, if relevant",
    "Key upcoming dates e.g. Child(ren) in Care Review",
    "Immediate concerns.",
]
CLOSURE_4_1 = [
    "Complete the tasks set out in the Checklist for Case Closure",
    "Complete the CareFirst Closure Form",
    "Send Closure Email to professionals that have been involved. Contact must be made with the "
    "named professional to verify where Closure Emails should be sent",
    "Send Case Closure Letter to parents/carers(this must include the Closure Summary)",
    "Complete ‘Notification to Admin of case closure - Closure form for electronic files’ form",
    "Ensure Care Store is up to date (see Section 4.3, Care Store Checks).",
]
CLOSURE_4_3 = [
    "The Chronology is up-to-date",
    "The Genogram is accurate and complete",
    "All closure letters have been uploaded.",
]


@pytest.mark.parametrize(
    ("checklist_id", "texts"),
    [
        ("csc-transfer", CHECKLIST_1_2_1),
        ("ts-to-csc", CHECKLIST_1_2_2),
        ("lacs-notification", LACS_NOTIFICATION),
    ],
)
def test_checklist_word_for_word(checklist_id: str, texts: list[str]) -> None:
    assert [i.text for i in PACK.checklist(checklist_id).items] == texts


def test_closure_checklist_holds_4_1_to_4_4() -> None:
    items = PACK.checklist("closure-tasks").items
    texts = [i.text for i in items]
    assert len(items) == 20
    assert [i.text for i in items if i.cite.startswith("§4.1 task")] == CLOSURE_4_1
    assert [i.text for i in items if i.cite.startswith("§4.3")] == CLOSURE_4_3
    assert sum(i.cite.startswith("§4.2") for i in items) == 9
    assert "In ‘Allocations’, close down ‘Team’ and ‘Primary worker’." in texts
    assert any(
        "cmetracking@northamptonshire.gov.uk" in t and i.cite == "§4.4"
        for t, i in zip(texts, items, strict=True)
    )


def test_checklist_settings_follow_1_1_f_and_g() -> None:
    for checklist_id in ("csc-transfer", "ts-to-csc"):
        checklist = PACK.checklist(checklist_id)
        assert checklist.blocks_transfer is True
        assert checklist.gap_timescale == "audit-gap-10wd"
        assert checklist.receiving_check is True
        assert checklist.audited_by == "transferring-team-manager"
        assert checklist.override is None


def test_pathways_use_the_right_checklist() -> None:
    by_checklist: dict[str | None, set[str]] = {}
    for p in PACK.pathways:
        by_checklist.setdefault(p.checklist, set()).add(p.id)
    assert by_checklist["ts-to-csc"] == {"ts-to-social-care"}
    assert {"daat-to-csst-cin", "to-lacs-at-18", "to-cic-care-proceedings"} <= by_checklist[
        "csc-transfer"
    ]
    closures = {p.id for p in PACK.pathways if p.kind is PathwayKind.CLOSURE}
    assert closures - {"mash-closes-uasc-adult"} <= by_checklist["closure-tasks"]
    for p in PACK.pathways:  # MASH front-door transfers are not audited against §1.2.1
        if p.from_teams == ("mash",):
            assert p.checklist is None


@pytest.mark.parametrize(
    ("checklist_id", "item_id", "applies", "not_applies"),
    [
        (
            "csc-transfer",
            "last-minutes",
            case("csst", events=[ev("core_group", 10)]),
            case("csst"),
        ),
        (
            "csc-transfer",
            "contact-arrangements",
            case("csst", flags=["contact_arrangements_relevant"]),
            case("csst"),
        ),
        (
            "closure-tasks",
            "close-cin-classifications",
            case("csst", statuses=["CIN"]),
            case("csst"),
        ),
        (
            "closure-tasks",
            "private-fostering-steps",
            case("csst", flags=["private_fostering"]),
            case("csst"),
        ),
        ("closure-tasks", "notify-cme", case("csst", flags=["moving_out_of_area"]), case("csst")),
    ],
)
def test_conditional_checklist_items(checklist_id, item_id, applies, not_applies) -> None:  # type: ignore[no-untyped-def]
    def line(snapshot: CaseSnapshot):  # type: ignore[no-untyped-def]
        return next(
            x for x in checklist_lines(snapshot, PACK, checklist_id, TODAY) if x.item.id == item_id
        )

    item = {i.id: i for i in PACK.checklist(checklist_id).items}[item_id]
    assert line(applies).applicable is True
    off = line(not_applies)
    assert off.applicable is False
    assert off.reason == item.not_applicable_text != ""


def test_unconditional_items_always_apply() -> None:
    lines = checklist_lines(case("csst"), PACK, "csc-transfer", TODAY)
    applicable = [x.item.id for x in lines if x.applicable]
    assert len(applicable) == 9  # 11 less 'last minutes' and 'contact arrangements'
    assert "statutory-visits" in applicable and "financial-obligations" in applicable


def test_an_audit_gap_stops_the_transfer_until_answered() -> None:
    """§1.1(f): 'The case can only be transferred when all points listed in the audit are
    satisfied'."""
    snapshot = case("csst")
    answers = {
        i.id: AuditAnswer(i.id, AuditState.MET) for i in PACK.checklist("csc-transfer").items
    }
    assert audit_case(snapshot, PACK, "csc-transfer", TODAY, answers).readiness is Readiness.READY
    answers["genogram"] = AuditAnswer("genogram", AuditState.GAP)
    result = audit_case(snapshot, PACK, "csc-transfer", TODAY, answers)
    assert result.readiness is Readiness.GAPS and result.stops_transfer


# --------------------------------------------------------------------------------------------------
# Timescales: every one computed, working days across real bank holidays


def snap(
    team: str = "csst",
    *,
    dob: date | None = date(2012, 6, 15),
    events: tuple[Event, ...] = (),
    statuses: tuple[str, ...] = (),
    flags: tuple[str, ...] = (),
    uasc: bool = False,
    disability: bool = False,
) -> CaseSnapshot:
    child = Child(
        "C-0100", "Ada", "Testcase", dob, None if dob else date(2027, 3, 1), "F", disability, uasc
    )
    spells = tuple(StatusSpell(code, date(2020, 1, 1)) for code in statuses)
    return CaseSnapshot(
        child=child, team_id=team, statuses=spells, flags=frozenset(flags), events=events
    )


def due_of(snapshot: CaseSnapshot, timescale_id: str, today: date, pathways: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    found = [
        d
        for d in deadlines(snapshot, PACK, today, CAL, pathway_ids=pathways, include_off_file=True)
        if d.timescale.id == timescale_id
    ]
    assert len(found) == 1, timescale_id
    return found[0]


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm)


# (timescale, case, pathways, today, expected due)
TIMESCALE_CASES: list[tuple[str, CaseSnapshot, tuple[str, ...], date, datetime]] = [
    # §1.1(g): Fri 18 Dec 2026 + 10 working days, over 25 Dec, 28 Dec (Boxing Day observed), 1 Jan
    (
        "audit-gap-10wd",
        snap(events=(Event("audit_gap_recorded", date(2026, 12, 18)),)),
        (),
        date(2026, 12, 18),
        at(2027, 1, 6),
    ),
    (
        "rereferral-3m",
        snap("mash", events=(Event("closure", date(2026, 11, 30)),)),
        ("mash-rereferral-to-closing-team",),
        date(2026, 12, 1),
        at(2027, 2, 28),
    ),
    (
        "mash-decision-24h",
        snap("mash", events=(Event("referral", date(2026, 12, 24), at=at(2026, 12, 24, 15, 30)),)),
        (),
        date(2026, 12, 24),
        at(2026, 12, 25, 15, 30),
    ),
    (
        "mash-red-4h",
        snap(
            "mash",
            flags=("rag_red",),
            events=(Event("referral", date(2026, 12, 24), at=at(2026, 12, 24, 22, 0)),),
        ),
        (),
        date(2026, 12, 24),
        at(2026, 12, 25, 2, 0),
    ),
    (
        "s7-s37-open-last-month",
        snap("mash", events=(Event("closure", date(2027, 1, 31)),)),
        ("mash-s7-s37-allocation",),
        date(2027, 2, 1),
        at(2027, 2, 28),
    ),
    (
        "daat-short-term-3m",
        snap("daat", events=(Event("allocation", date(2026, 11, 23)),)),
        (),
        date(2026, 11, 23),
        at(2027, 2, 23),
    ),
    (
        "csst-assessment-review-6m",
        snap(events=(Event("assessment_completed", date(2026, 8, 31)),)),
        (),
        date(2026, 9, 1),
        at(2027, 2, 28),
    ),
    (
        "cic-assessment-review-12m",
        snap("cic", events=(Event("assessment_completed", date(2026, 3, 1)),)),
        (),
        date(2026, 3, 2),
        at(2027, 3, 1),
    ),
    # §3.3.1(a): 2 working days before Monday 4 Jan 2027: not Fri 1 Jan (holiday); Thu 31, Wed 30
    (
        "cin-assessment-48h",
        snap("daat", events=(Event("cin_meeting", date(2027, 1, 4)),)),
        ("daat-to-csst-cin",),
        date(2026, 12, 21),
        at(2026, 12, 30),
    ),
    (
        "csst-s20-4-month-review",
        snap(statuses=("V2",), events=(Event("accommodated", date(2026, 10, 31)),)),
        (),
        date(2026, 11, 1),
        at(2027, 2, 28),
    ),
    # §3.8.2: PPM Thu 24 Dec 2026 + 5 working days: 29, 30, 31 Dec, 4, 5 Jan
    (
        "relinquished-transfer-meeting-5wd",
        snap(
            "mash",
            dob=date(2026, 12, 1),
            events=(Event("permanency_planning_meeting", date(2026, 12, 24)),),
        ),
        ("mash-relinquished-to-cic",),
        date(2026, 12, 24),
        at(2027, 1, 5),
    ),
    (
        "lacs-notification-15-5",
        snap("cic", dob=date(2011, 5, 31), statuses=("C2",)),
        (),
        date(2026, 1, 1),
        at(2026, 11, 30),
    ),
    (
        "pa-from-16",
        snap("cic", dob=date(2011, 5, 31), statuses=("C2",)),
        (),
        date(2026, 1, 1),
        at(2027, 5, 31),
    ),
    (
        "lacs-transfer-18",
        snap("cic", dob=date(2008, 2, 29), statuses=("C2",)),
        (),
        date(2025, 1, 1),
        at(2026, 3, 1),
    ),
    (
        "lacs-joint-meeting-quarterly",
        snap("cic", events=(Event("lacs_joint_meeting", date(2026, 11, 30)),)),
        ("lacs-pa-joint-working",),
        date(2026, 12, 1),
        at(2027, 2, 28),
    ),
    (
        "uasc-in-time-17-5",
        snap("separated-children", dob=date(2009, 8, 31), uasc=True),
        (),
        date(2026, 1, 1),
        at(2027, 2, 28),
    ),
    (
        "care-leaver-21",
        snap("leaving-care", dob=date(2007, 4, 2), statuses=("FORMER_RELEVANT",)),
        (),
        date(2026, 1, 1),
        at(2028, 4, 2),
    ),
    (
        "care-leaver-25",
        snap("leaving-care", dob=date(2007, 4, 2), statuses=("FORMER_RELEVANT",)),
        (),
        date(2026, 1, 1),
        at(2032, 4, 2),
    ),
    (
        "dct-transition-14",
        snap("dct", dob=date(2013, 1, 10), disability=True),
        (),
        date(2026, 1, 1),
        at(2027, 1, 10),
    ),
    (
        "dct-direct-payments-16",
        snap("dct", dob=date(2013, 1, 10), disability=True),
        (),
        date(2026, 1, 1),
        at(2029, 1, 10),
    ),
    (
        "remand-13-weeks",
        snap("cic", flags=("remanded",), events=(Event("remand_start", date(2026, 10, 1)),)),
        (),
        date(2026, 10, 2),
        at(2026, 12, 31),
    ),
    (
        "prebirth-no-involvement-6m",
        snap("mash", dob=None, events=(Event("closure", date(2026, 8, 31)),)),
        ("mash-prebirth-to-daat-history",),
        date(2026, 9, 1),
        at(2027, 2, 28),
    ),
    # §3.10: 'without any delay' -> the same working day
    (
        "dispute-no-delay",
        snap(events=(Event("disagreement_raised", date(2026, 12, 24)),)),
        (),
        date(2026, 12, 24),
        at(2026, 12, 24),
    ),
    # §3.3.1(e) / §3.6(b): transfer points as dates, on the numbered review (held or scheduled)
    (
        "transfer-at-first-cic-review",
        snap("daat", statuses=("V2",), events=(Event("cic_review", date(2027, 1, 14), 1),)),
        ("daat-to-as-s20",),
        date(2026, 12, 20),
        at(2027, 1, 14),
    ),
    (
        "transfer-at-second-cic-review",
        snap(
            statuses=("V2",),
            events=(
                Event("cic_review", date(2026, 10, 1), 1),
                Event("cic_review", date(2027, 1, 7), 2),
                Event("cic_review", date(2027, 7, 1), 3),
            ),
        ),
        ("to-cic-no-return-home",),
        date(2026, 12, 20),
        at(2027, 1, 7),
    ),
]


def test_every_timescale_has_a_case() -> None:
    assert {t for t, *_ in TIMESCALE_CASES} == {t.id for t in PACK.timescales}


@pytest.mark.parametrize(
    ("timescale_id", "snapshot", "pathways", "today", "expected"),
    TIMESCALE_CASES,
    ids=[t for t, *_ in TIMESCALE_CASES],
)
def test_timescale_due(timescale_id, snapshot, pathways, today, expected) -> None:  # type: ignore[no-untyped-def]
    assert due_of(snapshot, timescale_id, today, pathways).due == expected


@pytest.mark.parametrize(
    ("timescale_id", "unit", "amount", "anchor", "before"),
    [
        ("audit-gap-10wd", "working_days", 10, "audit_gap_recorded", False),
        ("rereferral-3m", "months", 3, "closure", False),
        ("mash-decision-24h", "hours", 24, "referral", False),
        ("mash-red-4h", "hours", 4, "referral", False),
        ("cin-assessment-48h", "working_days", 2, "cin_meeting", True),
        (
            "relinquished-transfer-meeting-5wd",
            "working_days",
            5,
            "permanency_planning_meeting",
            False,
        ),
        ("lacs-notification-15-5", "years", 15.5, "birth", False),
        ("lacs-transfer-18", "years", 18, "birth", False),
        ("remand-13-weeks", "weeks", 13, "remand_start", False),
    ],
)
def test_timescale_units_and_anchors(timescale_id, unit, amount, anchor, before) -> None:  # type: ignore[no-untyped-def]
    t = PACK.timescale(timescale_id)
    assert (t.unit.value, t.amount, t.anchor, t.before) == (unit, amount, anchor, before)


@pytest.mark.parametrize(
    ("anchor_day", "due_day"),
    [
        (date(2026, 12, 18), date(2027, 1, 6)),  # Christmas 2026 and New Year 2027
        (date(2027, 3, 24), date(2027, 4, 9)),  # Good Friday 26 Mar, Easter Monday 29 Mar 2027
        (
            date(2026, 12, 24),
            date(2027, 1, 12),
        ),  # Christmas Eve: 29, 30, 31 Dec, 4-8 Jan, 11, 12 Jan
    ],
)
def test_audit_gap_clock_over_bank_holidays(anchor_day: date, due_day: date) -> None:
    snapshot = snap(events=(Event("audit_gap_recorded", anchor_day),))
    assert due_of(snapshot, "audit-gap-10wd", anchor_day).due_date == due_day


@pytest.mark.parametrize(
    ("ppm_day", "due_day"),
    [
        (date(2027, 3, 25), date(2027, 4, 5)),  # Thu before Easter: 30, 31 Mar, 1, 2, 5 Apr
        (date(2026, 12, 31), date(2027, 1, 8)),  # New Year's Eve: 4, 5, 6, 7, 8 Jan
    ],
)
def test_relinquished_transfer_meeting_over_bank_holidays(ppm_day: date, due_day: date) -> None:
    snapshot = snap(
        "mash", dob=date(2026, 12, 1), events=(Event("permanency_planning_meeting", ppm_day),)
    )
    assert (
        due_of(
            snapshot, "relinquished-transfer-meeting-5wd", ppm_day, ("mash-relinquished-to-cic",)
        ).due_date
        == due_day
    )


def test_cin_assessment_notice_before_an_easter_tuesday_meeting() -> None:
    """Tue 30 Mar 2027: not Mon 29 (Easter Monday) nor Fri 26 (Good Friday); Thu 25, Wed 24."""
    snapshot = snap("daat", events=(Event("cin_meeting", date(2027, 3, 30)),))
    assert due_of(
        snapshot, "cin-assessment-48h", date(2027, 3, 1), ("daat-to-csst-cin",)
    ).due_date == date(2027, 3, 24)


def test_cin_notice_met_when_the_assessment_is_shared_in_time() -> None:
    """§3.3.1(a): shared on Tue 29 Dec 2026 for a Mon 4 Jan 2027 meeting (due Wed 30 Dec)."""
    meeting = Event("cin_meeting", date(2027, 1, 4))
    shared = snap("daat", events=(meeting, Event("assessment_shared", date(2026, 12, 29))))
    late = snap("daat", events=(meeting,))
    path = ("daat-to-csst-cin",)
    assert due_of(shared, "cin-assessment-48h", date(2026, 12, 31), path).state is ClockState.MET
    assert due_of(late, "cin-assessment-48h", date(2026, 12, 31), path).state is ClockState.OVERDUE


def test_gap_clock_states() -> None:
    gap = Event("audit_gap_recorded", date(2026, 12, 18))
    assert (
        due_of(snap(events=(gap,)), "audit-gap-10wd", date(2027, 1, 6)).state is ClockState.RUNNING
    )
    assert (
        due_of(snap(events=(gap,)), "audit-gap-10wd", date(2027, 1, 7)).state is ClockState.OVERDUE
    )
    fixed = snap(events=(gap, Event("recording_at_standard", date(2027, 1, 4))))
    assert due_of(fixed, "audit-gap-10wd", date(2027, 1, 7)).state is ClockState.MET


def test_relinquished_clock_met_by_the_transfer_meeting() -> None:
    events = (
        Event("permanency_planning_meeting", date(2026, 12, 24)),
        Event("transfer_meeting", date(2027, 1, 5)),
    )
    snapshot = snap("mash", dob=date(2026, 12, 1), events=events)
    assert (
        due_of(
            snapshot,
            "relinquished-transfer-meeting-5wd",
            date(2027, 1, 20),
            ("mash-relinquished-to-cic",),
        ).state
        is ClockState.MET
    )


def test_pathway_clocks_only_run_on_their_pathways() -> None:
    snapshot = snap(
        "mash",
        dob=date(2026, 12, 1),
        events=(Event("permanency_planning_meeting", date(2026, 12, 24)),),
    )
    ids = {d.timescale.id for d in deadlines(snapshot, PACK, date(2026, 12, 24), CAL)}
    assert "relinquished-transfer-meeting-5wd" not in ids


def test_age_clocks_only_for_the_children_they_concern() -> None:
    ids = {d.timescale.id for d in deadlines(snap("csst", dob=date(2011, 5, 31)), PACK, TODAY, CAL)}
    assert not ids & {
        "lacs-notification-15-5",
        "pa-from-16",
        "lacs-transfer-18",
        "uasc-in-time-17-5",
    }


def test_mash_red_clock_met_when_flagged() -> None:
    referral = Event("referral", date(2026, 12, 24), at=at(2026, 12, 24, 10, 0))
    snapshot = snap(
        "mash", flags=("rag_red",), events=(referral, Event("red_flagged", date(2026, 12, 24)))
    )
    assert due_of(snapshot, "mash-red-4h", date(2026, 12, 25)).state is ClockState.MET
    overdue = snap("mash", flags=("rag_red",), events=(referral,))
    assert due_of(overdue, "mash-red-4h", date(2026, 12, 25)).state is ClockState.OVERDUE


def test_dispute_clock_overdue_the_next_day_unless_resolved() -> None:
    raised = Event("disagreement_raised", date(2026, 12, 24))
    assert (
        due_of(snap(events=(raised,)), "dispute-no-delay", date(2026, 12, 29)).state
        is ClockState.OVERDUE
    )
    resolved = snap(events=(raised, Event("dispute_resolved", date(2026, 12, 24))))
    assert due_of(resolved, "dispute-no-delay", date(2026, 12, 29)).state is ClockState.MET


def test_ambiguous_timescales_state_their_reading() -> None:
    for timescale_id in (
        "cin-assessment-48h",
        "mash-decision-24h",
        "relinquished-transfer-meeting-5wd",
        "dispute-no-delay",
        "remand-13-weeks",
    ):
        assert PACK.timescale(timescale_id).reading


def test_rereferral_window_agrees_with_the_pathway_condition() -> None:
    """§3.2.1: closed on 30 Nov 2026, re-referred on 28 Feb 2027 (in) and 1 Mar 2027 (out)."""
    base = case("mash", tier=4, statuses=["CIN"], today=date(2027, 2, 28))
    closed = replace(base, events=(Event("closure", date(2026, 11, 30)),))
    assert judge("mash-rereferral-to-closing-team", closed, date(2027, 2, 28)).status is OPEN
    assert judge("mash-rereferral-to-closing-team", closed, date(2027, 3, 1)).status is NOT_ELIGIBLE
    window = due_of(
        closed, "rereferral-3m", date(2027, 2, 28), ("mash-rereferral-to-closing-team",)
    )
    assert window.due_date == date(2027, 2, 28)


# --------------------------------------------------------------------------------------------------
# Meetings and escalation


def test_every_meeting_cadence_is_an_rrule() -> None:
    start = datetime(2026, 11, 23, 10, 0)
    for meeting in PACK.meetings:
        assert rrulestr(meeting.cadence, dtstart=start)[0] == start, meeting.id


def test_joint_working_meetings_four_times_a_year() -> None:
    rule = rrulestr(
        PACK.meeting("lacs-joint-working-meetings").cadence, dtstart=datetime(2027, 1, 4)
    )
    assert len(rule.between(datetime(2027, 1, 1), datetime(2027, 12, 31), inc=True)) == 4


def test_eighteenth_birthday_meeting_chair_and_agenda() -> None:
    meeting = PACK.meeting("lacs-18-transfer-meeting")
    assert meeting.chair == "team-manager"
    assert len(meeting.agenda) == 6
    assert (
        meeting.agenda[1]
        == "Ensure all statutory tasks have been completed (e.g. PEP, Medical, Pathway Plan)"
    )
    assert meeting.agenda[-1] == "Consider any remaining transfer issues, including endings."


def test_meeting_before_joint_working_agenda() -> None:
    agenda = PACK.meeting("lacs-initial-meeting").agenda
    assert len(agenda) == 5
    assert agenda[-1] == "Arrange introductions."


@pytest.mark.parametrize(
    ("meeting_id", "bring_id", "snapshot"),
    [
        ("cin-transfer-meeting", "daat-cin-transfer", clean("daat-to-csst-cin")),
        ("gateway-meeting", "emergency-s20", case("daat", statuses=["V2"])),
        (
            "gateway-meeting",
            "s20-no-return-home",
            case("csst", statuses=["V2"], flags=["no_return_home"]),
        ),
        ("gateway-meeting", "ico-retrospective", case("daat", statuses=["L2"])),
        (
            "ico-handover-meeting",
            "ico-hearing-notified",
            case("daat", events=[ev("ico_hearing_notified", 1)]),
        ),
        (
            "permanency-planning-meeting",
            "relinquished",
            case("mash", age=0, flags=["relinquished"]),
        ),
        ("relinquished-transfer-meeting", "after-ppm", clean("mash-relinquished-to-cic")),
        (
            "lacs-initial-meeting",
            "notified-at-15-5",
            case("cic", age=15.5, statuses=LAC, events=[ev("lacs_notification_sent", 5)]),
        ),
        (
            "lacs-joint-working-meetings",
            "joint-working",
            case("cic", age=16, events=[ev("lacs_initial_meeting", 50)]),
        ),
        ("lacs-18-transfer-meeting", "approaching-18", case("cic", age=17.5, statuses=LAC)),
        ("legal-planning-meeting", "prebirth-csst", case("csst", age=None)),
        ("legal-planning-meeting", "pre-proceedings", case("csst", flags=["pre_proceedings"])),
        (
            "dispute-resolution-meeting",
            "unresolved-dispute",
            case("csst", events=[ev("disagreement_raised", 2)]),
        ),
    ],
)
def test_meeting_brings(meeting_id: str, bring_id: str, snapshot: CaseSnapshot) -> None:
    bring = next(b for b in PACK.meeting(meeting_id).brings if b.id == bring_id)
    assert holds(bring.when, snapshot, TODAY)
    assert not holds(bring.when, case("targeted-support", age=3), TODAY)


def test_escalation_ladder() -> None:
    escalation = PACK.escalation
    assert escalation is not None
    assert [s.to for s in escalation.ladder] == [
        ("transferring-team-manager", "receiving-team-manager"),
        ("service-manager",),
    ]
    # the text gives no clock for the escalation to service managers (§3.10 para 2)
    assert [s.timescale for s in escalation.ladder] == ["dispute-no-delay", None]
    assert escalation.record_on_child_file is True


# --------------------------------------------------------------------------------------------------
# Demo scenarios: fictional, consistent, and together they exercise every pathway and every rule


def load_scenarios() -> list[dict[str, Any]]:
    document = yaml.safe_load(SCENARIOS.read_text(encoding="utf-8"))
    assert document["pack"] == PACK_ID
    scenarios: list[dict[str, Any]] = document["scenarios"]
    return scenarios


def scenario_case(s: dict[str, Any], years: float | None) -> CaseSnapshot:
    if s.get("unborn"):
        child = Child("D-1", "Demo", "Child", None, TODAY + timedelta(days=60))
    else:
        assert years is not None
        dob = TODAY - relativedelta(years=int(years), months=round((years % 1) * 12), days=1)
        child = Child(
            "D-1", "Demo", "Child", dob, None, "F", bool(s.get("disability")), bool(s.get("uasc"))
        )
    low_siblings = s.get("siblings", [0, 0])[0]
    return CaseSnapshot(
        child=child,
        team_id=s["team"],
        tier=s.get("tier"),
        sibling_ids=tuple(f"S-{i}" for i in range(low_siblings)),
        statuses=tuple(
            StatusSpell(x["code"], TODAY - timedelta(days=x.get("days_ago", 30)))
            for x in s.get("statuses", [])
        ),
        flags=frozenset(s.get("flags", [])),
        events=tuple(
            Event(
                e["kind"],
                TODAY + timedelta(days=e.get("days_ahead", 0) - e.get("days_ago", 0)),
                e.get("number"),
            )
            for e in s.get("events", [])
        ),
    )


def test_scenarios_cover_every_pathway_and_rule() -> None:
    exercised = {x for s in load_scenarios() for x in s["exercises"]}
    assert {p.id for p in PACK.pathways} <= exercised
    assert {f"rule:{r.id}" for r in PACK.rules} <= exercised
    meetings = {x.removeprefix("meeting:") for x in exercised if x.startswith("meeting:")}
    assert meetings <= {m.id for m in PACK.meetings}
    plain = {x for x in exercised if ":" not in x}
    assert plain <= {p.id for p in PACK.pathways}


def test_scenario_words_are_in_the_vocabulary() -> None:
    v = PACK.vocabulary
    flags = set(vocabulary.FLAGS) | {t.id for t in v.flags}
    events = set(vocabulary.EVENTS) | {t.id for t in v.events}
    statuses = set(vocabulary.LEGAL_STATUSES) | {t.id for t in v.statuses}
    file_items = set(vocabulary.FILE_ITEMS) | {t.id for t in v.file_items}
    teams = {t.id for t in PACK.teams}
    ids = [s["id"] for s in load_scenarios()]
    assert len(ids) == len(set(ids))
    for s in load_scenarios():
        assert s["team"] in teams
        assert set(s.get("flags", [])) <= flags, s["id"]
        assert {e["kind"] for e in s.get("events", [])} <= events, s["id"]
        assert {x["code"] for x in s.get("statuses", [])} <= statuses, s["id"]
        assert {f["kind"] for f in s.get("file_items", [])} <= file_items, s["id"]
        assert s.get("unborn") or (len(s["age"]) == 2 and s["age"][0] <= s["age"][1])


@pytest.mark.parametrize("scenario", load_scenarios(), ids=lambda s: s["id"])
def test_scenario_exercises_what_it_says(scenario: dict[str, Any]) -> None:
    """At both ends of its age range every listed pathway is eligible and every rule bites."""
    ages: list[float | None] = (
        [None] if scenario.get("unborn") else [scenario["age"][0], scenario["age"][1] + 11 / 12]
    )
    pathways = [x for x in scenario["exercises"] if ":" not in x]
    rules = [x.removeprefix("rule:") for x in scenario["exercises"] if x.startswith("rule:")]
    for years in ages:
        snapshot = scenario_case(scenario, years)
        options = {p: judge(p, snapshot) for p in pathways}
        for pathway_id, option in options.items():
            assert scenario["team"] in option.pathway.from_teams, pathway_id
            assert option.status is not NOT_ELIGIBLE, (pathway_id, years, option.unmet)
        for rule_id in rules:
            assert any(rule_id in hit_ids(o) for o in options.values()), (rule_id, years)


def test_some_scenarios_are_blocked_or_overdue() -> None:
    blocked = overdue = 0
    for s in load_scenarios():
        snapshot = scenario_case(s, None if s.get("unborn") else s["age"][0])
        pathways = [x for x in s["exercises"] if ":" not in x]
        blocked += any(judge(p, snapshot).status is BLOCKED for p in pathways)
        clocks = deadlines(snapshot, PACK, TODAY, CAL, pathway_ids=pathways, include_off_file=True)
        overdue += any(d.state is ClockState.OVERDUE for d in clocks)
    assert blocked >= 10 and overdue >= 4
