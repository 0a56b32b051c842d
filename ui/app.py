"""Start the desktop: the application object, the look, the crash dialog and the first caseload."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir
from ui.desktop import Desktop
from ui.errors import install_excepthook
from ui.main_window import MainWindow
from ui.theme import apply_theme

ORGANISATION = "TransferDesk"
APPLICATION = "Transfer Desk"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named so QSettings finds the user's settings."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("transfer-desk")
    icon = resources_dir() / "icons" / "transfer-desk.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_theme(app)
    return app


def build_window(
    db: Path | None, demo: bool, *, settings: QSettings | None = None, today: date | None = None
) -> tuple[MainWindow, Desktop]:
    """The main window showing its first caseload (or the empty state), not yet shown."""
    window = MainWindow(settings or QSettings(), today or date.today())
    desktop = Desktop(window, window.today, db)
    desktop.start(demo=demo and db is None)
    return window, desktop


def run_desktop(db: Path | None, demo: bool) -> int:
    """Open the desktop on ``db`` (else the demo with ``demo``, else the user's caseload)."""
    app = make_application()
    window: MainWindow | None = None
    install_excepthook(lambda: window)
    window, _desktop = build_window(Path(db) if db else None, demo)
    window.show()
    return app.exec()
