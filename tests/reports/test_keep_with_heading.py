"""A heading stays with what follows it, without leaving most of a page blank before a table."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from app.reports.page import KeepHeadingWithNext

ROW = 20  # points per table row


def pages_of(space_before: float, rows: int) -> list[str]:
    """The text of each page: ``space_before`` points of filler, then a heading and its table."""
    styles = getSampleStyleSheet()
    table = Table([["Case", "Decision"]] + [[f"C-{n:03}", "Agreed"] for n in range(rows)],
                  rowHeights=ROW, repeatRows=1)  # fmt: skip
    heading = Paragraph("Decisions", styles["Heading2"])
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4)
    doc.build([Spacer(1, space_before), KeepHeadingWithNext([heading, table])])
    return [page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages]


def test_a_table_of_most_of_a_page_starts_under_its_heading_on_the_page_it_can() -> None:
    pages = pages_of(space_before=250, rows=30)  # ~620 pt: fits a page, not what is left
    assert len(pages) == 2
    assert "Decisions" in pages[0] and "C-000" in pages[0]  # no two-thirds-blank first page
    assert "C-029" in pages[1] and pages[1].count("Case") == 1  # header row repeated over


def test_a_short_table_that_does_not_fit_moves_whole_with_its_heading() -> None:
    pages = pages_of(space_before=560, rows=12)  # ~260 pt: less than half a page
    assert len(pages) == 2
    assert "Decisions" not in pages[0] and "C-000" not in pages[0]
    assert "Decisions" in pages[1] and "C-011" in pages[1]
