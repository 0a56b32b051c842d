"""Printing from the desktop: the handover pack and gap list of the case in front, as PDFs and
on paper (a QPrinter writing a PDF stands in for the printer; its pages are rendered back)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from app.services.caseload import caseload_audit
from tests.ui.conftest import OFFSCREEN_NOISE
from ui import paper
from ui.printing import discard_viewed


def test_save_the_pack_and_gaps_of_the_case_in_front(
    window, workspace, today, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    case_id = caseload_audit(workspace, today)[0].case_id
    window.open_case(case_id)
    pack = window.printing.save("pack", tmp_path / "pack.pdf")
    gaps = window.printing.save("gaps", tmp_path / "gaps.pdf")
    assert pack is not None and gaps is not None
    pack_text = "".join(p.extract_text() for p in PdfReader(pack).pages)
    assert case_id in pack_text and "OFFICIAL-SENSITIVE" in pack_text
    assert "Checklist gap list" in PdfReader(gaps).pages[0].extract_text()
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    shown = window.printing.open_in_viewer("pack")
    assert shown is not None and opened and Path(opened[0].toLocalFile()) == shown
    assert (shown.parent.stat().st_mode & 0o077) == 0  # a private folder
    discard_viewed()  # as on closing the caseload
    assert not shown.exists() and not shown.parent.exists()


def test_nothing_to_print_without_a_case_in_front(window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert window.printing.save("pack", tmp_path / "x.pdf") is None
    assert not (tmp_path / "x.pdf").exists()


# -- Print… on paper ------------------------------------------------------------------------------


#: Thumbnails of the same page differ by a few grey levels (raster against vector); two pages of
#: the pack by more than ten.
SAME_PAGE = 8.0


def pdf_printer(out: Path, pages: tuple[int, int] | None = None) -> QPrinter:
    """A printer that writes what it is sent to ``out`` (a PDF), as a real printer would print."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(100)  # enough to see the pages; keeps the rasters small
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))  # the pack's paper, edge to edge,
    printer.setFullPage(True)  # so a printed page lines up with its source page
    if pages is not None:
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(*pages)
    return printer


def thumbnails(pdf: Path) -> list[Image.Image]:
    """Every page of ``pdf`` rendered small and grey, the same size for any paper."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [
            page.render(scale=0.5).to_pil().convert("L").resize((120, 170)) for page in document
        ]
    finally:
        document.close()


def ink(image: Image.Image) -> float:
    """The share of the page that is not white paper."""
    histogram = image.histogram()
    return 1 - sum(histogram[240:]) / sum(histogram)


def difference(a: Image.Image, b: Image.Image) -> float:
    """The mean grey-level difference of two thumbnails (0 = the same, 255 = inverse)."""
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


@pytest.fixture
def case_in_front(window, workspace, today) -> str:  # type: ignore[no-untyped-def]
    case_id = caseload_audit(workspace, today)[0].case_id
    window.open_case(case_id)
    return case_id


@pytest.fixture
def the_pack(window, case_in_front, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """The handover pack of the case in front, saved as the Save action makes it."""
    saved = window.printing.save("pack", tmp_path / "pack.pdf")
    assert saved is not None
    return saved


def test_print_sends_every_page_of_the_pack_to_the_printer(
    window, the_pack, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    asked: list[int] = []

    def choose(parent, pages):  # type: ignore[no-untyped-def]
        asked.append(pages)
        return pdf_printer(tmp_path / "paper.pdf")

    original = thumbnails(the_pack)
    printed = window.printing.print_on_paper("pack", choose)
    assert asked == [len(original)] and printed == len(original) >= 2
    on_paper = thumbnails(tmp_path / "paper.pdf")
    assert len(on_paper) == len(original)
    for page, source in zip(on_paper, original, strict=True):
        assert ink(page) > 0.005  # text and rules, not a blank sheet
        assert difference(page, source) < SAME_PAGE  # the same page, in the same place
    assert "page(s)" in window.statusBar().currentMessage()


def test_print_respects_the_page_range(window, the_pack, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "page2.pdf"
    printed = window.printing.print_on_paper("pack", lambda parent, pages: pdf_printer(out, (2, 2)))
    assert printed == 1
    (page,) = thumbnails(out)
    first, second = thumbnails(the_pack)[:2]
    assert difference(page, second) < SAME_PAGE < difference(page, first)


def test_a_page_range_past_the_end_prints_what_there_is(the_pack, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pages = paper.count_pages(the_pack)
    printed = paper.print_pdf(the_pack, pdf_printer(tmp_path / "tail.pdf", (pages, pages + 5)))
    assert printed == 1 and len(thumbnails(tmp_path / "tail.pdf")) == 1


def test_cancel_stops_between_pages_and_says_so(
    window, case_in_front, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    printed = window.printing.print_on_paper(
        "pack", lambda parent, pages: pdf_printer(tmp_path / "stopped.pdf")
    )
    assert printed is None
    assert told and "cancelled after 1 page" in told[0]


def test_no_printer_is_a_message_not_a_dialog(window, case_in_front, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: []))
    assert window.printing.print_on_paper("pack") is None
    assert warned and "No printer is set up" in warned[0]


def test_closing_the_print_dialog_prints_nothing_and_leaves_no_copy(
    window, case_in_front, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    made: list[Path] = []

    def choose(parent, pages):  # type: ignore[no-untyped-def]
        made.extend(Path(tempfile.gettempdir()).glob("transfer-desk-print-*/*.pdf"))
        return None

    assert window.printing.print_on_paper("gaps", choose) is None
    assert made and not any(p.exists() for p in made)  # the private copy went with the folder


def test_a_file_that_is_not_a_pdf_is_a_printing_failure(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.pdf"
    broken.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(paper.PrintingFailed, match=r"broken\.pdf"):
        paper.print_pdf(broken, pdf_printer(tmp_path / "out.pdf"))


def test_the_print_action_is_on_ctrl_p(window) -> None:  # type: ignore[no-untyped-def]
    actions = {a.shortcut().toString(): a.text() for a in window.findChildren(QAction)}
    assert actions["Ctrl+P"] == "Pri&nt the handover pack…"


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false", *OFFSCREEN_NOISE)
def test_a_printer_that_will_not_start_is_a_printing_failure(the_pack, tmp_path) -> None:  # type: ignore[no-untyped-def]
    unwritable = pdf_printer(tmp_path / "no such folder" / "out.pdf")
    with pytest.raises(paper.PrintingFailed, match="could not be started"):
        paper.print_pdf(the_pack, unwritable)
