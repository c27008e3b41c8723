"""``claimdesk claims``: a queue of claims across the desk, filtered by field.

The filters are the workbench's ``/`` fields (``core.claimquery``): ``--status
needs_source`` here is ``status:needs_source`` there, and a query given as words
(``claimdesk claims status:needs_source tariff``) reads the same in both places.
"""

from __future__ import annotations

import argparse
import json
import sys

from cli.common import add_desk_argument, desk_path, from_config, printable
from core.errors import UserError

FORMATS = ("table", "json", "jsonl")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "claims",
        help="list claims across the desk (a queue), filtered by status, kind, claimant…",
        description=(
            "List the desk's current claims, articles in import order, claims in text order. "
            "Filters that take several values accept them comma-separated or repeated; "
            "different filters must all hold. QUERY is the workbench filter's language: "
            "status:needs_source kind:money claimant:ministry reviewer:r2 and free text. "
            "--reviewer R is R's queue: the claims of the articles assigned to R (a team "
            "desk's 'claimdesk assign') and the claims R was the last to change (a verdict, "
            "a note, an edit); --assigned and "
            "--decided-by are its two halves. Names compare whole, ignoring case; 'me' is "
            "you (CLAIMDESK_REVIEWER or the config's reviewer)."
        ),
    )
    parser.add_argument("query", nargs="*", metavar="QUERY", help="fields and words to match")
    parser.add_argument("--status", action="append", metavar="S[,S...]", help="statuses; 'all'")
    parser.add_argument("--kind", action="append", metavar="K[,K...]", help="key figure kinds")
    parser.add_argument(
        "--claimant", action="append", metavar="C", help="who made the claim (part of the name)"
    )
    parser.add_argument(
        "--reviewer",
        action="append",
        metavar="R[,R...]",
        help="R's queue: articles assigned to R, and claims R changed last; 'me': you",
    )
    parser.add_argument(
        "--assigned",
        action="append",
        metavar="R[,R...]",
        help="claims of articles assigned to R (team desk); 'none': assigned to nobody",
    )
    parser.add_argument(
        "--decided-by", action="append", metavar="R[,R...]", help="who changed the claim last"
    )
    parser.add_argument("--article", action="append", metavar="ID", help="article id or prefix")
    parser.add_argument("--since", metavar="DATE", help="updated on or after this ISO date")
    parser.add_argument("--format", "-f", choices=FORMATS, default=None, help="default: table")
    add_desk_argument(parser)
    from_config(parser, format=("claims.format", "table"))
    parser.set_defaults(func=run)


def _quote(value: str) -> str:
    return f'"{value}"' if " " in value else value


def query_text(args: argparse.Namespace) -> str:
    """The flags as one query in the filter's language, followed by the words given."""
    parts = []
    for flag, name in (
        ("status", "status"),
        ("kind", "kind"),
        ("claimant", "claimant"),
        ("reviewer", "reviewer"),
        ("assigned", "assigned"),
        ("decided_by", "decided-by"),
        ("article", "article"),
    ):
        for value in getattr(args, flag) or []:
            parts.append(f"{name}:{_quote(value)}")
    if args.since:
        parts.append(f"since:{args.since}")
    return " ".join([*parts, *args.query])


def _cell(text: object, width: int) -> str:
    flat = printable(" ".join(str(text or "").split()))
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def run(args: argparse.Namespace) -> int:
    from core.claimquery import claim_kind, parse_query, rank
    from core.config import default_reviewer

    query = parse_query(query_text(args), strict=True, me=default_reviewer())
    from core.desk import desk_exists, open_desk

    path = desk_path(args)
    if not desk_exists(path):
        raise UserError(f"no desk at {path}; import an article first ('claimdesk import FILE')")
    from core.claimquery import STATUSES
    from core.claimselect import CURRENT, assignment_problem, keeps_assignments, select

    # Without a status filter the queue is every claim of the current articles; removed
    # claims (gone from their article) only when a status filter asks for them.
    statuses = STATUSES if query.statuses else CURRENT
    with open_desk(path, readonly=True) as desk:
        problem = assignment_problem(query, desk)
        if problem:
            raise UserError(problem)
        team = keeps_assignments(desk)
        selection = select(desk, query.fields(), statuses)
        claims, assignees = selection.claims, selection.assignees
        if query.text:
            from core.match import ClaimFilter

            index = ClaimFilter(claims.values())
            ranked = rank(query, claims, index.query, assignees)
        else:
            ranked = rank(query, claims, lambda _text: [], assignees)
        titles = {a.id: a.title or a.source for a in desk.articles()}
        chosen = [claims[cid] for cid, _ in ranked]
        if not query.text:
            order = {cid: i for i, cid in enumerate(claims)}
            chosen.sort(key=lambda c: order[c.id])
    out = sys.stdout
    if args.format == "table":
        # A team desk's table says whose article each claim is in; a desk file's has no such column.
        held = f"{'ASSIGNED':<10}  " if team else ""
        out.write(
            f"{'ID':<8}  {'STATUS':<12}  {'KIND':<8}  {'FIGURE':<14}  {'CLAIMANT':<16}  "
            f"{'REVIEWER':<10}  {held}{'ARTICLE':<24}  STATEMENT\n"
        )
        for claim in chosen:
            figure = claim.key_figure.text if claim.key_figure else ""
            held = f"{_cell(assignees.get(claim.article_id), 10):<10}  " if team else ""
            out.write(
                f"{claim.id[:8]:<8}  {_cell(claim.status, 12):<12}  {claim_kind(claim):<8}  "
                f"{_cell(figure, 14):<14}  {_cell(getattr(claim, 'claimant', ''), 16):<16}  "
                f"{_cell(claim.reviewer, 10):<10}  {held}"
                f"{_cell(titles.get(claim.article_id), 24):<24}  {_cell(claim.statement, 70)}\n"
            )
        print(f"{len(chosen)} claim{'' if len(chosen) == 1 else 's'}", file=sys.stderr)
        return 0
    records = []
    for claim in chosen:
        record = claim.to_dict()
        record["article_title"] = titles.get(claim.article_id)
        record["assigned_to"] = assignees.get(claim.article_id)
        records.append(record)
    if args.format == "json":
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0
