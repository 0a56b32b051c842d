"""Transfer meetings: when a pack's meeting sits, how far it looks, and which cases it takes.

Pure functions over the pack, the working calendar and case snapshots; no I/O.

**Schedule.** A meeting's ``cadence`` is an RFC 5545 RRULE, read with ``dateutil.rrule.rrulestr``.

- An occurrence on a day that is not a working day (a bank holiday, a local closure day, a
  weekend) **moves to the next working day**; the :class:`Sitting` keeps the day the rule gave and
  says why it moved. A moved sitting landing on a day that already has one merges with it.
- ``COUNT=1`` marks a **per-case meeting** (one meeting per child, convened when the case needs
  it, e.g. Northamptonshire's CiN transfer meeting): it has no recurring schedule and no
  sittings; its agenda for a day lists the cases that need one.
- A rule that does not fix its own days (``FREQ=WEEKLY`` with no BYDAY, ``FREQ=MONTHLY`` with no
  BYDAY or BYMONTHDAY, any INTERVAL, COUNT or UNTIL) takes its phase from an **anchor**: the
  first sitting the user sets (York: "the weekday comes from the first meeting date the user
  sets"). Monthly rules follow dateutil: an anchor on the 31st skips shorter months.

**Areas.** A meeting held in several areas (Nottingham's locality hubs: North, Central and
South, four a month each, §5(b) and the Terms of Reference, Frequency) sits in each area on that
area's own day where the text names none: an area's first sitting, once set, gives its weekday
(:func:`on_weekday_of`), so "the first four Tuesdays" of the pack become the first four
Wednesdays of an area whose first hub was a Wednesday. An area with no first sitting set keeps
the pack's days.

**Horizon** (:func:`horizon_end`): the pack's ``horizon`` timescale counted from the day held
(Cambridgeshire: 5 working days after the Tuesday, the day itself not counted). Where the pack
gives none (or an age, which is no window) a recurring meeting looks up to the day before its
next sitting, since that sitting takes what falls later; a per-case meeting looks at its day.

**Cut-off** (:func:`cutoff`): the last day a case may be added, the pack's ``cutoff`` timescale
counted back from the day held; where the pack gives none, the working day before. A case added
later is still taken, and marked late.

**Agenda**: which cases come, and why, is :mod:`app.domain.meeting_agenda`.

**Transfer calendar** (:func:`calendar_weeks`): agreed transfers and joint visits, week by week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from app.domain.calendar import WorkingCalendar
from app.domain.clocks import Unit, due
from app.domain.pack import Meeting, Pack

#: How far before a range to look for occurrences that a run of closed days moves into it.
LOOKBACK = timedelta(days=31)
#: How far after a day to look for the next sitting (a yearly meeting at most).
LOOKAHEAD = timedelta(days=400)
#: Working days before the meeting that end the time for adding cases, when the pack names none.
DEFAULT_CUTOFF_WORKING_DAYS = 1
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_BYDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINAL = re.compile(r"([+-]?\d*)[A-Z]{2}$")  # "2TU" → "2", "TU" → ""
_FIXING_PARTS = {"WEEKLY": ("BYDAY",), "MONTHLY": ("BYDAY", "BYMONTHDAY"), "DAILY": ()}


class NeedsAnchor(ValueError):
    """The meeting's rule takes its day from its first sitting, and none was given."""

    def __init__(self, meeting_id: str) -> None:
        super().__init__(
            f"meeting {meeting_id!r} takes its day from its first sitting: give that date first"
        )
        self.meeting_id = meeting_id


@dataclass(frozen=True)
class Sitting:
    """One sitting of a meeting: the day its rule gave, and the working day it is held."""

    meeting_id: str
    scheduled: date
    held: date
    moved_because: str | None = None  # why ``scheduled`` is not a working day

    @property
    def moved(self) -> bool:
        return self.held != self.scheduled


