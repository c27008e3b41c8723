"""Keys typed ahead: held back while the workbench finishes what an earlier key started.

A terminal delivers a paste, a text expander or a fast typist's keys in one read, and
Textual hands each key to the widget focused *when it arrives*. After enter in the filter
box the next keys are meant for the list, with the cursor on the best match, but the box
may still have the filter's own last keys to read. So the app holds the keys that arrive
meanwhile and replays them, in order, once the list is ready (``release_keys``); a hold
never outlives a second, whatever happens.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.dom import DOMNode
from textual.timer import Timer


class KeyHold:
    """App mixin: ``hold_keys()`` buffers arriving keys until ``release_keys()``."""

    _held: list[events.Key] | None = None
    _hold_timer: Timer | None = None

    def hold_keys(self, timeout: float = 1.0) -> None:
        if self._held is None:
            self._held = []
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._hold_timer = self.set_timer(timeout, self.release_keys)  # type: ignore[attr-defined]

    def release_keys(self) -> None:
        held, self._held = self._held, None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        for key in held or []:
            replay = events.Key(key.key, key.character)
            # From the app, as the driver sends keys: a key "sent" by the screen that
            # released it would stop bubbling there, short of the app's bindings.
            replay.set_sender(self)  # type: ignore[arg-type]
            self.post_message(replay)  # type: ignore[attr-defined]

    async def on_event(self, event: events.Event) -> None:
        if self._held is not None and isinstance(event, events.Key) and not event.is_forwarded:
            self._held.append(event)
            return
        await super().on_event(event)  # type: ignore[misc]


def after_pending(widget: DOMNode, callback: Callable[[], None]) -> None:
    """Call ``callback`` once ``widget`` has handled the events already queued for it and
    the messages those events send up (an Input's ``Changed``) reached its screen."""
    chain: list[DOMNode] = [widget, widget]  # the keys first, then the Changed they post
    node = widget.parent
    while node is not None:
        chain.append(node)
        if node is widget.screen:
            break
        node = node.parent

    def hop(position: int) -> None:
        if position == len(chain):
            callback()
        else:
            chain[position].call_later(hop, position + 1)

    hop(0)
