"""The sections about one child, shared by the transfer summary and the handover pack."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable

from app.reports.blocks import (
    data_table,
    facts_table,
    heading,
    make_key,
    none_recorded,
    para,
    plain,
)
from app.reports.model import ChildSection, ItemState, People
from app.reports.text import (
    esc,
    fmt_date,
    fmt_short_date,
    fmt_short_datetime,
    split_paragraphs,
    titled,
)

Builder = Callable[[ChildSection], list[Flowable]]
STATE_WORDS = {ItemState.MET: "MET", ItemState.GAP: "GAP", ItemState.NOT_APPLICABLE: "N/A"}


def child_key(child: ChildSection) -> str:
    return make_key("child", child.child_id)


def child_title(child: ChildSection) -> str:
    return f"{child.display_name} ({child.child_id})"


def people_table(people: People) -> Flowable:
    """Transferring and receiving workers and managers."""
    rows = [
        ("Transferring worker", people.transferring_worker),
        ("Transferring manager", people.transferring_manager),
        ("Receiving worker", people.receiving_worker),
        ("Receiving manager", people.receiving_manager),
    ]
    body = [
        [label, person.name, person.team, person.role]
        if person
        else [label, "Not yet allocated", "", ""]
        for label, person in rows
    ]
    return data_table(
        ["Role in this transfer", "Name", "Team", "Job title"],
        body,
        [0.25, 0.25, 0.3, 0.2],
        bold_column=0,
    )


def _transfer(child: ChildSection) -> list[Flowable]:
    born = "Expected date of birth" if child.dob_expected else "Date of birth"
    pathway = titled(child.pathway, child.pathway_cite)
    return [
        facts_table(
            [
                ("Child", child.display_name),
                ("Case id", child.child_id),
                (born, fmt_date(child.dob) or "Not recorded"),
                ("Age", child.age),
                ("From", child.from_team),
                ("To", child.to_team),
                ("Pathway", pathway),
                ("Transfer point", child.transfer_point),
                ("Transfer date", fmt_date(child.transfer_date) or "Not yet set"),
            ]
        )
    ]


def _legal(child: ChildSection) -> list[Flowable]:
    out: list[Flowable] = [plain(line, bullet="•") for line in child.legal_status]
    if not out:
        out.append(none_recorded("No legal status recorded."))
    if child.key_dates:
        rows = [[fmt_short_date(d.when), d.label] for d in child.key_dates]
        out.append(data_table(["Date", "Key date"], rows, [0.18, 0.82]))
    return out


def _questions(child: ChildSection) -> list[Flowable]:
    if not child.key_answers:
        return [none_recorded()]
    rows = [[a.question, a.answer] for a in child.key_answers]
    return [data_table(["Question", "Answer"], rows, [0.42, 0.58], bold_column=0)]


def _checklist(child: ChildSection) -> list[Flowable]:
    if not child.checklist:
        return [none_recorded("No checklist audit recorded.")]
    counts = {state: sum(r.state is state for r in child.checklist) for state in ItemState}
    name = titled(child.checklist_title, child.checklist_cite)
    intro = (
        f"{esc(name)}: {counts[ItemState.MET]} met, {counts[ItemState.GAP]} "
        f"gap{'s' if counts[ItemState.GAP] != 1 else ''}, "
        f"{counts[ItemState.NOT_APPLICABLE]} not applicable."
    )
    rows = [
        [str(n), r.item, STATE_WORDS[r.state], r.evidence, fmt_short_date(r.when), r.cite]
        for n, r in enumerate(child.checklist, start=1)
    ]
    table = data_table(
        ["#", "Item", "Result", "Evidence", "Date", "Source"],
        rows,
        [0.05, 0.31, 0.09, 0.29, 0.13, 0.13],
        state_column=2,
    )
    return [para(intro), table]


def _deadlines(child: ChildSection) -> list[Flowable]:
    if not child.deadlines:
        return [none_recorded("No deadlines running.")]
    rows = [
        [d.label, fmt_short_date(d.due), d.state.value.upper(), d.rule, d.cite]
        for d in child.deadlines
    ]
    return [
        data_table(
            ["Deadline", "Due", "State", "Rule", "Source"],
            rows,
            [0.26, 0.13, 0.12, 0.32, 0.17],
            state_column=2,
        )
    ]


def _visits(child: ChildSection) -> list[Flowable]:
    out: list[Flowable] = []
    if child.visits:
        rows = [[v.kind, fmt_short_date(v.when), v.note] for v in child.visits]
        out.append(data_table(["Visit", "Date", "Notes"], rows, [0.22, 0.15, 0.63]))
    else:
        out.append(none_recorded("No joint or goodbye visits recorded."))
    if child.co_working_start or child.co_working_end:
        start = fmt_date(child.co_working_start) or "not set"
        end = fmt_date(child.co_working_end) or "not set"
        out.append(para(f"<b>Co-working period:</b> from {start} to {end}."))
    else:
        out.append(para("<b>Co-working period:</b> none agreed."))
    return out


def _agreements(child: ChildSection) -> list[Flowable]:
    if not child.agreements:
        return [none_recorded()]
    rows = [[a.who, a.what, fmt_short_datetime(a.when)] for a in child.agreements]
    return [data_table(["Who", "What was agreed", "When"], rows, [0.24, 0.55, 0.21])]


def _overrides(child: ChildSection) -> list[Flowable]:
    if not child.overrides:
        return [none_recorded("No rule was overridden.")]
    rows = [
        [o.rule, o.authoriser, o.role, o.reason, fmt_short_datetime(o.when)]
        for o in child.overrides
    ]
    return [
        data_table(
            ["Rule set aside", "Authorised by", "Role", "Reason", "When"],
            rows,
            [0.22, 0.17, 0.15, 0.25, 0.21],
        )
    ]


def _actions(child: ChildSection) -> list[Flowable]:
    if not child.actions:
        return [none_recorded("No outstanding actions.")]
    rows = [[a.action, a.owner, fmt_short_date(a.due) or "—"] for a in child.actions]
    return [data_table(["Action", "Owner", "Due"], rows, [0.6, 0.25, 0.15])]


def _chronology(child: ChildSection) -> list[Flowable]:
    if not child.chronology:
        return [none_recorded("No key events recorded.")]
    rows = [[fmt_short_date(e.when), e.text] for e in child.chronology]
    return [data_table(["Date", "Event"], rows, [0.15, 0.85])]


def _summary(child: ChildSection) -> list[Flowable]:
    parts = split_paragraphs(child.summary)
    return [plain(p) for p in parts] if parts else [none_recorded("No summary written.")]


SUMMARY_SECTIONS: tuple[tuple[str, str, Builder], ...] = (
    ("transfer", "Transfer", _transfer),
    ("legal", "Legal status and key dates", _legal),
    ("questions", "Key questions", _questions),
    ("checklist", "Checklist results", _checklist),
    ("deadlines", "Deadlines", _deadlines),
    ("visits", "Joint and goodbye visits, co-working", _visits),
    ("agreements", "Who agreed what, and when", _agreements),
    ("overrides", "Overrides and their authorisers", _overrides),
    ("actions", "Outstanding actions", _actions),
    ("summary", "Summary", _summary),
)
CHRONOLOGY = ("chronology", "Chronology extract: key events", _chronology)


def child_flowables(child: ChildSection, *, number: str = "", chronology: bool) -> list[Flowable]:
    """A child's heading (outline level 0) and each section under it (level 1)."""
    key = child_key(child)
    title = f"{number}{child_title(child)}"
    out: list[Flowable] = [heading(title, level=0, key=key)]
    sections = (*SUMMARY_SECTIONS, CHRONOLOGY) if chronology else SUMMARY_SECTIONS
    for slug, name, build in sections:
        out.append(heading(name, level=1, key=f"{key}.{slug}"))
        out.extend(build(child))
    return out
