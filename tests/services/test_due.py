"""The Due list on real caseload files of several packs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.case import AuditAnswer, AuditState
from app.services import disagreements as dis
from app.services.auditing import record_audit
from app.services.due import DueItem, DueKind, DueState, due_items
from app.services.workspace import Workspace
from tests.services.disputes import demo_with_transfer

CHRISTMAS_EVE = date(2026, 12, 24)
RAISED = datetime(2026, 12, 24, 14, 0)


@pytest.fixture
def ws2021(tmp_path: Path) -> Iterator[tuple[Workspace, str, int]]:
    found = demo_with_transfer(tmp_path, "case-transfer-policy-2021", CHRISTMAS_EVE)
    yield found
    found[0].database.close()


def escalations(items: list[DueItem]) -> list[DueItem]:
    return [i for i in items if i.kind is DueKind.ESCALATION]


def test_disagreement_clock_is_due_with_its_case_until_resolved(
    ws2021: tuple[Workspace, str, int],
) -> None:
    ws, case_id, transfer_id = ws2021
    new_id = dis.raise_disagreement(ws, transfer_id, subject="Timing", raised_at=RAISED)
    [item] = escalations(due_items(ws, CHRISTMAS_EVE, 5))
    assert (item.due_on, item.case_id, item.ref) == (
        date(2026, 12, 29),
        case_id,
        f"Disagreement {new_id}",
    )
    assert item.rule == "1 working day after disagreement raised between teams"
    assert item.cite == "Disagreements between teams"
    assert item.state is DueState.COMING and item.state_text == "due in 1 working day"
    assert escalations(due_items(ws, CHRISTMAS_EVE, 0)) == []  # beyond today's horizon
    [late] = escalations(due_items(ws, date(2026, 12, 31), 5))
    assert late.state is DueState.OVERDUE and late.state_text == "overdue by 2 working days"
    dis.resolve(ws, new_id, date(2026, 12, 31), "Agreed in supervision")
    assert escalations(due_items(ws, date(2026, 12, 31), 5)) == []


def test_overdue_first_then_by_date_every_item_linked(ws2021: tuple[Workspace, str, int]) -> None:
    ws, case_id, transfer_id = ws2021
    with ws.unit_of_work() as uow:
        uow.transfers.update(
            transfer_id, transfer_date=date(2026, 12, 29), co_working_end=date(2026, 12, 30)
        )
        uow.commit()
    items = due_items(ws, CHRISTMAS_EVE, 5)
    dated = [i.due_on for i in items if i.due_on is not None]
    assert dated == sorted(dated) and items
    overdue = [i.state is DueState.OVERDUE for i in items]
    assert overdue == sorted(overdue, reverse=True)  # every overdue item before the rest
    planned = {i.kind: i for i in items if i.ref == f"Transfer {transfer_id}"}
    assert planned[DueKind.TRANSFER_POINT].due_on == date(2026, 12, 29)
    assert planned[DueKind.CO_WORKING].due_on == date(2026, 12, 30)
    assert all(i.case_id == case_id for i in planned.values())
    with ws.unit_of_work() as uow:
        known = uow.cases.child_ids()
    assert all(i.case_id in known for i in items if i.case_id is not None)
    assert all(i.working_days < 0 for i in items if i.state is DueState.OVERDUE)


def test_open_meeting_actions_are_due(ws2021: tuple[Workspace, str, int]) -> None:
    ws, _, _ = ws2021
    meeting = ws.pack.meetings[0]
    with ws.unit_of_work() as uow:
        sitting = uow.meetings.create(
            meeting.id, pack_id=ws.pack.id, pack_version=ws.pack.version,
            scheduled_on=date(2026, 12, 22), held_on=date(2026, 12, 22),
        )  # fmt: skip
        uow.meetings.add_action(sitting, "Send the chronology", owner="Chair", due_on=CHRISTMAS_EVE)
        uow.commit()
    [action] = [i for i in due_items(ws, CHRISTMAS_EVE, 3) if i.kind is DueKind.ACTION]
    assert action.what == "Send the chronology" and action.state is DueState.TODAY
    assert action.ref == f"Meeting {sitting}" and "owner Chair" in action.rule


def test_northamptonshire_audit_gap_clock_is_due(tmp_path: Path) -> None:
    today = date(2026, 11, 23)
    ws, case_id, _ = demo_with_transfer(tmp_path, "northamptonshire-2020", today)
    checklist = next(c for c in ws.pack.checklists if c.items)
    item = checklist.items[0]
    gap = AuditAnswer(item.id, AuditState.GAP, "not on file", today, "tester")
    record_audit(ws, case_id, checklist.id, {item.id: gap}, today)
    gaps = [
        i for i in due_items(ws, today, 10) if i.kind is DueKind.AUDIT_GAP and i.case_id == case_id
    ]
    assert gaps and gaps[0].due_on == ws.calendar.add_working_days(today, 10)
    assert gaps[0].rule.startswith("10 working days after")
    ws.database.close()
