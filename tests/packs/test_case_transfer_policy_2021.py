"""The Case Transfer Policy (June 2021) pack, judged by the engine on fictional cases.

Every pathway and every rule of data/packs/case-transfer-policy-2021.yaml is shown doing what the
text says; Appendix A is checked word for word; every clock is computed to an exact date (the one
working-day clock across real England and Wales bank holidays); and the demo scenarios are shown
to exercise the whole pack and to judge as their descriptions say.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from app.domain.audit import audit_case
from app.domain.case import CaseSnapshot, Child, Event, FileItem, StatusSpell
from app.domain.conditions import holds
from app.domain.disagreements import DisagreementFacts, disagreement_clocks
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
from app.domain.pack import Effect, Pack, PathwayKind
from app.domain.vocabulary import EVENTS, FILE_ITEMS, FLAGS, LEGAL_STATUSES
from app.policy.registry import shipped_pack
from app.reference.bank_holidays import default_calendar
from app.services.demo import RAISED_AT
from tests.builders import TODAY, case, ev

PACK_ID = "case-transfer-policy-2021"
ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "data" / "demo" / f"{PACK_ID}.scenarios.yaml"
LOOKED_AFTER = ["C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2"]
CAL = default_calendar()

OPEN = OptionStatus.OPEN
WARNED = OptionStatus.WARNED
BLOCKED = OptionStatus.BLOCKED
REFERRAL = OptionStatus.REFERRAL
NOT_ELIGIBLE = OptionStatus.NOT_ELIGIBLE


@pytest.fixture(scope="module")
def pack() -> Pack:
    return shipped_pack(PACK_ID)


def judge(c: CaseSnapshot, pack: Pack, pathway_id: str, today: date = TODAY) -> PathwayOption:
    return judge_pathway(c, pack, pack.pathway(pathway_id), today)


def hit_ids(option: PathwayOption) -> set[str]:
    return {h.rule_id for h in option.hits}


def clocks(
    c: CaseSnapshot, pack: Pack, today: date = TODAY, pathway_ids: tuple[str, ...] = ()
) -> dict[str, Deadline]:
    return {
        d.timescale.id: d
        for d in deadlines(c, pack, today, CAL, pathway_ids=pathway_ids, include_off_file=True)
    }


def born(dob: date, team: str, **kwargs: Any) -> CaseSnapshot:
    """A case built with ``case`` but with an exact date of birth."""
    c = case(team, **kwargs)
    child = Child(c.child.id, "Ada", "Testcase", dob)
    return CaseSnapshot(
        child=child,
        team_id=c.team_id,
        tier=c.tier,
        statuses=c.statuses,
        flags=c.flags,
        events=c.events,
        file_items=c.file_items,
    )


def s20_ready(team: str = "fst", age: float = 10, **extra: Any) -> CaseSnapshot:
    """An s20 child after the 2nd Child Care Review: nothing stops a transfer to CiC."""
    reviews = [ev("cic_review", 172, 1), ev("cic_review", 80, 2)]
    return case(
        team,
        age=age,
        tier=4,
        statuses=["V2", *extra.pop("statuses", [])],
        events=[ev("accommodated", 200), *reviews, *extra.pop("events", [])],
        **extra,
    )


# --- the pack as a whole ----------------------------------------------------------------------


def test_pack_loads_with_its_identity(pack: Pack) -> None:
    assert pack.id == PACK_ID
    assert pack.pack.source == "001_42fe76e110ba53bc.txt"
    assert pack.pack.issued.startswith("June 2021")


def test_counts(pack: Pack) -> None:
    assert [t.id for t in pack.teams] == [
        "mash",
        "fst",
        "cfp",
        "step",
        "cic",
        "sixteen-plus",
        "adoption-connects",
    ]
    assert len(pack.pathways) == 14
    assert len(pack.rules) == 10
    assert len(pack.timescales) == 10
    assert [m.id for m in pack.meetings] == ["case-transfer-meeting"]
    assert [(c.id, len(c.items)) for c in pack.checklists] == [("appendix-a", 16)]


def _cited(pack: Pack) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    sections = ("teams", "roles", "principles", "documents", "checklists", "rules", "timescales")
    for section in sections:
        found += [(f"{section}/{item.id}", item.cite) for item in getattr(pack, section)]
    for checklist in pack.checklists:
        found += [(f"item/{i.id}", i.cite) for i in checklist.items]
    for p in pack.pathways:
        found.append((f"pathway/{p.id}", p.cite))
        found += [(f"step/{p.id}/{s.id}", s.cite) for s in p.steps]
        found += [(f"exception/{p.id}/{e.id}", e.cite) for e in p.exceptions]
        if p.transfer_point:
            found.append((f"transfer-point/{p.id}", p.transfer_point.cite))
    for m in pack.meetings:
        found.append((f"meeting/{m.id}", m.cite))
        found += [(f"brings/{b.id}", b.cite) for b in m.brings]
    for v in (pack.vocabulary.flags, pack.vocabulary.events, pack.vocabulary.file_items):
        found += [(f"vocabulary/{t.id}", t.cite) for t in v]
    return found


def test_every_item_cites_its_section(pack: Pack) -> None:
    cited = _cited(pack)
    assert len(cited) > 150
    assert [where for where, cite in cited if not cite.strip()] == []
    assert pack.escalation is not None and pack.escalation.cite == "Disagreements between teams"


def test_principles_quoted_from_general_principles(pack: Pack) -> None:
    texts = {p.id: p.text for p in pack.principles}
    assert texts["not-in-proceedings"] == "Case should not to be transferred whilst in proceedings."
    assert (
        texts["not-if-missing"] == "Case should not to be transferred if a Young Person is missing."
    )
    assert (
        texts["not-if-placement-in-crisis"]
        == "Case not to be transferred if placement is in crisis."
    )
    assert texts["not-if-s47-ongoing"] == (
        "Case not to be transferred if child protection s47 investigation is ongoing."
    )
    assert texts["life-story-work"] == "Life story work is a corporate responsibility."
    bullets = sorted(p.cite for p in pack.principles if p.cite.startswith("General Principles, b"))
    assert len(bullets) == 9


def test_no_key_questions_in_this_text(pack: Pack) -> None:
    assert pack.key_questions == ()
    assert not any(p.key_questions for p in pack.pathways)


def test_roles_for_the_overrides_and_the_escalation_exist(pack: Pack) -> None:
    assert pack.role("head-of-family-support").name == "Head of Family Support"
    assert pack.role("head-of-corporate-parenting").name == "Head of Corporate Parenting"
    assert pack.role("cic-16-manager").name.startswith("Children in Care (CIC) and 16+ Team")


# --- the four "do not transfer" principles ---------------------------------------------------

PRINCIPLE_RULES = {
    "no-transfer-in-proceedings": "in_care_proceedings",
    "no-transfer-young-person-missing": "missing",
    "no-transfer-placement-in-crisis": "placement_in_crisis",
    "no-transfer-s47-ongoing": "s47_ongoing",
}


@pytest.mark.parametrize("rule_id", sorted(PRINCIPLE_RULES))
def test_principle_covers_every_transfer_between_teams_but_not_out_of_the_mash(
    pack: Pack, rule_id: str
) -> None:
    rule = pack.rule(rule_id)
    assert rule.effect is Effect.BLOCK and rule.except_from == ("mash",)
    assert rule.override is None  # the text names nobody who may let such a case move
    covered = {p.id for p in pack.pathways if rule_applies_to(rule, p)}
    assert covered == {
        "step-to-fst",
        "step-to-cfp",
        "cfp-to-fst-same-issue",
        "fst-to-cfp",
        "fst-to-cic",
        "fst-to-sixteen-plus",
        "cic-to-sixteen-plus",
        "sixteen-plus-to-fst",
    }


@pytest.mark.parametrize(("rule_id", "flag"), sorted(PRINCIPLE_RULES.items()))
def test_principle_blocks_fst_to_cic(pack: Pack, rule_id: str, flag: str) -> None:
    assert judge(s20_ready(), pack, "fst-to-cic").status is OPEN
    option = judge(s20_ready(flags=[flag]), pack, "fst-to-cic")
    assert option.status is BLOCKED
    (hit,) = option.blocks
    assert (hit.rule_id, hit.cite) == (rule_id, pack.rule(rule_id).cite)
    assert hit.cite.startswith("General Principles, bullet ")
    assert not option.overridable


@pytest.mark.parametrize(("rule_id", "flag"), sorted(PRINCIPLE_RULES.items()))
def test_principle_does_not_stop_a_transfer_out_of_the_mash(
    pack: Pack, rule_id: str, flag: str
) -> None:
    c = case("mash", tier=4, flags=[flag], events=[ev("assessment_completed", 1)])
    assert judge(c, pack, "mash-to-fst").status is OPEN
    assert rule_id not in hit_ids(judge(c, pack, "mash-to-cfp"))


@pytest.mark.parametrize(
    ("team", "pathway_id", "c_kwargs"),
    [
        ("step", "step-to-fst", {"tier": 4, "events": [ev("step_intervention_started", 120)]}),
        ("step", "step-to-cfp", {"tier": 3}),
        ("cfp", "cfp-to-fst-same-issue", {"tier": 4, "flags": ["escalation_same_issue"]}),
        ("fst", "fst-to-cfp", {"tier": 3, "events": [ev("assessment_completed", 30)]}),
        ("cic", "cic-to-sixteen-plus", {"age": 16.2}),
    ],
)
def test_missing_young_person_blocks_every_kind_of_move(
    pack: Pack, team: str, pathway_id: str, c_kwargs: dict[str, Any]
) -> None:
    flags = list(c_kwargs.pop("flags", []))
    assert judge(case(team, flags=flags, **c_kwargs), pack, pathway_id).status is OPEN
    blocked = judge(case(team, flags=[*flags, "missing"], **c_kwargs), pack, pathway_id)
    assert blocked.status is BLOCKED
    assert hit_ids(blocked) == {"no-transfer-young-person-missing"}


def test_s47_status_blocks_like_the_flag(pack: Pack) -> None:
    option = judge(s20_ready(statuses=["S47"]), pack, "fst-to-cic")
    assert hit_ids(option) == {"no-transfer-s47-ongoing"}


def test_principles_do_not_stop_referrals_or_additional_resource(pack: Pack) -> None:
    c = case("cfp", tier=4, flags=["s47_ongoing", "missing"])
    assert judge(c, pack, "cfp-to-fst-new-issue").status is REFERRAL
    adoption = case("fst", statuses=["C1"], flags=["adoption_plan", "in_care_proceedings"])
    assert judge(adoption, pack, "fst-to-adoption-connects").status is OPEN


# --- MASH ------------------------------------------------------------------------------------


def test_mash_to_fst_open_and_signed_off_by_a_mash_manager(pack: Pack) -> None:
    c = case("mash", tier=4, events=[ev("contact", 20), ev("assessment_completed", 2)])
    assert judge(c, pack, "mash-to-fst").status is OPEN
    steps = {s.id: s for s in pack.pathway("mash-to-fst").steps}
    assert steps["mash-manager-sign-off"].who == ("mash-manager",)
    assert not steps["mash-manager-sign-off"].optional
    assert pack.pathway("mash-to-fst").direction == "front_door"


def test_mash_to_fst_complex_case_warns_about_the_discussion(pack: Pack) -> None:
    option = judge(case("mash", flags=["interim_safety_plan"]), pack, "mash-to-fst")
    assert option.status is WARNED
    assert hit_ids(option) == {"mash-to-fst/complex-case"}
    assert '"MASH case transfer"' in option.warnings[0].message


@pytest.mark.parametrize(
    ("events", "flags", "expected"),
    [
        ([ev("contact", 30), ev("assessment_completed", 2)], [], OPEN),
        ([ev("contact", 3)], ["consent_early_help"], OPEN),
        ([ev("contact", 3)], [], NOT_ELIGIBLE),
    ],
    ids=["after-cf-assessment", "contact-parents-agree", "contact-without-agreement"],
)
def test_mash_to_cfp_two_routes(
    pack: Pack, events: list[Event], flags: list[str], expected: OptionStatus
) -> None:
    option = judge(case("mash", tier=3, events=events, flags=flags), pack, "mash-to-cfp")
    assert option.status is expected
    assert pack.pathway("mash-to-cfp").transfer_point.events == ("early_help_assignment",)


def test_mash_to_step_needs_parental_consent(pack: Pack) -> None:
    with_consent = case("mash", age=14, tier=4, flags=["parental_consent"])
    without = case("mash", age=14, tier=4)
    assert judge(with_consent, pack, "mash-to-step").status is OPEN
    option = judge(without, pack, "mash-to-step")
    assert option.status is BLOCKED
    assert hit_ids(option) == {"step-parental-consent"}
    assert not option.overridable


def test_step_takes_referrals_from_the_mash_only(pack: Pack) -> None:
    into_step = [p for p in pack.pathways if "step" in p.to_teams]
    direct = [p.id for p in into_step if p.kind is PathwayKind.TRANSFER]
    assert direct == ["mash-to-step"]
    assert all(p.via == "mash" for p in into_step if p.kind is PathwayKind.REFERRAL)


def test_cfp_to_step_is_a_referral_via_the_mash(pack: Pack) -> None:
    pathway = pack.pathway("cfp-to-step")
    assert (pathway.kind, pathway.via) == (PathwayKind.REFERRAL, "mash")
    c = case("cfp", age=14, tier=3, flags=["parental_consent"])
    statuses = {o.pathway.id: o.status for o in pathway_options(c, pack, TODAY)}
    assert statuses["cfp-to-step"] is REFERRAL
    blocked = judge(case("cfp", age=14, tier=3), pack, "cfp-to-step")
    assert (blocked.status, hit_ids(blocked)) == (BLOCKED, {"step-parental-consent"})


# --- S.T.E.P ---------------------------------------------------------------------------------


def step_case(days: int, flags: tuple[str, ...] = (), tier: int = 4) -> CaseSnapshot:
    return case(
        "step", age=14, tier=tier, flags=flags, events=[ev("step_intervention_started", days)]
    )


def test_step_to_fst_after_15_weeks(pack: Pack) -> None:
    assert judge(step_case(120), pack, "step-to-fst").status is OPEN


@pytest.mark.parametrize(("days", "expected"), [(60, BLOCKED), (105, BLOCKED), (106, OPEN)])
def test_step_to_fst_blocked_during_the_15_weeks(
    pack: Pack, days: int, expected: OptionStatus
) -> None:
    option = judge(step_case(days), pack, "step-to-fst")
    assert option.status is expected
    assert ("step-15-weeks" in hit_ids(option)) is (expected is BLOCKED)


@pytest.mark.parametrize("flag", ["s47_required", "siblings_need_fst"])
def test_step_to_fst_early_when_s47_required_or_siblings_need_fst(pack: Pack, flag: str) -> None:
    option = judge(step_case(42, (flag,)), pack, "step-to-fst")
    assert option.status is WARNED
    assert hit_ids(option) == {"step-to-fst/early-transfer"}


def test_step_to_fst_s47_already_under_way_is_still_blocked(pack: Pack) -> None:
    option = judge(step_case(42, ("s47_required", "s47_ongoing")), pack, "step-to-fst")
    assert hit_ids(option) == {"step-to-fst/early-transfer", "no-transfer-s47-ongoing"}
    assert option.status is BLOCKED


def test_step_to_fst_paper_assessment_warns_an_update_may_be_needed(pack: Pack) -> None:
    option = judge(step_case(110, ("paper_cf_assessment",)), pack, "step-to-fst")
    assert (option.status, hit_ids(option)) == (WARNED, {"step-to-fst/paper-cf-assessment"})


def test_step_to_fst_is_for_level_4_and_step_down_below_it(pack: Pack) -> None:
    level3 = step_case(120, tier=3)
    assert judge(level3, pack, "step-to-fst").unmet == ("only at tier/level 4",)
    assert judge(level3, pack, "step-to-cfp").status is OPEN
    assert judge(step_case(120), pack, "step-to-cfp").status is NOT_ELIGIBLE
    assert pack.pathway("step-to-cfp").direction == "step_down"


# --- CFP step up -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "same", "new"),
    [
        (["escalation_same_issue"], OPEN, NOT_ELIGIBLE),
        ([], NOT_ELIGIBLE, REFERRAL),
    ],
    ids=["same-issue", "different-issue"],
)
def test_cfp_to_fst_same_issue_direct_different_issue_via_mash(
    pack: Pack, flags: list[str], same: OptionStatus, new: OptionStatus
) -> None:
    c = case("cfp", tier=4, flags=flags)
    assert judge(c, pack, "cfp-to-fst-same-issue").status is same
    assert judge(c, pack, "cfp-to-fst-new-issue").status is new
    assert pack.pathway("cfp-to-fst-new-issue").via == "mash"


def test_cfp_below_level_4_does_not_step_up(pack: Pack) -> None:
    c = case("cfp", tier=3, flags=["escalation_same_issue"])
    assert judge(c, pack, "cfp-to-fst-same-issue").status is NOT_ELIGIBLE
    assert judge(c, pack, "cfp-to-fst-new-issue").status is NOT_ELIGIBLE


# --- FST step down: the 12-month C&F assessment rule ----------------------------------------


@pytest.mark.parametrize(
    ("assessed", "expected"),
    [
        (date(2026, 4, 20), OPEN),
        (date(2025, 11, 23), OPEN),  # exactly 12 months before: still in the 12 months
        (date(2025, 11, 22), BLOCKED),
        (None, BLOCKED),
    ],
)
def test_fst_to_cfp_needs_a_cf_assessment_in_the_12_months_before(
    pack: Pack, assessed: date | None, expected: OptionStatus
) -> None:
    events = [Event("assessment_completed", assessed)] if assessed else []
    option = judge(case("fst", tier=3, events=events), pack, "fst-to-cfp")
    assert option.status is expected
    assert ("fst-to-cfp-assessment-12-months" in hit_ids(option)) is (expected is BLOCKED)


# --- FST to Children in Care and 16 plus ----------------------------------------------------


def test_s20_after_first_review_warns_until_second_review(pack: Pack) -> None:
    first = case("fst", tier=4, statuses=["V2"], events=[ev("cic_review", 50, 1)])
    option = judge(first, pack, "fst-to-cic")
    assert (option.status, hit_ids(option)) == (WARNED, {"s20-transfer-timing"})
    assert judge(s20_ready(), pack, "fst-to-cic").status is OPEN
    no_return = case(
        "fst", statuses=["V2"], flags=["no_return_home"], events=[ev("cic_review", 5, 1)]
    )
    assert judge(no_return, pack, "fst-to-cic").status is OPEN


def test_fst_to_cic_under_16_and_to_16_plus_from_16(pack: Pack) -> None:
    young = s20_ready(age=15.9)
    older = s20_ready(age=16.1)
    assert judge(young, pack, "fst-to-cic").status is OPEN
    assert judge(young, pack, "fst-to-sixteen-plus").unmet == ("the child is not yet 16",)
    assert judge(older, pack, "fst-to-sixteen-plus").status is OPEN
    assert judge(older, pack, "fst-to-cic").unmet == ("the child is 16 or over",)


def test_fst_to_cic_only_for_children_in_care(pack: Pack) -> None:
    option = judge(case("fst", statuses=["CIN", "CP"]), pack, "fst-to-cic")
    assert option.status is NOT_ELIGIBLE
    assert option.unmet[0].startswith("needs legal status C1 (Interim care order (s38))")


@pytest.mark.parametrize("pathway_id", ["fst-to-cic", "fst-to-sixteen-plus"])
def test_fst_to_cic_and_16_plus_use_appendix_a_and_the_meeting(pack: Pack, pathway_id: str) -> None:
    pathway = pack.pathway(pathway_id)
    assert pathway.checklist == "appendix-a"
    assert pathway_id in pack.meeting("case-transfer-meeting").pathways
    assert {"chronology", "case-summary", "legal-status", "care-plan"} <= set(pathway.documents)
    assert {"cic_review", "final_hearing"} == set(pathway.transfer_point.events)
    optional = {s.id for s in pathway.steps if s.optional}
    assert {"joint-visit", "attend-final-hearing", "negotiate-tasks", "remand-tasks"} == optional


def test_s38_in_proceedings_blocked_until_the_final_hearing(pack: Pack) -> None:
    events = [ev("cic_review", 150, 1), ev("final_hearing_scheduled", 10)]
    during = case("fst", statuses=["C1"], flags=["in_care_proceedings"], events=events)
    assert hit_ids(judge(during, pack, "fst-to-cic")) == {"no-transfer-in-proceedings"}
    after = case("fst", statuses=["C2"], events=[*events, ev("final_hearing", 3)])
    assert judge(after, pack, "fst-to-cic").status is OPEN


def remanded(days: int, done: bool, age: float = 16.3) -> CaseSnapshot:
    tasks = ["remand_review_arranged", "ccr_dates_agreed", "remand_sentence_planning"]
    events = [ev("remand_start", days), *(ev(k, 5) for k in tasks if done)]
    return case("fst", age=age, statuses=["J1"], flags=["remanded"], events=events)


@pytest.mark.parametrize(
    ("days", "done", "hits"),
    [
        (42, False, {"remand-13-weeks", "remand-preparation"}),
        (91, True, {"remand-13-weeks"}),  # the last day of the 13 weeks
        (92, True, set()),
        (100, False, {"remand-preparation"}),
    ],
)
def test_remand_transfer_post_13_weeks_after_the_remand_tasks(
    pack: Pack, days: int, done: bool, hits: set[str]
) -> None:
    option = judge(remanded(days, done), pack, "fst-to-sixteen-plus")
    assert hit_ids(option) == hits
    assert option.status is (BLOCKED if hits else OPEN)


def test_remand_rules_do_not_touch_other_pathways(pack: Pack) -> None:
    for rule_id in ("remand-13-weeks", "remand-preparation", "s20-transfer-timing"):
        rule = pack.rule(rule_id)
        covered = {p.id for p in pack.pathways if rule_applies_to(rule, p)}
        assert covered == {"fst-to-cic", "fst-to-sixteen-plus"}


# --- Children in Care to 16 plus, and 16-25 back to FST ---------------------------------------


def test_cic_to_16_plus_at_16(pack: Pack) -> None:
    assert judge(case("cic", age=15.9), pack, "cic-to-sixteen-plus").status is NOT_ELIGIBLE
    assert judge(case("cic", age=16), pack, "cic-to-sixteen-plus").status is OPEN
    point = pack.pathway("cic-to-sixteen-plus").transfer_point
    assert (point.timescale, point.events) == ("age-16-transfer", ("handover_meeting",))


def care_leaver(dob: date) -> CaseSnapshot:
    events = [ev("ceased_looked_after", 40), ev("assessment_completed", 10)]
    return born(dob, "sixteen-plus", statuses=["CIN", "RELEVANT"], events=events)


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (date(2009, 6, 1), OPEN),  # 17 years 5 months
        (date(2009, 3, 24), OPEN),  # 17 years 8 months tomorrow
        (date(2009, 3, 23), BLOCKED),  # 17 years 8 months today: four months of 18
        (date(2009, 1, 10), BLOCKED),
        (date(2008, 11, 23), NOT_ELIGIBLE),  # 18 today
    ],
)
def test_leaving_care_before_18_to_fst_and_the_four_month_rule(
    pack: Pack, dob: date, expected: OptionStatus
) -> None:
    option = judge(care_leaver(dob), pack, "sixteen-plus-to-fst")
    assert option.status is expected
    if expected is BLOCKED:
        assert hit_ids(option) == {"sixteen-plus-to-fst/within-four-months-of-18"}
        assert "remain with 16-25 team" in option.blocks[0].message


def test_leaving_care_to_fst_needs_cin_after_assessment_and_out_of_care(pack: Pack) -> None:
    in_care = case("sixteen-plus", age=16.5, statuses=["V2", "CIN"])
    assert judge(in_care, pack, "sixteen-plus-to-fst").status is NOT_ELIGIBLE
    left = [ev("ceased_looked_after", 30)]
    no_assessment = case("sixteen-plus", age=16.5, statuses=["CIN"], events=left)
    assert judge(no_assessment, pack, "sixteen-plus-to-fst").status is NOT_ELIGIBLE


# --- Adoption Connects --------------------------------------------------------------------------


def test_adoption_connects_is_an_additional_resource(pack: Pack) -> None:
    pathway = pack.pathway("fst-to-adoption-connects")
    assert pathway.kind is PathwayKind.ADDITIONAL_RESOURCE
    assert judge(case("fst", flags=["adoption_plan"]), pack, pathway.id).status is OPEN
    assert judge(case("fst"), pack, pathway.id).status is NOT_ELIGIBLE


# --- rules: effects and what each applies to -------------------------------------------------


def test_every_rule_is_as_the_text_says(pack: Pack) -> None:
    shape = {r.id: (r.effect, r.applies_to, r.except_from, r.override is None) for r in pack.rules}
    block, warn = Effect.BLOCK, Effect.WARN
    everyone: tuple[str, ...] = ()
    assert shape == {
        "no-transfer-in-proceedings": (block, everyone, ("mash",), True),
        "no-transfer-young-person-missing": (block, everyone, ("mash",), True),
        "no-transfer-placement-in-crisis": (block, everyone, ("mash",), True),
        "no-transfer-s47-ongoing": (block, everyone, ("mash",), True),
        "step-parental-consent": (block, ("mash-to-step", "cfp-to-step"), everyone, True),
        "step-15-weeks": (block, ("step-to-fst",), everyone, True),
        "fst-to-cfp-assessment-12-months": (block, ("fst-to-cfp",), everyone, True),
        "s20-transfer-timing": (warn, ("fst-to-cic", "fst-to-sixteen-plus"), everyone, True),
        "remand-13-weeks": (block, ("fst-to-cic", "fst-to-sixteen-plus"), everyone, True),
        "remand-preparation": (block, ("fst-to-cic", "fst-to-sixteen-plus"), everyone, True),
    }


# --- Appendix A -----------------------------------------------------------------------------

APPENDIX_A = [
    "Personal details up to date",
    "Legal status correct",
    "Adoption pathway in the correct place",
    "Court documents uploaded",
    "Later life letter for adopted children",
    "CPR up to date",
    "Case summary clear and up to date",
    "Child in correct placement and not in draft",
    "Children placed at home with parent this has been signed off by ADM and have placement "
    "with parents agreement on file",
    "Supervision and management oversight evident?",
    "Stat visit clear and shows voice of child",
    "Chronology up to date",
    "Care Plan what is it? Up to date and is clear what the plan is",
    "Has court agreed any ongoing work? If so what, by who, when etc",
    "Contact arrangements for child with birth family",
    "Health and education tabs up to date",
]


def test_appendix_a_word_for_word(pack: Pack) -> None:
    checklist = pack.checklist("appendix-a")
    assert [i.text for i in checklist.items] == APPENDIX_A
    assert [i.cite for i in checklist.items] == [f"Appendix A item {n}" for n in range(1, 17)]


def test_appendix_a_blocks_and_heads_of_service_for_both_areas_may_override(pack: Pack) -> None:
    checklist = pack.checklist("appendix-a")
    assert checklist.blocks_transfer and checklist.receiving_check
    assert checklist.audited_by == "cic-16-manager"
    assert checklist.override is not None
    assert checklist.override.roles == ("head-of-family-support", "head-of-corporate-parenting")
    assert checklist.override.all_required
    assert "specific and extraordinary circumstances" in checklist.override.text


def applicable(c: CaseSnapshot, pack: Pack) -> dict[str, bool]:
    return {line.item.id: line.applicable for line in checklist_lines(c, pack, "appendix-a", TODAY)}


CONDITIONAL = {
    "adoption-pathway",
    "court-documents",
    "later-life-letter",
    "placed-with-parent",
    "court-ongoing-work",
}


def test_plain_s20_case_has_eleven_applicable_items(pack: Pack) -> None:
    lines = applicable(s20_ready(), pack)
    assert {k for k, v in lines.items() if not v} == CONDITIONAL
    assert sum(lines.values()) == 11


@pytest.mark.parametrize(
    ("c_kwargs", "now_applicable"),
    [
        ({"flags": ["adopted"]}, {"later-life-letter", "adoption-pathway"}),
        ({"flags": ["adoption_plan"]}, {"adoption-pathway"}),
        ({"flags": ["placed_with_parent"]}, {"placed-with-parent"}),
        ({"flags": ["in_care_proceedings"]}, {"court-documents", "court-ongoing-work"}),
        ({"statuses": ["C2"]}, {"court-documents", "court-ongoing-work"}),
        ({"events": [ev("final_hearing", 400)]}, {"court-documents", "court-ongoing-work"}),
        ({"statuses": ["E1"]}, {"court-documents", "court-ongoing-work", "adoption-pathway"}),
    ],
    ids=[
        "adopted",
        "adoption-plan",
        "placed-with-parent",
        "in-proceedings",
        "care-order",
        "past-proceedings",
        "placement-order",
    ],
)
def test_conditional_items(pack: Pack, c_kwargs: dict[str, Any], now_applicable: set[str]) -> None:
    lines = applicable(s20_ready(**c_kwargs), pack)
    assert {k for k in CONDITIONAL if lines[k]} == now_applicable


def test_not_applicable_items_say_why(pack: Pack) -> None:
    lines = {line.item.id: line for line in checklist_lines(s20_ready(), pack, "appendix-a", TODAY)}
    assert lines["later-life-letter"].reason == "Not applicable - the child is not adopted."
    assert lines["placed-with-parent"].reason.startswith("Not applicable - the child is not placed")


def test_unanswered_appendix_a_stops_the_transfer(pack: Pack) -> None:
    c = s20_ready(file_items=[FileItem("chronology", date(2026, 11, 20))])
    result = audit_case(c, pack, "appendix-a", TODAY)
    assert result.stops_transfer
    suggested = {i.line.item.id for i in result.met if i.suggested}
    assert suggested == {"chronology"}


# --- clocks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        (
            datetime(2026, 12, 24, 14, 30),
            datetime(2026, 12, 29, 14, 30),
        ),  # Christmas, Boxing Day (obs)
        (datetime(2026, 12, 31, 10, 0), datetime(2027, 1, 4, 10, 0)),  # New Year's Day
        (datetime(2027, 3, 25, 16, 0), datetime(2027, 3, 30, 16, 0)),  # Good Friday, Easter Monday
        (datetime(2026, 12, 18, 9, 0), datetime(2026, 12, 21, 9, 0)),  # a plain weekend
    ],
)
def test_disagreement_goes_to_heads_of_service_after_1_working_day(
    pack: Pack, raised: datetime, due: datetime
) -> None:
    c = case("fst", events=[Event("disagreement_raised", raised.date(), at=raised)])
    clock = clocks(c, pack, raised.date())["disagreement-escalation"]
    assert clock.due == due
    assert clock.rule == "1 working day after disagreement raised between teams"
    assert clock.state is ClockState.RUNNING
    later = clocks(c, pack, due.date() + timedelta(days=1))["disagreement-escalation"]
    assert later.state is ClockState.OVERDUE


def test_disagreement_clock_met_by_resolution_or_referral(pack: Pack) -> None:
    raised = Event("disagreement_raised", date(2026, 12, 24))
    for kind in ("disagreement_resolved", "referred_to_heads_of_service"):
        c = case("fst", events=[raised, Event(kind, date(2026, 12, 29))])
        assert clocks(c, pack, date(2027, 1, 5))["disagreement-escalation"].state is ClockState.MET


def test_escalation_ladder(pack: Pack) -> None:
    escalation = pack.escalation
    assert escalation is not None
    (rung,) = escalation.ladder
    assert rung.to == ("head-of-service-transferring", "head-of-service-receiving")
    assert rung.timescale == "disagreement-escalation"
    assert "retained by the current transferring team" in escalation.responsibility
    assert escalation.record_on_child_file is True


def test_step_15_weeks_clock(pack: Pack) -> None:
    c = case("step", events=[Event("step_intervention_started", date(2026, 8, 10))])
    clock = clocks(c, pack, date(2026, 11, 1))["step-15-weeks"]
    assert clock.due_date == date(2026, 11, 23)
    assert clock.state is ClockState.RUNNING
    assert clocks(c, pack, date(2026, 11, 24))["step-15-weeks"].state is ClockState.OVERDUE
    stepped_down = case("step", events=[*c.events, Event("step_down", date(2026, 11, 2))])
    assert clocks(stepped_down, pack, date(2026, 12, 1))["step-15-weeks"].state is ClockState.MET
    assert "step-15-weeks" not in clocks(case("fst", events=c.events), pack)


def test_12_month_assessment_clock_runs_on_an_open_step_down(pack: Pack) -> None:
    c = case("fst", tier=3, events=[Event("assessment_completed", date(2025, 12, 31))])
    assert "cf-assessment-12-months" not in clocks(c, pack)
    clock = clocks(c, pack, pathway_ids=("fst-to-cfp",))["cf-assessment-12-months"]
    assert clock.due_date == date(2026, 12, 31)
    assert clock.state is ClockState.RUNNING


def test_age_16_clock_for_children_in_care(pack: Pack) -> None:
    c = born(date(2010, 11, 30), "cic", statuses=["C2"])
    clock = clocks(c, pack)["age-16-transfer"]
    assert (clock.due_date, clock.state) == (date(2026, 11, 30), ClockState.RUNNING)
    assert clocks(c, pack, date(2026, 12, 1))["age-16-transfer"].state is ClockState.REACHED


def test_four_months_before_18_and_18th_birthday(pack: Pack) -> None:
    c = born(date(2009, 3, 31), "sixteen-plus")
    found = clocks(c, pack)
    # 31 March 2009 + 212 months is 31 November 2026, which does not exist: 30 November.
    assert found["four-months-before-18"].due_date == date(2026, 11, 30)
    assert found["four-months-before-18"].state is ClockState.RUNNING
    assert found["eighteenth-birthday"].due_date == date(2027, 3, 31)
    after = clocks(c, pack, date(2026, 11, 30))
    assert "four-months-before-18" not in after  # the exception now keeps them with 16-25
    assert after["eighteenth-birthday"].state is ClockState.RUNNING


def test_remand_13_weeks_clock(pack: Pack) -> None:
    c = case("fst", flags=["remanded"], events=[Event("remand_start", date(2026, 9, 1))])
    clock = clocks(c, pack)["remand-13-weeks"]
    assert (clock.due_date, clock.state) == (date(2026, 12, 1), ClockState.RUNNING)
    assert "remand-13-weeks" not in clocks(case("fst", events=c.events), pack)


def test_adoption_connects_referral_clocks(pack: Pack) -> None:
    events = [
        Event("cic_review", date(2026, 6, 1), 1),
        Event("early_permanence_identified", date(2026, 8, 3)),
        Event("cic_review", date(2026, 9, 1), 2),
        Event("final_hearing_scheduled", date(2026, 11, 3)),
    ]
    c = case("fst", flags=["adoption_plan"], events=events)
    found = clocks(c, pack)
    assert {k: (v.due_date, v.state) for k, v in found.items()} == {
        "adoption-referral-early-permanence": (date(2026, 8, 3), ClockState.OVERDUE),
        "adoption-referral-second-ccr": (date(2026, 9, 1), ClockState.OVERDUE),
        "adoption-referral-final-hearing": (date(2026, 11, 3), ClockState.OVERDUE),
    }
    referred = case(
        "fst", flags=["adoption_plan"], events=[*events, ev("adoption_connects_referral")]
    )
    assert clocks(referred, pack) == {}


def test_second_ccr_clock_waits_for_the_second_review(pack: Pack) -> None:
    one = case("fst", flags=["adoption_plan"], events=[ev("cic_review", 30, 1)])
    assert "adoption-referral-second-ccr" not in clocks(one, pack)


def test_every_timescale_has_unit_anchor_and_a_reading_where_ambiguous(pack: Pack) -> None:
    units = {t.id: (t.amount, t.unit.value, t.anchor) for t in pack.timescales}
    assert units == {
        "step-15-weeks": (15, "weeks", "step_intervention_started"),
        "cf-assessment-12-months": (12, "months", "assessment_completed"),
        "age-16-transfer": (16, "years", "birth"),
        "four-months-before-18": (212, "months", "birth"),
        "eighteenth-birthday": (18, "years", "birth"),
        "remand-13-weeks": (13, "weeks", "remand_start"),
        "adoption-referral-final-hearing": (0, "calendar_days", "final_hearing_scheduled"),
        "adoption-referral-early-permanence": (0, "calendar_days", "early_permanence_identified"),
        "adoption-referral-second-ccr": (0, "calendar_days", "cic_review"),
        "disagreement-escalation": (1, "working_days", "disagreement_raised"),
    }
    unread = {t.id for t in pack.timescales if not t.reading}
    assert unread == {"age-16-transfer", "eighteenth-birthday"}  # plain ages need no reading


# --- the Case Transfer Meeting ----------------------------------------------------------------


def test_case_transfer_meeting_monthly_chaired_and_minuted(pack: Pack) -> None:
    meeting = pack.meeting("case-transfer-meeting")
    assert meeting.chair == "cic-16-manager" and meeting.minuted
    dates = rrulestr(meeting.cadence, dtstart=datetime(2026, 1, 14)).between(
        datetime(2026, 1, 1), datetime(2026, 12, 31), inc=True
    )
    assert len(dates) == 12
    assert {"ready-to-transfer-list", "placement", "care-plan", "sen"} <= set(meeting.documents)
    assert len(meeting.agenda) == 6


BRINGS = {
    "s20-after-first-ccr": (
        case("fst", statuses=["V2"], events=[ev("cic_review", 10, 1)]),
        case("fst", statuses=["V2"]),
    ),
    "s38-s31-final-hearing-scheduled": (
        case("fst", statuses=["C1"], events=[ev("final_hearing_scheduled", 3)]),
        case("fst", statuses=["C1"]),
    ),
    "s38-s31-final-hearing-delayed": (
        case("fst", statuses=["C1"], events=[ev("final_hearing_delayed", 3)]),
        case("fst", statuses=["C1"], events=[ev("final_hearing_scheduled", 3)]),
    ),
    "adoption-final-hearing-or-early-permanence": (
        case("fst", flags=["adoption_plan", "early_permanence"]),
        case("fst", flags=["adoption_plan"]),
    ),
    "remanded-with-s20-information": (
        case("fst", flags=["remanded"], events=[ev("cic_review", 10, 1)]),
        case("fst", flags=["remanded"]),
    ),
}


@pytest.mark.parametrize("bring_id", sorted(BRINGS))
def test_which_cases_are_brought_to_the_meeting(pack: Pack, bring_id: str) -> None:
    brings = {b.id: b for b in pack.meeting("case-transfer-meeting").brings}
    assert set(brings) == set(BRINGS)
    yes, no = BRINGS[bring_id]
    assert holds(brings[bring_id].when, yes, TODAY)
    assert not holds(brings[bring_id].when, no, TODAY)


def test_adoption_brought_once_the_final_hearing_is_scheduled(pack: Pack) -> None:
    (bring,) = [b for b in pack.meeting("case-transfer-meeting").brings if "adoption" in b.id]
    c = case("fst", flags=["adoption_plan"], events=[ev("final_hearing_scheduled", 2)])
    assert holds(bring.when, c, TODAY)


# --- demo scenarios -----------------------------------------------------------------------------


def load_scenarios() -> list[dict[str, Any]]:
    document = yaml.safe_load(SCENARIOS.read_text(encoding="utf-8"))
    assert document["pack"] == PACK_ID
    scenarios: list[dict[str, Any]] = document["scenarios"]
    return scenarios


def test_demo_scenarios_exercise_every_pathway_and_rule(pack: Pack) -> None:
    exercised = {x for s in load_scenarios() for x in s["exercises"]}
    wanted = {p.id for p in pack.pathways} | {f"rule:{r.id}" for r in pack.rules}
    assert wanted - exercised == set()
    known = wanted | {f"meeting:{m.id}" for m in pack.meetings}
    assert exercised - known == set()


def test_demo_scenarios_use_the_packs_words(pack: Pack) -> None:
    v = pack.vocabulary
    flags = set(FLAGS) | {t.id for t in v.flags}
    events = set(EVENTS) | {t.id for t in v.events}
    statuses = set(LEGAL_STATUSES) | {t.id for t in v.statuses}
    items = set(FILE_ITEMS) | {t.id for t in v.file_items}
    teams = {t.id for t in pack.teams}
    scenarios = load_scenarios()
    assert len({s["id"] for s in scenarios}) == len(scenarios)
    for s in scenarios:
        assert s["team"] in teams, s["id"]
        assert set(s.get("flags", [])) <= flags, s["id"]
        assert {e["kind"] for e in s.get("events", [])} <= events, s["id"]
        assert {x["code"] for x in s.get("statuses", [])} <= statuses, s["id"]
        assert {f["kind"] for f in s.get("file_items", [])} <= items, s["id"]


def test_demo_reviews_are_numbered_in_date_order() -> None:
    for s in load_scenarios():
        reviews = [e for e in s.get("events", []) if e["kind"] == "cic_review" and "number" in e]
        by_date = sorted(reviews, key=lambda e: -e.get("days_ago", 0))
        assert [e["number"] for e in by_date] == list(range(1, len(reviews) + 1)), s["id"]


def scenario_case(s: dict[str, Any], age: float) -> CaseSnapshot:
    """The case the demo generator would make from ``s``, with the child aged ``age``."""

    def on(e: dict[str, Any]) -> date:
        return TODAY + timedelta(days=int(e.get("days_ahead", 0)) - int(e.get("days_ago", 0)))

    dob = TODAY - relativedelta(years=int(age), months=round((age % 1) * 12))
    return CaseSnapshot(
        child=Child(s["id"], "Demo", "Child", dob),
        team_id=s["team"],
        tier=s.get("tier"),
        statuses=tuple(StatusSpell(x["code"], on(x)) for x in s.get("statuses", [])),
        flags=frozenset(s.get("flags", [])),
        events=tuple(Event(e["kind"], on(e), e.get("number")) for e in s.get("events", [])),
        file_items=tuple(FileItem(f["kind"], on(f)) for f in s.get("file_items", [])),
    )


# scenario id -> (age to draw, {pathway id: expected status}); only the pathways that matter.
SCENARIO_OUTCOMES: dict[str, tuple[float, dict[str, OptionStatus]]] = {
    "mash-complex-interim-safety-plan": (5, {"mash-to-fst": WARNED}),
    "mash-s47-at-front-door": (4, {"mash-to-fst": OPEN}),
    "mash-cfp-contact-with-agreement": (6, {"mash-to-cfp": OPEN}),
    "mash-cfp-after-assessment": (9, {"mash-to-cfp": OPEN}),
    "mash-step-paper-assessment": (14, {"mash-to-step": OPEN}),
    "mash-step-awaiting-consent": (14, {"mash-to-step": BLOCKED}),
    "cfp-to-step-via-mash": (13, {"cfp-to-step": REFERRAL}),
    "cfp-step-up-same-issue": (
        8,
        {"cfp-to-fst-same-issue": OPEN, "cfp-to-fst-new-issue": NOT_ELIGIBLE},
    ),
    "cfp-step-up-new-issue": (
        8,
        {"cfp-to-fst-new-issue": REFERRAL, "cfp-to-fst-same-issue": NOT_ELIGIBLE},
    ),
    "step-to-fst-after-15-weeks": (14, {"step-to-fst": WARNED, "step-to-cfp": NOT_ELIGIBLE}),
    "step-to-fst-early-s47-required": (14, {"step-to-fst": WARNED}),
    "step-to-fst-too-early": (14, {"step-to-fst": BLOCKED}),
    "step-teen-missing": (15, {"step-to-fst": BLOCKED}),
    "step-down-to-cfp": (14, {"step-to-cfp": OPEN, "step-to-fst": NOT_ELIGIBLE}),
    "fst-step-down-to-cfp": (8, {"fst-to-cfp": OPEN}),
    "fst-step-down-stale-assessment": (10, {"fst-to-cfp": BLOCKED}),
    "fst-s20-after-first-ccr": (10, {"fst-to-cic": WARNED}),
    "fst-s20-after-second-ccr": (9, {"fst-to-cic": OPEN}),
    "fst-s20-sixteen-no-return-home": (
        16.5,
        {"fst-to-sixteen-plus": OPEN, "fst-to-cic": NOT_ELIGIBLE},
    ),
    "fst-s38-final-hearing-set": (5, {"fst-to-cic": BLOCKED}),
    "fst-s31-final-hearing-delayed": (7, {"fst-to-cic": BLOCKED}),
    "fst-care-order-made": (7, {"fst-to-cic": OPEN}),
    "fst-care-order-placed-with-parent": (7, {"fst-to-cic": OPEN}),
    "fst-adoption-referral-overdue": (1, {"fst-to-cic": BLOCKED, "fst-to-adoption-connects": OPEN}),
    "fst-adoption-placement-order": (1, {"fst-to-cic": OPEN, "fst-to-adoption-connects": OPEN}),
    "fst-remand-early": (16.5, {"fst-to-sixteen-plus": BLOCKED}),
    "fst-remand-ready": (15.5, {"fst-to-cic": OPEN}),
    "fst-young-person-missing": (14, {"fst-to-cic": BLOCKED}),
    "fst-placement-in-crisis": (11, {"fst-to-cic": BLOCKED}),
    "fst-s47-looked-after": (8, {"fst-to-cic": BLOCKED}),
    "fst-transfer-disagreement": (10, {"fst-to-cic": OPEN}),
    "cic-turned-16": (16.4, {"cic-to-sixteen-plus": OPEN}),
    "cic-approaching-16": (15.4, {"cic-to-sixteen-plus": NOT_ELIGIBLE}),
    "care-leaver-cin-to-fst": (16.5, {"sixteen-plus-to-fst": OPEN}),
    "care-leaver-aged-17": (17.25, {"sixteen-plus-to-fst": OPEN}),
}


def test_every_scenario_has_an_expected_outcome() -> None:
    assert {s["id"] for s in load_scenarios()} == set(SCENARIO_OUTCOMES)


@pytest.mark.parametrize("scenario_id", sorted(SCENARIO_OUTCOMES))
def test_demo_scenario_judges_as_described(pack: Pack, scenario_id: str) -> None:
    (s,) = [s for s in load_scenarios() if s["id"] == scenario_id]
    age, expected = SCENARIO_OUTCOMES[scenario_id]
    low, high = s["age"]
    assert low <= age < high + 1, "the age must be one the generator can draw"
    c = scenario_case(s, age)
    options = {o.pathway.id: o.status for o in pathway_options(c, pack, TODAY)}
    assert {k: options[k] for k in expected} == expected
    exercised = {x for x in s["exercises"] if ":" not in x}
    assert exercised <= set(options), "a scenario exercises pathways out of its own team"


def test_care_leaver_aged_17_within_four_months_stays(pack: Pack) -> None:
    (s,) = [s for s in load_scenarios() if s["id"] == "care-leaver-aged-17"]
    option = judge(scenario_case(s, 17.75), pack, "sixteen-plus-to-fst")
    assert option.status is BLOCKED


def test_demo_has_overdue_clocks(pack: Pack) -> None:
    by_id = {s["id"]: s for s in load_scenarios()}
    adoption = clocks(scenario_case(by_id["fst-adoption-referral-overdue"], 1), pack)
    assert adoption["adoption-referral-final-hearing"].state is ClockState.OVERDUE
    disputed = by_id["fst-transfer-disagreement"]  # a disagreement row, not a child's event
    raised_on = TODAY - timedelta(days=disputed["disagreement"]["days_ago"])
    raised = datetime.combine(raised_on, RAISED_AT)
    facts = DisagreementFacts(id=1, transfer_id=1, raised_at=raised)
    disagreement = {
        d.timescale.id: d
        for d in disagreement_clocks(scenario_case(disputed, 10), facts, pack, TODAY, CAL)
    }
    assert disagreement["disagreement-escalation"].state is ClockState.OVERDUE
    step = clocks(scenario_case(by_id["step-to-fst-after-15-weeks"], 14), pack)
    assert step["step-15-weeks"].state is ClockState.OVERDUE
