"""Printing from the desktop: the handover pack and gap list of the case in front, as PDFs."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from app.services.caseload import caseload_audit


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


def test_nothing_to_print_without_a_case_in_front(window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert window.printing.save("pack", tmp_path / "x.pdf") is None
    assert not (tmp_path / "x.pdf").exists()
