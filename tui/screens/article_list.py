"""Every article on the desk: title, source, a progress bar and counts by status.

This is what ``claimdesk`` alone opens; ``enter`` opens an article for review. On a team
desk the list says who each article is assigned to (``→ ann``, in bold where it is the
reviewer's own) and ``o`` sorts by it: the reviewer's own articles first, then by assignee,
the unassigned last, each group in import order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from core.model import Article, Status
from core.progress import progress_of_counts
from tui.display import STATUS_MARK, one_line, status_rich_style
from tui.messages import DeskChanged
from tui.screens.resume_styles import KeepStylesOnResume
from tui.widgets.keys_footer import KeysFooter
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from tui.app import ClaimdeskApp

BAR_WIDTH = 12


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """``███████░░░░░ 7/12``: readable without colour, stable in snapshots."""
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled) + f" {done}/{total}"


def assignee_order(holder: str | None, me: str) -> tuple[int, str]:
    """Where an article assigned to ``holder`` sorts: the reviewer's own first, then
    by assignee, the unassigned last (a stable sort keeps import order within each)."""
    if not holder:
        return (2, "")
    name = holder.strip().lower()
    return (0, "") if name == me else (1, name)


STATUS_WIDTH = 20
PROGRESS_WIDTH = BAR_WIDTH + 8
COLUMN_PADDING = 2  # a DataTable cell's padding, left and right
SCROLLBAR = 2
REVIEWERS_WIDTH = 14  # "→ ann · bob 3": the assignee and the first reviewer
TITLE_LEAST = 12
SOURCE_LEAST = 8
BAR_LEAST = 4


def column_widths(width: int, by_reviewer: bool = False) -> dict[str, int]:
    """Column widths for a terminal ``width`` wide. Progress and counts by status keep
    their width (they are why the list is open); title and source share what is left,
    so at 80 columns every column is still there rather than the last two cut off. A
    team desk's "By reviewer" column (who has the article, who did what) takes its share
    of that too, rather than starting past the right edge."""
    spare = width - 4 * COLUMN_PADDING - SCROLLBAR - PROGRESS_WIDTH - STATUS_WIDTH
    reviewers = 0
    if by_reviewer:
        spare -= COLUMN_PADDING
        reviewers = max(REVIEWERS_WIDTH, spare * 3 // 10)
        spare -= reviewers
    # Where title and source would fall below their least, the bar gives up cells (the
    # count beside it still reads exactly): at 80 columns a team desk's five fit.
    short = max(0, TITLE_LEAST + SOURCE_LEAST - spare)
    bar = max(BAR_LEAST, BAR_WIDTH - short)
    spare += BAR_WIDTH - bar
    title = max(TITLE_LEAST, spare * 3 // 5)
    widths = {
        "title": title,
        "source": max(SOURCE_LEAST, spare - title),
        "progress": PROGRESS_WIDTH - BAR_WIDTH + bar,
        "counts": STATUS_WIDTH,
    }
    if by_reviewer:
        widths["reviewers"] = reviewers
    return widths


COLUMN_LABELS = {
    "title": "Title",
    "source": "Source",
    "progress": "Progress",
    "counts": "By status",
    "reviewers": "By reviewer",
}


class ArticleListScreen(KeepStylesOnResume):
    """Pick an article to review."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_article", "Open", id="articles.open"),
        Binding("r", "refresh", "Refresh", show=False, id="articles.refresh"),
        Binding("o", "sort_by_assignee", "Sort by assignee", id="articles.sort"),
        Binding("j", "move(1)", "Next article", show=False, id="articles.next"),
        Binding("k", "move(-1)", "Previous article", show=False, id="articles.previous"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[str, Article] = {}
        self._widths: dict[str, int] = {}
        self.by_assignee = False
        """Articles ordered by who they are assigned to (``o``), not by import."""

    @property
    def cd_app(self) -> ClaimdeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        yield DataTable(cursor_type="row", id="articles")
        yield Static(id="empty")
        yield KeysFooter()

    async def on_mount(self) -> None:
        await self.query_one(KeysFooter).show_keys()
        table = self.query_one("#articles", DataTable)
        self._fit_columns(self.size.width or self.app.size.width)
        self.query_one(TitleBar).set_title("claimdesk — articles")
        self.action_refresh()
        table.focus()
        if not self.cd_app.opens_article:
            self.call_after_refresh(self.cd_app.first_screen_ready)

    def on_resize(self) -> None:
        if self._fit_columns(self.size.width):
            self.action_refresh()

    def _fit_columns(self, width: int) -> bool:
        """Lay the columns out for ``width``; ``True`` when they changed (rows to refill)."""
        team = hasattr(self.cd_app.desk, "progress_by_reviewer")  # a team desk
        widths = column_widths(width, by_reviewer=team)
        if widths == self._widths:
            return False
        self._widths = widths
        table = self.query_one("#articles", DataTable)
        table.clear(columns=True)
        for key, size in widths.items():
            table.add_column(COLUMN_LABELS[key], key=key, width=size)
        return True

    def _bar_width(self) -> int:
        """The bar's cells in the progress column as laid out (narrower on a tight
        terminal: see ``column_widths``)."""
        return self._widths.get("progress", PROGRESS_WIDTH) - (PROGRESS_WIDTH - BAR_WIDTH)

    def on_screen_resume(self) -> None:
        self.action_refresh()
        live = getattr(self.cd_app, "live", None)
        if live is not None:
            live.here(None)

    @on(DeskChanged)
    def _desk_changed(self, message: DeskChanged) -> None:
        if not message.presence:
            self.action_refresh()

    def action_refresh(self) -> None:
        desk = self.cd_app.desk
        table = self.query_one("#articles", DataTable)
        keep = self._current_id() if table.row_count else None
        table.clear()
        variables = self.app.theme_variables
        articles = desk.articles()
        known = {a.id for a in articles}
        by_reviewer = getattr(desk, "progress_by_reviewer", None)
        reviewers = by_reviewer() if by_reviewer is not None else None
        assignments = getattr(desk, "assignments", None)  # a team desk's, like the above
        assigned = assignments() if reviewers is not None and assignments is not None else {}
        me = self.cd_app.reviewer.strip().lower()
        if self.by_assignee:
            articles = sorted(articles, key=lambda a: assignee_order(assigned.get(a.id), me))
        for article in articles:
            counts = desk.progress(article.id)
            progress = progress_of_counts(counts)
            summary = Text(no_wrap=True)
            for status in Status:
                n = counts.get(status.value, 0)
                if n and status != Status.REMOVED:
                    summary.append(
                        f"{STATUS_MARK[status]}{n} ", style=status_rich_style(variables, status)
                    )
            cells = [
                Text(one_line(article.title or "(untitled)"), no_wrap=True),
                Text(one_line(article.source), no_wrap=True, style="dim"),
                Text(progress_bar(progress.done, progress.total, self._bar_width()), no_wrap=True),
                summary,
            ]
            if reviewers is not None:
                cell = Text(no_wrap=True)
                holder = assigned.get(article.id)
                if holder:
                    mine = holder.strip().lower() == me
                    cell.append(one_line(f"→ {holder}"), style="bold" if mine else "")
                parts = [f"{r} {n}" for r, n in reviewers.get(article.id, {}).items()]
                if parts:
                    cell.append((" · " if holder else "") + one_line(" · ".join(parts)))
                cells.append(cell)
            table.add_row(*cells, key=article.id)
        for article in self.pending.values():
            if article.id in known:
                continue
            cells = [
                Text(one_line(article.title or "(untitled)"), no_wrap=True),
                Text(one_line(article.source), no_wrap=True, style="dim"),
                Text("finding claims…", style="italic"),
                Text(""),
            ]
            if reviewers is not None:
                cells.append(Text(""))
            table.add_row(*cells, key=article.id)
        count = table.row_count
        order = " · by assignee" if self.by_assignee else ""
        self.query_one(TitleBar).set_progress(f"{count} article{'s' if count != 1 else ''}{order}")
        empty = self.query_one("#empty", Static)
        empty.display = table.row_count == 0
        empty.update(Content("The desk is empty. Open an article with: claimdesk open PATH"))
        if keep is not None and keep in self._row_ids():
            table.move_cursor(row=table.get_row_index(keep), animate=False)

    def _row_ids(self) -> set[str | None]:
        table = self.query_one("#articles", DataTable)
        return {key.value for key in table.rows}

    def _current_id(self) -> str | None:
        table = self.query_one("#articles", DataTable)
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sort_by_assignee":
            return hasattr(self.cd_app.desk, "assignments")  # a desk file assigns nothing
        return True

    def action_sort_by_assignee(self) -> None:
        """Between import order and the order of who has each article."""
        self.by_assignee = not self.by_assignee
        self.action_refresh()

    @on(DataTable.HeaderSelected, "#articles")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        if event.column_key.value == "reviewers":
            self.action_sort_by_assignee()

    def action_move(self, step: int) -> None:
        """j / k move as they do among claims (the arrows work too)."""
        table = self.query_one("#articles", DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    @on(DataTable.RowSelected, "#articles")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.row_key.value)

    def action_open_article(self) -> None:
        table = self.query_one("#articles", DataTable)
        if not table.row_count:
            return
        self._open(self._current_id())

    def _open(self, article_id: str | None) -> None:
        if article_id is None:
            return
        if article_id in self.pending and article_id not in {
            a.id for a in self.cd_app.desk.articles()
        }:
            self.notify("Still finding the claims of this article…", timeout=3)
            return
        self.cd_app.open_article(self.cd_app.desk.article(article_id))
