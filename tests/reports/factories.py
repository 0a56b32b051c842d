"""Fictional inputs for the report tests and benchmarks (no real person is named here)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.reports.model import (
    Action,
    Agreement,
    ChecklistRow,
    ChildSection,
    ChronologyEvent,
    Deadline,
    DeadlineState,
    DocumentInfo,
    Gap,
    GapList,
    HandoverPack,
    ItemState,
    KeyAnswer,
    KeyDate,
    Override,
    People,
    Person,
    TransferSummary,
    Visit,
)

GENERATED = datetime(2026, 3, 3, 14, 5)
PACK_ID = "case-transfer-policy-2021"
PACK_VERSION = "2021.6.3"
AUDIT_POSITION = "event 4,812 (3 March 2026 13:58)"
SIBLINGS = ("Zoë Dvořák", "Tomáš Dvořák", "Anežka Dvořák", "Jiří Dvořák", "Božena Dvořák")
SENTENCES = (
    "The family were seen together at home and the children spoke openly about school.",
    "Mother reports that the new routine at bedtime is holding and the younger children "
    "sleep better.",
    "The health visitor confirmed that immunisations are up to date and the next check is booked.",
    "School attendance has risen from 71% to 93% over the last half term; the designated "
    "safeguarding lead attends the core group.",
    "Father has completed four of six sessions of the parenting programme; the facilitator's "
    "report is on file.",
    "The children's wishes and feelings were recorded using the three houses tool.",
    "Housing have agreed a repair date for the damp in the children's bedroom.",
)


def people() -> People:
    return People(
        transferring_worker=Person(
            "Agnieszka Wójcik", "Children and Families Practice North", "Social worker"
        ),
        transferring_manager=Person(
            "Rhiannon Bevan", "Children and Families Practice North", "Team manager"
        ),
        receiving_manager=Person("Kwabena Mensah", "Children in Care Team 2", "Team manager"),
        receiving_worker=Person("Inés García-López", "Children in Care Team 2", "Social worker"),
    )


def info(title: str, case_ids: tuple[str, ...]) -> DocumentInfo:
    return DocumentInfo(title, case_ids, GENERATED, PACK_ID, PACK_VERSION, AUDIT_POSITION)


def free_text(paragraphs: int) -> str:
    """Paragraphs of casework prose, separated by blank lines."""
    out = []
    for n in range(paragraphs):
        words = [SENTENCES[(n + k) % len(SENTENCES)] for k in range(5)]
        out.append(f"Visit note {n + 1}. " + " ".join(words))
    return "\n\n".join(out)


def chronology(events: int, start: date = date(2019, 1, 7)) -> tuple[ChronologyEvent, ...]:
    return tuple(
        ChronologyEvent(
            start + timedelta(days=6 * n), f"Event {n + 1}: {SENTENCES[n % len(SENTENCES)]}"
        )
        for n in range(events)
    )


def checklist() -> tuple[ChecklistRow, ...]:
    items = [
        ("Chronology up to date", ItemState.MET, "Chronology reviewed with manager"),
        ("Genogram on file", ItemState.MET, "Genogram dated 12 Feb 2026"),
        ("Single assessment completed and authorised", ItemState.MET, "Authorised 20 Jan 2026"),
        ("Child's plan current", ItemState.GAP, "Plan is more than 3 months old"),
        ("Statutory visits up to date", ItemState.MET, "Last visit 24 Feb 2026"),
        ("Later-life letter", ItemState.NOT_APPLICABLE, "Not adopted"),
        ("Core group minutes on file", ItemState.GAP, "Minutes of 10 Feb 2026 not uploaded"),
        ("Health assessment", ItemState.MET, "Initial health assessment 2 Feb 2026"),
    ]
    return tuple(
        ChecklistRow(
            item,
            state,
            evidence,
            date(2026, 2, 27) if state is ItemState.MET else None,
            f"Appendix A item {n}",
        )
        for n, (item, state, evidence) in enumerate(items, start=1)
    )


def child(
    child_id: str, name: str, *, events: int = 12, paragraphs: int = 3, dob: date | None = None
) -> ChildSection:
    return ChildSection(
        child_id=child_id,
        display_name=name,
        dob=dob or date(2012, 5, 17),
        age="13 years 9 months",
        from_team="Children and Families Practice North",
        to_team="Children in Care Team 2",
        pathway="CFP to Children in Care",
        pathway_cite="Case Transfer Policy 2021, §5",
        transfer_point="Second Children in Care review",
        transfer_date=date(2026, 3, 24),
        legal_status=(
            "Section 20: accommodated by agreement since 6 January 2026",
            "Child protection plan (neglect) ended 2 February 2026",
        ),
        key_dates=(
            KeyDate("Accommodated (s20)", date(2026, 1, 6)),
            KeyDate("First CiC review", date(2026, 2, 3)),
            KeyDate("Second CiC review (transfer point)", date(2026, 3, 24)),
        ),
        key_answers=(
            KeyAnswer("Is the child subject to care proceedings?", "No."),
            KeyAnswer("Is the young person missing?", "No."),
            KeyAnswer("Is the placement in crisis?", "No: the placement is stable."),
            KeyAnswer("Is a section 47 enquiry ongoing?", "No."),
        ),
        checklist_title="Appendix A case file checklist",
        checklist_cite="Appendix A",
        checklist=checklist(),
        deadlines=(
            Deadline(
                "Gaps closed",
                date(2026, 3, 17),
                "10 working days from the audit",
                "Appendix A",
                DeadlineState.OPEN,
            ),
            Deadline(
                "Transfer meeting",
                date(2026, 3, 10),
                "Monthly Case Transfer Meeting",
                "Case Transfer Policy 2021, §6",
                DeadlineState.DONE,
            ),
            Deadline(
                "Statutory visit",
                date(2026, 3, 2),
                "Every 6 weeks",
                "Care Planning Regulations 2010, reg. 28",
                DeadlineState.OVERDUE,
            ),
        ),
        visits=(
            Visit("Joint visit", date(2026, 3, 12), "Receiving worker met the carers."),
            Visit("Goodbye visit", date(2026, 3, 26), "Life-story book handed over."),
        ),
        co_working_start=date(2026, 3, 10),
        co_working_end=date(2026, 3, 31),
        agreements=(
            Agreement(
                "Kwabena Mensah (receiving manager)",
                "Accepts transfer at the second CiC review",
                datetime(2026, 3, 10, 10, 30),
            ),
        ),
        overrides=(
            Override(
                "Do not transfer while statutory visits are outstanding",
                "Priya Raghunathan",
                "Head of Service",
                "Visit booked for 4 March; carers stable",
                datetime(2026, 3, 2, 16, 0),
            ),
        ),
        actions=(
            Action(
                "Upload core group minutes of 10 Feb 2026", "Agnieszka Wójcik", date(2026, 3, 17)
            ),
            Action("Update the child's plan", "Agnieszka Wójcik", date(2026, 3, 17)),
        ),
        chronology=chronology(events),
        summary=free_text(paragraphs),
    )


def transfer_summary(**kwargs: object) -> TransferSummary:
    one = child("CH-20417", "Zoë Dvořák", **kwargs)  # type: ignore[arg-type]
    return TransferSummary(
        info(f"Transfer summary: {one.display_name}", (one.child_id,)), people(), one
    )


def sibling_pack(count: int = 5, *, events: int = 12, paragraphs: int = 3) -> HandoverPack:
    kids = tuple(
        child(
            f"CH-2041{n}",
            name,
            events=events,
            paragraphs=paragraphs,
            dob=date(2010 + 2 * n, 3 + n, 11),
        )
        for n, name in enumerate(SIBLINGS[:count], start=1)
    )
    return HandoverPack(info("Handover pack", tuple(k.child_id for k in kids)), people(), kids)


def single_pack(child_id: str, name: str, **kwargs: object) -> HandoverPack:
    one = child(child_id, name, **kwargs)  # type: ignore[arg-type]
    return HandoverPack(info("Handover pack", (child_id,)), people(), (one,))


def gap_list(gaps: int = 2) -> GapList:
    rows = (
        Gap(
            "Child's plan current",
            "Review and update the plan with the family",
            "Şükrü Yıldız (social worker)",
            "Appendix A item 4",
        ),
        Gap(
            "Core group minutes on file",
            "Upload the minutes of 10 Feb 2026",
            "Şükrü Yıldız (social worker)",
            "Appendix A item 7",
        ),
    ) * ((gaps + 1) // 2)
    return GapList(
        info=info("Gap list: Łukasz Kowalczyk", ("CH-30988",)),
        child_id="CH-30988",
        child_name="Łukasz Kowalczyk",
        checklist_title="Checklist within social care",
        checklist_cite="§1.2.1",
        audited_on=date(2026, 3, 3),
        gaps=rows[:gaps],
        deadline=date(2026, 3, 17),
        deadline_rule="10 working days from the audit",
        deadline_cite="§1.1(k)",
        sending_worker=Person("Şükrü Yıldız", "DAAT East", "Social worker"),
        sending_manager=Person("Rhiannon Bevan", "DAAT East", "Team manager"),
    )


def fmt_short(value: date) -> str:
    """How a table prints a date (``3 Mar 2026``)."""
    return f"{value.day} {value:%b} {value.year}"
