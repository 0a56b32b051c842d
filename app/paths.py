"""Where the app's shipped files live, in a checkout and in a frozen (PyInstaller) build."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def project_root() -> Path:
    """The folder holding ``data/`` and ``resources/``."""
    override = os.environ.get("TRANSFER_DESK_HOME")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return project_root() / "data"


def packs_dir() -> Path:
    return data_dir() / "packs"


def demo_dir() -> Path:
    return data_dir() / "demo"


def resources_dir() -> Path:
    return project_root() / "resources"
