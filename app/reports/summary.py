"""The transfer summary of one child."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.reports.blocks import gap, heading, make_key, plain
from app.reports.model import TransferSummary
from app.reports.sections import child_flowables, people_table
from app.reports.text import join_ids


def summary_flowables(doc: TransferSummary) -> list[Flowable]:
    """Title block, people, then the child's sections."""
    child = doc.child
    return [
        plain("Case transfer · transfer summary", "muted"),
        plain(doc.info.title, "title"),
        plain(f"From {child.from_team} to {child.to_team}", "subtitle"),
        heading("People", level=0, key=make_key("people")),
        people_table(doc.people),
        gap(4),
        *child_flowables(child, chronology=False),
    ]


def subject(doc: TransferSummary) -> str:
    return f"Transfer summary for case {join_ids(doc.info.case_ids)}"
