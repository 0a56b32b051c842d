"""Printed words: dates in the British style, and user text made safe for paragraph markup."""

from __future__ import annotations

import re
from datetime import date, datetime
from xml.sax.saxutils import escape

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_BLANK_LINES = re.compile(r"\n\s*\n")
NONE_RECORDED = "None recorded."


def fmt_date(value: date | None) -> str:
    """``3 March 2026`` (no locale involved); an empty string for no date."""
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def fmt_long_date(value: date) -> str:
    """``Tuesday 3 March 2026``."""
    return f"{_DAYS[value.weekday()]} {fmt_date(value)}"


def fmt_short_date(value: date | None) -> str:
    """``3 Mar 2026``: for narrow table columns."""
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1][:3]} {value.year}"


def fmt_datetime(value: datetime) -> str:
    """``3 March 2026, 14:05``."""
    return f"{fmt_date(value)}, {value:%H:%M}"


def fmt_short_datetime(value: datetime) -> str:
    """``3 Mar 2026 14:05``: for narrow table columns."""
    return f"{fmt_short_date(value)} {value:%H:%M}"


def esc(text: str) -> str:
    """User text as paragraph markup: ``&``, ``<`` and ``>`` escaped, line breaks kept."""
    return escape(text.strip()).replace("\n", "<br/>")


def split_paragraphs(text: str) -> list[str]:
    """Free text split into paragraphs at blank lines."""
    return [part.strip() for part in _BLANK_LINES.split(text.strip()) if part.strip()]


def join_ids(ids: tuple[str, ...]) -> str:
    return ", ".join(ids)


def titled(title: str, cite: str) -> str:
    """``Checklist (Appendix A)``, or whichever of the two is given."""
    if title and cite:
        return f"{title} ({cite})"
    return title or cite
