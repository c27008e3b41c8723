"""The review screen's list of claims as plain state, without Textual.

What the list holds (the article's claims), in which order (position in the text or
check-worthiness), what the filter keeps, which claims repeat one another, where the cursor
is and where it goes after a decision: all of it lives here, so tests can drive the rules
of the list directly, and the screen only paints what this says.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from core.model import Claim, Status
from core.progress import Progress, progress_of_claims

if TYPE_CHECKING:
    from core.match import ClaimFilter


def substring_filter(claims: Iterable[Claim], query: str) -> list[tuple[str, float]]:
    """Fallback filter: claims whose statement or figures contain ``query``."""
    needle = query.lower().strip()
    found = []
    for claim in claims:
        figures = " ".join(f.text for f in claim.figures).lower()
        if needle in figures:
            found.append((claim.id, 100.0))
        elif needle in claim.statement.lower():
            found.append((claim.id, 50.0))
    found.sort(key=lambda item: -item[1])
    return found


def searchable(claim: Claim) -> tuple:
    """What the palette's claim search reads of a claim (a verdict alone changes none)."""
    return (claim.statement, claim.figures, claim.notes, claim.sources, claim.correction)


def position(claim: Claim) -> tuple[int, int, str]:
    """Text order: by statement, then by key figure (two claims can share a sentence)."""
    figure = claim.key_figure
    return (claim.start, figure.start if figure else claim.end, claim.id)


class Change(Enum):
    """What :meth:`ClaimList.apply` did with a claim the desk has just saved."""

    ADDED = "added"  # a claim the list did not have: the rows are laid out again
    UPDATED = "updated"  # one row repaints
    GONE = "gone"  # removed by a re-import, or moved to another article
    NONE = "none"  # gone, and the list never had it


@dataclass(frozen=True)
class Applied:
    """The outcome of :meth:`ClaimList.apply`."""

    change: Change
    text_changed: bool = False
    """What the claim says changed (not only its verdict): the desk search is behind."""
    regroup: bool = False
    """The groups of repeats may have changed: find them again."""


class ClaimList:
    """One article's claims as the review screen lists them."""

    article_id: str
    claims: dict[str, Claim]
    by_checkworthiness: bool = False
    query: str = ""
    cursor: str | None = None
    """The claim the article and the detail pane show (``None``: nothing selected)."""
    me: str = ""
    """The reviewer filtering (``reviewer:me``)."""
    assignee: str | None = None
    """Who the article is assigned to, for ``reviewer:`` and ``assigned:``."""

    def __init__(self, article_id: str, claims: Iterable[Claim] = ()) -> None:
        self.article_id = article_id
        self.claims = {}
        self.by_checkworthiness = False
        self.query = ""
        self.cursor = None
        self.me = ""
        self.assignee = None
        self._groups: dict[str, list[str]] = {}
        self._filter: ClaimFilter | None = None
        self.load(claims)

    # -- contents ----------------------------------------------------------------------

    def load(self, claims: Iterable[Claim]) -> None:
        """Replace the list's claims (claims a re-import removed are not listed)."""
        self.claims = {c.id: c for c in claims if c.status != Status.REMOVED}
        self._filter = None

    def apply(self, claim: Claim) -> Applied:
        """Take in a claim as the desk now has it."""
        if claim.status == Status.REMOVED or claim.article_id != self.article_id:
            return self.forget(claim.id)
        old = self.claims.get(claim.id)
        self.claims[claim.id] = claim
        self._filter = None
        if old is None:
            return Applied(Change.ADDED, text_changed=True, regroup=True)
        return Applied(Change.UPDATED, text_changed=searchable(old) != searchable(claim))

    def forget(self, claim_id: str) -> Applied:
        """Drop a claim (undone, or removed by a re-import)."""
        if self.claims.pop(claim_id, None) is None:
            return Applied(Change.NONE)
        self._filter = None
        return Applied(Change.GONE, text_changed=True, regroup=claim_id in self._groups)

    def get(self, claim_id: str | None) -> Claim | None:
        return self.claims.get(claim_id) if claim_id else None

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self.claims

    def __len__(self) -> int:
        return len(self.claims)

    def progress(self) -> Progress:
        return progress_of_claims(self.claims.values())

    # -- order and filter --------------------------------------------------------------

    def ordered(self) -> list[Claim]:
        """Every claim, in the list's order."""
        claims = list(self.claims.values())
        if self.by_checkworthiness:
            claims.sort(key=lambda c: (-c.checkworthiness, position(c)))
        else:
            claims.sort(key=position)
        return claims

    def ranking(self, query: str | None = None) -> list[tuple[str, float]]:
        """The filter's matches for ``query`` (the list's own by default), best first."""
        from core.claimquery import parse_query, rank

        query = self.query if query is None else query
        if not query.strip():
            return []
        claims = list(self.claims.values())
        # Fields (``status:needs_source``, ``kind:money``…) narrow; the text ranks.
        parsed = parse_query(query, me=self.me)
        held = {self.article_id: self.assignee} if self.assignee else {}
        try:
            from core.match import ClaimFilter
        except ImportError:
            return rank(parsed, self.claims, lambda q: substring_filter(claims, q), held)
        if self._filter is None:
            self._filter = ClaimFilter(claims)
        return rank(parsed, self.claims, self._filter.query, held)

    def visible(self) -> tuple[list[Claim], list[tuple[str, float]]]:
        """The rows to show (order, then filter) and the filter's ranking (empty when
        there is no filter)."""
        ordered = self.ordered()
        ranking = self.ranking()
        if self.query.strip():
            wanted = {cid for cid, _ in ranking}
            ordered = [c for c in ordered if c.id in wanted]
        return ordered, ranking

    # -- cursor ------------------------------------------------------------------------

    def next_unreviewed(
        self,
        after: str | None,
        rows: Sequence[str] | None = None,
        skipped: Collection[str] = (),
    ) -> str | None:
        """The next unreviewed claim after ``after`` among ``rows`` (the rows shown; every
        claim when none are), wrapping round; ``None`` when every one has a verdict.
        Claims in ``skipped`` (left for later) are passed by."""
        ids = list(rows) if rows else [c.id for c in self.ordered()]
        start = ids.index(after) + 1 if after in ids else 0
        for cid in ids[start:] + ids[:start]:
            if cid == after or cid in skipped:
                continue
            if self.claims[cid].status == Status.UNREVIEWED:
                return cid
        return None

    def first_cursor(
        self,
        wanted: str | None,
        rows: Sequence[str] | None = None,
        skipped: Collection[str] = (),
    ) -> str | None:
        """Where the cursor starts: on ``wanted`` when listed, else the first unreviewed
        one not skipped."""
        if wanted in self.claims:
            return wanted
        return self.next_unreviewed(None, rows, skipped)

    def move(self, claim_id: str | None) -> bool:
        """Record the cursor's claim; ``False`` when it already was there."""
        if claim_id == self.cursor:
            return False
        self.cursor = claim_id
        return True

    @property
    def current(self) -> Claim | None:
        return self.get(self.cursor)

    # -- repeats -----------------------------------------------------------------------

    def set_groups(self, groups: Iterable[Sequence[str]]) -> dict[str, int]:
        """Take the groups of repeats; returns each grouped claim's group size."""
        self._groups = {cid: list(group) for group in groups for cid in group}
        return {cid: len(group) for cid, group in self._groups.items()}

    def repeats_of(self, claim: Claim) -> list[Claim]:
        """The other claims of ``claim``'s group of repeats, in text order."""
        group = self._groups.get(claim.id, [])
        return [self.claims[cid] for cid in group if cid != claim.id and cid in self.claims]
