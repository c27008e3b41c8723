"""The command palette: every action of the screen in front by name, and every claim on
the desk by what it says.

Actions are built from the screen's and the app's bindings, so an action added with a
binding is in the palette too, with the key shown beside it. Claims are found with
``core.match.ClaimFilter`` over the whole desk; building that index reads every claim
(seconds on a desk of 100,000), so it is built in a thread worker the first time the
palette opens and kept, and rebuilt in the background when claims' text changes.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

from core.model import Status
from tui.display import STATUS_LABEL, one_line
from tui.screens.help import bound_actions, key_label

if TYPE_CHECKING:
    from core.match import ClaimFilter
    from tui.app import ClaimdeskApp

CLAIM_HITS = 20
"""Claims listed for one query: the palette is for jumping, not browsing."""


class ActionCommands(Provider):
    """Every bound action of the current screen, searchable by its description."""

    def _commands(self):
        screen = self.screen
        target = screen
        # The palette is itself a screen: act on the one underneath.
        stack = self.app.screen_stack
        for candidate in reversed(stack):
            if candidate.__class__.__name__ != "CommandPalette":
                target = candidate
                break
        for binding, owner in bound_actions(target):
            if binding.action in ("command_palette",):
                continue
            name = binding.description or binding.action
            yield (
                name,
                f"{key_label(binding, getattr(self.app, '_keymap', None))}  ·  "
                f"{binding.id or binding.action}",
                partial(owner.run_action, binding.action),
            )

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class DeskSearch:
    """The whole desk's claims as one ``ClaimFilter``, built off the UI thread.

    Kept on the app (``app.desk_search``) so the index is built once, not per palette
    opening. The desk's ``revision`` says when anything on it changed; the index is then
    rebuilt in the background while the old one keeps answering (verdicts are read from
    the desk for every hit, so they are never stale).
    """

    def __init__(self, app: ClaimdeskApp) -> None:
        self.app = app
        self.index: ClaimFilter | None = None
        self._built_for = -1
        self._worker: Worker | None = None

    @classmethod
    def of(cls, app: ClaimdeskApp) -> DeskSearch:
        if app.desk_search is None:
            app.desk_search = cls(app)
        return app.desk_search

    def refresh(self) -> None:
        """Start a build when there is no index yet or the desk's claims moved on."""
        generation = self.app.desk.revision
        if generation == self._built_for:
            return
        if self._worker is not None and not self._worker.is_finished:
            return  # the next opening catches up
        self._built_for = generation
        self._worker = self.app.run_worker(
            self._build, thread=True, group="desk-search", exit_on_error=False
        )

    def _build(self) -> ClaimFilter:
        from core.match import ClaimFilter

        index = ClaimFilter.from_desk(self.app.desk)
        self.index = index
        return index

    async def ready(self) -> ClaimFilter | None:
        """The index; the first time, once the worker has built it."""
        if self.index is None and self._worker is not None:
            while self._worker.state == WorkerState.PENDING:  # wait() refuses until it runs
                await asyncio.sleep(0.01)
            try:
                await self._worker.wait()
            except (WorkerFailed, WorkerCancelled):
                return None
        return self.index


class ClaimCommands(Provider):
    """``claim: <statement> — <article title>``: choosing one opens that article's review
    screen with the cursor on the claim."""

    @property
    def cd_app(self) -> ClaimdeskApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        self._desk_search = DeskSearch.of(self.cd_app)
        self._desk_search.refresh()
        self._titles: dict[str, str] = {}

    def _title(self, article_id: str) -> str:
        title = self._titles.get(article_id)
        if title is None:
            try:
                article = self.cd_app.desk.article(article_id)
                title = article.title or article.source
            except KeyError:
                title = "?"
            self._titles[article_id] = title
        return title

    async def search(self, query: str) -> Hits:
        index = await self._desk_search.ready()
        if index is None or not query.strip():
            return
        desk = self.cd_app.desk
        for claim_id, score in index.query(query, limit=CLAIM_HITS):
            try:
                claim = desk.claim(claim_id)
            except KeyError:
                continue  # undone or re-imported since the index was built
            if claim.status == Status.REMOVED:
                continue
            statement = one_line(claim.statement)
            if len(statement) > 90:
                statement = statement[:89] + "…"
            text = f"claim: {statement} — {one_line(self._title(claim.article_id))}"
            figure = one_line(claim.key_figure.text) if claim.key_figure else claim.type
            status = STATUS_LABEL.get(claim.status, claim.status)
            yield Hit(
                # Below an exact action name (1.0): a claim is found by words, not a name.
                min(score / 100.0, 1.0) * 0.9,
                Content(text),  # article text is never markup
                partial(self.cd_app.open_claim, claim.article_id, claim.id),
                text=text,
                # Content, never markup; the palette takes it as it is (typed ``str``).
                help=Content(f"{figure}  ·  {status}"),  # type: ignore[arg-type]
            )
