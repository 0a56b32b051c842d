"""Fill the printed documents (transfer summary, handover pack, gap list) from the caseload.

The reports layer only prints; every fact and date comes from here: the case snapshot, the pack,
the open transfer, the checklist audit and the clocks. Disagreements are never read here, so they
can never reach a printed pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.domain.audit import AuditResult, audit_case
from app.domain.case import AuditState, CaseSnapshot
from app.domain.clocks import Unit, duration
from app.domain.engine import (
    ClockState,
    Deadline,
    OptionStatus,
    deadlines,
    due_from,
    pathway_options,
)
from app.domain.pack import Pack, Pathway
from app.domain.vocabulary import EVENTS, LEGAL_STATUSES, OFF_FILE_EVENTS
from app.reports import model as doc
from app.services.workspace import Workspace
from app.storage.transfers import TransferRecord
from app.storage.uow import UnitOfWork

# Disagreements never go on the child's file, so never into a printed chronology (Cambridgeshire).
CHRONOLOGY_KINDS_SKIPPED = frozenset({"birth"}) | OFF_FILE_EVENTS
_ITEM_STATE = {
    AuditState.MET: doc.ItemState.MET,
    AuditState.GAP: doc.ItemState.GAP,
    AuditState.NOT_APPLICABLE: doc.ItemState.NOT_APPLICABLE,
}
_CLOCK_STATE = {
    ClockState.RUNNING: doc.DeadlineState.OPEN,
    ClockState.OVERDUE: doc.DeadlineState.OVERDUE,
    ClockState.MET: doc.DeadlineState.DONE,
    ClockState.REACHED: doc.DeadlineState.DONE,
}


class NothingToPrint(Exception):
    """The case has no pathway to print a transfer document for."""


@dataclass(frozen=True)
class _Judged:
    """One child with the pathway its documents are about."""

    case: CaseSnapshot
    pathway: Pathway
    transfer: TransferRecord | None
    audit: AuditResult | None
    clocks: list[Deadline]


def handover_pack(
    ws: Workspace, case_id: str, now: datetime, *, single: bool = False
) -> doc.HandoverPack:
    """The pack for the case's transfer; a child in a sibling group brings the whole group."""
    with ws.unit_of_work() as uow:
        first = uow.cases.get_snapshot(case_id)
        ids = [case_id] if single else [case_id, *sorted(first.sibling_ids)]
        judged = [_judge(uow, ws, uow.cases.get_snapshot(i), now.date()) for i in ids]
        people = _people(uow, ws.pack, judged[0])
        info = _info(ws, uow, "Handover pack", ids, now)
    return doc.HandoverPack(info, people, tuple(_section(j, ws.pack, now.date()) for j in judged))


def transfer_summary(ws: Workspace, case_id: str, now: datetime) -> doc.TransferSummary:
    """The transfer summary of one child."""
    with ws.unit_of_work() as uow:
        judged = _judge(uow, ws, uow.cases.get_snapshot(case_id), now.date())
        people = _people(uow, ws.pack, judged)
        info = _info(ws, uow, "Transfer summary", [case_id], now)
    return doc.TransferSummary(info, people, _section(judged, ws.pack, now.date()))


def gap_list(ws: Workspace, case_id: str, now: datetime) -> doc.GapList:
    """The items the checklist audit found not met, with who must act and by when."""
    today = now.date()
    with ws.unit_of_work() as uow:
        judged = _judge(uow, ws, uow.cases.get_snapshot(case_id), today)
        people = _people(uow, ws.pack, judged)
        info = _info(ws, uow, "Checklist gap list", [case_id], now)
    if judged.audit is None:
        raise NothingToPrint(f"case {case_id} has no checklist on its pathway {judged.pathway.id}")
    checklist = ws.pack.checklist(judged.audit.checklist_id)
    transfer_date = judged.transfer.transfer_date if judged.transfer else None
    due, rule, cite = _gap_deadline(ws, checklist.gap_timescale, today, transfer_date)
    gaps = tuple(
        doc.Gap(i.line.item.text, i.line.item.guidance or "Bring the record up to date and "
                "record the evidence", people.transferring_worker.name, i.line.item.cite)
        for i in judged.audit.items
        if i.state in {AuditState.GAP, None}
    )  # fmt: skip
    return doc.GapList(
        info, case_id, judged.case.child.display_name, checklist.title, checklist.cite, today,
        gaps, due, rule, cite, people.transferring_worker, people.transferring_manager,
    )  # fmt: skip


