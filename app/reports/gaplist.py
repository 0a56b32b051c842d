"""The gap list of one checklist audit: what is missing, what is needed, who acts, by when."""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle

from app.reports import styles as st
from app.reports.blocks import (
    CONTENT_WIDTH,
    data_table,
    facts_table,
    gap,
    heading,
    make_key,
    none_recorded,
    para,
    plain,
)
from app.reports.model import GapList, Person
from app.reports.text import esc, fmt_date, fmt_long_date, join_ids, titled


def _person(person: Person | None) -> str:
    if person is None:
        return "—"
    return ", ".join(part for part in (person.name, person.role, person.team) if part)


def _deadline_box(doc: GapList) -> Table:
    """The deadline, in words and large, with the rule and section it comes from."""
    due = fmt_long_date(doc.deadline)
    text = (
        f"Close every gap by <b>{esc(due)}</b><br/>"
        f"<font size='9'>{esc(doc.deadline_rule)} ({esc(doc.deadline_cite)})</font>"
    )
    box = Table([[para(text, "callout")]], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.regular_font(), 9),
                ("BACKGROUND", (0, 0), (-1, -1), st.PANEL_FILL),
                ("BOX", (0, 0), (-1, -1), 0.6, st.RULE),
                ("LINEBEFORE", (0, 0), (0, -1), 4, st.NAVY),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return box


def _gaps(doc: GapList) -> list[Flowable]:
    if not doc.gaps:
        return [none_recorded("No gaps: every item is met or not applicable.")]
    rows = [[str(n), g.item, g.needed, g.who, g.cite] for n, g in enumerate(doc.gaps, start=1)]
    return [
        data_table(
            ["#", "Item not met", "What is needed", "Who must act", "Source"],
            rows,
            [0.05, 0.28, 0.32, 0.22, 0.13],
            bold_column=3,
        )
    ]


def gaplist_flowables(doc: GapList) -> list[Flowable]:
    """Title block, deadline, the gaps, and what to do when one is closed."""
    key = make_key("child", doc.child_id)
    checklist = titled(doc.checklist_title, doc.checklist_cite)
    return [
        plain("Checklist audit · for the sending worker", "muted"),
        plain(doc.info.title, "title"),
        plain(f"For {_person(doc.sending_worker)}", "subtitle"),
        heading(f"{doc.child_name} ({doc.child_id})", level=0, key=key),
        facts_table(
            [
                ("Checklist", checklist),
                ("Audited on", fmt_date(doc.audited_on)),
                ("Sending worker", _person(doc.sending_worker)),
                ("Sending manager", _person(doc.sending_manager)),
                ("Items not met", str(len(doc.gaps))),
            ]
        ),
        heading("Deadline", level=1, key=f"{key}.deadline"),
        _deadline_box(doc),
        gap(2),
        heading(f"Items not met ({len(doc.gaps)})", level=1, key=f"{key}.gaps"),
        *_gaps(doc),
        heading("When a gap is closed", level=1, key=f"{key}.next"),
        plain(
            "Record the evidence and its date on the child's file, then tell your manager. "
            "The checklist is audited again before the transfer goes ahead."
        ),
    ]


def subject(doc: GapList) -> str:
    return f"Gap list for case {join_ids(doc.info.case_ids)}"
