"""Which cases come to a sitting of a transfer meeting, why, and what each must bring.

Pure functions over case snapshots, the open transfers and the pack; no I/O. A case comes when
(each reason keeps its source, so the agenda explains itself):

1. **carried over**: deferred or not reached at the previous sitting, or an action on it is
   still open (the services say which; the reason cites that sitting's minutes);
2. **transfer date**: an open transfer on one of the meeting's pathways has a transfer date from
   the day held to the horizon end (one already past and not completed comes too, as overdue);
3. **transfer point**: an event of the pathway's transfer-point kinds is dated from the day held
   to the horizon end, or the transfer point's own timescale falls due then;
4. **ready**: that open transfer's checklist audit is READY on the day held;
5. **brought**: one of the meeting's ``brings`` conditions holds for the case on the day held
   (e.g. s20 after the 1st Child Care Review).

Reasons 2-4 need a transfer under way (proposed, agreed or disputed); a case with no transfer yet
comes by 1 or 5, or because the manager adds it. Each item lists the meeting's documents (the
pathway's where the meeting names none), its audit readiness and its blockers: the rules that
block its pathways on the day held.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from app.domain.audit import AuditResult, Readiness, audit_case
from app.domain.calendar import WorkingCalendar
from app.domain.case import AuditAnswer, CaseSnapshot
from app.domain.conditions import holds
from app.domain.engine import OptionStatus, PathwayOption, deadlines, judge_pathway
from app.domain.meetings import Window, day_words
from app.domain.pack import Condition, Document, Meeting, Pack, Pathway
from app.domain.vocabulary import EVENTS

#: checklist id → item id → answer, for one case
CaseAnswers = Mapping[str, Mapping[str, AuditAnswer]]


class Why(StrEnum):
    """Why a case is on the agenda."""

    CARRIED = "carried_over"
    TRANSFER_DATE = "transfer_date"
    TRANSFER_POINT = "transfer_point"
    READY = "ready"
    BROUGHT = "brought"
    ADDED = "added"


_RANK = {
    Why.CARRIED: 0,
    Why.TRANSFER_DATE: 1,
    Why.TRANSFER_POINT: 1,
    Why.READY: 2,
    Why.BROUGHT: 3,
    Why.ADDED: 4,
}


@dataclass(frozen=True)
class Reason:
    """One reason a case is on the agenda, with its source section."""

    why: Why
    text: str
    cite: str
    on: date | None = None  # the date that brought it, where one did

    def as_dict(self) -> dict[str, str | None]:
        """Plain values, for storing with the agenda item."""
        on = self.on.isoformat() if self.on else None
        return {"why": str(self.why), "text": self.text, "cite": self.cite, "on": on}

    @classmethod
    def from_dict(cls, data: Mapping[str, str | None]) -> Reason:
        """The reason :meth:`as_dict` stored."""
        on = data.get("on")
        day = date.fromisoformat(on) if on else None
        return cls(Why(str(data["why"])), str(data["text"]), str(data.get("cite") or ""), day)


@dataclass(frozen=True)
class OpenTransfer:
    """A transfer under way, as the agenda needs it."""

    id: int
    case_id: str
    pathway_id: str
    status: str
    transfer_date: date | None = None
    agreed_on: date | None = None

    @property
    def agreed(self) -> bool:
        """Agreed, or agreed and then disputed (a disputed transfer keeps its agreed date)."""
        return self.status == "agreed" or (self.status == "disputed" and self.agreed_on is not None)

    def date_words(self, when: date) -> str:
        """Its transfer date as the agenda names it: agreed (under dispute) or proposed."""
        if not self.agreed:
            return f"Proposed transfer date {day_words(when)}"
        under_dispute = " (under dispute)" if self.status == "disputed" else ""
        return f"Agreed transfer date {day_words(when)}{under_dispute}"


@dataclass(frozen=True)
class CarriedOver:
    """Something a previous sitting left open on a case."""

    case_id: str
    text: str
    cite: str


@dataclass(frozen=True)
class Blocker:
    """A rule that blocks one of the case's pathways on the day held."""

    pathway_id: str
    rule_id: str
    title: str
    message: str
    cite: str
    overridable: bool


@dataclass(frozen=True)
class AgendaItem:
    """A case on the agenda: why it is on, what it must bring, how ready it is."""

    case_id: str
    reasons: tuple[Reason, ...]
    documents: tuple[Document, ...]
    pathway_ids: tuple[str, ...] = ()
    readiness: Readiness | None = None
    checklist_id: str | None = None
    blockers: tuple[Blocker, ...] = ()
    transfer_id: int | None = None

    def order_key(self) -> tuple[int, date, str]:
        """Carried over first, then by the earliest date that brought it, then brought cases."""
        rank = min((_RANK[r.why] for r in self.reasons), default=len(_RANK))
        dates = [r.on for r in self.reasons if r.on is not None]
        return rank, min(dates, default=date.max), self.case_id


