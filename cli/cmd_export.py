"""``claimdesk export``: write a desk's claims as json, jsonl, csv, markdown or ClaimReview.

Output goes to stdout unless ``-o FILE`` is given; a file is written to a temporary name
beside it, flushed to disk and renamed into place, so a reader (or a crash) never sees half
an export and an earlier file of that name survives a failed run. A write that fails (a
full disk, to stdout or to the file) is one line and exit 1, never a short backup that
looks whole.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO, cast

from cli.common import add_desk_argument, desk_path, from_config, printable, split_multi
from core.errors import UserError
from core.export import FORMATS

BOM_FORMATS = ("csv", "markdown")
"""A BOM helps Excel and Notepad read UTF-8; JSON parsers must reject one (RFC 8259)."""


EPILOG = """\
formats:
  json         lossless dump: articles, claims with their history, events
  jsonl        the same, one record per line ("record": header|article|claim|event)
  csv          one row per claim; formula-like cells are prefixed with '
  markdown     a corrections memo per article, safe to paste into a CMS
  claimreview  schema.org ClaimReview JSON-LD, one object per claim with a verdict

backup and restore:
  claimdesk export --status all --all-versions -o backup.json
  claimdesk import --desk NEW.json --desk-dump backup.json

ClaimReview settings (flags win over the environment, the environment over the
configuration file's [claimreview] table; see 'claimdesk config'):
  --org-name / $CLAIMDESK_ORG_NAME, --org-url / $CLAIMDESK_ORG_URL   the publisher
  --review-url / $CLAIMDESK_REVIEW_URL   each review's url is this + the claim id
  --rating-map / $CLAIMDESK_RATING_MAP   JSON or TOML: best, worst, ratings.<status> =
      {value, name}; defaults on a 1..5 scale: verified 5 "True", corrected 2
      "Partly false", false 1 "False", inconclusive 3 "Unproven"
  Fields Google requires but missing (url, author, ...) are reported on stderr.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export reviewed claims (json, jsonl, csv, markdown, claimreview)",
        description=(
            "Export claims from the desk. By default only reviewed claims (verified, "
            "corrected, false, inconclusive) are written; --status picks others."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--format", "-f", choices=FORMATS, default=None, help="default: json")
    parser.add_argument(
        "--status",
        action="append",
        metavar="S[,S...]",
        help="statuses to export, repeated or comma-separated; 'all' for every claim",
    )
    parser.add_argument(
        "--article", action="append", metavar="ID", help="only these articles (id or prefix)"
    )
    parser.add_argument(
        "--since", metavar="DATE", help="only claims updated on/after this ISO date"
    )
    parser.add_argument(
        "--all-versions",
        action="store_true",
        default=None,
        help="include older article versions and removed claims (needed for a full dump)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (atomically); default or '-': stdout",
    )
    parser.add_argument(
        "--bom",
        action="store_true",
        default=None,
        help="start with a UTF-8 BOM (csv/markdown, for Excel)",
    )
    parser.add_argument(
        "--matches",
        action="store_true",
        default=None,
        help="json/jsonl: add to each claim the claims reviewed in other articles that "
        "state the same figure (a lookup per claim: slower on big desks)",
    )
    group = parser.add_argument_group("ClaimReview")
    group.add_argument(
        "--org-name", metavar="NAME", help="publishing organisation ($CLAIMDESK_ORG_NAME)"
    )
    group.add_argument("--org-url", metavar="URL", help="its home page ($CLAIMDESK_ORG_URL)")
    group.add_argument(
        "--review-url",
        metavar="BASE",
        help="base URL of published reviews; the claim id is appended ($CLAIMDESK_REVIEW_URL)",
    )
    group.add_argument(
        "--rating-map",
        type=Path,
        metavar="FILE",
        help="JSON or TOML file mapping statuses to ratings ($CLAIMDESK_RATING_MAP)",
    )
    add_desk_argument(parser)
    from_config(
        parser,
        format=("export.format", "json"),
        status=("export.status", None),
        article=("export.article", None),
        since=("export.since", None),
        bom=("export.bom", False),
        all_versions=("export.all_versions", False),
        matches=("export.matches", False),
    )
    parser.set_defaults(func=run_guarded)


def run(args: argparse.Namespace) -> int:
    from core.export import ALL_STATUSES, export
    from core.export.claimreview import load_rating_map, publisher_from_env

    statuses = split_multi(args.status, set(ALL_STATUSES) | {"all"}, what="status") or None
    if args.bom and args.format not in BOM_FORMATS:
        raise UserError(f"--bom applies to csv and markdown only, not {args.format}")
    if args.matches and args.format not in ("json", "jsonl"):
        raise UserError(f"--matches applies to json and jsonl only, not {args.format}")
    publisher = rating_map = None
    if args.format == "claimreview":
        publisher = publisher_from_env(
            name=args.org_name, url=args.org_url, review_url=args.review_url
        )
        rating_map = load_rating_map(args.rating_map)
    from core.desk import desk_exists, open_desk
    from core.team import is_team_url

    path = desk_path(args)
    if not desk_exists(path):
        raise UserError(f"no desk at {path}; import an article first ('claimdesk import FILE')")
    if args.output is not None and str(args.output) != "-" and not is_team_url(path):
        from core.export.files import refuse_desk_files

        refuse_desk_files(args.output, path)

    def warn(line: str) -> None:
        print(f"claimdesk: warning: {line}", file=sys.stderr)

    with open_desk(path, readonly=True) as desk, _output(args.output, path) as out:
        for line in desk.warnings:
            warn(printable(line))
        desk.warnings.clear()
        if args.bom:
            out.write("\ufeff")
        count = export(
            desk,
            args.format,
            out,
            statuses=statuses,
            article_ids=split_multi(args.article),
            since=args.since,
            all_versions=args.all_versions,
            on_warning=warn,
            publisher=publisher,
            rating_map=rating_map,
            matches=args.matches,
        )
    if args.output is not None and str(args.output) != "-":
        print(f"exported {count} claims to {printable(args.output)}", file=sys.stderr)
    return 0


def run_guarded(args: argparse.Namespace) -> int:
    try:
        return run(args)
    except Terminated as stop:
        outcome = "was written in full" if stop.written else "was not replaced"
        print(
            f"claimdesk: export stopped (terminated); {printable(args.output)} {outcome}",
            file=sys.stderr,
        )
        return 143


@contextlib.contextmanager
def _output(target: Path | None, desk: Path | str) -> Iterator[TextIO]:
    """A UTF-8 text stream with no newline translation (csv writes its own CRLF)."""
    if target is None or str(target) == "-":
        yield from _stdout()
        return
    from core.export.files import atomic_text_file, desk_mode

    with (
        terminated_cleanly() as termination,
        atomic_text_file(target, mode=desk_mode(desk), on_commit=termination.defer) as stream,
    ):
        yield stream


def _stdout() -> Iterator[TextIO]:
    """UTF-8 whatever the terminal's encoding; a failed write or flush is never hidden."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced sys.stdout without bytes underneath: use it as is
        yield sys.stdout
        return
    sys.stdout.flush()
    yield cast(TextIO, _Utf8(buffer))  # write and flush: all an export calls
    buffer.flush()


class _Utf8:
    """Text written as UTF-8 bytes into the process's stdout buffer (never closed)."""

    def __init__(self, buffer: io.BufferedIOBase) -> None:
        self._buffer = buffer

    def write(self, text: str) -> int:
        self._buffer.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self._buffer.flush()


class _Termination:
    """What SIGTERM does during a file export: until the file is complete it unwinds the
    export (the temporary file is removed, the old target kept); once the file is
    complete (:meth:`defer`) the rename goes ahead and the signal is acted on after it,
    so the message never calls a replaced file untouched."""

    def __init__(self) -> None:
        self.deferred = False
        self.pending = False

    def handle(self, _signum: int, _frame: object) -> None:
        if self.deferred:
            self.pending = True
            return
        raise Terminated

    def defer(self) -> None:
        self.deferred = True


@contextlib.contextmanager
def terminated_cleanly() -> Iterator[_Termination]:
    """SIGTERM (a shutdown, a job control timeout) unwinds like Ctrl-C, so the temporary
    file is removed instead of being left behind; exit status 143 as for the signal."""
    import signal

    termination = _Termination()
    try:
        previous = signal.signal(signal.SIGTERM, termination.handle)
    except ValueError:  # not the main thread: leave signals alone
        yield termination
        return
    try:
        yield termination
    finally:
        signal.signal(signal.SIGTERM, previous)
    if termination.pending:
        raise Terminated(written=True)


class Terminated(BaseException):
    """SIGTERM arrived during a file export (``written``: after the file was complete
    and renamed over its target)."""

    def __init__(self, written: bool = False) -> None:
        super().__init__()
        self.written = written
