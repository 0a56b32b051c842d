"""Printed documents from the desktop: print the handover pack or gap list on paper (the system
print dialog), save it as PDF, or open it in the system's PDF viewer. The module-level helpers
serve every printed document (the meeting agenda and minutes too).

The documents are made by ``app.services.printing`` (reportlab), imported only when one is
asked for: the first window does not need it, and it costs a fifth of a second to import.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QProgressDialog, QWidget

from app.services.workspace import Workspace

if TYPE_CHECKING:  # printing on paper (PDFium, QtPrintSupport) is imported when first used
    from PySide6.QtPrintSupport import QPrinter

Target = Callable[[], tuple[Workspace, str] | None]
#: Shows the print dialog for a document of so many pages; the printer chosen, or None.
ChoosePrinter = Callable[[QWidget | None, int], "QPrinter | None"]

#: The documents by kind, with their titles.
DOCUMENTS: dict[str, str] = {"pack": "Handover pack", "gaps": "Gap list"}


def write_document(kind: str, ws: Workspace, case_id: str, out: Path, now: datetime) -> int:
    """Write the ``kind`` document of ``case_id`` to ``out``; returns its page count."""
    from app.services import printing as documents

    if kind == "pack":
        return documents.write_handover_pack(ws, case_id, out, now)
    return documents.write_gap_list(ws, case_id, out, now)


class PrintLauncher(QObject):
    """The Case menu's printing actions, for the case whose record is in front."""

    def __init__(self, parent: QWidget, target: Target) -> None:
        super().__init__(parent)
        self._parent = parent
        self._target = target

    def install(self, menu: QMenu) -> None:
        self._add(menu, "Pri&nt the handover pack…", lambda: self.print_on_paper("pack"), "Ctrl+P")
        self._add(menu, "Print the gap l&ist…", lambda: self.print_on_paper("gaps"))
        self._add(
            menu, "Save the handover &pack as PDF…", lambda: self.save("pack"), "Ctrl+Shift+P"
        )
        self._add(menu, "Save the &gap list as PDF…", lambda: self.save("gaps"))
        self._add(
            menu, "Open the handover pack in the PDF &viewer", lambda: self.open_in_viewer("pack")
        )

    def _add(
        self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self._parent)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def save(self, kind: str, chosen: Path | None = None) -> Path | None:
        """Ask where to save (unless ``chosen``) and write the document there."""
        found = self._target()
        if found is None:
            return None
        ws, case_id = found
        title = DOCUMENTS[kind]
        chosen = chosen or ask_pdf_path(self._parent, title, f"{title} {case_id}.pdf")
        if chosen is None:
            return None
        return chosen if self._write(kind, ws, case_id, chosen) else None

    def open_in_viewer(self, kind: str) -> Path | None:
        """Write the document to a private temporary folder and open it in the PDF viewer."""
        found = self._target()
        if found is None:
            return None
        ws, case_id = found
        out = private_path(f"{DOCUMENTS[kind]} {case_id}.pdf")
        return open_file(out) if self._write(kind, ws, case_id, out) else None

    def print_on_paper(self, kind: str, choose: ChoosePrinter | None = None) -> int | None:
        """Make the document, let the user choose a printer (``choose``, else the system print
        dialog), and print it; returns the pages sent, or None when nothing was printed (the
        user was told why).

        The PDF goes to a private temporary folder that is removed once printed, so no copy of
        the child's details is left behind.
        """
        found = self._target()
        if found is None:
            return None
        ws, case_id = found
        title = DOCUMENTS[kind]
        from ui import paper

        with tempfile.TemporaryDirectory(prefix="transfer-desk-print-") as folder:
            pdf = Path(folder) / f"{title} {case_id}.pdf"
            if not self._write(kind, ws, case_id, pdf):
                return None
            try:
                printer = (choose or paper.ask_printer)(self._parent, paper.count_pages(pdf))
                if printer is None:
                    return None
                printed = self._print_with_progress(title, pdf, printer)
            except paper.PrintingCancelled as stopped:
                QMessageBox.information(self._parent, f"Print {title}", str(stopped))
                return None
            except paper.PrintingFailed as failed:
                QMessageBox.warning(self._parent, f"Print {title}", str(failed))
                return None
        self._say(f"Sent {printed} page(s) of the {title.lower()} of {case_id} to the printer")
        return printed

    def _print_with_progress(self, title: str, pdf: Path, printer: QPrinter) -> int:
        """Print behind a progress dialog whose Cancel stops the job between pages."""
        dialog = QProgressDialog(f"Printing the {title.lower()}…", "&Cancel", 0, 0, self._parent)
        dialog.setWindowTitle(f"Print {title}")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)  # a short document prints without a flash of dialog
        dialog.setAccessibleName(f"Printing the {title.lower()}")

        def progress(done: int, total: int) -> bool:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(f"Printing the {title.lower()}: page {done} of {total}…")
            return not dialog.wasCanceled()

        from ui import paper

        try:
            return paper.print_pdf(pdf, printer, progress)
        finally:
            dialog.close()
            dialog.deleteLater()

    def _say(self, text: str) -> None:
        if isinstance(self._parent, QMainWindow):
            self._parent.statusBar().showMessage(text, 8000)

    def _write(self, kind: str, ws: Workspace, case_id: str, out: Path) -> bool:
        return write_file(
            self._parent,
            DOCUMENTS[kind],
            out,
            lambda: write_document(kind, ws, case_id, out, datetime.now()),
        )


def ask_pdf_path(
    parent: QWidget, title: str, suggested: str, kind: str = "PDF (*.pdf)"
) -> Path | None:
    """Ask where to save ``title`` (starting in the home folder); None when cancelled."""
    name, _ = QFileDialog.getSaveFileName(
        parent, f"Save {title}", str(Path.home() / suggested), kind
    )
    return Path(name) if name else None


class _ViewedDocuments:
    """One private folder (0o700) for the documents opened in the viewer this session.

    It is emptied when the caseload closes or locks and removed when Python exits, so no copy of
    a child's details outlives the session. A viewer still showing a document keeps its own
    copy open; Linux and macOS let the file go from under it.
    """

    folder: tempfile.TemporaryDirectory[str] | None = None

    @classmethod
    def path(cls, name: str) -> Path:
        if cls.folder is None:
            cls.folder = tempfile.TemporaryDirectory(prefix="transfer-desk-view-")
        return Path(cls.folder.name) / name

    @classmethod
    def discard(cls) -> None:
        if cls.folder is not None:
            cls.folder.cleanup()
            cls.folder = None


def private_path(name: str) -> Path:
    """``name`` in the session's private folder for the viewer (see :func:`discard_viewed`)."""
    return _ViewedDocuments.path(name)


def discard_viewed() -> None:
    """Remove every document opened in the viewer so far (on closing or locking the caseload)."""
    _ViewedDocuments.discard()


def open_file(path: Path) -> Path:
    """Open ``path`` in the system's viewer for its kind."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def write_file(parent: QWidget, title: str, out: Path, write: Callable[[], object]) -> bool:
    """Run ``write``; nothing to print or a folder that fails is a message, not a traceback."""
    from app.services.printing import NothingToPrint  # reportlab: only once a document is made

    try:
        write()
    except NothingToPrint as exc:
        QMessageBox.information(parent, title, str(exc))
        return False
    except OSError as exc:
        advice = "Choose another folder, or free some space, and try again."
        reason = exc.strerror or str(exc)
        QMessageBox.warning(parent, title, f"Could not write {out}: {reason}. {advice}")
        return False
    return True
