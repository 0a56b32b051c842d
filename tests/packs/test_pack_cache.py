"""The validated-pack cache: a pack is validated once per version of its file, the cached copy
is the same pack, and a broken, stale or unwritable cache only means validating again."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.paths import packs_dir
from app.policy import cache as pack_cache
from app.policy.cache import load_pack_cached
from app.policy.loader import PackError, load_pack

PACK = "case-transfer-policy-2021"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pack_file(tmp_path: Path) -> Path:
    """A copy of a shipped pack the test may edit."""
    copy = tmp_path / "packs" / f"{PACK}.yaml"
    copy.parent.mkdir()
    shutil.copy(packs_dir() / f"{PACK}.yaml", copy)
    return copy


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_the_cached_pack_equals_the_validated_one(pack_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = load_pack_cached(pack_file, folder)
    assert len(cached_files(folder)) == 1
    again = load_pack_cached(pack_file, folder)
    assert again == first == load_pack(pack_file)
    assert again is not first  # read back from the file, not held in memory
    assert stat.S_IMODE(cached_files(folder)[0].stat().st_mode) == 0o600


def test_an_edited_pack_is_validated_again_and_replaces_the_old_copy(
    pack_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    load_pack_cached(pack_file, folder)
    before = cached_files(folder)
    pack_file.write_text(pack_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    load_pack_cached(pack_file, folder)
    after = cached_files(folder)
    assert len(after) == 1 and after != before


def test_an_edit_that_breaks_the_pack_is_refused_even_with_a_cached_copy(
    pack_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    load_pack_cached(pack_file, folder)
    text = pack_file.read_text(encoding="utf-8")
    pack_file.write_text(text.replace("pathways:", "pathwayz:", 1), encoding="utf-8")
    with pytest.raises(PackError, match="pathway"):
        load_pack_cached(pack_file, folder)


def test_a_corrupt_cache_file_is_ignored_and_rewritten(pack_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    good = load_pack_cached(pack_file, folder)
    (kept,) = cached_files(folder)
    kept.write_bytes(b"not a pickle at all")
    assert load_pack_cached(pack_file, folder) == good
    assert load_pack_cached(pack_file, folder) == good  # rewritten whole on the way
    assert kept.read_bytes() != b"not a pickle at all"


def test_a_cache_that_cannot_be_written_still_loads_the_pack(
    pack_file: Path, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    assert load_pack_cached(pack_file, blocked / "cache") == load_pack(pack_file)


def test_a_missing_pack_file_is_the_loaders_message(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="cannot read the file"):
        load_pack_cached(tmp_path / "gone.yaml", tmp_path / "cache")


def test_a_cached_start_imports_neither_yaml_nor_pydantic(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom app.policy.registry import shipped_pack\n"
        f"shipped_pack({PACK!r})\n"
        "print('yaml' in sys.modules, 'pydantic' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
        )
        return result.stdout.strip()

    assert run() == "True True"  # the first start validates in full
    assert run() == "False False"
    assert cached_files(tmp_path / "cache" / "TransferDesk" / "packs")


def test_the_cache_lives_in_the_user_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert pack_cache.cache_dir() == tmp_path / "xdg" / "TransferDesk" / "packs"
