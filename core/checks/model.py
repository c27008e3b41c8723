"""A known fact-check: what someone (another newsroom, or this desk) has already checked.

Kept apart from :mod:`core.model` because checks come from outside the desk's own review
flow: they are imported from published ClaimReview feeds and never edited by a reviewer.
The url is the identity: importing the same feed again updates a check in place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class CheckRating:
    """The verdict as the publisher wrote it (``reviewRating`` in ClaimReview)."""

    name: str = ""  # alternateName: "False", "Misleading", "Four Pinocchios"
    value: float | int | None = None
    best: float | int | None = None
    worst: float | int | None = None


@dataclass
class Check:
    url: str
    claim_reviewed: str
    rating: CheckRating = field(default_factory=CheckRating)
    publisher: str = ""
    date_published: str | None = None
    claimant: str | None = None
    appearances: list[str] = field(default_factory=list)
    language: str | None = None
    name: str = ""  # the review's headline, often the clearest wording of the claim
    origin: str = "import"  # "import" (a feed) or "desk" (this desk's own verdict)

    def to_dict(self) -> dict[str, Any]:
        # By hand, not dataclasses.asdict: its deep copies were a fifth of a big import.
        r = self.rating
        return {
            "url": self.url,
            "claim_reviewed": self.claim_reviewed,
            "rating": {"name": r.name, "value": r.value, "best": r.best, "worst": r.worst},
            "publisher": self.publisher,
            "date_published": self.date_published,
            "claimant": self.claimant,
            "appearances": list(self.appearances),
            "language": self.language,
            "name": self.name,
            "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Check:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in doc.items() if k in known}
        rating = kwargs.get("rating") or {}
        kwargs["rating"] = CheckRating(
            **{k: v for k, v in rating.items() if k in CheckRating.__dataclass_fields__}
        )
        kwargs["appearances"] = list(kwargs.get("appearances") or [])
        return cls(**kwargs)

    @property
    def text(self) -> str:
        """What the search reads: the headline and the claim, each once."""
        if self.name and self.name.strip().lower() != self.claim_reviewed.strip().lower():
            return f"{self.name}\n{self.claim_reviewed}"
        return self.claim_reviewed


def rating_label(rating: dict[str, Any] | CheckRating | None) -> str:
    """One short label for a rating: its name, else ``value/best``."""
    if rating is None:
        return ""
    if isinstance(rating, CheckRating):
        rating = asdict(rating)
    name = str(rating.get("name") or "").strip()
    if name:
        return name
    value, best = rating.get("value"), rating.get("best")
    if value is None:
        return ""
    return f"{value}/{best}" if best is not None else str(value)
