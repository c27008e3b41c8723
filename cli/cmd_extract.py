"""``claimdesk extract``: print an article's claims without touching a desk.

The quickest way to see what claimdesk finds in a text, and the machine-readable way to
feed it to other tools. Output formats:

- ``json``: one input → ``{"article": {...}, "claims": [...]}`` (indented);
- ``jsonl``: one such object per input per line, in the order the inputs were given;
- ``table``: a readable table per article, for people.

Without ``--format`` the output is a table on a terminal and JSON (one input) or JSON
Lines (several) when piped, so ``claimdesk extract a.txt`` reads well and
``claimdesk extract a.txt | jq`` just works. ``--format json`` with several inputs is
refused: concatenated JSON documents are not JSON, and a wrapping array would make the
one-input and many-input shapes differ; JSON Lines is the format for several.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from dataclasses import asdict
from typing import Any

from core.errors import UserError
from core.safetext import json_inert

FORMATS = ("json", "jsonl", "table")
SORTS = ("position", "checkworthiness")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="print the claims found in articles (no desk involved)",
        description=(
            "Read articles (plain text, Markdown or a saved web page; '-' for stdin) and "
            "print the check-worthy claims found in them with their normalised figures. "
            "Inputs larger than 5 MB are refused (no news article is that long), and so "
            "are texts with more than 50,000 figures (a data file, not an article)."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files, or - for stdin")
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help="json (one input), jsonl (one line per input) or table; "
        "default: table on a terminal, else json / jsonl",
    )
    parser.add_argument(
        "--sort",
        choices=SORTS,
        default=None,
        help="claims in text order (default) or most check-worthy first",
    )
    parser.add_argument(
        "--model",
        metavar="NAME",
        default=None,
        help="an installed trained spaCy pipeline to use as well ($CLAIMDESK_MODEL)",
    )
    parser.add_argument(
        "--desk",
        metavar="PATH",
        default=None,
        help="also give each claim its 'matches': claims reviewed in other articles on "
        "this desk that state the same figure (json/jsonl; the desk is only read)",
    )
    from cli.common import from_config

    from_config(parser, format=("extract.format", None), sort=("extract.sort", "position"))
    parser.set_defaults(func=run)


def _choose_format(args: argparse.Namespace) -> str:
    if args.format is None:
        if sys.stdout.isatty():
            return "table"
        return "json" if len(args.paths) == 1 else "jsonl"
    if args.format == "json" and len(args.paths) > 1:
        raise UserError(
            f"--format json takes one input ({len(args.paths)} given); "
            "use --format jsonl for one JSON object per input"
        )
    return args.format


def _check_inputs(paths: list[str]) -> None:
    """Fail before printing anything if an input obviously cannot be read."""
    from core.ingest import check_regular_file

    if paths.count("-") > 1:
        raise UserError("'-' (standard input) can be given only once")
    for path in paths:
        check_regular_file(path)  # a FIFO or device is refused, never waited on


def run(args: argparse.Namespace) -> int:
    fmt = _choose_format(args)
    _check_inputs(args.paths)
    # Only now: loading the pipeline takes about a second, and bad usage or an input
    # refused above is answered without it.
    from core.extract import extract_claims
    from core.ingest import read_article

    seen = known = None
    with contextlib.ExitStack() as stack:
        if getattr(args, "desk", None) and fmt != "table":
            seen, known = _seen_before(args.desk, stack)
        return _run(args, fmt, extract_claims, read_article, seen, known)


def _run(args, fmt, extract_claims, read_article, seen, known) -> int:
    for path in args.paths:
        article = read_article(path)
        claims = _extract(extract_claims, article, args.model)
        if args.sort == "checkworthiness":
            claims.sort(key=lambda c: (-c.checkworthiness, c.start))
        if fmt == "table":
            _print_table(article, claims)
            continue
        records: list[Any] = claims
        if seen is not None:
            # Only with --desk: the known-check index and its libraries take a while to load.
            from core.checks.library import known_check_records

            records = [c.to_dict() for c in claims]
            for claim, record in zip(claims, records, strict=True):
                record["matches"] = [asdict(m) for m in seen.similar(claim)]
                record["known_checks"] = known_check_records(known, claim)
        _write_json({"article": article, "claims": records}, indent=2 if fmt == "json" else None)
        sys.stdout.flush()
    return 0


def _write_json(payload: dict[str, Any], indent: int | None) -> None:
    """``payload`` as JSON on stdout, written as it is encoded.

    Model objects are encoded field by field (``fields_of``), not copied into dicts first,
    and the indented form is streamed: ``json.dumps(indent=2)`` of 80,000 claims held
    490 MB of string pieces at once. Lossless, and inert on a terminal: control and bidi
    characters leave as JSON escapes (``json_inert``).
    """
    from core.export.dump import fields_of

    encoder = json.JSONEncoder(ensure_ascii=False, indent=indent, default=fields_of)
    if indent is None:
        sys.stdout.write(json_inert(encoder.encode(payload)) + "\n")
        return
    parts: list[str] = []
    size = 0
    for part in encoder.iterencode(payload):
        parts.append(part)
        size += len(part)
        if size >= 1 << 16:
            sys.stdout.write(json_inert("".join(parts)))
            parts.clear()
            size = 0
    parts.append("\n")
    sys.stdout.write(json_inert("".join(parts)))


class ExtractionFailed(UserError):
    """The extractor itself failed on an input: our bug, not the user's (exit 1)."""

    exit_code = 1


