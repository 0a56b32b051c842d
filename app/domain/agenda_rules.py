"""A meeting's agenda rules compiled: which cases its ``brings`` select, and how each is described.

:mod:`app.domain.meeting_agenda` works each case out from its full snapshot with
:mod:`app.domain.conditions`, which explains every answer in words. The agenda of a large
caseload asks the meeting's ``brings`` of every case of its teams, then judges each case it
selects: the meeting's pathways out of its team it is eligible for, the rules and exceptions that
block them, and the readiness of the first one with a checklist. So, as the whole-caseload audit
does (:mod:`app.domain.readiness`), the meeting is compiled once into tests on
:class:`~app.domain.facts.CaseFacts`, and what a case's facts decide is remembered under those
facts: the cases of a large caseload share a few thousand distinct facts between them.

Only cases with no open transfer on the meeting's pathways and nothing carried over from an
earlier sitting are judged here. The reasons of those few depend on dated events, clocks and the
minutes, so they keep the full path (``agenda_item`` on the snapshot). The items made here equal
the ones ``agenda_item`` makes for the same cases. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from app.domain.audit import Readiness
from app.domain.engine import rule_applies_to
from app.domain.facts import AuditInputs, CaseFacts, FactFinder, Questions, questions_of
from app.domain.meeting_agenda import (
    AgendaItem,
    Blocker,
    CaseAnswers,
    Reason,
    Why,
    meeting_documents,
)
from app.domain.pack import Condition, Document, Effect, Meeting, Pack, Pathway
from app.domain.predicates import Predicate, compile_condition
from app.domain.readiness import ReadinessJudge


@dataclass(frozen=True, slots=True)
class _Block:
    """A rule or pathway exception that blocks a pathway while its test holds."""

    blocker: Blocker
    holds: Predicate


@dataclass(frozen=True, slots=True)
class _Route:
    """One of the meeting's pathways out of a team: who is eligible, and what may block it."""

    pathway: Pathway
    eligible: Predicate
    blocks: tuple[_Block, ...]


@dataclass(frozen=True, slots=True)
class _Described:
    """What a case's facts decide about its agenda item, apart from its answers."""

    pathway_ids: tuple[str, ...]
    documents: tuple[Document, ...]
    checklist_id: str | None
    blockers: tuple[Blocker, ...]
    readiness: Readiness | None  # with no answers recorded on the checklist


