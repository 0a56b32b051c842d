"""The input model, the printed words, where the PDF goes, and what app.reports may import."""

from __future__ import annotations

import ast
import dataclasses
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from app.reports import render_gap_list, render_handover_pack, render_transfer_summary
from app.reports.fonts import fonts_dir
from app.reports.model import DocumentInfo, HandoverPack
from app.reports.text import (
    esc,
    fmt_date,
    fmt_datetime,
    fmt_long_date,
    fmt_short_date,
    split_paragraphs,
)
from tests.reports import factories
from tests.reports.pdf import Pdf

REPORTS = Path(__file__).resolve().parents[2] / "app" / "reports"
FORBIDDEN = ("PySide6", "sqlalchemy", "alembic", "app.storage", "app.services", "ui")


def test_inputs_are_frozen() -> None:
    doc = factories.transfer_summary()
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.child.display_name = "someone else"  # type: ignore[misc]


def test_a_document_needs_a_case_and_a_pack_needs_a_child() -> None:
    with pytest.raises(ValueError, match="at least one case"):
        DocumentInfo("Handover pack", (), datetime(2026, 3, 3), "p", "1", "event 1")
    with pytest.raises(ValueError, match="at least one child"):
        HandoverPack(factories.info("Handover pack", ("CH-1",)), factories.people(), ())


def test_dates_print_the_british_way_whatever_the_locale() -> None:
    day = date(2026, 3, 3)
    assert fmt_date(day) == "3 March 2026"
    assert fmt_long_date(day) == "Tuesday 3 March 2026"
    assert fmt_short_date(day) == "3 Mar 2026"
    assert fmt_datetime(datetime(2026, 3, 3, 9, 5)) == "3 March 2026, 09:05"
    assert fmt_date(None) == ""


def test_user_text_is_escaped_and_split_into_paragraphs() -> None:
    assert esc("a < b & c\nd") == "a &lt; b &amp; c<br/>d"
    assert split_paragraphs("one\n\n  \n\ntwo\nlines") == ["one", "two\nlines"]


@pytest.mark.parametrize(
    ("render", "make"),
    [
        (render_transfer_summary, factories.transfer_summary),
        (render_handover_pack, factories.sibling_pack),
        (render_gap_list, factories.gap_list),
    ],
)
def test_writes_to_a_path_or_a_binary_stream(render: object, make: object, tmp_path: Path) -> None:
    doc = make()  # type: ignore[operator]
    path = tmp_path / "out.pdf"
    pages = render(doc, path)  # type: ignore[operator]
    stream = io.BytesIO()
    assert render(doc, stream) == pages >= 1  # type: ignore[operator]
    assert path.read_bytes()[:5] == stream.getvalue()[:5] == b"%PDF-"


def test_reports_import_neither_qt_nor_the_database_nor_the_services() -> None:
    for module in REPORTS.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                bad = [f for f in FORBIDDEN if name == f or name.startswith(f"{f}.")]
                assert not bad, f"{module.name} imports {name}"


def test_an_unallocated_worker_and_an_unborn_child_print_as_such() -> None:
    doc = factories.transfer_summary()
    unborn = dataclasses.replace(doc.child, dob=date(2026, 6, 1), dob_expected=True, age="unborn")
    people = dataclasses.replace(doc.people, receiving_worker=None)
    out = io.BytesIO()
    render_transfer_summary(dataclasses.replace(doc, child=unborn, people=people), out)
    text = Pdf.of(out.getvalue()).body(doc.info.title)
    assert "Receiving worker Not yet allocated" in text
    assert "Expected date of birth 1 June 2026" in text


def test_the_font_ships_with_its_licence() -> None:
    fonts = fonts_dir()
    assert (fonts / "DejaVuSans.ttf").is_file()
    assert (fonts / "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream" in (fonts / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
