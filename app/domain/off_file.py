"""A child's disagreements as the events a managers' view reads, as of one day.

A meeting's agenda is a managers' view: a pack's ``brings`` may ask whether a case has a
disagreement raised and not resolved (Nottingham's locality hub, "Issues with transfer /
blockages"; Northamptonshire's dispute resolution meeting). The answer comes from the
disagreements themselves (:func:`app.domain.disagreements.anchor_events`), never from events on
the child's record: a disagreement is never recorded there, so any such event found on the record
is ignored and the disagreements' own events take its place.

A child may have several disagreements (one per transfer). The child counts as having a
disagreement resolved only when every one raised by the day is resolved by it: one resolution
does not settle another disagreement still open. Pure: no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from app.domain.case import CaseSnapshot, Event
from app.domain.disagreements import (
    RAISED,
    REFERRED_EVENTS,
    RESOLVED_EVENTS,
    DisagreementFacts,
    anchor_events,
)
from app.domain.facts import AuditInputs
from app.domain.pack import Pack
from app.domain.vocabulary import OFF_FILE_EVENTS

#: Every event kind a disagreement stands for: on a child's record they are ignored.
DISAGREEMENT_KINDS = OFF_FILE_EVENTS | {RAISED, *RESOLVED_EVENTS, *REFERRED_EVENTS}

#: Child id → the events its disagreements stand for on the day.
OffFileEvents = Mapping[str, tuple[Event, ...]]


def as_of(d: DisagreementFacts, day: date) -> DisagreementFacts | None:
    """The disagreement as it stood on ``day``; None when it had not been raised yet.

    A resolution after the day is not yet made; an escalation after it had not happened (the
    level was one lower, and the earlier escalation's time is not kept, so none is given).
    """
    if d.raised_at.date() > day:
        return None
    if d.resolved_on is not None and d.resolved_on > day:
        d = replace(d, resolved_on=None)
    if d.escalated_at is not None and d.escalated_at.date() > day:
        d = replace(d, level=max(1, d.level - 1), escalated_at=None)
    return d


def child_events(
    disagreements: Iterable[DisagreementFacts], pack: Pack, day: date
) -> tuple[Event, ...]:
    """The events one child's disagreements stand for on ``day``, oldest raised first.

    Resolution events are kept only when every disagreement raised by the day is resolved.
    """
    standing = [s for s in (as_of(d, day) for d in disagreements) if s is not None]
    if not standing:
        return ()
    events = [e for d in standing for e in anchor_events(d, pack)]
    if any(d.resolved_on is None for d in standing):
        events = [e for e in events if e.kind not in RESOLVED_EVENTS]
    return tuple(sorted(events, key=lambda e: e.on))


def events_by_child(
    disagreements: Iterable[tuple[str, DisagreementFacts]], pack: Pack, day: date
) -> dict[str, tuple[Event, ...]]:
    """Child id → the events of its disagreements on ``day`` (children with none left out).

    ``disagreements`` pairs each disagreement with the child of its transfer.
    """
    grouped: defaultdict[str, list[DisagreementFacts]] = defaultdict(list)
    for child_id, d in disagreements:
        grouped[child_id].append(d)
    found = {child_id: child_events(ds, pack, day) for child_id, ds in grouped.items()}
    return {child_id: events for child_id, events in found.items() if events}


def snapshot_with(case: CaseSnapshot, events: Sequence[Event]) -> CaseSnapshot:
    """The case with its disagreements' ``events`` in place of any disagreement event stored on
    its record."""
    if not events and not any(e.kind in DISAGREEMENT_KINDS for e in case.events):
        return case
    kept = tuple(e for e in case.events if e.kind not in DISAGREEMENT_KINDS)
    return replace(case, events=kept + tuple(events))


def inputs_with(inputs: AuditInputs, events: Sequence[Event]) -> AuditInputs:
    """The audit inputs with the disagreements' ``events`` in place of any disagreement event
    read from the record (what :func:`snapshot_with` does to a snapshot)."""
    stored = inputs.events
    if not events and not any(kind in DISAGREEMENT_KINDS for kind, _, _ in stored):
        return inputs
    kept = [e for e in stored if e[0] not in DISAGREEMENT_KINDS]
    return inputs._replace(events=kept + [(e.kind, e.on, e.number) for e in events])
