"""The packs shipped with the app, found by id."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from app.domain.pack import Pack
from app.paths import packs_dir
from app.policy.cache import load_pack_cached


def shipped_pack_files() -> list[Path]:
    """Every pack file in ``data/packs``, in id order."""
    return sorted(packs_dir().glob("*.yaml"))


@cache
def shipped_pack(pack_id: str) -> Pack:
    """Load a shipped pack by id (kept in memory, and validated once per pack file: see
    ``app/policy/cache.py``)."""
    path = packs_dir() / f"{pack_id}.yaml"
    if not path.exists():
        known = ", ".join(p.stem for p in shipped_pack_files()) or "none"
        raise KeyError(f"no shipped pack {pack_id!r} (shipped: {known})")
    return load_pack_cached(path)


def shipped_packs() -> list[Pack]:
    return [shipped_pack(p.stem) for p in shipped_pack_files()]
