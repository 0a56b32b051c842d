"""The handover pack: cover and contents, people, a section per child, acceptance lines.

The pack is built from ``HandoverPack`` alone, which has no place for disagreements between
teams: a disagreement is never written on the child's file (Cambridgeshire), so it never travels
in the pack. Do not add one here.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from app.reports.blocks import (
    data_table,
    facts_table,
    gap,
    heading,
    make_key,
    plain,
    signature_lines,
)
from app.reports.contents import ContentsLine
from app.reports.model import ChildSection, HandoverPack
from app.reports.sections import child_flowables, child_key, child_title, people_table
from app.reports.text import fmt_date, fmt_datetime, join_ids

PEOPLE_KEY = make_key("people")
ACCEPT_KEY = make_key("acceptance")
HANDLING = (
    "This pack holds personal information about children. Keep it secure, share it only with "
    "the receiving team, and dispose of paper copies as confidential waste."
)


def _names(children: tuple[ChildSection, ...]) -> str:
    names = [c.display_name for c in children]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _distinct(values: list[str]) -> str:
    return "; ".join(dict.fromkeys(v for v in values if v))


def _cover_facts(pack: HandoverPack) -> Flowable:
    kids, info = pack.children, pack.info
    dates = _distinct([fmt_date(c.transfer_date) for c in kids]) or "Not yet set"
    return facts_table(
        [
            ("Children", "\n".join(child_title(c) for c in kids)),
            ("From", _distinct([c.from_team for c in kids])),
            ("To", _distinct([c.to_team for c in kids])),
            ("Pathway", _distinct([c.pathway for c in kids])),
            ("Transfer point", _distinct([c.transfer_point for c in kids])),
            ("Transfer date", dates),
            ("Generated", fmt_datetime(info.generated_at)),
            ("Policy pack", f"{info.pack_id}, version {info.pack_version}"),
            ("Audit trail position", info.audit_position),
        ]
    )


def _person_line(name: str, team: str) -> str:
    return f"{name}, {team}" if team else name


def _cover(pack: HandoverPack) -> list[Flowable]:
    kids = pack.children
    group = f"Sibling group of {len(kids)}: " if len(kids) > 1 else ""
    contents: list[Flowable] = [ContentsLine("People", PEOPLE_KEY)]
    contents += [
        ContentsLine(f"{n}. {child_title(c)}", child_key(c)) for n, c in enumerate(kids, 1)
    ]
    contents.append(ContentsLine("Acceptance by the receiving team", ACCEPT_KEY))
    return [
        plain("Case transfer · for the receiving team", "muted"),
        plain(pack.info.title, "title"),
        plain(f"{group}{_names(kids)}", "subtitle"),
        _cover_facts(pack),
        gap(4),
        heading("People", level=0, key=PEOPLE_KEY),
        people_table(pack.people),
        gap(4),
        heading("Contents", level=0, key=make_key("contents")),
        *contents,
        gap(6),
        plain(HANDLING, "muted"),
    ]


def _acceptance(pack: HandoverPack) -> list[Flowable]:
    manager = pack.people.receiving_manager
    rows = [
        [child_title(c), c.transfer_point, fmt_date(c.transfer_date) or "—", "Yes / No"]
        for c in pack.children
    ]
    return [
        CondPageBreak(95 * mm),
        heading("Acceptance by the receiving team", level=0, key=ACCEPT_KEY),
        plain(
            "I have read this pack. For each child marked Yes, the receiving team takes case "
            "responsibility at the transfer point shown. Circle one answer for each child."
        ),
        data_table(
            ["Child", "Transfer point", "Transfer date", "Accepted"], rows, [0.36, 0.3, 0.18, 0.16]
        ),
        gap(4),
        signature_lines(
            [
                ("Receiving manager", _person_line(manager.name, manager.team)),
                ("Signature", ""),
                ("Date", ""),
                ("Conditions or notes", ""),
            ]
        ),
    ]


def handover_flowables(pack: HandoverPack) -> list[Flowable]:
    """Everything in the pack, in order."""
    out = _cover(pack)
    for number, child in enumerate(pack.children, start=1):
        out.append(PageBreak())
        out.extend(child_flowables(child, number=f"{number}. ", chronology=True))
    out.extend(_acceptance(pack))
    return out


def subject(pack: HandoverPack) -> str:
    return f"Handover pack for case {join_ids(pack.info.case_ids)}"
