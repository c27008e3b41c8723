"""How far the review of an article has got: the one count behind "7 of 12 reviewed".

The review screen's title, the article list's bars and ``claimdesk status`` all show this
figure; counting it in one place keeps them from disagreeing about what "reviewed" means
(every status a reviewer set, ``needs_source`` and ``dismissed`` included; claims a
re-import removed are not counted at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.model import DECIDED_STATUSES, Claim, Status

_DECIDED = frozenset(s.value for s in DECIDED_STATUSES)


@dataclass(frozen=True)
class Progress:
    """Claims a reviewer has decided (``done``) out of those in the article (``total``)."""

    done: int
    total: int

    def __str__(self) -> str:
        return f"{self.done}/{self.total}"


def progress_of_counts(counts: Mapping[str, int]) -> Progress:
    """Progress from claims counted by status (as ``Desk.progress`` counts them)."""
    total = sum(n for status, n in counts.items() if status != Status.REMOVED)
    done = sum(n for status, n in counts.items() if status in _DECIDED)
    return Progress(done=done, total=total)


def progress_of_claims(claims: Iterable[Claim]) -> Progress:
    """Progress over claims in hand (the review screen has them loaded already)."""
    counts: dict[str, int] = {}
    for claim in claims:
        counts[claim.status] = counts.get(claim.status, 0) + 1
    return progress_of_counts(counts)
