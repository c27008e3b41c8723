"""``claimdesk copy SRC DST``: move a whole desk between TinyDB and PostgreSQL.

The copy is all or nothing (:mod:`core.copying`). Ctrl-C and SIGTERM stop it like an
error does: what was written is removed (a desk file) or rolled back (a team desk), and
the one line says so, exit status 130 or 143 as for the signal. Once the copy is complete
and becomes the destination's, a signal waits the few renames (or the COMMIT) until it
has, so the line never says nothing was written when the copy is there.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator

from cli.common import printable
from core.config import desk_location


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "copy",
        help="copy a whole desk into an empty one (TinyDB file or postgresql:// URL)",
        description=(
            "Copy every article version, claim, event and known fact-check of the desk SRC "
            "into the empty desk DST. Either may be a desk file or a team desk URL "
            "(postgresql://user@host:port/db); a destination that holds anything is refused. "
            "A copy that fails or is stopped leaves DST as it was."
        ),
    )
    parser.add_argument("source", type=desk_location, metavar="SRC", help="the desk to copy")
    parser.add_argument("target", type=desk_location, metavar="DST", help="an empty desk")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from core.copying import copy_desk
    from core.desk import describe

    where = printable(describe(args.target))
    try:
        with stopped_cleanly() as stop:
            report = copy_desk(args.source, args.target, on_commit=stop.defer)
            print(
                printable(
                    f"copied {report.summary()} from {describe(args.source)} to "
                    f"{describe(args.target)}"
                )
            )
    except Stopped as stopped:
        if stopped.complete:
            outcome = f"it had completed: {where} holds the whole copy"
        else:
            outcome = f"nothing was written to {where}"
        print(f"claimdesk: copy stopped ({stopped.how}); {outcome}", file=sys.stderr)
        return stopped.exit_code
    return 0


class Stopped(BaseException):
    """SIGINT or SIGTERM during a copy (``complete``: once the copy had been committed)."""

    def __init__(self, signum: int, complete: bool = False) -> None:
        super().__init__()
        self.how = "interrupted" if signum == signal.SIGINT else "terminated"
        self.exit_code = 128 + signum  # 130, 143: what a shell reports for the signal
        self.complete = complete


class _Stop:
    """Until :meth:`defer`, the first signal unwinds the copy (which then removes what it
    wrote); later ones, and any after :meth:`defer`, only wait to be acted on, so that
    undoing the copy, or putting it in place, is never itself cut short."""

    def __init__(self) -> None:
        self.deferred = False
        self.pending: int | None = None

    def handle(self, signum: int, _frame: object) -> None:
        if self.deferred or self.pending is not None:
            self.pending = self.pending or signum
            return
        self.pending = signum
        raise Stopped(signum)

    def defer(self) -> None:
        self.deferred = True


@contextlib.contextmanager
def stopped_cleanly() -> Iterator[_Stop]:
    """SIGINT and SIGTERM raise :class:`Stopped` in the copy, so it unwinds and removes
    what it wrote rather than the process dying with it half done; from
    :meth:`_Stop.defer` on they wait until the copy is in place."""
    stop = _Stop()
    previous = {}
    try:
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, stop.handle)
    except ValueError:  # not the main thread: leave signals alone
        yield stop
        return
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
    if stop.deferred and stop.pending is not None:
        raise Stopped(stop.pending, complete=True)
