"""The View menu's meeting actions and the tabs they open.

The views are imported when one is first opened: they bring the agenda and minutes PDFs
(reportlab), which the first window does not need.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.services import meeting_views
from app.services.workspace import Workspace
from ui import labels

if TYPE_CHECKING:  # the main window installs this menu; the views load when first opened
    from ui.main_window import MainWindow
    from ui.meetings.agenda_editor import AgendaEditor
    from ui.meetings.lists import ActionsView, CalendarView
    from ui.meetings.meetings_view import MeetingsView
    from ui.meetings.run_view import RunMeetingView

View = TypeVar("View", bound=QWidget)
TAB_NAME_LIMIT = 30  # characters of a meeting's name in its tab's title


class MeetingMenu(QObject):
    """The View menu's meeting actions, and the tabs they open in ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def install(self, menu: QMenu) -> None:
        """Add "Transfer meetings", "Meeting actions" and "Transfer calendar" to ``menu``."""
        for text, shortcut, slot in (
            ("Transfer &meetings", "Ctrl+Shift+M", self.open_meetings),
            ("Open meeting &actions", "Ctrl+Shift+O", self.open_actions),
            ("Transfer &calendar", "Ctrl+Shift+K", self.open_calendar),
        ):
            action = QAction(text, self.window)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            menu.addAction(action)

    def open_meetings(self) -> MeetingsView | None:
        """The Meetings view (brought forward if open)."""
        from ui.meetings.meetings_view import MeetingsView

        def make() -> QWidget:
            view = MeetingsView(self._ws(), self.window.today)
            view.agenda_requested.connect(self.open_agenda)
            view.run_requested.connect(self.open_run)
            return view

        return self._open("meetings", "Meetings", make, MeetingsView)

    def open_agenda(self, meeting_id: int) -> AgendaEditor | None:
        """The agenda editor of a sitting."""
        from ui.meetings.agenda_editor import AgendaEditor

        def make() -> QWidget:
            editor = AgendaEditor(self._ws(), meeting_id, self.window.settings)
            editor.case_requested.connect(self.window.open_case)
            editor.changed.connect(self._refresh_meetings)
            return editor

        title = f"Agenda · {self._held(meeting_id)}"
        return self._open(f"meeting-agenda-{meeting_id}", title, make, AgendaEditor)

    def open_run(self, meeting_id: int) -> RunMeetingView | None:
        """The screen to run a sitting: attendance, decisions, actions, minutes."""
        from ui.meetings.run_view import RunMeetingView

        def make() -> QWidget:
            run = RunMeetingView(self._ws(), meeting_id, self.window.today, self.window.settings)
            run.case_requested.connect(self.window.open_case)
            run.transfers_changed.connect(self.window.case_changed)
            run.changed.connect(self._refresh_meetings)
            run.disputes_settled.connect(self._refresh_disagreements)
            return run

        title = f"Meeting · {self._held(meeting_id)}"
        return self._open(f"meeting-run-{meeting_id}", title, make, RunMeetingView)

    def open_actions(self) -> ActionsView | None:
        """The open actions of every sitting."""
        from ui.meetings.lists import ActionsView

        def make() -> QWidget:
            view = ActionsView(self._ws(), self.window.today)
            view.case_requested.connect(self.window.open_case)
            return view

        return self._open("meeting-actions", "Meeting actions", make, ActionsView)

    def open_calendar(self) -> CalendarView | None:
        """The shared transfer calendar."""
        from ui.meetings.lists import CalendarView

        def make() -> QWidget:
            view = CalendarView(self._ws(), self.window.today)
            view.case_requested.connect(self.window.open_case)
            return view

        return self._open("transfer-calendar", "Transfer calendar", make, CalendarView)

    # -- helpers -------------------------------------------------------------------------------

    def _open(
        self, key: str, title: str, make: Callable[[], QWidget], kind: type[View]
    ) -> View | None:
        widget = self.window.open_view(key, title, make)
        if isinstance(widget, kind):
            widget.setFocus()
            return widget
        return None

    def _ws(self) -> Workspace:
        ws = self.window.workspace
        if ws is None:  # open_view makes nothing without a caseload
            raise RuntimeError("no caseload is open")
        return ws

    def _held(self, meeting_id: int) -> str:
        """ "Case Transfer Meeting, 30 Nov 2026": which meeting a tab is, in a few words."""
        ws = self.window.workspace
        if ws is None:
            return ""
        sitting = meeting_views.sitting(ws, meeting_id)
        name = meeting_views.meeting_name(ws, sitting.meeting_type).split(" (", 1)[0]
        short = name if len(name) <= TAB_NAME_LIMIT else name[: TAB_NAME_LIMIT - 1] + "…"
        return f"{short}, {labels.day(sitting.held_on)}"

    def _views(self) -> list[QWidget]:
        tabs = self.window.tabs
        return [w for w in (tabs.widget(i) for i in range(tabs.count())) if w is not None]

    def _refresh_disagreements(self) -> None:
        """A decision settled disagreements: their view and the Due view read again."""
        from ui.disagreements import DisagreementsView, reload_due

        reload_due(self.window)
        for view in self._views():
            if isinstance(view, DisagreementsView):
                view.reload()

    def _refresh_meetings(self) -> None:
        """A sitting changed: the other open meeting lists and agendas read again."""
        from ui.meetings.agenda_editor import AgendaEditor
        from ui.meetings.lists import ActionsView, CalendarView
        from ui.meetings.meetings_view import MeetingsView

        changed_by = self.sender()
        for view in self._views():
            if view is changed_by:
                continue
            if isinstance(view, MeetingsView | ActionsView | CalendarView):
                view.refresh()
            elif isinstance(view, AgendaEditor):
                view.refresh_decisions()
