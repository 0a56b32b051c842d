"""Small helpers shared by the command-line commands."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.calendar import WorkingCalendar
from app.paths import default_database_path, demo_database_path


class UserError(Exception):
    """A problem the user can fix (bad argument, missing file): printed, exit code 1."""


def parse_date(text: str) -> date:
    """An ISO date (YYYY-MM-DD) from the command line."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD") from None


def database_path(args: argparse.Namespace) -> Path:
    """The database the command works on: --db, else the demo or the user's own."""
    if getattr(args, "db", None):
        return Path(args.db)
    return demo_database_path() if getattr(args, "demo", False) else default_database_path()


def calendar_for(args: argparse.Namespace) -> WorkingCalendar:
    """Bank holidays plus the local closure days kept in the database, when there is one.

    Without an existing database nothing but the bank holidays applies, and SQLAlchemy is not
    even imported.
    """
    from app.reference.bank_holidays import default_calendar

    path = database_path(args)
    if not path.exists():
        return default_calendar()
    from app.services.workspace import closure_days

    return default_calendar(closure_days(path))


def print_json(payload: Any) -> None:
    json.dump(payload, sys.stdout, indent=2, default=str, ensure_ascii=False)
    sys.stdout.write("\n")
