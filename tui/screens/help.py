"""Every binding of the screen underneath, with its key, description and id."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static


def bound_actions(screen: Screen) -> list[tuple[Binding, Widget | App[Any]]]:
    """Every binding a reviewer can use on ``screen``, with the node that runs it: the
    screen's own, then the workbench widgets' on it (the claims list), then the app's;
    in declaration order, without repeats."""
    owners: list[Widget | App[Any]] = [screen]
    owners += [
        node
        for node in screen.query("*")
        if type(node).__module__.startswith("tui.") and vars(type(node)).get("BINDINGS")
    ]
    owners.append(screen.app)
    seen: set[str] = set()
    found: list[tuple[Binding, Widget | App[Any]]] = []
    for owner in owners:
        # Only what the workbench declares (each with an id), not inherited scrolling.
        for binding in vars(type(owner)).get("BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.id:
                continue
            # The list's enter and the screen's enter do the same thing: list it once.
            same = f"{binding.key}|{binding.description}"
            if binding.id in seen or same in seen:
                continue
            seen.update((binding.id, same))
            found.append((binding, owner))
    return found


def bindings_of(screen: Screen) -> list[Binding]:
    """The bindings of ``bound_actions`` alone (what the help screen lists)."""
    return [binding for binding, _ in bound_actions(screen)]


KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "esc"}


def key_label(binding: Binding, keymap: dict[str, str] | None = None) -> str:
    """``j, down`` / ``?``: keys as the reviewer types them (remapped ones as remapped)."""
    key = (keymap or {}).get(binding.id or "", binding.key)
    keys = (k.strip() for k in key.split(","))
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
                Content(
                    "escape closes · ctrl+p finds any action by name, or any claim on the desk"
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Key", key="key")
        table.add_column("Action", key="action")
        table.add_column("Id", key="id")
        for binding in self.bindings:
            table.add_row(
                Text(key_label(binding, getattr(self.app, "_keymap", None)), style="bold"),
                Text(binding.description or binding.action),
                Text(binding.id or "", style="dim"),
                key=binding.id or binding.action,
            )
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
