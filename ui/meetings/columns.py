"""The columns of the meeting tables: sittings, agenda items, actions, the transfer calendar.

States are words first ("Held", "Agreed", "Overdue"); the badge colour only repeats them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.meeting_agenda import Reason, Why
from app.domain.meetings import CalendarEntry, Window, day_words
from app.domain.pack import Pack
from app.services.meeting_views import SittingSummary
from app.services.meetings import ActionRecord, AgendaEntry, DueAction
from ui import labels
from ui.rows_table import Column, place_column

SITTING_BADGES = {"planned": "running", "held": "met", "cancelled": "not_applicable"}
DECISION_BADGES = {"agreed": "met", "deferred": "incomplete", "declined": "blocked"}
READINESS_BADGES = {"ready": "ready", "gaps": "gaps", "incomplete": "incomplete"}


def day_text(day: date | None) -> str:
    """A date with its weekday ("Tue 29 Dec 2026"), or a dash."""
    return day_words(day) if day else "—"


# -- sittings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UpcomingRow:
    """A coming sitting, and its record once prepared."""

    window: Window
    stored: SittingSummary | None = None


def _moved(row: UpcomingRow) -> str:
    s = row.window.sitting
    return f"from {day_text(s.scheduled)} ({s.moved_because})" if s.moved else "—"


def _agenda_state(row: UpcomingRow) -> str:
    if row.stored is None:
        return "Not prepared"
    return f"{row.stored.record.status.capitalize()}, {_cases(row.stored.cases)}"


def _cases(count: int) -> str:
    return f"{count} case{'s' if count != 1 else ''}"


UPCOMING_COLUMNS: tuple[Column[UpcomingRow], ...] = (
    Column("Held on", lambda r: day_text(r.window.held), chars=16),
    Column("Moved", _moved, chars=30),
    Column(
        "Cut-off",
        lambda r: day_text(r.window.cutoff),
        row_tip=lambda r: "The last day to add a case",
        chars=16,
    ),
    Column(
        "Looks ahead to",
        lambda r: day_text(r.window.horizon_end),
        row_tip=lambda r: r.window.horizon_cite or None,
        chars=16,
    ),
    Column(
        "Agenda",
        _agenda_state,
        badge=lambda r: SITTING_BADGES.get(r.stored.record.status) if r.stored else None,
        chars=20,
    ),
)

ON_RECORD_COLUMNS: tuple[Column[SittingSummary], ...] = (
    Column("Held on", lambda s: day_text(s.record.held_on), chars=16),
    Column(
        "Status",
        lambda s: s.record.status.capitalize(),
        badge=lambda s: SITTING_BADGES.get(s.record.status),
        chars=12,
    ),
    Column("Cases", lambda s: str(s.cases), chars=6),
    Column("Decided", lambda s: f"{s.decided} of {s.cases}", chars=10),
    Column("Open actions", lambda s: str(s.open_actions), chars=14),
    Column("Area", lambda s: s.record.area.capitalize() or "—", chars=10),
)


# -- the agenda --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    """An agenda item with the child's name (its number is its place in the table)."""

    entry: AgendaEntry
    name: str = ""
    receiving_team: str | None = None  # as decided, or the transfer's

    @property
    def case_id(self) -> str:
        return self.entry.case_id


def reason_line(reason: Reason) -> str:
    """A reason with its source: "Proposed transfer date … (§4.2)"."""
    return f"{reason.text} ({reason.cite})" if reason.cite else reason.text


def _why(row: AgendaRow) -> str:
    reasons = row.entry.item.reasons
    first = reasons[0].text if reasons else "—"
    return first + (f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else "")


def _readiness(row: AgendaRow) -> str:
    readiness = row.entry.item.readiness
    return str(readiness).capitalize() if readiness else "No checklist"


def _added(row: AgendaRow) -> str:
    record = row.entry.record
    words = ["Added by you" if record.origin == "manual" else "By the pack's rules"]
    if record.late:
        words.append("late")
    if any(r.why is Why.CARRIED for r in row.entry.item.reasons):
        words.append("carried over")
    return ", ".join(words)


def _decision(row: AgendaRow) -> str:
    return (row.entry.record.decision or "not decided").capitalize()


