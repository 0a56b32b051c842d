"""The look: the Fusion style on the system's light or dark palette, plus a small style sheet.

Qt 6 scales for high-DPI screens by itself. Fusion follows the platform's colour scheme on
Windows, macOS and GNOME/KDE; the style sheet only uses ``palette(...)`` colours, so it follows
too, and it is applied again when the user switches scheme while the app runs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.paths import resources_dir

STYLE_FILE = "style/app.qss"


def style_sheet() -> str:
    """The app's style sheet (empty if the file is missing from a broken install)."""
    path = resources_dir() / STYLE_FILE
    return path.read_text(encoding="utf-8") if path.exists() else ""


def apply_theme(app: QApplication) -> None:
    """Fusion, a readable default font size and the style sheet; follow scheme changes."""
    app.setStyle("Fusion")
    font = app.font()
    if font.pointSizeF() < 9.5:
        font.setPointSizeF(9.5)
        app.setFont(font)
    app.setStyleSheet(style_sheet())
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.connect(lambda _scheme: _reapply(app))


def _reapply(app: QApplication) -> None:
    app.setStyle("Fusion")  # picks up the new palette
    app.setStyleSheet(style_sheet())


def is_dark_scheme() -> bool:
    """Whether the system asks for a dark scheme."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
