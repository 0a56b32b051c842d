"""The agenda and the minutes of a transfer meeting, as marked PDFs.

They take the plain frozen values below (filled in by ``app.services.meeting_outputs``; nothing
here knows the database or the packs) and print on the page every document shares
(:mod:`app.reports.page`): OFFICIAL-SENSITIVE at the top and foot of every page, the footer with
the policy pack and its version, and "Page x of y".

Children appear by **case id only**: the agenda goes to every member of the meeting, who may come
from other agencies (Nottingham's hubs include schools, police, health and housing), and the
manager has the names in the app. Staff names appear where the minutes need them (attendance,
action owners, receiving workers).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable

from app.reports.blocks import (
    data_table,
    facts_table,
    gap,
    heading,
    make_key,
    none_recorded,
    para,
    plain,
    signature_lines,
)
from app.reports.model import DocumentInfo
from app.reports.page import ReportDoc
from app.reports.text import esc, fmt_date, fmt_long_date, fmt_short_date

#: The footer lists the case ids when there are at most this many, else a count and the range.
FOOTER_IDS = 8


@dataclass(frozen=True)
class ReasonLine:
    """Why a case is on the agenda, and the section of the procedure that says so."""

    text: str
    cite: str = ""


@dataclass(frozen=True)
class AgendaCase:
    """One case on the agenda."""

    position: int
    case_id: str
    reasons: tuple[ReasonLine, ...]
    bring: tuple[str, ...]  # the documents it must bring
    readiness: str  # "READY", "GAPS", "INCOMPLETE" or "—" when no checklist applies
    checklist: str = ""
    blockers: tuple[str, ...] = ()
    late: bool = False  # added after the cut-off


@dataclass(frozen=True)
class ActionLine:
    """An action: about a case (``case_id``) or the meeting as a whole (empty)."""

    case_id: str
    text: str
    owner: str
    due: date | None = None
    done: date | None = None
    raised: date | None = None  # the sitting it was agreed at, when that was an earlier one


@dataclass(frozen=True)
class Sitting:
    """What both documents say about the sitting."""

    meeting: str
    cite: str
    held_on: date
    scheduled_on: date
    moved_because: str | None = None
    area: str = ""
    chair: str = ""


@dataclass(frozen=True)
class AgendaDocument:
    info: DocumentInfo
    sitting: Sitting
    horizon_end: date
    cutoff: date
    standard_agenda: tuple[str, ...]
    cases: tuple[AgendaCase, ...]
    earlier_actions: tuple[ActionLine, ...] = ()
    members: tuple[str, ...] = ()  # the roles the pack invites


@dataclass(frozen=True)
class Attendance:
    name: str
    role: str = ""
    team: str = ""
    present: bool = True


@dataclass(frozen=True)
class DecisionLine:
    """What the sitting decided on one case."""

    case_id: str
    decision: str  # "AGREED", "DEFERRED", "DECLINED" or "NOT REACHED"
    receiving_team: str = ""
    receiving_worker: str = ""
    transfer_date: date | None = None
    joint_visit_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class MinutesDocument:
    info: DocumentInfo
    sitting: Sitting
    attendance: tuple[Attendance, ...]
    decisions: tuple[DecisionLine, ...]
    actions: tuple[ActionLine, ...]
    notes: str = ""


def footer_ids(case_ids: Sequence[str]) -> tuple[str, ...]:
    """The case ids for a footer: all of a short list, else a count and the first and last."""
    if not case_ids:
        return ("none on the agenda",)
    if len(case_ids) <= FOOTER_IDS:
        return tuple(case_ids)
    return (f"{case_ids[0]} to {case_ids[-1]} ({len(case_ids)} cases)",)


def render_agenda(doc: AgendaDocument, out: Path | BinaryIO) -> int:
    """Write the agenda as a PDF to ``out``; return its page count."""
    subject = f"Agenda of the {doc.sitting.meeting}, {fmt_date(doc.sitting.held_on)}"
    return _write(doc.info, subject, agenda_flowables(doc), out)


def render_minutes(doc: MinutesDocument, out: Path | BinaryIO) -> int:
    """Write the minutes as a PDF to ``out``; return its page count."""
    subject = f"Minutes of the {doc.sitting.meeting}, {fmt_date(doc.sitting.held_on)}"
    return _write(doc.info, subject, minutes_flowables(doc), out)


def _write(
    info: DocumentInfo, subject: str, flowables: list[Flowable], out: Path | BinaryIO
) -> int:
    """Lay the whole PDF out in memory first, so a failure leaves no half-written file."""
    buffer = io.BytesIO()
    pages = ReportDoc(buffer, info, subject).render(flowables)
    if isinstance(out, Path):
        out.write_bytes(buffer.getvalue())
    else:
        out.write(buffer.getvalue())
    return pages


# -- the agenda --------------------------------------------------------------------------------


def agenda_flowables(doc: AgendaDocument) -> list[Flowable]:
    """Title block, the sitting, the standard agenda, the cases, open actions."""
    s = doc.sitting
    return [
        para(esc("Transfer meeting · agenda"), "muted"),
        para(esc(doc.info.title), "title"),
        para(esc(_when(s)), "subtitle"),
        heading("The sitting", level=0, key=make_key("sitting")),
        facts_table(
            [
                *_sitting_facts(s),
                ("Looks ahead to", fmt_long_date(doc.horizon_end)),
                ("Cases added after", f"{fmt_long_date(doc.cutoff)} are marked late"),
                ("Members", ", ".join(doc.members)),
                ("Cases on the agenda", str(len(doc.cases))),
            ]
        ),
        heading("Standard agenda", level=0, key=make_key("standard")),
        *_numbered(doc.standard_agenda),
        heading(f"Cases ({len(doc.cases)})", level=0, key=make_key("cases")),
        *_cases(doc.cases),
        *_bring(doc.cases),
        *_earlier(doc.earlier_actions),
    ]


def _when(s: Sitting) -> str:
    where = f" · {s.area.title()}" if s.area else ""
    moved = ""
    if s.moved_because:
        moved = f" (moved from {fmt_long_date(s.scheduled_on)}: {s.moved_because})"
    return f"{fmt_long_date(s.held_on)}{where}{moved}"


def _sitting_facts(s: Sitting) -> list[tuple[str, str]]:
    facts = [("Meeting", s.meeting), ("Held on", fmt_long_date(s.held_on))]
    if s.moved_because:
        facts.append(("Scheduled for", f"{fmt_long_date(s.scheduled_on)} ({s.moved_because})"))
    if s.area:
        facts.append(("Area", s.area.title()))
    facts.append(("Chair", s.chair or "Not named in the procedure"))
    facts.append(("Source", s.cite))
    return facts


def _numbered(lines: Sequence[str]) -> list[Flowable]:
    if not lines:
        return [none_recorded("The procedure gives no standard agenda.")]
    return [plain(line, bullet=f"{n}.") for n, line in enumerate(lines, start=1)]


def _cases(cases: Sequence[AgendaCase]) -> list[Flowable]:
    if not cases:
        return [none_recorded("No case is brought to this sitting.")]
    rows = [
        [
            str(c.position),
            c.case_id + (" (added late)" if c.late else ""),
            _lines([_reason(r) for r in c.reasons]),
            c.readiness,
            _lines(list(c.blockers)) or "None",
        ]
        for c in cases
    ]
    return [
        data_table(
            ["#", "Case", "Why it is on (source)", "Readiness", "Blockers"],
            rows,
            [0.05, 0.15, 0.45, 0.15, 0.2],
            bold_column=1,
            state_column=3,
        )
    ]


def _lines(texts: list[str]) -> str:
    """One text per line, bulleted when there are several."""
    return texts[0] if len(texts) == 1 else "\n".join(f"• {t}" for t in texts)


def _reason(reason: ReasonLine) -> str:
    return f"{reason.text} ({reason.cite})" if reason.cite else reason.text


def _bring(cases: Sequence[AgendaCase]) -> list[Flowable]:
    """What each case brings: one list when all bring the same, else a table by case."""
    lists = {c.bring for c in cases}
    out: list[Flowable] = [heading("What each case brings", level=1, key=make_key("bring"))]
    if len(lists) <= 1:
        items = next(iter(lists), ())
        return out + ([plain(d, bullet="•") for d in items] or [none_recorded()])
    rows = [[c.case_id, "\n".join(c.bring) or "—"] for c in cases]
    return [*out, data_table(["Case", "Documents"], rows, [0.2, 0.8], bold_column=0)]


def _earlier(actions: Sequence[ActionLine]) -> list[Flowable]:
    if not actions:
        return []
    rows = [[fmt_short_date(a.raised), a.text, a.owner, fmt_short_date(a.due)] for a in actions]
    return [
        heading("Actions still open from earlier sittings", level=0, key=make_key("earlier")),
        data_table(["Agreed", "Action", "Owner", "Due"], rows, [0.15, 0.55, 0.15, 0.15]),
    ]


# -- the minutes -------------------------------------------------------------------------------


def minutes_flowables(doc: MinutesDocument) -> list[Flowable]:
    """Title block, the sitting, attendance, decisions, actions, notes and sign-off."""
    return [
        para(esc("Transfer meeting · minutes"), "muted"),
        para(esc(doc.info.title), "title"),
        para(esc(_when(doc.sitting)), "subtitle"),
        heading("The sitting", level=0, key=make_key("sitting")),
        facts_table(_sitting_facts(doc.sitting)),
        heading("Attendance", level=0, key=make_key("attendance")),
        *_attendance(doc.attendance),
        heading(f"Decisions ({len(doc.decisions)})", level=0, key=make_key("decisions")),
        *_decisions(doc.decisions),
        heading(f"Actions ({len(doc.actions)})", level=0, key=make_key("actions")),
        *_actions(doc.actions),
        heading("Notes", level=0, key=make_key("notes")),
        plain(doc.notes) if doc.notes.strip() else none_recorded(),
        gap(4),
        signature_lines([("Chair", doc.sitting.chair), ("Date agreed", "")]),
    ]


def _attendance(people: Sequence[Attendance]) -> list[Flowable]:
    if not people:
        return [none_recorded("No attendance recorded.")]
    rows = [[p.name, p.role, p.team, "Present" if p.present else "Apologies"] for p in people]
    return [data_table(["Name", "Role", "Team", "Attended"], rows, [0.3, 0.25, 0.3, 0.15])]


def _decisions(lines: Sequence[DecisionLine]) -> list[Flowable]:
    if not lines:
        return [none_recorded("No case was on the agenda.")]
    rows = [
        [
            d.case_id,
            d.decision,
            "\n".join(part for part in (d.receiving_team, d.receiving_worker) if part) or "—",
            fmt_short_date(d.transfer_date) or "—",
            fmt_short_date(d.joint_visit_on) or "—",
            d.notes,
        ]
        for d in lines
    ]
    return [
        data_table(
            ["Case", "Decision", "Receiving team and worker", "Transfer", "Joint visit", "Notes"],
            rows,
            [0.15, 0.15, 0.2, 0.12, 0.12, 0.26],
            bold_column=0,
            state_column=1,
        )
    ]


def _actions(actions: Sequence[ActionLine]) -> list[Flowable]:
    if not actions:
        return [none_recorded("No actions agreed.")]
    rows = [
        [
            str(n),
            a.case_id or "Meeting",
            a.text,
            a.owner,
            fmt_short_date(a.due) or "—",
            fmt_short_date(a.done) or "Open",
        ]
        for n, a in enumerate(actions, start=1)
    ]
    return [
        data_table(
            ["#", "Case", "Action", "Owner", "Due", "Done"],
            rows,
            [0.05, 0.15, 0.4, 0.16, 0.12, 0.12],
        )
    ]