@dataclass(frozen=True)
class Agenda:
    """The cases one sitting takes, in order."""

    meeting: Meeting
    window: Window
    items: tuple[AgendaItem, ...]

    @property
    def case_ids(self) -> tuple[str, ...]:
        return tuple(item.case_id for item in self.items)


def candidate_teams(meeting: Meeting) -> frozenset[str] | None:
    """The teams whose cases the meeting's ``brings`` can select; None when any team's can."""
    teams: set[str] = set()
    for bring in meeting.brings:
        if not bring.when.team_in:
            return None
        teams.update(bring.when.team_in)
    return frozenset(teams)


def build_agenda(
    pack: Pack,
    meeting: Meeting,
    window: Window,
    calendar: WorkingCalendar,
    cases: Iterable[CaseSnapshot],
    transfers: Iterable[OpenTransfer] = (),
    *,
    answers: Mapping[str, CaseAnswers] | None = None,
    carried: Iterable[CarriedOver] = (),
    describe: bool = True,
) -> Agenda:
    """The sitting's agenda: every case some reason brings (see the module notes), in order.

    ``transfers`` are the open transfers (any pathway: those of other meetings are ignored),
    ``answers`` the latest checklist answers by case id, ``carried`` what earlier sittings left.
    With ``describe`` false only the cases and their reasons are worked out (the documents,
    readiness and blockers of a case with no open transfer are left out): enough to keep a
    stored agenda up to date, and much cheaper on a large caseload.
    """
    by_case: defaultdict[str, list[OpenTransfer]] = defaultdict(list)
    for t in transfers:
        if t.pathway_id in meeting.pathways:
            by_case[t.case_id].append(t)
    left: defaultdict[str, list[CarriedOver]] = defaultdict(list)
    for c in carried:
        left[c.case_id].append(c)
    teams = candidate_teams(meeting)
    found = []
    for case in cases:
        own, kept = by_case.get(case.id, []), left.get(case.id, [])
        if teams is not None and case.team_id not in teams and not own and not kept:
            continue
        case_answers = (answers or {}).get(case.id)
        item = agenda_item(
            pack, meeting, window, calendar, case, own, case_answers, kept, describe=describe
        )
        if item is not None:
            found.append(item)
    return Agenda(meeting, window, tuple(sorted(found, key=AgendaItem.order_key)))


def agenda_item(
    pack: Pack,
    meeting: Meeting,
    window: Window,
    calendar: WorkingCalendar,
    case: CaseSnapshot,
    transfers: Iterable[OpenTransfer] = (),
    answers: CaseAnswers | None = None,
    carried: Iterable[CarriedOver] = (),
    *,
    describe: bool = True,
) -> AgendaItem | None:
    """The case's agenda item, or None when nothing brings it to this sitting.

    The readiness of a case with an open transfer is always judged (it may bring the case);
    the rest of the description only with ``describe``.
    """
    own = [t for t in transfers if t.pathway_id in meeting.pathways]
    reasons = [Reason(Why.CARRIED, c.text, c.cite) for c in carried]
    for t in own:
        reasons += _dated_reasons(pack, window, calendar, case, t)
    held = window.held
    reasons += [
        Reason(Why.BROUGHT, b.text, b.cite)
        for b in meeting.brings
        if may_hold(b.when, case, held) and holds(b.when, case, held)
    ]
    if not reasons and not own:
        return None
    if not own and not describe:
        return AgendaItem(case.id, tuple(reasons), ())
    item = describe_case(pack, meeting, held, case, own, answers, reasons)
    if own and item.readiness is Readiness.READY and item.checklist_id:
        checklist = pack.checklist(item.checklist_id)
        text = f"Checklist audit complete, ready to transfer: {checklist.title}"
        item = replace(item, reasons=(*item.reasons, Reason(Why.READY, text, checklist.cite)))
    return item if item.reasons else None


def describe_case(
    pack: Pack,
    meeting: Meeting,
    held: date,
    case: CaseSnapshot,
    transfers: Iterable[OpenTransfer],
    answers: CaseAnswers | None,
    reasons: Iterable[Reason],
) -> AgendaItem:
    """An agenda item for ``reasons``: the documents, readiness and blockers of its pathways.

    The pathways are those of the case's open transfers on the meeting's pathways; with none,
    the meeting's pathways out of the case's team that it is eligible for on ``held``.
    """
    own = [t for t in transfers if t.pathway_id in meeting.pathways]
    judged = _pathways(pack, meeting, case, held, own)
    pathways = [option.pathway for option in judged]
    audit = _audit(pack, case, pathways, held, answers or {})
    return AgendaItem(
        case_id=case.id,
        reasons=tuple(reasons),
        documents=meeting_documents(pack, meeting, pathways),
        pathway_ids=tuple(p.id for p in pathways),
        readiness=None if audit is None else audit.readiness,
        checklist_id=None if audit is None else audit.checklist_id,
        blockers=_blockers(judged),
        transfer_id=own[0].id if own else None,
    )


