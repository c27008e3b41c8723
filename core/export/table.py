"""CSV: one row per claim, for spreadsheets.

Spreadsheets execute cells that start with ``=``, ``+``, ``-`` or ``@`` (and treat a
leading tab or CR the same way), so text from an article or a reviewer could run a formula
on the desk of whoever opens the export (CSV injection). Such cells are prefixed with
``'``, as OWASP advises -- with one exception: a cell that is entirely a plain number
(``-5``, ``+3.5``, ``-1e3``) is left as it is. A number cannot carry a formula, and
prefixing it would turn a numeric column (a negative change, a correction value) into text
that no longer sums or sorts. Anything else starting with ``-`` (``-2+3+cmd|...``) is
neutralised. Control and bidi characters in a cell are shown as escapes (``\\x1b``).
"""

from __future__ import annotations

import csv
import re
from typing import TYPE_CHECKING, Any, TextIO

from core.export.selection import Selection, Ticker, iter_selected_claims
from core.model import Claim
from core.safetext import printable

if TYPE_CHECKING:
    from core.desk.api import DeskBackend

COLUMNS = (
    "article_id",
    "article_title",
    "statement",
    "claimant",
    "key_figure",
    "kind",
    "value",
    "unit",
    "status",
    "correction_value",
    "correction_statement",
    "correction_note",
    "sources",
    "source_titles",
    "source_notes",
    "notes",
    "reviewer",
    "updated_at",
    "claim_id",
)

SOURCE_SEPARATOR = " | "
"""Between a claim's sources in ``sources``, ``source_titles`` and ``source_notes``: the
n-th title and note belong to the n-th URL (an absent one is an empty place)."""
NOTE_SEPARATOR = "\n"  # notes are prose and may contain "|"; a cell may hold line breaks
CELL_KEEPS = "\n\t"
"""Kept in cells; every other control or bidi character is shown as its escape
(``core.safetext``): a csv is read in terminals too, and an OSC 52 sequence in a note
would write the reader's clipboard."""

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(cell: str) -> str:
    """Make ``cell`` inert in a spreadsheet (see the module docstring for the rule)."""
    if cell.startswith(_DANGEROUS_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def format_value(value: Any) -> str:
    """A figure value as text: ``25`` not ``25.0``, ``None`` as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _beside_urls(values) -> str:
    """Titles or notes in the order of their URLs; all empty reads as an empty cell."""
    items = [" ".join((v or "").split()) for v in values]
    return SOURCE_SEPARATOR.join(items) if any(items) else ""


def claim_row(claim: Claim, article_title: str) -> list[str]:
    figure = claim.key_figure
    corr = claim.correction
    row = [
        claim.article_id,
        article_title,
        claim.statement,
        claim.claimant or "",
        figure.text if figure else "",
        figure.kind if figure else "",
        format_value(figure.value) if figure else "",
        (figure.unit or "") if figure else "",
        claim.status,
        corr.value if corr else "",
        corr.statement if corr else "",
        corr.note if corr else "",
        SOURCE_SEPARATOR.join(s.url for s in claim.sources),
        _beside_urls(s.title for s in claim.sources),
        _beside_urls(s.note for s in claim.sources),
        NOTE_SEPARATOR.join(n.text for n in claim.notes),
        claim.reviewer,
        claim.updated_at,
        claim.id,
    ]
    return [neutralise(printable(cell, keep=CELL_KEEPS)) for cell in row]


def write_csv(desk: DeskBackend, out: TextIO, selection: Selection, ticker: Ticker) -> int:
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, what Excel expects
    writer.writerow(COLUMNS)
    titles: dict[str, str] = {}
    for claim in iter_selected_claims(desk, selection):
        title = titles.get(claim.article_id)
        if title is None:
            try:
                title = desk.article(claim.article_id).title
            except KeyError:
                title = ""
            titles[claim.article_id] = title
        writer.writerow(claim_row(claim, title))
        ticker.tick()
    return ticker.done
