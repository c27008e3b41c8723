"""The workbench application: a desk, a reviewer, and the screens to review with.

The app holds the one ``Desk`` and the one ``Review`` (every change goes through it) and
owns navigation: the article list is the bottom screen; each article opens a review
screen on top. Articles given on the command line that are not yet on the desk (or that
changed) go into one import queue: a thread worker finds their claims one article at a
time (one spaCy pipeline) while the text is already on screen, and posts them back to
be saved on the UI thread (the desk has one writer) by ``core.importing``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import get_current_worker

from core.errors import DeskError, UserError
from core.importing import import_article, stored_copy
from core.model import Article
from core.tally import DecisionTally
from tui import heap
from tui.keyhold import KeyHold
from tui.messages import (
    ArticleImported,
    ArticleRead,
    ArticleUnreadable,
    ClaimsFound,
    ClaimsNotFound,
    DeskChanged,
    SourceRead,
    SourceUnreadable,
)
from tui.screens.review import ReviewScreen
from tui.start_size import OneStartSize

if TYPE_CHECKING:
    from core.desk.api import DeskBackend
    from tui.commands import DeskSearch

RECHECK_DELAY = 1.0
"""Seconds after start-up before files opened from the desk's copy are read again (the
first screen paints first). Tests set it to 0."""

READY_ENV = "CLAIMDESK_EXIT_WHEN_READY"
"""Start-up timing for ``bench/tui.py``. ``first``: print ``READY <ms>`` and exit once the
first screen is drawn (an article's text, or the article list). ``claims``: also wait for
the claims to be listed (after extraction, for a new article), print ``CLAIMS <ms>``, exit."""


def _action_commands():
    """The palette provider, imported when the palette first opens (not at start-up)."""
    from tui.commands import ActionCommands

    return ActionCommands


def _claim_commands():
    """The palette's search over every claim on the desk (imported on first open too)."""
    from tui.commands import ClaimCommands

    return ClaimCommands


class ClaimdeskApp(KeyHold, OneStartSize, App[int]):
    """Review the claims of news articles from the keyboard."""

    CSS_PATH = "claimdesk.tcss"
    TITLE = "claimdesk"
    COMMANDS = App.COMMANDS | {_action_commands, _claim_commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("w", "queue", "Queue: claims across the desk", show=False, id="app.queue"),
        Binding(
            "ctrl+o", "import_article", "Import an article (path)", show=False, id="app.import"
        ),
        Binding("t", "statistics", "Statistics: decided, pace", show=False, id="app.statistics"),
    ]

    def __init__(
        self,
        desk: DeskBackend,
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
        self._queue: list[Article] = []  # waiting for their claims, in order
        self._importing = False
        # (path, article id) of articles opened from the desk's copy: the file is read
        # again in a worker, and re-imported if it changed since.
        self.recheck = list(recheck)
        self._started = _started_at()
        self._ready_printed = False
        self.desk_search: DeskSearch | None = None  # made when the palette opens
        self.tally = DecisionTally()  # what has been decided since the workbench opened
        self.skipped: set[str] = set()  # claims left for later: "next unreviewed" passes them

    def on_mount(self) -> None:
        from tui.live import Live
        from tui.screens.article_list import ArticleListScreen

        self.live = Live(self)  # a team desk: others' changes and presence, live

        self.list_screen = ArticleListScreen()
        self.show_desk_warnings()
        if not self.articles:
            self.push_screen(self.list_screen)
            return
        first, *others = self.articles
        shown = stored_copy(self.desk, first)
        self.push_screen(ReviewScreen(shown or first, pending=shown is None))
        for article in (first, *others):
            if article is first and shown is not None:
                continue
            if article is first or stored_copy(self.desk, article) is None:
                self.queue_import(article)
        if self.recheck:
            # Re-reading a file is CPU work in a thread; let the first screen paint first.
            recheck = self.recheck
            if RECHECK_DELAY:
                self.set_timer(RECHECK_DELAY, lambda: self.check_sources(recheck))
            else:
                self.call_after_refresh(self.check_sources, recheck)

    def show_desk_warnings(self) -> None:
        """Damage the desk found on opening (a dropped torn record, malformed records set
        aside) is said on screen, once, as the command line says it on stderr."""
        while self.desk.warnings:
            self.notify(self.desk.warnings.pop(0), severity="warning", timeout=15, markup=False)

    def on_desk_changed(self, message: DeskChanged) -> None:
        """Another reviewer's change (from the team desk's listener): to the screen on top."""
        if not self.screen_stack:  # closing down
            return
        self.screen.post_message(
            DeskChanged(message.reviewer, message.articles, message.claims, message.presence)
        )

    def on_unmount(self) -> None:
        heap.release()
        live = getattr(self, "live", None)
        if live is not None:
            live.close()

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
            self.switch_screen(opened)  # one review screen at a time: escape goes to the list
        else:
            self.push_screen(opened)

    def show_review(self, article: Article, *, pending: bool = False) -> None:
        """Open ``article`` for review, in place of the review screen in front if any
        (one review screen at a time: escape goes back to the list)."""
        opened = ReviewScreen(article, pending=pending)
        if isinstance(self.screen, ReviewScreen):
            self.switch_screen(opened)
        else:
            self.push_screen(opened)

    def article_order(self) -> list[Article]:
        """The articles in the article list's order (the desk's, then those being read)."""
        articles = self.desk.articles()
        known = {a.id for a in articles}
        return articles + [a for a in self.list_screen.pending.values() if a.id not in known]

    def open_neighbour(self, article_id: str, step: int) -> None:
        """The article ``step`` places after ``article_id`` in the list (``]`` / ``[``)."""
        order = self.article_order()
        ids = [a.id for a in order]
        index = ids.index(article_id) + step if article_id in ids else 0
        if not 0 <= index < len(order):
            where = "last" if step > 0 else "first"
            self.notify(f"This is the {where} article on the desk.", timeout=2)
            return
        article = order[index]
        self.show_review(article, pending=article.id in self.list_screen.pending)

    def action_import_article(self) -> None:
        """A path prompt (tab completes); the file goes through the import queue and its
        article opens at once, its claims listed when they are found."""
        from tui.screens.import_prompt import ImportPrompt

        if isinstance(self.screen, ImportPrompt):
            return

        def chosen(path: str | None) -> None:
            if path:
                self.read_for_import(path)

        self.push_screen(ImportPrompt(), chosen)

    @work(thread=True, group="read-for-import")
    def read_for_import(self, path: str) -> None:
        """Read (decode, normalise) the file off the UI thread; a big HTML page takes a while."""
        from core.ingest import read_article

        try:
            article = read_article(path)
        except (UserError, OSError) as exc:
            self.post_message(ArticleUnreadable(path, str(exc)))
            return
        self.post_message(ArticleRead(article))

    @on(ArticleUnreadable)
    def _article_unreadable(self, message: ArticleUnreadable) -> None:
        self.notify(f"Not imported: {message.error}", severity="error", markup=False)

    @on(ArticleRead)
    def _article_read(self, message: ArticleRead) -> None:
        article = message.article
        stored = stored_copy(self.desk, article)
        if stored is not None:
            self.notify(f"{article.source} is on the desk already: opened.", markup=False)
            self.show_review(stored)
            return
        self.show_review(article, pending=True)
        self.queue_import(article)
        self.refresh_article_list()

    def action_statistics(self) -> None:
        """What has been decided since the workbench opened (``t``)."""
        from tui.screens.statistics import StatisticsScreen

        if isinstance(self.screen, StatisticsScreen):
            return
        self.push_screen(StatisticsScreen(self.tally, len(self.skipped)))

    def action_queue(self) -> None:
        """Claims across every article, narrowed by the filter's fields (``w``)."""
        from tui.screens.queue import QueueScreen, opening_query

        if isinstance(self.screen, QueueScreen):
            return
        self.push_screen(QueueScreen(opening_query(self.desk, self.reviewer)))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, bindings_of

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(bindings_of(self.screen)))

    # -- imports ---------------------------------------------------------------------

    def queue_import(self, article: Article) -> None:
        """Find and save the claims of ``article`` (after those queued before it); the
        article list shows it as being read meanwhile."""
        self.list_screen.pending[article.id] = article
        self._queue.append(article)
        self._next_import()

    def _next_import(self) -> None:
        if self._queue and not self._importing:
            self._importing = True
            self._import_queue()

    @work(thread=True, group="imports")
    def _import_queue(self) -> None:
        """Extract queued articles one at a time (one spaCy pipeline, one thread)."""
        from core.extract import extract_claims
        from core.extract.claims import Cancelled

        worker = get_current_worker()
        try:
            while self._queue and not worker.is_cancelled:
                article = self._queue.pop(0)
                try:
                    claims = extract_claims(
                        article, model=self.model, cancel=lambda: worker.is_cancelled
                    )
                except Cancelled:
                    return
                except (UserError, OSError, ValueError) as exc:
                    self.post_message(ClaimsNotFound(article, str(exc)))
                    continue
                self.post_message(ClaimsFound(article, claims))
        finally:
            self.call_from_thread(self._import_finished)

    def _import_finished(self) -> None:
        self._importing = False
        self._next_import()

    @on(ClaimsFound)
    def _save_import(self, message: ClaimsFound) -> None:
        article = message.article
        requested = article.id
        try:
            report = import_article(self.review, article, message.claims)
        except (UserError, DeskError) as exc:
            self._import_failed(article, f"Could not save {article.source}: {exc}", str(exc))
            return
        self.list_screen.pending.pop(requested, None)
        self.refresh_article_list()
        if report.instead_of is not None:  # another story saved at a reviewed one's path
            self.notify(f"{article.source}: {report.summary()}", timeout=8, markup=False)
        imported = ArticleImported(requested, report)
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen) and screen.article.id == requested:
                screen.imported(imported)
            elif isinstance(screen, ReviewScreen) and screen.article.id == report.article.id:
                screen.load_claims(reload_text=True)

    @on(ClaimsNotFound)
    def _claims_not_found(self, message: ClaimsNotFound) -> None:
        article = message.article
        text = f"Could not find the claims of {article.source}: {message.error}"
        self._import_failed(article, text, message.error)

    def _import_failed(self, article: Article, text: str, error: str) -> None:
        self.list_screen.pending.pop(article.id, None)
        self.refresh_article_list()
        self.notify(text, severity="error", markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen) and screen.article.id == article.id:
                screen.import_failed(error)

    @work(thread=True, group="check-sources")
    def check_sources(self, items: list[tuple[str, str]]) -> None:
        """Read files opened from the desk's copy again; queue those that changed."""
        from core.ingest import read_article

        for path, _article_id in items:
            try:
                fresh = read_article(path)
            except (UserError, OSError) as exc:
                self.post_message(SourceUnreadable(str(exc)))
                continue
            self.post_message(SourceRead(fresh))

    @on(SourceUnreadable)
    def _source_unreadable(self, message: SourceUnreadable) -> None:
        text = f"{message.error} — showing the copy on the desk."
        self.notify(text, severity="warning", markup=False)

    @on(SourceRead)
    def _source_read(self, message: SourceRead) -> None:
        fresh = message.article
        if stored_copy(self.desk, fresh) is None:
            self.notify(
                f"{fresh.source} changed since it was imported: reading it again…", markup=False
            )
            self.queue_import(fresh)

    # -- start-up timing -------------------------------------------------------------

    def first_screen_ready(self, *, claims_shown: bool = True) -> None:
        """Called when the first screen shows its text, and when its claims are listed."""
        heap.settle()  # what start-up built lives on: out of the collector's way
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
