"""The review screen's keys that open a form or act on the list as a whole.

Correct, note, add a source, add a claim from the text, export, undo and redo; the
filter box, the panes and the sort order. Split from :mod:`tui.screens.review` so that
each module reads in one sitting; :class:`~tui.screens.review.ReviewScreen` is the only
subclass, and what these methods call on ``self`` (``apply``, ``forget``, ``settle``,
``list``…) is defined there.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import Screen
from textual.widgets import Input

from core.errors import DeskError, UserError
from tui.display import STATUS_LABEL, one_line
from tui.widgets.article_view import ArticleView
from tui.widgets.claims_table import ClaimsTable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from core.model import Article, Claim
    from tui.app import ClaimdeskApp
    from tui.screens.claim_list import ClaimList
    from tui.screens.export import ExportDone
    from tui.screens.forms import CorrectionValues, SourceValues

SAVE_ERRORS = (UserError, DeskError)
"""What a change refused by the desk raises: said in a notification, nothing written."""


class ReviewActions(Screen):
    """Form keys, undo and the filter of :class:`~tui.screens.review.ReviewScreen`."""

    if TYPE_CHECKING:  # what ReviewScreen defines and these methods use
        article: Article
        pending: bool
        list: ClaimList

        @property
        def claims(self) -> dict[str, Claim]: ...
        @property
        def current_claim(self) -> Claim | None: ...
        def require_claim(self) -> Claim | None: ...
        def apply(self, claim: Claim) -> None: ...
        def forget(self, claim_id: str) -> None: ...
        def settle(
            self, claim: Claim, change: Callable[[str], Claim], done: str | None = None
        ) -> None: ...
        def set_status_line(self, text: str) -> None: ...
        def _show_rows(self, keep: str | None = None) -> builtins.list[tuple[str, float]]: ...
        def _on_cursor(self, claim_id: str | None) -> None: ...
        def refused(self, exc: BaseException, claim_ids: Iterable[str]) -> bool: ...

    @property
    def cd_app(self) -> ClaimdeskApp:
        return self.app  # type: ignore[return-value]

    # -- forms -----------------------------------------------------------------------

    def action_correct(self) -> None:
        claim = self.require_claim()
        if claim is None:
            return

        def done(values: CorrectionValues | None) -> None:
            if values is None:
                return
            self.settle(
                claim,
                lambda cid: self.cd_app.review.correct(
                    cid, value=values.value, statement=values.statement, note=values.note
                ),
            )

        from tui.screens.forms import CorrectForm

        self.app.push_screen(CorrectForm(claim), done)

    def action_note(self) -> None:
        claim = self.require_claim()
        if claim is None:
            return

        def done(text: str | None) -> None:
            if not text:
                return
            try:
                saved = self.cd_app.review.add_note(claim.id, text)
            except SAVE_ERRORS as exc:
                self.notify(f"Not saved: {exc}", severity="error", markup=False)
                return
            self.apply(saved)

        from tui.screens.forms import NoteForm

        self.app.push_screen(NoteForm(claim), done)

    def action_claimant(self) -> None:
        from tui.screens.claimant_form import edit_claimant

        edit_claimant(self)

    def action_add_source(self) -> None:
        claim = self.require_claim()
        if claim is None:
            return

        def done(values: SourceValues | None) -> None:
            if values is None:
                return
            try:
                saved = self.cd_app.review.add_source(
                    claim.id, values.url, title=values.title, note=values.note
                )
            except SAVE_ERRORS as exc:
                self.notify(f"Not saved: {exc}", severity="error", markup=False)
                return
            self.apply(saved)

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
            except SAVE_ERRORS as exc:
                self.notify(f"Not added: {exc}", severity="error", markup=False)
                return
            self.apply(saved)
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

    def action_export(self) -> None:
        def done(result: ExportDone | None) -> None:
            if result is not None:
                warnings = "".join(f" {line[:1].upper()}{line[1:]}." for line in result.warnings)
                self.notify(
                    f"Exported {result.count} claim{'' if result.count == 1 else 's'} "
                    f"to {result.path}.{warnings}",
                    timeout=8 if warnings else 5,
                    severity="warning" if warnings else "information",
                    markup=False,
                )

        from tui.screens.export import ExportForm

        self.app.push_screen(ExportForm(self.cd_app.desk, self.article.id), done)

    # -- undo / redo -----------------------------------------------------------------

    def _undo_redo(self, which: str) -> None:
        review = self.cd_app.review
        try:
            event = review.undo() if which == "undo" else review.redo()
        except SAVE_ERRORS as exc:
            current = self.current_claim
            if not self.refused(exc, [current.id] if current else []):
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
                self.forget(changed.claim_id)
            else:
                self.apply(claim)
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

    # -- filter, panes, sort ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return not self.query_one("#filter", Input).has_focus
        if action == "filter_done":
            # ``focused``, not ``has_focus``: the box may not have had its Focus event yet.
            return self.focused is self.query_one("#filter", Input)
        return True

    def action_filter_done(self) -> None:
        """Enter in the filter box: keys typed after it are held until the box has read
        the filter's every key and the cursor is on the best match (``tui.keyhold``)."""
        from tui.keyhold import after_pending

        box = self.query_one("#filter", Input)
        self.cd_app.hold_keys()
        after_pending(box, lambda: self._filter_done(box))

    def _filter_done(self, box: Input) -> None:
        try:
            self._filter_submitted(Input.Submitted(box, box.value))
        finally:
            self.cd_app.release_keys()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        # Focus now, not on the next tick: a fast typist's keys must land in the box.
        self.set_focus(box)
        box.select_all()
        self.filter_hint(typing=True)

    def filter_hint(self, *, typing: bool) -> None:
        query = self.list.query.strip()
        count = self.query_one(ClaimsTable).row_count
        total = len(self.claims)
        if typing:
            from core.claimquery import parse_query

            problems = parse_query(query).problems
            found = f"{count} of {total} claims match “{query}” — " if query else ""
            found = f"{problems[0]} — " if problems else found
            self.set_status_line(f"{found}enter: back to the list, escape: clear")
        elif query:
            self.set_status_line(
                f"filter “{query}”: {count} of {total} claims — / to change, escape to clear"
            )
        else:
            self.set_status_line("")

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.list.query = event.value
        ranking = self._show_rows()
        if ranking:
            self.query_one(ClaimsTable).move_to(ranking[0][0])
        self.filter_hint(typing=True)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        table = self.query_one(ClaimsTable)
        if event.value != self.list.query:  # enter came before the last keys' updates
            self.list.query = event.value
            self._show_rows()
        if self.list.query.strip():
            ranking = self.list.ranking()
            if ranking:
                table.move_to(ranking[0][0])
        else:
            self.query_one("#filter").display = False
        self.set_focus(table)
        self.filter_hint(typing=False)

    def clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        keep = self.query_one(ClaimsTable).current_id
        self.list.query = ""
        with box.prevent(Input.Changed):
            box.value = ""
        box.display = False
        self._show_rows(keep=keep)
        self.set_status_line("")
        self.set_focus(self.query_one(ClaimsTable))

    def action_escape(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display or self.list.query:
            self.clear_filter()
            return
        self.cd_app.show_article_list()

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
        self.list.by_checkworthiness = not self.list.by_checkworthiness
        self._show_rows()
        order = "check-worthiness" if self.list.by_checkworthiness else "position in the text"
        self.notify(f"Sorted by {order}.", timeout=2, markup=False)
