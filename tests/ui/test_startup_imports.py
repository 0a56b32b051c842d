"""Start-up stays light: the first window on a caseload imports only what it shows.

Each of these took a noticeable part of a second to import and is needed only later: Alembic
(only when a database needs migrating), reportlab and PDFium (printing), YAML and pydantic (only
when a pack file is new or changed: the validated pack is cached), the ``holidays`` library
(only when a working-day clock is computed), and the transfer wizard. The first window reads
the register with plain ``sqlite3``: SQLAlchemy, the ORM models, the workspace and the desktop
controller load after it has painted (``ui/startup.py``), and then they are all there.
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
#: Loaded right after the first paint.
AFTER_FIRST_PAINT = (
    "sqlalchemy",
    "app.storage.models",
    "app.storage.database",
    "app.services.workspace",
    "app.services.register",
    "app.domain.pack",
    "ui.desktop",
    "ui.case_record",
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
window.grab()
print(" ".join(name for name in sys.argv[3:] if name in sys.modules), flush=True)
if "--loaded" in sys.argv:
    desktop.finish()
    assert window.workspace is not None and window.panel.model.rowCount() > 0
    print(" ".join(name for name in sys.argv[3:] if name in sys.modules), flush=True)
"""


def start_and_list_imports(
    database: Path, tmp_path: Path, modules: tuple[str, ...] = DEFERRED, *flags: str
) -> list[str]:
    """Start the desktop on ``database`` in a fresh process; which of ``modules`` its first
    painted window had imported (and with ``--loaded``, then, which once it had loaded)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    args = [sys.executable, "-c", PROBE, str(database), str(tmp_path / "s.ini"), *modules, *flags]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, check=True)
    return done.stdout.splitlines()


def test_the_first_window_defers_what_it_does_not_show(demo_path: Path, tmp_path: Path) -> None:
    assert start_and_list_imports(demo_path, tmp_path) == [""]


def test_the_core_loads_after_the_first_paint(demo_path: Path, tmp_path: Path) -> None:
    painted, loaded = start_and_list_imports(demo_path, tmp_path, AFTER_FIRST_PAINT, "--loaded")
    assert painted == ""  # no SQLAlchemy, ORM, workspace or desktop in the first window
    assert loaded.split() == list(AFTER_FIRST_PAINT)
