"""The article, shown as text, with every claim's key figure coloured by its status.

The text is cut into blocks of a few paragraphs, each a ``Static`` holding a ``Content``
object (never markup). A decision or a cursor move re-renders only the blocks that hold
the claims involved, so a key press costs the same on a 100-line and a 10,000-line
article.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.widgets import Static

from core.model import Claim
from tui.display import (
    SEARCH_MATCH_STYLE,
    SELECTED_STATEMENT_STYLE,
    STATUS_STYLE,
    safe_text,
)

BLOCK_CHARS = 600
"""Aim for blocks of about this many characters (always cut at a line end): small enough
that repainting one costs little, large enough that a long article is not thousands of
widgets."""

LONG_LINE_CHARS = 2_000
"""A line longer than this is cut into several blocks (see ``split_blocks``)."""


@dataclass(slots=True)
class _Block:
    start: int
    end: int  # exclusive, the newline after the block is not part of it
    widget: Static
    shown: str  # the block's text made safe for display (same length)


class ArticleBlock(Static):
    """A run of whole lines of the article."""

    DEFAULT_CSS = """
    ArticleBlock { width: 1fr; height: auto; }
    """


def split_blocks(text: str, target: int = BLOCK_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` at line ends into ``(start, end)`` blocks of about ``target`` chars.

    A line longer than ``LONG_LINE_CHARS`` (text with no paragraph breaks) is cut at
    spaces too, so that one claim's repaint never re-wraps the whole article; the space
    at a cut, like the newline between lines, belongs to no block."""
    blocks: list[tuple[int, int]] = []
    start = 0
    pos = 0
    length = len(text)
    while pos < length:
        newline = text.find("\n", pos)
        line_end = length if newline == -1 else newline
        if line_end - pos > LONG_LINE_CHARS:
            if start < pos:  # the short lines before it make a block of their own
                blocks.append((start, pos - 1))
                start = pos
            while line_end - start > LONG_LINE_CHARS:
                cut = text.rfind(" ", start + target, start + LONG_LINE_CHARS)
                if cut == -1:  # no space to cut at: cut anyway, losing nothing
                    blocks.append((start, start + LONG_LINE_CHARS))
                    start += LONG_LINE_CHARS
                else:
                    blocks.append((start, cut))
                    start = cut + 1
        if line_end - start >= target or newline == -1:
            blocks.append((start, line_end))
            start = line_end + 1
        pos = line_end + 1
    if start < length or not blocks:
        blocks.append((start, length))
    return blocks


