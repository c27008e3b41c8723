"""Forms that change a claim's record or what a reviewer already wrote about it.

``r`` edits the claim's statement and key figure.

``N`` and ``A`` open them on the claim's latest note or source; the list at the top picks
another. ``ctrl+s`` saves the edit, ``ctrl+d`` removes the entry, ``escape`` leaves it as
it was. The review screen turns the result into a ``core.review`` call, so each edit is an
event that ``u`` takes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from core.errors import UserError
from core.model import Claim, FigureKind
from core.review_edits import check_accessed, check_source_url
from core.review_fields import parse_value
from tui.display import one_line
from tui.screens.forms import FormScreen, claim_summary, find_span

T = TypeVar("T")


@dataclass(frozen=True)
class NoteEdit:
    number: int
    text: str | None  # None: remove the note


@dataclass(frozen=True)
class SourceEdit:
    key: str
    remove: bool = False
    url: str = ""
    title: str = ""
    note: str = ""
    accessed: str = ""


class _EditForm(FormScreen[T]):
    """A form over one of several entries, with a Remove button beside Save."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the text fields would take ctrl+d as "delete right".
        Binding("ctrl+d", "remove", "Remove", priority=True, id="form.remove"),
    ]

    def _error(self, message: str) -> None:
        self.query_one("#error", Static).update(Content(one_line(message)))

    def _remove_button(self) -> ComposeResult:
        yield Static("", id="error", classes="dialog-error")
        yield Static(Content("ctrl+s save · ctrl+d remove · escape cancel"), classes="dialog-hint")
        yield Button("Remove", variant="error", id="remove")

    @on(Button.Pressed, "#remove")
    def _remove_pressed(self) -> None:
        self.action_remove()

    def action_remove(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class NoteEditForm(_EditForm[NoteEdit]):
    TITLE_TEXT = "Edit or remove a note"

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim
        self.number = len(claim.notes)

    def compose_fields(self) -> ComposeResult:
        yield claim_summary(self.claim)
        options = [(f"{i}. {one_line(n.text)[:60]}", i) for i, n in enumerate(self.claim.notes, 1)]
        yield Select(options, value=self.number, allow_blank=False, id="which")
        yield Label("Note (enter starts a new line)")
        yield TextArea(self.claim.notes[-1].text, id="text", soft_wrap=True)
        yield from self._remove_button()

    def on_mount(self) -> None:
        self.query_one("#text", TextArea).focus()

    @on(Select.Changed, "#which")
    def _pick(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self.number:
            self.number = event.value
            self.query_one("#text", TextArea).text = self.claim.notes[self.number - 1].text

    def result(self) -> NoteEdit | None:
        text = self.query_one("#text", TextArea).text.strip()
        if not text:
            self._error("A note needs some text; ctrl+d removes it.")
            return None
        return NoteEdit(self.number, text)

    def action_remove(self) -> None:
        self.dismiss(NoteEdit(self.number, None))


class SourceEditForm(_EditForm[SourceEdit]):
    TITLE_TEXT = "Edit or remove a source"

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim
        self.index = len(claim.sources) - 1

    def compose_fields(self) -> ComposeResult:
        yield claim_summary(self.claim)
        options = [(one_line(s.key)[:70], i) for i, s in enumerate(self.claim.sources)]
        yield Select(options, value=self.index, allow_blank=False, id="which")
        source = self.claim.sources[self.index]
        yield Label("URL (empty for a document such as a phone interview)")
        yield Input(source.url, placeholder="https://…", id="url")
        yield Label("Title")
        yield Input(source.title, id="title")
        yield Label("Note")
        yield Input(source.note, id="note")
        yield Label("Date accessed (YYYY-MM-DD)")
        yield Input(source.accessed, id="accessed")
        yield from self._remove_button()

    def on_mount(self) -> None:
        self.query_one("#url", Input).focus()

    @on(Select.Changed, "#which")
    def _pick(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self.index:
            self.index = event.value
            source = self.claim.sources[self.index]
            for name in ("url", "title", "note", "accessed"):
                self.query_one(f"#{name}", Input).value = getattr(source, name)

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def result(self) -> SourceEdit | None:
        try:
            url = check_source_url(self._value("url"))
            accessed = check_accessed(self._value("accessed"))
        except UserError as exc:
            self._error(str(exc))
            return None
        title = self._value("title")
        if not url and not title:
            self._error("A source needs an http(s) URL, or a title for a document.")
            return None
        key = self.claim.sources[self.index].key
        return SourceEdit(key, False, url, title, self._value("note"), accessed)

    def action_remove(self) -> None:
        self.dismiss(SourceEdit(self.claim.sources[self.index].key, remove=True))


@dataclass(frozen=True)
class ClaimFields:
    statement: str
    value: str  # empty: the claim keeps having no figure
    kind: str
    unit: str


class ClaimEditForm(FormScreen[ClaimFields]):
    """The claim's own record: its statement and key figure (not a verdict)."""

    TITLE_TEXT = "Edit the claim: statement and key figure"

    def __init__(self, claim: Claim) -> None:
        super().__init__()
        self.claim = claim

    def compose_fields(self) -> ComposeResult:
        figure = self.claim.key_figure
        yield Label("Statement")
        yield Input(self.claim.statement, id="statement")
        yield Label(
            "Key figure: value" + (f" (the article says {figure.text!r})" if figure else "")
        )
        yield Input("" if figure is None else str(figure.value), placeholder="e.g. 26", id="value")
        yield Label("Kind")
        kinds = [(kind.value, kind.value) for kind in FigureKind]
        yield Select(kinds, value=figure.kind if figure else "count", allow_blank=False, id="kind")
        yield Label("Unit or currency (optional)")
        yield Input((figure.unit or "") if figure else "", id="unit")
        yield Static("", id="error", classes="dialog-error")

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def result(self) -> ClaimFields | None:
        error = self.query_one("#error", Static)
        statement, value = self._value("statement"), self._value("value")
        kind = str(self.query_one("#kind", Select).value)
        if not statement:
            error.update(Content("A claim's statement cannot be empty."))
            self.query_one("#statement", Input).focus()
            return None
        if value or self.claim.key_figure is not None:
            try:
                parse_value(kind, value)
            except UserError as exc:
                error.update(Content(one_line(str(exc))))
                self.query_one("#value", Input).focus()
                return None
        return ClaimFields(statement, value, kind, self._value("unit"))


class SplitForm(FormScreen[int]):
    """Where to cut a claim in two: before the words typed (found in the claim's text)."""

    TITLE_TEXT = "Split this claim in two"

    def __init__(self, claim: Claim, article_text: str) -> None:
        super().__init__()
        self.claim = claim
        self.words = article_text[claim.start : claim.end]

    def compose_fields(self) -> ComposeResult:
        yield claim_summary(self.claim)
        later = self.claim.figures[1].text if len(self.claim.figures) > 1 else ""
        yield Label("Split before these words (the rest becomes a new claim)")
        yield Input(later, placeholder="e.g. the second figure", id="at")
        yield Static("", id="error", classes="dialog-error")

    def result(self) -> int | None:
        needle = self.query_one("#at", Input).value.strip()
        span = find_span(self.words, needle, 1) if needle else None
        if span is None or not self.words[: span[0]].strip():
            self.query_one("#error", Static).update(
                Content("Type words of the claim after its start: the split goes before them.")
            )
            return None
        return span[0]
