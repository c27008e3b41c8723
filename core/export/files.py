"""Writing an export to a file so that nobody ever sees half of one.

The export goes to a temporary file beside the target, is flushed to disk, and is renamed
over the target only when complete. A full disk, a failed write or a cancelled export
removes the temporary file and leaves any earlier file of that name untouched; the
failure is one line naming the file (:class:`~core.errors.WriteFailed`).

A process killed outright (``kill -9``, a power cut) cannot clean up after itself, so the
temporary file's name says whose it is: ``.NAME.claimdesk-tmp-PID`` in the target's
folder. The next export into that folder removes every such file whose process is gone.

The export gets the desk's file mode (0600 unless someone changed it): a desk's claims,
notes and sources are no more public in an export than in the desk.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from core.errors import UserError, WriteFailed
from core.writing import GuardedFile, describe, text_stream

TEMP_MARK = ".claimdesk-tmp-"
_TEMP_NAME = re.compile(r"^\..+" + re.escape(TEMP_MARK) + r"(\d+)(?:-\d+)?$")
DEFAULT_MODE = 0o600


def refuse_desk_files(target: Path | str, desk: Path | str) -> None:
    """An export named like the desk (or its history, journal or lock) would be renamed
    over it and lose it, whether asked from the command line or the workbench."""
    from core.desk.files import history_path, journal_path

    desk = Path(desk).expanduser()
    desk_files = (desk, history_path(desk), journal_path(desk), Path(str(desk) + ".lock"))
    resolved = Path(target).expanduser().resolve()
    if any(resolved == f.resolve() for f in desk_files):
        raise UserError(f"{target} is a file of the desk itself; export to another file")


def desk_mode(desk: Path | str | None) -> int:
    """The permission bits of the desk file, or 0600 when there is none to copy."""
    if desk is None:
        return DEFAULT_MODE
    try:
        return stat.S_IMODE(Path(desk).expanduser().stat().st_mode)
    except OSError:
        return DEFAULT_MODE


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def remove_stale_temp_files(directory: Path) -> list[Path]:
    """Remove the temporary files of exports into ``directory`` whose process is gone."""
    removed: list[Path] = []
    try:
        entries = list(directory.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            entry.unlink()
            removed.append(entry)
    return removed


def _create_temp(directory: Path, target: Path, mode: int) -> tuple[int, Path]:
    base = f".{target.name}{TEMP_MARK}{os.getpid()}"
    for attempt in range(1, 1000):
        tmp = directory / (base if attempt == 1 else f"{base}-{attempt}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # another export of this process into the same name
        except OSError as exc:
            raise WriteFailed(describe(exc, str(target))) from None
        with contextlib.suppress(OSError):  # a file system without modes (FAT, shares)
            os.fchmod(fd, mode)
        return fd, tmp
    raise WriteFailed(f"cannot write {target}: too many unfinished exports beside it")


@contextlib.contextmanager
def atomic_text_file(
    target: Path | str,
    *,
    mode: int = DEFAULT_MODE,
    on_commit: Callable[[], None] | None = None,
) -> Iterator[TextIO]:
    """A UTF-8 text stream (no newline translation) that becomes ``target`` on success.

    ``on_commit`` is called once the file is complete and durable, just before it is
    renamed over ``target``: from there on the export has happened, whatever stops it
    (the command defers SIGTERM from that point, so it never reports a replaced file as
    left alone)."""
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"{target} is a directory; give a file name")
    if not directory.is_dir():
        raise UserError(f"cannot write {target}: directory {directory} does not exist")
    remove_stale_temp_files(directory)
    existed = target.exists()
    fd, tmp = _create_temp(directory, target, mode)
    try:  # from the moment the file exists: a SIGTERM may land at once
        raw = GuardedFile(fd, where=str(target))
        stream = text_stream(raw, newline="")
        try:
            yield stream
            stream.flush()
            _fsync(fd, target)
        finally:
            _close_quietly(stream, raw)
        if on_commit is not None:
            on_commit()
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise WriteFailed(describe(exc, str(target))) from None
    except WriteFailed as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        kept = f"{target} was left as it was" if existed else f"{target} was not created"
        raise WriteFailed(f"{exc}; {kept}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    from core.desk.files import fsync_dir  # here: the desk package loads TinyDB

    with contextlib.suppress(OSError):  # make the rename itself durable
        fsync_dir(directory)


def _fsync(fd: int, target: Path) -> None:
    try:
        os.fsync(fd)
    except OSError as exc:  # a disk can report it is full only now
        raise WriteFailed(describe(exc, str(target))) from None


def _close_quietly(stream: TextIO, raw: GuardedFile) -> None:
    """Close the temporary file; after a failed write its unwritten buffer is dropped."""
    try:
        stream.close()
    except (OSError, ValueError, WriteFailed):
        with contextlib.suppress(OSError):
            raw.close()
