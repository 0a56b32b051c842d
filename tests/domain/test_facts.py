"""Case facts and compiled conditions: the same answers as ``holds``, without any words.

The whole-caseload equivalence on every shipped pack's demo is in
``tests/services/test_caseload_audit.py``; these are the edges, on fictional cases.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.audit import Readiness, audit_case
from app.domain.case import AuditAnswer, AuditState, CaseSnapshot, Event, FileItem
from app.domain.clocks import Unit, date_of_age
from app.domain.conditions import holds
from app.domain.facts import FactFinder, latest_birth, questions_of
from app.domain.pack import Condition, EventWithin
from app.domain.predicates import compile_condition, holds_fast
from app.domain.readiness import ReadinessJudge
from app.policy.loader import parse_pack
from tests.builders import TODAY, case, ev
from tests.domain.test_engine import PACK

AGES = (0, 1, 5, 15.5, 16, 17 + 8 / 12, 17.6666666667, 18, 21, 25)
DAYS = (
    date(2026, 2, 28),
    date(2026, 3, 1),
    date(2028, 2, 28),
    date(2028, 2, 29),
    date(2028, 3, 1),
    date(2026, 8, 31),
    date(2026, 9, 30),
    date(2026, 12, 31),
    TODAY,
)


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("age", AGES)
def test_latest_birth_is_where_date_of_age_passes_today(age: float, today: date) -> None:
    born = latest_birth(age, today)
    assert born is not None
    assert date_of_age(born, age) <= today < date_of_age(born + timedelta(days=1), age)


def test_leap_day_births_reach_whole_ages_on_the_first_of_march() -> None:
    assert latest_birth(18, date(2026, 2, 28)) == date(2008, 2, 28)
    assert latest_birth(18, date(2026, 3, 1)) == date(2008, 3, 1)
    assert date_of_age(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert latest_birth(15.5, date(2026, 2, 28)) == date(2010, 8, 31)


WINDOW = EventWithin("cic_review", 6, Unit.MONTHS)
CONDITIONS = (
    Condition(age_at_least=16),
    Condition(age_below=16),
    Condition(age_at_least=17 + 8 / 12, age_below=18),
    Condition(unborn=True),
    Condition(unborn=False, disability=True),
    Condition(uasc=False, has_siblings=True),
    Condition(tiers_any=(3, 4), team_in=("fst", "cic")),
    Condition(statuses_any=("C1", "C2"), statuses_none=("E1",)),
    Condition(flags_any=("missing",), flags_all=("adopted", "sen"), flags_none=("remanded",)),
    Condition(events_any=("order_made",), events_none=("closure",)),
    Condition(event_within=(WINDOW,)),
    Condition(event_not_within=(EventWithin("contact", 2, Unit.WEEKS),)),
    Condition(event_within=(EventWithin("referral", 10, Unit.WORKING_DAYS),)),
    Condition(reviews_at_least=2),
    Condition(reviews_at_least=0),
    Condition(any_of=(Condition(age_at_least=18), Condition(flags_any=("sen",)))),
    Condition(none_of=(Condition(statuses_any=("C2",)), Condition(uasc=True))),
    Condition(),
)
CASES = (
    case("fst", age=15.99),
    case("fst", age=16, tier=3),
    case("cic", age=17 + 8 / 12, statuses=["C2"], flags=["sen", "adopted"]),
    case("cic", age=None, statuses=["C1", "E1"]),
    case("eh", age=18, disability=True, siblings=["C-0002"], flags=["missing", "remanded"]),
    case("fst", age=3, uasc=True, events=[ev("order_made", 10), ev("closure", -5)]),
    case("fst", age=9, events=[ev("cic_review", 183, number=1), ev("cic_review", 20, number=2)]),
    case("fst", age=9, events=[ev("cic_review", 30), ev("cic_review", 10), ev("contact", 14)]),
    case("fst", age=9, events=[ev("referral", 10), ev("contact", -3), ev("cic_review", -1)]),
)


@pytest.mark.parametrize("subject", CASES, ids=lambda c: f"{c.team_id}-{c.child.dob}")
def test_compiled_conditions_answer_as_holds(subject: CaseSnapshot) -> None:
    questions = questions_of(CONDITIONS)
    for today in (TODAY, TODAY - timedelta(days=7), TODAY + timedelta(days=200)):
        finder = FactFinder(questions, today)
        facts = finder.of_snapshot(subject)
        for cond in CONDITIONS:
            expected = holds(cond, subject, today)
            assert holds_fast(cond, facts, questions) is expected, (cond, today)


def test_facts_keep_only_what_the_questions_ask() -> None:
    questions = questions_of([Condition(flags_any=("sen",), event_within=(WINDOW,))])
    finder = FactFinder(questions, TODAY)
    a = case("fst", age=9, flags=["sen", "missing"], events=[ev("contact", 3)])
    b = case("fst", age=12, flags=["sen"], events=[ev("referral", 3)])
    assert finder.of_snapshot(a) == finder.of_snapshot(b)
    assert compile_condition(None, questions)(finder.of_snapshot(a))


def test_a_condition_the_questions_do_not_cover_is_refused() -> None:
    with pytest.raises(ValueError):
        compile_condition(Condition(age_at_least=16), questions_of([]))


def test_readiness_counts_match_the_auditor_on_the_inline_pack() -> None:
    pack = parse_pack(PACK)
    judge = ReadinessJudge(pack, TODAY)
    ready = case(
        "fst", statuses=["C2"], flags=["adopted"], file_items=[FileItem("chronology", TODAY)]
    )
    verdict = judge.judge(judge.finder.of_snapshot(ready))
    assert verdict == ("fst-to-cic", audit_case(ready, pack, "cl", TODAY).summary())
    assert verdict[1].gaps == 0 and verdict[1].unanswered == 2
    assert judge.judge(judge.finder.of_snapshot(ready)) is verdict  # remembered
    answers = {
        "visits": AuditAnswer("visits", AuditState.GAP),
        "letter": AuditAnswer("letter", AuditState.MET),
    }
    answered = judge.judge(judge.finder.of_snapshot(ready), (), {"cl": answers})
    assert answered == ("fst-to-cic", audit_case(ready, pack, "cl", TODAY, answers).summary())
    assert answered[1].readiness is Readiness.GAPS
    not_eligible = case("fst", file_items=[FileItem("chronology", None)])
    assert judge.judge(judge.finder.of_snapshot(not_eligible)) is None
    opened = judge.judge(judge.finder.of_snapshot(not_eligible), ["fst-to-eh", "fst-to-cic"])
    assert opened == ("fst-to-cic", audit_case(not_eligible, pack, "cl", TODAY).summary())
    assert opened[1].gaps == 1


def test_an_event_after_today_is_not_yet_a_fact() -> None:
    questions = questions_of([Condition(events_any=("order_made",))])
    finder = FactFinder(questions, TODAY)
    later = case("fst", events=[Event("order_made", TODAY + timedelta(days=1))])
    assert finder.of_snapshot(later).events == frozenset()
