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


def user_data_dir() -> Path:
    """The user's own data folder (e.g. %LOCALAPPDATA%\\TransferDesk on Windows)."""
    from platformdirs import user_data_path

    return user_data_path("TransferDesk", appauthor=False)


def default_database_path() -> Path:
    """The manager's real caseload."""
    return user_data_dir() / "transfer-desk.sqlite3"


def demo_database_path() -> Path:
    """The fictional demo caseload: a separate file, never mixed with real cases."""
    return user_data_dir() / "transfer-desk-demo.sqlite3"
