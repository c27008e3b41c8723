"""Output streams whose write failures become one line a person can act on.

A backup written to a full disk must not come out short and say nothing. Every byte the
command line or an export writes goes through :class:`GuardedFile`, a ``FileIO`` that turns
the operating system's error into :class:`~core.errors.WriteFailed` naming the file (or
standard output) and the cause. A closed pipe (``claimdesk export | head``) is not a
failure of ours: ``BrokenPipeError`` passes through unchanged for the caller to end
quietly.
"""

from __future__ import annotations

import errno
import io
import os
from typing import TextIO

from core.errors import WriteFailed

STDOUT = "standard output"


def describe(exc: OSError, where: str) -> str:
    """What went wrong writing ``where``, in words: "the disk holding X is full"."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        if where == STDOUT:
            return "cannot write to standard output: the disk is full (no space left)"
        return f"the disk holding {where} is full; free some space and try again"
    reason = (exc.strerror or str(exc)).lower()
    if where == STDOUT:
        return f"cannot write to standard output: {reason}"
    return f"cannot write {where}: {reason}"


class GuardedFile(io.FileIO):
    """A writable ``FileIO`` whose OS errors are :class:`WriteFailed` (a pipe's excepted)."""

    def __init__(self, fd: int, *, where: str, closefd: bool = True) -> None:
        super().__init__(fd, "wb", closefd=closefd)
        self.where = where
        self.failed = False

    def write(self, data) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            self.failed = True
            raise WriteFailed(describe(exc, self.where)) from None


def text_stream(raw: GuardedFile, *, encoding: str = "utf-8", **options) -> TextIO:
    """A buffered text stream over ``raw`` (``newline=""`` and the like in ``options``)."""
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding=encoding, **options)


def guarded_stdout(stdout: TextIO) -> TextIO:
    """A replacement for the process's ``sys.stdout`` with the same encoding and buffering.

    Writes go straight to file descriptor 1 (not closed when the stream is).
    """
    raw = GuardedFile(stdout.fileno(), where=STDOUT, closefd=False)
    return text_stream(
        raw,
        encoding=stdout.encoding,
        errors=stdout.errors,
        line_buffering=stdout.line_buffering,
    )


def discard_stdout() -> None:
    """Point file descriptor 1 at the null device: output still buffered for a closed
    pipe or a full disk must not fail again (with a second message) when Python exits."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
    finally:
        os.close(devnull)
