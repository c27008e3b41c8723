"""The review screen: the article on one side, its claims on the other, the detail below.

Every decision goes through ``core.review.Review`` (which makes it durable) and only then
is shown: the row of that one claim and the blocks of article text holding it repaint, the
progress in the title updates and the cursor moves on to the next unreviewed claim.

Repeats (the article stating one figure about one thing several times, found by
``core.match.group_repeats``) are decided together: a verdict on one claim of a group also
settles the others still in step with it (same status as it had), in one batch that one
undo takes back, and the notification says how many were settled. ``g`` switches to
deciding one claim at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

from core.model import DECIDED_STATUSES, Article, Claim, Status
from tui.display import STATUS_LABEL, one_line
from tui.messages import ArticleImported
from tui.widgets.article_view import ArticleView
from tui.widgets.claims_table import ClaimsTable
from tui.widgets.detail_pane import DetailPane, build_detail
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from core.match import Match
    from tui.app import ClaimdeskApp
    from tui.screens.export import ExportDone
    from tui.screens.forms import CorrectionValues, SourceValues

NARROW_WIDTH = 100
"""Below this many columns the panes stack and the detail pane hides."""


def substring_filter(claims: list[Claim], query: str) -> list[tuple[str, float]]:
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


def _searchable(claim: Claim) -> tuple:
    """What the palette's claim search reads of a claim (a verdict alone changes none)."""
    return (claim.statement, claim.figures, claim.notes, claim.sources, claim.correction)


def _position(claim: Claim) -> tuple[int, int, str]:
    """Text order: by statement, then by key figure (two claims can share a sentence)."""
    figure = claim.key_figure
    return (claim.start, figure.start if figure else claim.end, claim.id)


