"""``claimdesk set CLAIM_ID ...``: a reviewer's change to one claim, from the shell.

The same changes the workbench makes (verdicts, notes, sources, the claimant, edits,
split and merge), through ``core.review``, so both behave alike; everything one ``set``
changes is one undo step. Kept apart from :mod:`cli.cmd_desk`, which registers it.
"""

from __future__ import annotations

import argparse
from typing import Any

from cli.cmd_desk import STATUS_CHOICES, claim_line, open_desk
from cli.common import add_desk_argument, add_reviewer_argument, reviewer
from cli.set_edits import add_edit_arguments, apply_edits, check_edit_arguments, edits_requested
from core.errors import UserError
from core.model import Claim, Status


def register_set(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "set",
        help="record a verdict, note or source on a claim",
        description=(
            "Change a claim as a reviewer would in the workbench. --status corrected needs "
            "--value and/or --statement (the right figure or wording)."
        ),
    )
    parser.add_argument("claim_id", metavar="CLAIM_ID", help="claim id or a unique prefix of it")
    parser.add_argument(
        "--status",
        choices=STATUS_CHOICES,
        metavar="STATUS",
        help="one of: " + ", ".join(STATUS_CHOICES),
    )
    parser.add_argument("--note", metavar="TEXT", help="a note to add")
    parser.add_argument("--source", metavar="URL", help="a source to attach (http or https)")
    parser.add_argument(
        "--source-title",
        metavar="T",
        default=None,
        help="the source's title; alone, a document without a URL",
    )
    parser.add_argument("--source-note", metavar="TEXT", default=None, help="a note on the source")
    parser.add_argument("--value", metavar="VALUE", default="", help="the right value (corrected)")
    parser.add_argument(
        "--statement", metavar="TEXT", default="", help="the right wording (corrected)"
    )
    parser.add_argument(
        "--repeats",
        choices=["alone", "together"],
        default="alone",
        help=(
            "together: the verdict also settles the claim's repeats in its article (the "
            "same figure about the same thing) that stand where it stood, as the workbench "
            "does; alone (default): this claim only"
        ),
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument(
        "--claimant", metavar="NAME", default=None, help="who made the claim (a person or body)"
    )
    who.add_argument(
        "--no-claimant",
        action="store_true",
        help="clear the claimant: the article itself asserts the claim",
    )
    add_edit_arguments(parser)
    add_desk_argument(parser)
    add_reviewer_argument(parser)
    parser.set_defaults(func=run_set)


def run_set(args: argparse.Namespace) -> int:
    check_edit_arguments(args)
    adds_source = bool(args.source or args.source_title) and args.edit_source is None
    if args.source_note is not None and not (adds_source or args.edit_source is not None):
        raise UserError(
            "--source-note goes with --source URL, --source-title for a document, or --edit-source"
        )
    if args.status == Status.CORRECTED and not (args.value.strip() or args.statement.strip()):
        raise UserError("--status corrected needs --value VALUE or --statement TEXT")
    if (args.value or args.statement) and args.status != Status.CORRECTED:
        raise UserError("--value and --statement go with --status corrected")
    if args.claimant is not None and not args.claimant.strip():
        raise UserError("--claimant needs a name; --no-claimant clears it")
    changes_claimant = args.claimant is not None or args.no_claimant
    if not (args.status or args.note or adds_source or changes_claimant or edits_requested(args)):
        raise UserError(
            "nothing to set: give --status, --note, --source or --claimant, or an edit "
            "(--edit-note, --remove-note, --edit-source, --remove-source, --edit-statement, "
            "--figure-value, --figure-kind, --figure-unit)"
        )
    from core.repeats import Repeats
    from core.review import Review

    with open_desk(args) as desk:
        review = Review(desk, reviewer(args))
        claim_id = desk.resolve_claim_id(args.claim_id)
        claim = None
        repeats: list[Claim] = []
        left = 0
        note = args.note
        # One command, one decision: undo takes all of it back, not just its last part.
        with review.batch():
            if args.status:
                settled = review.settle(
                    claim_id, _verdict(review, args, claim_id), Repeats(args.repeats)
                )
                claim, repeats, left = settled.claims[0], settled.claims[1:], settled.left
                note = None
            if note:
                claim = review.add_note(claim_id, note)
            if adds_source:
                claim = review.add_source(
                    claim_id,
                    args.source or "",
                    title=args.source_title or "",
                    note=args.source_note or "",
                    accessed=args.accessed or "",
                )
            if changes_claimant:
                claim = review.set_claimant(claim_id, None if args.no_claimant else args.claimant)
            claim = apply_edits(review, claim_id, args) or claim
        assert claim is not None
        print(claim_line(claim))
        for other in repeats:
            print(claim_line(other) + "  (repeat, settled with it)")
        if left:
            print(f"left as is: {left} repeat{'s' if left > 1 else ''} with a verdict of its own")
    return 0


def _verdict(review: Any, args: argparse.Namespace, first: str) -> Any:
    """The verdict ``set`` records, as a change to one claim id (the note goes with the
    claim named, not with its repeats)."""

    def change(claim_id: str) -> Claim:
        note = args.note if claim_id == first else None
        if args.status == Status.CORRECTED:
            return review.correct(
                claim_id, value=args.value, statement=args.statement, note=note or ""
            )
        return review.set_status(claim_id, args.status, note=note)

    return change
