"""A child's disagreements as the events a managers' view reads on a day: pure, no database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.case import Event
from app.domain.disagreements import DisagreementFacts
from app.domain.facts import inputs_of
from app.domain.off_file import as_of, child_events, events_by_child, inputs_with, snapshot_with
from app.domain.pack import Pack
from app.policy.registry import shipped_pack
from tests.builders import case

RAISED = datetime(2026, 12, 3, 10, 30)


@pytest.fixture(scope="module")
def nottingham() -> Pack:
    return shipped_pack("nottingham-city-2018")


def d(n: int = 1, **changes: object) -> DisagreementFacts:
    base = {"id": n, "transfer_id": n, "raised_at": RAISED}
    return DisagreementFacts(**{**base, **changes})  # type: ignore[arg-type]


def kinds(events: tuple[Event, ...]) -> list[tuple[str, date]]:
    return [(e.kind, e.on) for e in events]


def test_as_of_a_day_later_changes_are_not_yet_made() -> None:
    later = d(resolved_on=date(2026, 12, 9), level=2, escalated_at=datetime(2026, 12, 8, 9, 0))
    assert as_of(later, date(2026, 12, 2)) is None  # not raised yet
    on_7th = as_of(later, date(2026, 12, 7))
    assert on_7th == d(level=1)
    assert as_of(later, date(2026, 12, 9)) == later


def test_a_child_counts_as_resolved_only_when_every_disagreement_is(nottingham: Pack) -> None:
    settled = d(1, resolved_on=date(2026, 12, 4))
    still_open = d(2, raised_at=datetime(2026, 12, 7, 9, 0))
    day = date(2026, 12, 8)
    assert kinds(child_events([settled], nottingham, day)) == [
        ("disagreement_raised", date(2026, 12, 3)),
        ("disagreement_resolved", date(2026, 12, 4)),
    ]
    assert kinds(child_events([settled, still_open], nottingham, day)) == [
        ("disagreement_raised", date(2026, 12, 3)),
        ("disagreement_raised", date(2026, 12, 7)),
    ]
    found = events_by_child(
        [("C-1", settled), ("C-2", d(3, raised_at=datetime(2027, 1, 4)))], nottingham, day
    )
    assert list(found) == ["C-1"]  # C-2's was raised after the day


def test_events_on_the_record_give_way_to_the_disagreements(nottingham: Pack) -> None:
    on_record = (
        Event("cin_review", date(2026, 11, 1)),
        Event("disagreement_raised", date(2026, 11, 2)),
    )
    snapshot = case(
        "csw-locality", events=(*on_record, Event("disagreement_resolved", date(2026, 11, 3)))
    )
    day = date(2026, 12, 8)
    events = child_events([d()], nottingham, day)
    with_table = snapshot_with(snapshot, events)
    assert kinds(with_table.events) == [
        ("cin_review", date(2026, 11, 1)),
        ("disagreement_raised", date(2026, 12, 3)),
    ]
    assert snapshot_with(case("csw-locality"), ()) == case("csw-locality")
    lean = inputs_with(inputs_of(snapshot, day), events)
    assert [(k, on) for k, on, _ in lean.events] == kinds(with_table.events)
    assert [k for k, _, _ in inputs_with(inputs_of(snapshot, day), ()).events] == ["cin_review"]
