"""The fast agenda build gives the very agenda of the full engine, every meeting, every pack.

For a few-thousand-case demo of every shipped pack (checklist answers, some complete, and open,
closed and dated transfers on the meetings' pathways added, some agreed before a dispute;
disagreements raised, escalated and resolved around the sittings on transfers of other pathways;
disagreement events written on children's records, which every agenda must ignore), every
meeting type's agenda on two sittings, the second after the first was prepared and left
undecided (its items carried over, one with an open action):

- ``preview_agenda`` (lean read, compiled rules: :mod:`app.domain.agenda_rules`) equals
  ``build_agenda`` over every case's full snapshot with the same transfers, carried items and
  answers (:mod:`app.domain.conditions`), described and not;
- a stored agenda described from the caseload's facts equals one described from snapshots.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest

from app.domain.case import AuditAnswer, AuditState, CaseSnapshot, Event
from app.domain.meeting_agenda import Agenda, Why, build_agenda
from app.domain.meetings import is_per_case, needs_anchor
from app.domain.off_file import DISAGREEMENT_KINDS, snapshot_with
from app.domain.pack import Condition, Meeting, Pack
from app.policy.registry import shipped_pack_files
from app.services import agenda as agenda_service
from app.services import meetings
from app.services.loading import make_demo
from app.services.workspace import Workspace, open_workspace
from app.storage.uow import UnitOfWork

PACK_IDS = [p.stem for p in shipped_pack_files()]
CASES = 2000
MADE = date(2026, 11, 23)
STATES = (AuditState.MET, AuditState.GAP, AuditState.NOT_APPLICABLE)
OPEN = ("proposed", "agreed", "disputed", "withdrawn", "completed")


@pytest.fixture(scope="module", params=PACK_IDS)
def ws(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    path = tmp_path_factory.mktemp("agenda") / f"{request.param}.sqlite3"
    make_demo(path, request.param, CASES, MADE)
    workspace = open_workspace(path, user="tester")
    with workspace.unit_of_work() as uow:
        for n, case in enumerate(uow.cases.snapshots()):
            _answer_and_transfer(workspace, uow, case, n)
            _disagreements(workspace, uow, case, n)
        uow.commit()
    return workspace


def _answer_and_transfer(ws: Workspace, uow: UnitOfWork, case: CaseSnapshot, n: int) -> None:
    """Answers on every 6th case (every item met on every 12th), a transfer on every 9th on one
    of the meetings' pathways out of its team, in every status, dated around the sittings (every
    other one with an agreed date: a disputed one was agreed before its dispute)."""
    pack = ws.pack
    routes = _meeting_pathways(pack, case.team_id)
    if n % 6 == 0:
        checklists = [c for c in (pack.pathway(p).checklist for p in routes) if c]
        chosen = pack.checklist(checklists[0]) if checklists else pack.checklists[0]
        audit = uow.audits.start(
            case.id, chosen.id, pack_id=pack.id, pack_version=pack.version,
            stage="sending", started_on=MADE, by="tester",
        )  # fmt: skip
        for i, item in enumerate(chosen.items):
            state = AuditState.MET if n % 12 == 0 else STATES[(i + n) % len(STATES)]
            uow.audits.answer(audit, AuditAnswer(item.id, state, "seen", MADE))
    if n % 9 == 0 and routes:
        uow.transfers.add(
            case.id, routes[n % len(routes)], pack_id=pack.id, pack_version=pack.version,
            from_team=case.team_id, status=OPEN[n % len(OPEN)],
            transfer_date=MADE + timedelta(days=n % 150 - 30),
            agreed_on=MADE - timedelta(days=40) if n % 18 == 0 else None,
        )  # fmt: skip


def _disagreements(ws: Workspace, uow: UnitOfWork, case: CaseSnapshot, n: int) -> None:
    """A disputed transfer on another pathway out of its team with a disagreement on every 7th
    case (resolved on every 14th, before or after the sittings; escalated on every 21st); a
    disagreement event written on the record of every 5th, a resolution on every 10th."""
    pack = ws.pack
    others = [p.id for p in pack.pathways if case.team_id in p.from_teams]
    if n % 7 == 0 and others:
        transfer_id = uow.transfers.add(
            case.id, others[n % len(others)], pack_id=pack.id, pack_version=pack.version,
            from_team=case.team_id, status="disputed",
        )  # fmt: skip
        raised = datetime.combine(MADE - timedelta(days=n % 40), time(10, 0))
        found = uow.transfers.raise_disagreement(
            transfer_id, raised_at=raised, raised_by="tester", subject="Timing"
        )
        if n % 21 == 0:
            uow.transfers.escalate_disagreement(found, raised + timedelta(days=n % 60))
        if n % 14 == 0:
            on = raised.date() + timedelta(days=n % 120)
            uow.transfers.resolve_disagreement(found, on, "Agreed")
    if n % 5 == 0:
        uow.cases.add_event(case.id, Event("disagreement_raised", MADE - timedelta(days=3)))
    if n % 10 == 0:
        uow.cases.add_event(case.id, Event("disagreement_resolved", MADE - timedelta(days=2)))


def _meeting_pathways(pack: Pack, team_id: str) -> list[str]:
    wanted = dict.fromkeys(p for m in pack.meetings for p in m.pathways)
    return [p for p in wanted if team_id in pack.pathway(p).from_teams]


def two_sittings(ws: Workspace, meeting: Meeting) -> tuple[date, date]:
    """The first sitting from the day the demo was made, and one about three months on."""
    if is_per_case(meeting):
        return MADE, MADE + timedelta(days=97)
    if needs_anchor(meeting):
        meetings.set_first_sitting(ws, meeting.id, MADE)
    found = meetings.schedule(ws, meeting.id, MADE, MADE + timedelta(days=120))
    return found[0].held, found[-1].held


def reference(ws: Workspace, meeting: Meeting, day: date, *, describe: bool) -> Agenda:
    """The agenda as the full engine builds it: every case's snapshot through ``build_agenda``,
    with its disagreements' events in place of those on its record."""
    win = meetings.window_for(ws, meeting.id, day)
    with ws.unit_of_work() as uow:
        transfers = agenda_service._open_transfers(uow, meeting)
        carried = agenda_service._carried(ws, uow, meeting, win.held, "")
        answers = uow.audits.latest_answers_by_case()
        off_file = agenda_service.disagreement_events(ws, uow, win.held)
        cases = [snapshot_with(c, off_file.get(c.id, ())) for c in uow.cases.snapshots()]
    return build_agenda(
        ws.pack, meeting, win, ws.calendar, cases, transfers,
        answers=answers, carried=carried, describe=describe,
    )  # fmt: skip


