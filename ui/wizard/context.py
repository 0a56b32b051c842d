"""What the wizard knows about the case it was started on, read once through the services."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from app.domain.case import CaseSnapshot
from app.domain.engine import PathwayOption
from app.domain.pack import Pack, Pathway
from app.services.caseload import case_pathways
from app.services.register import case_record
from app.services.transfers import TransferPlan
from app.services.workspace import Workspace


@dataclass
class WizardContext:
    """The workspace, the case, its judged pathways and the plan being built (mutable)."""

    ws: Workspace
    case_id: str
    today: date
    snapshot: CaseSnapshot
    options: list[PathwayOption]
    sibling_names: dict[str, str]
    team_names: dict[str, str]
    worker_names: dict[str, str]
    plan: TransferPlan
    draft_id: int | None = None
    saved_plan: TransferPlan | None = None
    proposed_ids: tuple[int, ...] = field(default=())

    @property
    def pack(self) -> Pack:
        """The pack the caseload works under."""
        return self.ws.pack

    @property
    def pathway(self) -> Pathway | None:
        """The chosen pathway, if any."""
        if not self.plan.pathway_id:
            return None
        return self.pack.pathway(self.plan.pathway_id)

    def option(self, pathway_id: str) -> PathwayOption | None:
        """The judged option of ``pathway_id`` for this case."""
        return next((o for o in self.options if o.pathway.id == pathway_id), None)

    def update(self, **changes: object) -> None:
        """Change the plan being built."""
        self.plan = replace(self.plan, **changes)  # type: ignore[arg-type]

    def team_name(self, team_id: str | None) -> str:
        """A team's name (from the caseload, else the pack), or its id."""
        if not team_id:
            return "—"
        if team_id in self.team_names:
            return self.team_names[team_id]
        try:
            return self.pack.team(team_id).name
        except KeyError:
            return team_id

    def role_name(self, role_id: str) -> str:
        """A role's name from the pack, or its id in words."""
        try:
            return self.pack.role(role_id).name
        except KeyError:
            return role_id.replace("_", " ")

    @property
    def dirty(self) -> bool:
        """True when the plan holds work not yet saved (as a draft or a proposal)."""
        if self.proposed_ids:
            return False
        if self.saved_plan is None:
            return bool(self.plan.pathway_id)
        return self.plan != self.saved_plan


def load_context(
    ws: Workspace, case_id: str, today: date, plan: TransferPlan | None = None
) -> WizardContext:
    """Read the case, its pathways and its siblings for a new wizard (or a resumed ``plan``)."""
    record = case_record(ws, case_id)
    snapshot = record.snapshot
    siblings = {sid: _given_name(ws, sid) for sid in snapshot.sibling_ids}
    return WizardContext(
        ws=ws,
        case_id=case_id,
        today=today,
        snapshot=snapshot,
        options=case_pathways(ws, case_id, today),
        sibling_names=siblings,
        team_names=dict(record.team_names),
        worker_names=dict(record.worker_names),
        plan=plan or TransferPlan((case_id,), ""),
        saved_plan=plan,
    )


def _given_name(ws: Workspace, case_id: str) -> str:
    return case_record(ws, case_id).snapshot.child.given_name
