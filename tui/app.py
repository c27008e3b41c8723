"""The workbench application: a desk, a reviewer, and the screens to review with.

The app holds the one ``Desk`` and the one ``Review`` (every change goes through it) and
owns navigation: the article list is the bottom screen; each article opens a review
screen on top. Articles given on the command line that are not yet on the desk (or that
changed) are extracted in a thread worker while their text is already on screen.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import get_current_worker

from core.model import Article
from tui.messages import ArticleImported
from tui.screens.review import ReviewScreen

READY_ENV = "CLAIMDESK_EXIT_WHEN_READY"
"""Start-up timing for ``bench/tui.py``. ``first``: print ``READY <ms>`` and exit once the
first screen is drawn (an article's text, or the article list). ``claims``: also wait for
the claims to be listed (after extraction, for a new article), print ``CLAIMS <ms>``, exit."""


def needs_import(desk, article: Article) -> tuple[Article, bool]:
    """The article to show and whether its claims still have to be found.

    An article already on the desk with the same text opens straight from the desk (no
    spaCy at start-up); a new or changed one is shown as read and imported in a worker.
    """
    try:
        stored = desk.article(article.id)
    except KeyError:
        return article, True
    same = stored.text == article.text or (
        bool(stored.content_hash) and stored.content_hash == article.content_hash
    )
    return (stored, False) if same else (article, True)


def _action_commands():
    """The palette provider, imported when the palette first opens (not at start-up)."""
    from tui.commands import ActionCommands

    return ActionCommands


def _claim_commands():
    """The palette's search over every claim on the desk (imported on first open too)."""
    from tui.commands import ClaimCommands

    return ClaimCommands


class ClaimdeskApp(App[int]):
    """Review the claims of news articles from the keyboard."""

    CSS_PATH = "claimdesk.tcss"
    TITLE = "claimdesk"
    COMMANDS = App.COMMANDS | {_action_commands, _claim_commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("w", "queue", "Queue: claims across the desk", show=False, id="app.queue"),
    ]

    def __init__(
        self,
        desk,
        reviewer: str,
        articles: Sequence[Article] = (),
        *,
        model: str | None = None,
        recheck: Sequence[tuple[str, str]] = (),
        keymap: dict[str, str] | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        from core.review import Review

        if keymap:
            self.set_keymap(keymap)  # the configuration's [keys]: binding id → key
        if theme:
            self.theme = theme  # the configuration's theme (checked by ``launch``)
        self.desk = desk
        self.reviewer = reviewer
        self.review = Review(desk, reviewer)
        self.model = model
        self.articles = list(articles)
        self.opens_article = bool(self.articles)
        self._background: list[Article] = []
        self._importing = False
        # (path, article id) of articles opened from the desk's copy: the file is read
        # again in a worker, and re-imported if it changed since.
        self.recheck = list(recheck)
        self._started = _started_at()
        self._ready_printed = False
        # Bumped whenever what claims say (not their verdicts) changes on the desk: the
        # palette's claim search rebuilds its index when it is behind.
        self.claims_generation = 0
        self.desk_search = None  # tui.commands.DeskSearch, made when the palette opens

    def on_mount(self) -> None:
        from tui.screens.article_list import ArticleListScreen

        self.list_screen = ArticleListScreen()
        self.show_desk_warnings()
        if not self.articles:
            self.push_screen(self.list_screen)
            return
        first, *others = self.articles
        shown, pending = needs_import(self.desk, first)
        for other in others:
            article, other_pending = needs_import(self.desk, other)
            if other_pending:
                self._background.append(article)
                self.list_screen.pending[article.id] = article
        self.push_screen(ReviewScreen(shown, pending=pending))
        if not pending:
            self.start_background_imports()
        if self.recheck:
            # Re-reading a file is CPU work in a thread; let the first screen paint first.
            self.set_timer(1.0, lambda: self.check_sources(self.recheck))

    def show_desk_warnings(self) -> None:
        """Damage the desk found on opening (a dropped torn record, malformed records set
        aside) is said on screen, once, as the command line says it on stderr."""
        while self.desk.warnings:
            self.notify(self.desk.warnings.pop(0), severity="warning", timeout=15, markup=False)

    # -- navigation ------------------------------------------------------------------

    def open_article(self, article: Article) -> None:
        self.push_screen(ReviewScreen(article))

    def refresh_article_list(self) -> None:
        if self.list_screen.is_mounted:
            self.list_screen.action_refresh()

    def show_article_list(self) -> None:
        """Back to the list (or to the queue, when the review was opened from it). The
        list is built only when first wanted: opening an article from the command line
        must not pay for a screen the reviewer may never visit."""
        from tui.screens.queue import QueueScreen

        stack = self.screen_stack
        if len(stack) > 1 and isinstance(stack[-2], QueueScreen):
            self.pop_screen()
            return
        if self.list_screen in self.screen_stack:
            while self.screen is not self.list_screen:
                self.pop_screen()
            self.list_screen.action_refresh()
        else:
            self.switch_screen(self.list_screen)

    def open_claim(self, article_id: str, claim_id: str) -> None:
        """Show a claim (chosen in the palette) in its article's review screen."""
        screen = self.screen
        if isinstance(screen, ReviewScreen) and screen.article.id == article_id:
            screen.select_claim(claim_id)
            return
        try:
            article = self.desk.article(article_id)
        except KeyError:
            self.notify("That article is no longer on the desk.", severity="warning")
            return
        opened = ReviewScreen(article, select=claim_id)
        if isinstance(screen, ReviewScreen):
            screen.hand_over_import()
            self.switch_screen(opened)  # one review screen at a time: escape goes to the list
        else:
            self.push_screen(opened)

    def action_queue(self) -> None:
        """Claims across every article, narrowed by the filter's fields (``w``)."""
        from tui.screens.queue import QueueScreen

        if isinstance(self.screen, QueueScreen):
            return
        self.push_screen(QueueScreen())

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, bindings_of

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(bindings_of(self.screen)))

    # -- imports ---------------------------------------------------------------------

    def on_article_imported(self, message: ArticleImported) -> None:
        """A review screen finished importing its article: the list catches up, and the
        other articles from the command line get their turn (one extraction at a time)."""
        self.list_screen.pending.pop(message.article_id, None)
        self.refresh_article_list()
        self.start_background_imports()

    def adopt_import(self, article: Article) -> None:
        """Find the claims of an article whose review screen was left before they were."""
        self.list_screen.pending[article.id] = article
        self._background.append(article)
        self.start_background_imports()

    def start_background_imports(self) -> None:
        """Extract queued articles one at a time (one spaCy pipeline, one thread)."""
        if self._background and not self._importing:
            self._importing = True
            self.import_in_background()

    @work(thread=True, group="background-import", exit_on_error=False)
    def import_in_background(self) -> None:
        from core.extract import extract_claims

        worker = get_current_worker()
        try:
            while self._background and not worker.is_cancelled:
                article = self._background.pop(0)
                try:
                    claims = extract_claims(
                        article, model=self.model, cancel=lambda: worker.is_cancelled
                    )
                except Exception as exc:
                    self.call_from_thread(
                        self.notify,
                        f"Could not read claims of {article.source}: {exc}",
                        severity="error",
                        markup=False,
                    )
                    continue
                self.call_from_thread(self._save_import, article, claims)
        finally:
            self.call_from_thread(self._import_finished)

    def _import_finished(self) -> None:
        self._importing = False
        self.start_background_imports()

    @work(thread=True, group="check-sources", exit_on_error=False)
    def check_sources(self, items: list[tuple[str, str]]) -> None:
        """Read files opened from the desk's copy again; queue those that changed."""
        from core.ingest import read_article

        for path, article_id in items:
            try:
                fresh = read_article(path)
            except Exception as exc:
                self.call_from_thread(
                    self.notify,
                    f"{exc} — showing the copy on the desk.",
                    severity="warning",
                    markup=False,
                )
                continue
            self.call_from_thread(self._compare_source, fresh, article_id)

    def _compare_source(self, fresh: Article, article_id: str) -> None:
        article, changed = needs_import(self.desk, fresh)
        if changed:
            self.notify(
                f"{fresh.source} changed since it was imported: reading it again…", markup=False
            )
            self._background.append(article)
            self.start_background_imports()

    def _save_import(self, article: Article, claims) -> None:
        try:
            self.review.import_article(article, claims)
        except Exception as exc:
            self.notify(f"Could not save {article.source}: {exc}", severity="error", markup=False)
            return
        self.list_screen.pending.pop(article.id, None)
        self.claims_generation += 1
        self.refresh_article_list()
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen) and screen.article.id == article.id:
                screen.load_claims(reload_text=True)

    # -- start-up timing -------------------------------------------------------------

    def first_screen_ready(self, *, claims_shown: bool = True) -> None:
        """Called when the first screen shows its text, and when its claims are listed."""
        mode = os.environ.get(READY_ENV)
        if not mode:
            return
        elapsed = (_now() - self._started) * 1000
        if not self._ready_printed:
            self._ready_printed = True
            print(f"READY {elapsed:.1f}", file=sys.__stderr__, flush=True)
        if mode != "claims" or claims_shown:
            if claims_shown and mode == "claims":
                print(f"CLAIMS {elapsed:.1f}", file=sys.__stderr__, flush=True)
            self.exit(0)


def _now() -> float:
    import time

    return time.perf_counter()


def _started_at() -> float:
    return _now()
