"""The top line: what is open and how far its review has come. No clock: the screen
must look the same in a snapshot taken at any time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from tui.display import one_line


class TitleBar(Horizontal):
    DEFAULT_CSS = """
    TitleBar { height: 1; dock: top; background: $panel; color: $foreground; }
    TitleBar > #title { width: 1fr; padding: 0 1; text-style: bold; }
    TitleBar > #progress { width: auto; padding: 0 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        yield Static(id="progress")

    def set_title(self, title: str) -> None:
        self.query_one("#title", Static).update(Content(one_line(title)))

    def set_progress(self, text: str) -> None:
        widget = self.query_one("#progress", Static)
        old = str(widget.render())
        if old != text:
            # Same width (one verdict more): no layout pass needed.
            widget.update(Content(text), layout=len(old) != len(text))