class ReviewScreen(Screen):
    """Review one article, claim by claim, from the keyboard."""

    AUTO_FOCUS = "#claims"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "next_claim", "Next claim", show=False, id="review.next"),
        Binding("k,up", "previous_claim", "Previous claim", show=False, id="review.previous"),
        Binding("v", "decide('verified')", "Verified", id="review.verified"),
        Binding("c", "correct", "Correct", id="review.correct"),
        Binding("f", "decide('false')", "False", id="review.false"),
        Binding("s", "decide('needs_source')", "Needs source", id="review.needs_source"),
        Binding(
            "i", "decide('inconclusive')", "Inconclusive", show=False, id="review.inconclusive"
        ),
        Binding(
            "d", "decide('dismissed')", "Dismiss (not a claim)", show=False, id="review.dismissed"
        ),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="review.redo"),
        Binding("n", "note", "Note", show=False, id="review.note"),
        Binding("a", "add_source", "Add source", show=False, id="review.add_source"),
        Binding(
            "p",
            "apply_previous",
            "Apply the verdict seen before",
            show=False,
            id="review.apply_previous",
        ),
        Binding(
            "g",
            "toggle_repeats",
            "Repeats: decide together / one at a time",
            show=False,
            id="review.repeats",
        ),
        # Priority: opened as the key arrives, so what is typed right after "/" lands in
        # the filter box (a "/" typed in the box is text: see ``check_action``).
        Binding("slash", "filter", "Filter", priority=True, id="review.filter"),
        Binding("tab", "switch_pane", "Switch pane", show=False, id="review.switch_pane"),
        Binding("enter", "show_in_article", "Show in article", show=False, id="review.show"),
        Binding("e", "export", "Export", show=False, id="review.export"),
        Binding("m", "add_claim", "Add claim from text", show=False, id="review.add_claim"),
        Binding(
            "o", "toggle_sort", "Sort: position / check-worthiness", show=False, id="review.sort"
        ),
        Binding(
            "escape", "escape", "Clear filter / back to articles", show=False, id="review.back"
        ),
    ]

    def __init__(
        self, article: Article, *, pending: bool = False, select: str | None = None
    ) -> None:
        super().__init__()
        self.article = article
        self.pending = pending
        self._select = select  # a claim to put the cursor on once the claims are listed
        self._groups: dict[str, list[str]] = {}  # claim id → its group of repeats
        self.repeats_together = True
        self.claims: dict[str, Claim] = {}
        self.sort_by_checkworthiness = False
        self.filter_query = ""
        self._filter_index = None
        self._similar_index = None
        self._similar_looked = False  # the "seen before" index has been built (or not needed)
        self._ready_reported = False
        self._status_text = ""
        self._shown_id: str | None = None

    @property
    def cd_app(self) -> ClaimdeskApp:
        return self.app  # type: ignore[return-value]

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
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.query_one("#status-line").display = False
        self.query_one(TitleBar).set_title(self.article.title or self.article.source)
        await self.query_one(ArticleView).load(self.article.text)
        self.query_one(ClaimsTable).focus()
        if self.pending:
            self.query_one(ClaimsTable).loading = True
            self._set_status_line("Finding claims…")
            self.query_one(TitleBar).set_progress("finding claims…")
            self.extract()
            self.call_after_refresh(self.cd_app.first_screen_ready, claims_shown=False)
        else:
            self.load_claims()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "narrow")

    def _set_status_line(self, text: str) -> None:
        if text == self._status_text:
            return  # nothing to repaint (and no layout pass on every key)
        self._status_text = text
        line = self.query_one("#status-line", Static)
        line.update(Content(text))
        line.display = bool(text)

    # -- loading ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="extract", exit_on_error=False)
    def extract(self) -> tuple[Article, list[Claim]]:
        """spaCy loading and extraction are slow: they run here, off the UI thread."""
        from textual.worker import get_current_worker

        from core.extract import extract_claims

        worker = get_current_worker()
        claims = extract_claims(
            self.article, model=self.cd_app.model, cancel=lambda: worker.is_cancelled
        )
        return self.article, claims

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "extract":
            if event.state == WorkerState.SUCCESS:
                article, claims = event.worker.result
                self._finish_import(article, claims)
            elif event.state == WorkerState.ERROR:
                self.query_one(ClaimsTable).loading = False
                self._set_status_line(f"Could not find claims: {event.worker.error}")
                self.notify(
                    f"Extraction failed: {event.worker.error}", severity="error", markup=False
                )
        elif event.worker.group == "similar" and event.state == WorkerState.SUCCESS:
            self._similar_index = event.worker.result
            self._similar_looked = True
            self._show_detail()
        elif event.worker.group == "repeats" and event.state == WorkerState.SUCCESS:
            self._set_groups(event.worker.result)

    def _finish_import(self, article: Article, claims: list[Claim]) -> None:
        """Write the extracted claims to the desk (UI thread: the desk has one writer)."""
        try:
            report = self.cd_app.review.import_article(article, claims)
        except Exception as exc:  # shown, never swallowed: nothing was written
            self.query_one(ClaimsTable).loading = False
            self._set_status_line(f"Could not save the claims: {exc}")
            self.notify(f"Import failed: {exc}", severity="error", markup=False)
            return
        self.pending = False
        self.cd_app.claims_generation += 1
        stored = getattr(report, "article", None)
        if isinstance(stored, Article):
            self.article = stored
        self.query_one(ClaimsTable).loading = False
        self._set_status_line("")
        self.load_claims(reload_text=True)
        self.post_message(ArticleImported(self.article.id, new=len(getattr(report, "new", []))))

    def load_claims(self, *, reload_text: bool = False) -> None:
        """Read this article's claims from the desk and show them."""
        desk = self.cd_app.desk
        if reload_text:
            try:
                stored = desk.article(self.article.id)
            except KeyError:
                stored = self.article
            if stored.text != self.query_one(ArticleView).text:
                self.article = stored
                self.run_worker(self.query_one(ArticleView).load(stored.text), exclusive=False)
        claims = desk.claims(self.article.id)
        self.claims = {c.id: c for c in claims if c.status != Status.REMOVED}
        self._filter_index = None
        self.query_one(ArticleView).set_claims(self.claims.values())
        self._show_rows()
        self._update_progress()
        # "Seen before" needs every other claim on the desk indexed: after first paint.
        self.set_timer(0.5, self._build_similar_index)
        self._find_repeats()
        first = self._next_unreviewed(None)
        table = self.query_one(ClaimsTable)
        if self._select in self.claims:
            first, self._select = self._select, None
        if first is not None:
            table.move_to(first)
        self._shown_id = None  # the article view was refilled: select again
        self._on_cursor(table.current_id)
        if not self.claims:
            self._set_status_line("No claims found. Press m to add one from the text.")
        self.call_after_refresh(self._report_ready)

    def _report_ready(self) -> None:
        if not self._ready_reported:
            self._ready_reported = True
            self.cd_app.first_screen_ready()

    @work(thread=True, exclusive=True, group="similar", exit_on_error=False)
    def _build_similar_index(self):
        """Claims reviewed in other articles, indexed for "seen before" (off the UI thread)."""
        try:
            from core.match import ClaimIndex
        except ImportError:
            return None
        others = [c for c in self.cd_app.desk.claims() if c.article_id != self.article.id]
        return ClaimIndex(others) if others else None

    @work(thread=True, exclusive=True, group="repeats", exit_on_error=False)
    def _find_repeats(self) -> list[list[str]]:
        """Group the claims that repeat one figure (pairwise scoring: off the UI thread)."""
        from core.match import group_repeats

        return group_repeats(list(self.claims.values()))

    def _set_groups(self, groups: list[list[str]]) -> None:
        self._groups = {cid: group for group in groups for cid in group}
        sizes = {cid: len(group) for cid, group in self._groups.items()}
        self.query_one(ClaimsTable).set_repeats(sizes)
        self._show_detail()

    def _repeats_of(self, claim: Claim) -> list[Claim]:
        """The other claims of ``claim``'s group of repeats, in text order."""
        group = self._groups.get(claim.id, [])
        return [self.claims[cid] for cid in group if cid != claim.id and cid in self.claims]

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

    def _ordered(self) -> list[Claim]:
        claims = list(self.claims.values())
        if self.sort_by_checkworthiness:
            claims.sort(key=lambda c: (-c.checkworthiness, _position(c)))
        else:
            claims.sort(key=_position)
        return claims

    def _filtered(self, query: str) -> list[tuple[str, float]]:
        """Fields (``status:needs_source``, ``kind:money``…) narrow; the text ranks."""
        from core.claimquery import parse_query, rank

        claims = list(self.claims.values())
        try:
            from core.match import ClaimFilter
        except ImportError:
            return rank(parse_query(query), self.claims, lambda q: substring_filter(claims, q))
        if self._filter_index is None:
            self._filter_index = ClaimFilter(claims)
        return rank(parse_query(query), self.claims, self._filter_index.query)

    def _show_rows(self, keep: str | None = None) -> list[tuple[str, float]]:
        """Fill the list (order + filter); returns the filter's ranking when filtering."""
        table = self.query_one(ClaimsTable)
        keep = keep or table.current_id
        ordered = self._ordered()
        ranking: list[tuple[str, float]] = []
        if self.filter_query.strip():
            ranking = self._filtered(self.filter_query)
            wanted = {cid for cid, _ in ranking}
            ordered = [c for c in ordered if c.id in wanted]
        table.show(ordered)
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
        if claim_id == self._shown_id:
            return
        self._shown_id = claim_id
        self.query_one(ArticleView).select(claim_id)
        self._show_detail()

    def _show_detail(self) -> None:
        claim = self.current_claim
        pane = self.query_one(DetailPane)
        if claim is None:
            pane.show(Content("No claim selected."))
            return
        try:
            events = self.cd_app.desk.events(claim.id)
        except Exception:
            events = []
        try:
            similar = [
                (other.status, f"{other.statement} — {title}", match.score)
                for match, other, title in self._seen_before(claim)
            ]
        except Exception:
            similar = []
        repeats = self._repeats_of(claim)
        pane.show(build_detail(claim, events, similar, repeats, self.repeats_together))

    @property
    def current_claim(self) -> Claim | None:
        cid = self.query_one(ClaimsTable).current_id
        return self.claims.get(cid) if cid else None

    def _next_unreviewed(self, after: str | None) -> str | None:
        """The next unreviewed claim in list order after ``after`` (wrapping round)."""
        ids = self.query_one(ClaimsTable).row_ids()
        if not ids:
            ids = [c.id for c in self._ordered()]
        start = ids.index(after) + 1 if after in ids else 0
        for cid in ids[start:] + ids[:start]:
            if cid != after and self.claims[cid].status == Status.UNREVIEWED:
                return cid
        return None

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

    def _require_claim(self) -> Claim | None:
        claim = self.current_claim
        if claim is None:
            self.notify("No claim selected.", severity="warning")
        return claim

    def _apply(self, claim: Claim) -> None:
        """Show a claim the desk has just saved: one row, its text blocks, the progress."""
        if claim.status == Status.REMOVED or claim.article_id != self.article.id:
            self._forget(claim.id)
            return
        old = self.claims.get(claim.id)
        is_new = old is None
        if is_new or _searchable(old) != _searchable(claim):
            self.cd_app.claims_generation += 1
        self.claims[claim.id] = claim
        self._filter_index = None
        table = self.query_one(ClaimsTable)
        if is_new:
            self._show_rows(keep=claim.id)
            self._find_repeats()
        else:
            table.update_claim(claim)
        self.query_one(ArticleView).update_claim(claim)
        self._update_progress()
        if table.current_id == claim.id:
            self._show_detail()
        self._filter_hint(typing=False)

    def _forget(self, claim_id: str) -> None:
        if self.claims.pop(claim_id, None) is None:
            return
        self.cd_app.claims_generation += 1
        self._filter_index = None
        if claim_id in self._groups:
            self._find_repeats()
        self.query_one(ClaimsTable).remove_claim(claim_id)
        self.query_one(ArticleView).remove_claim(claim_id)
        self._update_progress()

    def _advance(self, claim_id: str) -> None:
        """After a decision the cursor moves to the next unreviewed claim."""
        nxt = self._next_unreviewed(claim_id)
        if nxt is None:
            self.notify("Every claim in this list has been reviewed.", timeout=3)
            return
        self.query_one(ClaimsTable).move_to(nxt)
        self._on_cursor(nxt)

    def _decision_targets(self, claim: Claim) -> tuple[list[str], int]:
        """The claims a verdict on ``claim`` settles, ``claim`` first, and how many of its
        repeats are left out because they already have a verdict of their own."""
        repeats = self._repeats_of(claim) if self.repeats_together else []
        in_step = [other.id for other in repeats if other.status == claim.status]
        return [claim.id, *in_step], len(repeats) - len(in_step)

    def _settle(
        self, claim: Claim, change: Callable[[str], Claim], done: str | None = None
    ) -> None:
        """Make one decision: on ``claim`` and its repeats still in step with it, as one
        batch (one commit, one undo). Shown only once the desk has it; then the cursor
        moves on to the next unreviewed claim. The notification says what was settled
        (``done`` starts it: "Applied verified from …")."""
        ids, left = self._decision_targets(claim)
        review = self.cd_app.review
        try:
            with review.batch() if len(ids) > 1 else nullcontext():
                saved = [change(cid) for cid in ids]
        except Exception as exc:
            self.notify(f"Not saved: {exc}", severity="error", markup=False)
            return
        for one in saved:
            self._apply(one)
        self._advance(claim.id)
        count = len(saved)
        if count > 1:
            label = done or STATUS_LABEL.get(saved[0].status, saved[0].status).capitalize()
            text = f"{label}: {count} repeats together (u undoes all {count})."
        elif left:
            label = done or STATUS_LABEL.get(saved[0].status, saved[0].status).capitalize()
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
        claim = self._require_claim()
        if claim is None:
            return
        self._settle(claim, lambda cid: self.cd_app.review.set_status(cid, status))

    def action_apply_previous(self) -> None:
        """The verdict (status, correction, sources) of the best claim seen before."""
        claim = self._require_claim()
        if claim is None:
            return
        try:
            found = self._seen_before(claim, limit=1)
        except Exception:
            found = []
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
        self._settle(
            claim,
            lambda cid: self.cd_app.review.copy_verdict(cid, match.claim_id),
            done=f"Applied {label} from “{title}”",
        )

    def action_toggle_repeats(self) -> None:
        self.repeats_together = not self.repeats_together
        if self.repeats_together:
            self.notify("Repeats are decided together.", timeout=2)
        else:
            self.notify("Each claim is decided on its own, repeats too.", timeout=2)
        self._show_detail()

    def action_correct(self) -> None:
        claim = self._require_claim()
        if claim is None:
            return

        def done(values: CorrectionValues | None) -> None:
            if values is None:
                return
            self._settle(
                claim,
                lambda cid: self.cd_app.review.correct(
                    cid, value=values.value, statement=values.statement, note=values.note
                ),
            )

        from tui.screens.forms import CorrectForm

        self.app.push_screen(CorrectForm(claim), done)

    def action_note(self) -> None:
        claim = self._require_claim()
        if claim is None:
            return

        def done(text: str | None) -> None:
            if not text:
                return
            try:
                saved = self.cd_app.review.add_note(claim.id, text)
            except Exception as exc:
                self.notify(f"Not saved: {exc}", severity="error", markup=False)
                return
            self._apply(saved)

        from tui.screens.forms import NoteForm

        self.app.push_screen(NoteForm(claim), done)

    def action_add_source(self) -> None:
        claim = self._require_claim()
        if claim is None:
            return

        def done(values: SourceValues | None) -> None:
            if values is None:
                return
            try:
                saved = self.cd_app.review.add_source(
                    claim.id, values.url, title=values.title, note=values.note
                )
            except Exception as exc:
                self.notify(f"Not saved: {exc}", severity="error", markup=False)
                return
            self._apply(saved)

        from tui.screens.forms import SourceForm

        self.app.push_screen(SourceForm(claim), done)

    def action_add_claim(self) -> None:
        if self.pending:
            self.notify("Wait until the claims are found.", severity="warning")
            return
        view = self.query_one(ArticleView)
        initial = (self.get_selected_text() or "").strip().splitlines()
        initial_text = initial[0] if initial else ""

        def done(span: tuple[int, int] | None) -> None:
            view.show_search(None)
            if span is None:
                return
            try:
                saved = self.cd_app.review.add_manual_claim(self.article.id, span[0], span[1])
            except Exception as exc:
                self.notify(f"Not added: {exc}", severity="error", markup=False)
                return
            self._apply(saved)
            self.query_one(ClaimsTable).move_to(saved.id)
            self.notify("Claim added.", timeout=2)

        from tui.screens.forms import AddClaimForm

        self.app.push_screen(AddClaimForm(view.text, initial_text, view.show_search), done)
        self._warm_up_figures()

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def _warm_up_figures(self) -> None:
        """A manual claim needs the figure pipeline; load it while the reviewer types."""
        from core.extract import figures_in_span

        figures_in_span(self.article, 0, min(len(self.article.text), 40))

    def _undo_redo(self, which: str) -> None:
        review = self.cd_app.review
        try:
            event = review.undo() if which == "undo" else review.redo()
        except Exception as exc:
            self.notify(f"Could not {which}: {exc}", severity="error", markup=False)
            return
        if event is None:
            self.notify(f"Nothing to {which}.", timeout=2, markup=False)
            return
        events = review.last_events or [event]  # a batch comes back whole
        for changed in events:
            try:
                claim = self.cd_app.desk.claim(changed.claim_id)
            except KeyError:
                self._forget(changed.claim_id)
            else:
                self._apply(claim)
        if event.claim_id in self.claims:
            self.query_one(ClaimsTable).move_to(event.claim_id)
            self._on_cursor(event.claim_id)
        verb = "Undone" if which == "undo" else "Redone"
        after = self.claims.get(event.claim_id)
        together = f" (with {len(events) - 1} repeats)" if len(events) > 1 else ""
        if after is None:
            self.notify(f"{verb}: the claim is gone.", timeout=2, markup=False)
        else:
            figure = after.key_figure.text if after.key_figure else "claim"
            label = STATUS_LABEL.get(after.status, after.status)
            self.notify(
                f"{verb}: {one_line(figure)} is {label} now{together}.", timeout=2, markup=False
            )

    def action_undo(self) -> None:
        self._undo_redo("undo")

    def action_redo(self) -> None:
        self._undo_redo("redo")

    def _update_progress(self) -> None:
        total = len(self.claims)
        done = sum(1 for c in self.claims.values() if c.status in DECIDED_STATUSES)
        self.query_one(TitleBar).set_progress(f"{done} of {total} reviewed")

    # -- filter, panes, sort ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return not self.query_one("#filter", Input).has_focus
        return True

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        # Focus now, not on the next tick: a fast typist's keys must land in the box.
        self.set_focus(box)
        box.select_all()
        self._filter_hint(typing=True)

    def _filter_hint(self, *, typing: bool) -> None:
        query = self.filter_query.strip()
        count = self.query_one(ClaimsTable).row_count
        total = len(self.claims)
        if typing:
            from core.claimquery import parse_query

            problems = parse_query(query).problems
            found = f"{count} of {total} claims match “{query}” — " if query else ""
            found = f"{problems[0]} — " if problems else found
            self._set_status_line(f"{found}enter: back to the list, escape: clear")
        elif query:
            self._set_status_line(
                f"filter “{query}”: {count} of {total} claims — / to change, escape to clear"
            )
        else:
            self._set_status_line("")

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_query = event.value
        ranking = self._show_rows()
        if ranking:
            self.query_one(ClaimsTable).move_to(ranking[0][0])
        self._filter_hint(typing=True)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        table = self.query_one(ClaimsTable)
        if event.value != self.filter_query:  # enter came before the last keys' updates
            self.filter_query = event.value
            self._show_rows()
        if self.filter_query.strip():
            ranking = self._filtered(self.filter_query)
            if ranking:
                table.move_to(ranking[0][0])
        else:
            self.query_one("#filter").display = False
        self.set_focus(table)
        self._filter_hint(typing=False)

    def clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        keep = self.query_one(ClaimsTable).current_id
        self.filter_query = ""
        with box.prevent(Input.Changed):
            box.value = ""
        box.display = False
        self._show_rows(keep=keep)
        self._set_status_line("")
        self.set_focus(self.query_one(ClaimsTable))

    def action_escape(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display or self.filter_query:
            self.clear_filter()
            return
        self.hand_over_import()
        self.cd_app.show_article_list()

    def hand_over_import(self) -> None:
        """Leaving before the claims are found: the app finds them instead (this screen's
        worker goes with the screen), and the list shows the article meanwhile."""
        if self.pending:
            self.pending = False
            self.workers.cancel_group(self, "extract")
            self.cd_app.adopt_import(self.article)

    def action_switch_pane(self) -> None:
        """List → article → list. On a narrow screen the detail has no room of its own:
        there the cycle is list → article → detail (in the article's place) → list."""
        table = self.query_one(ClaimsTable)
        article = self.query_one(ArticleView)
        if self.has_class("-detail"):
            self.remove_class("-detail")
            table.focus()
        elif table.has_focus:
            article.focus()
        elif self.has_class("narrow") and article.has_focus:
            self.add_class("-detail")
            table.focus()
        else:
            table.focus()

    def action_show_in_article(self) -> None:
        claim = self.current_claim
        if claim is not None:
            self.query_one(ArticleView).select(claim.id)

    def action_toggle_sort(self) -> None:
        self.sort_by_checkworthiness = not self.sort_by_checkworthiness
        self._show_rows()
        order = "check-worthiness" if self.sort_by_checkworthiness else "position in the text"
        self.notify(f"Sorted by {order}.", timeout=2, markup=False)

    def action_export(self) -> None:
        def done(result: ExportDone | None) -> None:
            if result is not None:
                self.notify(
                    f"Exported {result.count} claim{'' if result.count == 1 else 's'} "
                    f"to {result.path}",
                    timeout=5,
                    markup=False,
                )

        from tui.screens.export import ExportForm

        self.app.push_screen(ExportForm(self.cd_app.desk, self.article.id), done)
