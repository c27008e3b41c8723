"""Exports of a desk: a lossless dump (json, jsonl), csv, a Markdown corrections memo and
schema.org ClaimReview JSON-LD.

:func:`export` is the one entry point the CLI and the workbench call. Every format streams:
claims are read from the desk one at a time and written as they come, so a desk of 100,000
claims never sits in memory as output. :func:`restore_dump` reads a full dump back into an
empty desk.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from core.errors import UserError
from core.export.selection import (
    ALL_STATUSES,
    DEFAULT_STATUSES,
    ExportCancelled,
    Selection,
    Ticker,
    estimate_total,
)

if TYPE_CHECKING:
    from core.desk.api import DeskBackend

FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "markdown", "claimreview")

__all__ = [
    "ALL_STATUSES",
    "DEFAULT_STATUSES",
    "FORMATS",
    "ExportCancelled",
    "export",
    "export_to_file",
    "restore_dump",
]


def export(
    desk: DeskBackend,
    fmt: str,
    out: TextIO,
    *,
    statuses: Iterable[str] | str | None = None,
    article_ids: Iterable[str] | None = None,
    since: str | date | datetime | None = None,
    all_versions: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    on_warning: Callable[[str], None] | None = None,
    publisher: Any = None,
    rating_map: Any = None,
    matches: bool = False,
) -> int:
    """Write the desk's claims in ``fmt`` to ``out``; return the number of claims written.

    ``statuses``: ``None`` for the reviewed verdicts (verified, corrected, false,
    inconclusive), ``"all"`` for everything including removed claims, or a list.
    ``article_ids``: full ids or unique prefixes. ``since``: claims updated on or after
    this ISO date/time. ``progress(done, total)`` is called every few hundred claims and
    once at the end; ``cancel()`` returning true stops with :class:`ExportCancelled`
    (the output is then incomplete; the CLI never renames such a file into place).
    ``on_warning`` receives one-line remarks (e.g. ClaimReview fields Google requires
    that are missing). ``publisher`` / ``rating_map`` configure ClaimReview only.
    ``matches`` (json, jsonl) adds to each claim the claims reviewed in other articles
    that state the same figure (``core.match``); it costs a lookup per claim.
    """
    if fmt not in FORMATS:
        raise UserError(f"unknown export format {fmt!r}; choose from: {', '.join(FORMATS)}")
    selection = Selection.build(
        desk,
        statuses=statuses,
        article_ids=article_ids,
        since=since,
        all_versions=all_versions,
    )
    total = estimate_total(desk, selection) if progress is not None else 0
    ticker = Ticker(total, progress, cancel)
    ticker.check()
    warn = on_warning or (lambda _line: None)
    with _collector_paused():
        if fmt == "json":
            from core.export.dump import write_json

            count = write_json(desk, out, selection, ticker, matches=matches)
        elif fmt == "jsonl":
            from core.export.dump import write_jsonl

            count = write_jsonl(desk, out, selection, ticker, matches=matches)
        elif fmt == "csv":
            from core.export.table import write_csv

            count = write_csv(desk, out, selection, ticker)
        elif fmt == "markdown":
            from core.export.memo import write_markdown

            count = write_markdown(desk, out, selection, ticker)
        else:
            from core.export.claimreview import write_claimreview

            count = write_claimreview(
                desk, out, selection, ticker, publisher=publisher, rating_map=rating_map, warn=warn
            )
        ticker.finish()
    return count


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while an export runs.

    An export allocates a few objects per claim and frees them at once (no cycles), but
    the allocation bursts trigger full collections that walk the whole open desk -- hundreds
    of megabytes at 100,000 claims, about a fifth of a json export's time. Reference
    counting still frees everything; the collector resumes (if it was on) afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def export_to_file(
    desk: DeskBackend, fmt: str, path: Path | str, *, bom: bool = False, **options: Any
) -> int:
    """:func:`export` into ``path`` atomically (temp file, fsync, rename).

    ``bom`` starts the file with a UTF-8 byte-order mark (for Excel); ``options`` are
    :func:`export`'s. A failed or cancelled export leaves an earlier file untouched; a
    write failure is :class:`~core.errors.WriteFailed`. The file gets the desk's mode.
    """
    from core.export.files import atomic_text_file, desk_mode, refuse_desk_files

    desk_path = None if getattr(desk, "url", None) else getattr(desk, "path", None)
    if desk_path is not None:
        refuse_desk_files(path, desk_path)
    with atomic_text_file(path, mode=desk_mode(desk_path)) as out:
        if bom:
            out.write("\ufeff")
        return export(desk, fmt, out, **options)


def restore_dump(desk: DeskBackend, fp: TextIO) -> int:
    """Fill an empty desk from a full json/jsonl dump; return the number of claims restored."""
    from core.export.restore import restore_dump as _restore

    return _restore(desk, fp)