@dataclass(frozen=True)
class Window:
    """A sitting with how far it looks ahead and when adding cases closes."""

    sitting: Sitting
    horizon_end: date
    cutoff: date
    horizon_cite: str = ""

    @property
    def held(self) -> date:
        return self.sitting.held


def rule_parts(cadence: str) -> dict[str, str]:
    """The RRULE's parts by name: ``{"FREQ": "WEEKLY", "BYDAY": "TU"}``."""
    text = cadence.removeprefix("RRULE:")
    return {
        key.strip().upper(): value.strip()
        for key, _, value in (part.partition("=") for part in text.split(";") if part.strip())
    }


def is_per_case(meeting: Meeting) -> bool:
    """True for a one-off meeting per case (``COUNT=1``): not on a recurring schedule."""
    return rule_parts(meeting.cadence).get("COUNT") == "1"


def needs_anchor(meeting: Meeting) -> bool:
    """True when the rule takes its weekday, day of month or phase from its first sitting."""
    parts = rule_parts(meeting.cadence)
    if is_per_case(meeting):
        return False
    if parts.get("INTERVAL", "1") != "1" or "COUNT" in parts or "UNTIL" in parts:
        return True
    fixing = _FIXING_PARTS.get(parts.get("FREQ", ""))
    return fixing is None or (bool(fixing) and not any(p in parts for p in fixing))


def on_weekday_of(meeting: Meeting, first: date) -> Meeting:
    """The meeting as an area keeps it whose first sitting is ``first`` (see the module notes).

    Every weekday the rule's BYDAY names becomes ``first``'s weekday, ordinals kept
    (``1TU,2TU,3TU,4TU`` from a Wednesday: ``1WE,2WE,3WE,4WE``); a rule that names no weekday
    already takes its day from its first sitting and is returned as it is.
    """
    parts = rule_parts(meeting.cadence)
    if "BYDAY" not in parts:
        return meeting
    weekday = _BYDAY_CODES[first.weekday()]
    days = (_ORDINAL.match(d.strip()) for d in parts["BYDAY"].split(","))
    parts["BYDAY"] = ",".join(dict.fromkeys(m.group(1) + weekday for m in days if m))
    return replace(meeting, cadence=";".join(f"{k}={v}" for k, v in parts.items()))


def move_off_closed_days(meeting_id: str, day: date, calendar: WorkingCalendar) -> Sitting:
    """The sitting of ``day``: held that day, or on the next working day if it is not one."""
    reason = calendar.non_working_reason(day)
    if reason is None:
        return Sitting(meeting_id, day, day)
    return Sitting(meeting_id, day, calendar.add_working_days(day, 1), reason)


def sittings(
    meeting: Meeting,
    calendar: WorkingCalendar,
    start: date,
    end: date,
    anchor: date | None = None,
) -> list[Sitting]:
    """The sittings held from ``start`` to ``end`` (both included), in order.

    Occurrences on a bank holiday or closure day move to the next working day (see the module
    notes); ``anchor`` is the first sitting, required when :func:`needs_anchor`. A per-case
    meeting has none. Raises :class:`NeedsAnchor` when the rule needs an anchor and has none.
    """
    if is_per_case(meeting) or end < start:
        return []
    if anchor is None and needs_anchor(meeting):
        raise NeedsAnchor(meeting.id)
    first = anchor or (start - LOOKBACK).replace(day=1)
    rule = rrulestr(meeting.cadence, dtstart=_at_midnight(first))
    found: dict[date, Sitting] = {}
    after = max(first, start - LOOKBACK)
    for moment in rule.between(_at_midnight(after), _at_midnight(end), inc=True):
        sitting = move_off_closed_days(meeting.id, moment.date(), calendar)
        if start <= sitting.held <= end:
            kept = found.get(sitting.held)
            if kept is None or (kept.moved and not sitting.moved):
                found[sitting.held] = sitting
    return [found[day] for day in sorted(found)]


