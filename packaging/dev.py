"""One-command set-up for developers and CI: make the virtual environment, install, then run.

    python3 packaging/dev.py run    # install and open the app on the demo caseload
    python3 packaging/dev.py test   # install with the test tools and run the whole test suite

Only the standard library is used here: this runs before anything is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")

# Shared libraries PySide6 needs on a bare Debian/Ubuntu machine (offscreen and on a screen).
QT_RUNTIME_DEBS = [
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libdbus-1-3",
    "libglib2.0-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-image0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    if command not in {"run", "test"}:
        print(__doc__)
        return 2
    ensure_system_libraries()
    ensure_venv(with_dev=command == "test")
    if command == "run":
        return call([str(BIN / "transfer-desk"), "--demo", *argv[1:]])
    return call([str(BIN / "python"), "-m", "pytest", *argv[1:]])


def ensure_system_libraries() -> None:
    """Install Qt's runtime libraries with apt-get on Debian when they are missing."""
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return
    missing = [pkg for pkg in QT_RUNTIME_DEBS if not _deb_installed(pkg)]
    if not missing:
        return
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    print(f"Installing Qt runtime libraries: {' '.join(missing)}")
    call([*prefix, "apt-get", "update", "-qq"])
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, "apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def _deb_installed(package: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return "install ok installed" in result.stdout


def ensure_venv(*, with_dev: bool) -> None:
    if not (BIN / "python").exists():
        print(f"Creating the virtual environment in {VENV}")
        venv.create(VENV, with_pip=True)
    target = ".[dev]" if with_dev else "."
    call([str(BIN / "python"), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    subprocess.run(
        [str(BIN / "python"), "-m", "pip", "install", "-q", "-e", target], check=True, cwd=ROOT
    )


def call(cmd: list[str]) -> int:
    return subprocess.run(cmd, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
