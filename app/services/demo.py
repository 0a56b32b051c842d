"""A fictional demo caseload drawn from a pack's scenario file (see docs/demo.md).

Every name is invented; every date is relative to ``today`` so the clocks are live whenever the
demo is made. The same seed gives the same caseload.

A disagreement between teams is never an event on the child's record: a scenario with a
``disagreement`` gets a disputed transfer on its pathway and a disagreement row on that transfer,
and a scenario that lists a disagreement event among its events is refused.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from dateutil.relativedelta import relativedelta

from app.domain.off_file import DISAGREEMENT_KINDS
from app.domain.pack import Pack, Pathway
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
RAISED_AT = time(10, 0)  # the hour a demo disagreement is raised


class ScenarioRefused(ValueError):
    """A scenario file asks for something the demo cannot make; the message says what to do."""


@dataclass
class DemoRows:
    """Rows for each table, ready for a bulk insert."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    def count(self, table: str) -> int:
        return len(self.tables.get(table, []))


def load_scenarios(pack_id: str, folder: Path | None = None) -> list[dict[str, Any]]:
    """The scenarios of a pack's demo file; ScenarioRefused if one records a disagreement as a
    child's event or gives a ``disagreement`` without its days and subject."""
    path = (folder or demo_dir()) / f"{pack_id}.scenarios.yaml"
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    scenarios: list[dict[str, Any]] = document["scenarios"]
    for scenario in scenarios:
        _check_scenario(path.name, scenario)
    return scenarios


def _check_scenario(file_name: str, scenario: dict[str, Any]) -> None:
    where = f"{file_name}, scenario {scenario.get('id', '?')!r}"
    for event in scenario.get("events", []):
        if event.get("kind") in DISAGREEMENT_KINDS:
            raise ScenarioRefused(
                f"{where}: events: {event['kind']!r} is never recorded on a child's record. "
                "Give the scenario a 'disagreement: {days_ago: N, subject: ...}' instead; the "
                "demo raises it on a disputed transfer."
            )
    found = scenario.get("disagreement")
    if found is None:
        return
    days = found.get("days_ago") if isinstance(found, dict) else None
    subject = found.get("subject") if isinstance(found, dict) else None
    if not isinstance(days, int) or days < 0 or not isinstance(subject, str) or not subject:
        raise ScenarioRefused(
            f"{where}: disagreement: give days_ago (0 or more whole days) and a subject, "
            "e.g. {days_ago: 3, subject: Timing of the step down}."
        )


def disputed_pathway(pack: Pack, scenario: dict[str, Any]) -> Pathway:
    """The pathway a scenario's disagreement is about: its ``pathway``, else the first pathway
    the scenario exercises; ScenarioRefused if it is not one out of the scenario's team."""
    found = scenario["disagreement"]
    plain = [x for x in scenario.get("exercises", []) if ":" not in x]
    pathway_id = found.get("pathway") or (plain[0] if plain else "")
    team = scenario["team"]
    try:
        pathway = pack.pathway(pathway_id)
    except KeyError:
        pathway = None
    if pathway is None or team not in pathway.from_teams:
        raise ScenarioRefused(
            f"scenario {scenario['id']!r}: disagreement: name a pathway out of {team} for it "
            f"(pathway: ...), or list one in exercises; {pathway_id or 'none'!r} is not one."
        )
    return pathway


def build_demo(
    pack: Pack, cases: int, today: date, seed: int = 2026, *, disagreements: bool = True
) -> DemoRows:
    """About ``cases`` fictional children (siblings included) for ``pack``.

    With ``disagreements`` false the scenarios' disagreements (and their disputed transfers) are
    left out: a caseload for tests that raise their own.
    """
    rng = random.Random(seed)
    rows = DemoRows()
    workers = _teams_and_workers(pack, rows)
    scenarios = load_scenarios(pack.id)
    disputes = {s["id"]: disputed_pathway(pack, s) for s in scenarios if "disagreement" in s}
    if not disagreements:
        disputes.clear()
    weights = [float(s.get("weight", 1)) for s in scenarios]
    made = 0
    for family_no in range(1, cases + 1):
        if made >= cases:
            break
        # every scenario once first, so even a small demo exercises every pathway and rule
        first_pass = family_no <= len(scenarios)
        scenario = scenarios[family_no - 1] if first_pass else rng.choices(scenarios, weights)[0]
        family_id = f"F{family_no:06d}"
        size = _family(rows, rng, scenario, family_id, workers, today, cases - made)
        pathway = disputes.get(scenario["id"])
        if pathway is not None:
            children = [f"{family_id[1:]}-{index + 1}" for index in range(size)]
            _disputes(rows, pack, pathway, scenario, children, family_id, today)
        made += size
    return rows


def _disputes(
    rows: DemoRows,
    pack: Pack,
    pathway: Pathway,
    scenario: dict[str, Any],
    children: list[str],
    family_id: str,
    today: date,
) -> None:
    """A disputed transfer on ``pathway`` for each child (a sibling group shares the group id),
    each with the scenario's disagreement raised on it."""
    found = scenario["disagreement"]
    raised = datetime.combine(today - timedelta(days=int(found["days_ago"])), RAISED_AT)
    for child_id in children:
        transfer_id = rows.count("transfers") + 1
        rows.add(
            "transfers",
            {
                "id": transfer_id,
                "child_id": child_id,
                "group_id": family_id if len(children) > 1 else None,
                "pathway_id": pathway.id,
                "pack_id": pack.id,
                "pack_version": pack.version,
                "status": "disputed",
                "from_team": scenario["team"],
                "to_team": pathway.to_teams[0] if pathway.to_teams else None,
                "proposed_on": raised.date(),
            },
        )
        rows.add(
            "disagreements",
            {
                "id": rows.count("disagreements") + 1,
                "transfer_id": transfer_id,
                "raised_at": raised,
                "raised_by": "demo",
                "subject": str(found["subject"]),
            },
        )


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
