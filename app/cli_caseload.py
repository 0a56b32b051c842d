"""Command-line commands that work on a caseload database."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from app.cli_support import UserError, database_path, print_json

Option = Callable[[argparse.ArgumentParser], None]
DEFAULT_DEMO_PACK = "case-transfer-policy-2021"


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], db: Option, as_json: Option
) -> None:
    demo = commands.add_parser("demo", help="make a fictional demo caseload")
    demo.add_argument("--cases", type=int, default=300, help="how many children (default 300)")
    demo.add_argument("--pack", default=DEFAULT_DEMO_PACK, help="the policy pack id")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--db", type=Path, help="where to write it (default: the demo database)")
    demo.set_defaults(handler=_demo)
    imp = commands.add_parser("import", help="import a caseload from CSV or XLSX (all or nothing)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--pack", help="the policy pack for a new database")
    exp = commands.add_parser("export", help="export the caseload to CSV")
    exp.add_argument("file", type=Path)
    imp.set_defaults(handler=_import)
    exp.set_defaults(handler=_export)
    for name, handler, needs_id, words in (
        ("pathways", _pathways, True, "the pathways open, warned or blocked for a case"),
        ("deadlines", _deadlines, False, "the clocks of one case, or of the whole caseload"),
        ("audit", _audit, False, "the checklist audit of one case, or the caseload's readiness"),
    ):
        p = commands.add_parser(name, help=words)
        p.add_argument("case_id", nargs=None if needs_id else "?")
        as_json(p)
        p.set_defaults(handler=handler)
        db(p)
    for p in (imp, exp, *_register_closures(commands)):
        db(p)


def _register_closures(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> list[argparse.ArgumentParser]:
    from app.cli_support import parse_date

    closures = commands.add_parser("closures", help="local closure days (not working days)")
    sub = closures.add_subparsers(metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="the closure days of this caseload")
    listing.set_defaults(handler=_closures_list)
    add = sub.add_parser("add", help="add a closure day, e.g. 2026-12-24 'Council closed'")
    add.add_argument("day", type=parse_date)
    add.add_argument("label", nargs="?", default="local closure day")
    add.set_defaults(handler=_closures_set, closed=True)
    remove = sub.add_parser("remove", help="remove a closure day")
    remove.add_argument("day", type=parse_date)
    remove.set_defaults(handler=_closures_set, closed=False, label="")
    return [listing, add, remove]


def _closures_list(args: argparse.Namespace) -> int:
    from app.services.workspace import closure_day_labels

    for day, label in sorted(closure_day_labels(_workspace(args)).items()):
        print(f"{day.isoformat()}  {label}")
    return 0


def _closures_set(args: argparse.Namespace) -> int:
    from app.services.workspace import set_closure_day

    if not set_closure_day(_workspace(args), args.day, args.label, closed=args.closed):
        raise UserError(f"{args.day.isoformat()} is not a closure day of this caseload")
    print(f"{args.day.isoformat()} {'added' if args.closed else 'removed'}")
    return 0


def _workspace(args: argparse.Namespace) -> Any:
    from app.services.workspace import NoCaseload, open_workspace
    from app.storage.errors import StorageError

    try:
        return open_workspace(database_path(args))
    except (NoCaseload, StorageError) as exc:
        raise UserError(str(exc)) from exc


def _demo(args: argparse.Namespace) -> int:
    from app.services.loading import make_demo

    if not 1 <= args.cases <= 200_000:
        raise UserError("--cases must be between 1 and 200000")
    path = database_path(argparse.Namespace(db=args.db, demo=True))
    count = make_demo(path, args.pack, args.cases, date.today(), args.seed)
    print(f"demo caseload of {count} fictional children ({args.pack}) written to {path}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from app.services.importing import ImportRefused
    from app.services.loading import import_file

    try:
        count = import_file(database_path(args), args.file, args.pack, date.today())
    except ImportRefused as exc:
        raise UserError(str(exc)) from exc
    print(f"imported {count} children from {args.file.name}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.services.exporting import export_caseload

    ws = _workspace(args)
    with ws.unit_of_work() as uow:
        count = export_caseload(uow.cases.snapshots(), args.file, date.today().isoformat())
    print(f"exported {count} children to {args.file}")
    return 0


def _pathways(args: argparse.Namespace) -> int:
    from app.cli_views import pathway_dict, print_pathways
    from app.services.caseload import case_pathways

    options = _lookup(
        lambda: case_pathways(_workspace(args), args.case_id, date.today()), args.case_id
    )
    if args.json:
        print_json([pathway_dict(o) for o in options])
    else:
        print_pathways(options)
    return 0


def _deadlines(args: argparse.Namespace) -> int:
    from app.cli_views import deadline_dict, print_deadlines
    from app.services.caseload import CaseDeadline, case_deadlines, caseload_deadlines

    ws = _workspace(args)
    today = date.today()
    if args.case_id:
        rows = [
            CaseDeadline(args.case_id, d)
            for d in _lookup(lambda: case_deadlines(ws, args.case_id, today), args.case_id)
        ]
    else:
        rows = caseload_deadlines(ws, today)
    if args.json:
        print_json([deadline_dict(r.case_id, r.deadline) for r in rows])
    else:
        print_deadlines(rows, today)
    return 0


def _audit(args: argparse.Namespace) -> int:
    from app.cli_views import audit_dict, print_audit, print_readiness, readiness_dict
    from app.services.caseload import case_audits, caseload_audit

    ws = _workspace(args)
    today = date.today()
    if not args.case_id:
        rows = caseload_audit(ws, today)
        if args.json:
            print_json([readiness_dict(r) for r in rows])
        else:
            print_readiness(rows)
        return 0
    audits = _lookup(lambda: case_audits(ws, args.case_id, today), args.case_id)
    if args.json:
        print_json([audit_dict(a, detail=True) for a in audits])
    else:
        print_audit(audits)
    return 0


def _lookup(fetch: Callable[[], Any], case_id: str) -> Any:
    from app.storage.errors import CaseNotFound

    try:
        return fetch()
    except CaseNotFound:
        raise UserError(f"no case {case_id!r} in this caseload") from None


def _stderr(text: str) -> None:
    print(text, file=sys.stderr)
