"""Printing from the command line: ``pack`` and ``gaps`` write PDFs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from app.cli_support import UserError, database_path

Option = Callable[[argparse.ArgumentParser], None]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], db: Option) -> None:
    pack = commands.add_parser("pack", help="the handover pack of a case (its sibling group too)")
    pack.add_argument("case_id")
    pack.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    pack.add_argument("--single", action="store_true", help="this child only, not the siblings")
    pack.set_defaults(handler=_pack)
    gaps = commands.add_parser("gaps", help="the checklist gap list of a case")
    gaps.add_argument("case_id")
    gaps.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    gaps.set_defaults(handler=_gaps)
    for p in (pack, gaps):
        db(p)


def _pack(args: argparse.Namespace) -> int:
    from app.reports.render import render_handover_pack
    from app.services.printing import handover_pack

    document = _build(
        args, lambda ws: handover_pack(ws, args.case_id, datetime.now(), single=args.single)
    )
    pages = _write(lambda: render_handover_pack(document, args.output), args.output)
    print(f"handover pack for {', '.join(document.info.case_ids)}: {pages} pages, {args.output}")
    return 0


def _gaps(args: argparse.Namespace) -> int:
    from app.reports.render import render_gap_list
    from app.services.printing import gap_list

    document = _build(args, lambda ws: gap_list(ws, args.case_id, datetime.now()))
    pages = _write(lambda: render_gap_list(document, args.output), args.output)
    print(f"gap list for {args.case_id}: {len(document.gaps)} gap(s), {pages} pages, {args.output}")
    return 0


def _build(args: argparse.Namespace, make: Callable[[Any], Any]) -> Any:
    from app.services.printing import NothingToPrint
    from app.services.workspace import NoCaseload, open_workspace
    from app.storage.errors import CaseNotFound, StorageError

    try:
        return make(open_workspace(database_path(args)))
    except CaseNotFound:
        raise UserError(f"no case {args.case_id!r} in this caseload") from None
    except (NoCaseload, StorageError, NothingToPrint) as exc:
        raise UserError(str(exc)) from exc


def _write(render: Callable[[], int], out: Path) -> int:
    """Render, turning a folder that is missing or not writable into a message."""
    try:
        return render()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UserError(f"cannot write {out}: {reason}; choose another file or folder") from exc