def sitting_on(
    meeting: Meeting, calendar: WorkingCalendar, day: date, anchor: date | None = None
) -> Sitting | None:
    """The sitting scheduled for, or held on, ``day``; None if the meeting does not sit then.

    A per-case meeting sits whenever it is convened: on ``day``, moved off a closed day.
    """
    if is_per_case(meeting):
        return move_off_closed_days(meeting.id, day, calendar)
    around = sittings(meeting, calendar, day - LOOKBACK, day + LOOKBACK, anchor)
    return next((s for s in around if day in (s.held, s.scheduled)), None)


def next_sitting(
    meeting: Meeting, calendar: WorkingCalendar, after: date, anchor: date | None = None
) -> Sitting | None:
    """The first sitting held after ``after``; None for a per-case meeting."""
    found = sittings(meeting, calendar, after + timedelta(days=1), after + LOOKAHEAD, anchor)
    return found[0] if found else None


def horizon_end(
    meeting: Meeting,
    pack: Pack,
    sitting: Sitting,
    calendar: WorkingCalendar,
    anchor: date | None = None,
) -> date:
    """The last day the sitting looks ahead to (see the module notes)."""
    if meeting.horizon:
        t = pack.timescale(meeting.horizon)
        if Unit(t.unit) is not Unit.YEARS:
            return due(_at_midnight(sitting.held), t.amount, Unit(t.unit), calendar).date()
    if is_per_case(meeting):
        return sitting.held
    following = next_sitting(meeting, calendar, sitting.held, anchor or sitting.scheduled)
    return sitting.held if following is None else following.held - timedelta(days=1)


def cutoff(meeting: Meeting, pack: Pack, sitting: Sitting, calendar: WorkingCalendar) -> date:
    """The last day a case may be added to the sitting's agenda (see the module notes)."""
    if meeting.cutoff:
        t = pack.timescale(meeting.cutoff)
        moment = due(_at_midnight(sitting.held), t.amount, Unit(t.unit), calendar, before=True)
        return moment.date()
    return calendar.add_working_days(sitting.held, -DEFAULT_CUTOFF_WORKING_DAYS)


def window(
    meeting: Meeting,
    pack: Pack,
    sitting: Sitting,
    calendar: WorkingCalendar,
    anchor: date | None = None,
) -> Window:
    """The sitting with its horizon and cut-off."""
    cite = pack.timescale(meeting.horizon).cite if meeting.horizon else meeting.cite
    return Window(
        sitting,
        horizon_end(meeting, pack, sitting, calendar, anchor),
        cutoff(meeting, pack, sitting, calendar),
        cite,
    )


@dataclass(frozen=True)
class CalendarEntry:
    """One agreed date on the shared transfer calendar: a transfer, or its joint visit."""

    on: date
    kind: str  # "transfer" or "joint visit"
    case_id: str
    transfer_id: int
    pathway_id: str
    from_team: str
    to_team: str | None
    disputed: bool = False  # agreed, then a disagreement was raised and is still open


@dataclass(frozen=True)
class CalendarWeek:
    """A week of the transfer calendar, Monday to Sunday, with its entries in date order."""

    monday: date
    entries: tuple[CalendarEntry, ...]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def calendar_weeks(entries: list[CalendarEntry], start: date, weeks: int) -> list[CalendarWeek]:
    """``weeks`` weeks from the week holding ``start``, each with its entries (empty weeks too)."""
    first = start - timedelta(days=start.weekday())
    ordered = sorted(entries, key=lambda e: (e.on, e.case_id, e.kind))
    out = []
    for number in range(weeks):
        monday = first + timedelta(weeks=number)
        sunday = monday + timedelta(days=6)
        out.append(CalendarWeek(monday, tuple(e for e in ordered if monday <= e.on <= sunday)))
    return out


def _at_midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def day_words(day: date) -> str:
    """``Tue 29 Dec 2026``, without the locale (the app may run under any)."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"
