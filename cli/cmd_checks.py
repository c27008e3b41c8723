"""``claimdesk checks``: known fact-checks (import, search, status, remove, index).

A claim someone has already checked is the first thing a fact-checker looks for. These
commands load published ClaimReview feeds into the desk and search them, together with
the desk's own verdicts, by meaning as well as by words (see :mod:`core.checks`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cli.cmd_desk import open_desk
from cli.common import add_desk_argument, printable
from core.errors import UserError

FORMATS = ("table", "json", "jsonl")
ORG_NAME_ENV = "CLAIMDESK_ORG_NAME"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "checks",
        help="known fact-checks: import ClaimReview feeds, search what was checked before",
        description="Known fact-checks: what other fact-checkers (and this desk) have checked.",
    )
    sub = parser.add_subparsers(dest="checks_command", metavar="ACTION", required=True)

    imp = sub.add_parser(
        "import",
        help="load fact-checks from ClaimReview JSON-LD, Fact Check Tools JSON, HTML or CSV",
        description=(
            "Load published fact-checks into the desk: ClaimReview JSON-LD (an object, an "
            "array, an @graph or a DataFeed), Google Fact Check Tools API JSON, saved "
            "fact-check pages (their application/ld+json blocks) or CSV with a header "
            "(url, claim_reviewed, rating, publisher, date_published, claimant, …). A check "
            "is known by its url: importing it again updates it."
        ),
    )
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_desk_argument(imp)
    imp.set_defaults(func=run_import)

    search = sub.add_parser(
        "search",
        help="the known fact-checks closest to a claim or a post",
        description=(
            "Find the known fact-checks (imported, and this desk's own verdicts) that check "
            "the same claim as TEXT, or as each line of --queries FILE."
        ),
    )
    search.add_argument("text", nargs="?", metavar="TEXT")
    search.add_argument("--queries", type=Path, metavar="FILE", help="one query a line")
    search.add_argument("--limit", type=int, default=5, metavar="N", help="matches per query")
    search.add_argument("--format", choices=FORMATS, default="table")
    search.add_argument(
        "--org-name", metavar="NAME", help=f"publisher of this desk's verdicts (${ORG_NAME_ENV})"
    )
    add_desk_argument(search)
    search.set_defaults(func=run_search)

    status = sub.add_parser("status", help="known fact-checks counted by publisher")
    status.add_argument("--format", choices=("table", "json"), default="table")
    add_desk_argument(status)
    status.set_defaults(func=run_status)

    remove = sub.add_parser("remove", help="take one publisher's fact-checks off the desk")
    remove.add_argument("--publisher", required=True, metavar="NAME")
    add_desk_argument(remove)
    remove.set_defaults(func=run_remove)

    index = sub.add_parser("index", help="rebuild the search index of the known fact-checks")
    add_desk_argument(index)
    index.set_defaults(func=run_index)


def _feeds_desk(args: argparse.Namespace, readonly: bool = False) -> Any:
    """The desk whose imported feeds a command reads or changes: a desk file or a team
    desk, which keep them alike (a team desk's on the server, see core.team.checks)."""
    return open_desk(args, readonly=readonly)


def _say(line: str) -> None:
    print(f"claimdesk: {printable(line)}", file=sys.stderr, flush=True)


def run_import(args: argparse.Namespace) -> int:
    from core.checks.library import import_files

    with _feeds_desk(args) as desk:
        report = import_files(desk, args.files, progress=lambda m: _say(f"checks import: {m}"))
    for item in report.files:
        if item.error:
            _say(f"error: {item.error}")
            continue
        skipped = sum(item.skipped.values())
        line = (
            f"{item.path}: {item.added} added, {item.updated} updated, "
            f"{item.unchanged} unchanged, {skipped} skipped"
        )
        if skipped:
            reasons = ", ".join(f"{n} {why}" for why, n in item.skipped.most_common(5))
            line += f" ({reasons})"
        print(printable(line))
    return 2 if report.failed else 0


def _queries(args: argparse.Namespace) -> list[str]:
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    if args.queries is not None and args.text is not None:
        raise UserError("give TEXT or --queries FILE, not both")
    if args.queries is None:
        if args.text is None or not args.text.strip():
            raise UserError("give the text to search for, or --queries FILE (one query a line)")
        return [args.text]
    try:
        raw = args.queries.read_bytes() if str(args.queries) != "-" else sys.stdin.buffer.read()
    except OSError as exc:
        raise UserError(f"cannot read {args.queries}: {exc.strerror}") from None
    text = raw.decode("utf-8-sig", errors="replace")
    return [line for line in text.splitlines() if line.strip()]


def run_search(args: argparse.Namespace) -> int:
    import os

    from core.checks.library import Searcher

    queries = _queries(args)
    org = args.org_name if args.org_name is not None else os.environ.get(ORG_NAME_ENV, "")
    with open_desk(args, readonly=True) as desk:
        searcher = Searcher(
            desk, org_name=org.strip(), progress=lambda m: _say(f"checks index: {m}")
        )
        for notice in searcher.notices:
            _say(f"note: {notice}")
        results = [(q, searcher.search(q, limit=args.limit)) for q in queries]
    if args.format == "jsonl":
        for query, matches in results:
            line = {"query": query, "matches": [m.to_dict() for m in matches]}
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    elif args.format == "json":
        out = [{"query": q, "matches": [m.to_dict() for m in ms]} for q, ms in results]
        json.dump(out if len(out) != 1 else out[0], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for n, (query, matches) in enumerate(results):
            if n:
                print()
            print(printable(f"» {_clip(query, 90)}"))
            if not matches:
                print("  (no known fact-check matches)")
            for m in matches:
                print(_table_line(m.to_dict()))
    return 0


def _clip(text: Any, width: int) -> str:
    text = printable(" ".join(str(text or "").split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _table_line(d: dict[str, Any]) -> str:
    from core.checks.model import rating_label

    return (
        f"  {d['score']:.3f}  {_clip(rating_label(d['rating']), 16):<16}  "
        f"{_clip(d['publisher'], 18):<18}  {_clip(d['date_published'] or '', 10):<10}  "
        f"{_clip(d['claim_reviewed'], 70)}\n"
        f"         {_clip(d['url'], 110)}"
    )


def run_status(args: argparse.Namespace) -> int:
    from core.checks.library import publishers

    with _feeds_desk(args, readonly=True) as desk:
        counts = publishers(desk)
    if args.format == "json":
        json.dump(dict(counts.most_common()), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not counts:
        print("no known fact-checks on this desk (claimdesk checks import FILE)")
        return 0
    for name, n in counts.most_common():
        print(f"{n:>8,}  {_clip(name, 60)}")
    print(f"{sum(counts.values()):>8,}  in all")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from core.checks.library import remove_publisher

    with _feeds_desk(args) as desk:
        removed = remove_publisher(desk, args.publisher)
    if not removed:
        raise UserError(
            f"no known fact-checks from publisher {args.publisher!r} "
            "(see 'claimdesk checks status')"
        )
    print(f"removed {removed:,} fact-checks from {printable(args.publisher)}")
    return 0


def run_index(args: argparse.Namespace) -> int:
    from core.checks.library import rebuild_index

    with _feeds_desk(args) as desk:
        desk.fold()
        rebuild_index(desk, progress=lambda m: _say(f"checks index: {m}"))
    return 0
