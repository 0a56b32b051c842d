"""Printing a PDF on paper: each page rasterised by PDFium at the printer's resolution and painted
onto a :class:`QPrinter`.

Qt cannot print a PDF file itself, and handing the file to a viewer leaves the printing to
whatever viewer is installed. Rendering with PDFium (``pypdfium2``) keeps one path on every
platform and lets the system print dialog choose the printer, the copies and the pages.

:func:`print_pdf` does the work and is what the tests drive (with a QPrinter writing a PDF);
:func:`ask_printer` is the dialog, kept apart so the work can run without one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

#: PDF pages are measured in points.
POINTS_PER_INCH = 72
#: Above this a page raster only costs memory (an A4 page at 600 dpi is already 140 MB).
MAX_DPI = 600

#: Called after each page with (pages done, pages in all); returns False to cancel.
Progress = Callable[[int, int], bool]


class PrintingCancelled(Exception):
    """The user cancelled while the pages were going to the printer."""


class PrintingFailed(Exception):
    """The printer could not be started or the PDF could not be read; the message says which."""


def no_printer_installed() -> bool:
    """Whether this computer has no printer set up at all."""
    return not QPrinterInfo.availablePrinters()


def count_pages(pdf: Path) -> int:
    """How many pages the PDF at ``pdf`` has."""
    with _document(pdf) as document:
        return len(document)


def ask_printer(parent: QWidget | None, pages: int) -> QPrinter | None:
    """The system print dialog (printer, copies, page range) for a document of ``pages`` pages;
    the chosen printer, or None when the user cancels. Raises :class:`PrintingFailed` when no
    printer is set up."""
    if no_printer_installed():
        raise PrintingFailed(
            "No printer is set up on this computer. Add one in your system's printer settings, "
            "or save the document as PDF instead."
        )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    dialog.setMinMax(1, pages)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def chosen_pages(printer: QPrinter, pages: int) -> range:
    """The 0-based page numbers to print: the printer's page range if one was chosen, clipped to
    the document, else every page."""
    if printer.printRange() != QPrinter.PrintRange.PageRange or printer.fromPage() == 0:
        return range(pages)
    first = max(printer.fromPage(), 1)
    last = min(printer.toPage() or pages, pages)
    return range(first - 1, last)


def print_pdf(pdf: Path, printer: QPrinter, progress: Progress | None = None) -> int:
    """Print the pages of ``pdf`` that ``printer`` asks for; returns how many were printed.

    Each page is scaled to fit the printer's printable area, keeping its shape, and centred.
    Raises :class:`PrintingCancelled` when ``progress`` says stop (the print job is aborted, so
    nothing half-printed is sent) and :class:`PrintingFailed` when the printer will not start.
    """
    with _document(pdf) as document:
        wanted = chosen_pages(printer, len(document))
        dpi = min(printer.resolution(), MAX_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintingFailed(
                f"The printer {printer.printerName() or printer.outputFileName()} could not be "
                "started. Check it is switched on and connected, or save the PDF instead."
            )
        try:
            for done, index in enumerate(wanted, start=1):
                if done > 1:
                    printer.newPage()
                _paint_page(painter, document[index], dpi)
                if progress is not None and not progress(done, len(wanted)):
                    printer.abort()
                    raise PrintingCancelled(f"Printing was cancelled after {done} page(s).")
        finally:
            if painter.isActive():
                painter.end()
    return len(wanted)


def _paint_page(painter: QPainter, page: pdfium.PdfPage, dpi: int) -> None:
    """Rasterise ``page`` at ``dpi`` and paint it, fitted and centred, in the painter's window."""
    width, height = page.get_size()
    bitmap = page.render(
        scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True, optimize_mode="print"
    )
    try:
        image = QImage(
            bitmap.buffer,
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_RGBX8888,
        )
        area = QRectF(painter.viewport())
        size = QSizeF(width, height).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(area.topLeft(), size)
        target.moveCenter(area.center())
        painter.drawImage(target, image)
    finally:
        bitmap.close()
        page.close()


@contextmanager
def _document(pdf: Path) -> Iterator[pdfium.PdfDocument]:
    try:
        document = pdfium.PdfDocument(pdf)
    except (OSError, pdfium.PdfiumError) as error:
        raise PrintingFailed(f"Could not read {pdf.name} to print it: {error}.") from error
    try:
        yield document
    finally:
        document.close()
