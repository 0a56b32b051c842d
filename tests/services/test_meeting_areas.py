"""Each locality keeps its own first hub meeting and so its own days, in the store.

Nottingham City: four hub meetings a month in each of North, Central and South (§5(b); Terms of
Reference, Frequency), on days the text leaves to each locality. Set North's first hub on Monday
7 December 2026 and South's on Friday 4 December; Central keeps the pack's Tuesdays.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.services import meetings
from app.services.meetings import MeetingError
from app.services.workspace import Workspace, create_workspace

HUB = "locality-hub-meeting"
D = date


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    space = create_workspace(tmp_path / "hubs.sqlite3", "nottingham-city-2018", user="tm.test")
    meetings.set_first_sitting(space, HUB, D(2026, 12, 7), area="north")
    meetings.set_first_sitting(space, HUB, D(2026, 12, 4), area="south")
    return space


def held(ws: Workspace, area: str) -> list[date]:
    return [s.held for s in meetings.schedule(ws, HUB, D(2026, 12, 19), D(2027, 1, 12), area)]


def test_next_sittings_per_locality_across_christmas(ws: Workspace) -> None:
    assert meetings.first_sitting(ws, HUB, "north") == D(2026, 12, 7)
    assert meetings.first_sitting(ws, HUB, "central") is None
    assert held(ws, "north") == [D(2026, 12, 21), D(2026, 12, 29), D(2027, 1, 4), D(2027, 1, 11)]
    assert held(ws, "south") == [D(2026, 12, 29), D(2027, 1, 4), D(2027, 1, 8)]
    assert held(ws, "central") == [D(2026, 12, 22), D(2027, 1, 5), D(2027, 1, 12)]
    assert held(ws, "") == held(ws, "central")  # the pack's days where no area is named


def test_a_sitting_is_planned_per_locality_on_its_own_window(ws: Workspace) -> None:
    north = meetings.window_for(ws, HUB, D(2026, 12, 28), "north")
    assert north.held == D(2026, 12, 29) and north.sitting.moved_because == "Boxing Day (observed)"
    assert north.horizon_end == D(2027, 1, 3)  # the day before North's next hub, Mon 4 January
    south = meetings.window_for(ws, HUB, D(2026, 12, 25), "south")
    assert south.held == D(2026, 12, 29) and south.horizon_end == D(2027, 1, 3)
    north_id = meetings.prepare_meeting(ws, HUB, D(2026, 12, 28), area="north")
    south_id = meetings.prepare_meeting(ws, HUB, D(2026, 12, 25), area="south")
    assert north_id != south_id
    assert meetings.agenda(ws, north_id).window == north  # worked out again from the store
    assert meetings.agenda(ws, south_id).window == south


def test_a_day_a_locality_does_not_sit_is_refused_with_its_days(ws: Workspace) -> None:
    with pytest.raises(
        MeetingError, match="does not sit on 2026-12-22 in north: it sits on 2026-12-07"
    ):
        meetings.window_for(ws, HUB, D(2026, 12, 22), "north")
    with pytest.raises(MeetingError, match="not held in 'east' \\(areas: north, central, south\\)"):
        meetings.set_first_sitting(ws, HUB, D(2026, 12, 7), area="east")
    fifth = "would not sit on 2027-03-29 in north: on that weekday it would sit on 2027-03-01, "
    with pytest.raises(MeetingError, match=fifth + "2027-03-08, 2027-03-15, 2027-03-22; choose"):
        meetings.set_first_sitting(ws, HUB, D(2027, 3, 29), area="north")  # a fifth Monday
    assert meetings.first_sitting(ws, HUB, "north") == D(2026, 12, 7)  # unchanged


def test_a_meeting_without_areas_refuses_one(tmp_path: Path) -> None:
    space = create_workspace(tmp_path / "2021.sqlite3", "case-transfer-policy-2021")
    with pytest.raises(MeetingError, match="areas: none"):
        meetings.schedule(space, "case-transfer-meeting", D(2027, 1, 1), D(2027, 2, 1), "north")
