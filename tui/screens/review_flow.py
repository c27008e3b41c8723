"""The review screen's keys for moving on: to the next or previous article, past a claim
left for later, to the detail pane on a narrow terminal.

Split from :mod:`tui.screens.review` (which declares the keys, in ``FLOW_BINDINGS``, so
the help screen and ``[keys]`` remapping see them as the screen's own);
:class:`~tui.screens.review.ReviewScreen` is the only subclass, and what these methods
call on ``self`` (``list``, ``require_claim``, ``_on_cursor``…) is defined there.
"""

from __future__ import annotations

from textual.binding import Binding

from core.model import Status
from tui.display import key_figure_text
from tui.screens.review_actions import ReviewActions
from tui.widgets.claims_table import ClaimsTable

FLOW_BINDINGS = [
    Binding(
        "right_square_bracket", "article(1)", "Next article", show=False, id="review.next_article"
    ),
    Binding(
        "left_square_bracket",
        "article(-1)",
        "Previous article",
        show=False,
        id="review.previous_article",
    ),
    Binding("l", "skip", "Later: skip to the next unreviewed claim", show=False, id="review.skip"),
    Binding("z", "toggle_detail", "Detail pane: show / hide", show=False, id="review.detail"),
]
"""Declared here, listed in ``ReviewScreen.BINDINGS``."""


class ReviewFlow(ReviewActions):  # for the names ReviewScreen gives these methods
    """Next / previous article, skip, the detail pane (see the module docstring)."""

    def action_article(self, step: int) -> None:
        """The next (``1``) or previous (``-1``) article, in the article list's order."""
        self.cd_app.open_neighbour(self.article.id, step)

    def action_skip(self) -> None:
        """Leave the claim as it is and go on; "next unreviewed" passes it by from now on,
        in every article, until the workbench closes."""
        claim = self.require_claim()
        if claim is None:
            return
        skipped = self.cd_app.skipped
        skipped.add(claim.id)
        table = self.query_one(ClaimsTable)
        nxt = self.list.next_unreviewed(claim.id, table.row_ids(), skipped)
        figure = key_figure_text(claim) or "claim"
        if nxt is None:
            left = sum(
                1
                for cid in table.row_ids()
                if cid in skipped and self.claims[cid].status == Status.UNREVIEWED
            )
            self.notify(
                f"Skipped {figure}. No other unreviewed claim here: {left} skipped left.",
                timeout=3,
                markup=False,
            )
            return
        table.move_to(nxt)
        self._on_cursor(nxt)
        self.notify(f"Skipped {figure}: left unreviewed for later.", timeout=2, markup=False)

    def action_toggle_detail(self) -> None:
        """On a narrow terminal the detail takes the article's place (and back); on a wide
        one it folds away to give the list its height."""
        if self.has_class("narrow"):
            self.toggle_class("-detail")
        else:
            self.toggle_class("-no-detail")
