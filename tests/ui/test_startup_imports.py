"""Start-up stays light: the first window on a caseload imports only what it shows.

Each of these took a noticeable part of a second to import and is needed only later: Alembic
(only when a database needs migrating), reportlab and PDFium (printing), YAML and pydantic (only
when a pack file is new or changed: the validated pack is cached), the ``holidays`` library
(only when a working-day clock is computed), and the transfer wizard.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFERRED = (
    "alembic",
    "reportlab",
    "pypdfium2",
    "PySide6.QtPrintSupport",
    "yaml",
    "pydantic",
    "holidays",
    "openpyxl",
    "ui.wizard.wizard",
    "app.services.printing",
    "app.services.demo",
)
PROBE = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from ui.app import build_window, make_application
app = make_application(sys.argv[:1])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window, desktop = build_window(Path(sys.argv[1]), False, settings=settings)
window.show()
app.processEvents()
assert window.panel is not None and window.panel.model.rowCount() > 0
print(" ".join(name for name in sys.argv[3:] if name in sys.modules))
"""


def start_and_list_imports(database: Path, tmp_path: Path) -> list[str]:
    """Start the desktop on ``database`` in a fresh process; the deferred modules it imported."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    args = [sys.executable, "-c", PROBE, str(database), str(tmp_path / "s.ini"), *DEFERRED]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, check=True)
    return done.stdout.split()


def test_the_first_window_defers_what_it_does_not_show(demo_path: Path, tmp_path: Path) -> None:
    first = start_and_list_imports(demo_path, tmp_path)
    assert set(first) <= {"yaml", "pydantic"}  # the very first start validates the pack
    assert start_and_list_imports(demo_path, tmp_path) == []