class ArticleView(VerticalScroll, can_focus=True):
    """Scrollable article text with claim highlights."""

    DEFAULT_CSS = """
    ArticleView { height: 1fr; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._blocks: list[_Block] = []
        self._starts: list[int] = []
        self._claims: dict[str, Claim] = {}
        self._claims_in_block: list[set[str]] = []
        self._selected: str | None = None
        self._search: tuple[int, int] | None = None

    # -- loading ---------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    async def load(self, text: str, claims: Iterable[Claim] = ()) -> None:
        """Show ``text`` (replacing what was there) with ``claims`` highlighted."""
        self._text = text
        shown = safe_text(text)
        await self.remove_children()
        self._blocks = []
        widgets = []
        for start, end in split_blocks(text):
            widget = ArticleBlock(Content(shown[start:end], strip_control_codes=False))
            self._blocks.append(_Block(start, end, widget, shown[start:end]))
            widgets.append(widget)
        self._starts = [b.start for b in self._blocks]
        self._claims_in_block = [set() for _ in self._blocks]
        await self.mount_all(widgets)
        self.set_claims(claims)

    def set_claims(self, claims: Iterable[Claim]) -> None:
        """Replace the claims shown (after an import or a re-import)."""
        self._claims = {c.id: c for c in claims}
        self._claims_in_block = [set() for _ in self._blocks]
        for claim in self._claims.values():
            for index in self._figure_blocks(claim):
                self._claims_in_block[index].add(claim.id)
        for index in range(len(self._blocks)):
            self._render_block(index)

    # -- updates ---------------------------------------------------------------------

    def update_claim(self, claim: Claim) -> None:
        """Repaint the blocks touched by ``claim`` (old and new position)."""
        touched: set[int] = set()
        old = self._claims.get(claim.id)
        if old is not None:
            touched.update(self._figure_blocks(old))
            if self._selected == claim.id:  # its statement is marked
                touched.update(self._block_range(old.start, old.end))
            for index in touched:
                self._claims_in_block[index].discard(claim.id)
        self._claims[claim.id] = claim
        new_blocks = self._figure_blocks(claim)
        if self._selected == claim.id:
            touched.update(self._block_range(claim.start, claim.end))
        for index in new_blocks:
            self._claims_in_block[index].add(claim.id)
        for index in touched | set(new_blocks):
            self._render_block(index)

    def remove_claim(self, claim_id: str) -> None:
        old = self._claims.pop(claim_id, None)
        if old is None:
            return
        touched = set(self._figure_blocks(old))
        if self._selected == claim_id:
            self._selected = None
            touched.update(self._block_range(old.start, old.end))
        for index in touched:
            self._claims_in_block[index].discard(claim_id)
            self._render_block(index)

    def select(self, claim_id: str | None, *, scroll: bool = True) -> None:
        """Mark ``claim_id``'s statement and scroll it into view."""
        touched: set[int] = set()
        for cid in (self._selected, claim_id):
            claim = self._claims.get(cid) if cid else None
            if claim is not None:
                touched.update(self._block_range(claim.start, claim.end))
        self._selected = claim_id
        for index in touched:
            self._render_block(index)
        claim = self._claims.get(claim_id) if claim_id else None
        if claim is not None and scroll:
            self.scroll_to_offset(claim.start)

    def show_search(self, span: tuple[int, int] | None) -> None:
        """Mark a text match (the "add a claim" search) or clear the mark."""
        touched: set[int] = set()
        for old in (self._search, span):
            if old is not None:
                touched.update(self._block_range(*old))
        self._search = span
        for index in touched:
            self._render_block(index)
        if span is not None:
            self.scroll_to_offset(span[0])

    @property
    def selected(self) -> str | None:
        return self._selected

    # -- geometry --------------------------------------------------------------------

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding text offset ``offset`` is in the middle of the view.

        Done at once when the text is laid out (the usual case: the same frame as the
        key press), after the next refresh when it is not yet (just loaded)."""
        if self._blocks and self.size.height and self._blocks[-1].widget.size.height:
            self._scroll_now(offset)
        else:
            self.call_after_refresh(self._scroll_now, offset)

    def _scroll_now(self, offset: int) -> None:
        if not self._blocks:
            return
        index = self._block_index(offset)
        block = self._blocks[index]
        width = max(1, block.widget.content_size.width)
        y = 0
        text = self._text
        pos = block.start
        while pos <= block.end:
            newline = text.find("\n", pos, block.end)
            line_end = block.end if newline == -1 else newline
            if offset <= line_end:
                y += cell_len(text[pos:offset]) // width
                break
            y += max(1, -(-cell_len(text[pos:line_end]) // width))
            pos = line_end + 1
        target = block.widget.virtual_region.y + y
        # Leave the view alone while the claim is comfortably visible: moving the text
        # under the reader's eyes on every key is tiring, and repainting it costs time.
        top = round(self.scroll_y)
        height = max(1, self.scrollable_content_region.height)
        margin = min(2, height // 4)
        if top + margin <= target < top + height - margin:
            return
        # Going down, land the claim a quarter from the top (room to read on); going up,
        # a quarter from the bottom; after a jump, in the middle.
        if top + height - margin <= target < top + 2 * height:
            new_top = target - height // 4
        elif top - height <= target < top + margin:
            new_top = target - (height * 3) // 4
        else:
            new_top = target - height // 2
        self.scroll_to(y=max(0, new_top), animate=False, immediate=True)

    def _block_index(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def _figure_blocks(self, claim: Claim) -> range:
        """The blocks holding ``claim``'s figures (what is coloured by its status). Its
        statement may run much further: only the selected claim's is marked."""
        if not claim.figures:
            return range(0)
        return self._block_range(
            min(f.start for f in claim.figures), max(f.end for f in claim.figures)
        )

    def _block_range(self, start: int, end: int) -> range:
        if not self._blocks:
            return range(0)
        first = self._block_index(start)
        last = self._block_index(max(start, end - 1))
        return range(first, last + 1)

    # -- rendering -------------------------------------------------------------------

    def _render_block(self, index: int) -> None:
        block = self._blocks[index]
        base = block.start
        length = block.end - block.start
        spans: list[Span] = []

        def add(start: int, end: int, style: str) -> None:
            s = max(0, start - base)
            e = min(length, end - base)
            if e > s:
                spans.append(Span(s, e, style))

        selected = self._claims.get(self._selected) if self._selected else None
        if selected is not None:  # ``add`` keeps only what falls in this block
            add(selected.start, selected.end, SELECTED_STATEMENT_STYLE)
        claims = sorted(
            (self._claims[cid] for cid in self._claims_in_block[index]), key=lambda c: c.start
        )
        for claim in claims:
            style = STATUS_STYLE.get(claim.status, "bold")
            for position, figure in enumerate(claim.figures):
                if position == 0:
                    add(figure.start, figure.end, style)
                elif claim.id == self._selected:
                    add(figure.start, figure.end, "italic")
        if self._search is not None:
            add(self._search[0], self._search[1], SEARCH_MATCH_STYLE)
        # Only styles change here, never the text: the block keeps its size, so no layout.
        block.widget.update(Content(block.shown, spans, strip_control_codes=False), layout=False)
