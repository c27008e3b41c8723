"""The footer with "? Help" first, then the screen's keys in the order it declares them.

Textual's footer lists the screen's keys before the app's, and on a narrow terminal the
last ones are cut: at 80 columns that was "? Help", the one key that lists every other.
Here the help key leads, so whatever the width cuts, the way to every key stays on screen.
A key remapped by the configuration keeps its place too (Textual moves it to the end).

Textual rebuilds its footer whenever the screen's bindings may have changed (each focus
change, each screen shown): on a review screen opening that was three rebuilds of the same
keys, and every key it builds restyles itself twice on mounting (compact on, then off).
This footer rebuilds only when what it would show differs from what it shows, and builds
its keys in the footer's own style, so opening a screen or moving the focus costs nothing
here unless the keys change.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST_ACTIONS = ("help",)
"""Actions whose keys lead the footer, in this order."""


class KeysFooter(Footer):
    """A ``Footer`` whose keys start with the help key (see the module docstring)."""

    _shown: Hashable = None
    """What the keys on screen were built from (``shows``), None before the first build."""

    def shows(self) -> Hashable:
        """Everything the footer's keys are built from: the screen's shown keys with
        their state, the palette key, and the footer's own settings."""
        app = self.app
        keys = tuple(
            (binding, app.get_key_display(binding), enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )
        return (keys, self.compact, self.show_command_palette, app.ENABLE_COMMAND_PALETTE)

    async def recompose(self) -> None:
        if self._bindings_ready and self.is_attached and self._shown == self.shows():
            return  # the same keys: nothing to rebuild
        await super().recompose()

    async def show_keys(self) -> None:
        """Build the keys now. Its screen calls this once its widgets are mounted (the
        keys ask them what they allow), so the keys are in the screen's first layout:
        left to Textual, they come after the first paint and cost a second layout."""
        self.set_reactive(Footer._bindings_ready, True)
        with self._context():  # the keys bind to this footer, whoever calls
            await self.recompose()

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        if self._bindings_ready:
            self._shown = self.shows()
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

        for widget in widgets:
            for key in (widget, *widget._pending_children):
                if isinstance(key, FooterKey):
                    # Born in their final style: no restyle on mount. Textual's keys start
                    # compact; those bound to the footer's ``compact`` then follow it.
                    compact = self.compact if "compact" in (key._reactive_connect or {}) else True
                    key.set_reactive(FooterKey.compact, compact)
                    key.set_class(compact, "-compact", update=False)
        yield from (widget for _, widget in sorted(enumerate(widgets), key=order))
