"""The first window paints without the SVG machinery: no splash on the fast way, and the window
icon from PNGs pre-rendered from the SVG (QtSvg and its icon engine load in tens of ms)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAPS = Path("/proc/self/maps")
PROBE = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from ui.app import build_window, make_application, show_splash
app = make_application(sys.argv[:1])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
splashes = []
window, startup = build_window(Path(sys.argv[1]), False, settings=settings,
                               opening_slowly=lambda: splashes.append(show_splash(app)))
window.show()
app.processEvents()
window.grab()
maps = Path("/proc/self/maps").read_text()
print(len(splashes), "Qt6Svg" in maps, "PySide6.QtSvg" in sys.modules, flush=True)
"""


def first_window(database: Path, tmp_path: Path) -> list[str]:
    """(splashes shown, QtSvg's library loaded, PySide6.QtSvg imported) at the first paint of
    a fresh process started on ``database``."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    args = [sys.executable, "-c", PROBE, str(database), str(tmp_path / "s.ini")]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, check=True)
    return done.stdout.split()


@pytest.mark.skipif(not MAPS.exists(), reason="reads the loaded libraries from /proc")
def test_the_fast_start_paints_without_a_splash_or_qtsvg(demo_path: Path, tmp_path: Path) -> None:
    assert first_window(demo_path, tmp_path) == ["0", "False", "False"]


def test_a_slow_opening_shows_the_splash(tmp_path: Path) -> None:
    shown, _svg, _module = first_window(tmp_path / "none-yet.sqlite3", tmp_path)
    assert shown == "1"  # no caseload yet: opened the full way, with the splash meanwhile


def test_the_window_icon_has_every_size(qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.app import WINDOW_ICON_SIZES, window_icon

    sizes = sorted(size.width() for size in window_icon().availableSizes())
    assert sizes == list(WINDOW_ICON_SIZES)
