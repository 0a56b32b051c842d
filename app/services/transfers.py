"""Transfer use cases: what the wizard (and the command line) call to plan and move a case.

A wizard collects a :class:`TransferPlan`; it can be kept as a draft and resumed, and
:func:`propose` saves it once, in one unit of work, for the child and any siblings moving with
them. Each transfer records the pack and version it was judged against.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from app.domain.audit import audit_case
from app.domain.case import AuditAnswer, AuditState, Event
from app.domain.engine import OptionStatus, PathwayOption, due_from, judge_pathway
from app.domain.pack import Pack, Pathway, PathwayKind, StepKind
from app.services.workspace import Workspace
from app.storage.transfers import TransferRecord
from app.storage.uow import UnitOfWork


class TransferRefused(Exception):
    """The plan cannot be saved as it stands; ``reasons`` says why, each with its source."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


@dataclass(frozen=True)
class StepRecord:
    step_id: str
    done_on: date | None = None
    who: str = ""
    outcome: str = ""
    notes: str = ""


@dataclass(frozen=True)
class OverrideRecord:
    rule_id: str
    authoriser: str
    role: str
    reason: str


@dataclass(frozen=True)
class TransferPlan:
    """Everything the wizard collects for one pathway, for one child or a sibling group."""

    case_ids: tuple[str, ...]
    pathway_id: str
    to_team: str | None = None
    receiving_worker_id: str | None = None
    key_answers: dict[str, str] = field(default_factory=dict)
    steps: tuple[StepRecord, ...] = ()
    audit: dict[str, AuditAnswer] = field(default_factory=dict)  # item id → answer
    overrides: tuple[OverrideRecord, ...] = ()
    co_working_start: date | None = None
    joint_visit_on: date | None = None
    goodbye_visit_on: date | None = None
    transfer_point_event: str | None = None
    transfer_date: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class Proposed:
    transfer_ids: tuple[int, ...]
    referral: bool  # a referral route: recorded as a referral, not a transfer


def judge_plan(ws: Workspace, plan: TransferPlan, today: date) -> dict[str, PathwayOption]:
    """The pathway judged for each child of the plan today."""
    pathway = ws.pack.pathway(plan.pathway_id)
    with ws.unit_of_work() as uow:
        return {
            cid: judge_pathway(uow.cases.get_snapshot(cid), ws.pack, pathway, today)
            for cid in plan.case_ids
        }


def co_working_end(ws: Workspace, pathway: Pathway, start: date | None) -> date | None:
    """The end of the co-working period from the pathway's co-working step clock, if any."""
    step = next((s for s in pathway.steps if s.kind is StepKind.CO_WORKING and s.timescale), None)
    if start is None or step is None or step.timescale is None:
        return None
    return due_from(ws.pack.timescale(step.timescale), start, ws.calendar)


def caseload_size(ws: Workspace, worker_id: str) -> int:
    """How many children the worker holds now (shown when choosing the receiving worker)."""
    with ws.unit_of_work() as uow:
        return uow.cases.count_held_by(worker_id)


def problems(ws: Workspace, plan: TransferPlan, today: date) -> list[str]:
    """Why the plan cannot be proposed yet (empty when it can)."""
    found: list[str] = []
    for case_id, option in judge_plan(ws, plan, today).items():
        found += _option_problems(case_id, option, plan)
    return found


def _option_problems(case_id: str, option: PathwayOption, plan: TransferPlan) -> list[str]:
    if option.status is OptionStatus.NOT_ELIGIBLE:
        return [f"{case_id}: not eligible — {'; '.join(option.unmet)} [{option.pathway.cite}]"]
    overridden = {o.rule_id for o in plan.overrides if o.authoriser.strip() and o.reason.strip()}
    return [
        f"{case_id}: blocked — {hit.message} [{hit.cite}]"
        + ("" if hit.override else " (the procedure names no one who may override it)")
        for hit in option.blocks
        if hit.override is None or hit.rule_id not in overridden
    ]


def propose(
    ws: Workspace, plan: TransferPlan, today: date, draft_id: int | None = None
) -> Proposed:
    """Save the plan once: a proposed transfer per child (or a referral), audit, steps and
    overrides. A resumed draft (``draft_id``) becomes the first child's transfer."""
    reasons = problems(ws, plan, today)
    if reasons:
        raise TransferRefused(reasons)
    pathway = ws.pack.pathway(plan.pathway_id)
    group = f"G-{plan.case_ids[0]}-{today:%Y%m%d}" if len(plan.case_ids) > 1 else None
    with ws.unit_of_work() as uow:
        ids = tuple(
            _write_one(uow, ws, pathway, plan, cid, group, today, draft_id if i == 0 else None)
            for i, cid in enumerate(plan.case_ids)
        )
        uow.commit()
    return Proposed(ids, referral=pathway.kind is PathwayKind.REFERRAL)


def _write_one(
    uow: UnitOfWork, ws: Workspace, pathway: Pathway, plan: TransferPlan, case_id: str,
    group: str | None, today: date, draft_id: int | None,
) -> int:  # fmt: skip
    case = uow.cases.get_snapshot(case_id)
    fields: dict[str, Any] = {
        "to_team": plan.to_team or pathway.to_teams[0], "group_id": group,
        "receiving_worker_id": plan.receiving_worker_id, "proposed_on": today,
        "transfer_date": plan.transfer_date, "transfer_point_event": plan.transfer_point_event,
        "co_working_start": plan.co_working_start,
        "co_working_end": co_working_end(ws, pathway, plan.co_working_start),
        "joint_visit_on": plan.joint_visit_on, "goodbye_visit_on": plan.goodbye_visit_on,
        "notes": plan.notes,
    }  # fmt: skip
    if draft_id is not None:
        transfer_id = draft_id
        uow.transfers.update(draft_id, **fields)
        uow.transfers.set_status(draft_id, "proposed", today)
    else:
        transfer_id = uow.transfers.add(
            case_id, pathway.id, pack_id=ws.pack.id, pack_version=ws.pack.version,
            from_team=case.team_id, status="proposed", **fields,
        )  # fmt: skip
    _write_details(uow, plan, transfer_id, today)
    if pathway.checklist:
        _write_audit(uow, ws.pack, pathway.checklist, case_id, transfer_id, plan, today)
    if pathway.kind is PathwayKind.REFERRAL:
        uow.cases.add_event(case_id, Event("referral", today, team_id=pathway.via))
    if plan.co_working_start:
        uow.cases.add_event(case_id, Event("co_working_started", plan.co_working_start))
    return transfer_id


