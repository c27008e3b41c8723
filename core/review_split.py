"""Splitting a claim in two and merging two neighbours into one.

The extractor draws a claim's bounds from sentences: two checkable statements in one
sentence come out as one claim, and one statement broken over a clause boundary as two.
A split keeps the claim (its id, verdict, notes and sources) for the words before the
cut and makes a new, unreviewed claim of the rest; a merge keeps the first claim and
takes the second's figures, notes and sources into it, and keeps a verdict only when both
had the same (a verdict on half a statement is not one on the whole). Both are one batch
of events, so one undo takes the whole change back and the history of each claim says
what happened to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.desk.codec import claim_to_dict
from core.errors import UserError
from core.model import Claim, Event, Status, now_iso, short_hash


def _clip(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class SplitMerge:
    """``split_claim`` and ``merge_claims`` for :class:`core.review.Review` (which
    supplies the desk, ``batch``, ``_claim``, ``_current``, ``_write`` and ``make_event``)."""

    desk: Any
    reviewer: str
    batch: Callable[..., Any]
    _claim: Callable[[str], Claim]
    _current: Callable[[str], dict | None]
    _write: Callable[[str, dict | None, Event], None]
    make_event: Callable[..., Event]

    def _editable(self, claim: Claim) -> None:
        if claim.status == Status.REMOVED:
            raise UserError(f"claim {claim.id} is no longer in the current version of its article")

    def _save(self, claim: Claim, before: dict | None, action: str, detail: str) -> None:
        at = now_iso()
        claim.updated_at, claim.reviewer = at, self.reviewer
        after = claim_to_dict(claim)
        event = self.make_event(claim.id, claim.article_id, action, before, after, detail, at=at)
        self._write(claim.id, after, event)

    def split_at_figure(self, claim_id: str, figure_text: str) -> tuple[Claim, Claim]:
        """Split before the claim's figure that reads ``figure_text`` (not its first)."""
        claim = self._claim(claim_id)
        wanted = (figure_text or "").strip()
        for figure in claim.figures:
            if figure.text == wanted and figure.start > claim.start:
                return self.split_claim(claim_id, figure.start - claim.start)
        found = ", ".join(repr(f.text) for f in claim.figures[1:]) or "none after the first"
        raise UserError(f"claim {claim.id} has no later figure {wanted!r} (figures: {found})")

    def split_claim(self, claim_id: str, offset: int) -> tuple[Claim, Claim]:
        """Cut the claim ``offset`` characters into its text (as the article has it)."""
        claim = self._claim(claim_id)
        self._editable(claim)
        text = self.desk.article(claim.article_id).text
        cut = claim.start + offset if isinstance(offset, int) else -1
        head, tail = text[claim.start : cut].strip(), text[cut : claim.end].strip()
        if not claim.start < cut < claim.end or not head or not tail:
            length = claim.end - claim.start
            raise UserError(
                f"a split needs words on both sides: give a position between 1 and "
                f"{length - 1} in the claim's {length} characters"
            )
        new_id = short_hash(claim.article_id, "split", claim.id, str(cut))
        if self.desk.has_claim(new_id):
            raise UserError(f"this claim was already split there (claim {new_id})")
        before = self._current(claim.id)
        second = Claim.from_dict(claim_to_dict(claim))
        second.id, second.start, second.statement = new_id, cut, tail
        second.figures = [f for f in claim.figures if f.start >= cut]
        second.status, second.correction = Status.UNREVIEWED.value, None
        second.notes, second.sources, second.flags = [], [], []
        claim.end, claim.statement = cut, head
        claim.figures = [f for f in claim.figures if f.start < cut]
        with self.batch():
            detail = f"split: {_clip(head)} | {_clip(tail)}"
            self._save(claim, before, "split", detail)
            self._save(second, None, "split", f"split from claim {claim.id}: {_clip(tail)}")
        return claim, second

    def merge_claims(self, first_id: str, second_id: str) -> Claim:
        """Make one claim of two neighbours in one article (the earlier one stays)."""
        one, two = sorted((self._claim(first_id), self._claim(second_id)), key=lambda c: c.start)
        if one.id == two.id:
            raise UserError("a merge needs two different claims")
        if one.article_id != two.article_id:
            raise UserError("only claims of one article can be merged")
        self._editable(one)
        self._editable(two)
        between = [
            c.id
            for c in self.desk.claims(one.article_id)
            if c.status != Status.REMOVED
            and c.id not in (one.id, two.id)
            and one.start <= c.start <= two.start
        ]
        if between:
            raise UserError(
                f"claims {one.id} and {two.id} are not neighbours: {len(between)} "
                "claim(s) stand between them; merge neighbours one pair at a time"
            )
        text = self.desk.article(one.article_id).text
        before_one, before_two = self._current(one.id), self._current(two.id)
        merged = Claim.from_dict(claim_to_dict(one))
        merged.start, merged.end = one.start, max(one.end, two.end)
        merged.statement = " ".join(text[merged.start : merged.end].split())
        merged.figures = [*one.figures, *two.figures]
        merged.notes = [*one.notes, *two.notes]
        known = {s.key for s in one.sources}
        merged.sources = [*one.sources, *(s for s in two.sources if s.key not in known)]
        merged.flags = [*one.flags, *(f for f in two.flags if f not in one.flags)]
        if one.status != two.status or one.correction != two.correction:
            merged.status, merged.correction = Status.UNREVIEWED.value, None
        with self.batch():
            self._save(merged, before_one, "merge", f"merged claim {two.id} into it")
            event = self.make_event(
                two.id, two.article_id, "merge", before_two, None, f"merged into claim {one.id}"
            )
            self._write(two.id, None, event)
        return merged
