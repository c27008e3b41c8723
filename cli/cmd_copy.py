"""``claimdesk copy SRC DST``: move a whole desk between TinyDB and PostgreSQL."""

from __future__ import annotations

import argparse

from cli.common import printable
from core.config import desk_location


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "copy",
        help="copy a whole desk into an empty one (TinyDB file or postgresql:// URL)",
        description=(
            "Copy every article version, claim, event and known fact-check of the desk SRC "
            "into the empty desk DST. Either may be a desk file or a team desk URL "
            "(postgresql://user@host:port/db); a destination that holds anything is refused."
        ),
    )
    parser.add_argument("source", type=desk_location, metavar="SRC", help="the desk to copy")
    parser.add_argument("target", type=desk_location, metavar="DST", help="an empty desk")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from core.copying import copy_desk
    from core.desk import describe

    report = copy_desk(args.source, args.target)
    print(
        printable(
            f"copied {report.summary()} from {describe(args.source)} to {describe(args.target)}"
        )
    )
    return 0