def _gap_deadline(
    ws: Workspace, timescale_id: str | None, today: date, transfer_date: date | None
) -> tuple[date, str, str]:
    """The pack's gap clock from today; without one, the transfer date (or today)."""
    if timescale_id is None:
        rule = "the procedure sets no timescale for gaps: close them before the transfer date"
        return transfer_date or today, rule, ws.pack.pack.title
    t = ws.pack.timescale(timescale_id)
    words = duration(t.amount, Unit(t.unit))
    return due_from(t, today, ws.calendar), f"{t.label} ({words})", t.cite


def _judge(uow: UnitOfWork, ws: Workspace, case: CaseSnapshot, today: date) -> _Judged:
    transfers = [t for t in uow.transfers.of_child(case.id) if t.status not in _CLOSED]
    transfer = transfers[-1] if transfers else None
    pathway = (
        ws.pack.pathway(transfer.pathway_id) if transfer else _likely_pathway(case, ws.pack, today)
    )
    audit = None
    if pathway.checklist:
        answers = uow.audits.latest_answers(case.id, pathway.checklist)
        audit = audit_case(case, ws.pack, pathway.checklist, today, answers)
    clocks = deadlines(case, ws.pack, today, ws.calendar, pathway_ids=[pathway.id])
    return _Judged(case, pathway, transfer, audit, clocks)


_CLOSED = frozenset({"completed", "withdrawn"})


def _likely_pathway(case: CaseSnapshot, pack: Pack, today: date) -> Pathway:
    options = [
        o for o in pathway_options(case, pack, today) if o.status is not OptionStatus.NOT_ELIGIBLE
    ]
    if not options:
        raise NothingToPrint(f"case {case.id} has no pathway open from its team today")
    with_checklist = [o for o in options if o.pathway.checklist]
    return (with_checklist or options)[0].pathway


def _info(
    ws: Workspace, uow: UnitOfWork, title: str, ids: list[str], now: datetime
) -> doc.DocumentInfo:
    return doc.DocumentInfo(
        title, tuple(ids), now, ws.pack.id, ws.pack.version, uow.audit_position()
    )


def _people(uow: UnitOfWork, pack: Pack, judged: _Judged) -> doc.People:
    names = {w[0]: w[1] for w in uow.teams.workers()}
    sending = _team_name(pack, judged.case.team_id)
    to_team = (judged.transfer.to_team if judged.transfer else None) or judged.pathway.to_teams[0]
    receiving = _team_name(pack, to_team)
    worker = names.get(judged.case.worker_id or "", "not allocated")
    receiver_id = judged.transfer.receiving_worker_id if judged.transfer else None
    return doc.People(
        doc.Person(worker, sending, "Allocated worker"),
        doc.Person("", sending, "Team manager"),
        doc.Person("", receiving, "Team manager"),
        doc.Person(names[receiver_id], receiving, "Receiving worker")
        if receiver_id in names
        else None,
    )


def _team_name(pack: Pack, team_id: str) -> str:
    return next((t.name for t in pack.teams if t.id == team_id), team_id)


