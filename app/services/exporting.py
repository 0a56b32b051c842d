"""Export the caseload to CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from app.domain.case import CaseSnapshot
from app.services.importing import COLUMNS

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GENDER_CODE = {"M": "1", "F": "2"}


def neutralise(cell: str) -> str:
    """Prefix a quote to any cell a spreadsheet would run as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def export_caseload(cases: Iterable[CaseSnapshot], out: Path, today_iso: str) -> int:
    """Write one row per child in the import columns; return the number of rows written.

    The file is written beside ``out`` first and moved into place, so a failure never leaves
    half a file behind.
    """
    partial = out.with_name(out.name + ".part")
    count = 0
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for case in cases:
            writer.writerow([neutralise(cell) for cell in _row(case, today_iso)])
            count += 1
    partial.replace(out)
    return count


def _row(case: CaseSnapshot, today_iso: str) -> list[str]:
    child = case.child
    current = [s for s in case.statuses if s.end is None or s.end.isoformat() >= today_iso]
    status = max(current, key=lambda s: s.start, default=None)
    values = {
        "CHILD": child.id,
        "FORENAME": child.given_name,
        "SURNAME": child.family_name,
        "TEAM": case.team_id,
        "PersonBirthDate": child.dob.isoformat() if child.dob else "",
        "ExpectedPersonBirthDate": child.expected_dob.isoformat() if child.expected_dob else "",
        "GenderCurrent": _GENDER_CODE.get(child.sex, "0"),
        "Disabilities": "yes" if child.disability else "",
        "UASC": "1" if child.uasc else "0",
        "WORKER": case.worker_id or "",
        "TIER": str(case.tier or ""),
        "FAMILY": case.family_id or "",
        "LEGAL_STATUS": status.code if status else "",
        "DECOM": status.start.isoformat() if status else "",
        "FLAGS": ";".join(sorted(case.flags)),
    }
    return [values[column] for column in COLUMNS]
