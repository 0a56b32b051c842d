"""The case record: a header and five pages about one child's case, and an Edit page.

Everything shown is read through the services (``case_record``, ``case_pathways``,
``case_deadlines``, ``case_audits``) when the case is opened and again after each edit; edits
are written through :mod:`app.services.editing`. The widget itself never talks to the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.engine import ClockState, Deadline, OptionStatus, PathwayOption
from app.domain.pack import Pack
from app.services.caseload import CaseAudit, case_audits, case_deadlines, case_pathways
from app.services.editing import editable_case
from app.services.register import ENVIRONMENT_ERRORS, CaseRecord, case_record
from app.services.workspace import Workspace
from ui import labels
from ui.badges import is_dark
from ui.case_edit import CaseEditPage, may_close
from ui.case_edit_undo import CaseEditor
from ui.case_pages import CaseFilePage, HistoryPage, OverviewPage
from ui.case_pathways import DeadlinesPage, PathwaysPage
from ui.errors import show_environment_error


@dataclass(frozen=True)
class CaseView:
    """What the case record shows, read once when the case is opened."""

    record: CaseRecord
    pathways: list[PathwayOption]
    deadlines: list[Deadline]
    audits: list[CaseAudit]
    pack: Pack
    today: date

    @property
    def case_id(self) -> str:
        """The case's id."""
        return self.record.snapshot.id


def load_case(ws: Workspace, case_id: str, today: date) -> CaseView:
    """Read everything the case record shows for ``case_id``."""
    return CaseView(
        record=case_record(ws, case_id),
        pathways=case_pathways(ws, case_id, today),
        deadlines=case_deadlines(ws, case_id, today),
        audits=case_audits(ws, case_id, today),
        pack=ws.pack,
        today=today,
    )


