""" "Checked before" follows the cursor once it rests, not on every key.

The panel's search (BM25 plus sentence vectors, in a thread) costs far more than moving
the cursor, and on a verdict the desk changed, so the search of the desk's own verdicts
is rebuilt as well. Run on each key, that work competed with the keys themselves: holding
``j`` down an article of 1,000 claims made every step wait for it. So the review screen
asks the panel to follow a claim only once the cursor has stayed on it for
``CHECKS_DELAY`` seconds; a burst of keys searches once, for the claim it ends on.

Meanwhile the panel never shows the checks of a claim the cursor has left: a panel that is
showing something, or still searching, is cleared at the first key. ``K`` asks for the
claim under the cursor at once, so it never applies another claim's check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.worker import Worker, WorkerState

from tui import heap
from tui.screens.review_actions import ReviewActions
from tui.widgets.checked_before import CheckedBefore, apply_first

if TYPE_CHECKING:
    from textual.timer import Timer

    from core.model import Claim

CHECKS_DELAY = 0.3
"""Seconds the cursor rests on a claim before "Checked before" looks it up (a typist's
key repeat is faster than this, a reader's pause longer). Tests set it to 0: the panel
then follows at once, as it did before there was a delay."""


class ReviewChecks(ReviewActions):  # ReviewScreen is the only subclass
    """When the "Checked before" panel follows the cursor (see the module docstring)."""

    _checks_timer: Timer | None = None
    _checks_asked: bool = False  # the panel was asked for a claim since it was last cleared
    _checks_opened: bool = False  # the panel's first search is done (its model loaded)

    def checks_later(self, claim: Claim | None) -> None:
        """The cursor moved to ``claim``: the panel follows it once the cursor rests."""
        panel = self.query_one(CheckedBefore)
        if self._checks_timer is not None:
            self._checks_timer.stop()
            self._checks_timer = None
        if not CHECKS_DELAY:
            self._follow(panel, claim)
            return
        if self._checks_asked and (panel.display or self._checks_searching(panel)):
            # Nothing of the claim left behind may show, nor arrive later and show.
            panel.follow(None)
            self._checks_asked = False
        self._checks_timer = self.set_timer(CHECKS_DELAY, self.checks_now)

    def checks_first(self) -> None:
        """The claims are listed: the reviewer rests on the first one. Look it up (and open
        the search, which loads its model the first time) as soon as the list is painted."""
        if CHECKS_DELAY:
            self.call_after_refresh(self.checks_now)

    def checks_now(self) -> None:
        """The panel follows the claim under the cursor now (the cursor rested, or ``K``)."""
        if self._checks_timer is not None:
            self._checks_timer.stop()
            self._checks_timer = None
        self._follow(self.query_one(CheckedBefore), self.current_claim)

    @property
    def checks_pending(self) -> bool:
        """The cursor moved and the panel has not been asked for its claim yet."""
        return self._checks_timer is not None

    def _follow(self, panel: CheckedBefore, claim: Claim | None) -> None:
        panel.follow(claim)
        self._checks_asked = claim is not None

    def _checks_searching(self, panel: CheckedBefore) -> bool:
        return any(worker.node is panel and not worker.is_finished for worker in self.app.workers)

    @on(Worker.StateChanged)
    def _checks_searched(self, event: Worker.StateChanged) -> None:
        """The first search loaded the model and mapped the index: they live as long as
        the workbench, so the collector stops walking them (``tui.heap``)."""
        if self._checks_opened or event.state != WorkerState.SUCCESS:
            return
        if event.worker.node is self.query_one(CheckedBefore):
            self._checks_opened = True
            heap.settle()

    def action_apply_check(self) -> None:
        """The verdict of the best known fact-check shown under "Checked before"."""
        if self.checks_pending:
            self.checks_now()  # the claim under the cursor, never the one before
        panel = self.query_one(CheckedBefore)
        if not panel.matches and self._checks_searching(panel):
            self.notify("Still looking for known fact-checks; try again in a moment.", timeout=2)
            return
        apply_first(self)
