"""``claimdesk open PATH...``: import (if needed) and review articles in the workbench.

Without paths it opens the desk's article list. The workbench module is imported only
here, when it is needed, so the headless commands never load Textual.
"""

from __future__ import annotations

import argparse

from cli.common import add_desk_argument, add_reviewer_argument, desk_path, reviewer


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "open",
        help="review articles in the workbench (default command)",
        description="Open articles for review. Several paths: the first opens, the others "
        "wait in the article list. No path: the article list of the desk.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files to open")
    add_desk_argument(parser)
    add_reviewer_argument(parser)
    parser.add_argument(
        "--model", default=None, metavar="NAME", help="spaCy pipeline to extract with"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from core.ingest import check_regular_file

    for path in args.paths:  # a FIFO or a device is refused before the screen opens
        check_regular_file(path)
    from tui import launch

    return launch(args.paths, desk_path(args), reviewer(args), model=args.model)
