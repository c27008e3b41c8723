"""Which claims one verdict settles: the claim acted on, and its repeats still in step.

An article often states one figure about one thing several times (headline, lede, a
later paragraph). Decided *together*, a verdict on one of them also settles the repeats
that still stand where it stood (the same status it had before the verdict); a repeat
with a verdict of its own is left as it is, and counted, so the reviewer is told. Decided
*alone*, a verdict settles the one claim. The workbench decides together unless the
reviewer switches (``g``); ``claimdesk set`` decides alone unless given ``--repeats
together``. Both go through :meth:`core.review.Review.settle`, which applies this rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from core.model import Claim, Status

if TYPE_CHECKING:
    from core.desk.api import DeskBackend


class Repeats(StrEnum):
    """How a verdict treats the claim's repeats in the same article."""

    TOGETHER = "together"
    ALONE = "alone"


@dataclass
class Settled:
    """What one decision changed."""

    claims: list[Claim] = field(default_factory=list)
    """The claims as saved: the one acted on first, then its repeats in text order."""
    left: int = 0
    """Repeats left as they were because they have a verdict of their own."""


def settle_targets(
    claim: Claim, repeats: Sequence[Claim], policy: Repeats
) -> tuple[list[str], int]:
    """The ids a verdict on ``claim`` settles (``claim`` first) and how many of its
    ``repeats`` are left out because they already have a verdict of their own."""
    if policy != Repeats.TOGETHER:
        return [claim.id], 0
    others = [other for other in repeats if other.id != claim.id]
    in_step = [other.id for other in others if other.status == claim.status]
    return [claim.id, *in_step], len(others) - len(in_step)


def repeats_on_desk(desk: DeskBackend, claim: Claim) -> list[Claim]:
    """The other claims of the article that repeat ``claim`` (pairwise scoring: the
    workbench finds these in a worker and passes them in; the command line asks here)."""
    from core.match import group_repeats

    listed = [c for c in desk.claims(claim.article_id) if c.status != Status.REMOVED]
    by_id = {c.id: c for c in listed}
    for group in group_repeats(listed):
        if claim.id in group:
            return [by_id[cid] for cid in group if cid != claim.id]
    return []
