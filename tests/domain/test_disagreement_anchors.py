"""Disagreement clocks from the disagreement itself: pure, no database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.case import Event
from app.domain.disagreements import (
    DisagreementFacts,
    anchor_events,
    disagreement_clocks,
    next_rung,
    rung_of,
    top_level,
    with_disagreement,
)
from app.domain.engine import ClockState
from app.domain.pack import Pack
from app.policy.registry import shipped_pack
from app.reference.bank_holidays import default_calendar
from tests.builders import case

CAL = default_calendar()
RAISED = datetime(2026, 12, 24, 14, 0)
TODAY = date(2026, 12, 24)


@pytest.fixture(scope="module")
def p2021() -> Pack:
    return shipped_pack("case-transfer-policy-2021")


def facts(**changes: object) -> DisagreementFacts:
    base = {"id": 1, "transfer_id": 7, "raised_at": RAISED}
    return DisagreementFacts(**{**base, **changes})  # type: ignore[arg-type]


def test_raised_is_the_anchor_and_old_off_file_events_on_the_case_are_ignored(
    p2021: Pack,
) -> None:
    stale = Event("disagreement_raised", date(2026, 1, 5))  # wrongly on the child's events
    snapshot = with_disagreement(case("fst", events=[stale]), facts(), p2021)
    assert [e for e in snapshot.events if e.kind == "disagreement_raised"] == [
        Event("disagreement_raised", TODAY, at=RAISED)
    ]


def test_the_2021_clock_runs_is_met_by_referral_and_by_resolution(p2021: Pack) -> None:
    c = case("fst")
    [clock] = disagreement_clocks(c, facts(), p2021, TODAY, CAL)
    assert clock.state is ClockState.RUNNING and clock.due == datetime(2026, 12, 29, 14, 0)
    later = date(2026, 12, 30)
    assert disagreement_clocks(c, facts(), p2021, later, CAL)[0].state is ClockState.OVERDUE
    referred = facts(level=2, escalated_at=datetime(2026, 12, 29, 9, 0))
    assert [e.kind for e in anchor_events(referred, p2021)][1:] == ["referred_to_heads_of_service"]
    assert disagreement_clocks(c, referred, p2021, later, CAL)[0].state is ClockState.MET
    resolved = facts(resolved_on=date(2026, 12, 29))
    assert disagreement_clocks(c, resolved, p2021, later, CAL)[0].state is ClockState.MET


def test_ladder_levels(p2021: Pack) -> None:
    assert top_level(p2021) == 2
    assert rung_of(p2021, 1) is None  # raised between the team managers
    assert next_rung(p2021, 1) is rung_of(p2021, 2) is p2021.escalation.ladder[0]  # type: ignore[union-attr]
    assert next_rung(p2021, 2) is None
    york = shipped_pack("york-draft")
    assert top_level(york) == 1 and next_rung(york, 1) is None


def test_cambridgeshire_placeholder_is_no_clock() -> None:
    cambs = shipped_pack("cambridgeshire-2018")
    assert disagreement_clocks(case("childrens"), facts(), cambs, date(2027, 3, 1), CAL) == []
