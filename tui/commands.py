"""The command palette lists every action of the screen in front by name.

Built from the screen's and the app's bindings, so an action added with a binding is in
the palette too, with the key shown beside it.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.screens.help import bound_actions, key_label


class ActionCommands(Provider):
    """Every bound action of the current screen, searchable by its description."""

    def _commands(self):
        screen = self.screen
        target = screen
        # The palette is itself a screen: act on the one underneath.
        stack = self.app.screen_stack
        for candidate in reversed(stack):
            if candidate.__class__.__name__ != "CommandPalette":
                target = candidate
                break
        for binding, owner in bound_actions(target):
            if binding.action in ("command_palette",):
                continue
            name = binding.description or binding.action
            yield (
                name,
                f"{key_label(binding)}  ·  {binding.id or binding.action}",
                partial(owner.run_action, binding.action),
            )

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
