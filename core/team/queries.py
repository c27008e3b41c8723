"""A team desk's claim queries: the fields of ``claimdesk claims`` and the queue, in SQL.

The query's fields become one ``WHERE`` (status, article prefix, kind, claimant, and who:
the articles assigned to a reviewer, the claims a reviewer changed last), so a reviewer's
queue reads that queue and never the desk. The assignments table holds one row per
article, so it is read whole and the articles it names are matched in Python; the claims'
own reviewer is matched by the server.

What the server cannot compare exactly the way Python does is left out of the ``WHERE``
rather than guessed: ``since`` (timestamps as written), and case-folding of non-ASCII names
on a server whose locale folds ASCII only. The rows are a superset, and
:func:`core.claimquery.rank` keeps exactly the claims that match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.claimquery import KINDS, ClaimQuery
from core.desk.codec import claim_from_doc
from core.model import Claim

if TYPE_CHECKING:
    from core.team.desk import TeamDesk

_FIGURE_KINDS = frozenset(KINDS) - {"quote"}
_ORDER = "a.ord NULLS LAST, c.article_id, c.start_at, c.end_at, c.id"


def select_claims(
    desk: TeamDesk, query: ClaimQuery, statuses: list[str]
) -> tuple[list[Claim], dict[str, str]]:
    """Claims with ``statuses`` that may match ``query``, in desk order, and the
    assignments (article id → reviewer)."""
    from core.team.desk import like_prefix

    assignees = desk.assignments()
    where = ["c.status = ANY(%s)"]
    params: list[Any] = [sorted(set(statuses) & set(query.statuses or statuses))]
    if query.articles:
        where.append("c.article_id LIKE ANY(%s)")
        params.append([like_prefix(a) for a in query.articles])
    if query.kinds and set(query.kinds) <= _FIGURE_KINDS:
        # A claim without figures is a quote or has a type of its own: Python decides.
        where.append("(c.doc->'figures'->0->>'kind' = ANY(%s) OR c.doc->'figures'->0 IS NULL)")
        params.append(list(query.kinds))
    folds = _server_folds_case(desk)
    if query.claimants and all(folds or c.isascii() for c in query.claimants):
        where.append("lower(c.doc->>'claimant') LIKE ANY(%s)")
        params.append(["%" + _escape(c) + "%" for c in query.claimants])
    if query.assigned or query.unassigned:
        held = [aid for aid, who in assignees.items() if who.lower() in query.assigned]
        if query.unassigned:
            where.append("(c.article_id = ANY(%s) OR NOT c.article_id = ANY(%s))")
            params += [held, list(assignees)]
        else:
            where.append("c.article_id = ANY(%s)")
            params.append(held)
    if query.decided_by and all(folds or name.isascii() for name in query.decided_by):
        where.append("lower(c.reviewer) = ANY(%s)")
        params.append(list(query.decided_by))
    if query.reviewers and all(folds or name.isascii() for name in query.reviewers):
        held = [aid for aid, who in assignees.items() if who.lower() in query.reviewers]
        where.append("(c.article_id = ANY(%s) OR lower(c.reviewer) = ANY(%s))")
        params += [held, list(query.reviewers)]
    sql = (
        "SELECT c.doc FROM claims c LEFT JOIN "
        "(SELECT id, min(ord) AS ord FROM articles GROUP BY id) a ON a.id = c.article_id "
        f"WHERE {' AND '.join(where)} ORDER BY {_ORDER}"
    )
    return [claim_from_doc(doc) for (doc,) in desk._stream(sql, params)], assignees


def _server_folds_case(desk: TeamDesk) -> bool:
    """Whether the server's ``lower()`` folds non-ASCII letters as Python does (a database
    made with ``--locale=C`` folds ASCII only)."""
    if desk.folds_case is None:
        row = desk._one("SELECT lower('ÅÉΣ') = 'åéσ'")
        desk.folds_case = bool(row and row[0])
    return desk.folds_case


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
