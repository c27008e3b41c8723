"""Standard output for the commands: failures said in one line, a closed pipe a quiet end.

``guard_stdout`` swaps the process's ``sys.stdout`` for one whose writes raise
``WriteFailed`` on a full disk or a device error (``core.writing``), so ``print``, Rich
tables and exports to stdout all fail the same way. ``Console`` is Rich's console with a
closed pipe left to the dispatcher (Rich itself would exit 1).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from rich.console import Console as RichConsole

from core.errors import WriteFailed
from core.writing import discard_stdout, guarded_stdout

__all__ = ["Console", "abandon_stdout_if_failing", "discard_stdout", "guard_stdout"]


@contextlib.contextmanager
def guard_stdout() -> Iterator[None]:
    """Guard the real stdout for the duration (a test's captured stdout is left alone)."""
    original = sys.stdout
    try:
        real = original is sys.__stdout__ and original is not None and original.fileno() == 1
    except (AttributeError, OSError, ValueError):
        real = False
    if not real:
        yield
        return
    original.flush()
    sys.stdout = guarded_stdout(original)
    try:
        yield
    finally:
        guarded, sys.stdout = sys.stdout, original
        try:
            guarded.flush()
        except (OSError, WriteFailed, ValueError):
            discard_stdout()
            with contextlib.suppress(OSError, WriteFailed, ValueError):
                guarded.flush()


def abandon_stdout_if_failing() -> None:
    """After an error, output that cannot be flushed is dropped (it would fail again, with
    a second message, when Python exits)."""
    try:
        sys.stdout.flush()
    except (OSError, WriteFailed, ValueError):
        discard_stdout()
        with contextlib.suppress(OSError, WriteFailed, ValueError):
            sys.stdout.flush()


class Console(RichConsole):
    """Rich's console; a closed pipe is raised for the dispatcher to end quietly."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        discard_stdout()
        raise BrokenPipeError