class AgendaRules:
    """The ``brings`` and pathways of one meeting, compiled for the sitting held on ``held``.

    With ``describe`` false only the ``brings`` are asked (fewer facts to read), and
    :meth:`describe` raises ValueError.
    """

    def __init__(self, pack: Pack, meeting: Meeting, held: date, *, describe: bool = True) -> None:
        self.pack = pack
        self.meeting = meeting
        self.describes = describe
        self.questions = _questions(pack, meeting, describe=describe)
        self.finder = FactFinder(self.questions, held)
        q = self.questions
        self._brings = tuple(
            (Reason(Why.BROUGHT, b.text, b.cite), compile_condition(b.when, q))
            for b in meeting.brings
        )
        self._judge = ReadinessJudge(pack, held, q) if describe else None
        self._routes: dict[str, tuple[_Route, ...]] = {}
        self._reasons: dict[CaseFacts, tuple[Reason, ...]] = {}
        self._described: dict[CaseFacts, _Described] = {}
        self._documents: dict[tuple[str, ...], tuple[Document, ...]] = {}

    def items(
        self, cases: Iterable[AuditInputs], answers: Mapping[str, CaseAnswers] | None = None
    ) -> Iterator[AgendaItem]:
        """The agenda item of every case some ``brings`` selects (cases with no open transfer
        on the meeting's pathways and nothing carried over), as ``agenda_item`` makes it."""
        facts_of = self.finder.facts
        answers = answers or {}
        for inputs in cases:
            facts = facts_of(inputs)
            reasons = self.brought(facts)
            if not reasons:
                continue
            case_id = inputs.case_id
            if self.describes:
                yield self.describe(case_id, facts, reasons, answers.get(case_id))
            else:
                yield AgendaItem(case_id, reasons, ())

    def brought(self, facts: CaseFacts) -> tuple[Reason, ...]:
        """The reasons the meeting's ``brings`` give for the case, in the pack's order."""
        found = self._reasons.get(facts)
        if found is None:
            found = self._reasons[facts] = tuple(
                reason for reason, holds in self._brings if holds(facts)
            )
        return found

    def describe(
        self,
        case_id: str,
        facts: CaseFacts,
        reasons: Iterable[Reason],
        answers: CaseAnswers | None = None,
    ) -> AgendaItem:
        """The item ``describe_case`` makes for a case with no open transfer on the meeting's
        pathways: documents, pathways, readiness and blockers."""
        if self._judge is None:
            raise ValueError("these rules were compiled to select, not to describe")
        described = self._described.get(facts)
        if described is None:
            described = self._described[facts] = self._describe(facts)
        checklist_id = described.checklist_id
        readiness = described.readiness
        if checklist_id is not None and answers and checklist_id in answers:
            readiness = self._judge.checklist_summary(checklist_id, facts, answers).readiness
        return AgendaItem(
            case_id=case_id,
            reasons=tuple(reasons),
            documents=described.documents,
            pathway_ids=described.pathway_ids,
            readiness=readiness,
            checklist_id=checklist_id,
            blockers=described.blockers,
        )

    def _describe(self, facts: CaseFacts) -> _Described:
        routes = [r for r in self._routes_from(facts.team_id) if r.eligible(facts)]
        pathways = tuple(r.pathway for r in routes)
        ids = tuple(p.id for p in pathways)
        documents = self._documents.get(ids)
        if documents is None:
            documents = self._documents[ids] = meeting_documents(self.pack, self.meeting, pathways)
        checklist_id = next((p.checklist for p in pathways if p.checklist), None)
        readiness = None
        if checklist_id is not None:
            assert self._judge is not None
            readiness = self._judge.checklist_summary(checklist_id, facts).readiness
        return _Described(
            ids,
            documents,
            checklist_id,
            tuple(b.blocker for r in routes for b in r.blocks if b.holds(facts)),
            readiness,
        )

    def _routes_from(self, team_id: str) -> tuple[_Route, ...]:
        """The meeting's pathways out of the team, in the meeting's order, compiled once."""
        found = self._routes.get(team_id)
        if found is None:
            pathways = (self.pack.pathway(p) for p in self.meeting.pathways)
            found = self._routes[team_id] = tuple(
                _Route(
                    p, compile_condition(p.eligibility, self.questions), self._blocks(p, team_id)
                )
                for p in pathways
                if team_id in p.from_teams
            )
        return found

    def _blocks(self, pathway: Pathway, team_id: str) -> tuple[_Block, ...]:
        """What blocks the pathway for a case of the team, in the engine's order: the pack's
        rules, then the pathway's exceptions (warnings are not blockers)."""
        q = self.questions
        rules = [
            _Block(
                Blocker(
                    pathway.id,
                    rule.id,
                    rule.title,
                    rule.message or rule.title,
                    rule.cite,
                    rule.override is not None,
                ),
                compile_condition(rule.when, q),
            )
            for rule in self.pack.rules
            if rule.effect is Effect.BLOCK
            and rule_applies_to(rule, pathway)
            and team_id not in rule.except_from
        ]
        exceptions = [
            _Block(
                Blocker(pathway.id, f"{pathway.id}/{e.id}", "Exception", e.text, e.cite, False),
                compile_condition(e.when, q),
            )
            for e in pathway.exceptions
            if e.effect is Effect.BLOCK and e.when is not None
        ]
        return (*rules, *exceptions)


def _questions(pack: Pack, meeting: Meeting, *, describe: bool) -> Questions:
    """What the meeting asks of a case: its ``brings``; to describe, also its pathways'
    eligibility, the rules and exceptions that may block them, and every checklist item."""
    conditions: list[Condition | None] = [b.when for b in meeting.brings]
    file_items: list[str | None] = []
    if describe:
        pathways = [pack.pathway(p) for p in meeting.pathways]
        items = [item for checklist in pack.checklists for item in checklist.items]
        conditions += [p.eligibility for p in pathways]
        conditions += [rule.when for rule in pack.rules if rule.effect is Effect.BLOCK]
        conditions += [e.when for p in pathways for e in p.exceptions]
        conditions += [item.applies_when for item in items]
        file_items = [item.file_item for item in items]
    return questions_of(conditions, file_items)
