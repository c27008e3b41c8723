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
from tui.commands import ActionCommands
from tui.screens.article_list import ArticleListScreen
from tui.screens.help import HelpScreen, bindings_of
from tui.screens.review import ReviewScreen

READY_ENV = "CLAIMDESK_EXIT_WHEN_READY"
"""Set to make the app print ``READY <ms>`` and exit once its first screen is drawn
(used by ``bench/tui.py`` to time start-up from outside)."""


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


class ClaimdeskApp(App[int]):
    """Review the claims of news articles from the keyboard."""

    CSS_PATH = "claimdesk.tcss"
    TITLE = "claimdesk"
    COMMANDS = App.COMMANDS | {ActionCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        desk,
        reviewer: str,
        articles: Sequence[Article] = (),
        *,
        model: str | None = None,
    ) -> None:
        super().__init__()
        from core.review import Review

        self.desk = desk
        self.reviewer = reviewer
        self.review = Review(desk, reviewer)
        self.model = model
        self.articles = list(articles)
        self.opens_article = bool(self.articles)
        self._background: list[Article] = []
        self._started = _started_at()

    def on_mount(self) -> None:
        self.list_screen = ArticleListScreen()
        self.push_screen(self.list_screen)
        if not self.articles:
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

    # -- navigation ------------------------------------------------------------------

    def open_article(self, article: Article) -> None:
        self.push_screen(ReviewScreen(article))

    def refresh_article_list(self) -> None:
        if self.list_screen.is_mounted:
            self.list_screen.action_refresh()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(bindings_of(self.screen)))

    # -- imports ---------------------------------------------------------------------

    def article_imported(self, article_id: str) -> None:
        """A review screen finished importing its article: the list catches up, and the
        other articles from the command line get their turn (one extraction at a time)."""
        self.list_screen.pending.pop(article_id, None)
        self.refresh_article_list()
        self.start_background_imports()

    def start_background_imports(self) -> None:
        if self._background:
            articles, self._background = self._background, []
            self.import_in_background(articles)

    @work(thread=True, exclusive=True, group="background-import", exit_on_error=False)
    def import_in_background(self, articles: list[Article]) -> None:
        from core.extract import extract_claims

        worker = get_current_worker()
        for article in articles:
            if worker.is_cancelled:
                return
            try:
                claims = extract_claims(
                    article, model=self.model, cancel=lambda: worker.is_cancelled
                )
            except Exception as exc:
                self.call_from_thread(
                    self.notify,
                    f"Could not read claims of {article.source}: {exc}",
                    severity="error",
                )
                continue
            self.call_from_thread(self._save_import, article, claims)

    def _save_import(self, article: Article, claims) -> None:
        try:
            self.review.import_article(article, claims)
        except Exception as exc:
            self.notify(f"Could not save {article.source}: {exc}", severity="error")
            return
        self.list_screen.pending.pop(article.id, None)
        self.refresh_article_list()

    # -- start-up timing -------------------------------------------------------------

    def first_screen_ready(self) -> None:
        """Called once the first screen shows its content (see ``READY_ENV``)."""
        if os.environ.get(READY_ENV):
            elapsed = (_now() - self._started) * 1000
            print(f"READY {elapsed:.1f}", file=sys.__stderr__, flush=True)
            self.exit(0)


def _now() -> float:
    import time

    return time.perf_counter()


def _started_at() -> float:
    return _now()
