"""The reviewer's answer to "who said it": setting or clearing a claim's claimant.

The extractor names a claimant where the text says so; it can be wrong (a pronoun
resolved to the wrong person, a description where a name was wanted) or silent. A
correction is an ordinary review change: an event with the claim before and after, in
history, undone by ``undo`` like any other. Kept apart from ``core.review`` so that module
does not grow; :class:`core.review.Review` takes these methods in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.claimants import clean_claimant
from core.errors import UserError
from core.model import Claim

ACTION = "claimant"
"""The event action of a claimant change."""
MAX_CLAIMANT = 200
"""Longest claimant name accepted: a name, not a paragraph pasted by mistake."""


class ClaimantEdits:
    """``set_claimant`` for :class:`core.review.Review` (which supplies ``_change``)."""

    _change: Callable[[str, str, Callable[[Claim], str]], Claim]

    def set_claimant(self, claim_id: str, name: str | None) -> Claim:
        """Name who made the claim; ``None`` or blank clears it (the article asserts it)."""
        wanted = clean_claimant(name)
        if wanted is not None and len(wanted) > MAX_CLAIMANT:
            raise UserError(f"a claimant is a name: at most {MAX_CLAIMANT} characters")
        if wanted is not None and not wanted.isprintable():
            raise UserError("a claimant cannot hold control characters")

        def edit(claim: Claim) -> str:
            old = claim.claimant
            claim.claimant = wanted
            return f"{old or 'none'} → {wanted or 'none'}"

        return self._change(claim_id, ACTION, edit)


def claimant_set_by_hand(desk: Any, claim_id: str) -> bool:
    """Whether a reviewer ever set this claim's claimant (a re-import then keeps it)."""
    return any(e.get("action") == ACTION for e in desk.iter_event_dicts(claim_id))
