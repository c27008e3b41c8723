"""The garbage collector's pauses kept out of key presses.

Python's cycle collector walks every object of its oldest generation. With spaCy, the
desk and the workbench loaded that is a few hundred thousand objects, and on an article
of 1,000 claims a full collection stalled about one key press in thirty by 100 ms and
more; the young collections of what each repaint allocates took a fifth of every key.

What the workbench has built by the time its first screen is drawn (modules, pipeline,
desk, the article's claims) and the indexes built in the background just after live
until it closes: :func:`settle` moves them out of the collector's sight
(``gc.freeze``; reference counting still frees them) and lets the youngest generation
grow larger between collections. :func:`release` undoes both when the workbench
closes, so that a process opening many in turn (a test run) collects each one's garbage.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000
"""Allocations between two collections of the youngest generation (Python's default is
700): each is then a little longer, but they come fourteen times less often."""

_saved: tuple[int, int, int] | None = None


def hold() -> None:
    """The workbench is starting: no collection until its first screen is drawn.

    Start-up (Textual, the screens, the desk) allocates several hundred thousand objects
    that all live on; the collector would walk them again and again while they load."""
    gc.disable()


def settle() -> None:
    """What exists now is long-lived: the collector stops walking it (and, held during
    start-up, it runs again from here)."""
    global _saved
    if _saved is None:
        _saved = gc.get_threshold()
        gc.set_threshold(YOUNG_THRESHOLD, _saved[1], _saved[2])
    gc.freeze()
    gc.enable()


def release() -> None:
    """Back to Python's own collection (the workbench is closing)."""
    global _saved
    gc.enable()
    gc.unfreeze()
    if _saved is not None:
        gc.set_threshold(*_saved)
        _saved = None
