"""Every binding of the screen underneath, with its key, description and id."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


def bindings_of(screen: Screen) -> list[Binding]:
    """The screen's own bindings then the app's, in declaration order, without repeats."""
    seen: set[str] = set()
    found: list[Binding] = []
    for source in (screen, screen.app):
        for binding in source.BINDINGS:
            if not isinstance(binding, Binding):
                continue
            key = binding.id or binding.action
            if key in seen:
                continue
            seen.add(key)
            found.append(binding)
    return found


KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "esc"}


def key_label(binding: Binding) -> str:
    """``j, down`` / ``?``: keys as the reviewer types them."""
    keys = (k.strip() for k in binding.key.split(","))
    return ", ".join(KEY_NAMES.get(k, k) for k in keys)


class HelpScreen(ModalScreen[None]):
    """Press ``?`` anywhere for the full list; any of escape, q, ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Static(Content("Keys"), classes="dialog-title")
            yield DataTable(cursor_type="row", id="help-table")
            yield Static(
                Content("escape closes · ctrl+p finds any action by name"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Key", key="key")
        table.add_column("Action", key="action")
        table.add_column("Id", key="id")
        for binding in self.bindings:
            table.add_row(
                Text(key_label(binding), style="bold"),
                Text(binding.description or binding.action),
                Text(binding.id or "", style="dim"),
                key=binding.id or binding.action,
            )
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
