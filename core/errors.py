"""Errors a user can fix. The CLI prints their message as one line and exits non-zero."""

from __future__ import annotations


class UserError(Exception):
    """A mistake in what the user asked for or gave us (bad path, bad input, bad flag).

    The message must say what is wrong and what to do, in one line. Exit code 2.
    """

    exit_code = 2


class DeskError(UserError):
    """The desk cannot be used as asked (locked, damaged, unwritable). Exit code 1."""

    exit_code = 1


class NotADeskError(DeskError):
    """``--desk`` names a file that is something else (an export dump). Exit code 2."""

    exit_code = 2


class WriteFailed(UserError):
    """Output could not be written (a full disk, a device error). Exit code 1.

    Raised by :mod:`core.writing`; the message names the file or standard output.
    """

    exit_code = 1


class ConflictError(DeskError):
    """An edit based on a claim that someone else changed since it was shown; not saved.

    The message says who changed it, when and to what; the claim is then shown afresh.
    """