def _write_details(uow: UnitOfWork, plan: TransferPlan, transfer_id: int, today: date) -> None:
    for question_id, answer in plan.key_answers.items():
        if answer.strip():
            uow.transfers.answer_question(transfer_id, question_id, answer)
    for step in plan.steps:
        uow.transfers.record_step(transfer_id, step.step_id, step.done_on, who=step.who,
                                  outcome=step.outcome, notes=step.notes)  # fmt: skip
    for o in plan.overrides:
        uow.transfers.add_override(transfer_id, o.rule_id, authoriser=o.authoriser, role=o.role,
                                   reason=o.reason, on=today)  # fmt: skip


def _write_audit(
    uow: UnitOfWork, pack: Pack, checklist_id: str, case_id: str, transfer_id: int,
    plan: TransferPlan, today: date,
) -> None:  # fmt: skip
    """Record the sending audit; a gap starts the pack's gap clock (audit_gap_recorded)."""
    audit_id = uow.audits.start(
        case_id, checklist_id, pack_id=pack.id, pack_version=pack.version, stage="sending",
        started_on=today, by=uow.user, transfer_id=transfer_id,
    )  # fmt: skip
    for answer in plan.audit.values():
        uow.audits.answer(audit_id, answer)
    result = audit_case(uow.cases.get_snapshot(case_id), pack, checklist_id, today, plan.audit)
    if result.gaps:
        uow.cases.add_event(case_id, Event("audit_gap_recorded", today))
    elif not result.unanswered:
        uow.audits.complete(audit_id, today)


def set_status(ws: Workspace, transfer_id: int, status: str, on: date) -> None:
    """Move a transfer on: agreed, completed (the child moves team), withdrawn or disputed."""
    with ws.unit_of_work() as uow:
        record = uow.transfers.get(transfer_id)
        uow.transfers.set_status(transfer_id, status, on)
        if status == "completed" and record.to_team:
            uow.cases.allocate(record.child_id, record.to_team, record.receiving_worker_id, on,
                               f"transfer {transfer_id} ({record.pathway_id})")  # fmt: skip
            uow.cases.add_event(record.child_id, Event("transfer_completed", on))
        uow.commit()


def save_draft(ws: Workspace, plan: TransferPlan, draft_id: int | None = None) -> int:
    """Keep the wizard's work as a draft transfer (resumable); returns the draft's id."""
    payload = json.dumps(_plain(plan), default=str)
    with ws.unit_of_work() as uow:
        if draft_id is None:
            case = uow.cases.get_snapshot(plan.case_ids[0])
            draft_id = uow.transfers.add(
                case.id, plan.pathway_id, pack_id=ws.pack.id, pack_version=ws.pack.version,
                from_team=case.team_id, status="draft", draft_json=payload,
            )  # fmt: skip
        else:
            uow.transfers.update(draft_id, draft_json=payload)
        uow.commit()
    return draft_id


def load_draft(ws: Workspace, draft_id: int) -> TransferPlan:
    """The plan kept in a draft."""
    with ws.unit_of_work() as uow:
        raw = uow.transfers.draft_json(draft_id)
    return _from_plain(json.loads(raw or "{}"))


def _plain(plan: TransferPlan) -> dict[str, Any]:
    data = asdict(plan)
    data["audit"] = {k: {**asdict(v), "state": str(v.state)} for k, v in plan.audit.items()}
    return data


def _from_plain(data: dict[str, Any]) -> TransferPlan:
    """Rebuild a plan from a draft's JSON (dates come back as ISO strings)."""
    dates = ("co_working_start", "joint_visit_on", "goodbye_visit_on", "transfer_date")
    return TransferPlan(
        case_ids=tuple(data["case_ids"]),
        pathway_id=str(data["pathway_id"]),
        to_team=data.get("to_team"),
        receiving_worker_id=data.get("receiving_worker_id"),
        key_answers=dict(data.get("key_answers") or {}),
        steps=tuple(StepRecord(**{**s, "done_on": _day(s.get("done_on"))}) for s in data["steps"]),
        audit={k: _answer(k, v) for k, v in (data.get("audit") or {}).items()},
        overrides=tuple(OverrideRecord(**o) for o in data.get("overrides") or []),
        transfer_point_event=data.get("transfer_point_event"),
        notes=str(data.get("notes") or ""),
        **{key: _day(data.get(key)) for key in dates},
    )


def _day(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _answer(item_id: str, raw: dict[str, Any]) -> AuditAnswer:
    state = AuditState(raw["state"])
    return AuditAnswer(
        item_id, state, raw.get("evidence", ""), _day(raw.get("on")), raw.get("by", "")
    )


def drafts_of(ws: Workspace, case_id: str) -> list[TransferRecord]:
    """The case's draft transfers (the wizard's saved work), oldest first."""
    with ws.unit_of_work() as uow:
        return [t for t in uow.transfers.of_child(case_id) if t.status == "draft"]
