"""Writing an export to a file so that nobody ever sees half of one.

The export goes to a temporary file beside the target, is flushed to disk, and is renamed
over the target only when complete. A crash, a full disk or a cancelled export leaves any
earlier file of that name untouched and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from core.errors import UserError


def refuse_desk_files(target: Path | str, desk: Path | str) -> None:
    """An export named like the desk (or its history, journal or lock) would be renamed
    over it and lose it, whether asked from the command line or the workbench."""
    from core.desk.files import history_path, journal_path

    desk = Path(desk).expanduser()
    desk_files = (desk, history_path(desk), journal_path(desk), Path(str(desk) + ".lock"))
    resolved = Path(target).expanduser().resolve()
    if any(resolved == f.resolve() for f in desk_files):
        raise UserError(f"{target} is a file of the desk itself; export to another file")


@contextlib.contextmanager
def atomic_text_file(target: Path | str) -> Iterator[TextIO]:
    """A UTF-8 text stream (no newline translation) that becomes ``target`` on success."""
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"{target} is a directory; give a file name")
    if not directory.is_dir():
        raise UserError(f"cannot write {target}: directory {directory} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UserError(f"cannot write to {directory}: {exc.strerror}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file normal rights
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
