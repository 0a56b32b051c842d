"""A generated fictional caseload for storage tests and benchmarks (rows and expected snapshots).

``caseload(n)`` gives table rows shaped for ``CaseRepository.bulk_insert``: per child about 10
events (never a disagreement's: those are off the record), 3 legal status spells, 5 file items,
1 flag and 2 allocations; half the children are in sibling groups of three.
``expected_snapshots`` rebuilds the ``CaseSnapshot`` each child should read back, straight from
those rows and without the storage code, so a read can be checked.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.case import Allocation, CaseSnapshot, Child, Event, FileItem, StatusSpell
from app.domain.off_file import DISAGREEMENT_KINDS
from app.domain.vocabulary import EVENTS, FILE_ITEMS, FLAGS, LEGAL_STATUSES

Tables = dict[str, list[dict[str, Any]]]
TODAY = date(2026, 11, 23)
GIVEN = ("Ada", "Ben", "Cleo", "Dev", "Esme", "Finn", "Gus", "Hana")
FAMILY = ("Testcase", "Samplewell", "Mockford", "Fixture", "Dummyson")
_EVENT_KINDS = sorted(set(EVENTS) - DISAGREEMENT_KINDS)  # never on a child's record
_FILE_KINDS = sorted(FILE_ITEMS)
_STATUS_CODES = sorted(LEGAL_STATUSES)
_FLAG_NAMES = sorted(FLAGS)


def caseload(n: int, seed: int = 7) -> Tables:
    """Rows for ``n`` fictional children and their teams, workers and families."""
    rng = random.Random(seed)
    tables: Tables = defaultdict(list)
    for t in range(10):
        tables["teams"].append({"id": f"T{t}", "name": f"Team {t}", "kind": "cin"})
        for w in range(5):
            worker = {"id": f"W{t}-{w}", "name": f"Worker {t}-{w}", "team_id": f"T{t}"}
            tables["workers"].append({**worker, "role": "social_worker", "active": True})
    for i in range(n):
        _child(rng, i, tables)
    return dict(tables)


def _child(rng: random.Random, i: int, tables: Tables) -> None:
    child_id = f"C{i:06d}"
    group = i // 3
    family_id = f"F{group:06d}" if group % 2 == 0 else None
    if family_id and i % 3 == 0:
        tables["families"].append({"id": family_id, "name": rng.choice(FAMILY)})
    team = f"T{rng.randrange(10)}"
    unborn = rng.random() < 0.02
    dob = None if unborn else TODAY - timedelta(days=rng.randrange(1, 18 * 365))
    tables["children"].append(
        {
            "id": child_id,
            "given_name": rng.choice(GIVEN),
            "family_name": rng.choice(FAMILY),
            "dob": dob,
            "expected_dob": TODAY + timedelta(days=40) if unborn else None,
            "sex": rng.choice(("F", "M", "unknown")),
            "disability": rng.random() < 0.1,
            "uasc": rng.random() < 0.05,
            "family_id": family_id,
            "team_id": team,
            "worker_id": f"{team.replace('T', 'W')}-{rng.randrange(5)}",
            "tier": rng.choice((None, 2, 3, 4)),
        }
    )
    _record(rng, child_id, team, tables)


def _record(rng: random.Random, child_id: str, team: str, tables: Tables) -> None:
    start = TODAY - timedelta(days=rng.randrange(30, 1500))
    for k in range(3):
        end = start + timedelta(days=200) if k < 2 and rng.random() < 0.5 else None
        code = rng.choice(_STATUS_CODES)
        tables["legal_statuses"].append(
            {"child_id": child_id, "code": code, "start": start + timedelta(days=k), "end": end}
        )
    for _ in range(10):
        at = datetime(2026, 1, 1, 14, 30) if rng.random() < 0.1 else None
        tables["events"].append(
            {
                "child_id": child_id,
                "kind": rng.choice(_EVENT_KINDS),
                "on": start + timedelta(days=rng.randrange(0, 60)),
                "at": at,
                "number": rng.choice((None, 1, 2)),
                "team_id": rng.choice((None, team)),
            }
        )
    for kind in rng.sample(_FILE_KINDS, 5):
        updated = None if rng.random() < 0.1 else start + timedelta(days=rng.randrange(90))
        tables["file_items"].append({"child_id": child_id, "kind": kind, "updated": updated})
    flag = {"child_id": child_id, "flag": rng.choice(_FLAG_NAMES), "set_on": start}
    tables["flags"].append(flag)
    worker = f"{team.replace('T', 'W')}-0"
    first = {"child_id": child_id, "team_id": team, "worker_id": worker, "start": start}
    tables["allocations"].append({**first, "end": start + timedelta(days=100), "reason": "first"})
    second = {**first, "worker_id": None, "start": start + timedelta(days=100)}
    tables["allocations"].append({**second, "end": None, "reason": "worker left"})


def expected_snapshots(tables: Tables) -> dict[str, CaseSnapshot]:
    """The snapshot each generated child should read back, built from the rows alone."""
    by_child: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for name in ("legal_statuses", "events", "file_items", "flags", "allocations"):
        for row in tables.get(name, []):
            by_child[row["child_id"]][name].append(row)
    families: dict[str, list[str]] = defaultdict(list)
    for row in tables["children"]:
        if row["family_id"]:
            families[row["family_id"]].append(row["id"])
    return {row["id"]: _snapshot(row, by_child[row["id"]], families) for row in tables["children"]}


def _snapshot(
    row: dict[str, Any], rec: dict[str, list[dict[str, Any]]], families: dict[str, list[str]]
) -> CaseSnapshot:
    keys = ("id", "given_name", "family_name", "dob", "expected_dob", "sex", "disability", "uasc")
    siblings = sorted(families.get(row["family_id"], [])) if row["family_id"] else []
    # sorted() is stable, so equal dates keep insertion order, as the store promises
    statuses = sorted(rec["legal_statuses"], key=lambda s: s["start"])
    events = sorted(rec["events"], key=lambda e: e["on"])
    allocations = sorted(rec["allocations"], key=lambda a: a["start"])
    return CaseSnapshot(
        child=Child(*(row[k] for k in keys)),
        team_id=row["team_id"],
        worker_id=row["worker_id"],
        tier=row["tier"],
        family_id=row["family_id"],
        sibling_ids=tuple(s for s in siblings if s != row["id"]),
        statuses=tuple(StatusSpell(s["code"], s["start"], s["end"]) for s in statuses),
        flags=frozenset(f["flag"] for f in rec["flags"]),
        events=tuple(Event(e["kind"], e["on"], e["number"], e["at"], e["team_id"]) for e in events),
        file_items=tuple(
            FileItem(f["kind"], f["updated"]) for f in sorted(rec["file_items"], key=_kind)
        ),
        allocations=tuple(
            Allocation(a["team_id"], a["worker_id"], a["start"], a["end"], a["reason"])
            for a in allocations
        ),
    )


def _kind(row: dict[str, Any]) -> str:
    return str(row["kind"])
