"""Render the meeting screens to PNG files, to open and look at (not a test).

    QT_QPA_PLATFORM=offscreen python -m tests.ui.look_meetings [PACK] [OUT_DIR]

Makes a 60-child demo of PACK (default: the 2021 policy), prepares the next sitting (a week
ahead where the meeting's day comes from its first sitting), records one agreed decision with
an action, and paints: the Meetings view, the agenda editor, the run screen with a field message
and after the decision, the open actions and the transfer calendar.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from app.services.loading import make_demo
from app.services.workspace import open_workspace
from tests.ui.look import shoot
from tests.ui.meetings_support import working_day_after
from ui.app import make_application
from ui.main_window import MainWindow
from ui.meetings.run_view import RunMeetingView


def decide(run: RunMeetingView, out: Path) -> None:
    """A bad joint-visit date first (its message shows), then the decision as it should be."""
    assert run.view is not None
    held = run.view.sitting.held_on
    run.form.decision.setCurrentIndex(0)
    run.form.transfer_date.setText(f"{held + timedelta(days=14):%d/%m/%Y}")
    run.form.joint_visit.setText("31/02/2027")
    run.record_decision()
    shoot(run.window(), out, "meeting-run-error")
    run.form.joint_visit.setText(f"{held + timedelta(days=7):%d/%m/%Y}")
    run.form.action_text.setText("Send the checklist")
    run.form.action_owner.setText("Fen Worker")
    run.record_decision()
    shoot(run.window(), out, "meeting-run-decided")


def main(argv: list[str]) -> None:
    today = date.today()
    pack = argv[0] if argv else "case-transfer-policy-2021"
    out = Path(argv[1]) if len(argv) > 1 else Path("/tmp/ui-look")
    out.mkdir(parents=True, exist_ok=True)
    db = Path(tempfile.mkdtemp(prefix="meetings-look-")) / "demo.sqlite3"
    make_demo(db, pack, 60, today)
    make_application([])
    settings = QSettings(str(db.parent / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, today)
    window.show_workspace(open_workspace(db), demo=True)
    window.resize(1400, 900)
    window.show()
    view = window.meetings.open_meetings()
    assert view is not None
    shoot(window, out, "meetings")
    if view.upcoming.rowCount():
        meeting_id = view.prepare_selected()
    else:
        view.day.setText(f"{working_day_after(today, 7):%d/%m/%Y}")
        meeting_id = view.prepare_typed()
    assert meeting_id is not None, view.message.text()
    shoot(window, out, "meeting-agenda")
    run = window.meetings.open_run(meeting_id)
    assert run is not None
    decide(run, out)
    window.meetings.open_actions()
    shoot(window, out, "meeting-actions")
    window.meetings.open_calendar()
    shoot(window, out, "meeting-calendar")


if __name__ == "__main__":
    main(sys.argv[1:])
