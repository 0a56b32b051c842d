"""The whole-caseload checklist audit, fast: the same readiness as ``audit_case``, in counts.

For each case the audit picks the checklist of its first open pathway that has one, else of the
first pathway out of its team that has one and for which the child is eligible (rules and
exceptions never make a pathway ineligible, so they are not asked), and counts the gaps and the
unanswered items as :func:`app.domain.audit.audit_case` judges them.

The pack is compiled once (:mod:`app.domain.predicates`); each case is read once into
:class:`~app.domain.facts.CaseFacts`. Cases with no recorded answers for the checklist are judged
by their facts and open pathways alone, so the judgement is remembered under that key and most
cases of a large caseload share one already made. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from app.domain.audit import AuditSummary, summarise
from app.domain.case import AuditAnswer, AuditState
from app.domain.facts import CaseFacts, FactFinder, Questions, questions_of
from app.domain.pack import Pack
from app.domain.predicates import Predicate, compile_condition

#: checklist id → item id → the latest recorded answer
Answers = Mapping[str, Mapping[str, AuditAnswer]]
#: the pathway audited and its summary; None when no pathway with a checklist is open to the case
Verdict = tuple[str, AuditSummary] | None


@dataclass(frozen=True, slots=True)
class _Item:
    id: str
    applies: Predicate
    file_item: str | None


@dataclass(frozen=True, slots=True)
class _Checklist:
    id: str
    items: tuple[_Item, ...]
    blocks_transfer: bool


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A pathway with a checklist, and the test of whether the child is eligible for it."""

    pathway_id: str
    eligible: Predicate
    checklist_id: str


def audit_questions(pack: Pack) -> Questions:
    """What the audit asks of a case: pathway eligibility, item applicability, file items."""
    items = [item for checklist in pack.checklists for item in checklist.items]
    conditions = [p.eligibility for p in pack.pathways if p.checklist]
    return questions_of(
        [*conditions, *(item.applies_when for item in items)],
        (item.file_item for item in items),
    )


class ReadinessJudge:
    """Judges how ready cases are to move under ``pack`` on ``today``, remembering verdicts."""

    def __init__(self, pack: Pack, today: date, questions: Questions | None = None) -> None:
        """``questions`` (default :func:`audit_questions`) must cover what the audit asks: pass
        more to read one set of facts for the audit and other questions together."""
        self.pack = pack
        self.questions = questions or audit_questions(pack)
        self.finder = FactFinder(self.questions, today)
        q = self.questions
        self._checklists = {
            c.id: _Checklist(
                c.id,
                tuple(
                    _Item(i.id, compile_condition(i.applies_when, q), i.file_item) for i in c.items
                ),
                c.blocks_transfer,
            )
            for c in pack.checklists
        }
        self._candidates: dict[str, tuple[_Candidate, ...]] = {}
        self._remembered: dict[tuple[CaseFacts, tuple[str, ...]], Verdict] = {}

    def judge(
        self, facts: CaseFacts, open_pathways: Sequence[str] = (), answers: Answers | None = None
    ) -> Verdict:
        """The pathway whose checklist the case is audited against, and how ready it is."""
        if answers:
            return self._judge(facts, open_pathways, answers)
        key = (facts, tuple(open_pathways))
        try:
            return self._remembered[key]
        except KeyError:
            verdict = self._remembered[key] = self._judge(facts, open_pathways, {})
            return verdict

    def _judge(self, facts: CaseFacts, open_pathways: Sequence[str], answers: Answers) -> Verdict:
        target = self._target(facts, open_pathways)
        if target is None:
            return None
        pathway_id, checklist_id = target
        return pathway_id, self._summary(self._checklists[checklist_id], facts, answers)

    def _target(self, facts: CaseFacts, open_pathways: Sequence[str]) -> tuple[str, str] | None:
        opened = [(p, self.pack.pathway(p).checklist) for p in open_pathways]
        for pathway_id, checklist_id in opened:
            if checklist_id:
                return pathway_id, checklist_id
        for candidate in self._candidates_from(facts.team_id):
            if candidate.eligible(facts):
                return candidate.pathway_id, candidate.checklist_id
        return None

    def _candidates_from(self, team_id: str) -> tuple[_Candidate, ...]:
        """The team's pathways that have a checklist, in the pack's order."""
        found = self._candidates.get(team_id)
        if found is None:
            found = self._candidates[team_id] = tuple(
                _Candidate(p.id, compile_condition(p.eligibility, self.questions), p.checklist)
                for p in self.pack.pathways
                if p.checklist and team_id in p.from_teams
            )
        return found

    def checklist_summary(
        self, checklist_id: str, facts: CaseFacts, answers: Answers | None = None
    ) -> AuditSummary:
        """How ready the case is on one checklist, as ``audit_case`` judges it."""
        return self._summary(self._checklists[checklist_id], facts, answers or {})

    @staticmethod
    def _summary(checklist: _Checklist, facts: CaseFacts, answers: Answers) -> AuditSummary:
        recorded = answers.get(checklist.id, {})
        gaps = unanswered = 0
        for item in checklist.items:
            if not item.applies(facts):
                continue
            answer = recorded.get(item.id)
            if answer is not None:
                gaps += answer.state is AuditState.GAP
            elif item.file_item is None:
                unanswered += 1
            elif item.file_item not in facts.on_file:
                gaps += 1
        return summarise(checklist.id, gaps, unanswered, checklist.blocks_transfer)
