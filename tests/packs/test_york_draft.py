"""The City of York Case Transfer Protocol (DRAFT) pack, judged by the engine on fictional cases.

Every pathway and every rule is shown offering, blocking, warning, routing as a referral or being
not eligible as the text says; the closure checklist is checked word for word; every working-day
clock is computed across a real England and Wales bank holiday (dates worked out by hand).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
import yaml
from dateutil.relativedelta import relativedelta

from app.domain.case import CaseSnapshot, Event
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
from app.domain.pack import Effect, Pack, PathwayKind
from app.domain.vocabulary import EVENTS, FILE_ITEMS, FLAGS, LEGAL_STATUSES
from app.paths import demo_dir
from app.policy.registry import shipped_pack
from app.reference.bank_holidays import default_calendar
from tests.builders import TODAY, case, ev

PACK_ID = "york-draft"
CAL = default_calendar()

# What a well-prepared step down to early help has recorded.
STEP_DOWN_READY = (
    "consent_early_help",
    "identified_early_help_need",
    "early_help_plan_agreed",
    "lead_practitioner_identified",
    "lead_practitioner_recorded",
    "assessment_shared_with_family",
    "smart_plan_evidenced",
    "early_help_recommended",
)


@pytest.fixture(scope="module")
def pack() -> Pack:
    return shipped_pack(PACK_ID)


def judge(pack: Pack, pathway_id: str, snapshot: CaseSnapshot, today: date = TODAY):  # type: ignore[no-untyped-def]
    return judge_pathway(snapshot, pack, pack.pathway(pathway_id), today)


def hit_ids(option) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.rule_id for h in option.hits}


def without(flags: tuple[str, ...], *drop: str) -> tuple[str, ...]:
    return tuple(f for f in flags if f not in drop)


def on(kind: str, day: date) -> Event:
    return Event(kind, day)


# --- the pack itself


def test_pack_loads_and_says_it_is_a_draft(pack: Pack) -> None:
    assert pack.id == PACK_ID
    assert pack.pack.source == "004_c84b0115ea01fd86.txt"
    assert "DRAFT" in pack.pack.summary
    assert "DRAFT" in pack.pack.title


def test_counts(pack: Pack) -> None:
    assert len(pack.teams) == 10
    assert len(pack.pathways) == 13
    assert len(pack.rules) == 11
    assert len(pack.timescales) == 10
    assert len(pack.meetings) == 1
    assert [len(c.items) for c in pack.checklists] == [15]
    assert len(pack.principles) == 11


def test_every_item_cites_the_text(pack: Pack) -> None:
    sections = (
        pack.teams,
        pack.pathways,
        pack.rules,
        pack.timescales,
        pack.documents,
        pack.principles,
        pack.meetings,
        pack.checklists,
        pack.roles,
    )
    for section in sections:
        for item in section:
            assert item.cite.strip(), item.id
    for pathway in pack.pathways:
        for step in pathway.steps:
            assert step.cite.strip(), (pathway.id, step.id)
    for item in pack.checklist("closure-steps").items:
        assert item.cite.strip(), item.id


def test_team_remits(pack: Pack) -> None:
    assert pack.team("partner-led-eh").remit.tiers == (2, 3)
    assert pack.team("pathways").remit.age_to == 25
    assert pack.team("pathways-duty").remit.age_to == 25
    assert set(pack.team("safeguarding-interventions").remit.statuses) == {"CIN", "CP"}
    assert pack.team("targeted-intervention-service").kind == "targeted"
    assert pack.team("mash").kind == "front_door"


def test_no_rule_names_anyone_who_may_override(pack: Pack) -> None:
    # The text names nobody who may override consent or any other requirement.
    assert all(rule.override is None for rule in pack.rules)


def test_principles_quote_the_text(pack: Pack) -> None:
    texts = {p.id: p.text for p in pack.principles}
    assert (
        texts["early-help-is-an-offer"]
        == "Remember that Early Help is an offer and requires the consent of the family."
    )
    assert texts["tell-story-once"].startswith(
        "Children and families should not have to tell their story more than once"
    )
    assert "merely so that they can be 'monitored'" in texts["not-merely-monitored"]


def test_rereferral_window_is_three_months(pack: Pack) -> None:
    window = pack.timescale(pack.settings.rereferral_window or "")
    assert (window.amount, window.unit, window.anchor) == (3, "months", "step_down_cin_cp")


# --- which pathways each team sees


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        ("mash", {"mash-to-partner-led-eh", "mash-to-tis", "csc-to-universal-or-single-service"}),
        (
            "assessment",
            {
                "assessment-to-partner-led-eh",
                "assessment-to-tis",
                "csc-to-universal-or-single-service",
            },
        ),
        (
            "safeguarding-interventions",
            {"cin-cp-to-partner-led-eh", "cin-cp-to-tis", "csc-to-universal-or-single-service"},
        ),
        (
            "partner-led-eh",
            {"partner-led-eh-step-up", "return-to-previous-social-worker", "cp-concern-to-mash"},
        ),
        (
            "targeted-intervention-service",
            {
                "tis-step-up",
                "return-to-previous-social-worker",
                "cp-concern-to-mash",
                "tis-advice-from-mash-social-worker",
            },
        ),
        ("pathways", {"pathways-to-duty-service"}),
        ("pathways-duty", set()),
    ],
)
def test_pathways_out_of_each_team(pack: Pack, team: str, expected: set[str]) -> None:
    options = pathway_options(case(team), pack, TODAY)
    assert {o.pathway.id for o in options} == expected


# --- step down 1: MASH


def test_mash_partner_led_open_at_level_2_and_3(pack: Pack) -> None:
    for tier in (2, 3):
        option = judge(
            pack, "mash-to-partner-led-eh", case("mash", tier=tier, flags=STEP_DOWN_READY)
        )
        assert option.status is OptionStatus.OPEN, tier
    assert pack.pathway("mash-to-partner-led-eh").kind is PathwayKind.CLOSURE


@pytest.mark.parametrize("tier", [1, 4, None])
def test_mash_partner_led_only_at_level_2_or_3(pack: Pack, tier: int | None) -> None:
    option = judge(pack, "mash-to-partner-led-eh", case("mash", tier=tier, flags=STEP_DOWN_READY))
    assert option.status is OptionStatus.NOT_ELIGIBLE
    assert any("tier/level 2 or 3" in reason for reason in option.unmet)


def test_mash_form_closes_only_once_lead_practitioner_recorded(pack: Pack) -> None:
    flags = without(STEP_DOWN_READY, "lead_practitioner_recorded")
    option = judge(pack, "mash-to-partner-led-eh", case("mash", tier=2, flags=flags))
    assert option.status is OptionStatus.BLOCKED
    assert hit_ids(option) == {"mash-lead-practitioner-recorded"}
    assert not option.overridable


def test_mash_to_tis(pack: Pack) -> None:
    ready = case(
        "mash", flags=("tis_support_identified", "consent_early_help", "identified_early_help_need")
    )
    assert judge(pack, "mash-to-tis", ready).status is OptionStatus.OPEN
    partner = case("mash", flags=("consent_early_help", "identified_early_help_need"))
    assert judge(pack, "mash-to-tis", partner).status is OptionStatus.NOT_ELIGIBLE
    no_consent = case("mash", flags=("tis_support_identified", "identified_early_help_need"))
    option = judge(pack, "mash-to-tis", no_consent)
    assert option.status is OptionStatus.BLOCKED
    assert hit_ids(option) == {"consent-to-early-help"}


# --- step down 2: Single Assessment


def sa_case(*flags: str, completed: bool = True) -> CaseSnapshot:
    events = [ev("referral", 40), ev("assessment_started", 38)]
    if completed:
        events.append(ev("assessment_completed", 2))
    return case("assessment", flags=flags, events=events)


def test_sa_partner_led_open_when_ready(pack: Pack) -> None:
    option = judge(pack, "assessment-to-partner-led-eh", sa_case(*STEP_DOWN_READY))
    assert option.status is OptionStatus.OPEN
    assert option.pathway.to_teams == ("partner-led-eh",)


def test_sa_partner_led_needs_completed_assessment_recommending_early_help(pack: Pack) -> None:
    not_done = judge(
        pack, "assessment-to-partner-led-eh", sa_case(*STEP_DOWN_READY, completed=False)
    )
    assert not_done.status is OptionStatus.NOT_ELIGIBLE
    assert any("assessment completed" in r for r in not_done.unmet)
    other = without(STEP_DOWN_READY, "early_help_recommended")
    assert (
        judge(pack, "assessment-to-partner-led-eh", sa_case(*other)).status
        is OptionStatus.NOT_ELIGIBLE
    )
    tis = judge(
        pack, "assessment-to-partner-led-eh", sa_case(*STEP_DOWN_READY, "tis_support_identified")
    )
    assert tis.status is OptionStatus.NOT_ELIGIBLE


def test_sa_partner_led_blocked_until_family_has_seen_assessment(pack: Pack) -> None:
    flags = without(STEP_DOWN_READY, "assessment_shared_with_family")
    option = judge(pack, "assessment-to-partner-led-eh", sa_case(*flags))
    assert option.status is OptionStatus.BLOCKED
    assert hit_ids(option) == {"assessment-seen-by-family"}


def test_sa_partner_led_blocks_add_up(pack: Pack) -> None:
    flags = without(
        STEP_DOWN_READY,
        "consent_early_help",
        "early_help_plan_agreed",
        "lead_practitioner_identified",
    )
    option = judge(pack, "assessment-to-partner-led-eh", sa_case(*flags))
    assert option.status is OptionStatus.BLOCKED
    assert hit_ids(option) == {
        "consent-to-early-help",
        "early-help-plan-agreed",
        "lead-practitioner-identified",
    }


# --- step down 3: CiN / CP


def cin_case(*flags: str, status: str = "CIN") -> CaseSnapshot:
    events = [ev("cin_review", 3), ev("step_down_cin_cp", 3)]
    return case("safeguarding-interventions", statuses=[status], flags=flags, events=events)


@pytest.mark.parametrize("status", ["CIN", "CP"])
def test_cin_cp_partner_led_open_for_cin_and_cp(pack: Pack, status: str) -> None:
    option = judge(pack, "cin-cp-to-partner-led-eh", cin_case(*STEP_DOWN_READY, status=status))
    assert option.status is OptionStatus.OPEN


def test_cin_cp_partner_led_needs_cin_or_cp_status(pack: Pack) -> None:
    snapshot = case("safeguarding-interventions", flags=STEP_DOWN_READY)
    option = judge(pack, "cin-cp-to-partner-led-eh", snapshot)
    assert option.status is OptionStatus.NOT_ELIGIBLE
    assert any("CIN" in r and "CP" in r for r in option.unmet)


def test_cin_cp_signpost_next_action_blocks(pack: Pack) -> None:
    option = judge(
        pack, "cin-cp-to-partner-led-eh", cin_case(*STEP_DOWN_READY, "signpost_next_action_added")
    )
    assert option.status is OptionStatus.BLOCKED
    assert hit_ids(option) == {"no-signpost-next-action-from-cin-cp"}


def test_cin_cp_smart_plan_warns(pack: Pack) -> None:
    option = judge(
        pack,
        "cin-cp-to-partner-led-eh",
        cin_case(*without(STEP_DOWN_READY, "smart_plan_evidenced")),
    )
    assert option.status is OptionStatus.WARNED
    assert [h.rule_id for h in option.warnings] == ["smart-plan-evidence"]


def test_cin_cp_monitoring_only_warns(pack: Pack) -> None:
    option = judge(
        pack,
        "cin-cp-to-partner-led-eh",
        cin_case(*without(STEP_DOWN_READY, "identified_early_help_need")),
    )
    assert option.status is OptionStatus.WARNED
    assert [h.rule_id for h in option.warnings] == ["identified-need-not-monitoring"]
    assert "merely so that they can be 'monitored'" in option.warnings[0].message


# --- step down 4: Targeted Intervention


def test_sa_to_tis_blocked_until_weekly_transfer_meeting(pack: Pack) -> None:
    flags = (*STEP_DOWN_READY, "tis_support_identified")
    waiting = judge(pack, "assessment-to-tis", sa_case(*flags))
    assert waiting.status is OptionStatus.BLOCKED
    assert hit_ids(waiting) == {"tis-request-at-weekly-transfer-meeting"}
    agreed = case(
        "assessment",
        flags=flags,
        events=[ev("assessment_completed", 2), ev("tis_allocated_at_transfer_meeting", 1)],
    )
    assert judge(pack, "assessment-to-tis", agreed).status is OptionStatus.OPEN


def test_sa_to_tis_needs_tis_support_identified(pack: Pack) -> None:
    option = judge(pack, "assessment-to-tis", sa_case(*STEP_DOWN_READY))
    assert option.status is OptionStatus.NOT_ELIGIBLE


def test_cin_cp_to_tis(pack: Pack) -> None:
    flags = (*STEP_DOWN_READY, "tis_support_identified")
    snapshot = case(
        "safeguarding-interventions",
        statuses=["CP"],
        flags=flags,
        events=[
            ev("rcpc", 2),
            ev("step_down_cin_cp", 2),
            ev("tis_allocated_at_transfer_meeting", 5),
        ],
    )
    assert judge(pack, "cin-cp-to-tis", snapshot).status is OptionStatus.OPEN
    assert pack.pathway("cin-cp-to-tis").kind is PathwayKind.TRANSFER
    # The partner-led route is not offered once Targeted Intervention support is identified.
    assert judge(pack, "cin-cp-to-partner-led-eh", snapshot).status is OptionStatus.NOT_ELIGIBLE
    unagreed = replace(snapshot, events=(ev("rcpc", 2),))
    assert hit_ids(judge(pack, "cin-cp-to-tis", unagreed)) == {
        "tis-request-at-weekly-transfer-meeting"
    }


# --- consent, for every step down to early help

STEP_DOWNS_TO_EARLY_HELP = [
    ("mash-to-partner-led-eh", lambda f: case("mash", tier=2, flags=f)),
    ("mash-to-tis", lambda f: case("mash", flags=(*f, "tis_support_identified"))),
    ("assessment-to-partner-led-eh", lambda f: sa_case(*f)),
    ("cin-cp-to-partner-led-eh", lambda f: cin_case(*f)),
    (
        "assessment-to-tis",
        lambda f: case(
            "assessment",
            flags=(*f, "tis_support_identified"),
            events=[ev("assessment_completed", 2), ev("tis_allocated_at_transfer_meeting", 1)],
        ),
    ),
    (
        "cin-cp-to-tis",
        lambda f: case(
            "safeguarding-interventions",
            statuses=["CIN"],
            flags=(*f, "tis_support_identified"),
            events=[ev("tis_allocated_at_transfer_meeting", 1)],
        ),
    ),
]


@pytest.mark.parametrize(
    ("pathway_id", "build"), STEP_DOWNS_TO_EARLY_HELP, ids=[p for p, _ in STEP_DOWNS_TO_EARLY_HELP]
)
def test_every_step_down_to_early_help_needs_consent(
    pack: Pack, pathway_id: str, build: Any
) -> None:
    assert judge(pack, pathway_id, build(STEP_DOWN_READY)).status is OptionStatus.OPEN
    option = judge(pack, pathway_id, build(without(STEP_DOWN_READY, "consent_early_help")))
    assert option.status is OptionStatus.BLOCKED
    assert hit_ids(option) == {"consent-to-early-help"}
    assert option.blocks[0].message.startswith(
        "Early Help is an offer and requires the consent of the family"
    )
    assert not option.overridable


@pytest.mark.parametrize(
    ("pathway_id", "build"), STEP_DOWNS_TO_EARLY_HELP, ids=[p for p, _ in STEP_DOWNS_TO_EARLY_HELP]
)
def test_every_step_down_to_early_help_warns_without_identified_need(
    pack: Pack, pathway_id: str, build: Any
) -> None:
    option = judge(pack, pathway_id, build(without(STEP_DOWN_READY, "identified_early_help_need")))
    assert option.status is OptionStatus.WARNED
    assert hit_ids(option) == {"identified-need-not-monitoring"}


# --- closure to a universal service


@pytest.mark.parametrize("team", ["mash", "assessment", "safeguarding-interventions"])
def test_universal_closure_warns_unless_early_help_considered(pack: Pack, team: str) -> None:
    option = judge(pack, "csc-to-universal-or-single-service", case(team))
    assert option.status is OptionStatus.WARNED
    assert hit_ids(option) == {"early-help-considered-before-closure"}
    considered = judge(
        pack, "csc-to-universal-or-single-service", case(team, flags=["early_help_considered"])
    )
    assert considered.status is OptionStatus.OPEN
    # Consent to early help is not needed to close to a universal service.
    assert "consent-to-early-help" not in hit_ids(option)


# --- Pathways


def pathways_case(age: float, *flags: str, reassessed: bool = True) -> CaseSnapshot:
    events = [ev("pathways_reassessment", 10)] if reassessed else []
    return case("pathways", age=age, statuses=["FORMER_RELEVANT"], flags=flags, events=events)


def test_pathways_steps_down_after_reassessment(pack: Pack) -> None:
    option = judge(pack, "pathways-to-duty-service", pathways_case(20.5))
    assert option.status is OptionStatus.OPEN
    assert option.pathway.to_teams == ("pathways-duty",)


def test_pathways_stays_involved_where_support_still_needed(pack: Pack) -> None:
    option = judge(
        pack, "pathways-to-duty-service", pathways_case(20.5, "continued_support_needed")
    )
    assert option.status is OptionStatus.BLOCKED
    assert hit_ids(option) == {"pathways-to-duty-service/stays-involved-to-25"}


def test_pathways_step_down_needs_reassessment_and_age_below_25(pack: Pack) -> None:
    assert (
        judge(pack, "pathways-to-duty-service", pathways_case(20.5, reassessed=False)).status
        is OptionStatus.NOT_ELIGIBLE
    )
    old = judge(pack, "pathways-to-duty-service", pathways_case(25))
    assert old.status is OptionStatus.NOT_ELIGIBLE
    assert any("25 or over" in r for r in old.unmet)


# --- step up


def test_partner_led_step_up_is_a_referral_via_mash(pack: Pack) -> None:
    option = judge(
        pack, "partner-led-eh-step-up", case("partner-led-eh", flags=["discussed_with_family"])
    )
    assert option.status is OptionStatus.REFERRAL
    assert option.hits == ()
    assert option.pathway.via == "mash"
    assert option.pathway.to_teams == ("mash",)


def test_tis_step_up_is_a_referral_via_mash_to_assessment(pack: Pack) -> None:
    option = judge(
        pack, "tis-step-up", case("targeted-intervention-service", flags=["discussed_with_family"])
    )
    assert option.status is OptionStatus.REFERRAL
    assert option.hits == ()
    assert (option.pathway.via, option.pathway.to_teams) == ("mash", ("assessment",))
    assert [s.who for s in option.pathway.steps if s.id == "asm-discussion"] == [
        ("child-and-family-support-practitioner", "assessment-service-manager")
    ]


@pytest.mark.parametrize("pathway_id", ["partner-led-eh-step-up", "tis-step-up"])
def test_step_up_within_three_months_of_cin_cp_step_down_routes_to_previous_sw(
    pack: Pack, pathway_id: str
) -> None:
    team = pack.pathway(pathway_id).from_teams[0]
    recent = case(team, flags=["discussed_with_family"], events=[ev("step_down_cin_cp", 60)])
    option = judge(pack, pathway_id, recent)
    assert option.status is OptionStatus.REFERRAL
    assert hit_ids(option) == {f"{pathway_id}/return-to-previous-sw"}
    assert option.warnings[0].effect is Effect.WARN
    exception = next(
        e for e in pack.pathway(pathway_id).exceptions if e.id == "return-to-previous-sw"
    )
    assert exception.route_to == "return-to-previous-social-worker"
    long_ago = case(team, flags=["discussed_with_family"], events=[ev("step_down_cin_cp", 120)])
    assert judge(pack, pathway_id, long_ago).hits == ()


@pytest.mark.parametrize("pathway_id", ["partner-led-eh-step-up", "tis-step-up"])
def test_step_up_with_cp_concern_routes_to_mash_without_delay(pack: Pack, pathway_id: str) -> None:
    team = pack.pathway(pathway_id).from_teams[0]
    option = judge(
        pack, pathway_id, case(team, flags=["discussed_with_family", "child_protection_concern"])
    )
    assert hit_ids(option) == {f"{pathway_id}/cp-concern"}
    exception = next(e for e in pack.pathway(pathway_id).exceptions if e.id == "cp-concern")
    assert exception.route_to == "cp-concern-to-mash"


def test_return_to_previous_social_worker_within_three_months(pack: Pack) -> None:
    for team in ("partner-led-eh", "targeted-intervention-service"):
        recent = case(team, flags=["discussed_with_family"], events=[ev("step_down_cin_cp", 85)])
        option = judge(pack, "return-to-previous-social-worker", recent)
        assert option.status is OptionStatus.OPEN, team
        assert option.pathway.to_teams == ("safeguarding-interventions",)
        late = case(team, flags=["discussed_with_family"], events=[ev("step_down_cin_cp", 95)])
        assert (
            judge(pack, "return-to-previous-social-worker", late).status
            is OptionStatus.NOT_ELIGIBLE
        )
    never = case("targeted-intervention-service", flags=["discussed_with_family"])
    assert (
        judge(pack, "return-to-previous-social-worker", never).status is OptionStatus.NOT_ELIGIBLE
    )


def test_cp_concern_to_mash(pack: Pack) -> None:
    concern = case("partner-led-eh", flags=["child_protection_concern", "discussed_with_family"])
    option = judge(pack, "cp-concern-to-mash", concern)
    assert option.status is OptionStatus.REFERRAL
    assert option.pathway.via == "mash"
    no_concern = case("partner-led-eh", flags=["discussed_with_family"])
    assert judge(pack, "cp-concern-to-mash", no_concern).status is OptionStatus.NOT_ELIGIBLE


def test_tis_advice_from_mash_keeps_the_case_with_early_help(pack: Pack) -> None:
    option = judge(
        pack,
        "tis-advice-from-mash-social-worker",
        case("targeted-intervention-service", flags=["discussed_with_family"]),
    )
    assert option.status is OptionStatus.OPEN
    assert option.pathway.kind is PathwayKind.ADDITIONAL_RESOURCE
    assert option.pathway.steps[0].id == "line-manager"


STEP_UPS = [
    ("partner-led-eh-step-up", "partner-led-eh", OptionStatus.REFERRAL),
    ("tis-step-up", "targeted-intervention-service", OptionStatus.REFERRAL),
    ("tis-advice-from-mash-social-worker", "targeted-intervention-service", OptionStatus.WARNED),
    ("cp-concern-to-mash", "partner-led-eh", OptionStatus.REFERRAL),
    ("return-to-previous-social-worker", "targeted-intervention-service", OptionStatus.WARNED),
]


@pytest.mark.parametrize(
    ("pathway_id", "team", "status"), STEP_UPS, ids=[p for p, _, _ in STEP_UPS]
)
def test_discuss_with_family_before_safeguarding_referral(
    pack: Pack, pathway_id: str, team: str, status: OptionStatus
) -> None:
    base = case(
        team, flags=["child_protection_concern"] if pathway_id == "cp-concern-to-mash" else []
    )
    if pathway_id == "return-to-previous-social-worker":
        base = replace(base, events=(ev("step_down_cin_cp", 30),))
    option = judge(pack, pathway_id, base)
    assert option.status is status
    assert "discuss-with-family-before-referral" in hit_ids(option)
    for excused in ("discussed_with_family", "discussion_would_increase_risk"):
        fixed = replace(base, flags=base.flags | {excused})
        assert "discuss-with-family-before-referral" not in hit_ids(
            judge(pack, pathway_id, fixed)
        ), excused


# --- every rule governs exactly its pathways

RULE_SCOPE = {
    "consent-to-early-help": {p for p, _ in STEP_DOWNS_TO_EARLY_HELP},
    "identified-need-not-monitoring": {p for p, _ in STEP_DOWNS_TO_EARLY_HELP},
    "early-help-plan-agreed": {p for p, _ in STEP_DOWNS_TO_EARLY_HELP} - {"mash-to-tis"},
    "assessment-seen-by-family": {"assessment-to-partner-led-eh", "assessment-to-tis"},
    "lead-practitioner-identified": {
        "mash-to-partner-led-eh",
        "assessment-to-partner-led-eh",
        "cin-cp-to-partner-led-eh",
    },
    "mash-lead-practitioner-recorded": {"mash-to-partner-led-eh"},
    "smart-plan-evidence": {"cin-cp-to-partner-led-eh", "cin-cp-to-tis"},
    "no-signpost-next-action-from-cin-cp": {"cin-cp-to-partner-led-eh", "cin-cp-to-tis"},
    "tis-request-at-weekly-transfer-meeting": {"assessment-to-tis", "cin-cp-to-tis"},
    "early-help-considered-before-closure": {"csc-to-universal-or-single-service"},
    "discuss-with-family-before-referral": {p for p, _, _ in STEP_UPS},
}

RULE_EFFECTS = {
    "consent-to-early-help": Effect.BLOCK,
    "identified-need-not-monitoring": Effect.WARN,
    "early-help-plan-agreed": Effect.BLOCK,
    "assessment-seen-by-family": Effect.BLOCK,
    "lead-practitioner-identified": Effect.BLOCK,
    "mash-lead-practitioner-recorded": Effect.BLOCK,
    "smart-plan-evidence": Effect.WARN,
    "no-signpost-next-action-from-cin-cp": Effect.BLOCK,
    "tis-request-at-weekly-transfer-meeting": Effect.BLOCK,
    "early-help-considered-before-closure": Effect.WARN,
    "discuss-with-family-before-referral": Effect.WARN,
}


def test_rule_list_is_complete(pack: Pack) -> None:
    assert {r.id for r in pack.rules} == set(RULE_SCOPE) == set(RULE_EFFECTS)


@pytest.mark.parametrize("rule_id", sorted(RULE_SCOPE))
def test_rule_scope_and_effect(pack: Pack, rule_id: str) -> None:
    rule = pack.rule(rule_id)
    assert rule.effect is RULE_EFFECTS[rule_id]
    governed = {p.id for p in pack.pathways if rule_applies_to(rule, p)}
    assert governed == RULE_SCOPE[rule_id]


# --- the closure checklist

CHECKLIST_TEXTS = {
    "ending-visit": "An ending visit should be completed with the family",
    "endings-letter": (
        "An endings letter provided for the child/ young person prior to the allocation ending"
    ),
    "professional-relationships": (
        "In all cases, the lead practitioner's details should be added to the Professional "
        "Relationships on the person summary screen."
    ),
    "mash-form-closed": (
        "The early help recording form is closed following manager oversight once a lead "
        "practitioner has been identified and has been recorded."
    ),
    "mash-partner-records": (
        "It is the responsibility of the partner-agency to submit all completed early help "
        "assessments and Team Around the Child and Family meeting records to the Supporting "
        "Families Team"
    ),
    "mash-tis-section-2": (
        "Where additional support is required from the Targeted Intervention Service, Section 2 "
        "the early help recording form should be completed highlighting the support required and "
        "assigned to 'advice team duty worker' for allocation by the Practice Managers."
    ),
    "sa-signpost-next-action": (
        "A next action of 'Signpost to Children's Advice Team' should be added to the Single "
        "Assessment, select 'Assign to me' and then finish by selecting the green tick."
    ),
    "sa-section-2": (
        "Ensure it is clear in Section 2 of the early help recording form what the plan is or "
        "direction to where the proposed plan can be found and who the lead professional will be."
    ),
    "sa-assign-partner-led": (
        "For partner-led early help support: This can then be assigned to 'Partner led EHA'."
    ),
    "sa-assign-tis": (
        "For Targeted Intervention: This should be assigned to 'advice team duty worker' for "
        "allocation by the Practice Managers."
    ),
    "cin-close-case-next-action": (
        "In the Child in Need Meeting Record / RCPC record of meeting, a next action of 'Close "
        "Case to Children's Social Work Services' should be added for each child to generate a "
        "closure record."
    ),
    "cin-section-2": (
        "Section 2 of the early help recording form should be updated to include the Summary of "
        "CiN interventions, the recommended plan of support (or direction included as to where "
        "the plan can be found – i.e. CiN meeting record etc) and the name of the lead "
        "practitioner"
    ),
    "cin-assign-partner-led": "This can then be assigned to 'Partner-led EH'",
    "cin-tacf-records": (
        "The Lead Practitioner is to ensure future TAC&F meeting records are submitted to the "
        "Supporting Families Team."
    ),
    "cin-assign-tis": (
        "This should then be assigned to 'advice team duty worker' for allocation by the "
        "Practice Managers."
    ),
}


def test_closure_checklist_word_for_word(pack: Pack) -> None:
    checklist = pack.checklist("closure-steps")
    assert pack.closure_tasks == "closure-steps"
    assert len(checklist.items) == 15
    assert {i.id: i.text for i in checklist.items} == CHECKLIST_TEXTS
    assert checklist.blocks_transfer is True
    guidance = {i.id: i.guidance for i in checklist.items}
    assert "should NOT be added" in guidance["cin-close-case-next-action"]


def applicable(pack: Pack, snapshot: CaseSnapshot) -> set[str]:
    return {
        line.item.id
        for line in checklist_lines(snapshot, pack, "closure-steps", TODAY)
        if line.applicable
    }


@pytest.mark.parametrize(
    ("snapshot", "expected"),
    [
        (
            case("mash", tier=2),
            {"professional-relationships", "mash-form-closed", "mash-partner-records"},
        ),
        (
            case("mash", flags=["tis_support_identified"]),
            {"professional-relationships", "mash-form-closed", "mash-tis-section-2"},
        ),
        (
            case("assessment"),
            {
                "ending-visit",
                "endings-letter",
                "professional-relationships",
                "sa-signpost-next-action",
                "sa-section-2",
                "sa-assign-partner-led",
            },
        ),
        (
            case("assessment", flags=["tis_support_identified"]),
            {
                "ending-visit",
                "endings-letter",
                "professional-relationships",
                "sa-signpost-next-action",
                "sa-section-2",
                "sa-assign-tis",
            },
        ),
        (
            case("safeguarding-interventions", statuses=["CIN"]),
            {
                "ending-visit",
                "endings-letter",
                "professional-relationships",
                "cin-close-case-next-action",
                "cin-section-2",
                "cin-assign-partner-led",
                "cin-tacf-records",
            },
        ),
        (
            case("safeguarding-interventions", statuses=["CP"], flags=["tis_support_identified"]),
            {
                "ending-visit",
                "endings-letter",
                "professional-relationships",
                "cin-close-case-next-action",
                "cin-section-2",
                "cin-assign-tis",
            },
        ),
    ],
    ids=["mash-partner", "mash-tis", "sa-partner", "sa-tis", "cin-partner", "cp-tis"],
)
def test_closure_checklist_conditional_items(
    pack: Pack, snapshot: CaseSnapshot, expected: set[str]
) -> None:
    assert applicable(pack, snapshot) == expected


def test_not_applicable_items_say_why(pack: Pack) -> None:
    lines = {
        line.item.id: line
        for line in checklist_lines(case("mash", tier=2), pack, "closure-steps", TODAY)
    }
    assert not lines["ending-visit"].applicable
    assert "no allocation to end" in lines["ending-visit"].reason
    assert lines["sa-signpost-next-action"].reason  # an automatic reason is given


def test_step_down_pathways_use_the_closure_checklist(pack: Pack) -> None:
    with_checklist = {p.id for p in pack.pathways if p.checklist == "closure-steps"}
    assert with_checklist == {p for p, _ in STEP_DOWNS_TO_EARLY_HELP}


# --- clocks across bank holidays


def clock(
    pack: Pack,
    snapshot: CaseSnapshot,
    timescale_id: str,
    today: date,
    pathways: tuple[str, ...] = (),
):  # type: ignore[no-untyped-def]
    found = [
        d
        for d in deadlines(snapshot, pack, today, CAL, pathway_ids=pathways)
        if d.timescale.id == timescale_id
    ]
    assert len(found) <= 1
    return found[0] if found else None


def test_mash_decision_one_working_day_over_christmas(pack: Pack) -> None:
    # Referral Thu 24 Dec 2026; Fri 25 Dec Christmas Day, Mon 28 Dec Boxing Day (substitute)
    # -> Tue 29 Dec 2026.
    today = date(2026, 12, 24)
    snapshot = case("partner-led-eh", today=today, events=[on("referral", date(2026, 12, 24))])
    d = clock(pack, snapshot, "mash-decision-1wd", today, ("partner-led-eh-step-up",))
    assert d is not None
    assert d.due_date == date(2026, 12, 29)
    assert d.state is ClockState.RUNNING
    assert d.rule == "1 working day after referral"
    late = clock(
        pack, snapshot, "mash-decision-1wd", date(2026, 12, 30), ("partner-led-eh-step-up",)
    )
    assert late is not None and late.state is ClockState.OVERDUE
    decided = replace(snapshot, events=(*snapshot.events, on("mash_decision", date(2026, 12, 29))))
    met = clock(pack, decided, "mash-decision-1wd", date(2026, 12, 30), ("partner-led-eh-step-up",))
    assert met is not None and met.state is ClockState.MET
    # It is the partner-led pathway's clock: it does not run when that pathway is not open.
    assert clock(pack, snapshot, "mash-decision-1wd", today) is None


def test_sa_joint_handover_five_working_days_over_christmas(pack: Pack) -> None:
    # Completed Mon 21 Dec 2026: 22, 23, 24, (25, 28 holidays), 29, 30 -> Wed 30 Dec 2026.
    today = date(2026, 12, 21)
    snapshot = case("assessment", today=today, events=[on("assessment_completed", today)])
    d = clock(pack, snapshot, "sa-joint-handover-5wd", today, ("assessment-to-tis",))
    assert d is not None and d.due_date == date(2026, 12, 30)
    overdue = clock(
        pack, snapshot, "sa-joint-handover-5wd", date(2026, 12, 31), ("assessment-to-tis",)
    )
    assert overdue is not None and overdue.state is ClockState.OVERDUE
    held = replace(snapshot, events=(*snapshot.events, on("handover_meeting", date(2026, 12, 30))))
    met = clock(pack, held, "sa-joint-handover-5wd", date(2026, 12, 31), ("assessment-to-tis",))
    assert met is not None and met.state is ClockState.MET


@pytest.mark.parametrize(
    ("step_down", "expected"),
    [
        # Wed 24 Mar 2027: 25, (26 Good Friday, 29 Easter Monday), 30, 31, 1 Apr, 2 Apr
        # -> Fri 2 Apr 2027.
        (date(2027, 3, 24), date(2027, 4, 2)),
        # Wed 30 Dec 2026: 31, (1 Jan New Year's Day), 4, 5, 6, 7 -> Thu 7 Jan 2027.
        (date(2026, 12, 30), date(2027, 1, 7)),
    ],
)
def test_cin_cp_handover_visit_five_working_days(
    pack: Pack, step_down: date, expected: date
) -> None:
    snapshot = case(
        "safeguarding-interventions",
        today=step_down,
        statuses=["CIN"],
        events=[on("step_down_cin_cp", step_down)],
    )
    d = clock(pack, snapshot, "cin-cp-handover-visit-5wd", step_down, ("cin-cp-to-tis",))
    assert d is not None and d.due_date == expected
    # The engine words a pack's own anchor events from their ids, not their labels (reported).
    assert d.rule.startswith("5 working days after")


def test_early_help_open_ten_calendar_days_after_allocation(pack: Pack) -> None:
    # Allocated Fri 18 Dec 2026: 10 calendar days is Mon 28 Dec, a bank holiday (calendar days
    # do not move off it).
    today = date(2026, 12, 18)
    snapshot = case(
        "targeted-intervention-service", today=today, events=[on("social_care_allocation", today)]
    )
    stay = clock(pack, snapshot, "early-help-open-10-days", today, ("tis-step-up",))
    visit = clock(pack, snapshot, "joint-visit-10-days", today, ("tis-step-up",))
    assert stay is not None and visit is not None
    assert stay.due_date == visit.due_date == date(2026, 12, 28)
    assert stay.timescale.unit == "calendar_days"
    assert "calendar days" in stay.timescale.reading
    visited = replace(snapshot, events=(*snapshot.events, on("joint_visit", date(2026, 12, 22))))
    done = clock(pack, visited, "joint-visit-10-days", date(2026, 12, 29), ("tis-step-up",))
    assert done is not None and done.state is ClockState.MET
    still_open = clock(
        pack, visited, "early-help-open-10-days", date(2026, 12, 29), ("tis-step-up",)
    )
    assert still_open is not None and still_open.state is ClockState.OVERDUE


def test_return_window_three_months_shown_only_while_open(pack: Pack) -> None:
    # Stepped down Mon 30 Nov 2026: three months is Sun 28 Feb 2027 (month end clamps).
    step_down = date(2026, 11, 30)
    snapshot = case("targeted-intervention-service", events=[on("step_down_cin_cp", step_down)])
    d = clock(pack, snapshot, "return-to-previous-social-worker-window", date(2027, 1, 15))
    assert d is not None and d.due_date == date(2027, 2, 28)
    assert d.state is ClockState.RUNNING
    assert (
        clock(pack, snapshot, "return-to-previous-social-worker-window", date(2027, 3, 1)) is None
    )


def test_cp_concern_referred_the_same_day(pack: Pack) -> None:
    raised = date(2026, 11, 20)
    snapshot = case("partner-led-eh", events=[on("cp_concern_raised", raised)])
    same_day = clock(pack, snapshot, "cp-referral-without-delay", raised)
    assert (
        same_day is not None
        and same_day.due_date == raised
        and same_day.state is ClockState.RUNNING
    )
    next_day = clock(pack, snapshot, "cp-referral-without-delay", raised + relativedelta(days=1))
    assert next_day is not None and next_day.state is ClockState.OVERDUE
    referred = replace(snapshot, events=(*snapshot.events, on("referral", raised)))
    met = clock(pack, referred, "cp-referral-without-delay", raised + relativedelta(days=1))
    assert met is not None and met.state is ClockState.MET


def test_pathways_ages_21_and_25(pack: Pack) -> None:
    today = date(2026, 11, 23)
    base = case("pathways", today=today)
    young_person = replace(base, child=replace(base.child, dob=date(2006, 2, 28)))
    ages = {d.timescale.id: d for d in deadlines(young_person, pack, today, CAL)}
    assert ages["pathways-reassessment-21"].due_date == date(2027, 2, 28)
    assert ages["pathways-reassessment-21"].state is ClockState.RUNNING
    assert ages["pathways-involvement-to-25"].due_date == date(2031, 2, 28)
    assert "pathways-duty-service-to-25" not in ages
    reassessed = replace(young_person, events=(on("pathways_reassessment", date(2026, 11, 1)),))
    met = {d.timescale.id: d for d in deadlines(reassessed, pack, today, CAL)}
    assert met["pathways-reassessment-21"].state is ClockState.MET
    duty = replace(young_person, team_id="pathways-duty")
    duty_ages = {d.timescale.id: d for d in deadlines(duty, pack, today, CAL)}
    assert set(duty_ages) == {"pathways-duty-service-to-25"}
    assert duty_ages["pathways-duty-service-to-25"].due_date == date(2031, 2, 28)


def test_every_working_day_timescale_is_tested_above(pack: Pack) -> None:
    working = {t.id for t in pack.timescales if t.unit == "working_days"}
    assert working == {"mash-decision-1wd", "sa-joint-handover-5wd", "cin-cp-handover-visit-5wd"}


def test_ambiguous_timescales_state_their_reading(pack: Pack) -> None:
    for timescale_id in (
        "early-help-open-10-days",
        "cin-cp-handover-visit-5wd",
        "cp-referral-without-delay",
        "pathways-reassessment-21",
        "return-to-previous-social-worker-window",
    ):
        assert pack.timescale(timescale_id).reading, timescale_id


# --- the weekly transfer meeting


def test_weekly_transfer_meeting(pack: Pack) -> None:
    meeting = pack.meeting("weekly-transfer-meeting")
    assert meeting.cadence == "FREQ=WEEKLY"
    assert set(meeting.pathways) == {"assessment-to-tis", "cin-cp-to-tis"}
    assert len(meeting.agenda) == 3
    (bring,) = meeting.brings
    pending = case(
        "assessment",
        flags=["tis_support_identified", "consent_early_help"],
        events=[ev("assessment_completed", 1)],
    )
    assert holds(bring.when, pending, TODAY)
    agreed = replace(pending, events=(*pending.events, ev("tis_allocated_at_transfer_meeting", 0)))
    assert not holds(bring.when, agreed, TODAY)
    no_consent = replace(pending, flags=frozenset({"tis_support_identified"}))
    assert not holds(bring.when, no_consent, TODAY)
    partner_led = replace(pending, flags=frozenset({"consent_early_help"}))
    assert not holds(bring.when, partner_led, TODAY)


def test_no_escalation_ladder_in_the_text(pack: Pack) -> None:
    assert pack.escalation is None


# --- demo scenarios


def scenarios() -> list[dict[str, Any]]:
    with (demo_dir() / f"{PACK_ID}.scenarios.yaml").open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    assert document["pack"] == PACK_ID
    found: list[dict[str, Any]] = document["scenarios"]
    return found


def scenario_case(scenario: dict[str, Any]) -> CaseSnapshot:
    low, high = scenario["age"]
    age = round((float(low) + float(high)) / 2 * 2) / 2
    events = [
        ev(e["kind"], int(e.get("days_ago", 0)) - int(e.get("days_ahead", 0)), e.get("number"))
        for e in scenario.get("events", [])
    ]
    snapshot = case(
        scenario["team"],
        age=age,
        tier=scenario.get("tier"),
        flags=scenario.get("flags", []),
        events=events,
        statuses=[s["code"] for s in scenario.get("statuses", [])],
    )
    return snapshot


def test_demo_scenarios_cover_every_pathway_and_rule(pack: Pack) -> None:
    exercised = {x for s in scenarios() for x in s["exercises"]}
    assert {p.id for p in pack.pathways} <= exercised
    assert {f"rule:{r.id}" for r in pack.rules} <= exercised
    assert "meeting:weekly-transfer-meeting" in exercised
    known = (
        {p.id for p in pack.pathways}
        | {f"rule:{r.id}" for r in pack.rules}
        | {f"meeting:{m.id}" for m in pack.meetings}
    )
    assert exercised <= known


def test_demo_scenarios_use_known_words(pack: Pack) -> None:
    flags = set(FLAGS) | {t.id for t in pack.vocabulary.flags}
    events = set(EVENTS) | {t.id for t in pack.vocabulary.events}
    statuses = set(LEGAL_STATUSES) | {t.id for t in pack.vocabulary.statuses}
    items = set(FILE_ITEMS) | {t.id for t in pack.vocabulary.file_items}
    teams = {t.id for t in pack.teams}
    ids = [s["id"] for s in scenarios()]
    assert len(ids) == len(set(ids))
    for s in scenarios():
        assert s["team"] in teams, s["id"]
        assert set(s.get("flags", [])) <= flags, s["id"]
        assert {e["kind"] for e in s.get("events", [])} <= events, s["id"]
        assert {x["code"] for x in s.get("statuses", [])} <= statuses, s["id"]
        assert {x["kind"] for x in s.get("file_items", [])} <= items, s["id"]
        low, high = s["age"]
        assert 0 <= low <= high, s["id"]


@pytest.mark.parametrize("scenario", scenarios(), ids=lambda s: s["id"])
def test_each_scenario_does_what_it_claims(pack: Pack, scenario: dict[str, Any]) -> None:
    snapshot = scenario_case(scenario)
    pathway_ids = [x for x in scenario["exercises"] if ":" not in x]
    rule_ids = {x.split(":", 1)[1] for x in scenario["exercises"] if x.startswith("rule:")}
    options = [judge(pack, p, snapshot) for p in pathway_ids]
    for option in options:
        assert option.status is not OptionStatus.NOT_ELIGIBLE, (option.pathway.id, option.unmet)
        assert snapshot.team_id in option.pathway.from_teams
    biting = {h.rule_id for o in options for h in o.hits}
    assert rule_ids <= biting


def test_demo_has_blocked_and_overdue_cases(pack: Pack) -> None:
    by_id = {s["id"]: scenario_case(s) for s in scenarios()}
    blocked = [
        sid
        for sid, snapshot in by_id.items()
        if any(o.status is OptionStatus.BLOCKED for o in pathway_options(snapshot, pack, TODAY))
    ]
    assert len(blocked) >= 5
    all_pathways = [p.id for p in pack.pathways]
    overdue = {
        sid
        for sid, snapshot in by_id.items()
        if any(
            d.state is ClockState.OVERDUE
            for d in deadlines(snapshot, pack, TODAY, CAL, pathway_ids=all_pathways)
        )
    }
    assert {
        "sa-tis-handover-overdue",
        "partner-led-step-up-mash-overdue",
        "cp-concern-not-referred",
    } <= overdue
