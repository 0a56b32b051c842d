"""Readiness and next due date in words (and badge keys for their colours), for any table.

Colour is never the only signal: every state a colour marks is also in the text ("Blocked",
"overdue", "at risk").
"""

from __future__ import annotations

from datetime import date, timedelta

from app.services.register_rows import NO_CHECKLIST, RegisterRow
from ui import labels

#: A clock due within this many days is "at risk".
AT_RISK_DAYS = 7
WORKING_OUT = "Working out…"
#: Readiness filter choices: (text, value of RegisterFilter.readiness), "any" first.
READINESS_CHOICES = (
    ("Any readiness", None),
    ("Blocked: checklist stops the transfer", "blocked"),
    ("Gaps", "gaps"),
    ("Items to answer", "incomplete"),
    ("Ready", "ready"),
    ("No checklist", NO_CHECKLIST),
)


def readiness_text(row: RegisterRow, *, long: bool = False) -> str:
    """ "Ready", "3 gaps", "Blocked · 2 to answer", "No checklist" (a sentence when ``long``)."""
    if row.readiness is None:
        return WORKING_OUT
    if row.readiness == NO_CHECKLIST:
        return "No pathway with a checklist is open to this case." if long else "No checklist"
    if row.readiness == "ready":
        return f"Ready: every applicable item is met ({_pathway(row)})." if long else "Ready"
    if not long:
        counts = _counts(row, gaps_only=True)
        return f"Blocked · {counts}" if row.stops_transfer else counts
    counts = _counts(row)
    stops = (
        " The pack says an unfinished checklist stops this transfer." if row.stops_transfer else ""
    )
    return f"{counts.capitalize()} on the checklist ({_pathway(row)}).{stops}"


def readiness_badge(row: RegisterRow) -> str | None:
    """The badge colouring the readiness cell (None: plain)."""
    if row.readiness in (None, NO_CHECKLIST):
        return None
    return "blocked" if row.stops_transfer else row.readiness


def due_text(row: RegisterRow, today: date, *, long: bool = False) -> str:
    """ "3 Dec 2026", "3 Dec 2026 · at risk", "3 Nov 2026 · overdue" (a sentence when ``long``)."""
    if row.readiness is None:
        return WORKING_OUT
    if row.next_due is None:
        return "No clock is running on this case." if long else "—"
    day = labels.day(row.next_due)
    if row.overdue:
        return f"Overdue: the soonest clock fell due on {day}." if long else f"{day} · overdue"
    if _at_risk(row.next_due, today):
        return f"At risk: the soonest clock falls due on {day}." if long else f"{day} · at risk"
    return f"The soonest clock falls due on {day}." if long else day


def due_badge(row: RegisterRow, today: date) -> str | None:
    """The badge colouring the next-due cell (None: plain)."""
    if row.next_due is None:
        return None
    if row.overdue:
        return "overdue"
    return "warned" if _at_risk(row.next_due, today) else None


def _at_risk(due: date, today: date) -> bool:
    return due <= today + timedelta(days=AT_RISK_DAYS)


def _counts(row: RegisterRow, *, gaps_only: bool = False) -> str:
    """ "3 gaps, 2 to answer" (just "3 gaps" when ``gaps_only`` and there are gaps)."""
    parts = []
    if row.gaps:
        parts.append(f"{row.gaps} gap{'s' if row.gaps != 1 else ''}")
    if row.unanswered and not (gaps_only and parts):
        parts.append(f"{row.unanswered} to answer")
    return ", ".join(parts) or "to check"


def _pathway(row: RegisterRow) -> str:
    return f"pathway {row.pathway_id}" if row.pathway_id else "no pathway"
