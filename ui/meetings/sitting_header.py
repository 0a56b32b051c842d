"""The heading of a sitting's screens: the meeting, the day held (and why it moved), the cut-off,
how far it looks, its status and the pack it was planned under; the standard agenda below."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.meetings import day_words
from app.services.meetings import AgendaView
from ui.widgets import wrapping_label


class SittingHeader(QWidget):
    """Title and facts of one sitting; :meth:`show` fills them from an agenda view."""

    def __init__(self, *, headings: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.with_headings = headings
        self.title = QLabel()
        self.title.setObjectName("meetingTitle")
        self.facts = wrapping_label()
        self.facts.setAccessibleName("About this sitting")
        self.headings = wrapping_label()
        self.headings.setAccessibleName("Standard agenda")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.facts, self.headings):
            layout.addWidget(widget)

    def show_view(self, view: AgendaView, cases: int | None = None) -> None:
        """Show the sitting of ``view``, with ``cases`` on its agenda (the view's when None: an
        editor that changed the agenda row by row counts its own)."""
        s, win = view.sitting, view.window
        self.title.setText(f"{view.meeting.name} — {day_words(s.held_on)}")
        self.title.setAccessibleName(self.title.text())
        moved = win.sitting.moved_because
        facts = [f"Status: {s.status.capitalize()}."]
        if moved:
            facts.append(f"Moved from {day_words(s.scheduled_on)} ({moved}).")
        if s.area:
            facts.append(f"Area: {s.area.capitalize()}.")
        facts.append(f"Cut-off for adding cases: {day_words(win.cutoff)}.")
        facts.append(f"Looks ahead to {day_words(win.horizon_end)}.")
        count = len(view.entries) if cases is None else cases
        facts.append(f"{count} case(s). Pack {s.pack_id} version {s.pack_version}.")
        if view.earlier_actions:
            facts.append(f"{len(view.earlier_actions)} open action(s) from earlier sittings.")
        self.facts.setText(" ".join(facts))
        agenda = view.meeting.agenda
        self.headings.setVisible(bool(agenda) and self.with_headings)
        numbered = "\n".join(f"  {n}. {text}" for n, text in enumerate(agenda, start=1))
        self.headings.setText(f"Standard agenda ({view.meeting.cite}):\n{numbered}")
