"""How the command line shows pathways, deadlines and audits: as text, or as JSON-ready dicts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from app.domain.engine import Deadline, PathwayOption, RuleHit
from app.services.caseload import CaseAudit, CaseDeadline, CaseReadiness, readiness_counts


def _hit_dict(hit: RuleHit) -> dict[str, Any]:
    override = hit.override
    return {
        "rule": hit.rule_id,
        "title": hit.title,
        "effect": hit.effect.value,
        "message": hit.message,
        "source": hit.cite,
        "override_by": list(override.roles) if override else None,
    }


def pathway_dict(option: PathwayOption) -> dict[str, Any]:
    p = option.pathway
    return {
        "pathway": p.id,
        "name": p.name,
        "kind": p.kind.value,
        "status": option.status.value,
        "to": list(p.to_teams),
        "via": p.via,
        "source": p.cite,
        "reasons": [_hit_dict(h) for h in option.hits],
        "not_eligible_because": list(option.unmet),
    }


def print_pathways(options: Iterable[PathwayOption]) -> None:
    for option in options:
        p = option.pathway
        via = f" via {p.via}" if p.via else ""
        print(f"{option.status.value.upper():13} {p.id}: {p.name}{via}  [{p.cite}]")
        for hit in option.hits:
            by = f" — may be overridden by {', '.join(hit.override.roles)}" if hit.override else ""
            print(f"{'':15}{hit.effect.value}: {hit.message} [{hit.cite}]{by}")
        for reason in option.unmet:
            print(f"{'':15}not eligible: {reason}")


def deadline_dict(case_id: str, d: Deadline) -> dict[str, Any]:
    t = d.timescale
    return {
        "case": case_id,
        "clock": t.id,
        "label": t.label,
        "due": d.due.isoformat(),
        "state": d.state.value,
        "rule": d.rule,
        "anchor": d.anchor.kind,
        "anchor_date": d.anchor.on.isoformat(),
        "source": t.cite,
        "reading": t.reading or None,
    }


def print_deadlines(rows: Iterable[CaseDeadline], today: date) -> None:
    count = 0
    for row in rows:
        d = row.deadline
        print(
            f"{d.due_date.isoformat()}  {d.state.value:8} {row.case_id:12} {d.timescale.label}"
            f" — {d.rule} [{d.timescale.cite}]"
        )
        count += 1
    print(f"{count} clock(s) as of {today.isoformat()}")


def audit_dict(audit: CaseAudit, *, detail: bool) -> dict[str, Any]:
    result = audit.result
    out: dict[str, Any] = {
        "case": audit.case_id,
        "pathway": audit.pathway_id,
        "checklist": result.checklist_id,
        "readiness": result.readiness.value,
        "gaps": len(result.gaps),
        "unanswered": len(result.unanswered),
        "stops_transfer": result.stops_transfer,
    }
    if detail:
        out["items"] = [
            {
                "item": i.line.item.id,
                "text": i.line.item.text,
                "source": i.line.item.cite,
                "state": i.state.value if i.state else None,
                "suggested": i.suggested,
                "evidence": i.evidence,
            }
            for i in result.items
        ]
    return out


def print_audit(audits: Iterable[CaseAudit]) -> None:
    for audit in audits:
        result = audit.result
        print(f"{audit.pathway_id} — checklist {result.checklist_id}: {result.readiness.value}")
        for item in result.items:
            state = item.state.value.upper() if item.state else "NOT ANSWERED"
            note = " (from the case file)" if item.suggested and item.state else ""
            print(f"  {state:15} {item.line.item.text} [{item.line.item.cite}]{note}")


def readiness_dict(row: CaseReadiness) -> dict[str, Any]:
    """One row of the whole-caseload audit; the keys of ``audit_dict`` without detail."""
    s = row.summary
    return {
        "case": row.case_id,
        "pathway": row.pathway_id,
        "checklist": s.checklist_id,
        "readiness": s.readiness.value,
        "gaps": s.gaps,
        "unanswered": s.unanswered,
        "stops_transfer": s.stops_transfer,
    }


def print_readiness(rows: list[CaseReadiness]) -> None:
    for row in rows:
        s = row.summary
        print(
            f"{row.case_id:12} {row.pathway_id:28} {s.readiness.value:10} "
            f"gaps {s.gaps:2}  unanswered {s.unanswered:2}"
        )
    counts = readiness_counts(rows)
    summary = ", ".join(f"{n} {state.value}" for state, n in counts.items())
    print(f"{len(rows)} case(s) audited: {summary}")