def _extract(extract_claims, article, model):
    """Run extraction; an unexpected failure becomes one line, not a traceback.

    ``CLAIMDESK_DEBUG=1`` lets the exception through, for whoever fixes it.
    """
    try:
        return extract_claims(article, model=model)
    except UserError:
        raise  # an input the extractor refuses (too many figures): the user's to fix
    except Exception as exc:
        if os.environ.get("CLAIMDESK_DEBUG"):
            raise
        detail = (str(exc).strip().splitlines() or [""])[0][:200]
        raise ExtractionFailed(
            f"{article.source}: claim extraction failed ({type(exc).__name__}: {detail}); "
            "please report it with this file (CLAIMDESK_DEBUG=1 shows the traceback)"
        ) from exc


def _seen_before(desk_path: str, stack: contextlib.ExitStack):
    """The desk's reviewed claims indexed for "seen before", and its known fact-checks
    (read-only: no lock taken; the desk stays open while the inputs are read)."""
    from core.checks.library import Searcher
    from core.desk import open_desk
    from core.export.claimreview import publisher_from_env
    from core.match import ClaimIndex

    desk = stack.enter_context(open_desk(desk_path, readonly=True))
    known = Searcher(desk, org_name=publisher_from_env().name)
    for notice in known.notices:
        print(f"claimdesk: note: {notice}", file=sys.stderr)
    return ClaimIndex(desk.iter_claims()), known


def _compact(value: Any) -> str:
    """Numbers as people read them in a table: 3,500 · 40.2 bn · 1.5 m (JSON stays exact)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(value) >= size:
            return f"{value / size:,.3f}".rstrip("0").rstrip(".") + f" {suffix}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def format_value(figure: dict[str, Any] | Any) -> str:
    """A figure's normalised value as a person reads it: "25 %", "USD 1500", "P90D"."""
    data = figure if isinstance(figure, dict) else figure.to_dict()
    text = _compact(data.get("value"))
    kind, unit = data.get("kind"), data.get("unit")
    if kind == "percent":
        text += " %"
    elif kind == "money" and unit:
        text = f"{unit} {text}"
    elif unit:
        text = f"{text} {unit}"
    if data.get("qualifier") == "change":  # "from X to Y": where it started, where it ended
        return f"{text} → {_compact(data.get('upper'))}"
    if data.get("upper") is not None:
        text += f" – {_compact(data['upper'])}"
    if data.get("qualifier"):
        text = f"{data['qualifier']} {text}"
    return text


def _print_table(article, claims) -> None:
    """A Rich table; every string goes in as ``Text`` so "[Mexico]" is never markup."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from cli.output import Console

    console = Console(highlight=False, soft_wrap=False)
    from cli.common import printable

    heading = Text(printable(article.title or article.source), style="bold")
    details = ["standard input" if article.source == "-" else printable(article.source)]
    if article.place:
        details.append(printable(article.place))
    if article.date:
        details.append(article.date)
    details.append(f"{len(claims)} claim{'s' if len(claims) != 1 else ''}")
    statuses = {c.status for c in claims}
    if len(statuses) == 1:
        details[-1] += f", all {next(iter(statuses)).replace('_', ' ')}"
    console.print(heading)
    console.print(Text(" · ".join(details), style="dim"))
    # The figure and its normalised value share a column (stacked) so the statement keeps
    # room on an 80-column terminal; below 70 columns the status column goes too (every
    # extracted claim is "unreviewed" anyway) and the line above says so. The claimant
    # (who made the claim: the JSON's "claimant") has a column from 100 columns; on a
    # narrower terminal it leads the statement ("Al Jazeera: In a renewed push …").
    narrow = console.width < 70
    by_column = console.width >= 100
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), header_style="bold", show_edge=False)
    if not narrow:
        table.add_column("status", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("figure / value", max_width=16, overflow="fold")
    table.add_column("score", justify="right", no_wrap=True)
    if by_column:
        table.add_column("claimant", max_width=18, overflow="fold")
    table.add_column("statement", overflow="fold", ratio=1)
    table.expand = True
    for claim in claims:
        key = claim.key_figure
        kind = "quote" if claim.type == "quote" else (key.kind if key else "")
        if key is not None:
            figure = Text(printable(key.text))
            figure.append("\n= " + printable(format_value(key)), style="dim")
        else:
            figure = Text("—", style="dim")
        statement = _statement(claim, key)
        if claim.type == "quote":
            statement = Text.assemble("“", statement, "”")
        claimant = Text(printable(claim.claimant)) if claim.claimant else Text("—", style="dim")
        if claim.claimant and not by_column:  # no room for a column: it leads the line
            statement = Text.assemble(claimant, ": ", statement)
        cells = [Text(kind), figure, Text(f"{claim.checkworthiness:.2f}"), statement]
        if not narrow:
            cells.insert(0, Text(claim.status.replace("_", " ")))
        if by_column:
            cells.insert(len(cells) - 1, claimant)
        table.add_row(*cells)
    if claims:
        console.print(table)
    else:
        console.print(Text("No check-worthy claims found.", style="italic"))
    for warning in article.warnings:
        where = f" at {warning.start}" if warning.end > warning.start else ""
        text = printable(warning.message or warning.kind)
        console.print(Text(f"warning{where}: {text}", style="yellow"))
    console.print()


def _statement(claim, key):
    """The statement with its key figure in bold; control and bidi characters shown as
    escapes (an override in the article must not turn "26" into "62" on screen)."""
    from rich.text import Text

    from cli.common import printable

    def shown(text: str) -> str:
        return printable(text, keep="\n\t")

    text = claim.statement
    if key is None or not (claim.start <= key.start and key.end <= claim.end):
        return Text(shown(text))
    start, end = key.start - claim.start, key.end - claim.start
    return Text.assemble(shown(text[:start]), (shown(text[start:end]), "bold"), shown(text[end:]))
