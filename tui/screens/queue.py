"""The queue: claims across every article on the desk, narrowed by the filter's fields.

A reviewer's day is often one kind of work across articles ("every claim that still needs
a source"), not one article at a time. This screen lists the desk's claims matching a
query in the ``/`` filter's language (``status:needs_source``, ``kind:money``, free text;
``core.claimquery``), and ``enter`` opens the claim in its article's review screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from core.model import Claim
from tui.display import key_figure_text, one_line, status_cell
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from core.match import ClaimFilter
    from tui.app import ClaimdeskApp

DEFAULT_QUERY = "status:needs_source"
MAX_ROWS = 1000
"""Rows drawn at once: a queue longer than this is narrowed by typing, not scrolled."""


class QueueScreen(Screen):
    """Claims across the desk matching a query; enter opens one in its article."""

    AUTO_FOCUS = "#queue"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_claim", "Open in its article", show=False, id="queue.open"),
        Binding("slash", "edit_query", "Filter", priority=True, id="queue.filter"),
        Binding("j", "move(1)", "Next claim", show=False, id="queue.next"),
        Binding("k", "move(-1)", "Previous claim", show=False, id="queue.previous"),
        Binding("escape", "close", "Back", id="queue.close"),
    ]

    def __init__(self, query: str = DEFAULT_QUERY) -> None:
        super().__init__()
        self.query_text = query
        self.claims: dict[str, Claim] = {}
        self.titles: dict[str, str] = {}
        self._index: ClaimFilter | None = None

    @property
    def cd_app(self) -> ClaimdeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield Input(
            value=self.query_text,
            placeholder="status:needs_source kind:money claimant:… reviewer:… and words",
            id="queue-query",
        )
        yield DataTable(cursor_type="row", id="queue")
        yield Static(id="queue-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(TitleBar).set_title("claimdesk — queue: claims across the desk")
        table = self.query_one("#queue", DataTable)
        table.add_column("Status", key="status", width=14)
        table.add_column("Figure", key="figure", width=14)
        table.add_column("Article", key="article", width=28)
        table.add_column("Statement", key="statement")
        table.loading = True
        self.load()

    @property
    def loaded(self) -> bool:
        """The desk's claims are read and listed (the first load has finished)."""
        return self._index is not None and not self.query_one("#queue", DataTable).loading

    def on_screen_resume(self) -> None:
        # Back from a review screen: verdicts given there move claims out of the queue.
        if self._index is not None:
            self.query_one("#queue", DataTable).loading = True
            self._index = None
            self.load()

    @work(thread=True, exclusive=True, group="queue-load", exit_on_error=False)
    def load(self) -> tuple[dict[str, Claim], dict[str, str], ClaimFilter]:
        """Every current claim on the desk and a filter index over them (off the UI
        thread: a big desk takes a moment)."""
        from core.match import ClaimFilter

        desk = self.cd_app.desk
        claims = {c.id: c for c in desk.iter_claims()}
        titles = {a.id: a.title or a.source for a in desk.articles()}
        return claims, titles, ClaimFilter(claims.values())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "queue-load":
            return
        table = self.query_one("#queue", DataTable)
        if event.state == WorkerState.SUCCESS:
            self.claims, self.titles, self._index = cast(
                "tuple[dict[str, Claim], dict[str, str], ClaimFilter]", event.worker.result
            )
            table.loading = False
            self.show(self.query_one("#queue-query", Input).value)
        elif event.state == WorkerState.ERROR:
            table.loading = False
            self._hint(f"Could not read the desk: {event.worker.error}")

    def ranking(self, text: str) -> list[str]:
        """Claim ids matching ``text``: by score when words are typed, else desk order."""
        from core.claimquery import parse_query, rank

        if self._index is None:
            return []
        query = parse_query(text)
        ranked = rank(query, self.claims, self._index.query)
        ids = [cid for cid, _ in ranked]
        if not query.text:
            order = {cid: i for i, cid in enumerate(self.claims)}
            ids.sort(key=order.__getitem__)
        return ids

    def show(self, text: str) -> None:
        from core.claimquery import parse_query

        table = self.query_one("#queue", DataTable)
        ids = self.ranking(text)
        table.clear()
        variables = self.app.theme_variables
        for cid in ids[:MAX_ROWS]:
            claim = self.claims[cid]
            table.add_row(
                status_cell(variables, str(claim.status)),
                Text(one_line(key_figure_text(claim) or ""), no_wrap=True),
                Text(one_line(self.titles.get(claim.article_id, "")), no_wrap=True, style="dim"),
                Text(one_line(claim.statement), no_wrap=True),
                key=cid,
            )
        problems = parse_query(text).problems
        if problems:
            self._hint(problems[0])
        else:
            shown = f" (the first {MAX_ROWS})" if len(ids) > MAX_ROWS else ""
            plural = "" if len(ids) == 1 else "s"
            self._hint(
                f"{len(ids)} claim{plural}{shown} match “{text.strip()}” — enter opens one "
                "in its article, / changes the query, escape goes back"
            )

    def _hint(self, text: str) -> None:
        self.query_one("#queue-hint", Static).update(Content(text))

    @on(Input.Changed, "#queue-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.show(event.value)

    @on(Input.Submitted, "#queue-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value != self.query_text:
            self.query_text = event.value
            self.show(event.value)
        table = self.query_one("#queue", DataTable)
        self.set_focus(table)
        if table.row_count:
            table.move_cursor(row=0, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_query", "move", "open_claim"):
            # Typed into the query box, these keys are text (and enter submits it).
            return not self.query_one("#queue-query", Input).has_focus
        return True

    def action_edit_query(self) -> None:
        box = self.query_one("#queue-query", Input)
        self.set_focus(box)
        box.select_all()

    def action_move(self, step: int) -> None:
        table = self.query_one("#queue", DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    @on(DataTable.RowSelected, "#queue")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.row_key.value)

    def action_open_claim(self) -> None:
        table = self.query_one("#queue", DataTable)
        if table.row_count:
            self._open(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _open(self, claim_id: str | None) -> None:
        claim = self.claims.get(claim_id or "")
        if claim is None:
            return
        self.cd_app.open_claim(claim.article_id, claim.id)

    def action_close(self) -> None:
        self.dismiss()
