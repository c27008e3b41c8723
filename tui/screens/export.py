"""The export dialog: format, status filter, file; the export runs in a thread worker.

A big desk can take a while to write out, so the export never runs on the UI thread: the
dialog shows progress until the file is complete, then closes and reports the count.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from core.model import Status

FORMATS = ("json", "jsonl", "csv", "markdown", "claimreview")
SUFFIX = {"json": "json", "jsonl": "jsonl", "csv": "csv", "markdown": "md", "claimreview": "json"}
DEFAULT_STATUSES = "verified,corrected,false,inconclusive"


@dataclass(frozen=True)
class ExportDone:
    path: Path
    count: int


def parse_statuses(text: str) -> list[str] | None:
    """``"verified, needs_source"`` → list; empty means the exporter's default."""
    items = [s.strip().replace(" ", "_") for s in text.split(",") if s.strip()]
    allowed = {s.value for s in Status}
    for item in items:
        if item not in allowed:
            raise UserError(f"unknown status {item!r}; choose from: {', '.join(sorted(allowed))}")
    return items or None


class ExportForm(ModalScreen[ExportDone | None]):
    """Export claims of this article (or the whole desk) to a file."""

    DEFAULT_CSS = """
    ExportForm #progress { display: none; }
    ExportForm.-exporting #progress { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "submit", "Export", id="export.run"),
    ]

    def __init__(self, desk, article_id: str | None, default_dir: Path | None = None) -> None:
        super().__init__()
        self.desk = desk
        self.article_id = article_id
        self.default_dir = default_dir or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Export claims"), classes="dialog-title")
            yield Label("Format")
            yield Select([(f, f) for f in FORMATS], value="json", allow_blank=False, id="format")
            yield Label("Statuses (comma-separated)")
            yield Input(value=DEFAULT_STATUSES, id="statuses")
            yield Checkbox("Only this article", value=self.article_id is not None, id="only")
            yield Label("File")
            yield Input(value=str(self.default_dir / "claimdesk-export.json"), id="path")
            yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Static("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        if path.stem == "claimdesk-export":
            path_input.value = str(path.with_suffix("." + SUFFIX[str(event.value)]))

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

    def action_submit(self) -> None:
        fmt = str(self.query_one("#format", Select).value)
        try:
            statuses = parse_statuses(self.query_one("#statuses", Input).value)
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
        only = self.query_one("#only", Checkbox).value
        article_ids = [self.article_id] if only and self.article_id else None
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
        )
        return ExportDone(path, count)

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
