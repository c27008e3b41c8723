"""Everything known about the selected claim: figures, correction, sources, notes,
history, flags and claims seen before in other articles.

Built as ``Content`` from plain strings with theme styles, so nothing a reviewer or an
article wrote can be read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from core.model import Claim, Event
from tui.display import STATUS_LABEL, STATUS_MARK, STATUS_STYLE, describe_value, one_line

HEADING = "bold $text-accent"
MUTED = "$text-muted"

STATEMENT_CHARS = 1_200
"""The most of the selected claim's statement the detail shows. Text without sentence ends
makes a "sentence" of the whole article; wrapping that on every cursor move would stall
the screen, so a longer statement shows a window around its key figure."""

EXCERPT_CHARS = 300
"""The most shown of each repeat or claim seen before (one short paragraph each)."""


def excerpt(claim: Claim, limit: int) -> str:
    """``claim.statement`` cut to ``limit`` characters around its key figure (``…`` marks
    each cut); a statement within the limit comes back whole."""
    text = claim.statement
    if len(text) <= limit:
        return text
    figure = claim.key_figure
    centre = (figure.start - claim.start) if figure is not None else 0
    start = max(0, min(centre - limit // 2, len(text) - limit))
    end = start + limit
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _line(*parts: str | tuple[str, str]) -> Content:
    return Content.assemble(
        *[(one_line(p), "") if isinstance(p, str) else (one_line(p[0]), p[1]) for p in parts]
    )


def describe_event(event: Event) -> str:
    """One history line: when, who, what (``verified``, ``note``, ...)."""
    at = (event.at or "")[:16].replace("T", " ")
    after = event.after or {}
    what = event.action
    if event.action in ("set_status", "status") and after.get("status"):
        what = STATUS_LABEL.get(after["status"], after["status"])
    if event.detail:
        what = f"{what}: {event.detail}"
    return f"{at} {event.reviewer or '?'} {what}"


def build_detail(
    claim: Claim,
    events: Sequence[Event] = (),
    similar: Sequence[tuple[str, str, float]] = (),
    repeats: Sequence[Claim] = (),
    together: bool = True,
) -> Content:
    """The detail text of ``claim``.

    ``similar`` holds (status, "statement — article title", score 0..1) of claims seen
    before in other articles, best first; ``repeats`` the other claims of this article
    that state the same figure about the same thing (``together``: a verdict key decides
    them with this one)."""
    lines: list[Content] = []
    status = claim.status
    lines.append(
        _line(
            (
                f"{STATUS_MARK.get(status, '·')} {STATUS_LABEL.get(status, status)}",
                STATUS_STYLE.get(status, ""),
            ),
            (
                f"  {claim.origin}  check-worthiness {claim.checkworthiness:.2f}"
                f"  id {claim.id[:8]}",
                MUTED,
            ),
        )
    )
    lines.append(_line(excerpt(claim, STATEMENT_CHARS)))
    lines.append(
        _line(("Claimant: ", HEADING), claim.claimant)
        if claim.claimant
        else _line(("Claimant: ", HEADING), ("none (the article asserts it)", MUTED))
    )
    if claim.figures:
        lines.append(_line(("Figures", HEADING)))
        for index, figure in enumerate(claim.figures):
            marker = "★ " if index == 0 else "  "
            lines.append(
                _line(marker, (figure.text, "bold"), f"  {figure.kind}  {describe_value(figure)}")
            )
    if claim.correction is not None:
        corr = claim.correction
        lines.append(_line(("Correction", HEADING)))
        if corr.value:
            lines.append(_line("  value: ", (corr.value, "bold")))
        if corr.statement:
            lines.append(_line("  wording: ", corr.statement))
        if corr.note:
            lines.append(_line("  note: ", corr.note))
    if claim.sources:
        lines.append(_line(("Sources", HEADING)))
        for source in claim.sources:
            if not source.url:  # a document without a URL: its title
                lines.append(_line("  ", source.title, ("  (document)", MUTED)))
            else:
                title = f" — {source.title}" if source.title else ""
                lines.append(_line("  ", (source.url, "underline"), title))
            if source.note:
                lines.append(_line(("    " + source.note, MUTED)))
    if claim.notes:
        lines.append(_line(("Notes", HEADING)))
        for number, note in enumerate(claim.notes, 1):  # numbered as N and set --edit-note
            first, *rest = note.text.splitlines() or [""]
            lines.append(_line(f"  {number}. ", first, (f"  ({note.reviewer})", MUTED)))
            lines.extend(_line("     ", more) for more in rest)
    if claim.flags:
        lines.append(_line(("Flags", HEADING)))
        for flag in claim.flags:
            lines.append(_line(("  ⚑ " + flag, "$text-warning")))
    if repeats:
        more = len(repeats)
        lines.append(
            _line(
                ("Repeated", HEADING),
                f"  {more} more claim{'s' if more > 1 else ''} in this article state"
                f"{'' if more > 1 else 's'} this figure",
            )
        )
        for other in repeats:
            lines.append(
                _line(
                    (
                        f"  {STATUS_MARK.get(other.status, '·')} ",
                        STATUS_STYLE.get(other.status, ""),
                    ),
                    excerpt(other, EXCERPT_CHARS),
                )
            )
        hint = (
            "a verdict here applies to the repeats too, unless one has its own (g: one at a time)"
            if together
            else "a verdict here settles this claim only (g: repeats together)"
        )
        lines.append(_line(("  " + hint, MUTED)))
    if similar:
        lines.append(_line(("Seen before", HEADING), ("  p applies the first verdict", MUTED)))
        for sim_status, statement, score in similar:
            lines.append(
                _line(
                    (f"  {STATUS_MARK.get(sim_status, '·')} ", STATUS_STYLE.get(sim_status, "")),
                    (f"{score:.0%} ", MUTED),
                    _clip(statement, EXCERPT_CHARS),
                )
            )
    if events:
        lines.append(_line(("History", HEADING)))
        for event in events[-8:]:
            lines.append(_line(("  " + describe_event(event), MUTED)))
    return Content("\n").join(lines)


class DetailPane(ScrollView, can_focus=False):
    """Scrollable detail of the selected claim, drawn line by line.

    A line-API widget rather than a ``Static`` in a scroll container: showing another
    claim changes only this pane's virtual size, never the screen's layout, so moving the
    cursor stays cheap on a long article.
    """

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; scrollbar-gutter: stable; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("No claim selected.")
        self._strips: list[Strip] = []  # one per line, already the pane's width
        self._wrapped_for = -1
        self._style = RichStyle()

    @property
    def content(self) -> Content:
        """What the pane shows (tests read it as plain text with ``str``)."""
        return self._content

    def show(self, content: Content) -> None:
        self._content = content
        self._wrapped_for = -1
        self._wrap()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        self._wrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._wrapped_for = -1  # a theme change recolours the text: wrap it again

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_for:
            return
        self._wrapped_for = width
        base = self.visual_style
        # Looked up once per wrap, not per line: the style walks every ancestor's CSS.
        self._style = self.rich_style
        strips = []
        for line in self._content.wrap(width):
            segments = line.render_segments(base)
            strips.append(Strip(segments, line.cell_length).crop_extend(0, width, self._style))
        self._strips = strips
        size = Size(width, len(strips))
        if size != self.virtual_size:
            # The gutter is stable, so a longer or shorter detail never changes the
            # pane's own size: update the scrollbars without a screen layout pass.
            self.set_reactive(DetailPane.virtual_size, size)
            self._scroll_update(size)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._wrapped_for != width:
            self._wrap()  # shown before the pane had its size
        index = y + self.scroll_offset.y
        if index >= len(self._strips):
            return Strip.blank(width, self._style)
        return self._strips[index]
