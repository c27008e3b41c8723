"""The list of claims: one line per claim, repainted one line at a time.

A line-API widget (``ScrollView`` + ``render_line``) with a cache of rendered rows keyed
by claim id. A decision re-renders that one row and moving the cursor repaints two lines;
nothing is ever rebuilt for the whole list on a key press, so reviewing stays as fast on
an article with a thousand claims as on one with ten. (``DataTable`` invalidates every
cached row on any cell update, which made each verdict cost a full repaint.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from core.model import Claim
from tui.display import (
    STATUS_FG_STYLE,
    STATUS_LABEL,
    STATUS_MARK,
    key_figure_kind,
    key_figure_text,
    one_line,
)

COLUMNS = (
    ("status", "Status", 14),
    ("kind", "Kind", 8),
    ("figure", "Figure", 12),  # widens to the longest figure listed: see ``_widths``
    ("cw", "CW", 4),
    ("mark", "", 3),
    ("statement", "Statement", 0),  # the rest of the width
)
FIGURE_COLUMN = 2
FIGURE_SHARE = 0.3
"""The figure column grows to its longest figure, up to this share of the list's width
(the statement keeps the rest): "€3.5 billion" is never cut where there is room."""
HEADER_STYLE = "bold $text-muted"
CURSOR_STYLE = "bold $block-cursor-foreground on $block-cursor-background"
CURSOR_BLURRED_STYLE = "$block-cursor-blurred-foreground on $block-cursor-blurred-background"


def _cell(text: str, width: int, mark_cut: bool = False) -> str:
    """``text`` fitted to ``width`` cells. ``mark_cut``: a cut shows as "…", since a
    figure cut short ("February 201") reads as another figure."""
    if width <= 0:
        return ""
    if mark_cut and cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


REPEAT_MARK = "×"
"""``×3`` in the mark column: the article states this figure three times (see
``core.match.group_repeats``); a verdict on one settles the group."""

FLAG_MARK = "⚑"
"""In the mark column: the desk flagged the claim (its figure changed since it was
reviewed, …); the detail pane says why."""


def mark_text(claim: Claim, repeats: int = 0) -> str:
    """``⚑×2``: flagged, and stated twice in the article; empty when neither."""
    flag = FLAG_MARK if claim.flags else ""
    return flag + (f"{REPEAT_MARK}{repeats}" if repeats > 1 else "")


def row_cells(claim: Claim, repeats: int = 0) -> list[tuple[str, str]]:
    """(text, style) per column: the mark reads without colour too. ``repeats`` is the
    size of the claim's group of repeats (0 or 1: not repeated)."""
    status = claim.status
    score = claim.checkworthiness
    return [
        (
            f"{STATUS_MARK.get(status, '·')} {STATUS_LABEL.get(status, status)}",
            STATUS_FG_STYLE.get(status, ""),
        ),
        (key_figure_kind(claim), ""),
        (key_figure_text(claim), "bold"),
        ("1.0" if score >= 1 else f"{score:.2f}"[1:], ""),
        (mark_text(claim, repeats), "$text-warning" if claim.flags else ""),
        (one_line(claim.statement), ""),
    ]


