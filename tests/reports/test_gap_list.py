"""The gap list for the sending worker: what is missing, what is needed, who acts, by when."""

from __future__ import annotations

import dataclasses
import io
import re

from app.reports import render_gap_list
from tests.reports import factories
from tests.reports.conftest import Rendered
from tests.reports.pdf import Pdf


def test_shows_the_deadline_with_its_rule_and_source(gaps: Rendered) -> None:
    text = gaps.pdf.body(gaps.info.title)
    assert "Close every gap by Tuesday 17 March 2026" in text
    assert "10 working days from the audit (§1.1(k))" in text


def test_lists_each_gap_with_what_is_needed_and_who_must_act(gaps: Rendered) -> None:
    text = gaps.pdf.body(gaps.info.title)
    assert "Item not met What is needed Who must act Source" in text
    assert "Child's plan current Review and update the plan with the family" in text
    assert "Upload the minutes of 10 Feb 2026" in text
    assert text.count("Şükrü Yıldız (social worker)") == 2
    assert "Items not met (2)" in text


def test_names_the_child_checklist_audit_and_sending_worker(gaps: Rendered) -> None:
    text = gaps.pdf.body(gaps.info.title)
    assert "Łukasz Kowalczyk (CH-30988)" in text
    assert "Checklist Checklist within social care (§1.2.1)" in text
    assert "Audited on 3 March 2026" in text
    assert "Sending worker Şükrü Yıldız, Social worker, DAAT East" in text


def test_outline_by_child_and_section(gaps: Rendered) -> None:
    assert [(level, title) for level, title, _ in gaps.pdf.outline()] == [
        (0, "Łukasz Kowalczyk (CH-30988)"),
        (1, "Deadline"),
        (1, "Items not met (2)"),
        (1, "When a gap is closed"),
    ]


def test_no_gaps_says_so() -> None:
    out = io.BytesIO()
    render_gap_list(factories.gap_list(0), out)
    assert "No gaps: every item is met or not applicable." in Pdf.of(out.getvalue()).all_text


def test_a_long_gap_list_repeats_its_header_on_every_page() -> None:
    doc = factories.gap_list(60)
    doc = dataclasses.replace(
        doc,
        gaps=tuple(
            dataclasses.replace(gap, item=f"{gap.item} #{n}") for n, gap in enumerate(doc.gaps, 1)
        ),
    )
    out = io.BytesIO()
    pages = render_gap_list(doc, out)
    pdf = Pdf.of(out.getvalue())
    assert pages >= 3
    head = re.compile(r"Item not met\nWhat is needed\nWho must act\nSource")
    assert all(head.search(text) for text in pdf.texts)
    body = pdf.body(doc.info.title)
    assert [int(n) for n in re.findall(r"(?:current|file) #(\d+)", body)] == list(range(1, 61))
