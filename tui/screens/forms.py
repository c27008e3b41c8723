"""Modal forms: correct a claim, add a note, add a source, add a claim by hand.

Each form returns plain values through ``dismiss`` (``None`` when cancelled); the review
screen turns them into ``core.review`` calls. ``enter`` in a field moves to the next one
and submits from the last; ``ctrl+s`` submits from anywhere; ``escape`` cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from core.model import Claim
from core.urls import web_url_problem
from tui.display import key_figure_text, one_line

T = TypeVar("T")


class FormScreen(ModalScreen[T | None], Generic[T]):
    """A small dialog of labelled inputs with Save / Cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
        # Priority: handled as the key arrives, so keys typed right after it go to the
        # next field, not to the one the cursor is leaving (a paste, a text expander).
        Binding("enter", "next_field", "Next field", show=False, priority=True, id="form.next"),
        Binding("tab", "move_focus(1)", "Next field", show=False, priority=True, id="form.tab"),
        Binding(
            "shift+tab",
            "move_focus(-1)",
            "Previous field",
            show=False,
            priority=True,
            id="form.back_tab",
        ),
    ]

    TITLE_TEXT = ""

    def compose_fields(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.TITLE_TEXT), classes="dialog-title")
            yield from self.compose_fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def result(self) -> T | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        value = self.result()
        if value is not None:
            self.dismiss(value)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # On a button, enter presses it.
        return action != "next_field" or isinstance(self.focused, Input)

    def action_move_focus(self, step: int) -> None:
        """Tab / shift+tab: the focus moves now, before the keys typed after it are read."""
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_save(self) -> None:
        """ctrl+s: saved once every field has the keys typed before it."""
        self._submit_when_typed()

    def action_next_field(self) -> None:
        inputs = list(self.query(Input))
        if not isinstance(self.focused, Input):
            return  # on a button (``check_action`` lets enter press it)
        index = inputs.index(self.focused)
        if index + 1 < len(inputs):
            self.set_focus(inputs[index + 1])
            return
        self._submit_when_typed()

    def _submit_when_typed(self) -> None:
        inputs = list(self.query(Input))

        # Keys typed before this one may still be on their way to their fields: each
        # field takes its own in turn, then the form handles what they changed, and only
        # then is it read.
        def after(position: int) -> None:
            if position == len(inputs):
                self.call_later(self.action_submit)
            else:
                inputs[position].call_later(after, position + 1)

        after(0)


def claim_summary(claim: Claim) -> Static:
    figure = key_figure_text(claim)
    head = f"{figure}: " if figure else ""
    return Static(Content(head + one_line(claim.statement)), classes="dialog-claim")


@dataclass(frozen=True)
class CorrectionValues:
    value: str
    statement: str
    note: str


class CorrectForm(FormScreen[CorrectionValues]):
    """The right value and/or wording for an inaccurate claim, and why."""

    TITLE_TEXT = "Correct this claim"

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim

    def compose_fields(self) -> ComposeResult:
        yield claim_summary(self.claim)
        yield Label("Right value")
        yield Input(placeholder="e.g. 27", id="value")
        yield Label("Right wording (optional)")
        yield Input(placeholder="the statement as it should read", id="statement")
        yield Label("Note (why, where from)")
        yield Input(placeholder="optional", id="note")
        yield Static("", id="error", classes="dialog-error")

    def result(self) -> CorrectionValues | None:
        value = self.query_one("#value", Input).value.strip()
        statement = self.query_one("#statement", Input).value.strip()
        note = self.query_one("#note", Input).value.strip()
        if not value and not statement:
            self.query_one("#error", Static).update(
                Content("Give the right value or the right wording.")
            )
            self.query_one("#value", Input).focus()
            return None
        return CorrectionValues(value, statement, note)


class NoteForm(FormScreen[str]):
    TITLE_TEXT = "Add a note"

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim

    def compose_fields(self) -> ComposeResult:
        yield claim_summary(self.claim)
        yield Label("Note (enter starts a new line, ctrl+s saves)")
        yield TextArea(id="note", soft_wrap=True, placeholder="what you found, who you called")

    def result(self) -> str | None:
        text = self.query_one("#note", TextArea).text.strip()
        return text or None


@dataclass(frozen=True)
class SourceValues:
    url: str
    title: str
    note: str


class SourceForm(FormScreen[SourceValues]):
    TITLE_TEXT = "Add a source"

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim

    def compose_fields(self) -> ComposeResult:
        yield claim_summary(self.claim)
        yield Label("URL")
        yield Input(placeholder="https://…", id="url")
        yield Label("Title")
        yield Input(placeholder="optional", id="title")
        yield Label("Note")
        yield Input(placeholder="optional", id="note")
        yield Static("", id="error", classes="dialog-error")

    def result(self) -> SourceValues | None:
        url = self.query_one("#url", Input).value.strip()
        title = self.query_one("#title", Input).value.strip()
        problem = None
        if not url and not title:
            problem = "A source needs an http(s) URL, or a title for a document."
        elif url and web_url_problem(url):
            problem = (
                f"The URL must start with http:// or https:// ({web_url_problem(url)}); "
                "for a document without one, leave it empty and give the title."
            )
        if problem:
            self.query_one("#error", Static).update(Content(one_line(problem)))
            self.query_one("#url", Input).focus()
            return None
        return SourceValues(url, title, self.query_one("#note", Input).value.strip())


def find_span(text: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    """First occurrence of ``needle`` in ``text`` (exact, then case-insensitive)."""
    if not needle:
        return None
    index = text.find(needle, start)
    if index < 0:
        index = text.lower().find(needle.lower(), start)
    if index < 0:
        return None
    return index, index + len(needle)


class AddClaimForm(FormScreen[tuple[int, int]]):
    """Find text in the article to make a claim of it; the match is marked as you type."""

    TITLE_TEXT = "Add a claim: find its text in the article"

    def __init__(
        self,
        article_text: str,
        initial: str = "",
        on_search: Callable[[tuple[int, int] | None], None] | None = None,
    ) -> None:
        super().__init__()
        self.article_text = article_text
        self.initial = initial
        self.on_search = on_search
        self.span: tuple[int, int] | None = None

    def compose_fields(self) -> ComposeResult:
        yield Label("Text of the claim (as it appears in the article)")
        yield Input(value=self.initial, placeholder="type to find…", id="find")
        yield Static("", id="error", classes="dialog-error")

    def on_mount(self) -> None:
        self._search(self.initial)

    @on(Input.Changed, "#find")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, value: str) -> None:
        self.span = find_span(self.article_text, value.strip())
        message = "" if self.span or not value.strip() else "Not found in the article."
        self.query_one("#error", Static).update(Content(message))
        if self.on_search is not None:
            self.on_search(self.span)

    def result(self) -> tuple[int, int] | None:
        self._search(self.query_one("#find", Input).value)  # the text as it is now
        if self.span is None:
            self.query_one("#error", Static).update(Content("Not found in the article."))
            return None
        return self.span
