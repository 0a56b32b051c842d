"""What the desktop's meeting views read: each pack's meetings in words, with their sittings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.services import meeting_views, meetings
from app.services.workspace import create_workspace

TODAY = date(2026, 12, 21)  # a Monday: Christmas and Boxing Day fall in the next weeks


@pytest.mark.parametrize(
    ("pack", "meeting", "words"),
    [
        ("nottingham-city-2018", "locality-hub-meeting",
         "Monthly on the 1st, 2nd, 3rd and 4th Tuesday"),
        ("cambridgeshire-2018", "tuesday-transfer-meeting", "Weekly on Tuesday"),
        ("cambridgeshire-2018", "district-team-transfer-meeting",
         "Weekly (the day comes from the first sitting)"),
        ("case-transfer-policy-2021", "case-transfer-meeting",
         "Monthly (the day comes from the first sitting)"),
        ("york-draft", "weekly-transfer-meeting", "Weekly (the day comes from the first sitting)"),
        ("northamptonshire-2020", "cin-transfer-meeting",
         "Convened for each case when it needs one"),
        ("northamptonshire-2020", "lacs-joint-working-meetings",
         "Every 3 months (the day comes from the first sitting)"),
    ],
)  # fmt: skip
def test_every_packs_meetings_in_words(tmp_path: Path, pack: str, meeting: str, words: str) -> None:
    ws = create_workspace(tmp_path / "c.sqlite3", pack, user="tm.test")
    assert meeting_views.cadence_words(ws.pack.meeting(meeting)) == words


def test_next_sittings_move_off_bank_holidays_and_prepared_ones_are_on_record(
    tmp_path: Path,
) -> None:
    ws = create_workspace(tmp_path / "c.sqlite3", "cambridgeshire-2018", user="tm.test")
    overview = meeting_views.meeting_overview(ws, "tuesday-transfer-meeting", TODAY, count=3)
    held = [(w.sitting.scheduled, w.held) for w in overview.upcoming]
    assert held == [
        (date(2026, 12, 22), date(2026, 12, 22)),
        (date(2026, 12, 29), date(2026, 12, 29)),
        (date(2027, 1, 5), date(2027, 1, 5)),
    ]
    assert overview.on_record == () and not overview.per_case
    meeting_id = meetings.prepare_meeting(ws, "tuesday-transfer-meeting", date(2026, 12, 22))
    (summary,) = meeting_views.sittings_on_record(ws, "tuesday-transfer-meeting")
    assert summary.record.id == meeting_id and summary.record.status == "planned"
    assert (summary.cases, summary.decided, summary.open_actions) == (0, 0, 0)


def test_a_rule_with_no_day_waits_for_its_first_sitting(tmp_path: Path) -> None:
    ws = create_workspace(tmp_path / "c.sqlite3", "case-transfer-policy-2021", user="tm.test")
    waiting = meeting_views.meeting_overview(ws, "case-transfer-meeting", TODAY)
    assert waiting.waits_for_first_sitting and waiting.upcoming == ()
    meetings.set_first_sitting(ws, "case-transfer-meeting", date(2026, 12, 25))
    overview = meeting_views.meeting_overview(ws, "case-transfer-meeting", TODAY, count=2)
    first = overview.upcoming[0].sitting
    assert (first.scheduled, first.held, first.moved_because) == (
        date(2026, 12, 25),
        date(2026, 12, 29),
        "Christmas Day",
    )
