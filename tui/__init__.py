"""The Textual workbench. ``launch`` is what ``claimdesk open`` calls.

Textual and the screens are imported only here, when the workbench starts, so the
headless commands never pay for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def launch(
    paths: Sequence[str | Path],
    desk_path: str | Path,
    reviewer: str,
    model: str | None = None,
) -> int:
    """Open the desk, read the articles given, run the workbench; returns the exit code.

    Bad paths and a locked or damaged desk are reported (as ``UserError``/``DeskError``)
    before the screen takes over, so the message is one readable line.
    """
    from core.ingest import read_article
    from core.store import Desk

    articles = [read_article(str(path)) for path in paths]
    desk = Desk.open(Path(desk_path))
    try:
        from tui.app import ClaimdeskApp

        app = ClaimdeskApp(desk, reviewer, articles, model=model)
        result = app.run()
        return int(result or 0)
    finally:
        desk.close()
