"""A fictional demo caseload drawn from a pack's scenario file (see docs/demo.md).

Every name is invented; every date is relative to ``today`` so the clocks are live whenever the
demo is made. The same seed gives the same caseload.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from dateutil.relativedelta import relativedelta

from app.domain.pack import Pack
from app.paths import demo_dir

GIVEN = (
    "Amara",
    "Ben",
    "Chloe",
    "Dylan",
    "Ella",
    "Finley",
    "Grace",
    "Harvey",
    "Isla",
    "Jayden",
    "Kai",
    "Leah",
    "Mason",
    "Nia",
    "Oscar",
    "Poppy",
    "Reuben",
    "Sana",
    "Theo",
    "Zoë",
    "Łukasz",
    "Şükrü",
    "Aoife",
    "Kofi",
    "Mei",
    "Yusuf",
    "Rosa",
    "Tomasz",
    "Eilidh",
    "Ibrahim",
)
FAMILY = (
    "Ashdown",
    "Brightwell",
    "Calloway",
    "Dvořák",
    "Elmsworth",
    "Fairbairn",
    "Greenhalgh",
    "Hollins",
    "Ingram",
    "Jessop",
    "Kowalczyk",
    "Lindqvist",
    "Marchetti",
    "Northcote",
    "Okafor",
    "Pemberton",
    "Quayle",
    "Rashid",
    "Saltmarsh",
    "Thistlewood",
    "Underhill",
    "Varga",
    "Whitcombe",
    "Yildiz",
    "Zielińska",
    "Ó Briain",
    "Nakamura",
    "Mensah",
    "Castellano",
    "Begum",
)
WORKERS_PER_TEAM = 6


@dataclass
class DemoRows:
    """Rows for each table, ready for a bulk insert."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))


def load_scenarios(pack_id: str, folder: Path | None = None) -> list[dict[str, Any]]:
    """The scenarios of a pack's demo file."""
    path = (folder or demo_dir()) / f"{pack_id}.scenarios.yaml"
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    scenarios: list[dict[str, Any]] = document["scenarios"]
    return scenarios


def build_demo(pack: Pack, cases: int, today: date, seed: int = 2026) -> DemoRows:
    """About ``cases`` fictional children (siblings included) for ``pack``."""
    rng = random.Random(seed)
    rows = DemoRows()
    workers = _teams_and_workers(pack, rows)
    scenarios = load_scenarios(pack.id)
    weights = [float(s.get("weight", 1)) for s in scenarios]
    made = 0
    for family_no in range(1, cases + 1):
        if made >= cases:
            break
        # every scenario once first, so even a small demo exercises every pathway and rule
        first_pass = family_no <= len(scenarios)
        scenario = scenarios[family_no - 1] if first_pass else rng.choices(scenarios, weights)[0]
        made += _family(rows, rng, scenario, f"F{family_no:06d}", workers, today, cases - made)
    return rows


def _teams_and_workers(pack: Pack, rows: DemoRows) -> dict[str, list[str]]:
    workers: dict[str, list[str]] = {}
    for t_index, team in enumerate(pack.teams):
        rows.add("teams", {"id": team.id, "name": team.name, "kind": team.kind})
        workers[team.id] = []
        for w in range(WORKERS_PER_TEAM):
            worker_id = f"W{t_index:02d}{w:02d}"
            given = GIVEN[(t_index * 7 + w) % len(GIVEN)]
            name = f"{given} {FAMILY[(t_index * 5 + w * 3) % len(FAMILY)]}"
            rows.add(
                "workers",
                {"id": worker_id, "name": name, "team_id": team.id, "role": "social worker"},
            )
            workers[team.id].append(worker_id)
    return workers


