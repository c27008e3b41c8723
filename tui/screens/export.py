"""The export dialog: format, statuses, file; the export runs in a thread worker.

A big desk can take a while to write out, so the export never runs on the UI thread: the
dialog shows progress until the file is complete, then closes and reports the count.

The format and the file name follow each other (``.csv`` picks csv, choosing markdown makes
``….md``; ClaimReview is ``….claimreview.json`` so it never lands on the JSON dump's name);
a file that exists is replaced only after a second, explicit Export; the ClaimReview fields
Google requires that this desk cannot fill are named before exporting; the last settings
are remembered (``core.export.remembered``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState, get_current_worker

from core.errors import UserError
from core.export.naming import FORMATS, format_for_path, path_for_format
from core.model import Status

DEFAULT_STATUSES = "verified,corrected,false,inconclusive"
EXTRA_STATUSES = {"needs": "needs_source", "dismissed": "dismissed"}
"""The checkboxes that add claims without a verdict to the export."""


@dataclass(frozen=True)
class ExportDone:
    path: Path
    count: int
    warnings: list[str] = field(default_factory=list)


def parse_statuses(text: str) -> list[str] | None:
    """``"verified, needs source"`` → list; empty means the exporter's default."""
    from core.claimquery import status_name

    items = []
    allowed = {s.value for s in Status}
    for raw in text.split(","):
        if not raw.strip():
            continue
        item = status_name(raw) or raw.strip()
        if item not in allowed:
            raise UserError(f"unknown status {item!r}; choose from: {', '.join(sorted(allowed))}")
        items.append(item)
    return items or None


def _with_status(text: str, status: str, included: bool) -> str:
    """The statuses field with ``status`` added or taken out."""
    items = [s.strip() for s in text.split(",") if s.strip()]
    items = [s for s in items if s.replace(" ", "_").replace("-", "_") != status]
    if included:
        items.append(status)
    return ",".join(items)


