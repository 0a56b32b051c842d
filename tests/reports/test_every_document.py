"""What every printed document carries: marking, page numbers, footer facts, metadata, fonts."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm

from app.reports.page import MARKING, Footer
from tests.reports.conftest import Rendered
from tests.reports.factories import AUDIT_POSITION, PACK_ID, PACK_VERSION
from tests.reports.pdf import PAGE_NUMBER


def flat(text: str) -> str:
    return " ".join(text.split())


def test_marking_is_first_and_last_on_every_page(any_document: Rendered) -> None:
    for text in any_document.pdf.texts:
        lines = [line for line in text.splitlines() if line.strip()]
        assert lines[0] == MARKING
        assert lines[-1] == MARKING


def test_marking_sits_at_the_top_and_the_bottom_of_every_page(any_document: Rendered) -> None:
    pdf = any_document.pdf
    for index in range(len(pdf.texts)):
        heights = [run.y for run in pdf.placed(index) if run.text == MARKING]
        assert len(heights) == 2, index
        assert max(heights) > pdf.height - 15 * mm
        assert min(heights) < 10 * mm


def test_page_x_of_y_runs_from_1_to_the_page_count(any_document: Rendered) -> None:
    texts = any_document.pdf.texts
    assert any_document.pages == len(texts) == len(any_document.pdf.reader.pages)
    for number, text in enumerate(texts, start=1):
        found = PAGE_NUMBER.findall(text)
        assert found == [(str(number), str(len(texts)))]


def test_every_footer_names_the_document_cases_time_pack_and_audit_position(
    any_document: Rendered,
) -> None:
    info = any_document.info
    for text in map(flat, any_document.pdf.texts):
        assert info.title in text
        assert f"Case {', '.join(info.case_ids)}" in text
        assert "Generated 3 March 2026, 14:05" in text
        assert f"Policy pack {PACK_ID} version {PACK_VERSION}" in text
        assert f"Audit trail position {AUDIT_POSITION}" in text


def test_body_text_never_enters_the_header_or_the_footer(any_document: Rendered) -> None:
    pdf, info = any_document.pdf, any_document.info
    footer = Footer.of(info)
    footer_text = flat(pdf.texts[0].split(info.title)[-1]) + " " + info.title
    for index in range(len(pdf.texts)):
        for run in pdf.placed(index):
            if run.y > pdf.height - 14 * mm:
                assert run.text == MARKING
            elif run.y < footer.bottom_margin - 0.5:
                allowed = run.text == MARKING or PAGE_NUMBER.fullmatch(run.text)
                assert allowed or flat(run.text) in footer_text, (index, run)


def test_metadata_title_author_subject_language(any_document: Rendered) -> None:
    pdf, info = any_document.pdf, any_document.info
    meta = pdf.reader.metadata
    assert meta is not None
    assert meta.title == info.title
    assert meta.author == "Transfer Desk"
    assert info.case_ids[0] in (meta.subject or "")
    assert pdf.catalog["/Lang"] == "en-GB"
    assert bool(pdf.catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf.catalog["/PageMode"] == "/UseOutlines"


def test_only_the_shipped_font_is_used_and_it_is_embedded(any_document: Rendered) -> None:
    for page in any_document.pdf.reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "DejaVuSans" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"]


def test_names_with_diacritics_extract_as_written(any_document: Rendered) -> None:
    text = flat(any_document.pdf.all_text)
    for name in any_document.names:
        assert name in text


def test_every_document_has_an_outline(any_document: Rendered) -> None:
    outline = any_document.pdf.outline()
    assert outline
    assert {level for level, _, _ in outline} == {0, 1}


@pytest.mark.parametrize("word", ["MET", "GAP", "N/A", "OVERDUE", "DONE"])
def test_states_are_written_not_only_coloured(summary: Rendered, word: str) -> None:
    assert word in summary.pdf.all_text.split()