class CaseRecordWidget(QWidget):
    """One child's case: who they are, where they may go, and every clock running.

    Given the workspace, it can also be edited (the Edit page, F2): each saved edit, undo and
    redo reads the case again, so its deadlines and pathways are recomputed at once.
    """

    #: The case (by id) was changed here: the register row and the tab title may be stale.
    changed = Signal(str)

    def __init__(
        self, view: CaseView, workspace: Workspace | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("caseRecord")
        self.setAccessibleName(f"Case record {view.case_id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        self.header = QHBoxLayout()
        self.summary = QWidget()
        self.header.addWidget(self.summary, 1)
        layout.addLayout(self.header)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        layout.addWidget(self.pages, 1)
        self.workspace = workspace
        self.editor: CaseEditor | None = None
        self.edit_page: CaseEditPage | None = None
        self._show(view)
        if workspace is not None:
            self._make_editable(workspace)

    def add_actions(self, bar: QWidget) -> None:
        """Put a bar of actions on this case (the transfer wizard's) at the header's right."""
        self.header.addWidget(bar)

    # -- editing -------------------------------------------------------------------------------

    def _make_editable(self, ws: Workspace) -> None:
        self.editor = CaseEditor(ws, self.view.case_id, self.view.today, self)
        self.edit_page = CaseEditPage(self.editor, self.view.pack)
        self.edit_page.show_case(editable_case(ws, self.view.case_id), self.view.record.snapshot)
        self.pages.addTab(self.edit_page, "Ed&it")
        self.editor.changed.connect(self.reload)
        self.editor.failed.connect(self._undo_failed, Qt.ConnectionType.QueuedConnection)

    @property
    def undo_stack(self) -> QUndoStack | None:
        """This case's undo history (None when the record is read-only)."""
        return None if self.editor is None else self.editor.stack

    def start_editing(self) -> None:
        """F2: bring the Edit page forward with the cursor in the first field."""
        if self.edit_page is not None:
            self.pages.setCurrentWidget(self.edit_page)
            self.edit_page.focus_first()

    def may_close(self) -> bool:
        """Whether the tab may close: nothing typed unsaved, or the user chose Save or Discard."""
        if self.edit_page is None:
            return True
        return may_close(self.edit_page, self.start_editing)

    def reload(self) -> None:
        """Read the case again (after an edit, an undo or a transfer) and show it."""
        if self.workspace is None:
            return
        case_id = self.view.case_id
        try:
            view = load_case(self.workspace, case_id, self.view.today)
            editable = editable_case(self.workspace, case_id)
        except ENVIRONMENT_ERRORS as error:
            show_environment_error(self, error, "The case could not be read again")
            return
        self._show(view)
        if self.edit_page is not None:
            self.edit_page.show_case(editable, view.record.snapshot)
        self.changed.emit(case_id)

    def _undo_failed(self, message: str) -> None:
        QMessageBox.warning(
            self,
            "Undo or redo not done",
            f"That step could not be written and was taken off the undo list: {message}.",
        )

    # -- showing -------------------------------------------------------------------------------

    def _show(self, view: CaseView) -> None:
        """Show ``view`` in the header and the read-only pages (the Edit page stays)."""
        self.view = view
        summary = self._summary()
        self.header.replaceWidget(self.summary, summary)
        self.summary.deleteLater()
        self.summary = summary
        self.pathways = PathwaysPage(view.pathways, view.pack)
        self.deadlines = DeadlinesPage(view.deadlines)
        names = {p.pathway.id: p.pathway.name for p in view.pathways}
        pages = (
            (OverviewPage(view.record, view.today), "&Overview"),
            (self.pathways, self._pathways_title()),
            (self.deadlines, self._deadlines_title()),
            (HistoryPage(view.record, view.today), "&History"),
            (CaseFilePage(view.record, view.audits, names), "Case &file"),
        )
        current = self.pages.currentIndex()
        focus = QApplication.focusWidget()
        replaced = [w for w in map(self.pages.widget, range(len(pages))) if w is not None]
        lost_focus = focus is not None and any(w.isAncestorOf(focus) for w in replaced)
        for index, (page, title) in enumerate(pages):
            old = self.pages.widget(index)
            self.pages.insertTab(index, page, title)
            if old is not None and old is not self.edit_page:
                self.pages.removeTab(index + 1)
                old.deleteLater()
        if current >= 0:
            self.pages.setCurrentIndex(current)
        if lost_focus:  # the page with the cursor was rebuilt: keep the keyboard in the record
            self.pages.tabBar().setFocus()

    def _summary(self) -> QWidget:
        record, case = self.view.record, self.view.record.snapshot
        title = QLabel(case.child.display_name)
        title.setObjectName("caseTitle")
        age = labels.age_text(case.age_on(self.view.today), case.child.expected_dob)
        facts = [
            f"Case {case.id}",
            f"Age {age}" if age.isdigit() else age,
            record.team_name(case.team_id),
            record.worker_name(case.worker_id),
        ]
        statuses = [labels.status_short(s) for s in sorted(case.statuses_on(self.view.today))]
        if statuses:
            facts.append(", ".join(statuses))
        subtitle = QLabel("  ·  ".join(facts))
        subtitle.setObjectName("caseSubtitle")
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(title)
        column.addWidget(subtitle)
        summary = QWidget()
        row = QHBoxLayout(summary)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(column, 1)
        alerts = [labels.flag_short(f) for f in sorted(case.flags & labels.ALERT_FLAGS)]
        if alerts:
            alert = QLabel("Alert: " + ", ".join(alerts))
            alert.setObjectName("alertBanner")
            alert.setProperty("dark", is_dark(self.palette()))
            row.addWidget(alert)
        return summary

    def _pathways_title(self) -> str:
        open_ = sum(
            p.status in (OptionStatus.OPEN, OptionStatus.WARNED) for p in self.view.pathways
        )
        return f"&Pathways ({open_} open)"

    def _deadlines_title(self) -> str:
        overdue = sum(d.state is ClockState.OVERDUE for d in self.view.deadlines)
        running = sum(d.state is ClockState.RUNNING for d in self.view.deadlines)
        extra = f", {overdue} overdue" if overdue else ""
        return f"&Deadlines ({running} running{extra})"
