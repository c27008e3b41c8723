"""The claims a query's fields can select, read the way each desk reads best.

A desk file holds its claims in memory: every current claim is a candidate, as it always
was. A team desk is asked by SQL (:mod:`core.team.queries`), so a reviewer's queue on a
desk of 100,000 claims reads that queue, not the desk. Either way the candidates come
with who each article is assigned to, and :func:`core.claimquery.rank` has the last word
on every field, so both desks answer a query alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from core.claimquery import ClaimQuery
from core.desk.api import DeskBackend
from core.model import Claim, Status

CURRENT = tuple(s.value for s in Status if s != Status.REMOVED)
"""The claims of the articles as they now read: every status but ``removed``."""


@dataclass
class Selection:
    """Candidate claims (desk order: articles in import order, claims in text order)."""

    claims: dict[str, Claim]
    assignees: dict[str, str] = field(default_factory=dict)
    """Article id → the reviewer it is assigned to (a team desk's; a file has none)."""


def keeps_assignments(desk: DeskBackend) -> bool:
    """Whether articles on this desk can be assigned (a team desk)."""
    return callable(getattr(desk, "assignments", None))


def assignee_of(desk: DeskBackend, article_id: str) -> str | None:
    """Who the article is assigned to (``None``: nobody, or a desk file)."""
    if not keeps_assignments(desk):
        return None
    return desk.assignments().get(article_id)  # type: ignore[attr-defined]


def assignment_problem(query: ClaimQuery, desk: DeskBackend) -> str | None:
    """What is wrong with asking ``assigned:`` of a desk that assigns nothing."""
    if query.asks_only_assignment and not keeps_assignments(desk):
        return (
            "assigned: needs a team desk; nothing on a desk file is assigned "
            "(reviewer: and decided-by: find what a reviewer did)"
        )
    return None


def select(desk: DeskBackend, query: ClaimQuery, statuses: Iterable[str]) -> Selection:
    """The claims with ``statuses`` that may satisfy ``query``'s fields (a superset:
    rank the result with the assignees to keep exactly those that do)."""
    finder = getattr(desk, "select_claims", None)
    if finder is not None:
        claims, assignees = finder(query, list(statuses))
        return Selection({c.id: c for c in claims}, assignees)
    return Selection({c.id: c for c in desk.iter_claims(statuses=statuses)})