def assert_same_agenda(ws: Workspace, meeting: Meeting, day: date) -> Agenda:
    for describe in (False, True):
        fast = meetings.preview_agenda(ws, meeting.id, day, describe=describe)
        slow = reference(ws, meeting, day, describe=describe)
        assert fast.window == slow.window
        assert fast.items == slow.items, (meeting.id, day, describe)
    return fast


def test_every_meeting_agenda_equals_the_full_engine(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: Counter[str] = Counter()
    for meeting in ws.pack.meetings:
        first, second = two_sittings(ws, meeting)
        built = assert_same_agenda(ws, meeting, first)
        meeting_id = meetings.prepare_meeting(ws, meeting.id, first)
        if built.items:
            case_id = built.items[-1].case_id
            meetings.add_action(ws, meeting_id, "Chase the chronology", owner="tm", case_id=case_id)
        later = assert_same_agenda(ws, meeting, second)
        by_snapshot = meetings.agenda(ws, meeting_id)
        monkeypatch.setattr(agenda_service, "DESCRIBE_BY_ID", 0)
        assert meetings.agenda(ws, meeting_id) == by_snapshot  # described from facts
        monkeypatch.undo()
        on_disagreements = {b.text for b in meeting.brings if _asks_disagreements(b.when)}
        for item in (*built.items, *later.items):
            seen.update(str(r.why) for r in item.reasons)
            seen["under dispute"] += any("(under dispute)" in r.text for r in item.reasons)
            seen["disagreement"] += any(r.text in on_disagreements for r in item.reasons)
            seen[str(item.readiness)] += 1
            seen["blocked"] += bool(item.blockers)
    assert seen[Why.BROUGHT] > 20 and seen[Why.CARRIED] > 0 and seen[Why.TRANSFER_DATE] > 0
    assert len({r for r in seen if r in ("ready", "gaps", "incomplete")}) >= 2, seen
    assert seen["under dispute"] > 0, seen  # an agreed date, then a dispute
    if any(_asks_disagreements(b.when) for m in ws.pack.meetings for b in m.brings):
        assert seen["disagreement"] > 0, seen


def _asks_disagreements(when: Condition) -> bool:
    return not DISAGREEMENT_KINDS.isdisjoint((*when.events_any, *when.events_none))
