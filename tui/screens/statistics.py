"""How far the reviewer has come since the workbench opened: claims decided, the pace
per hour, the count by verdict and how many were left for later."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from core.model import Status
from core.tally import DecisionTally
from tui.display import STATUS_FG_STYLE, STATUS_LABEL, STATUS_MARK


def _clock(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def statistics_text(tally: DecisionTally, skipped: int) -> Content:
    """The statistics as lines of text (a test reads them with ``str``)."""
    decided = tally.decided
    pace = tally.per_hour()
    lines = [
        Content(
            f"{decided} claim{'' if decided == 1 else 's'} decided in {_clock(tally.hours())}"
            + (f" — {pace:.0f} an hour" if pace is not None else " — pace after a minute")
        )
    ]
    counts = tally.by_status()
    for status in Status:
        if counts.get(status.value):
            lines.append(
                Content.assemble(
                    (f"  {STATUS_MARK[status]} ", STATUS_FG_STYLE.get(status, "")),
                    f"{STATUS_LABEL[status]}: {counts[status.value]}",
                )
            )
    lines.append(Content(f"Skipped for later: {skipped}"))
    return Content("\n").join(lines)


class StatisticsScreen(ModalScreen[None]):
    """``t``: what has been decided since the workbench opened; escape or t closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,t", "close", "Close", id="statistics.close"),
    ]

    def __init__(self, tally: DecisionTally, skipped: int) -> None:
        super().__init__()
        self.tally = tally
        self.skipped = skipped

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("Since the workbench opened"), classes="dialog-title")
            yield Static(statistics_text(self.tally, self.skipped), id="statistics")
            yield Static(Content("escape closes"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
