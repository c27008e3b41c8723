"""Import an article from inside the workbench: a path prompt that completes like a shell.

As the path is typed, the first file or folder it could name is suggested (greyed, after
the cursor); tab completes as far as the names on disk agree (a folder gets its ``/``),
enter imports. The prompt only picks the path: reading, finding the claims and saving
them is the app's one import queue, the same as for ``claimdesk open``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

MAX_LISTED = 2_000
"""Names read from one folder at most (a huge folder must not stall a key press)."""


def _candidates(value: str) -> list[str]:
    """Completions of ``value`` (as typed: ``~`` kept), folders ending in ``/``, sorted;
    hidden names only when the typed part starts with a dot."""
    head, _, typed = value.rpartition("/")
    folder = Path(os.path.expanduser(head + "/" if head or value.startswith("/") else "."))
    prefix = f"{head}/" if head or value.startswith("/") else ""
    found = []
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_LISTED:
                    break
                name = entry.name
                if not name.startswith(typed) or (name.startswith(".") and typed[:1] != "."):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                found.append(prefix + name + ("/" if is_dir else ""))
    except OSError:
        return []
    return sorted(found)


def complete(value: str) -> str:
    """``value`` completed as far as every name it could mean agrees (tab)."""
    found = _candidates(value)
    if not found:
        return value
    # Character by character on purpose: "rep" + "report.txt", "reply.md" → "rep".
    common = os.path.commonprefix(found)  # noqa: RUF071
    return common if len(common) > len(value) else value


class PathSuggester(Suggester):
    """Suggests the first file or folder the typed path could name."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        found = _candidates(value)
        return found[0] if found else None


def path_problem(value: str) -> str | None:
    """What is wrong with ``value`` as an article to import, or ``None``."""
    if not value.strip():
        return "Type the path of an article (tab completes)."
    path = Path(os.path.expanduser(value.strip()))
    if not path.exists():
        return f"No such file: {value.strip()}"
    if path.is_dir():
        return f"{value.strip()} is a folder: pick a file in it (tab lists its names)."
    return None


class ImportPrompt(ModalScreen[str | None]):
    """Returns the path to import (``~`` expanded), or ``None`` when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
        # Priority: tab completes instead of moving the focus out of the box.
        Binding("tab", "complete", "Complete the path", priority=True, id="import.complete"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Import an article"), classes="dialog-title")
            yield Input(placeholder="path to a .txt, .md or .html file", id="import-path")
            yield Static(id="import-error", classes="dialog-error")
            yield Static(
                Content("tab completes · enter imports · escape cancels"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        box = self.query_one("#import-path", Input)
        box.suggester = PathSuggester()
        box.focus()

    def action_complete(self) -> None:
        box = self.query_one("#import-path", Input)
        completed = complete(box.value)
        if completed != box.value:
            box.value = completed
            box.cursor_position = len(completed)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = path_problem(event.value)
        if problem:
            self.query_one("#import-error", Static).update(Content(problem))
            return
        self.dismiss(os.path.expanduser(event.value.strip()))
