"""Transfer meetings from the command line: ``agenda`` and ``minutes``.

``transfer-desk agenda --meeting TYPE --date DATE [-o FILE] [--ics FILE] [--area AREA] [--db PATH]``
plans the sitting on DATE (or finds it), brings its agenda up to date and prints it (case ids
only); ``-o`` also writes the agenda PDF and ``--ics`` a calendar file of the sitting.
``transfer-desk minutes MEETING_ID -o FILE [--db PATH]`` writes the minutes PDF.

Importing this module loads nothing but the standard library: the services are imported when a
command runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.cli_support import UserError, database_path, parse_date


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``agenda`` and ``minutes`` commands."""
    agenda = commands.add_parser("agenda", help="the agenda of a transfer meeting on a date")
    agenda.add_argument("--meeting", required=True, metavar="TYPE", help="the pack's meeting id")
    agenda.add_argument("--date", required=True, type=parse_date, help="the sitting (YYYY-MM-DD)")
    agenda.add_argument("--area", default="", help="the locality, where the meeting has several")
    agenda.add_argument("-o", "--output", type=Path, help="also write the agenda as a PDF")
    agenda.add_argument("--ics", type=Path, help="also write the sitting as a calendar file")
    agenda.set_defaults(handler=_agenda)
    minutes = commands.add_parser("minutes", help="the minutes of a transfer meeting, as a PDF")
    minutes.add_argument("meeting_id", type=int)
    minutes.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    minutes.set_defaults(handler=_minutes)
    for p in (agenda, minutes):
        p.add_argument("--db", type=Path, help="the database file (default: your own)")
        p.add_argument("--demo", action="store_true", help="use the demo database")


def _agenda(args: argparse.Namespace) -> int:
    from app.services import meeting_outputs, meetings

    with _user_errors():
        ws = _workspace(args)
        meeting_id = meetings.prepare_meeting(ws, args.meeting, args.date, area=args.area)
        view = meetings.agenda(ws, meeting_id)
        for line in agenda_lines(view):
            print(line)
        if args.output:
            pages = meeting_outputs.write_agenda(ws, meeting_id, args.output)
            print(f"agenda written to {args.output} ({pages} pages)")
        if args.ics:
            args.ics.write_bytes(meeting_outputs.meeting_ics(ws, meeting_id))
            print(f"calendar file written to {args.ics}")
    return 0


def _minutes(args: argparse.Namespace) -> int:
    from app.services import meeting_outputs

    with _user_errors():
        ws = _workspace(args)
        pages = meeting_outputs.write_minutes(ws, args.meeting_id, args.output)
    print(f"minutes of meeting {args.meeting_id} written to {args.output} ({pages} pages)")
    return 0


def agenda_lines(view: Any) -> Iterator[str]:
    """The agenda as text: the sitting, then each case with why it is on (ids only, no names)."""
    from app.domain.meetings import day_words

    s, win = view.sitting, view.window
    yield f"{view.meeting.name} · meeting {s.id} · {s.status}"
    moved = win.sitting.moved_because
    note = f" (moved from {day_words(s.scheduled_on)}: {moved})" if moved else ""
    yield f"held {day_words(s.held_on)}{note}"
    yield f"looks ahead to {day_words(win.horizon_end)}; cut-off {day_words(win.cutoff)}"
    yield f"pack {s.pack_id} version {s.pack_version}; {len(view.entries)} case(s)"
    lists = {tuple(d.name for d in e.item.documents) for e in view.entries}
    for number, entry in enumerate(view.entries, start=1):
        item = entry.item
        readiness = str(item.readiness).upper() if item.readiness else "no checklist"
        late = ", added late" if entry.record.late else ""
        yield f"{number:3}. {item.case_id}  [{readiness}{late}]"
        for reason in item.reasons:
            cite = f" ({reason.cite})" if reason.cite else ""
            yield f"       - {reason.text}{cite}"
        for blocker in item.blockers:
            yield f"       ! blocked: {blocker.title} ({blocker.cite})"
        if len(lists) > 1:
            yield "       brings: " + (", ".join(d.name for d in item.documents) or "nothing named")
    if len(lists) == 1:
        yield "each case brings: " + (", ".join(next(iter(lists))) or "nothing named")


def _workspace(args: argparse.Namespace) -> Any:
    from app.services.workspace import open_workspace

    return open_workspace(database_path(args))


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn what the user can put right into a one-line message (exit code 1)."""
    from app.services.meetings import MeetingError
    from app.services.workspace import NoCaseload
    from app.storage.errors import StorageError

    try:
        yield
    except (MeetingError, NoCaseload, StorageError) as exc:
        raise UserError(str(exc)) from exc
