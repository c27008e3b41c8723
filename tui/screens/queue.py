"""The queue: claims across every article on the desk, narrowed by the filter's fields.

A reviewer's day is often one kind of work across articles ("every claim that still needs
a source"), not one article at a time. This screen lists the desk's claims matching a
query in the ``/`` filter's language (``status:needs_source``, ``kind:money``, free text;
``core.claimquery``), and ``enter`` opens the claim in its article's review screen.

On a team desk a reviewer with articles assigned opens on their own queue, what is still
to decide in those articles (:data:`MINE_QUERY`), and ``m`` switches between it and the
desk-wide default. There the claims are read by the query's fields, by SQL, each time the
fields change (the free text ranks what they read): the desk is never read whole. A desk
file's claims are in memory anyway, so they are read once and filtered as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from core.claimquery import ClaimQuery
from core.claimselect import Selection
from core.desk.api import DeskBackend
from core.model import Claim
from tui.display import key_figure_text, one_line, status_cell
from tui.messages import DeskChanged
from tui.screens.resume_styles import KeepStylesOnResume
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from core.match import ClaimFilter
    from tui.app import ClaimdeskApp

DEFAULT_QUERY = "status:needs_source"
MINE_QUERY = "reviewer:me status:unreviewed"
"""The reviewer's own queue: what is still to decide in the articles assigned to them
(and any claim they touched last that is still unreviewed)."""
MAX_ROWS = 1000
"""Rows drawn at once: a queue longer than this is narrowed by typing, not scrolled."""


def opening_query(desk: DeskBackend, reviewer: str) -> str:
    """The reviewer's own queue when a team desk assigns them an article, else the
    desk-wide default."""
    from core.claimselect import keeps_assignments

    if not keeps_assignments(desk) or not reviewer.strip():
        return DEFAULT_QUERY
    held = {who.lower() for who in desk.assignments().values()}  # type: ignore[attr-defined]
    return MINE_QUERY if reviewer.strip().lower() in held else DEFAULT_QUERY


class QueueScreen(KeepStylesOnResume):
    """Claims across the desk matching a query; enter opens one in its article."""

    AUTO_FOCUS = "#queue"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_claim", "Open in its article", show=False, id="queue.open"),
        Binding("slash", "edit_query", "Filter", priority=True, id="queue.filter"),
        Binding("m", "mine", "Mine / all", id="queue.mine"),
        Binding("j", "move(1)", "Next claim", show=False, id="queue.next"),
        Binding("k", "move(-1)", "Previous claim", show=False, id="queue.previous"),
        Binding("escape", "close", "Back", id="queue.close"),
    ]

    def __init__(self, query: str = DEFAULT_QUERY) -> None:
        super().__init__()
        self.query_text = query
        self.claims: dict[str, Claim] = {}
        self.titles: dict[str, str] = {}
        self.assignees: dict[str, str] = {}
        self._index: ClaimFilter | None = None
        self._fields: ClaimQuery | None = None
        """The fields the listed claims were read for (a team desk reads by them)."""
        self._reading: ClaimQuery | None = None
        """The fields of the read in progress, if any."""
        self._reads = 0
        """Reads asked for so far: only the latest one's answer is shown."""

    @property
    def cd_app(self) -> ClaimdeskApp:
        return self.app  # type: ignore[return-value]

    @property
    def by_query(self) -> bool:
        """Whether the desk is asked by the query's fields (a team desk), not read once."""
        return hasattr(self.cd_app.desk, "select_claims")

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

    async def on_mount(self) -> None:
        await self.query_one(KeysFooter).show_keys()
        self.query_one(TitleBar).set_title("claimdesk — queue: claims across the desk")
        table = self.query_one("#queue", DataTable)
        table.add_column("Status", key="status", width=14)
        table.add_column("Figure", key="figure", width=14)
        table.add_column("Article", key="article", width=28)
        if self.by_query:
            table.add_column("Assigned", key="assigned", width=10)
        table.add_column("Statement", key="statement")
        table.loading = True
        self._read(self._wanted(self.query_text) or ClaimQuery())

    @property
    def loaded(self) -> bool:
        """The claims the query asks for are read and listed."""
        return (
            self._index is not None
            and self._reading is None
            and not self.query_one("#queue", DataTable).loading
        )

    def on_screen_resume(self) -> None:
        # Back from a review screen: verdicts given there move claims out of the queue.
        if self._index is not None:
            self.query_one("#queue", DataTable).loading = True
            self._index = None
            self._read(self._fields or ClaimQuery())

    @on(DeskChanged)
    def _desk_changed(self, message: DeskChanged) -> None:
        """Another reviewer decided a claim or an article was assigned: read the queue
        again (by its fields: a query, not the desk)."""
        if message.presence or self._index is None:
            return
        self._read(self._reading or self._fields or ClaimQuery())

    def _parse(self, text: str) -> ClaimQuery:
        from core.claimquery import parse_query

        return parse_query(text, me=self.cd_app.reviewer)

    def _wanted(self, text: str) -> ClaimQuery | None:
        """The fields to read the desk by for ``text`` (``None``: what is read will do)."""
        if not self.by_query:
            return None if self._fields is not None else ClaimQuery()
        query = self._parse(text)
        return None if query.problems else query.fields()

    def _read(self, fields: ClaimQuery) -> None:
        self._reading = fields
        self._reads += 1
        self.load(fields, self._reads)

    @work(thread=True, exclusive=True, group="queue-load", exit_on_error=False)
    def load(
        self, fields: ClaimQuery, read: int
    ) -> tuple[int, ClaimQuery, Selection, dict[str, str], ClaimFilter]:
        """The current claims the fields may select and a filter index over them (off the
        UI thread: a big desk takes a moment)."""
        from core.claimselect import CURRENT, select
        from core.match import ClaimFilter

        desk = self.cd_app.desk
        selection = select(desk, fields, CURRENT)
        titles = {a.id: a.title or a.source for a in desk.articles()}
        return read, fields, selection, titles, ClaimFilter(selection.claims.values())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "queue-load":
            return
        table = self.query_one("#queue", DataTable)
        if event.state == WorkerState.SUCCESS:
            read, fields, selection, titles, index = cast(
                "tuple[int, ClaimQuery, Selection, dict[str, str], ClaimFilter]",
                event.worker.result,
            )
            if read != self._reads:
                return  # an older read than the one now asked for
            self._fields, self._reading = fields, None
            self.titles, self._index = titles, index
            self.claims, self.assignees = selection.claims, selection.assignees
            table.loading = False
            self.show(self.query_one("#queue-query", Input).value)
        elif event.state == WorkerState.ERROR:
            self._reading, self._fields = None, None
            table.loading = False
            self._hint(f"Could not read the desk: {event.worker.error}")

    def ranking(self, text: str) -> list[str]:
        """Claim ids matching ``text``: by score when words are typed, else desk order."""
        from core.claimquery import rank

        if self._index is None:
            return []
        query = self._parse(text)
        ranked = rank(query, self.claims, self._index.query, self.assignees)
        ids = [cid for cid, _ in ranked]
        if not query.text:
            order = {cid: i for i, cid in enumerate(self.claims)}
            ids.sort(key=order.__getitem__)
        return ids

    def show(self, text: str) -> None:
        from core.claimselect import assignment_problem

        wanted = self._wanted(text)
        if wanted is not None and wanted != self._fields:
            if wanted != self._reading:
                self._read(wanted)  # the rows follow when the desk has answered
            return
        table = self.query_one("#queue", DataTable)
        ids = self.ranking(text)
        table.clear()
        variables = self.app.theme_variables
        for cid in ids[:MAX_ROWS]:
            claim = self.claims[cid]
            cells = [
                status_cell(variables, str(claim.status)),
                Text(one_line(key_figure_text(claim) or ""), no_wrap=True),
                Text(one_line(self.titles.get(claim.article_id, "")), no_wrap=True, style="dim"),
            ]
            if self.by_query:
                held = self.assignees.get(claim.article_id, "")
                cells.append(Text(one_line(held), no_wrap=True))
            cells.append(Text(one_line(claim.statement), no_wrap=True))
            table.add_row(*cells, key=cid)
        query = self._parse(text)
        problem = query.problems[0] if query.problems else None
        problem = problem or assignment_problem(query, self.cd_app.desk)
        if problem:
            self._hint(problem)
        else:
            shown = f" (the first {MAX_ROWS})" if len(ids) > MAX_ROWS else ""
            plural = "" if len(ids) == 1 else "s"
            mine = "m mine or all, " if self.by_query else ""
            self._hint(
                f"{len(ids)} claim{plural}{shown} match “{text.strip()}” — enter opens one "
                f"in its article, / changes the query, {mine}escape goes back"
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
        if action == "mine" and not self.by_query:
            return False  # a desk file assigns nothing: no queue of one's own
        if action in ("edit_query", "move", "open_claim", "mine"):
            # Typed into the query box, these keys are text (and enter submits it).
            return not self.query_one("#queue-query", Input).has_focus
        return True

    def action_edit_query(self) -> None:
        box = self.query_one("#queue-query", Input)
        self.set_focus(box)
        box.select_all()

    def action_mine(self) -> None:
        """Between the reviewer's own queue and the desk-wide default."""
        box = self.query_one("#queue-query", Input)
        box.value = DEFAULT_QUERY if box.value.strip() == MINE_QUERY else MINE_QUERY

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
