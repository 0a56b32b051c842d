"""Words the desktop shows for codes: legal statuses, flags, events, file items, statuses."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.domain.vocabulary import EVENTS, FILE_ITEMS, FLAGS, LEGAL_STATUSES

if TYPE_CHECKING:  # the first window shows the register before the pack has loaded
    from app.domain.pack import Pack

#: Words a pack adds to the shared vocabulary (its own flags, events, statuses, file items).
_PACK_WORDS: dict[str, dict[str, str]] = {"flags": {}, "events": {}, "statuses": {}, "files": {}}
SHORT_LIMIT = 24

#: Short names of legal statuses for narrow columns; the full name is the tooltip.
SHORT_STATUSES: dict[str, str] = {
    "C1": "ICO (s38)",
    "C2": "Care order (s31)",
    "D1": "Freeing order",
    "E1": "Placement order",
    "J1": "Remand",
    "J2": "PACE",
    "J3": "YRO residence",
    "L1": "Police protection",
    "L2": "EPO",
    "L3": "CAO",
    "V2": "s20",
    "V3": "Short breaks",
    "V4": "Short breaks",
    "CIN": "CIN (s17)",
    "CP": "CP plan",
    "S47": "s47 enquiry",
    "EH": "Early help",
    "ELIGIBLE": "Eligible",
    "RELEVANT": "Relevant",
    "FORMER_RELEVANT": "Former relevant",
    "QUALIFYING": "Qualifying",
}

#: Flags that stop or slow a transfer in at least one procedure: shown as alerts.
ALERT_FLAGS = frozenset(
    {
        "in_care_proceedings",
        "missing",
        "placement_in_crisis",
        "s47_ongoing",
        "statutory_visits_outstanding",
        "homeless_16_17",
    }
)

#: Short names of flags for the register column.
SHORT_FLAGS: dict[str, str] = {
    "in_care_proceedings": "Proceedings",
    "missing": "Missing",
    "placement_in_crisis": "Placement crisis",
    "s47_ongoing": "s47 ongoing",
    "statutory_visits_outstanding": "Visits outstanding",
    "homeless_16_17": "Homeless 16/17",
    "adopted": "Adopted",
    "adoption_plan": "Adoption plan",
    "pre_proceedings": "PLO",
    "remanded": "Remanded",
    "consent_early_help": "EH consent",
    "parental_consent": "Parental consent",
    "interim_safety_plan": "Interim safety plan",
    "s47_required": "s47 required",
    "paper_cf_assessment": "Paper C&F assessment",
    "siblings_need_fst": "Siblings need FST",
    "private_fostering": "Private fostering",
}


def use_pack(pack: Pack) -> None:
    """Learn the words ``pack`` adds to the shared vocabulary."""
    vocabulary = pack.vocabulary
    for kind, terms in (
        ("flags", vocabulary.flags),
        ("events", vocabulary.events),
        ("statuses", vocabulary.statuses),
        ("files", vocabulary.file_items),
    ):
        _PACK_WORDS[kind] = {term.id: term.label for term in terms}


def _pretty(code: str) -> str:
    return code.replace("_", " ").replace("-", " ").capitalize()


def status_short(code: str) -> str:
    """A legal status in a few words (``C2`` → "Care order (s31)")."""
    return SHORT_STATUSES.get(code, code)


def status_long(code: str) -> str:
    """A legal status in full, with its code."""
    name = LEGAL_STATUSES.get(code) or _PACK_WORDS["statuses"].get(code, code)
    return f"{name} [{code}]"


def flag_label(flag: str) -> str:
    """A flag's full label."""
    return FLAGS.get(flag) or _PACK_WORDS["flags"].get(flag) or _pretty(flag)


def flag_short(flag: str) -> str:
    """A flag in a few words (its label when short, else its id in words)."""
    if flag in SHORT_FLAGS:
        return SHORT_FLAGS[flag]
    label = flag_label(flag)
    return label if len(label) <= SHORT_LIMIT else _pretty(flag)


def event_label(kind: str) -> str:
    """An event kind in words."""
    return EVENTS.get(kind) or _PACK_WORDS["events"].get(kind) or _pretty(kind)


def file_item_label(kind: str) -> str:
    """A case-file item in words."""
    return FILE_ITEMS.get(kind) or _PACK_WORDS["files"].get(kind) or _pretty(kind)


def day(value: date | None) -> str:
    """A date as managers write it: 3 Mar 2026."""
    return f"{value.day} {value:%b %Y}" if value else "—"


def age_text(years: int | None, expected_dob: date | None = None) -> str:
    """An age for display: "7", "Unborn"."""
    if years is None:
        return "Unborn" if expected_dob else "—"
    return str(years)


def team_short(name: str, limit: int = 28) -> str:
    """A team's name for a narrow column: "S.T.E.P (Support Teenagers …)" → "S.T.E.P"."""
    if len(name) <= limit or " (" not in name:
        return name
    return name.split(" (", 1)[0]
