"""How claims and article text look on screen: safe text, status marks and styles.

Article text comes from the outside world. It may hold Rich markup (``[Mexico]`` in the
seed), ANSI escapes or other control characters; none of that may style or break the
screen. ``safe_text`` replaces every control character with a visible stand-in of the
same length, so offsets into ``Article.text`` stay valid for highlighting, and the result
is only ever wrapped in ``Content``/``Text`` objects, never parsed as markup.
"""

from __future__ import annotations

from rich.errors import StyleSyntaxError
from rich.style import Style as RichStyle
from rich.text import Text

from core.model import Claim, Status
from core.readable import readable_value
from core.safetext import stand_ins


def safe_text(text: str) -> str:
    """``text`` with control and bidi characters replaced one-for-one (same length, same
    offsets): a tab by a space, the rest by a middle dot (``core.safetext.stand_ins``).

    A terminal that does bidi would show "\\u202e26" as "62"; an escape could restyle it.
    """
    return stand_ins(text)


def one_line(text: str) -> str:
    """``safe_text`` on a single line: newlines become spaces (for table cells)."""
    return safe_text(text).replace("\n", " ")


STATUS_MARK: dict[str, str] = {
    Status.UNREVIEWED: "·",
    Status.VERIFIED: "✓",
    Status.CORRECTED: "✎",
    Status.FALSE: "✗",
    Status.NEEDS_SOURCE: "?",
    Status.INCONCLUSIVE: "~",
    Status.DISMISSED: "-",
    Status.REMOVED: "⌫",
}
"""A one-cell mark per status, so the list stays readable without colour."""

STATUS_LABEL: dict[str, str] = {
    Status.UNREVIEWED: "unreviewed",
    Status.VERIFIED: "verified",
    Status.CORRECTED: "corrected",
    Status.FALSE: "false",
    Status.NEEDS_SOURCE: "needs source",
    Status.INCONCLUSIVE: "inconclusive",
    Status.DISMISSED: "dismissed",
    Status.REMOVED: "removed",
}

# Theme variables (not hard colours): every theme, light or dark, defines them.
STATUS_STYLE: dict[str, str] = {
    Status.UNREVIEWED: "bold $text-primary on $primary-muted",
    Status.VERIFIED: "bold $text-success on $success-muted",
    Status.CORRECTED: "bold $text-error on $error-muted",
    Status.FALSE: "bold strike $text-error on $error-muted",
    Status.NEEDS_SOURCE: "bold $text-warning on $warning-muted",
    Status.INCONCLUSIVE: "bold $text-accent on $accent-muted",
    Status.DISMISSED: "dim strike",
    Status.REMOVED: "dim strike",
}
"""Style of a claim's key figure in the article, by status (Textual ``Content`` styles)."""

# The foreground half of the same styles, for list cells (rich ``Text`` needs real colours).
_STATUS_FG_VARIABLE: dict[str, str] = {
    Status.UNREVIEWED: "text-primary",
    Status.VERIFIED: "text-success",
    Status.CORRECTED: "text-error",
    Status.FALSE: "text-error",
    Status.NEEDS_SOURCE: "text-warning",
    Status.INCONCLUSIVE: "text-accent",
    Status.DISMISSED: "text-muted",
    Status.REMOVED: "text-muted",
}

STATUS_FG_STYLE: dict[str, str] = {
    status: ("dim" if variable == "text-muted" else f"${variable}")
    for status, variable in _STATUS_FG_VARIABLE.items()
}
"""The foreground of each status as a ``Content`` style (list cells, detail headings)."""

SELECTED_STATEMENT_STYLE = "underline on $surface-lighten-2"
"""The selected claim's statement in the article (on top of figure styles)."""

SEARCH_MATCH_STYLE = "reverse"
"""Text matched by the "add a claim" search, before it becomes a claim."""


def status_rich_style(variables: dict[str, str], status: str) -> RichStyle:
    """Foreground colour for ``status`` resolved from the app's theme variables."""
    colour = variables.get(_STATUS_FG_VARIABLE.get(status, "foreground"), "")
    try:
        return RichStyle.parse(colour) if colour else RichStyle()
    except StyleSyntaxError:  # a theme with an odd colour format: fall back to plain
        return RichStyle()


def key_figure_text(claim: Claim) -> str:
    figure = claim.key_figure
    return one_line(figure.text) if figure else ""


def key_figure_kind(claim: Claim) -> str:
    figure = claim.key_figure
    if figure is not None:
        return figure.kind
    return claim.type


def status_cell(variables: dict[str, str], status: str) -> Text:
    """``✓ verified`` coloured by status: the mark reads without colour too."""
    mark = STATUS_MARK.get(status, "·")
    label = STATUS_LABEL.get(status, status)
    return Text(f"{mark} {label}", style=status_rich_style(variables, status), no_wrap=True)


def describe_value(figure) -> str:
    """A figure's normalised value as people write it (``€1.2 billion``, ``90 days``):
    the stored value stays exact, the screen reads like the article."""
    return readable_value(figure)
