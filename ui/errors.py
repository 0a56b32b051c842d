"""Two kinds of failure, shown two ways (qutebrowser's habit).

- The *environment* failed (the file is locked, read-only, the disk is full, there is no
  caseload, an import file has bad rows): :func:`show_environment_error` shows the message the
  core wrote, which names the file and says what to do.
- A *bug*: :func:`install_excepthook` routes any uncaught exception to :class:`CrashDialog`, with
  a report to copy. The report holds types, code locations and ids only: values that could be a
  name or a date of birth are blanked out before anyone sees them.
"""

from __future__ import annotations

import platform
import re
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

APP_VERSION = "0.1.0"
_SQL_DETAIL = re.compile(r"\[(SQL|parameters):.*?\](?=\s*(\[|\(|$))", re.DOTALL)
_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_QUOTED = re.compile(r"(['\"])(.*?)\1")
_BACKGROUND_LINK = re.compile(r"\(Background on this error at: \S+\)")


def _scrub_quoted(match: re.Match[str]) -> str:
    """Keep quoted ids (they hold a digit), blank other quoted text (it may be a name)."""
    text = match.group(2)
    return match.group(0) if re.search(r"\d", text) and " " not in text else "'…'"


def scrub(message: str) -> str:
    """An exception message without SQL parameters, dates or quoted words."""
    message = _BACKGROUND_LINK.sub("", message)
    message = _SQL_DETAIL.sub("[…]", message)
    message = _DATE.sub("<date>", message)
    return _QUOTED.sub(_scrub_quoted, message)[:2000]


def crash_report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    """The text a user can copy for the developers: versions, the error and where it happened."""
    frames = traceback.extract_tb(tb)
    lines = [
        f"Transfer Desk {APP_VERSION} · Python {platform.python_version()} · "
        f"Qt {qVersion()} · PySide6 {pyside_version} · {platform.platform()}",
        "",
        f"{kind.__module__}.{kind.__qualname__}: {scrub(str(error))}",
        "",
        "Where (most recent call last):",
    ]
    lines += [f"  {_short(f.filename)}:{f.lineno} in {f.name}" for f in frames]
    cause = error.__cause__ or error.__context__
    if cause is not None:
        lines += ["", f"Caused by {type(cause).__qualname__}: {scrub(str(cause))}"]
    return "\n".join(lines)


def _short(filename: str) -> str:
    """A source path from the package folder on (no user names from home folders)."""
    parts = re.split(r"[\\/]", filename)
    for anchor in ("app", "ui", "PySide6", "sqlalchemy", "alembic"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) :])
    return parts[-1]


class CrashDialog(QDialog):
    """Something went wrong inside Transfer Desk: say so, and offer the report to copy."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Transfer Desk — something went wrong")
        self.report = report
        intro = QLabel(
            "Transfer Desk hit a problem it did not expect. What you had already saved is "
            "safe. Please copy the report below and send it to your IT support or the "
            "Transfer Desk developers. It contains case ids only, never names or dates of birth."
        )
        intro.setWordWrap(True)
        text = QPlainTextEdit(report)
        text.setReadOnly(True)
        text.setAccessibleName("Crash report")
        text.setMinimumSize(620, 240)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("&Copy report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        """Put the report on the clipboard."""
        QGuiApplication.clipboard().setText(self.report)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(parent: Callable[[], QWidget | None]) -> ExceptHook:
    """Show uncaught exceptions in a :class:`CrashDialog`; returns the previous hook."""
    previous = sys.excepthook
    showing = False

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        if _is_environment_error(error):
            show_environment_error(parent(), error)
            return
        report = crash_report(kind, error, tb)
        print(report, file=sys.stderr)
        if showing:  # an error while the dialog is up: report it, do not stack dialogs
            return
        showing = True
        try:
            CrashDialog(report, parent()).exec()
        finally:
            showing = False

    sys.excepthook = hook
    return previous


def _is_environment_error(error: BaseException) -> bool:
    """Whether the core says the environment failed (imported late: the core loads slowly)."""
    try:
        from app.services.register import ENVIRONMENT_ERRORS
    except Exception:  # the core itself is broken: that is a bug to report
        return False
    return isinstance(error, ENVIRONMENT_ERRORS)


def show_environment_error(parent: QWidget | None, error: BaseException, title: str = "") -> None:
    """Tell the user what failed around them and what to do; the message names the file."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or "Transfer Desk")
    from app.services.importing import ImportRefused

    if isinstance(error, ImportRefused):
        problems = error.problems
        box.setText(
            f"Nothing was imported from {error.source.name}: "
            f"{len(problems)} problem(s) must be fixed first."
        )
        box.setInformativeText(
            "\n".join(str(p) for p in problems[:8])
            + ("\n…" if len(problems) > 8 else "")
            + "\n\nFix the file and import it again."
        )
        box.setDetailedText("\n".join(str(p) for p in problems))
    else:
        box.setText(str(error))
    box.exec()
