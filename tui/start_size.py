"""The terminal's size at start-up is taken once, not twice.

Textual announces the terminal's size to the app as it starts, and its driver then
announces it again as it takes the terminal. The second, same size, is kept by Textual
and sent to every screen once the app is first idle: each lays itself out again, for
nothing, just after the first paint (on the review screen a tenth of what opening it
costs). This app mixin lets that one repeat go; every later resize, the same size or
not, is Textual's as before.
"""

from __future__ import annotations

from textual import events


class OneStartSize:
    """App mixin: the driver's start-up size, when it repeats the size the app already
    has, is not sent to the screens again (see the module docstring)."""

    _sizes_seen = 0

    async def _on_resize(self, event: events.Resize) -> None:
        # Runs before Textual's ``App._on_resize``; ``prevent_default`` skips it.
        self._sizes_seen += 1
        if self._sizes_seen == 2 and event.size == self.size:  # type: ignore[attr-defined]
            event.stop()
            event.prevent_default()