class ExportForm(ModalScreen[ExportDone | None]):
    """Export claims of this article (or the whole desk) to a file."""

    DEFAULT_CSS = """
    ExportForm #progress { display: none; }
    ExportForm.-exporting #progress { display: block; }
    ExportForm #missing { color: $warning; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "submit", "Export", id="export.run"),
        # Priority: the focus moves as the key arrives, so what is typed right after a
        # tab (a paste, a text expander) lands in the next field, not the one being left.
        Binding("tab", "move_focus(1)", "Next field", show=False, priority=True, id="export.next"),
        Binding(
            "shift+tab",
            "move_focus(-1)",
            "Previous field",
            show=False,
            priority=True,
            id="export.previous",
        ),
    ]

    def __init__(self, desk, article_id: str | None, default_dir: Path | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.article_id = article_id
        self.default_dir = default_dir or Path.cwd()
        self._confirmed: Path | None = None  # a file the reviewer agreed to replace
        self._following = False  # the format and the file name are being matched up
        from core.export.remembered import initial_settings

        self.settings = initial_settings(desk, self.default_dir)

    def compose(self) -> ComposeResult:
        s = self.settings
        statuses = s["statuses"]
        with Vertical(classes="dialog"):
            yield Static(Content("Export claims"), classes="dialog-title")
            yield Label("Format")
            yield Select(
                [(f, f) for f in FORMATS], value=s["format"], allow_blank=False, id="format"
            )
            yield Label("Statuses (comma-separated)")
            yield Input(value=statuses, id="statuses")
            with Horizontal(classes="dialog-row"):
                yield Checkbox("Needs source too", value="needs_source" in statuses, id="needs")
                yield Checkbox("Dismissed too", value="dismissed" in statuses, id="dismissed")
            yield Checkbox(
                "Only this article",
                value=self.article_id is not None and s["only_article"],
                id="only",
            )
            yield Label("File")
            yield Input(value=s["path"], id="path")
            yield Static("", id="missing")
            yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_missing(str(self.query_one("#format", Select).value))

    # -- the format and the file name follow each other -------------------------------

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        fmt = str(event.value)
        self._show_missing(fmt)
        if self._following:
            return
        path_input = self.query_one("#path", Input)
        renamed = path_for_format(path_input.value, fmt)
        if renamed != path_input.value:
            self._following = True
            path_input.value = renamed
            self.call_after_refresh(self._done_following)

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._confirmed = None
        self._reset_save()
        if self._following:
            return
        select = self.query_one("#format", Select)
        fmt = format_for_path(event.value)
        if fmt is not None and fmt != select.value:
            self._following = True
            select.value = fmt
            self.call_after_refresh(self._done_following)

    def _done_following(self) -> None:
        self._following = False

    @on(Checkbox.Changed, "#needs, #dismissed")
    def _extra_changed(self, event: Checkbox.Changed) -> None:
        box = self.query_one("#statuses", Input)
        status = EXTRA_STATUSES[event.checkbox.id or ""]
        text = box.value.strip() or DEFAULT_STATUSES
        box.value = _with_status(text, status, event.value)

    def _show_missing(self, fmt: str) -> None:
        """The ClaimReview fields Google requires that this desk's settings leave empty."""
        missing = self.query_one("#missing", Static)
        if fmt != "claimreview":
            missing.update("")
            missing.display = False
            return
        from core.export.claimreview import missing_required

        try:
            lines = missing_required()
        except UserError as exc:
            lines = [str(exc)]
        missing.display = bool(lines)
        missing.update(Content("Google requires: " + "; ".join(lines) if lines else ""))

    # -- submitting ----------------------------------------------------------------------

    def action_move_focus(self, step: int) -> None:
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "export")
        self.dismiss(None)

    def _error(self, message: str) -> None:
        self.query_one("#error", Static).update(Content(message))

    def _reset_save(self) -> None:
        button = self.query_one("#save", Button)
        button.label = "Export"
        button.variant = "primary"

    def action_submit(self) -> None:
        fmt = str(self.query_one("#format", Select).value)
        statuses_text = self.query_one("#statuses", Input).value
        try:
            statuses = parse_statuses(statuses_text)
        except UserError as exc:
            self._error(str(exc))
            return
        raw_path = self.query_one("#path", Input).value.strip()
        if not raw_path:
            self._error("Give a file to write.")
            return
        path = Path(raw_path).expanduser()
        if path.is_dir():
            self._error(f"{path} is a directory; give a file name.")
            return
        if path.exists() and self._confirmed != path:
            self._confirmed = path
            button = self.query_one("#save", Button)
            button.label = "Replace"
            button.variant = "warning"
            self._error(f"{path.name} exists. Export again to replace it, or change the name.")
            return
        only = self.query_one("#only", Checkbox).value
        article_ids = [self.article_id] if only and self.article_id else None
        from core.export.remembered import remember

        remember(
            self.desk,
            {
                "format": fmt,
                "statuses": statuses_text.strip(),
                "only_article": only,
                "path": str(path),
            },
        )
        self.add_class("-exporting")
        self.query_one("#save", Button).disabled = True
        self._error("")
        self.run_export(fmt, path, statuses, article_ids)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def run_export(
        self, fmt: str, path: Path, statuses: list[str] | None, article_ids: list[str] | None
    ) -> ExportDone:
        from core.export import export_to_file

        worker = get_current_worker()
        bar = self.query_one("#progress", ProgressBar)
        warnings: list[str] = []

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        # Written atomically: a failed or cancelled export leaves any earlier file intact.
        count = export_to_file(
            self.desk,
            fmt,
            path,
            statuses=statuses,
            article_ids=article_ids,
            progress=progress,
            cancel=lambda: worker.is_cancelled,
            on_warning=warnings.append,
        )
        return ExportDone(path, count, warnings)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "export":
            return
        if event.state == WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.remove_class("-exporting")
            self.query_one("#save", Button).disabled = False
            error = event.worker.error
            self._error(f"Export failed: {error}")
