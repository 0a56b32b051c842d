"""Printed documents from the desktop: save the handover pack or gap list as PDF, or open it
in the system's PDF viewer (which prints it). The helpers below serve every printed document
(the meeting agenda and minutes too)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from app.services.printing import NothingToPrint, write_gap_list, write_handover_pack
from app.services.workspace import Workspace

Target = Callable[[], tuple[Workspace, str] | None]
Writer = Callable[[Workspace, str, Path, datetime], int]


def _pack(ws: Workspace, case_id: str, out: Path, now: datetime) -> int:
    return write_handover_pack(ws, case_id, out, now)


DOCUMENTS: dict[str, tuple[str, Writer]] = {
    "pack": ("Handover pack", _pack),
    "gaps": ("Gap list", write_gap_list),
}


class PrintLauncher(QObject):
    """The Case menu's printing actions, for the case whose record is in front."""

    def __init__(self, parent: QWidget, target: Target) -> None:
        super().__init__(parent)
        self._parent = parent
        self._target = target

    def install(self, menu: QMenu) -> None:
        save_pack = QAction("Save the handover &pack as PDF…", self._parent)
        save_pack.setShortcut(QKeySequence("Ctrl+Shift+P"))
        save_pack.triggered.connect(lambda: self.save("pack"))
        save_gaps = QAction("Save the &gap list as PDF…", self._parent)
        save_gaps.triggered.connect(lambda: self.save("gaps"))
        view = QAction("&Print the handover pack (opens the PDF viewer)", self._parent)
        view.setShortcut(QKeySequence.StandardKey.Print)
        view.triggered.connect(lambda: self.open_in_viewer("pack"))
        for action in (save_pack, save_gaps, view):
            menu.addAction(action)

    def save(self, kind: str, chosen: Path | None = None) -> Path | None:
        """Ask where to save (unless ``chosen``) and write the document there."""
        found = self._target()
        if found is None:
            return None
        ws, case_id = found
        title = DOCUMENTS[kind][0]
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
        out = private_path(f"{DOCUMENTS[kind][0]} {case_id}.pdf")
        return open_file(out) if self._write(kind, ws, case_id, out) else None

    def _write(self, kind: str, ws: Workspace, case_id: str, out: Path) -> bool:
        title, writer = DOCUMENTS[kind]
        return write_file(
            self._parent, title, out, lambda: writer(ws, case_id, out, datetime.now())
        )


def ask_pdf_path(
    parent: QWidget, title: str, suggested: str, kind: str = "PDF (*.pdf)"
) -> Path | None:
    """Ask where to save ``title`` (starting in the home folder); None when cancelled."""
    name, _ = QFileDialog.getSaveFileName(
        parent, f"Save {title}", str(Path.home() / suggested), kind
    )
    return Path(name) if name else None


def private_path(name: str) -> Path:
    """``name`` in a new private temporary folder (owner-only, 0o700), for the viewer."""
    return Path(tempfile.mkdtemp(prefix="transfer-desk-")) / name


def open_file(path: Path) -> Path:
    """Open ``path`` in the system's viewer for its kind (which prints it)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def write_file(parent: QWidget, title: str, out: Path, write: Callable[[], object]) -> bool:
    """Run ``write``; nothing to print or a folder that fails is a message, not a traceback."""
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
