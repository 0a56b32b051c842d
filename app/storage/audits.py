"""Checklist audits of a child's file and their answers (met / gap / not applicable)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.case import AuditAnswer, AuditState
from app.storage.models import AUDIT_STAGES, AuditAnswerRow, AuditRow

#: child id → checklist id → item id → answer
AnswersByCase = dict[str, dict[str, dict[str, AuditAnswer]]]


class AuditRepository:
    """Start audits, record answers, and read the latest answers for the auditor.

    "Latest" means the answers of the child's most recent audit of that checklist (by start
    date, then by when it was recorded): a new audit starts from nothing, as a new form would.
    """

    def __init__(self, session: Session) -> None:
        self._session = session

    def start(
        self,
        child_id: str,
        checklist_id: str,
        *,
        pack_id: str,
        pack_version: str,
        stage: str,
        started_on: date,
        by: str,
        transfer_id: int | None = None,
    ) -> int:
        """Open an audit at the ``sending`` or ``receiving`` stage; returns its id."""
        if stage not in AUDIT_STAGES:
            raise ValueError(f"stage must be one of {AUDIT_STAGES}, not {stage!r}")
        row = AuditRow(
            child_id=child_id,
            transfer_id=transfer_id,
            checklist_id=checklist_id,
            pack_id=pack_id,
            pack_version=pack_version,
            stage=stage,
            started_on=started_on,
            by=by,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    def answer(self, audit_id: int, answer: AuditAnswer) -> None:
        """Record (or change) the answer to one item of an audit."""
        row = self._session.get(AuditAnswerRow, (audit_id, answer.item_id))
        if row is None:
            row = AuditAnswerRow(audit_id=audit_id, item_id=answer.item_id)
            self._session.add(row)
        row.state = str(answer.state)
        row.evidence = answer.evidence
        row.on = answer.on
        row.by = answer.by
        self._session.flush()

    def complete(self, audit_id: int, on: date) -> None:
        """Mark an audit complete on ``on``."""
        row = self._session.get(AuditRow, audit_id)
        if row is None:
            raise LookupError(f"no audit {audit_id}")
        row.completed_on = on

    def latest_answers(self, child_id: str, checklist_id: str) -> dict[str, AuditAnswer]:
        """Item id → answer from the child's latest audit of ``checklist_id`` (empty if none)."""
        return self._latest([child_id]).get(child_id, {}).get(checklist_id, {})

    def latest_answers_by_case(self, child_ids: Iterable[str] | None = None) -> AnswersByCase:
        """The latest answers of every child (of ``child_ids`` when given) and checklist, in two
        queries."""
        return self._latest(child_ids)

    def _latest(self, child_ids: Iterable[str] | None) -> AnswersByCase:
        self._session.flush()
        connection = self._session.connection()
        wanted = None if child_ids is None else AuditRow.child_id.in_(list(child_ids))
        audits = select(AuditRow.id, AuditRow.child_id, AuditRow.checklist_id).order_by(
            AuditRow.started_on, AuditRow.id
        )
        if wanted is not None:
            audits = audits.where(wanted)
        latest = {
            (child, checklist): audit for audit, child, checklist in connection.execute(audits)
        }
        owner = {audit: key for key, audit in latest.items()}
        answers = select(
            AuditAnswerRow.audit_id,
            AuditAnswerRow.item_id,
            AuditAnswerRow.state,
            AuditAnswerRow.evidence,
            AuditAnswerRow.on,
            AuditAnswerRow.by,
        ).join(AuditRow, AuditRow.id == AuditAnswerRow.audit_id)
        if wanted is not None:
            answers = answers.where(wanted)
        result: AnswersByCase = {}
        for audit_id, item_id, state, evidence, on, by in connection.execute(answers):
            if audit_id not in owner:
                continue  # an older audit of the same checklist
            child, checklist = owner[audit_id]
            items = result.setdefault(child, {}).setdefault(checklist, {})
            items[item_id] = AuditAnswer(item_id, AuditState(state), evidence, on, by)
        return result
