"""The checklist auditor's use case: record an audit of a case file outside a transfer.

A sending audit that finds gaps records ``audit_gap_recorded`` (which starts the pack's gap clock,
Northamptonshire's 10 working days); a receiving-manager acceptance pass is kept as its own stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from app.domain.audit import AuditResult, audit_case
from app.domain.case import AuditAnswer, Event
from app.services.workspace import Workspace

STAGES = ("sending", "receiving")


def record_audit(
    ws: Workspace,
    case_id: str,
    checklist_id: str,
    answers: Mapping[str, AuditAnswer],
    today: date,
    *,
    stage: str = "sending",
) -> AuditResult:
    """Save one audit (all its answers, in one unit of work) and return the judged result."""
    with ws.unit_of_work() as uow:
        audit_id = uow.audits.start(
            case_id, checklist_id, pack_id=ws.pack.id, pack_version=ws.pack.version, stage=stage,
            started_on=today, by=uow.user,
        )  # fmt: skip
        for answer in answers.values():
            uow.audits.answer(audit_id, answer)
        case = uow.cases.get_snapshot(case_id)
        result = audit_case(case, ws.pack, checklist_id, today, answers)
        if result.gaps and stage == "sending":
            uow.cases.add_event(case_id, Event("audit_gap_recorded", today))
        elif not result.gaps and not result.unanswered:
            uow.audits.complete(audit_id, today)
        uow.commit()
    return result
