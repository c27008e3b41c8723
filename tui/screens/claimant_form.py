"""The "by whom" form: the reviewer names or clears a claim's claimant.

``b`` ("by whom") on the review screen opens it with the claimant as extracted (or as last set) in
the field; saving an empty field clears it (the article itself asserts the claim).
Saving goes through ``core.review`` like every other change, so it lands in the claim's
history and ``u`` takes it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input, Label

from core.errors import DeskError, UserError
from core.model import Claim
from tui.screens.forms import FormScreen, claim_summary

if TYPE_CHECKING:
    from tui.screens.review_actions import ReviewActions


@dataclass(frozen=True)
class ClaimantValue:
    """What the form returns: the new name, ``None`` to clear it."""

    name: str | None


class ClaimantForm(FormScreen[ClaimantValue]):
    """Who made the claim: a person or an organisation, as a fact-check would name them."""

    TITLE_TEXT = "Who said it"

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim

    def compose_fields(self) -> ComposeResult:
        yield claim_summary(self.claim)
        yield Label("Claimant (empty: the article itself asserts it)")
        yield Input(
            value=self.claim.claimant or "",
            placeholder="e.g. the health ministry, Donald Trump",
            id="claimant",
        )

    def result(self) -> ClaimantValue:
        name = " ".join(self.query_one("#claimant", Input).value.split())
        return ClaimantValue(name or None)


def edit_claimant(screen: ReviewActions) -> None:
    """Open the form for the claim under the cursor and save what the reviewer gives."""
    claim = screen.require_claim()
    if claim is None:
        return

    def done(value: ClaimantValue | None) -> None:
        if value is None or value.name == claim.claimant:
            return
        try:
            saved = screen.cd_app.review.set_claimant(claim.id, value.name)
        except (UserError, DeskError, OSError) as exc:
            screen.notify(f"Not saved: {exc}", severity="error", markup=False)
            return
        screen.apply(saved)
        who = saved.claimant or "none (the article)"
        screen.notify(f"Claimant: {who}", markup=False)

    screen.app.push_screen(ClaimantForm(claim), done)


__all__ = ["ClaimantForm", "ClaimantValue", "edit_claimant"]
