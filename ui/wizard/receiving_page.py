"""Page (e): the transfer point and date, the receiving team and worker (with their caseload)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QVBoxLayout, QWizardPage

from app.services.register import Register
from app.services.transfers import caseload_size
from ui import labels
from ui.wizard.context import WizardContext
from ui.wizard.fields import DateField, add_field, note


class ReceivingPage(QWizardPage):
    """When responsibility moves, and to whom."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("Transfer point and receiving team")
        self.point_text = note("")
        self.point_event = QComboBox()
        self.date = DateField(name="Transfer date")
        self.team = QComboBox()
        self.worker = QComboBox()
        point = QGroupBox("Transfer point")
        form = QFormLayout(point)
        form.addRow(self.point_text)
        add_field(form, "&Event:", self.point_event)
        add_field(form, "Transfer &date:", self.date)
        receiving = QGroupBox("Receiving")
        form2 = QFormLayout(receiving)
        add_field(form2, "Receiving &team:", self.team)
        add_field(form2, "Receiving &worker:", self.worker)
        self.point_event.setAccessibleName("Transfer point event")
        layout = QVBoxLayout(self)
        layout.addWidget(point)
        layout.addWidget(receiving)
        layout.addStretch(1)
        self.team.currentIndexChanged.connect(self._fill_workers)

    def initializePage(self) -> None:
        """Show the chosen pathway's transfer point, teams and what the plan holds."""
        pathway = self.ctx.pathway
        if pathway is None:
            return
        plan = self.ctx.plan
        self.setSubTitle(f"{pathway.name} [{pathway.cite}]")
        tp = pathway.transfer_point
        self.point_text.setText(
            f"{tp.text}  [{tp.cite}]" if tp else "The procedure names no transfer point."
        )
        self.point_event.clear()
        self.point_event.addItem("Not chosen", None)
        for kind in tp.events if tp else ():
            self.point_event.addItem(labels.event_label(kind), kind)
        found = self.point_event.findData(plan.transfer_point_event)
        self.point_event.setCurrentIndex(max(0, found))
        self.date.set_value(plan.transfer_date)
        self.team.blockSignals(True)
        self.team.clear()
        for team_id in pathway.to_teams:
            self.team.addItem(self.ctx.team_name(team_id), team_id)
        self.team.setCurrentIndex(max(0, self.team.findData(plan.to_team)))
        self.team.blockSignals(False)
        self._fill_workers()
        self.worker.setCurrentIndex(max(0, self.worker.findData(plan.receiving_worker_id)))

    def _fill_workers(self) -> None:
        """The receiving team's active workers, each with how many children they hold."""
        self.worker.clear()
        self.worker.addItem("Not allocated yet", None)
        team_id = self.team.currentData()
        if team_id is None:
            return
        for worker_id, name in Register(self.ctx.ws, self.ctx.today).workers(team_id):
            size = caseload_size(self.ctx.ws, worker_id)
            self.worker.addItem(f"{name} — {size} children", worker_id)

    def store(self) -> None:
        """Keep the transfer point, date, team and worker in the plan."""
        self.ctx.update(
            transfer_point_event=self.point_event.currentData(),
            transfer_date=self.date.value(),
            to_team=self.team.currentData(),
            receiving_worker_id=self.worker.currentData(),
        )

    def validatePage(self) -> bool:
        """Keep the choices when moving on."""
        self.store()
        return True

    def cleanupPage(self) -> None:
        """Keep the choices when going back."""
        self.store()
