"""The case record (read-only first cut): a header and five pages about one child's case.

Everything shown is read through the services (``case_record``, ``case_pathways``,
``case_deadlines``, ``case_audits``) when the case is opened; the widget itself never talks to
the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.domain.engine import ClockState, Deadline, OptionStatus, PathwayOption
from app.domain.pack import Pack
from app.services.caseload import CaseAudit, case_audits, case_deadlines, case_pathways
from app.services.register import CaseRecord, case_record
from app.services.workspace import Workspace
from ui import labels
from ui.badges import is_dark
from ui.case_pages import CaseFilePage, HistoryPage, OverviewPage
from ui.case_pathways import DeadlinesPage, PathwaysPage


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
    """One child's case: who they are, where they may go, and every clock running."""

    def __init__(self, view: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("caseRecord")
        self.setAccessibleName(f"Case record {view.case_id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        self.header = self._header()
        layout.addLayout(self.header)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pathways = PathwaysPage(view.pathways, view.pack)
        self.deadlines = DeadlinesPage(view.deadlines)
        names = {p.pathway.id: p.pathway.name for p in view.pathways}
        self.pages.addTab(OverviewPage(view.record, view.today), "&Overview")
        self.pages.addTab(self.pathways, self._pathways_title())
        self.pages.addTab(self.deadlines, self._deadlines_title())
        self.pages.addTab(HistoryPage(view.record, view.today), "&History")
        self.pages.addTab(CaseFilePage(view.record, view.audits, names), "Case &file")
        layout.addWidget(self.pages, 1)

    def add_actions(self, bar: QWidget) -> None:
        """Put a bar of actions on this case (the transfer wizard's) at the header's right."""
        self.header.addWidget(bar)

    def _header(self) -> QHBoxLayout:
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
        header = QHBoxLayout()
        header.addLayout(column, 1)
        alerts = [labels.flag_short(f) for f in sorted(case.flags & labels.ALERT_FLAGS)]
        if alerts:
            alert = QLabel("Alert: " + ", ".join(alerts))
            alert.setObjectName("alertBanner")
            alert.setProperty("dark", is_dark(self.palette()))
            header.addWidget(alert)
        return header

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
