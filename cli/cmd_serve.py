"""``claimdesk serve``: the workbench in a web browser, through textual-serve.

Each browser tab that connects starts its own ``claimdesk open`` on the same desk (the
desk still has one writer at a time: a second tab is told the desk is in use). The server
listens on this machine only unless ``--host`` says otherwise; anyone who can reach the
port then has the desk in front of them, with the reviewer's name, so the command says so
in one line before it starts rather than pretending to protect it.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path

from cli.common import (
    add_desk_argument,
    add_reviewer_argument,
    desk_path,
    from_config,
    printable,
    reviewer,
)
from core.errors import UserError


class ServeError(UserError):
    """The server could not start (the port is taken, the address is not ours). Exit 1."""

    exit_code = 1


DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the workbench to a web browser (textual-serve)",
        description=(
            "Serve the workbench on http://HOST:PORT/ (default 127.0.0.1:8000, this machine "
            "only). Each browser tab opens the workbench on the desk, as 'claimdesk open' "
            "does. With --host other than a loopback address, anyone who can reach the "
            "port can use the desk: there is no login."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="articles to open")
    parser.add_argument(
        "--host", default=None, help=f"address to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=int, default=None, help=f"port to listen on (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="the address browsers use to reach this server, when not http://HOST:PORT "
        "(behind a proxy, or listening on 0.0.0.0)",
    )
    add_desk_argument(parser)
    add_reviewer_argument(parser)
    parser.add_argument("--model", default=None, metavar="NAME", help="spaCy pipeline")
    from_config(parser, host=("serve.host", DEFAULT_HOST), port=("serve.port", DEFAULT_PORT))
    parser.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    """``localhost``, ``127.x.x.x`` and ``::1`` reach this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def workbench_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser tab: this very claimdesk, on
    the desk and as the reviewer this server was started with."""
    from core.team import is_team_url

    target = desk_path(args)
    desk = target if isinstance(target, str) and is_team_url(target) else Path(target).resolve()
    command = [sys.executable, "-m", "cli", "open", "--desk", str(desk)]
    command += ["--reviewer", reviewer(args)]
    if args.model:
        command += ["--model", args.model]
    command += [str(Path(p).resolve()) for p in args.paths]
    return shlex.join(command)


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UserError(f"--port {args.port} is not a port number (1-65535)")
    missing = [p for p in args.paths if not Path(p).is_file()]
    if missing:
        raise UserError(f"cannot open {missing[0]}: no such file")
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError("serving needs textual-serve: pip install textual-serve") from None
    if not is_loopback(args.host):
        print(
            f"claimdesk: warning: listening on {printable(args.host)}:{args.port}: anyone who "
            "can reach this port can use the desk as "
            f"{printable(reviewer(args))} (there is no login)",
            file=sys.stderr,
        )
    server = Server(
        workbench_command(args),
        host=args.host,
        port=args.port,
        title="claimdesk",
        public_url=args.public_url,
    )
    try:
        server.serve()
    except OSError as exc:
        raise ServeError(
            f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
            " (another server on that port? pick one with --port)"
        ) from None
    return 0
