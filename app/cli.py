"""``transfer-desk``: the desktop app with no arguments, headless commands otherwise.

Each command imports what it needs when it runs, so ``workdays`` and ``packs`` start without
loading Qt, SQLAlchemy or reportlab.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from app.cli_support import UserError, parse_date

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:  # the desktop is opened by ui.launcher; here there is nothing to run
        parser.print_help()
        return 0
    try:
        return handler(args)
    except UserError as exc:
        print(f"transfer-desk: {exc}", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="transfer-desk", description=__doc__)
    parser.add_argument("--demo", action="store_true", help="open the demo caseload")
    parser.add_argument("--db", type=Path, help="the database file (default: your own)")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for register in _REGISTRARS:
        register(commands)
    return parser


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, help="the database file (default: your own)")
    p.add_argument("--demo", action="store_true", help="use the demo database")


def _json_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def _register_workdays(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("workdays", help="working-day arithmetic (England & Wales)")
    sub = p.add_subparsers(metavar="ACTION", required=True)
    add = sub.add_parser("add", help="the date N working days after DATE (N < 0: before)")
    add.add_argument("date", type=parse_date)
    add.add_argument("n", type=int)
    add.set_defaults(handler=_workdays_add)
    between = sub.add_parser("between", help="working days from A to B")
    between.add_argument("a", type=parse_date)
    between.add_argument("b", type=parse_date)
    between.set_defaults(handler=_workdays_between)
    for q in (add, between):
        _db_option(q)


def _workdays_add(args: argparse.Namespace) -> int:
    from app.cli_support import calendar_for

    print(calendar_for(args).add_working_days(args.date, args.n).isoformat())
    return 0


def _workdays_between(args: argparse.Namespace) -> int:
    from app.cli_support import calendar_for

    print(calendar_for(args).working_days_between(args.a, args.b))
    return 0


def _register_packs(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("packs", help="the policy packs")
    sub = p.add_subparsers(metavar="ACTION", required=True)
    sub.add_parser("list", help="the packs shipped with the app").set_defaults(handler=_packs_list)
    check = sub.add_parser("check", help="validate a pack file; exit 1 naming every fault")
    check.add_argument("file", type=Path)
    check.set_defaults(handler=_packs_check)


def _packs_list(args: argparse.Namespace) -> int:
    from app.policy.registry import shipped_packs

    for pack in shipped_packs():
        info = pack.pack
        print(f"{info.id:28} v{info.version:6} {info.authority} — {info.title}")
    return 0


def _packs_check(args: argparse.Namespace) -> int:
    from app.policy.loader import PackError, load_pack

    try:
        pack = load_pack(args.file)
    except PackError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    counts = (
        f"{len(pack.pathways)} pathways, {len(pack.rules)} rules, {len(pack.checklists)} checklists"
    )
    print(f"{args.file}: pack {pack.id} v{pack.version} is valid ({counts})")
    return 0


def _register_caseload(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from app import cli_caseload

    cli_caseload.register(commands, _db_option, _json_option)


def _register_meetings(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from app import cli_meetings  # agenda, minutes

    cli_meetings.register(commands)


def _register_protection(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from app import cli_protect  # verify, backup, restore

    cli_protect.register(commands)


def _register_printing(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from app import cli_print

    cli_print.register(commands, _db_option)


_REGISTRARS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    _register_workdays,
    _register_packs,
    _register_caseload,
    _register_meetings,
    _register_printing,
    _register_protection,
)


def today() -> date:
    return date.today()


if __name__ == "__main__":
    sys.exit(main())
