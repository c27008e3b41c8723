"""A screen coming to the front keeps its styles unless what they are computed from changed.

Textual restyles every widget of a screen each time it is pushed or switched to the
front, in case the styles changed while it was hidden. A new screen is styled as it is
mounted, just before it first comes to the front: on the review screen that restyle is a
second styling of every widget, about as costly as laying the screen out. Here it is
kept only when the style rules, or the application's classes and states (focus, theme
light or dark…), differ from those the screen was last styled with.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class KeepStylesOnResume(Screen):
    """Skips the restyle of a screen coming to the front when nothing it depends on
    changed (see the module docstring). Mixed into the workbench's full screens."""

    _styled_with: tuple[object, frozenset[str], frozenset[str]] | None = None

    def _style_inputs(self) -> tuple[object, frozenset[str], frozenset[str]]:
        """What every widget's styles are computed from: the stylesheet's rules (a new
        list whenever a source is added or the theme changes) and the app's classes and
        pseudo-classes."""
        app = self.app
        return (app.stylesheet.rules, frozenset(app.classes), app.pseudo_classes)

    def _on_mount(self, event: events.Mount) -> None:
        # Runs after the subclass's own ``on_mount``: every widget is mounted and styled.
        self._styled_with = self._style_inputs()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Textual's own handler, which restyles when ``refresh_styles``.
        if not event.refresh_styles:
            return  # no restyle: the widgets keep the styles they were last given
        now = self._style_inputs()
        before = self._styled_with
        if before is not None and before[0] is now[0] and before[1:] == now[1:]:
            event.refresh_styles = False
        else:
            self._styled_with = now  # restyled now, with these
