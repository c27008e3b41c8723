"""The footer with "? Help" first, then the screen's keys in the order it declares them.

Textual's footer lists the screen's keys before the app's, and on a narrow terminal the
last ones are cut: at 80 columns that was "? Help", the one key that lists every other.
Here the help key leads, so whatever the width cuts, the way to every key stays on screen.
A key remapped by the configuration keeps its place too (Textual moves it to the end).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

FIRST_ACTIONS = ("help",)
"""Actions whose keys lead the footer, in this order."""


class KeysFooter(Footer):
    """A ``Footer`` whose keys start with the help key (see the module docstring)."""

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        declared = [
            b for b in vars(type(self.screen)).get("BINDINGS", []) if isinstance(b, Binding)
        ]
        place = {b.action: i for i, b in reversed(list(enumerate(declared)))}

        def order(item: tuple[int, object]) -> tuple[int, int, int]:
            index, widget = item
            action = getattr(widget, "action", None)
            if action in FIRST_ACTIONS:
                return (0, FIRST_ACTIONS.index(action), index)
            return (1, place.get(str(action), len(place)), index)

        yield from (widget for _, widget in sorted(enumerate(widgets), key=order))
