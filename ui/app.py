"""Start the desktop: the application object, the look, the crash dialog and the first caseload.

The core (SQLAlchemy, Alembic, the policy packs) takes seconds to import on a slow laptop, so
this module imports only Qt at first: :func:`build_window` shows the caseload's register read
with plain ``sqlite3`` whenever it can (a plain caseload at this app's schema revision) and loads
the rest once that has painted (:mod:`ui.startup`); anything else (an encrypted caseload, one to
migrate, none yet, the demo to make) is opened the full way before the window shows, as always,
with a splash on screen meanwhile. The fast way needs no splash: its window is up about as soon
as a splash would be, and painting one would only delay it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel

from app.paths import resources_dir
from ui.errors import install_excepthook
from ui.theme import apply_theme

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.startup import Startup

ORGANISATION = "TransferDesk"
APPLICATION = "Transfer Desk"
ICON = "icons/transfer-desk.svg"
#: The window icon, pre-rendered from :data:`ICON`: an SVG icon would load QtSvg and its icon
#: engine before the first window could paint.
WINDOW_ICON_SIZES = (16, 32, 48, 64, 128, 256)


def window_icon() -> QIcon:
    """The app's icon from its PNG renderings (an empty icon if they are missing)."""
    icon = QIcon()
    for size in WINDOW_ICON_SIZES:
        path = resources_dir() / f"icons/transfer-desk-{size}.png"
        if path.exists():
            icon.addFile(str(path))
    return icon


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
    app.setWindowIcon(window_icon())
    apply_theme(app)
    return app


def show_splash(app: QApplication) -> QLabel:
    """A small "opening" card, painted at once, while the core loads.

    A plain splash-flagged label rather than QSplashScreen, whose ``show()`` waits up to a second
    for the window system to confirm the window is exposed.
    """
    card = QPixmap(420, 160)
    card.fill(QColor("#1e3a8a"))
    painter = QPainter(card)
    painter.drawPixmap(24, 48, window_icon().pixmap(64, 64))
    painter.setPen(QColor("#ffffff"))
    font = app.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(108, 72, APPLICATION)
    font.setPointSizeF(app.font().pointSizeF())
    font.setBold(False)
    painter.setFont(font)
    painter.setPen(QColor("#dbe8fb"))
    painter.drawText(108, 100, "Opening your caseload…")
    painter.end()
    splash = QLabel(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
    splash.setPixmap(card)
    splash.setAccessibleName("Transfer Desk is opening your caseload")
    splash.show()
    app.processEvents()
    return splash


def build_window(
    db: Path | None,
    demo: bool,
    *,
    settings: QSettings | None = None,
    today: date | None = None,
    opening_slowly: Callable[[], object] | None = None,
) -> tuple[MainWindow, Startup]:
    """The main window showing its first caseload (or the empty state), not yet shown, and the
    start that loads the rest of the desktop behind it (``startup.desktop`` waits for it).

    ``opening_slowly`` is called first when the caseload must be opened the full way before
    the window can show (to put up a splash meanwhile)."""
    from app import paths
    from app.services.first_register import open_first_register
    from ui.main_window import MainWindow
    from ui.startup import Startup

    today = today or date.today()
    demo = demo and db is None
    target = db or (paths.demo_database_path() if demo else paths.default_database_path())
    first = open_first_register(target, today)
    window = MainWindow(settings or QSettings(), today, menus=first is None)
    startup = Startup(window, db, demo=demo)
    if first is None:  # opened the full way now
        if opening_slowly is not None:
            opening_slowly()
        startup.finish()
    else:
        window.show_first(first, demo=demo)
        startup.after_first_paint()
    return window, startup


def run_desktop(db: Path | None, demo: bool) -> int:
    """Open the desktop on ``db`` (else the demo with ``demo``, else the user's caseload)."""
    app = make_application()
    window: MainWindow | None = None
    install_excepthook(lambda: window)
    splashes: list[QLabel] = []
    window, _startup = build_window(
        Path(db) if db else None, demo, opening_slowly=lambda: splashes.append(show_splash(app))
    )
    window.show()
    for splash in splashes:
        splash.close()
    return app.exec()
