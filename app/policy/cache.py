"""Validated packs kept between runs, so a start-up whose pack has not changed skips YAML and
pydantic (about a quarter of a second of imports and validation).

A pack is validated in full the first time it is seen; the validated :class:`Pack` is then
pickled into the user's cache folder under a name made from a hash of the pack file *and* of the
code that validates it, so editing the YAML or upgrading the app validates afresh. The cache is
only ever a shortcut: a missing, unreadable, corrupt or unwritable cache file means validating as
if there were none, never an error. The folder is the user's own and the files owner-only: only
this app (as this user) writes them, which is what makes unpickling them acceptable.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

import app.domain.pack as pack_module
from app.domain.pack import Pack

#: Bump when the cache file's layout changes (not needed for changes to the pack classes: their
#: source is part of the key).
CACHE_FORMAT = b"1"
#: The code whose changes can change what a valid pack is, or what it becomes once validated.
_VALIDATING_CODE = (
    Path(pack_module.__file__),
    Path(__file__).with_name("loader.py"),
    Path(__file__).with_name("references.py"),
)


def cache_dir() -> Path:
    """``<user cache folder>/TransferDesk/packs``."""
    from platformdirs import user_cache_path

    return user_cache_path("TransferDesk", appauthor=False) / "packs"


def load_pack_cached(path: Path, folder: Path | None = None) -> Pack:
    """The pack at ``path``, from the cache in ``folder`` when it holds this exact file.

    Raises :class:`~app.policy.loader.PackError` for a broken pack, as ``load_pack`` does.
    """
    from_cache = _cache_file(path, folder or cache_dir())
    if from_cache is not None:
        pack = _read(from_cache)
        if pack is not None:
            return pack
    from app.policy.loader import load_pack

    pack = load_pack(path)
    if from_cache is not None:
        _write(from_cache, pack)
    return pack


def _cache_file(path: Path, folder: Path) -> Path | None:
    """Where the validated copy of ``path`` is kept; None when it cannot be keyed safely (the
    pack or the validating code unreadable, as in a build that ships no sources)."""
    digest = hashlib.sha256(CACHE_FORMAT + sys.version.encode())
    try:
        digest.update(path.read_bytes())
        for source in _VALIDATING_CODE:
            digest.update(source.read_bytes())
    except OSError:
        return None
    return folder / f"{path.stem}.{digest.hexdigest()[:32]}.pickle"


def _read(cached: Path) -> Pack | None:
    """The pack pickled in ``cached``, or None when there is none or it cannot be trusted."""
    try:
        with cached.open("rb") as stream:
            pack = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:  # a torn or stale file of any kind: validate again
        with suppress(OSError):
            cached.unlink()
        return None
    return pack if isinstance(pack, Pack) else None


def _write(cached: Path, pack: Pack) -> None:
    """Keep ``pack`` for next time: owner-only, written whole or not at all; failures ignored."""
    try:
        cached.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cached.parent, suffix=".part")  # mode 0o600
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(pack, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, cached)
        finally:
            with suppress(FileNotFoundError):
                os.unlink(temporary)
        _forget_older(cached)
    except OSError:
        return


def _forget_older(kept: Path) -> None:
    """Remove the copies of the same pack made from earlier versions of its file."""
    for older in kept.parent.glob(f"{kept.name.rsplit('.', 2)[0]}.*.pickle"):
        if older != kept:
            with suppress(OSError):
                older.unlink()
