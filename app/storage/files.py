"""Owner-only files and folders for the case store (vorta's habit: nobody else may read it).

On Windows the user's data folder is already private to the user and ``chmod`` only toggles the
read-only bit, so these functions leave permissions alone there.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path

POSIX = os.name != "nt"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if missing; a folder we create is owner-only."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True)
    if POSIX:
        os.chmod(folder, PRIVATE_FOLDER)


def create_private(path: Path) -> None:
    """Create an empty file readable and writable by its owner only, whatever the umask.

    The file is opened with mode 0o600 so it is never readable by others, even for an instant;
    the umask can only remove bits, so a ``chmod`` afterwards restores any it took away.
    """
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    os.close(descriptor)
    if POSIX:
        os.chmod(path, PRIVATE_FILE)


def tighten(path: Path) -> None:
    """Take group and other permissions off an existing file; never add any.

    A file someone made read-only stays read-only (0o444 becomes 0o400), so opening it still
    fails with a clear "read-only" message rather than silently making it writable.
    """
    if not POSIX:
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        with suppress(PermissionError):  # not our file: SQLite will say if it can be used
            os.chmod(path, mode & 0o700)
