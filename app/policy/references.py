"""Cross-reference checks: every id a pack names must exist, and every id must be unique."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from dateutil.rrule import rrulestr

from app.domain import vocabulary
from app.domain.pack import Condition, Pack

Path_ = tuple[str | int, ...]
Fault = tuple[Path_, str]

_SPECIAL_ANCHORS = frozenset({"birth"})


@dataclass(frozen=True)
class _Known:
    teams: frozenset[str]
    roles: frozenset[str]
    timescales: frozenset[str]
    checklists: frozenset[str]
    documents: frozenset[str]
    rules: frozenset[str]
    pathways: frozenset[str]
    flags: frozenset[str]
    events: frozenset[str]
    statuses: frozenset[str]
    file_items: frozenset[str]


def check_references(pack: Pack) -> list[Fault]:
    """Return every dangling reference and duplicate id, each with its key path."""
    known = _known(pack)
    return [*_duplicates(pack), *_pathway_faults(pack, known), *_other_faults(pack, known)]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _ids(items: Iterable[_HasId]) -> frozenset[str]:
    return frozenset(i.id for i in items)


def _known(pack: Pack) -> _Known:
    v = pack.vocabulary
    return _Known(
        teams=_ids(pack.teams),
        roles=_ids(pack.roles),
        timescales=_ids(pack.timescales),
        checklists=_ids(pack.checklists),
        documents=_ids(pack.documents),
        rules=_ids(pack.rules),
        pathways=_ids(pack.pathways),
        flags=frozenset(vocabulary.FLAGS) | _ids(v.flags),
        events=frozenset(vocabulary.EVENTS) | _ids(v.events) | _SPECIAL_ANCHORS,
        statuses=frozenset(vocabulary.LEGAL_STATUSES) | _ids(v.statuses),
        file_items=frozenset(vocabulary.FILE_ITEMS) | _ids(v.file_items),
    )


def _duplicates(pack: Pack) -> Iterator[Fault]:
    sections = (
        "teams",
        "roles",
        "timescales",
        "checklists",
        "documents",
        "rules",
        "pathways",
        "meetings",
        "principles",
        "key_questions",
    )
    for section in sections:
        seen: set[str] = set()
        for index, item in enumerate(getattr(pack, section)):
            if item.id in seen:
                yield (section, index, "id"), f"the id {item.id!r} is used twice in {section}"
            seen.add(item.id)
    for c_index, checklist in enumerate(pack.checklists):
        seen = set()
        for i_index, item in enumerate(checklist.items):
            if item.id in seen:
                yield (
                    ("checklists", c_index, "items", i_index, "id"),
                    f"item id {item.id!r} repeats",
                )
            seen.add(item.id)


def _missing(path: Path_, value: str | None, pool: frozenset[str], what: str) -> Iterator[Fault]:
    if value is not None and value not in pool:
        yield path, f"unknown {what} {value!r}"


def _each(path: Path_, values: Iterable[str], pool: frozenset[str], what: str) -> Iterator[Fault]:
    for index, value in enumerate(values):
        yield from _missing((*path, index), value, pool, what)


def _pathway_faults(pack: Pack, k: _Known) -> Iterator[Fault]:
    for i, p in enumerate(pack.pathways):
        at: Path_ = ("pathways", i)
        yield from _each((*at, "from_teams"), p.from_teams, k.teams, "team")
        yield from _each((*at, "to_teams"), p.to_teams, k.teams, "team")
        yield from _missing((*at, "via"), p.via, k.teams, "team")
        yield from _each((*at, "documents"), p.documents, k.documents, "document")
        yield from _missing((*at, "checklist"), p.checklist, k.checklists, "checklist")
        yield from _each((*at, "timescales"), p.timescales, k.timescales, "timescale")
        yield from _condition((*at, "eligibility"), p.eligibility, k)
        for s, step in enumerate(p.steps):
            yield from _each((*at, "steps", s, "who"), step.who, k.roles, "role")
            yield from _missing(
                (*at, "steps", s, "timescale"), step.timescale, k.timescales, "timescale"
            )
        if p.transfer_point:
            tp = p.transfer_point
            yield from _each((*at, "transfer_point", "events"), tp.events, k.events, "event")
            yield from _missing(
                (*at, "transfer_point", "timescale"), tp.timescale, k.timescales, "timescale"
            )
        for e, exc in enumerate(p.exceptions):
            yield from _condition((*at, "exceptions", e, "when"), exc.when, k)
            yield from _missing(
                (*at, "exceptions", e, "route_to"), exc.route_to, k.pathways, "pathway"
            )


def _other_faults(pack: Pack, k: _Known) -> Iterator[Fault]:
    for i, rule in enumerate(pack.rules):
        yield from _condition(("rules", i, "when"), rule.when, k)
        yield from _each(("rules", i, "applies_to"), rule.applies_to, k.pathways, "pathway")
        yield from _each(
            ("rules", i, "except_pathways"), rule.except_pathways, k.pathways, "pathway"
        )
        yield from _each(("rules", i, "except_from"), rule.except_from, k.teams, "team")
        if rule.override:
            yield from _each(
                ("rules", i, "override", "roles"), rule.override.roles, k.roles, "role"
            )
    for i, t in enumerate(pack.timescales):
        yield from _missing(("timescales", i, "anchor"), t.anchor, k.events, "anchor event")
        yield from _condition(("timescales", i, "applies_when"), t.applies_when, k)
        yield from _each(("timescales", i, "pathways"), t.pathways, k.pathways, "pathway")
        yield from _each(("timescales", i, "met_by"), t.met_by, k.events, "event")
    for i, c in enumerate(pack.checklists):
        yield from _missing(
            ("checklists", i, "gap_timescale"), c.gap_timescale, k.timescales, "timescale"
        )
        yield from _missing(("checklists", i, "audited_by"), c.audited_by, k.roles, "role")
        if c.override:
            yield from _each(
                ("checklists", i, "override", "roles"), c.override.roles, k.roles, "role"
            )
        for j, item in enumerate(c.items):
            yield from _condition(
                ("checklists", i, "items", j, "applies_when"), item.applies_when, k
            )
            yield from _missing(
                ("checklists", i, "items", j, "file_item"),
                item.file_item,
                k.file_items,
                "file item",
            )
    for i, d in enumerate(pack.documents):
        yield from _missing(("documents", i, "file_item"), d.file_item, k.file_items, "file item")
    for i, m in enumerate(pack.meetings):
        at: Path_ = ("meetings", i)
        yield from _cadence((*at, "cadence"), m.cadence)
        yield from _missing((*at, "chair"), m.chair, k.roles, "role")
        yield from _each((*at, "attendees"), m.attendees, k.roles, "role")
        yield from _missing((*at, "horizon"), m.horizon, k.timescales, "timescale")
        yield from _missing((*at, "cutoff"), m.cutoff, k.timescales, "timescale")
        yield from _each((*at, "documents"), m.documents, k.documents, "document")
        yield from _each((*at, "pathways"), m.pathways, k.pathways, "pathway")
        for b, bring in enumerate(m.brings):
            yield from _condition((*at, "brings", b, "when"), bring.when, k)
    if pack.escalation:
        for i, step in enumerate(pack.escalation.ladder):
            yield from _each(("escalation", "ladder", i, "to"), step.to, k.roles, "role")
            yield from _missing(
                ("escalation", "ladder", i, "timescale"), step.timescale, k.timescales, "timescale"
            )
    yield from _missing(("closure_tasks",), pack.closure_tasks, k.checklists, "checklist")
    yield from _missing(
        ("settings", "rereferral_window"),
        pack.settings.rereferral_window,
        k.timescales,
        "timescale",
    )


def _cadence(path: Path_, rule: str) -> Iterator[Fault]:
    try:
        rrulestr(rule, dtstart=datetime(2026, 1, 1))
    except (ValueError, TypeError) as exc:
        yield path, f"not a valid recurrence rule (RRULE): {exc}"


def _condition(path: Path_, cond: Condition | None, k: _Known) -> Iterator[Fault]:
    if cond is None:
        return
    yield from _each((*path, "statuses_any"), cond.statuses_any, k.statuses, "status")
    yield from _each((*path, "statuses_none"), cond.statuses_none, k.statuses, "status")
    for key in ("flags_any", "flags_all", "flags_none"):
        yield from _each((*path, key), getattr(cond, key), k.flags, "flag")
    yield from _each((*path, "team_in"), cond.team_in, k.teams, "team")
    yield from _each((*path, "events_any"), cond.events_any, k.events, "event")
    yield from _each((*path, "events_none"), cond.events_none, k.events, "event")
    for key in ("event_within", "event_not_within"):
        for index, within in enumerate(getattr(cond, key)):
            yield from _missing((*path, key, index, "kind"), within.kind, k.events, "event")
    for key in ("any_of", "none_of"):
        for index, sub in enumerate(getattr(cond, key)):
            yield from _condition((*path, key, index), sub, k)
