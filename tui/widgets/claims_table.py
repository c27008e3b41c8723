"""The list of claims: one row per claim, updated one row at a time.

A ``DataTable`` keyed by claim id. Decisions call ``update_claim``, which rewrites the
cells of that one row: the list is never rebuilt on a key press, so reviewing stays fast
on an article with a thousand claims.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from core.model import Claim
from tui.display import key_figure_kind, key_figure_text, one_line, status_cell

COLUMNS = (
    ("status", "Status", 14),
    ("kind", "Kind", 8),
    ("figure", "Figure", 12),
    ("cw", "CW", 4),
    ("statement", "Statement", 200),
)


class ClaimsTable(DataTable):
    """Claims in the order the screen chooses (text position or check-worthiness)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Show in article", show=False, id="claims.show"),
    ]

    DEFAULT_CSS = """
    ClaimsTable { height: 1fr; overflow-x: hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._columns_ready = False

    def on_mount(self) -> None:
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width)

    def _cells(self, claim: Claim) -> tuple[Text, ...]:
        variables = self.app.theme_variables
        return (
            status_cell(variables, claim.status),
            Text(key_figure_kind(claim), no_wrap=True),
            Text(key_figure_text(claim), no_wrap=True, style="bold"),
            Text(f"{claim.checkworthiness:.2f}"[1:] if claim.checkworthiness < 1 else "1.0"),
            Text(one_line(claim.statement), no_wrap=True),
        )

    def show(self, claims: Iterable[Claim]) -> None:
        """Replace the rows with ``claims`` (an import, a sort or a filter)."""
        self.clear()
        for claim in claims:
            self.add_row(*self._cells(claim), key=claim.id)

    def update_claim(self, claim: Claim) -> None:
        """Rewrite one row in place; a claim not in the (filtered) list is ignored."""
        try:
            self.get_row_index(claim.id)
        except RowDoesNotExist:
            return
        for (key, _, _), cell in zip(COLUMNS, self._cells(claim), strict=True):
            self.update_cell(claim.id, key, cell)

    def remove_claim(self, claim_id: str) -> None:
        with contextlib.suppress(RowDoesNotExist):
            self.remove_row(claim_id)

    @property
    def current_id(self) -> str | None:
        """The claim under the cursor, if any."""
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return key.value

    def row_ids(self) -> list[str]:
        return [row.key.value for row in self.ordered_rows]

    def move_to(self, claim_id: str) -> bool:
        """Put the cursor on ``claim_id``; ``False`` when it is not in the list."""
        try:
            index = self.get_row_index(claim_id)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index, animate=False, scroll=True)
        return True