class ClaimsTable(ScrollView, can_focus=True):
    """Claims in the order the screen chooses (text position or check-worthiness)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Show in article", show=False, id="claims.show"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="claims.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="claims.page_down"),
        Binding("home", "first", "First claim", show=False, id="claims.first"),
        Binding("end", "last", "Last claim", show=False, id="claims.last"),
    ]

    DEFAULT_CSS = """
    ClaimsTable { height: 1fr; scrollbar-gutter: stable; }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved onto a claim."""

        table: ClaimsTable
        claim_id: str | None

        @property
        def control(self) -> ClaimsTable:
            return self.table

    @dataclass
    class Selected(Message):
        """Enter on a claim."""

        table: ClaimsTable
        claim_id: str

        @property
        def control(self) -> ClaimsTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._claims: dict[str, Claim] = {}
        self._cache: dict[str, Strip] = {}
        self._repeats: dict[str, int] = {}
        self._cursor = 0
        self._width = 0
        self._figure_width = 0  # the longest key figure listed, in cells
        self._styles: tuple[VisualStyle, RichStyle] | None = None

    async def _on_key(self, event: events.Key) -> None:
        """A key that reached the list after focus left it still acts on the list.

        Keys go to the widget focused when they arrive, but Textual looks their bindings
        up only once they have bubbled back to the app, from whatever is focused *then*.
        A priority key typed right after (``/`` opens the filter box at once) moves focus
        first: ``v/`` would look ``v`` up from the filter box, which takes letters as
        text, and the verdict would be lost. Such a key is looked up from the list.
        """
        if self.app.focused is not self and await self._run_list_binding(event.key):
            event.stop()
            return
        await super()._on_key(event)

    async def _run_list_binding(self, key: str) -> bool:
        keymap = self.app._keymap  # the reviewer's [keys] remapping, as Textual applies it
        for node in self.ancestors_with_self:
            bindings = node._bindings.copy()
            if keymap:
                bindings.apply_keymap(keymap)
            for binding in bindings.key_to_bindings.get(key, ()):
                if not binding.priority and await self.app.run_action(binding.action, node):
                    return True
        return False

    # -- data ------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._ids)

    def row_ids(self) -> list[str]:
        return list(self._ids)

    def get_row(self, claim_id: str) -> list[str]:
        """The row's cell texts (for tests and the palette)."""
        return [
            text for text, _ in row_cells(self._claims[claim_id], self._repeats.get(claim_id, 0))
        ]

    def set_repeats(self, sizes: dict[str, int]) -> None:
        """Mark grouped claims with their group's size (claim id → size)."""
        if sizes == self._repeats:
            return
        changed = set(sizes) ^ set(self._repeats)
        changed.update(cid for cid in sizes if sizes[cid] != self._repeats.get(cid))
        self._repeats = dict(sizes)
        for claim_id in changed:
            self._cache.pop(claim_id, None)
            row = self._rows.get(claim_id)
            if row is not None:
                self._refresh_row(row)

    def show(self, claims: Iterable[Claim]) -> None:
        """Replace the rows with ``claims`` (an import, a sort or a filter)."""
        keep = self.current_id
        claims = list(claims)
        self._ids = [c.id for c in claims]
        self._rows = {cid: i for i, cid in enumerate(self._ids)}
        self._claims = {c.id: c for c in claims}
        self._cache.clear()
        self._figure_width = 0
        self._fit_figures(claims)
        self._cursor = self._rows.get(keep, 0) if keep else 0
        self._update_virtual_size()
        self.refresh()
        self._post_highlight()

    def update_claim(self, claim: Claim) -> None:
        """Re-render one row; a claim not in the (filtered) list is ignored."""
        row = self._rows.get(claim.id)
        if row is None:
            return
        self._claims[claim.id] = claim
        self._cache.pop(claim.id, None)
        if self._fit_figures([claim]):
            self.refresh()  # a longer figure widened the column: every row moves
            return
        self._refresh_row(row)

    def remove_claim(self, claim_id: str) -> None:
        if claim_id not in self._rows:
            return
        claims = [self._claims[cid] for cid in self._ids if cid != claim_id]
        current = self.current_id
        self.show(claims)
        if current and current != claim_id:
            self.move_to(current)

    # -- cursor ----------------------------------------------------------------------

    @property
    def current_id(self) -> str | None:
        if not self._ids:
            return None
        return self._ids[min(self._cursor, len(self._ids) - 1)]

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def move_to(self, claim_id: str) -> bool:
        """Put the cursor on ``claim_id``; ``False`` when it is not in the list."""
        row = self._rows.get(claim_id)
        if row is None:
            return False
        self._move(row)
        return True

    def _move(self, row: int) -> None:
        if not self._ids:
            return
        row = max(0, min(row, len(self._ids) - 1))
        if row == self._cursor:
            self._scroll_to_cursor()
            return
        old = self._cursor
        self._cursor = row
        self._refresh_row(old)
        self._refresh_row(row)
        self._scroll_to_cursor()
        self._post_highlight()

    def _post_highlight(self) -> None:
        self.post_message(self.Highlighted(self, self.current_id))

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        visible = self._visible_rows()
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + visible:
            self.scroll_to(y=self._cursor - visible + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self._move(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self._cursor - 1)

    def action_page(self, direction: int) -> None:
        self._move(self._cursor + direction * self._visible_rows())

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._ids) - 1)

    def action_select(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Selected(self, self.current_id))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        row = round(self.scroll_y) + event.y - 1
        if 0 <= row < len(self._ids):
            self._move(row)
            if event.chain > 1:
                self.action_select()

    def on_focus(self) -> None:
        self._styles = None
        self._refresh_row(self._cursor)

    def on_blur(self) -> None:
        self._styles = None
        self._refresh_row(self._cursor)

    # -- rendering -------------------------------------------------------------------

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._cache.clear()
        self._update_virtual_size()
        # Fewer rows on screen (the detail pane took the article's place): keep the
        # cursor's row in view.
        self.call_after_refresh(self._scroll_to_cursor)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()  # a theme change recolours every row
        self._styles = None

    def _update_virtual_size(self) -> None:
        size = Size(self._width, len(self._ids) + 1)
        if size != self.virtual_size:
            # The gutter is stable: more or fewer rows (a filter, an import) never change
            # the list's own size, so the scrollbar follows without a screen layout pass.
            self.set_reactive(ClaimsTable.virtual_size, size)
            self._scroll_update(size)

    def _refresh_row(self, row: int) -> None:
        y = row - round(self.scroll_y) + 1
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _widths(self) -> list[int]:
        widths = [w for _, _, w in COLUMNS]
        room = int(self._width * FIGURE_SHARE)
        widths[FIGURE_COLUMN] = max(widths[FIGURE_COLUMN], min(self._figure_width, room))
        fixed = sum(widths) + len(COLUMNS)
        return [w if w else max(8, self._width - fixed) for w in widths]

    def _fit_figures(self, claims: Iterable[Claim]) -> bool:
        """Widen the figure column for ``claims``' figures; ``True`` when it grew."""
        longest = max((cell_len(key_figure_text(c)) for c in claims), default=0)
        if longest <= self._figure_width:
            return False
        self._figure_width = longest
        self._cache.clear()
        return True

    def _line(self, cells: list[tuple[str, str]]) -> Content:
        parts: list[tuple[str, str] | str] = [" "]
        for (text, style), width, (_, _, fixed) in zip(cells, self._widths(), COLUMNS, strict=True):
            parts.append((_cell(text, width, mark_cut=fixed > 0), style))
            parts.append(" ")
        return Content.assemble(*parts, strip_control_codes=False)

    def _strip(self, content: Content) -> Strip:
        if self._styles is None:
            # Looked up once, not per row: each walks every ancestor's CSS.
            self._styles = (self.visual_style, self.rich_style)
        visual, rich = self._styles
        return Strip(content.render_segments(visual)).crop_extend(0, self._width, rich)

    def _row_strip(self, claim_id: str, cursor: bool) -> Strip:
        if not cursor and claim_id in self._cache:
            return self._cache[claim_id]
        line = self._line(row_cells(self._claims[claim_id], self._repeats.get(claim_id, 0)))
        if cursor:
            style = CURSOR_STYLE if self.has_focus else CURSOR_BLURRED_STYLE
            # On top of the cell colours: a status colour must never vanish into the
            # cursor's background (light themes).
            return self._strip(line.stylize(style))
        strip = self._strip(line)
        self._cache[claim_id] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._cache.clear()
        if y == 0:
            header = self._line([(label, HEADER_STYLE) for _, label, _ in COLUMNS])
            return self._strip(header)
        row = round(self.scroll_y) + y - 1
        if row >= len(self._ids):
            return Strip.blank(width, self.rich_style)
        return self._row_strip(self._ids[row], row == self._cursor)