def _section(j: _Judged, pack: Pack, today: date) -> doc.ChildSection:
    child, transfer, pathway = j.case.child, j.transfer, j.pathway
    to_team = (transfer.to_team if transfer else None) or pathway.to_teams[0]
    checklist = pack.checklist(j.audit.checklist_id) if j.audit else None
    return doc.ChildSection(
        child_id=child.id,
        display_name=child.display_name,
        dob=child.dob or child.expected_dob,
        dob_expected=child.unborn,
        age=_age_words(j.case, today),
        from_team=_team_name(pack, j.case.team_id),
        to_team=_team_name(pack, to_team),
        pathway=pathway.name,
        pathway_cite=pathway.cite,
        transfer_point=_transfer_point(pathway),
        transfer_date=transfer.transfer_date if transfer else None,
        legal_status=_statuses(j.case, today),
        key_dates=_key_dates(transfer),
        checklist_title=checklist.title if checklist else "",
        checklist_cite=checklist.cite if checklist else "",
        checklist=_checklist_rows(j.audit),
        deadlines=tuple(_deadline_row(d) for d in j.clocks),
        chronology=_chronology(j.case),
        summary=transfer.notes if transfer else "",
    )  # fmt: skip


def _transfer_point(pathway: Pathway) -> str:
    point = pathway.transfer_point
    return point.text if point else "Not set by the procedure"


def _deadline_row(d: Deadline) -> doc.Deadline:
    t = d.timescale
    return doc.Deadline(t.label, d.due_date, d.rule, t.cite, _CLOCK_STATE[d.state])


def _age_words(case: CaseSnapshot, today: date) -> str:
    if case.child.unborn:
        return "unborn"
    dob = case.child.dob
    if dob is None:
        return "not known"
    months = (today.year - dob.year) * 12 + today.month - dob.month - (today.day < dob.day)
    return f"{months // 12} years {months % 12} months"


def _statuses(case: CaseSnapshot, today: date) -> tuple[str, ...]:
    current = [s for s in case.statuses if s.current_on(today)]
    return tuple(
        f"{s.code} — {LEGAL_STATUSES.get(s.code, s.code)} (since {s.start:%d %b %Y})"
        for s in sorted(current, key=lambda s: s.start)
    )


def _key_dates(transfer: TransferRecord | None) -> tuple[doc.KeyDate, ...]:
    if transfer is None:
        return ()
    labelled = (("Proposed", transfer.proposed_on), ("Agreed", transfer.agreed_on),
                ("Transfer date", transfer.transfer_date))  # fmt: skip
    return tuple(doc.KeyDate(label, when) for label, when in labelled if when)


def _checklist_rows(audit: AuditResult | None) -> tuple[doc.ChecklistRow, ...]:
    if audit is None:
        return ()
    return tuple(
        doc.ChecklistRow(
            i.line.item.text,
            _ITEM_STATE[i.state] if i.state else doc.ItemState.GAP,
            i.evidence or ("" if i.state else "not yet audited"),
            None,
            i.line.item.cite,
        )
        for i in audit.items
    )


def _chronology(case: CaseSnapshot) -> tuple[doc.ChronologyEvent, ...]:
    events = sorted(
        (e for e in case.events if e.kind not in CHRONOLOGY_KINDS_SKIPPED), key=lambda e: e.on
    )
    return tuple(doc.ChronologyEvent(e.on, _event_words(e.kind, e.number)) for e in events)


def _event_words(kind: str, number: int | None) -> str:
    words = EVENTS.get(kind, kind.replace("_", " ").capitalize())
    return f"{words} (no. {number})" if number else words


def write_handover_pack(
    ws: Workspace, case_id: str, out: Path, now: datetime, *, single: bool = False
) -> int:
    """Build and write the handover pack PDF; return its page count."""
    from app.reports.render import render_handover_pack

    return render_handover_pack(handover_pack(ws, case_id, now, single=single), out)


def write_gap_list(ws: Workspace, case_id: str, out: Path, now: datetime) -> int:
    """Build and write the gap list PDF; return its page count."""
    from app.reports.render import render_gap_list

    return render_gap_list(gap_list(ws, case_id, now), out)
