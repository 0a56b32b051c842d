"""Page (f): everything the wizard collected, what still stops it, and what Finish will record."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizardPage

from app.domain.pack import PathwayKind
from app.services.transfers import TransferPlan, problems
from ui import labels
from ui.widgets import wrapping_label
from ui.wizard.context import WizardContext
from ui.wizard.fields import page_layout, scroll_page


class ReviewPage(QWizardPage):
    """A summary of the plan; Finish stays disabled while ``problems()`` lists anything."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("Review and propose")
        self.summary = wrapping_label(rich=True)
        self.summary.setObjectName("reviewSummary")
        self.summary.setAccessibleName("Summary of the transfer")
        self.problem_list = wrapping_label(rich=True)
        self.problem_list.setObjectName("reviewProblems")
        self.problem_list.setAccessibleName("Problems stopping the transfer")
        self.problems: list[str] = []
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.problem_list)
        column.addWidget(self.summary)
        column.addStretch(1)
        area = scroll_page(inner, focusable=True)
        area.setAccessibleName("Summary (scroll with the arrow keys)")
        page_layout(self, area)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        """Judge the plan again and show it."""
        plan = self.ctx.plan
        self.problems = problems(self.ctx.ws, plan, self.ctx.today)
        pathway = self.ctx.pathway
        referral = pathway is not None and pathway.kind is PathwayKind.REFERRAL
        self.setSubTitle(
            "Finish records a referral, not a transfer."
            if referral
            else "Finish proposes the transfer: it is saved once, with the pack version."
        )
        self.problem_list.setText(self._problems_html())
        self.summary.setText(summary_html(self.ctx, plan))
        self.completeChanged.emit()

    def _problems_html(self) -> str:
        if not self.problems:
            return "<p><b>Nothing stops this plan.</b></p>"
        items = "".join(f"<li>{escape(p)}</li>" for p in self.problems)
        return f"<p><b>Finish is disabled until these are resolved:</b></p><ul>{items}</ul>"

    def isComplete(self) -> bool:
        """Only a plan with no problems may be proposed."""
        return not self.problems


def summary_html(ctx: WizardContext, plan: TransferPlan) -> str:
    """The plan in words, section by section."""
    pathway = ctx.pathway
    if pathway is None:
        return ""
    parts = [f"<h3>{escape(pathway.name)}</h3><p>Source: {escape(pathway.cite)}. "
             f"Pack {escape(ctx.pack.id)} version {escape(ctx.pack.version)}.</p>"]  # fmt: skip
    if pathway.kind is PathwayKind.REFERRAL:
        via = ctx.team_name(pathway.via)
        parts.append(f"<p><b>This records a referral via {escape(via)}, not a transfer.</b> "
                     "Case responsibility does not move now.</p>")  # fmt: skip
    rows = [
        ("Children", ", ".join(plan.case_ids)),
        ("Receiving team", ctx.team_name(plan.to_team or pathway.to_teams[0])),
        ("Receiving worker", ctx.worker_names.get(plan.receiving_worker_id or "", "Not allocated")),
        ("Transfer point", labels.event_label(plan.transfer_point_event)
         if plan.transfer_point_event else "Not chosen"),
        ("Transfer date", labels.day(plan.transfer_date)),
        ("Co-working start", labels.day(plan.co_working_start)),
        ("Joint visit", labels.day(plan.joint_visit_on)),
        ("Goodbye visit", labels.day(plan.goodbye_visit_on)),
    ]  # fmt: skip
    parts.append(_table(rows))
    parts += _overrides(plan) + _steps(ctx, plan) + _audit(plan) + _answers(ctx, plan)
    return "".join(parts)


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table cellpadding='2'>{cells}</table>"


def _overrides(plan: TransferPlan) -> list[str]:
    return [f"<p>Override of {escape(o.rule_id)} by {escape(o.authoriser)} "
            f"({escape(o.role)}): {escape(o.reason)}</p>" for o in plan.overrides]  # fmt: skip


def _steps(ctx: WizardContext, plan: TransferPlan) -> list[str]:
    if not plan.steps:
        return ["<p>No step recorded yet.</p>"]
    titles = {s.id: s.title for s in ctx.pathway.steps} if ctx.pathway else {}
    rows = [(titles.get(s.step_id, s.step_id),
             "; ".join(x for x in (labels.day(s.done_on) if s.done_on else "", s.who, s.outcome)
                       if x)) for s in plan.steps]  # fmt: skip
    return ["<p><b>Steps</b></p>", _table(rows)]


def _audit(plan: TransferPlan) -> list[str]:
    if not plan.audit:
        return []
    counts: dict[str, int] = {}
    for answer in plan.audit.values():
        counts[str(answer.state)] = counts.get(str(answer.state), 0) + 1
    words = ", ".join(f"{n} {state.replace('_', ' ')}" for state, n in sorted(counts.items()))
    return [f"<p><b>Checklist:</b> {escape(words)}.</p>"]


def _answers(ctx: WizardContext, plan: TransferPlan) -> list[str]:
    if not plan.key_answers:
        return []
    texts = {q.id: q.text for q in ctx.pack.key_questions}
    rows = [(texts.get(q, q), a) for q, a in plan.key_answers.items()]
    return ["<p><b>Key questions</b></p>", _table(rows)]
