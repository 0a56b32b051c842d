"""Paint the README's screenshots into docs/screenshots (not a test).

    QT_QPA_PLATFORM=offscreen python -m tests.ui.look_readme [OUT_DIR]

Makes a 60-child demo of the 2021 policy and paints, at one window size: the register with
its readiness worked out, a case's pathways (one blocked), the transfer wizard's pathway and
review pages, the checklist auditor, the Due list, the disagreements view, a case's Edit page
with a refused date, and the lock screen. The meeting screens come from ``look_meetings``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from app.services.loading import make_demo
from tests.ui.look import interesting_cases, shoot
from ui.app import build_window, make_application
from ui.disagreements import open_disagreements
from ui.due_view import open_due_view
from ui.main_window import MainWindow
from ui.protect.lock import LockScreen
from ui.wizard.wizard import REVIEW

SIZE = (1280, 760)
PACK = "case-transfer-policy-2021"


def settle(done: Callable[[], bool], seconds: float = 60) -> None:
    """Run the event loop until ``done()`` (background work finished) or ``seconds`` pass."""
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)
    QApplication.processEvents()


def dialog_shot(dialog: QWidget, out: Path, name: str) -> None:
    dialog.resize(max(dialog.width(), 980), max(dialog.height(), 640))
    dialog.show()
    shoot(dialog, out, name)


def wizard_and_auditor(window: MainWindow, case_id: str, out: Path) -> None:
    window.open_case(case_id)
    wizard = window.transfers.start()
    assert wizard is not None
    dialog_shot(wizard, out, "wizard-pathway")
    for _page in range(REVIEW):  # on to the review page, as Next would go
        if wizard.currentId() == REVIEW or not wizard.validateCurrentPage():
            break
        wizard.next()
    dialog_shot(wizard, out, "wizard-review")
    wizard.done(0)
    auditor = window.transfers.audit()
    assert auditor is not None
    dialog_shot(auditor, out, "auditor")
    auditor.done(0)


def edit_refused(window: MainWindow, case_id: str, out: Path) -> None:
    record = window.open_case(case_id)
    assert record is not None and record.edit_page is not None
    record.start_editing()
    details = record.edit_page.details
    details.dob.setText("31/02/2016")
    record.edit_page.submit(details, details.edit)
    shoot(window, out, "edit-refused")
    details.reload()


def main(argv: list[str]) -> None:
    today = date.today()
    out = Path(argv[0]) if argv else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="look-readme-"))
    db = scratch / "demo.sqlite3"
    make_demo(db, PACK, 60, today)
    make_application(["look"])
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window, startup = build_window(db, True, settings=settings, today=today)
    desktop = startup.desktop
    window.resize(*SIZE)
    window.show()
    panel = window.panel
    assert panel is not None
    settle(lambda: panel.register.states_ready)
    shoot(window, out, "register")
    blocked, busiest = interesting_cases(window, today)
    record = window.open_case(blocked)
    assert record is not None
    record.pages.setCurrentIndex(1)
    shoot(window, out, "case-pathways")
    wizard_and_auditor(window, busiest, out)
    due = open_due_view(window)
    assert due is not None
    settle(lambda: due.model.rowCount() > 0)
    shoot(window, out, "due")
    if open_disagreements(window) is not None:
        shoot(window, out, "disagreements")
    edit_refused(window, busiest, out)
    desktop.lock()
    settle(lambda: isinstance(window.centralWidget(), LockScreen), 5)
    shoot(window, out, "locked")


if __name__ == "__main__":
    main(sys.argv[1:])
