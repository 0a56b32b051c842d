"""The handover pack of a five-child sibling group."""

from __future__ import annotations

import dataclasses
import re

from app.reports import model
from tests.reports import factories
from tests.reports.conftest import Rendered

SECTIONS = (
    "Transfer",
    "Legal status and key dates",
    "Key questions",
    "Checklist results",
    "Deadlines",
    "Joint and goodbye visits, co-working",
    "Who agreed what, and when",
    "Overrides and their authorisers",
    "Outstanding actions",
    "Summary",
    "Chronology extract: key events",
)
CHILD_TITLES = tuple(
    f"{n}. {name} (CH-2041{n})" for n, name in enumerate(factories.SIBLINGS, start=1)
)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_outline_has_each_child_with_its_sections(sibling_pack: Rendered) -> None:
    outline = sibling_pack.pdf.outline()
    top = [title for level, title, _ in outline if level == 0]
    assert top == ["People", "Contents", *CHILD_TITLES, "Acceptance by the receiving team"]
    for title in CHILD_TITLES:
        start = [t for _, t, _ in outline].index(title)
        under = [t for level, t, _ in outline[start + 1 : start + 1 + len(SECTIONS)] if level == 1]
        assert tuple(under) == SECTIONS


def test_bookmarks_point_at_the_pages_their_headings_are_on(sibling_pack: Rendered) -> None:
    pdf = sibling_pack.pdf
    for _, title, page in pdf.outline():
        assert title in flat(pdf.texts[page])
    child_pages = [page for level, title, page in pdf.outline() if title in CHILD_TITLES]
    assert child_pages == sorted(set(child_pages))
    assert child_pages[0] == 1


def test_cover_contents_gives_the_page_of_each_section(sibling_pack: Rendered) -> None:
    pdf = sibling_pack.pdf
    cover = pdf.texts[0]
    for level, title, page in pdf.outline():
        if level == 0 and title != "Contents":
            found = re.search(rf"^{re.escape(title)}\n(\d+)$", cover, re.M)
            assert found, title
            assert int(found.group(1)) == page + 1


def test_cover_names_every_child_and_the_people(sibling_pack: Rendered) -> None:
    cover = flat(sibling_pack.pdf.texts[0])
    assert "Sibling group of 5" in cover
    for name in factories.SIBLINGS:
        assert name in cover
    for person in ("Agnieszka Wójcik", "Rhiannon Bevan", "Inés García-López", "Kwabena Mensah"):
        assert person in cover
    assert "Policy pack case-transfer-policy-2021, version 2021.6.3" in cover
    assert "Audit trail position event 4,812 (3 March 2026 13:58)" in cover


def test_each_child_section_holds_the_transfer_facts(sibling_pack: Rendered) -> None:
    text = sibling_pack.pdf.body(sibling_pack.info.title, first_page=1)
    facts = (
        "From Children and Families Practice North",
        "To Children in Care Team 2",
        "Pathway CFP to Children in Care (Case Transfer Policy 2021, §5)",
        "Transfer point Second Children in Care review",
        "Transfer date 24 March 2026",
        "Section 20: accommodated by agreement since 6 January 2026",
        "Is the placement in crisis? No: the placement is stable.",
        "Appendix A case file checklist (Appendix A): 5 met, 2 gaps, 1 not applicable.",
        "Gaps closed 17 Mar 2026 OPEN 10 working days from the audit Appendix A",
        "Joint visit 12 Mar 2026",
        "Goodbye visit 26 Mar 2026",
        "Co-working period: from 10 March 2026 to 31 March 2026.",
        "Accepts transfer at the second CiC review 10 Mar 2026 10:30",
        "Priya Raghunathan Head of Service",
        "Upload core group minutes of 10 Feb 2026",
        "Event 12: Father has completed four of six sessions",
    )
    for fact in facts:
        assert text.count(fact) == 5, fact


def test_acceptance_has_lines_for_the_receiving_manager(sibling_pack: Rendered) -> None:
    last = flat(sibling_pack.pdf.texts[-1])
    assert "Acceptance by the receiving team" in last
    assert "Receiving manager Kwabena Mensah, Children in Care Team 2" in last
    assert "Signature" in last and "Date" in last
    assert last.count("Yes / No") == 5


def test_no_disagreement_ever_appears_in_a_pack(
    sibling_pack: Rendered, long_pack: Rendered
) -> None:
    for rendered in (sibling_pack, long_pack):
        assert "disagree" not in rendered.pdf.all_text.lower()


def test_the_pack_model_has_no_place_for_a_disagreement() -> None:
    kinds = (model.HandoverPack, model.ChildSection, model.People, model.DocumentInfo)
    for kind in kinds:
        for field in dataclasses.fields(kind):
            assert "disagree" not in field.name.lower()
            assert "escalat" not in field.name.lower()
    assert "disagreement" in (model.HandoverPack.__doc__ or "")


def test_a_single_child_pack_says_no_sibling_group(long_pack: Rendered) -> None:
    cover = flat(long_pack.pdf.texts[0])
    assert "Sibling group" not in cover
    assert "Şükrü Yıldız (CH-77001)" in cover
