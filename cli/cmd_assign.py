"""``claimdesk assign ARTICLE --to REVIEWER``: give an article to a reviewer of a team desk."""

from __future__ import annotations

import argparse

from cli.common import add_desk_argument, add_reviewer_argument, desk_path, printable, reviewer


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assign",
        help="give an article to a reviewer (team desk)",
        description=(
            "Assign an article of a team desk (postgresql://…) to a reviewer; the workbench's "
            "article list shows who has which article."
        ),
    )
    parser.add_argument("article", metavar="ARTICLE", help="article id or a unique prefix of it")
    parser.add_argument("--to", required=True, metavar="REVIEWER", help="who reviews it")
    add_desk_argument(parser)
    add_reviewer_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from core.desk import describe, open_desk
    from core.errors import UserError

    location = desk_path(args)
    with open_desk(location) as desk:
        assign = getattr(desk, "assign", None)
        if assign is None:
            raise UserError(
                f"desk {describe(location)} is a desk file, kept by one reviewer; assigning "
                "articles needs a team desk (--desk postgresql://user@host:port/db)"
            )
        article = assign(args.article, args.to, reviewer(args))
    title = article.title or article.source
    print(printable(f"article {article.id} ({title[:60]}) assigned to {args.to.strip()}"))
    return 0
