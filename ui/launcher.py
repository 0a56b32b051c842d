"""The ``transfer-desk`` entry point: the desktop with no command, the headless CLI otherwise.

It lives in ``ui`` so that ``app`` never imports the desktop face; it imports Qt only when the
desktop is actually opened, so headless commands start without it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app.cli import build_parser
from app.cli import main as cli_main


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parsed = build_parser().parse_known_args(args)[0]
    if getattr(parsed, "handler", None) is not None or "-h" in args or "--help" in args:
        return cli_main(args)
    from ui.app import run_desktop

    return run_desktop(db=parsed.db, demo=parsed.demo)


if __name__ == "__main__":
    sys.exit(main())
