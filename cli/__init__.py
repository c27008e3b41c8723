"""The ``claimdesk`` command.

Each sub-command lives in its own module with a ``register(subparsers)`` function that
adds its parser and sets ``func``; ``main`` only dispatches and turns user errors into one
line on stderr with a non-zero exit code (never a traceback). Standard output is guarded
(``cli.output``): a write that fails is such an error too, and a closed pipe a quiet end.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from cli.common import printable
from cli.output import abandon_stdout_if_failing, discard_stdout, guard_stdout
from core import __version__
from core.errors import UserError

# Sub-command modules, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "cli.cmd_open",
    "cli.cmd_extract",
    "cli.cmd_desk",
    "cli.cmd_export",
    "cli.cmd_claims",
    "cli.cmd_serve",
    "cli.cmd_config",
    "cli.cmd_copy",
    "cli.cmd_assign",
    "cli.cmd_checks",
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line (exit 2) instead of a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"claimdesk: error: {printable(message)} (see 'claimdesk --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="claimdesk",
        description="A keyboard-driven workbench for fact-checking the figures in news articles.",
    )
    parser.add_argument("--version", action="version", version=f"claimdesk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def _means_open(argv: list[str], parser: argparse.ArgumentParser) -> bool:
    """``claimdesk``, ``claimdesk --desk X`` and ``claimdesk article.txt`` open the workbench.

    Anything else that is not a sub-command is left to argparse, which names the choices.
    """
    if not argv:
        return True
    first = argv[0]
    if first in ("-h", "--help", "--version"):
        return False
    commands = next(
        (a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {}
    )
    if first in commands:
        return False
    return first.startswith("-") or first == "-" or os.path.exists(first)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if _means_open(argv, parser):
        argv = ["open", *argv]
    args = parser.parse_args(argv)
    with guard_stdout():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        from cli.common import apply_config
        from core.config import load_settings

        load_settings()  # a bad configuration file is one line, whatever the command
        apply_config(args)
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a full disk often shows only when the last bytes go out
        return code
    except UserError as exc:
        abandon_stdout_if_failing()
        print(f"claimdesk: error: {printable(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("claimdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `claimdesk export | head`: the reader went away; that is not our failure.
        discard_stdout()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
