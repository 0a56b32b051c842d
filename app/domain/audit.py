"""The checklist auditor: given the recorded answers, how ready is a case to move?

An item is answered by the manager (met / gap / not applicable, with evidence); where nobody has
answered yet, an item backed by a case-file item is *suggested* from the file (present: met;
absent: gap), so the whole caseload's readiness can be read before any audit is typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.case import AuditAnswer, AuditState, CaseSnapshot
from app.domain.engine import ChecklistLine, checklist_lines
from app.domain.pack import Pack


class Readiness(StrEnum):
    READY = "ready"  # every applicable item met
    GAPS = "gaps"  # at least one gap
    INCOMPLETE = "incomplete"  # no gap, but items not yet answered


@dataclass(frozen=True)
class ItemResult:
    line: ChecklistLine
    state: AuditState | None  # None: not answered and nothing on file to suggest
    suggested: bool  # the state comes from the case file, not from a recorded answer
    evidence: str = ""


@dataclass(frozen=True)
class AuditResult:
    checklist_id: str
    items: tuple[ItemResult, ...]
    blocks_transfer: bool

    @property
    def gaps(self) -> tuple[ItemResult, ...]:
        return tuple(i for i in self.items if i.state is AuditState.GAP)

    @property
    def unanswered(self) -> tuple[ItemResult, ...]:
        return tuple(i for i in self.items if i.state is None)

    @property
    def met(self) -> tuple[ItemResult, ...]:
        return tuple(i for i in self.items if i.state is AuditState.MET)

    @property
    def readiness(self) -> Readiness:
        if self.gaps:
            return Readiness.GAPS
        return Readiness.INCOMPLETE if self.unanswered else Readiness.READY

    @property
    def stops_transfer(self) -> bool:
        """True when the pack says an unfinished checklist stops the transfer."""
        return self.blocks_transfer and self.readiness is not Readiness.READY

    def summary(self) -> AuditSummary:
        """The counts a caseload view shows, without the items."""
        return AuditSummary(
            self.checklist_id,
            self.readiness,
            len(self.gaps),
            len(self.unanswered),
            self.stops_transfer,
        )


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """How ready a case is, in counts: one row of the whole-caseload audit."""

    checklist_id: str
    readiness: Readiness
    gaps: int
    unanswered: int
    stops_transfer: bool


def summarise(checklist_id: str, gaps: int, unanswered: int, blocks_transfer: bool) -> AuditSummary:
    """The summary of a checklist with ``gaps`` gaps and ``unanswered`` items not answered."""
    readiness = Readiness.READY
    if gaps or unanswered:
        readiness = Readiness.GAPS if gaps else Readiness.INCOMPLETE
    stops = blocks_transfer and readiness is not Readiness.READY
    return AuditSummary(checklist_id, readiness, gaps, unanswered, stops)


def audit_case(
    case: CaseSnapshot,
    pack: Pack,
    checklist_id: str,
    today: date,
    answers: Mapping[str, AuditAnswer] | None = None,
) -> AuditResult:
    """Judge the checklist for ``case`` from recorded ``answers`` (by item id) and its file."""
    recorded = answers or {}
    results = tuple(
        _judge_item(line, recorded.get(line.item.id), case)
        for line in checklist_lines(case, pack, checklist_id, today)
    )
    return AuditResult(checklist_id, results, pack.checklist(checklist_id).blocks_transfer)


def _judge_item(line: ChecklistLine, answer: AuditAnswer | None, case: CaseSnapshot) -> ItemResult:
    if not line.applicable:
        return ItemResult(line, AuditState.NOT_APPLICABLE, suggested=True, evidence=line.reason)
    if answer is not None:
        return ItemResult(line, answer.state, suggested=False, evidence=answer.evidence)
    if line.item.file_item is None:
        return ItemResult(line, None, suggested=False)
    on_file = case.file_item(line.item.file_item)
    if on_file is not None and on_file.updated is not None:
        return ItemResult(
            line, AuditState.MET, True, f"on file, updated {on_file.updated:%d %b %Y}"
        )
    return ItemResult(line, AuditState.GAP, suggested=True, evidence="not on the case file")
