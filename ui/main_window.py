"""The main window: the caseload register in the first tab, one tab per opened case.

It shows either the empty state (no caseload yet) or a workspace. Opening a demo or importing a
file is the :class:`~ui.desktop.Desktop` controller's job: the window only asks for it.

A fresh start shows the register first (:meth:`MainWindow.show_first`, made with ``menus=False``)
and imports the rest of the core after that has painted: the case records, views and menus
(:meth:`MainWindow.make_menus`) are imported when first needed, not with this module.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from app.services.first_register import FirstRegister
from ui import labels
from ui.empty_state import EmptyState
from ui.readiness_worker import ReadinessProgress
from ui.register_panel import RegisterPanel

if TYPE_CHECKING:  # the core: imported after the first window has painted
    from app.domain.pack import Pack
    from app.services.register import Register
    from app.services.workspace import Workspace
    from ui.case_record import CaseRecordWidget
    from ui.readiness_view import ReadinessView

APP_TITLE = "Transfer Desk"
MENU_TITLES = ("&File", "&Edit", "&Case", "&View", "&Help")
VIEW_KEY = "transferDeskView"  # the Qt property naming a manager's view tab
Typing = list[tuple[object, ...] | None]  # a case's unsaved typing, form by form


class MainWindow(QMainWindow):
    """The desktop's one main window."""

    demo_requested = Signal()
    import_requested = Signal()
    new_requested = Signal()
    #: The open caseload is about to close (lock, another caseload, the window closing): work
    #: reading it in the background must end first.
    caseload_closing = Signal()

    def __init__(
        self,
        settings: QSettings,
        today: date,
        parent: QWidget | None = None,
        *,
        menus: bool = True,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.today = today
        self.workspace: Workspace | None = None
        self.panel: RegisterPanel | None = None
        self.empty: EmptyState | None = None
        self.undo_group = QUndoGroup(self)  # a stack per case tab; the one in front is active
        self.tabs = self._new_tabs()
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setMinimumWidth(self.counts.fontMetrics().averageCharWidth() * 34)
        self.pack_label = QLabel()
        self.pack_label.setObjectName("packLabel")
        self.readiness_progress = ReadinessProgress()
        self.statusBar().addWidget(self.counts)
        self.statusBar().addWidget(self.readiness_progress)
        self.statusBar().addPermanentWidget(self.pack_label)
        self.menus_made = False
        #: Loads the rest of the core now (set by a fast start: ``ui.startup``); an action that
        #: needs the workspace calls it first.
        self.finish_loading: Callable[[], None] = lambda: None
        if menus:
            self.make_menus()
        else:  # the first window: the same menu bar, greyed until the core has loaded
            for title in MENU_TITLES:
                self.menuBar().addMenu(title).setEnabled(False)
        self.setWindowTitle(APP_TITLE)
        self.resize(1280, 800)
        self._restore_geometry()

    # -- what the window shows ------------------------------------------------------------------

    def show_empty(self, database: Path) -> None:
        """No caseload at ``database``: explain and offer the demo or an import."""
        self._drop_workspace()
        self.empty = EmptyState(database)
        self.empty.demo_requested.connect(self.demo_requested)
        self.empty.import_requested.connect(self.import_requested)
        self.empty.new_requested.connect(self.new_requested)
        self.setCentralWidget(self.empty)
        self.counts.setText("No caseload open")
        self.pack_label.clear()
        self.setWindowTitle(APP_TITLE)
        self._set_case_actions(False)
        self.empty.setFocus()

    def show_locked(self, screen: QWidget) -> None:
        """Close the caseload and every tab (register, cases, views); show only ``screen``."""
        self._drop_workspace()
        self.setCentralWidget(screen)  # the tabs are hidden now and deleted with their models
        self.counts.setText("Locked")
        self.pack_label.clear()
        self.pack_label.setToolTip("")
        self.setWindowTitle(f"Locked — {APP_TITLE}")
        self._set_case_actions(False)
        screen.setFocus()

    def open_case_ids(self) -> list[str]:
        """The cases whose records are open in tabs, left to right."""
        tabs = (self.tabs.widget(index) for index in range(self.tabs.count()))
        return [tab.view.case_id for tab in tabs if isinstance(tab, _case_records())]

    def unsaved_typing(self) -> dict[str, Typing]:
        """Each open case's unsaved typing on its Edit page, by case id (to keep across a lock)."""
        tabs = (self.tabs.widget(index) for index in range(self.tabs.count()))
        records = [tab for tab in tabs if isinstance(tab, _case_records())]
        return {r.view.case_id: r.edit_page.typed() for r in records if r.edit_page is not None}

    def put_typing(self, typing: dict[str, Typing]) -> None:
        """Put back what :meth:`unsaved_typing` kept, into the cases' tabs open now."""
        for case_id, typed in typing.items():
            record = self._case_tab_of(case_id)
            if record is not None and record.edit_page is not None:
                record.edit_page.put_typed(typed)

    def show_workspace(self, ws: Workspace, *, demo: bool = False) -> None:
        """Show the register of ``ws`` (closing any caseload shown before); when the first
        window shows that caseload's register already, hand it the workspace instead."""
        from app.services.register import Register

        first = self.panel.first if self.panel is not None else None
        if first is not None and first.path.absolute() == ws.path.absolute():
            self.workspace = ws
            labels.use_pack(ws.pack)
            self.panel.use_register(Register(ws, self.today))  # type: ignore[union-attr]
        else:
            self._drop_workspace()
            self.workspace = ws
            labels.use_pack(ws.pack)
            self._show_register(Register(ws, self.today))
            self.panel.focus_search()  # type: ignore[union-attr]
        self._show_pack(ws.pack, demo)
        self.setWindowTitle(f"{ws.path.name}{' (demo)' if demo else ''} — {APP_TITLE}")
        self._set_case_actions(True)

    def show_first(self, first: FirstRegister, *, demo: bool = False) -> None:
        """Show the first window's register (real rows, before the core has loaded); the
        desktop hands it the workspace with :meth:`show_workspace` once it has opened."""
        self._show_register(first)
        self.setWindowTitle(f"{first.path.name}{' (demo)' if demo else ''} — {APP_TITLE}")
        self.panel.focus_search()  # type: ignore[union-attr]

    def _show_register(self, register: Register | FirstRegister) -> None:
        self.panel = RegisterPanel(register, self.settings)
        self.panel.case_requested.connect(self.open_case)
        self.panel.counts_changed.connect(self._show_counts)
        self._follow_readiness(self.panel)
        self.tabs.addTab(self.panel, "Caseload")
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.setCentralWidget(self.tabs)
        self.panel.announce_counts()

    def open_case(self, case_id: str) -> CaseRecordWidget | None:
        """Open (or bring forward) the case record of ``case_id``."""
        self.finish_loading()
        if self.workspace is None:
            return None
        shown = self._case_tab_of(case_id)
        if shown is not None:
            self.tabs.setCurrentWidget(shown)
            return shown
        from app.services.register import CaseNotFound
        from ui.case_record import CaseRecordWidget, load_case

        try:
            view = load_case(self.workspace, case_id, self.today)
        except CaseNotFound:
            QMessageBox.information(
                self,
                APP_TITLE,
                f"Case {case_id} is no longer on the caseload. The register has been refreshed.",
            )
            self.refresh()
            return None
        record = CaseRecordWidget(view, self.workspace)
        record.add_actions(self.transfers.buttons())
        if record.undo_stack is not None:
            self.undo_group.addStack(record.undo_stack)
        record.changed.connect(self.case_changed)
        index = self.tabs.addTab(record, f"{case_id} · {view.record.snapshot.child.given_name}")
        self.tabs.setTabToolTip(index, view.record.snapshot.child.display_name)
        self.tabs.setCurrentIndex(index)
        record.pages.setFocus()
        return record

    def open_view(self, key: str, title: str, make: Callable[[], QWidget]) -> QWidget | None:
        """Open (or bring forward) a manager's view such as the Due list, as a closable tab.

        ``key`` names the view so a second request brings the same tab forward; ``make`` builds
        the widget the first time. Nothing opens without a caseload.
        """
        if self.workspace is None:
            return None
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if widget.property(VIEW_KEY) == key:
                self.tabs.setCurrentIndex(index)
                return widget
        widget = make()
        widget.setProperty(VIEW_KEY, key)
        self.tabs.setCurrentIndex(self.tabs.addTab(widget, title))
        return widget

    def case_tab(self) -> CaseRecordWidget | None:
        """The case record in front, if a case tab is current."""
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, _case_records()) else None

    def _case_in_front(self) -> tuple[Workspace, str] | None:
        """The workspace and the case whose record is in front (for the transfer wizard)."""
        record = self.case_tab()
        if self.workspace is None or record is None:
            return None
        return self.workspace, record.view.case_id

    def case_changed(self, case_id: str) -> None:
        """A case changed (an edit or its undo, an audit recorded): work out its readiness and
        due date again, read the register again, and let its tab title follow."""
        if self.panel is not None:
            self.panel.case_changed(case_id)
        shown = self._case_tab_of(case_id)
        if shown is not None:
            index = self.tabs.indexOf(shown)
            child = shown.view.record.snapshot.child
            self.tabs.setTabText(index, f"{case_id} · {child.given_name}")
            self.tabs.setTabToolTip(index, child.display_name)

    def _reload_case(self, case_id: str) -> None:
        """A transfer was saved: read the register and the case's record again (in place, so
        its undo history and anything typed on its Edit page stay)."""
        self.case_changed(case_id)
        shown = self._case_tab_of(case_id)
        if shown is not None:
            shown.reload()

    def _case_tab_of(self, case_id: str) -> CaseRecordWidget | None:
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if isinstance(widget, _case_records()) and widget.view.case_id == case_id:
                return widget
        return None

    def refresh(self) -> None:
        """Read the register again (after an import, say)."""
        if self.panel is not None:
            self.panel.model.refresh()

    # -- actions --------------------------------------------------------------------------------

    def make_menus(self) -> None:
        """The menus and their actions (replacing the first window's greyed ones)."""
        for greyed in self.menuBar().findChildren(QMenu):
            greyed.deleteLater()
        self.menuBar().clear()
        self._make_menus()
        self.menus_made = True
        self._set_case_actions(self.workspace is not None)
        self._follow_tab(self.tabs.currentIndex())

    def _make_menus(self) -> None:
        from ui import disagreements, due_view
        from ui.meetings.menu import MeetingMenu
        from ui.printing import PrintLauncher
        from ui.wizard.launcher import TransferLauncher

        file_menu = self.file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Import a caseload…", self.import_requested.emit, "Ctrl+I")
        self._action(file_menu, "Open the &demo caseload", self.demo_requested.emit)
        file_menu.addSeparator()
        # Lock, passphrase and encryption (ui/protect) go in above Quit.
        self.quit_action = self._action(
            file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit
        )
        self._make_edit_menu()
        case_menu = self.case_menu = self.menuBar().addMenu("&Case")
        self.find_action = self._action(
            case_menu, "&Find a case", self.find_case, QKeySequence.StandardKey.Find
        )
        self.open_action = self._action(case_menu, "&Open the selected case", self._open_selected)
        self.close_action = self._action(
            case_menu, "&Close this case", self.close_current_case, QKeySequence.StandardKey.Close
        )
        self.register_action = self._action(
            case_menu, "Back to the case&load", self.show_register, "Ctrl+1"
        )
        case_menu.addSeparator()
        self.transfers = TransferLauncher(self, self._case_in_front, self.today)
        self.transfers.install(case_menu)
        self.transfers.transfers_changed.connect(self._reload_case)
        case_menu.addSeparator()
        self.printing = PrintLauncher(self, self._case_in_front)
        self.printing.install(case_menu)
        # Manager's views across the caseload (Due, meetings, disagreements …) add themselves here.
        self.view_menu = self.menuBar().addMenu("&View")
        due_view.install(self)
        disagreements.install(self)
        self._action(self.view_menu, "&Readiness", self.show_readiness, "Ctrl+Shift+R")
        self.meetings = MeetingMenu(self)
        self.meetings.install(self.view_menu)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Transfer Desk", self._about)

    def _make_edit_menu(self) -> None:
        edit_menu = self.edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.edit_action = self._action(edit_menu, "&Edit this case", self.edit_case, "F2")
        self.edit_action.setEnabled(False)  # until a case is in front

    def edit_case(self) -> None:
        """F2: the Edit page of the case in front."""
        record = self.case_tab()
        if record is not None:
            record.start_editing()

    def _follow_tab(self, _index: int) -> None:
        """Undo and redo act on the case tab in front (nothing for the register or a view)."""
        record = self.case_tab()
        self.undo_group.setActiveStack(record.undo_stack if record is not None else None)
        if not self.menus_made:
            return
        self.edit_action.setEnabled(record is not None and record.undo_stack is not None)

    def _action(self, menu: object, text: str, slot: object, shortcut: object = None) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every platform binding: Ctrl+W as well as Ctrl+F4
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
        action.triggered.connect(slot)  # type: ignore[arg-type]
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _set_case_actions(self, enabled: bool) -> None:
        """Grey (or enable again) every action of the Edit, Case and View menus: each needs a
        caseload, which is closed when locked. The menus' titles stay, to show what is there.

        Undo and Redo follow the undo stack in front, and Edit the case in front: cleared when
        closed (a case's stack lives until its deleted tab goes), worked out again when open.
        """
        if not self.menus_made:
            return
        if not enabled:
            self.undo_group.setActiveStack(None)
        followed = (self.undo_action, self.redo_action, self.edit_action)
        for menu in (self.edit_menu, self.case_menu, self.view_menu):
            for action in _actions_of(menu):
                if action not in followed:
                    action.setEnabled(enabled)
        if enabled:
            self._follow_tab(self.tabs.currentIndex())
        else:
            self.edit_action.setEnabled(False)

    def find_case(self) -> None:
        """Ctrl+F: go to the register and put the cursor in its search box."""
        if self.panel is not None:
            self.tabs.setCurrentIndex(0)
            self.panel.focus_search()

    def show_register(self) -> None:
        """Bring the register tab forward."""
        if self.panel is not None:
            self.tabs.setCurrentIndex(0)
            self.panel.table.setFocus()

    def show_readiness(self) -> QWidget | None:
        """View ▸ Readiness: every case's checklist readiness, with totals."""
        if self.panel is None:
            return None
        register = self.panel.register
        return self.open_view("readiness", "Readiness", lambda: self._readiness_view(register))

    def _readiness_view(self, register: Register) -> ReadinessView:
        from ui.readiness_view import ReadinessView

        view = ReadinessView(register, self.settings)
        view.case_requested.connect(self.open_case)
        if self.panel is not None:
            self.panel.work_finished.connect(view.states_installed)
        return view

    def _follow_readiness(self, panel: RegisterPanel) -> None:
        progress = self.readiness_progress
        panel.work_started.connect(progress.started)
        panel.work_progressed.connect(progress.progressed)
        panel.work_finished.connect(progress.finished)
        panel.work_failed.connect(progress.failed)

    def _open_selected(self) -> None:
        if self.panel is not None:
            self.panel.open_current()

    def close_current_case(self) -> None:
        """Ctrl+W: close the tab in front (a case or a view; the register stays)."""
        self.close_tab(self.tabs.currentIndex())

    def close_tab(self, index: int) -> None:
        """Close a case or view tab (the register tab stays)."""
        widget = self.tabs.widget(index)
        if isinstance(widget, _case_records()) and not widget.may_close():
            return
        if widget is not None and widget is not self.panel:
            self.tabs.removeTab(index)
            widget.deleteLater()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Transfer Desk",
            "Transfer Desk 0.1 — case transfers for children's services team "
            "managers: pathways, checklists and clocks from your authority's "
            "procedure.",
        )

    def _show_pack(self, pack: Pack, demo: bool) -> None:
        info = pack.pack
        marker = "DEMO: fictional children  ·  " if demo else ""
        self.pack_label.setText(f"{marker}{_short_title(info.title)} (pack {info.version})")
        self.pack_label.setToolTip(f"{info.title}\n{info.authority}\nPack {info.id} {info.version}")

    def _show_counts(self, matching: int, caseload: int) -> None:
        shown = "all" if matching == caseload else f"{matching:,}"
        self.counts.setText(f"Showing {shown} of {caseload:,} children")

    # -- lifetime -------------------------------------------------------------------------------

    def _new_tabs(self) -> QTabWidget:
        tabs = QTabWidget()
        tabs.setObjectName("mainTabs")
        tabs.setDocumentMode(True)
        tabs.setTabsClosable(True)
        tabs.tabCloseRequested.connect(self.close_tab)
        tabs.currentChanged.connect(self._follow_tab)
        return tabs

    def say(self, message: str) -> None:
        """A message in the status bar for ten seconds (nothing for an empty one)."""
        if message:
            self.statusBar().showMessage(message, 10_000)

    def _drop_workspace(self) -> None:
        if self.workspace is not None:
            self.caseload_closing.emit()
        if self.menus_made:  # the documents opened in the viewer go with the caseload
            from ui.printing import discard_viewed

            discard_viewed()
        # The old tabs stay on screen until the next central widget replaces (and deletes)
        # them; from now on every tab lookup sees an empty set, never a deleted widget.
        self.tabs = self._new_tabs()
        if self.panel is not None:
            self.panel.save_state(self.settings)
            self.panel.stop_background()
        self.readiness_progress.finished()
        self.panel = None
        self.empty = None
        if self.workspace is not None:
            self.workspace.database.close()
            self.workspace = None

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if isinstance(widget, _case_records()) and not widget.may_close():
                self.tabs.setCurrentIndex(index)
                event.ignore()
                return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self._drop_workspace()
        self.settings.sync()
        super().closeEvent(event)


def _actions_of(menu: QMenu) -> list[QAction]:
    """The actions of ``menu`` and of its submenus (a submenu's own action included)."""
    found = []
    for action in menu.actions():
        found.append(action)
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            found += _actions_of(submenu)
    return found


def _case_records() -> tuple[type[CaseRecordWidget], ...]:
    """The case record's class for ``isinstance``, once imported (no case tab exists before)."""
    module = sys.modules.get("ui.case_record")
    return (module.CaseRecordWidget,) if module is not None else ()


def _short_title(title: str, limit: int = 60) -> str:
    """A pack title for the status bar: up to its first comma or bracket, at most ``limit``."""
    short = re.split(r"[,(]", title, maxsplit=1)[0].strip()
    return short if len(short) <= limit else short[: limit - 1] + "…"
