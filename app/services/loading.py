"""Fill a caseload database: the fictional demo, or an imported file (all rows or none)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.pack import Team
from app.services.demo import build_demo
from app.services.importing import ImportProblem, ImportRefused, parse_caseload
from app.services.workspace import (
    Workspace,
    create_workspace,
    discard_database,
    open_workspace,
)
from app.storage.crypto import DEFAULT_KDF, KdfParams

Tables = dict[str, list[dict[str, Any]]]


def make_demo(
    path: Path,
    pack_id: str,
    cases: int,
    today: date,
    seed: int = 2026,
    *,
    disagreements: bool = True,
) -> int:
    """Replace the demo database at ``path`` with a fresh fictional caseload (without the
    scenarios' disagreements when ``disagreements`` is false)."""
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    ws = create_workspace(path, pack_id, user="demo")
    rows = build_demo(ws.pack, cases, today, seed, disagreements=disagreements)
    for child in rows.tables["children"]:
        child.pop("scenario", None)
    with ws.unit_of_work() as uow:
        uow.cases.bulk_insert(
            rows.tables, summary=f"demo caseload of {rows.count('children')} children"
        )
        uow.commit()
    return rows.count("children")


def import_file(path: Path, source: Path, pack_id: str | None, today: date) -> int:
    """Import ``source`` into the caseload at ``path``; nothing is written if any row is bad."""
    _require_file(source)
    if path.exists():
        ws = open_workspace(path)
        try:
            return import_into(ws, source, today)
        finally:
            ws.database.close()
    if not pack_id:
        raise ImportRefused(source, [ImportProblem(0, "-", "", "a new caseload needs --pack ID")])
    ws, count = import_new(path, source, pack_id, today)
    ws.database.close()
    return count


def import_new(
    path: Path,
    source: Path,
    pack_id: str,
    today: date,
    *,
    team_id: str | None = None,
    passphrase: str | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> tuple[Workspace, int]:
    """Start a caseload at ``path`` (encrypted with ``passphrase``) from ``source``.

    Returns the open caseload and the children imported. If the import is refused, no caseload
    is left behind.
    """
    _require_file(source)
    ws = create_workspace(path, pack_id, team_id=team_id, passphrase=passphrase, kdf=kdf)
    try:
        return ws, import_into(ws, source, today)
    except BaseException:
        ws.database.close()
        discard_database(path)
        raise


def import_into(ws: Workspace, source: Path, today: date) -> int:
    """Import ``source`` into the open caseload ``ws``; nothing is written if any row is bad."""
    _require_file(source)
    with ws.unit_of_work() as uow:
        parsed = parse_caseload(source, ws.pack, today, uow.cases.child_ids())
        _add_missing_people(
            parsed.tables, ws.pack.teams, uow.cases.team_ids(), uow.cases.worker_ids()
        )
        _add_missing_families(parsed.tables, uow.cases.family_ids())
        uow.cases.bulk_insert(
            parsed.tables, summary=f"imported {parsed.children} children from {source.name}"
        )
        uow.commit()
    return parsed.children


def _add_missing_people(
    tables: Tables, teams: Sequence[Team], known_teams: set[str], known_workers: set[str]
) -> None:
    """Teams named in the file come from the pack; workers not yet known are added by id."""
    children = tables.get("children", [])
    wanted_teams = {row["team_id"] for row in children} - known_teams
    tables["teams"] = [
        {"id": t.id, "name": t.name, "kind": t.kind} for t in teams if t.id in wanted_teams
    ]
    new_workers = {(row["worker_id"], row["team_id"]) for row in children if row["worker_id"]}
    tables["workers"] = [
        {"id": worker, "name": worker, "team_id": team, "role": "social worker"}
        for worker, team in sorted(new_workers)
        if worker not in known_workers
    ]


def _add_missing_families(tables: Tables, known: set[str]) -> None:
    """A FAMILY id not yet in the caseload starts a new family (sibling group)."""
    wanted = {row["family_id"] for row in tables.get("children", []) if row["family_id"]}
    tables["families"] = [{"id": family, "name": ""} for family in sorted(wanted - known)]


def _require_file(source: Path) -> None:
    if not source.exists():
        raise ImportRefused(source, [ImportProblem(0, "-", str(source), "the file does not exist")])