AGENDA_COLUMNS: tuple[Column[AgendaRow], ...] = (
    place_column("No."),
    Column("Case ID", lambda r: r.case_id, chars=10),
    Column("Name", lambda r: r.name, chars=18),
    Column(
        "Why it is on",
        _why,
        row_tip=lambda r: "\n".join(reason_line(x) for x in r.entry.item.reasons) or None,
        chars=44,
    ),
    Column(
        "Readiness",
        _readiness,
        badge=lambda r: READINESS_BADGES.get(str(r.entry.item.readiness or "")),
        chars=12,
    ),
    Column(
        "Blockers",
        lambda r: "; ".join(b.title for b in r.entry.item.blockers) or "None",
        row_tip=lambda r: "\n".join(f"{b.title} ({b.cite})" for b in r.entry.item.blockers) or None,
        chars=18,
    ),
    Column(
        "Decision",
        _decision,
        badge=lambda r: DECISION_BADGES.get(r.entry.record.decision or ""),
        chars=12,
    ),
    Column("On the agenda", _added, chars=22),
)


def run_columns(pack: Pack) -> tuple[Column[AgendaRow], ...]:
    """The agenda as the meeting runs it: the case, its readiness and what was decided."""

    def team(row: AgendaRow) -> str:
        team_id = row.receiving_team
        if not team_id:
            return "—"
        try:
            return labels.team_short(pack.team(team_id).name)
        except KeyError:
            return team_id

    keep = ("No.", "Case ID", "Name", "Readiness", "Decision")
    return (
        *(c for c in AGENDA_COLUMNS if c.title in keep),
        Column("Receiving team", team, chars=20),
        Column("Transfer date", lambda r: day_text(r.entry.record.transfer_date), chars=16),
    )


# -- actions -----------------------------------------------------------------------------------


def _due_state(action: DueAction) -> str:
    if action.overdue:
        return "Overdue"
    return "Open" if action.action.due_on else "Open, no date"


OPEN_ACTION_COLUMNS: tuple[Column[DueAction], ...] = (
    Column("Due", lambda a: day_text(a.action.due_on), chars=16),
    Column("State", _due_state, badge=lambda a: "overdue" if a.overdue else "running", chars=16),
    Column("Action", lambda a: a.action.text, chars=36),
    Column("Owner", lambda a: a.action.owner, chars=16),
    Column("Case ID", lambda a: a.action.child_id or "Whole meeting", chars=12),
    Column("Agreed at", lambda a: f"{a.meeting_name}, {labels.day(a.held_on)}", chars=30),
)

SITTING_ACTION_COLUMNS: tuple[Column[ActionRecord], ...] = (
    Column("Case ID", lambda a: a.child_id or "Whole meeting", chars=12),
    Column("Action", lambda a: a.text, chars=34),
    Column("Owner", lambda a: a.owner, chars=16),
    Column("Due", lambda a: day_text(a.due_on), chars=16),
    Column(
        "Done",
        lambda a: labels.day(a.done_on) if a.done_on else "Open",
        badge=lambda a: "met" if a.done_on else "running",
        chars=15,
    ),
)


# -- the transfer calendar ---------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarRow:
    """A line of the transfer calendar: an agreed date in its week, or an empty week."""

    monday: date
    entry: CalendarEntry | None
    from_team: str = ""
    to_team: str = ""


def _week(row: CalendarRow) -> str:
    return f"Week of {labels.day(row.monday)}"


def _standing(row: CalendarRow) -> str:
    """Agreed, or agreed and then disputed (a disagreement between the teams is open)."""
    if row.entry is None:
        return "—"
    return "Disputed" if row.entry.disputed else "Agreed"


def _standing_tip(row: CalendarRow) -> str | None:
    if row.entry is None or not row.entry.disputed:
        return None
    return (
        f"Transfer {row.entry.transfer_id} was agreed, then a disagreement between the teams "
        "was raised: it is still open."
    )


CALENDAR_COLUMNS: tuple[Column[CalendarRow], ...] = (
    Column("Week", _week, chars=22),
    Column("Date", lambda r: day_text(r.entry.on) if r.entry else "Nothing agreed", chars=16),
    Column(
        "What",
        lambda r: r.entry.kind.capitalize() if r.entry else "—",
        badge=lambda r: ("met" if r.entry.kind == "transfer" else "running") if r.entry else None,
        chars=14,
    ),
    Column(
        "Status",
        _standing,
        tip="Agreed, or agreed and then disputed between the teams",
        row_tip=_standing_tip,
        badge=lambda r: ("alert" if r.entry.disputed else "met") if r.entry else None,
        chars=12,
    ),
    Column("Case ID", lambda r: r.entry.case_id if r.entry else "—", chars=12),
    Column("From", lambda r: r.from_team or "—", chars=24),
    Column("To", lambda r: r.to_team or "—", chars=24),
)
