"""Opening, creating and importing encrypted caseloads through the services the desktop uses.

Real SQLCipher files with a cheap key derivation (tests only); a fictional name is planted and
looked for in the file bytes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.services.importing import ImportRefused
from app.services.loading import import_new
from app.services.protection import daily_backup, passphrase_opens
from app.services.workspace import (
    TEAM_SETTING,
    create_workspace,
    is_encrypted,
    open_workspace,
    own_team,
)
from app.storage.crypto import KdfParams, PassphraseNeeded, WrongPassphrase
from app.storage.single_writer import lock_path

PACK = "case-transfer-policy-2021"
PASSPHRASE = "kettle orchard lantern seven"
FAST = KdfParams(time_cost=1, memory_kib=64, parallelism=1)  # for tests only


def spreadsheet(folder: Path, team: str = "fst") -> Path:
    path = folder / "caseload.csv"
    path.write_text(
        "CHILD,FORENAME,SURNAME,TEAM,PersonBirthDate\n"
        f"C-9001,Zebedee,Quillfeather-Ormsby,{team},2016-04-02\n",
        "utf-8",
    )
    return path


def test_a_new_caseload_with_a_passphrase_is_encrypted_and_keeps_the_team(tmp_path: Path) -> None:
    path = tmp_path / "mine.sqlite3"
    ws = create_workspace(path, PACK, team_id="fst", passphrase=PASSPHRASE, kdf=FAST)
    assert own_team(ws) == "fst"
    assert passphrase_opens(ws, PASSPHRASE, FAST) and not passphrase_opens(ws, "nope", FAST)
    ws.database.close()
    assert is_encrypted(path)
    with pytest.raises(PassphraseNeeded):
        open_workspace(path)
    with pytest.raises(WrongPassphrase):
        open_workspace(path, passphrase="not the one at all", kdf=FAST)
    assert not lock_path(path).exists()  # a refused open lets go of the writer lock
    again = open_workspace(path, passphrase=PASSPHRASE, kdf=FAST)
    with again.unit_of_work() as uow:
        assert uow.settings.get(TEAM_SETTING) == "fst"
    again.database.close()


def test_a_team_the_pack_does_not_have_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "mine.sqlite3"
    with pytest.raises(KeyError):
        create_workspace(path, PACK, team_id="no-such-team", passphrase=PASSPHRASE, kdf=FAST)
    assert not path.exists()


def test_a_refused_import_leaves_no_caseload_behind(tmp_path: Path) -> None:
    path = tmp_path / "mine.sqlite3"
    with pytest.raises(ImportRefused):
        import_new(path, spreadsheet(tmp_path, team="nope"), PACK, date.today(),
                   team_id="fst", passphrase=PASSPHRASE, kdf=FAST)  # fmt: skip
    assert [p.name for p in tmp_path.iterdir()] == ["caseload.csv"]


def test_an_imported_caseload_is_encrypted_on_disk_and_backed_up_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "mine.sqlite3"
    ws, count = import_new(path, spreadsheet(tmp_path), PACK, date.today(),
                           team_id="fst", passphrase=PASSPHRASE, kdf=FAST)  # fmt: skip
    assert count == 1
    made = daily_backup(ws, date.today())
    assert made is not None and is_encrypted(made.path)
    assert daily_backup(ws, date.today()) is None  # once a day
    for file in (path, Path(f"{path}-wal"), made.path):
        if file.exists():
            assert b"Quillfeather" not in file.read_bytes()
    ws.database.close()


def test_a_folder_is_not_an_encrypted_caseload(tmp_path: Path) -> None:
    assert not is_encrypted(tmp_path)  # a folder's size can be a multiple of 512 too
    assert not is_encrypted(tmp_path / "missing.sqlite3")