def may_hold(cond: Condition, case: CaseSnapshot, day: date) -> bool:
    """A quick necessary test: False when ``cond`` cannot hold for the case on ``day``.

    Checks only the cheap top-level parts (team, flags, current statuses, events recorded by
    ``day``) exactly as :func:`app.domain.conditions.holds` reads them, so that the full,
    explaining test runs only on cases that might pass it. True says nothing: call ``holds``.
    """
    if cond.team_in and case.team_id not in cond.team_in:
        return False
    flags = case.flags
    if cond.flags_any and flags.isdisjoint(cond.flags_any):
        return False
    if cond.flags_all and not flags.issuperset(cond.flags_all):
        return False
    if cond.statuses_any and case.statuses_on(day).isdisjoint(cond.statuses_any):
        return False
    if cond.events_any or cond.events_none:
        kinds = {e.kind for e in case.events if e.on <= day}
        if cond.events_any and kinds.isdisjoint(cond.events_any):
            return False
        return kinds.isdisjoint(cond.events_none)
    return True


def _dated_reasons(
    pack: Pack, window: Window, calendar: WorkingCalendar, case: CaseSnapshot, t: OpenTransfer
) -> list[Reason]:
    """Transfer date and transfer point within the horizon (or a transfer date overdue)."""
    pathway = pack.pathway(t.pathway_id)
    reasons = []
    when = t.transfer_date
    if when is not None and when <= window.horizon_end:
        named = t.date_words(when)
        if when >= window.held:
            text = f"{named} falls within the meeting's horizon"
            reasons.append(Reason(Why.TRANSFER_DATE, text, window.horizon_cite, when))
        else:
            text = f"{named} has passed; the transfer is not complete"
            reasons.append(Reason(Why.TRANSFER_DATE, text, _point_cite(pathway), when))
    reasons += _transfer_points(pack, window, calendar, case, pathway)
    return reasons


def _transfer_points(
    pack: Pack, window: Window, calendar: WorkingCalendar, case: CaseSnapshot, pathway: Pathway
) -> list[Reason]:
    point = pathway.transfer_point
    if point is None:
        return []
    held, end = window.held, window.horizon_end
    days = {e.on: e.kind for e in case.events if e.kind in point.events and held <= e.on <= end}
    found = [
        Reason(
            Why.TRANSFER_POINT,
            f"Transfer point {day_words(on)} ({_event_label(pack, kind)}): {point.text}",
            point.cite,
            on,
        )
        for on, kind in sorted(days.items())
    ]
    if point.timescale:
        for clock in deadlines(case, pack, held, calendar, pathway_ids=[pathway.id]):
            if clock.timescale.id == point.timescale and held <= clock.due_date <= end:
                text = f"Transfer point {day_words(clock.due_date)} ({clock.timescale.label})"
                found.append(Reason(Why.TRANSFER_POINT, text, clock.timescale.cite, clock.due_date))
    return found


def _pathways(
    pack: Pack, meeting: Meeting, case: CaseSnapshot, held: date, own: list[OpenTransfer]
) -> list[PathwayOption]:
    """The open transfers' pathways; else the meeting's pathways the case may take; judged."""
    if own:
        wanted = [pack.pathway(p) for p in dict.fromkeys(t.pathway_id for t in own)]
        return [judge_pathway(case, pack, pathway, held) for pathway in wanted]
    out = []
    for pathway_id in meeting.pathways:
        pathway = pack.pathway(pathway_id)
        if case.team_id in pathway.from_teams:
            option = judge_pathway(case, pack, pathway, held)
            if option.status is not OptionStatus.NOT_ELIGIBLE:
                out.append(option)
    return out


def _audit(
    pack: Pack, case: CaseSnapshot, pathways: list[Pathway], held: date, answers: CaseAnswers
) -> AuditResult | None:
    checklist_id = next((p.checklist for p in pathways if p.checklist), None)
    if checklist_id is None:
        return None
    return audit_case(case, pack, checklist_id, held, answers.get(checklist_id, {}))


def _blockers(judged: list[PathwayOption]) -> tuple[Blocker, ...]:
    found = []
    for option in judged:
        for hit in option.blocks:
            overridable = hit.override is not None
            pathway_id = option.pathway.id
            found.append(
                Blocker(pathway_id, hit.rule_id, hit.title, hit.message, hit.cite, overridable)
            )
    return tuple(found)


def meeting_documents(
    pack: Pack, meeting: Meeting, pathways: Sequence[Pathway]
) -> tuple[Document, ...]:
    """What each case must bring: the meeting's documents, else those of its ``pathways``."""
    wanted = list(meeting.documents) or [d for p in pathways for d in p.documents]
    return tuple(_document(pack, d) for d in dict.fromkeys(wanted))


def _document(pack: Pack, document_id: str) -> Document:
    try:
        return pack.document(document_id)
    except KeyError:
        return Document(document_id, document_id.replace("-", " ").capitalize(), "")


def _point_cite(pathway: Pathway) -> str:
    return pathway.transfer_point.cite if pathway.transfer_point else pathway.cite


def _event_label(pack: Pack, kind: str) -> str:
    labels = {term.id: term.label for term in pack.vocabulary.events}
    return labels.get(kind) or EVENTS.get(kind) or kind.replace("_", " ")
