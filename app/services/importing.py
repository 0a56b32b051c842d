"""Import a caseload from CSV or XLSX: every row checked first, then all written or none.

The columns are documented in ``docs/import.md``; their names follow the CIN census and SSDA903
returns where those have a field for the fact.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.domain import vocabulary
from app.domain.pack import Pack

REQUIRED = ("CHILD", "FORENAME", "SURNAME", "TEAM")
OPTIONAL = (
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "GenderCurrent",
    "Disabilities",
    "UASC",
    "WORKER",
    "TIER",
    "FAMILY",
    "LEGAL_STATUS",
    "DECOM",
    "FLAGS",
)
COLUMNS = REQUIRED + OPTIONAL
_YES = {"1", "y", "yes", "true"}
_NO = {"", "0", "n", "no", "false", "none", "none given"}
_GENDER = {"1": "M", "2": "F", "0": "unknown", "9": "unknown", "m": "M", "f": "F", "": "unknown"}
MAX_PROBLEMS_SHOWN = 50


@dataclass(frozen=True)
class ImportProblem:
    row: int  # as the user sees it in a spreadsheet: the header is row 1
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:37] + "…"
        return f"row {self.row}, column {self.column} ({shown!r}): {self.message}"


class ImportRefused(Exception):
    """Nothing was imported: the file has the problems listed."""

    def __init__(self, source: Path, problems: list[ImportProblem]) -> None:
        self.source = source
        self.problems = problems
        more = len(problems) - MAX_PROBLEMS_SHOWN
        lines = [str(p) for p in problems[:MAX_PROBLEMS_SHOWN]]
        if more > 0:
            lines.append(f"… and {more} more")
        super().__init__(
            f"{source.name}: nothing imported, fix these and try again:\n" + "\n".join(lines)
        )


@dataclass
class ParsedCaseload:
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    @property
    def children(self) -> int:
        return len(self.tables.get("children", []))


def read_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """The header and the data rows of a CSV or XLSX file, as text."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix in {".xlsx", ".xlsm"}:
        return _xlsx_rows(path)
    raise ImportRefused(path, [ImportProblem(0, "-", path.suffix, "use a .csv or .xlsx file")])


def _csv_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(handle)
    header = next(reader, [])

    def rows() -> Iterator[list[str]]:
        with handle:
            yield from reader

    return [h.strip() for h in header], rows()


