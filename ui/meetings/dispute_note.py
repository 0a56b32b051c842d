"""Beside a decision: the open disagreements on the transfer it is about, stage in words.

The run screen is a manager's view (never the child's record), so it may say that the teams
disagree, how far up the pack's ladder it has gone and with whom it sits now. Agreeing the
transfer settles them (:mod:`app.services.meeting_decisions`); the note says so before it is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from app.domain.meetings import day_words
from app.services.disagreements import DisagreementView
from app.services.meeting_decisions import settled_at_meeting
from ui.badges import is_dark


def stage_words(view: DisagreementView) -> str:
    """ "Raised Tue 1 Dec 2026: level 1 of 3, with the Team managers of …" (and overdue)."""
    record = view.record
    text = f"Raised {day_words(record.raised_at.date())}: level {record.level} of "
    text += f"{view.top_level}, with {view.sits_with}"
    return text + ("; its clock is overdue" if view.overdue else "")


def dispute_words(views: Sequence[DisagreementView], held: date) -> str:
    """What the note says of the transfer's open disagreements, a line each ("" for none)."""
    if not views:
        return ""
    transfer_id = views[0].record.transfer_id
    one = len(views) == 1
    count = "an open disagreement" if one else f"{len(views)} open disagreements"
    lines = [f"Disputed: transfer {transfer_id} has {count}."]
    lines += [f"• {stage_words(v)}." for v in views]
    if any(v.record.raised_at.date() > held for v in views):
        lines.append(
            "Raised after this sitting, so it cannot be agreed here: resolve it in the "
            "Disagreements view, or decide at a later sitting."
        )
    else:
        lines.append(
            f"Recording Agreed resolves {'it' if one else 'them'} as "
            f"\u201c{settled_at_meeting(held)}\u201d; Deferred or Declined leave the dispute open."
        )
    return "\n".join(lines)


class DisputeNote(QLabel):
    """A warning line, in words, shown only while the selected case's transfer is disputed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBanner")
        self.setWordWrap(True)
        self.setProperty("dark", is_dark(self.palette()))
        self.setVisible(False)

    def show_views(self, views: Sequence[DisagreementView], held: date) -> None:
        """Say what is open on the transfer (hidden when nothing is)."""
        text = dispute_words(views, held)
        self.setText(text)
        self.setAccessibleName(text or "No open disagreement")
        self.setVisible(bool(text))
