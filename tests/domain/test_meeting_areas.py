"""A meeting held in several areas sits on each area's own day (Nottingham's locality hubs).

Nottingham City, Integrated Working and Case Transfer Procedure: "The City has been organised
into 3 areas (North, Central and South). In each area there will be 4 hub management meetings a
month" (§5(b)); "There will be four hub meetings in each locality per month" (Terms of Reference,
Frequency). The text names no day: the pack's placeholder is the first four Tuesdays, and each
locality's first hub, once set, gives that locality its weekday. Across Christmas and New Year
2026-27 (Fri 25 Dec, Mon 28 Dec observed for Boxing Day, Fri 1 Jan) with North on Mondays from
7 December, South on Fridays from 4 December and Central left on the Tuesdays.
"""

from __future__ import annotations

from datetime import date

from app.domain.meetings import (
    Sitting,
    horizon_end,
    needs_anchor,
    on_weekday_of,
    sitting_on,
    sittings,
)
from app.policy.registry import shipped_pack
from app.reference.bank_holidays import default_calendar

D = date
CAL = default_calendar()
PACK = shipped_pack("nottingham-city-2018")
HUB = PACK.meeting("locality-hub-meeting")
NORTH_FIRST = D(2026, 12, 7)  # the first Monday of December 2026
SOUTH_FIRST = D(2026, 12, 4)  # the first Friday
START, END = D(2026, 12, 1), D(2027, 1, 31)


def held(found: list[Sitting]) -> list[date]:
    return [s.held for s in found]


def test_an_areas_first_sitting_gives_it_its_weekday_four_a_month() -> None:
    assert on_weekday_of(HUB, NORTH_FIRST).cadence == "FREQ=MONTHLY;BYDAY=1MO,2MO,3MO,4MO"
    assert on_weekday_of(HUB, SOUTH_FIRST).cadence == "FREQ=MONTHLY;BYDAY=1FR,2FR,3FR,4FR"
    assert on_weekday_of(HUB, D(2026, 12, 1)).cadence == HUB.cadence  # a Tuesday: as the pack
    assert not needs_anchor(on_weekday_of(HUB, NORTH_FIRST))


def test_each_locality_sits_on_its_own_day_across_christmas_and_new_year() -> None:
    north = sittings(on_weekday_of(HUB, NORTH_FIRST), CAL, START, END, NORTH_FIRST)
    south = sittings(on_weekday_of(HUB, SOUTH_FIRST), CAL, START, END, SOUTH_FIRST)
    central = sittings(HUB, CAL, START, END)
    assert held(north) == [
        D(2026, 12, 7), D(2026, 12, 14), D(2026, 12, 21), D(2026, 12, 29),
        D(2027, 1, 4), D(2027, 1, 11), D(2027, 1, 18), D(2027, 1, 25),
    ]  # fmt: skip
    assert north[3] == Sitting(HUB.id, D(2026, 12, 28), D(2026, 12, 29), "Boxing Day (observed)")
    assert held(south) == [
        D(2026, 12, 4), D(2026, 12, 11), D(2026, 12, 18), D(2026, 12, 29),
        D(2027, 1, 4), D(2027, 1, 8), D(2027, 1, 15), D(2027, 1, 22),
    ]  # fmt: skip
    assert [s.moved_because for s in south if s.moved] == ["Christmas Day", "New Year's Day"]
    assert held(central) == [
        D(2026, 12, 1), D(2026, 12, 8), D(2026, 12, 15), D(2026, 12, 22),
        D(2027, 1, 5), D(2027, 1, 12), D(2027, 1, 19), D(2027, 1, 26),
    ]  # fmt: skip


def test_four_a_month_in_each_locality_and_none_before_its_first() -> None:
    north = on_weekday_of(HUB, NORTH_FIRST)
    for month in range(1, 13):
        first, last = D(2027, month, 1), D(2027 + month // 12, month % 12 + 1, 1)
        found = [s for s in sittings(north, CAL, first, last, NORTH_FIRST) if s.scheduled < last]
        assert len(found) == 4, month
    assert sittings(north, CAL, D(2026, 11, 1), D(2026, 12, 6), NORTH_FIRST) == []


def test_a_localitys_horizon_runs_to_the_day_before_its_own_next_hub() -> None:
    north = on_weekday_of(HUB, NORTH_FIRST)
    before_christmas = Sitting(HUB.id, D(2026, 12, 21), D(2026, 12, 21))
    assert horizon_end(north, PACK, before_christmas, CAL, NORTH_FIRST) == D(2026, 12, 28)
    central = Sitting(HUB.id, D(2026, 12, 22), D(2026, 12, 22))
    assert horizon_end(HUB, PACK, central, CAL) == D(2027, 1, 4)


def test_a_fifth_weekday_is_no_sitting_of_the_locality() -> None:
    north = on_weekday_of(HUB, NORTH_FIRST)
    assert sitting_on(north, CAL, D(2027, 3, 29), NORTH_FIRST) is None  # 5th Monday, Easter
    moved = sitting_on(north, CAL, D(2027, 5, 3), NORTH_FIRST)  # 1st Monday, May Day
    assert moved is not None and moved.held == D(2027, 5, 4)