def _xlsx_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    values = book.worksheets[0].iter_rows(values_only=True)
    header = [_cell_text(c).strip() for c in next(values, ())]
    return header, ([_cell_text(c) for c in row] for row in values)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_caseload(
    path: Path, pack: Pack, today: date, existing_ids: Iterable[str] = ()
) -> ParsedCaseload:
    """Check every row; return the table rows to write, or raise ImportRefused naming each fault."""
    header, rows = read_rows(path)
    problems = _header_problems(header)
    if problems:
        raise ImportRefused(path, problems)
    checker = _RowChecker(pack, today, set(existing_ids))
    parsed = ParsedCaseload()
    for number, raw in enumerate(rows, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        record = dict(zip(header, (cell.strip() for cell in raw), strict=False))
        checker.check(number, record, parsed)
    if checker.problems:
        raise ImportRefused(path, checker.problems)
    if not parsed.children:
        raise ImportRefused(path, [ImportProblem(2, "-", "", "the file has no data rows")])
    return parsed


def _header_problems(header: list[str]) -> list[ImportProblem]:
    problems = [
        ImportProblem(1, name, "", "required column is missing")
        for name in REQUIRED
        if name not in header
    ]
    problems += [
        ImportProblem(1, name, name, f"unknown column; the columns are: {', '.join(COLUMNS)}")
        for name in header
        if name and name not in COLUMNS
    ]
    return problems


class _RowChecker:
    """Checks one row at a time, collecting every problem rather than stopping at the first."""

    def __init__(self, pack: Pack, today: date, existing: set[str]) -> None:
        self.today = today
        self.teams = {t.id: t.id for t in pack.teams} | {
            name.lower(): t.id for t in pack.teams for name in (t.name, *t.aliases)
        }
        self.flags = set(vocabulary.FLAGS) | {f.id for f in pack.vocabulary.flags}
        self.statuses = set(vocabulary.LEGAL_STATUSES) | {s.id for s in pack.vocabulary.statuses}
        self.seen = set(existing)
        self.problems: list[ImportProblem] = []

    def fault(self, row: int, column: str, value: str, message: str) -> None:
        self.problems.append(ImportProblem(row, column, value, message))

    def check(self, row: int, rec: dict[str, str], out: ParsedCaseload) -> None:
        child_id = self._child_id(row, rec)
        team = self._team(row, rec)
        dob = self._date(row, rec, "PersonBirthDate", past=True)
        expected = self._date(row, rec, "ExpectedPersonBirthDate", past=False)
        if dob is None and expected is None:
            self.fault(
                row,
                "PersonBirthDate",
                "",
                "give a date of birth, or an expected date for an unborn child",
            )
        child = {
            "id": child_id,
            "given_name": self._text(row, rec, "FORENAME"),
            "family_name": self._text(row, rec, "SURNAME"),
            "dob": dob,
            "expected_dob": expected,
            "sex": self._gender(row, rec),
            "disability": self._disability(rec),
            "uasc": self._yes_no(row, rec, "UASC"),
            "family_id": rec.get("FAMILY") or None,
            "team_id": team,
            "worker_id": rec.get("WORKER") or None,
            "tier": self._tier(row, rec),
        }
        out.add("children", child)
        self._status(row, rec, child_id, out)
        for flag in self._flags(row, rec):
            out.add("flags", {"child_id": child_id, "flag": flag, "set_on": self.today})

    def _child_id(self, row: int, rec: dict[str, str]) -> str:
        value = rec.get("CHILD", "")
        if not value:
            self.fault(row, "CHILD", value, "every child needs a local id")
        elif value in self.seen:
            self.fault(
                row, "CHILD", value, "this id is already in the caseload or earlier in the file"
            )
        self.seen.add(value)
        return value

    def _text(self, row: int, rec: dict[str, str], column: str) -> str:
        value = rec.get(column, "")
        if not value:
            self.fault(row, column, value, "must not be empty")
        return value

    def _team(self, row: int, rec: dict[str, str]) -> str | None:
        value = rec.get("TEAM", "")
        team = self.teams.get(value) or self.teams.get(value.lower())
        if team is None:
            self.fault(row, "TEAM", value, "not a team of the chosen policy pack")
        return team

    def _date(self, row: int, rec: dict[str, str], column: str, *, past: bool) -> date | None:
        value = rec.get(column, "")
        if not value:
            return None
        parsed = parse_date(value)
        problem = NOT_A_DATE if parsed is None else None
        if parsed is not None and past:
            problem = birth_date_problem(parsed, self.today)
        if problem is not None:
            self.fault(row, column, value, problem)
        return parsed

    def _gender(self, row: int, rec: dict[str, str]) -> str:
        value = rec.get("GenderCurrent", "")
        gender = _GENDER.get(value.lower())
        if gender is None:
            self.fault(row, "GenderCurrent", value, "use 1 (male), 2 (female), 0 or 9 (not known)")
        return gender or "unknown"

    def _disability(self, rec: dict[str, str]) -> bool:
        return rec.get("Disabilities", "").strip().lower() not in _NO

    def _yes_no(self, row: int, rec: dict[str, str], column: str) -> bool:
        value = rec.get(column, "").lower()
        if value not in _YES | _NO:
            self.fault(row, column, value, "use yes or no (1 or 0)")
        return value in _YES

    def _tier(self, row: int, rec: dict[str, str]) -> int | None:
        value = rec.get("TIER", "")
        if not value:
            return None
        if value not in {"1", "2", "3", "4"}:
            self.fault(row, "TIER", value, "use a tier or level from 1 to 4")
            return None
        return int(value)

    def _status(self, row: int, rec: dict[str, str], child_id: str, out: ParsedCaseload) -> None:
        code = rec.get("LEGAL_STATUS", "").upper()
        if not code:
            return
        if code not in self.statuses:
            self.fault(row, "LEGAL_STATUS", code, "not an SSDA903 code or one of CIN, CP, S47, EH")
        start = self._date(row, rec, "DECOM", past=True) or self.today
        out.add("legal_statuses", {"child_id": child_id, "code": code, "start": start, "end": None})

    def _flags(self, row: int, rec: dict[str, str]) -> list[str]:
        flags = [f.strip() for f in rec.get("FLAGS", "").split(";") if f.strip()]
        for flag in flags:
            if flag not in self.flags:
                self.fault(row, "FLAGS", flag, "unknown flag (see docs/import.md)")
        return flags


NOT_A_DATE = "not a date: use YYYY-MM-DD or DD/MM/YYYY"


def birth_date_problem(born: date, today: date) -> str | None:
    """What is wrong with ``born`` as a date of birth on ``today``, or None."""
    if born > today:
        return "a date of birth cannot be in the future"
    if born.year < today.year - 30:
        return "more than 30 years ago: check the date"
    return None


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD, or DD/MM/YYYY and DD-MM-YYYY as UK spreadsheets write them."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.replace("-", "/").split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None
