"""Render every desktop screen to PNG files, to open and look at (not a test).

    QT_QPA_PLATFORM=offscreen python -m tests.ui.look [DEMO.sqlite3] [OUT_DIR] [--dark]

Without a database it makes a 60-child demo first. The pictures: the register, a search, a
search with no match, the empty state, the splash, and each page of two case records (one
with a blocked pathway, one with the most clocks).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.engine import OptionStatus
from app.services.caseload import case_deadlines, case_pathways
from app.services.loading import make_demo
from ui.app import build_window, make_application, show_splash
from ui.main_window import MainWindow

PAGES = ("overview", "pathways", "deadlines", "history", "file")
DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#e8e8e8",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e8e8e8",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Mid: "#555555",
    QPalette.ColorRole.Midlight: "#444444",
}


def shoot(widget: QWidget, out: Path, name: str) -> None:
    """Paint ``widget`` into ``out/name.png``."""
    QApplication.processEvents()
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def interesting_cases(window: MainWindow, today: date) -> tuple[str, str]:
    """(a case with a blocked pathway, the case with the most clocks) among the loaded rows."""
    assert window.panel is not None and window.workspace is not None
    ws, model = window.workspace, window.panel.model
    ids = [model.case_at(r).case_id for r in range(model.rowCount())]  # type: ignore[union-attr]
    blocked = next(
        (
            c
            for c in ids
            if any(o.status is OptionStatus.BLOCKED for o in case_pathways(ws, c, today))
        ),
        ids[0],
    )
    busiest = max(ids, key=lambda c: len(case_deadlines(ws, c, today)))
    return blocked, busiest


def main(argv: list[str]) -> None:
    today = date.today()
    flags = [a for a in argv if a.startswith("--")]
    args = [a for a in argv if not a.startswith("--")]
    scratch = Path(tempfile.mkdtemp(prefix="ui-look-"))
    db = Path(args[0]) if args else scratch / "demo.sqlite3"
    out = Path(args[1]) if len(args) > 1 else Path("/tmp/ui-look")
    out.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        make_demo(db, "case-transfer-policy-2021", 60, today)
    app = make_application(["look"])
    if "--dark" in flags:
        palette = QPalette()
        for role, colour in DARK.items():
            palette.setColor(role, QColor(colour))
        app.setPalette(palette)
    shoot(show_splash(app), out, "splash")
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window, _desktop = build_window(db, False, settings=settings, today=today)
    window.resize(1366, 800)
    window.show()
    shoot(window, out, "register")
    for case_id in interesting_cases(window, today):
        record = window.open_case(case_id)
        assert record is not None
        for index, page in enumerate(PAGES):
            record.pages.setCurrentIndex(index)
            shoot(window, out, f"case-{case_id}-{page}")
    assert window.panel is not None
    window.show_register()
    family = window.panel.model.case_at(3).family_name[:3].lower()  # type: ignore[union-attr]
    for text, name in ((family, "search"), ("no such child", "no-match")):
        window.panel.search.setText(text)
        window.panel.apply_filters()
        shoot(window, out, name)
    empty, _ = build_window(scratch / "none.sqlite3", False, settings=settings, today=today)
    empty.resize(1100, 700)
    empty.show()
    shoot(empty, out, "empty")


if __name__ == "__main__":
    main(sys.argv[1:])
