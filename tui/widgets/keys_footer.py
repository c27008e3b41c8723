"""The footer with "? Help" first.

Textual's footer lists the screen's keys before the app's, and on a narrow terminal the
last ones are cut: at 80 columns that was "? Help", the one key that lists every other.
Here the help key leads, so whatever the width cuts, the way to every key stays on screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

FIRST_ACTIONS = ("help",)
"""Actions whose keys lead the footer, in this order."""


class KeysFooter(Footer):
    """A ``Footer`` whose keys start with the help key (see the module docstring)."""

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        first = [w for a in FIRST_ACTIONS for w in widgets if getattr(w, "action", None) == a]
        yield from first
        yield from (w for w in widgets if w not in first)