def _family(
    rows: DemoRows,
    rng: random.Random,
    scenario: dict[str, Any],
    family_id: str,
    workers: dict[str, list[str]],
    today: date,
    room: int,
) -> int:
    low, high = scenario.get("siblings", [0, 0])
    size = min(1 + rng.randint(int(low), int(high)), room)
    family_name = rng.choice(FAMILY)
    rows.add("families", {"id": family_id, "name": family_name})
    team = str(scenario["team"])
    worker = rng.choice(workers[team])
    for index in range(size):
        child_id = f"{family_id[1:]}-{index + 1}"
        _child(rows, rng, scenario, child_id, family_id, family_name, team, worker, workers, today)
    return size


def _child(
    rows: DemoRows,
    rng: random.Random,
    scenario: dict[str, Any],
    child_id: str,
    family_id: str,
    family_name: str,
    team: str,
    worker: str,
    workers: dict[str, list[str]],
    today: date,
) -> None:
    dob, expected = _birth(rng, scenario, today)
    rows.add(
        "children",
        {
            "id": child_id,
            "given_name": rng.choice(GIVEN),
            "family_name": family_name,
            "dob": dob,
            "expected_dob": expected,
            "sex": rng.choice(["F", "M"]),
            "disability": bool(scenario.get("disability", False)),
            "uasc": bool(scenario.get("uasc", False)),
            "family_id": family_id,
            "team_id": team,
            "worker_id": worker,
            "tier": scenario.get("tier"),
            "scenario": scenario["id"],
        },
    )
    for row in _allocations(rng, child_id, team, worker, workers[team], today):
        rows.add("allocations", row)
    stretch = rng.uniform(0.85, 1.15)  # so a scenario's children do not all share one date
    for table, row in _details(scenario, child_id, today, stretch):
        rows.add(table, row)


def _birth(
    rng: random.Random, scenario: dict[str, Any], today: date
) -> tuple[date | None, date | None]:
    if scenario.get("unborn"):
        return None, today + timedelta(days=rng.randint(20, 150))
    low, high = scenario.get("age", [0, 17])
    age_days = rng.randint(int(float(low) * 365.25), int(float(high) * 365.25) + 364)
    return today - timedelta(days=age_days), None


def _allocations(
    rng: random.Random, child_id: str, team: str, worker: str, pool: list[str], today: date
) -> Iterator[dict[str, Any]]:
    """Zero to three earlier workers, so worker changes in the last 6 and 12 months vary."""
    changes = rng.choice([0, 0, 1, 1, 2, 3])
    start = today - timedelta(days=rng.randint(60, 700))
    for step in range(changes):
        end = start + timedelta(days=rng.randint(20, 120))
        earlier = rng.choice([w for w in pool if w != worker] or [worker])
        yield {
            "child_id": child_id,
            "team_id": team,
            "worker_id": earlier,
            "start": start,
            "end": end,
            "reason": "worker left" if step % 2 else "reallocation",
        }
        start = end
    yield {
        "child_id": child_id,
        "team_id": team,
        "worker_id": worker,
        "start": start,
        "end": None,
        "reason": "allocated",
    }


def _details(
    scenario: dict[str, Any], child_id: str, today: date, stretch: float = 1.0
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The scenario's statuses, flags, events and file items; offsets from today are scaled
    by ``stretch``, which keeps their order and whether they are past or future."""

    def ago(days: object) -> date:
        return today - timedelta(days=round(int(str(days)) * stretch))

    for status in scenario.get("statuses", []):
        start = ago(status.get("days_ago", 30))
        yield (
            "legal_statuses",
            {"child_id": child_id, "code": status["code"], "start": start, "end": None},
        )
    for flag in scenario.get("flags", []):
        yield (
            "flags",
            {"child_id": child_id, "flag": flag, "set_on": today - relativedelta(weeks=2)},
        )
    for event in scenario.get("events", []):
        on = ago(int(event.get("days_ago", 0)) - int(event.get("days_ahead", 0)))
        yield (
            "events",
            {
                "child_id": child_id,
                "kind": event["kind"],
                "on": on,
                "number": event.get("number"),
                "at": None,
            },
        )
    for item in scenario.get("file_items", []):
        updated = ago(item.get("days_ago", 0))
        yield "file_items", {"child_id": child_id, "kind": item["kind"], "updated": updated}
