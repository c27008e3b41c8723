"""``claimdesk set`` flags that edit a claim and what a reviewer wrote about it.

A claim's own record: ``--edit-statement`` rewords it, ``--figure-value``,
``--figure-kind`` and ``--figure-unit`` set its key figure (the claimant has
``--claimant``). These correct what the article says, not whether it is right (that is
``--status corrected --value``).

Notes are named by number (1 is the oldest, as ``claimdesk history`` and the workbench
list them); sources by their URL, or by their title for a document without one. An edit
names the entry, then gives only the fields that change: ``--edit-source URL
--source-url NEW`` keeps the title, note and access date. ``--split-at N`` (characters
into the claim's text) or ``--split-at-figure TEXT`` cuts a claim in two; ``--merge-with
ID`` joins it with a neighbour. Everything one ``set`` does is one batch, so one ``undo``
takes it all back.
"""

from __future__ import annotations

import argparse
from typing import Any

from cli.common import printable
from core.errors import UserError
from core.model import Claim


def _note_number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a note number such as 1 (got {text!r})") from None
    return number


def add_edit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--edit-note",
        nargs=2,
        metavar=("N", "TEXT"),
        help="replace the text of note N (1 is the oldest); TEXT may span lines",
    )
    parser.add_argument("--remove-note", type=_note_number, metavar="N", help="remove note N")
    parser.add_argument(
        "--edit-source",
        metavar="URL|TITLE",
        help="change the source with this URL (or this title, for a document without one): "
        "give --source-url, --source-title, --source-note and/or --accessed",
    )
    parser.add_argument(
        "--source-url",
        metavar="URL",
        default=None,
        help="with --edit-source: the new http(s) URL ('' for a document without one)",
    )
    parser.add_argument(
        "--accessed",
        metavar="YYYY-MM-DD",
        default=None,
        help="the date the source was read (with --source or --edit-source)",
    )
    parser.add_argument(
        "--remove-source", metavar="URL|TITLE", help="remove the source with this URL or title"
    )
    cut = parser.add_mutually_exclusive_group()
    cut.add_argument(
        "--split-at",
        type=int,
        metavar="N",
        help="split the claim N characters into its text: the rest becomes a new claim",
    )
    cut.add_argument(
        "--split-at-figure",
        metavar="TEXT",
        help="split the claim before its figure that reads TEXT (as in the article)",
    )
    cut.add_argument(
        "--merge-with",
        metavar="CLAIM_ID",
        help="merge the claim with its neighbour CLAIM_ID (one article, nothing between)",
    )
    parser.add_argument(
        "--edit-statement", metavar="TEXT", help="reword the claim's statement (not a verdict)"
    )
    parser.add_argument(
        "--figure-value", metavar="V", help="the key figure's value as the article states it"
    )
    parser.add_argument(
        "--figure-kind", metavar="KIND", help="the key figure's kind (count, percent, money, …)"
    )
    parser.add_argument(
        "--figure-unit", metavar="U", help="the key figure's unit or currency ('' clears it)"
    )


def edits_requested(args: argparse.Namespace) -> bool:
    return any(
        getattr(args, name) is not None
        for name in (
            "edit_note",
            "remove_note",
            "edit_source",
            "remove_source",
            "edit_statement",
            "figure_value",
            "figure_kind",
            "figure_unit",
            "split_at",
            "split_at_figure",
            "merge_with",
        )
    )


def check_edit_arguments(args: argparse.Namespace) -> None:
    """Refuse flag combinations that say nothing, before the desk is opened."""
    if args.source_url is not None and args.edit_source is None:
        raise UserError("--source-url goes with --edit-source URL|TITLE (a new source: --source)")
    if args.accessed is not None and not (
        args.source or args.source_title or args.edit_source is not None
    ):
        raise UserError(
            "--accessed goes with --source URL, --source-title or --edit-source URL|TITLE"
        )
    fields = (args.source_url, args.source_title, args.source_note, args.accessed)
    if args.edit_source is not None and all(f is None for f in fields):
        raise UserError(
            "--edit-source needs what changes: --source-url, --source-title, --source-note "
            "or --accessed"
        )
    if args.edit_source is not None and args.source:
        raise UserError("give --source (add) or --edit-source (change), not both")
    if args.edit_note is not None:
        _note_number_or_error(args.edit_note[0])


def _note_number_or_error(text: str) -> int:
    try:
        return _note_number(text)
    except argparse.ArgumentTypeError as exc:
        raise UserError(f"--edit-note N TEXT: {exc}") from None


def apply_edits(review: Any, claim_id: str, args: argparse.Namespace) -> Claim | None:
    """Make the edits asked for (inside the caller's batch); the claim after the last."""
    claim = None
    if args.edit_note is not None:
        number, text = args.edit_note
        claim = review.edit_note(claim_id, _note_number_or_error(number), text)
    if args.remove_note is not None:
        claim = review.remove_note(claim_id, args.remove_note)
    if args.edit_source is not None:
        claim = review.edit_source(
            claim_id,
            args.edit_source,
            url=args.source_url,
            title=args.source_title,
            note=args.source_note,
            accessed=args.accessed,
        )
    if args.remove_source is not None:
        claim = review.remove_source(claim_id, args.remove_source)
    if args.edit_statement is not None:
        claim = review.edit_statement(claim_id, args.edit_statement)
    figure = (args.figure_value, args.figure_kind, args.figure_unit)
    if any(part is not None for part in figure):
        claim = review.edit_figure(
            claim_id, value=args.figure_value, kind=args.figure_kind, unit=args.figure_unit
        )
    return _cut(review, claim_id, args) or claim


def _cut(review: Any, claim_id: str, args: argparse.Namespace) -> Claim | None:
    """A split or a merge, last: the claim it leaves is what ``set`` prints."""
    if args.merge_with is not None:
        other = review.desk.resolve_claim_id(args.merge_with)
        merged = review.merge_claims(claim_id, other)
        print(printable(f"merged claim {other} into {merged.id}"))
        return merged
    if args.split_at is None and args.split_at_figure is None:
        return None
    if args.split_at_figure is not None:
        head, tail = review.split_at_figure(claim_id, args.split_at_figure)
    else:
        head, tail = review.split_claim(claim_id, args.split_at)
    print(printable(f"split off claim {tail.id}: {tail.statement[:70]}"))
    return head
