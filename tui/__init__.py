"""The Textual workbench. ``launch`` is what ``claimdesk open`` calls.

Textual and the screens are imported only here, when the workbench starts, so the
headless commands never pay for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def stored_article(desk, source: str):
    """The desk's copy of the article read from file ``source``, if it was imported.

    Reading a file in full (decoding, damage checks) takes a noticeable fraction of a
    second; an article already on the desk opens from there and is re-read in a worker.
    """
    from core.importing import latest_at

    if source == "-":
        return None
    if not Path(source).is_file():
        return None
    return latest_at(desk, source)


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
    from tui import heap

    heap.hold()  # until the first screen is drawn (``heap.settle``)
    from textual.theme import BUILTIN_THEMES

    from core.config import keymap, load_settings, value_of
    from core.desk import open_desk
    from core.ingest import read_article
    from tui.keymap import check_keymap, check_theme

    where = str(load_settings().path)
    keys = check_keymap(keymap(), where)
    theme = check_theme(value_of("theme"), BUILTIN_THEMES, where)
    desk = open_desk(desk_path)
    try:
        articles = []
        recheck = []
        for path in paths:
            stored = stored_article(desk, str(path))
            if stored is None:
                articles.append(read_article(str(path)))
            else:
                # Open the desk's copy at once; the file is compared in a worker.
                articles.append(stored)
                recheck.append((str(path), stored.id))
        from tui.app import ClaimdeskApp

        app = ClaimdeskApp(
            desk, reviewer, articles, model=model, recheck=recheck, keymap=keys, theme=theme
        )
        result = app.run()
        return int(result or 0)
    finally:
        desk.close()
