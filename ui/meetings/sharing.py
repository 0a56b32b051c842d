"""Calendar files from the meeting screens: ask where, write, say what failed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui.printing import ask_pdf_path, write_file

CALENDAR_FILTER = "Calendar (*.ics)"


def save_calendar(
    parent: QWidget, title: str, suggested: str, make: Callable[[], bytes], chosen: Path | None
) -> Path | None:
    """Save ``make()`` as a calendar file (asks where, unless ``chosen``); None if not saved."""
    out = chosen or ask_pdf_path(parent, title, suggested, CALENDAR_FILTER)
    if out is None:
        return None
    return out if write_file(parent, title, out, lambda: out.write_bytes(make())) else None
