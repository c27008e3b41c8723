"""The review screen: the article on one side, its claims on the other, the detail below.

Every decision goes through ``core.review.Review`` (which makes it durable) and only then
is shown: the row of that one claim and the blocks of article text holding it repaint, the
progress in the title updates and the cursor moves on to the next unreviewed claim.

The list's state (claims, order, filter, repeats, cursor) is a plain
:class:`~tui.screens.claim_list.ClaimList`; this screen paints what it says. Repeats (the
article stating one figure about one thing several times) are decided together by
``core.review.Review.settle``; ``g`` switches to deciding one claim at a time. The form
keys (correct, note, source, add claim, export) and undo are in
:mod:`tui.screens.review_actions`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from core.errors import DeskError, UserError
from core.model import Article, Claim, Status
from core.repeats import Repeats
from tui import heap
from tui.display import STATUS_LABEL, one_line
from tui.messages import ArticleImported, RepeatsFound, SeenBeforeIndexed
from tui.screens.claim_list import Applied, Change, ClaimList
from tui.screens.resume_styles import KeepStylesOnResume
from tui.screens.review_actions import ReviewActions
from tui.screens.review_bindings import REVIEW_BINDINGS
from tui.screens.review_checks import ReviewChecks
from tui.screens.review_edits import ReviewEdits
from tui.screens.review_flow import ReviewFlow
from tui.screens.review_live import LiveReview
from tui.widgets.article_view import ArticleView
from tui.widgets.checked_before import CheckedBefore
from tui.widgets.claims_table import ClaimsTable
from tui.widgets.detail_pane import DetailPane, build_detail
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from core.match import Match

NARROW_WIDTH = 100
"""Below this many columns the panes stack and the detail pane hides."""

SEEN_BEFORE_DELAY = 0.5
"""Seconds after the claims are listed before "seen before" indexes the rest of the desk
(it reads every claim): the first paint comes first. Tests set it to 0."""


class ReviewScreen(
    LiveReview, ReviewEdits, ReviewFlow, ReviewChecks, ReviewActions, KeepStylesOnResume
):
    """Review one article, claim by claim, from the keyboard."""

    AUTO_FOCUS = "#claims"

    BINDINGS: ClassVar[list[BindingType]] = REVIEW_BINDINGS

    def __init__(
        self, article: Article, *, pending: bool = False, select: str | None = None
    ) -> None:
        super().__init__()
        self.article = article
        self.pending = pending
        self._select = select  # a claim to put the cursor on once the claims are listed
        self.repeats = Repeats.TOGETHER
        self.list = ClaimList(article.id)
        self._similar_index = None
        self._similar_looked = False  # the "seen before" index has been built (or not needed)
        self._ready_reported = False
        self._status_text = ""

    @property
    def claims(self) -> dict[str, Claim]:
        """This article's claims on the desk (removed ones aside), by id."""
        return self.list.claims

    @property
    def filter_query(self) -> str:
        """What the filter box holds (the list shows the claims it matches)."""
        return self.list.query

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        with Horizontal(id="panes"):
            yield ArticleView(id="article")
            with Vertical(id="side"):
                yield Input(
                    placeholder="filter claims…  (enter: back to list, escape: clear)", id="filter"
                )
                yield ClaimsTable(id="claims")
                yield Static(id="status-line")
                yield DetailPane(id="detail")
                yield CheckedBefore(id="checked-before")
        yield KeysFooter()

    async def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.query_one("#status-line").display = False
        self.query_one(TitleBar).set_title(self.article.title or self.article.source)
        await self.query_one(ArticleView).load(self.article.text)
        await self.query_one(KeysFooter).show_keys()
        self.query_one(ClaimsTable).focus()
        if self.pending:
            self.show_finding()
            self.call_after_refresh(self.cd_app.first_screen_ready, claims_shown=False)
        else:
            self.load_claims()
        self.announce_presence()

    def on_screen_resume(self) -> None:
        self.announce_presence()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "narrow")

    def set_status_line(self, text: str) -> None:
        if text == self._status_text:
            return  # nothing to repaint (and no layout pass on every key)
        self._status_text = text
        line = self.query_one("#status-line", Static)
        # One line whatever it says (the stylesheet's height, the column's width): new
        # text is a repaint; only showing or hiding the line moves the rest.
        line.update(Content(text), layout=False)
        line.display = bool(text)

    # -- loading ---------------------------------------------------------------------

    def show_finding(self) -> None:
        """The claims are being found (by the app's import queue)."""
        self.query_one(ClaimsTable).loading = True
        self.set_status_line("Finding claims…")
        self.query_one(TitleBar).set_progress("finding claims…")

    def import_failed(self, error: str) -> None:
        self.query_one(ClaimsTable).loading = False
        self.set_status_line(f"Could not find claims: {error}")

    def imported(self, message: ArticleImported) -> None:
        """The import queue saved this article's claims: list them."""
        self.pending = False
        self.article = message.report.article
        self.list.article_id = self.article.id
        self.query_one(ClaimsTable).loading = False
        self.set_status_line("")
        self.load_claims(reload_text=True)

    def load_claims(self, *, reload_text: bool = False) -> None:
        """Read this article's claims from the desk and show them."""
        from core.claimselect import assignee_of

        desk = self.cd_app.desk
        if reload_text:
            try:
                stored = desk.article(self.article.id)
            except KeyError:
                stored = self.article
            if stored.text != self.query_one(ArticleView).text:
                self.article = stored
                self.run_worker(self.query_one(ArticleView).load(stored.text), exclusive=False)
        self.list.load(desk.claims(self.article.id))
        self.list.me = self.cd_app.reviewer
        self.list.assignee = assignee_of(desk, self.article.id)
        self.query_one(ArticleView).set_claims(self.claims.values())
        self._show_rows()
        self._update_progress()
        # "Seen before" needs every other claim on the desk indexed: after first paint.
        if SEEN_BEFORE_DELAY:
            self.set_timer(SEEN_BEFORE_DELAY, self._build_similar_index)
        else:
            self.call_after_refresh(self._build_similar_index)
        # Grouping repeats loads the matcher (numpy, rapidfuzz) in a thread: after the
        # first paint too, not competing with it.
        self.call_after_refresh(self._find_repeats)
        table = self.query_one(ClaimsTable)
        first = self.list.first_cursor(self._select, table.row_ids(), self.cd_app.skipped)
        if self._select in self.claims:
            self._select = None
        if first is not None:
            table.move_to(first)
        self.list.cursor = None  # the article view was refilled: select again
        self._on_cursor(table.current_id)
        if not self.claims:
            self.set_status_line("No claims found. Press m to add one from the text.")
        self.call_after_refresh(self._report_ready)
        self.checks_first()

    def _report_ready(self) -> None:
        if not self._ready_reported:
            self._ready_reported = True
            self.cd_app.first_screen_ready()

    @work(thread=True, exclusive=True, group="similar", exit_on_error=False)
    def _build_similar_index(self) -> None:
        """Claims reviewed in other articles, indexed for "seen before" (off the UI thread)."""
        from core.match import SEEN_STATUSES, ClaimIndex

        worker = get_current_worker()
        # Only reviewed claims can be "seen before": a query for those, not the whole desk.
        reviewed = self.cd_app.desk.iter_claims(statuses=SEEN_STATUSES)
        others = [c for c in reviewed if c.article_id != self.article.id]
        index = ClaimIndex(others) if others else None
        if not worker.is_cancelled:
            self.post_message(SeenBeforeIndexed(index))

    @on(SeenBeforeIndexed)
    def _seen_before_indexed(self, message: SeenBeforeIndexed) -> None:
        self._similar_index = message.index
        self._similar_looked = True
        heap.settle()  # the index lives as long as the screen
        self._show_detail()

    @work(thread=True, exclusive=True, group="repeats", exit_on_error=False)
    def _find_repeats(self) -> None:
        """Group the claims that repeat one figure (pairwise scoring: off the UI thread)."""
        from core.match import group_repeats

        worker = get_current_worker()
        groups = group_repeats(list(self.claims.values()))
        if not worker.is_cancelled:
            self.post_message(RepeatsFound(groups))

    @on(RepeatsFound)
    def _repeats_found(self, message: RepeatsFound) -> None:
        sizes = self.list.set_groups(message.groups)
        heap.settle()
        self.query_one(ClaimsTable).set_repeats(sizes)
        self._show_detail()

    def _seen_before(self, claim: Claim, limit: int = 3) -> list[tuple[Match, Claim, str]]:
        """Claims reviewed in other articles stating the same figure about the same thing:
        (match, the claim as it is on the desk now, its article's title), best first."""
        if self._similar_index is None:
            return []
        desk = self.cd_app.desk
        found = []
        for match in self._similar_index.similar(claim, limit=limit):
            try:
                other = desk.claim(match.claim_id)
                origin = desk.article(match.article_id)
            except KeyError:
                continue
            found.append((match, other, origin.title or origin.source))
        return found

    # -- ordering and filtering ------------------------------------------------------

    def _show_rows(self, keep: str | None = None) -> list[tuple[str, float]]:
        """Fill the list (order + filter); returns the filter's ranking when filtering."""
        table = self.query_one(ClaimsTable)
        keep = keep or table.current_id
        rows, ranking = self.list.visible()
        table.show(rows)
        if keep:
            table.move_to(keep)
        return ranking

    # -- cursor ----------------------------------------------------------------------

    @on(ClaimsTable.Highlighted, "#claims")
    def _row_highlighted(self, event: ClaimsTable.Highlighted) -> None:
        self._on_cursor(event.claim_id)

    @on(ClaimsTable.Selected, "#claims")
    def _row_selected(self, event: ClaimsTable.Selected) -> None:
        self.action_show_in_article()

    def _on_cursor(self, claim_id: str | None) -> None:
        """Article and detail follow the cursor. Called directly by the actions that move
        it, so that everything a key changes is painted in one frame; the list's
        ``Highlighted`` message (mouse, page keys) then finds nothing left to do."""
        if not self.list.move(claim_id):
            return
        self.query_one(ArticleView).select(claim_id)
        self._show_detail()
        self.checks_later(self.claims.get(claim_id) if claim_id else None)

    def _show_detail(self) -> None:
        claim = self.current_claim
        pane = self.query_one(DetailPane)
        if claim is None:
            pane.show(Content("No claim selected."))
            return
        events = self.cd_app.desk.events(claim.id)
        similar = [
            (other.status, f"{other.statement} — {title}", match.score)
            for match, other, title in self._seen_before(claim)
        ]
        repeats = self.list.repeats_of(claim)
        together = self.repeats == Repeats.TOGETHER
        pane.show(build_detail(claim, events, similar, repeats, together))

    @property
    def current_claim(self) -> Claim | None:
        return self.list.get(self.query_one(ClaimsTable).current_id)

    def select_claim(self, claim_id: str) -> None:
        """Put the cursor on a claim of this article (clearing a filter that hides it)."""
        if claim_id not in self.claims:
            if self.pending or not self.query_one(ClaimsTable).row_count:
                self._select = claim_id  # listed once the claims are in
            return
        table = self.query_one(ClaimsTable)
        if not table.move_to(claim_id):
            self.clear_filter()
            table.move_to(claim_id)
        table.focus()
        self._on_cursor(claim_id)

    def action_next_claim(self) -> None:
        table = self.query_one(ClaimsTable)
        table.action_cursor_down()
        self._on_cursor(table.current_id)

    def action_previous_claim(self) -> None:
        table = self.query_one(ClaimsTable)
        table.action_cursor_up()
        self._on_cursor(table.current_id)

    # -- decisions -------------------------------------------------------------------

    def require_claim(self) -> Claim | None:
        claim = self.current_claim
        if claim is None:
            self.notify("No claim selected.", severity="warning")
        return claim

    def apply(self, claim: Claim) -> None:
        """Show a claim the desk has just saved: one row, its text blocks, the progress
        (and the statistics: a status it did not have before counts)."""
        old = self.list.get(claim.id)
        if old is not None and old.status != claim.status:
            self.cd_app.tally.record(claim.id, old.status, claim.status)
            if claim.status != Status.UNREVIEWED:
                self.cd_app.skipped.discard(claim.id)  # decided: no longer left for later
        self._show_change(claim.id, self.list.apply(claim), claim)

    def forget(self, claim_id: str) -> None:
        self._show_change(claim_id, self.list.forget(claim_id), None)

    def _show_change(self, claim_id: str, applied: Applied, claim: Claim | None) -> None:
        if applied.change == Change.NONE:
            return
        if applied.regroup:
            self._find_repeats()
        table = self.query_one(ClaimsTable)
        view = self.query_one(ArticleView)
        if applied.change == Change.GONE or claim is None:
            table.remove_claim(claim_id)
            view.remove_claim(claim_id)
            self._update_progress()
            return
        if applied.change == Change.ADDED:
            self._show_rows(keep=claim.id)
        else:
            table.update_claim(claim)
        view.update_claim(claim)
        self._update_progress()
        if table.current_id == claim.id:
            self._show_detail()
        self.filter_hint(typing=False)

    def _advance(self, claim_id: str) -> None:
        """After a decision the cursor moves to the next unreviewed claim."""
        rows = self.query_one(ClaimsTable).row_ids()
        nxt = self.list.next_unreviewed(claim_id, rows, self.cd_app.skipped)
        if nxt is None:
            self.notify("Every claim in this list has been reviewed.", timeout=3)
            return
        self.query_one(ClaimsTable).move_to(nxt)
        self._on_cursor(nxt)

    def settle(self, claim: Claim, change: Callable[[str], Claim], done: str | None = None) -> None:
        """Make one decision through ``Review.settle`` (the claim and, decided together,
        its repeats still in step with it: one commit, one undo). Shown only once the desk
        has it; then the cursor moves on to the next unreviewed claim. The notification
        says what was settled (``done`` starts it: "Applied verified from …")."""
        try:
            settled = self.cd_app.review.settle(
                claim.id, change, self.repeats, known_repeats=self.list.repeats_of(claim)
            )
        except (UserError, DeskError) as exc:
            if not self.refused(exc, [claim.id, *(c.id for c in self.list.repeats_of(claim))]):
                self.notify(f"Not saved: {exc}", severity="error", markup=False)
            return
        saved, left = settled.claims, settled.left
        for one in saved:
            self.apply(one)
        self._advance(claim.id)
        count = len(saved)
        label = done or STATUS_LABEL.get(saved[0].status, saved[0].status).capitalize()
        if count > 1:
            text = f"{label}: {count} repeats together (u undoes all {count})."
        elif left:
            text = f"{label}: this claim only."
        elif done:
            text = f"{done}."
        else:
            return
        if left:
            plural = "s" if left > 1 else ""
            text += f" Left as is: {left} repeat{plural} with a verdict of its own."
        self.notify(text, timeout=4, markup=False)

    def action_decide(self, status: str) -> None:
        claim = self.require_claim()
        if claim is None:
            return
        self.settle(claim, lambda cid: self.cd_app.review.set_status(cid, status))

    def action_apply_previous(self) -> None:
        """The verdict (status, correction, sources) of the best claim seen before."""
        claim = self.require_claim()
        if claim is None:
            return
        found = self._seen_before(claim, limit=1)
        if not found and not self._similar_looked:
            self.notify("Still looking for claims seen before; try again in a moment.", timeout=2)
            return
        if not found:
            self.notify(
                "Nothing seen before: no claim reviewed in another article states this "
                "figure about the same thing.",
                severity="warning",
                timeout=3,
                markup=False,
            )
            return
        match, other, title = found[0]
        title = one_line(title)
        if len(title) > 50:
            title = title[:49] + "…"
        label = STATUS_LABEL.get(other.status, other.status)
        self.settle(
            claim,
            lambda cid: self.cd_app.review.copy_verdict(cid, match.claim_id),
            done=f"Applied {label} from “{title}”",
        )

    def action_toggle_repeats(self) -> None:
        if self.repeats == Repeats.TOGETHER:
            self.repeats = Repeats.ALONE
            self.notify("Each claim is decided on its own, repeats too.", timeout=2)
        else:
            self.repeats = Repeats.TOGETHER
            self.notify("Repeats are decided together.", timeout=2)
        self._show_detail()

    def _update_progress(self) -> None:
        progress = self.list.progress()
        text = f"{progress.done} of {progress.total} reviewed"
        decided = self.cd_app.tally.decided
        if decided:
            text += f" · {decided} since opening"
        self.query_one(TitleBar).set_progress(text + self.presence_suffix())
