"""A whole new desk file built out of sight, then moved into place in one short step.

``claimdesk copy`` writes a destination that must either be complete or not be there at
all: a desk that opens but holds half a copy looks whole to the next reviewer. So the
new desk is built in a folder beside its destination, ``.NAME.copy-XXXXXXXX.tmp/``, under
its own name (its journal, history, checks and their search index with it), folded,
flushed to disk, and only then moved out of that folder next to ``NAME``.

A desk is several files, and no rename moves several at once, so the move is made safe
another way. Before the first rename the folder gets a plan (``installing.json``: what
goes in, and which files of an empty desk already there are set aside into the folder's
``previous/``, so that it can be put back). The desk file itself is moved last: once it
is in place the copy is done. A process killed before that (``kill -9``, a power cut)
leaves the folder, and whoever takes the destination's lock next (the next copy, any
command that writes the desk, ``doctor``) finds it. Without a plan nothing had moved
and the folder goes; with the desk file still inside, what had been moved is taken back
and the set-aside files are put back first. Either way the destination is as it was
before the copy.

The destination's lock is held throughout, so no other claimdesk writes it meanwhile; if
the copy does not happen and there is no desk at the destination, the lock file is
removed again (and so is the folder, if the copy created it). A killed copy also leaves
the lock file: it holds nothing, and a desk put there later takes it as its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING

from core.desk.files import (
    checks_index_path,
    checks_path,
    encode,
    explain_os_error,
    fsync_dir,
    history_path,
    journal_path,
    make_parent,
    quarantine_path,
    take_lock,
)
from core.errors import DeskError

if TYPE_CHECKING:
    from core.desk.tinydesk import Desk

PLAN = "installing.json"
PREVIOUS = "previous"


_RANDOM = re.compile(r"[a-z0-9_]{8}")  # what tempfile.mkdtemp puts between prefix and suffix


def staging_folders(path: Path) -> list[Path]:
    """Folders of copies into ``path`` that were stopped before they completed.

    Only folders of exactly the shape :func:`staged_desk` makes, and real ones: a
    ``*`` would also match the folder of a copy into ``NAME.copy-x`` (whose lock is not
    ours) or a folder of the user's, and a link leads out of the desk's folder.
    """
    prefix, suffix = f".{path.name}.copy-", ".tmp"
    return sorted(
        entry
        for entry in path.parent.glob(f"{glob_escape(prefix)}*{suffix}")
        if _RANDOM.fullmatch(entry.name[len(prefix) : -len(suffix)])
        and entry.is_dir()
        and not entry.is_symlink()
    )


def desk_files(path: Path) -> list[Path]:
    """Every file a desk at ``path`` may have (its lock aside), the desk file last."""
    names = (
        checks_index_path(path).name,
        checks_path(path).name,
        quarantine_path(path).name,
        history_path(path).name,
        journal_path(path).name,
        path.name,
    )
    return [path.with_name(name) for name in names]


def recover(path: Path) -> None:
    """Undo what copies into ``path`` killed part-way left behind (the caller holds the
    desk's lock, so none of them is still at work)."""
    for folder in staging_folders(path):
        try:
            _recover_one(path, folder)
        except OSError as exc:
            raise DeskError(
                f"an interrupted copy into {path} left {folder} and it could not be undone "
                f"({explain_os_error(exc, folder)}); remove that folder and the copy's "
                "files beside it, then copy again"
            ) from None


def _recover_one(path: Path, folder: Path) -> None:
    plan = _read_plan(path, folder)
    if plan is not None and (folder / path.name).exists():  # the desk file never moved
        moved_in, aside = plan
        previous = folder / PREVIOUS
        for name in moved_in:
            # A file set aside and no longer in previous/ was put back by an undo that
            # was itself stopped: the one at the destination is the empty desk's own.
            if not (folder / name).exists() and (name not in aside or (previous / name).exists()):
                _remove(path.with_name(name))
        for name in aside:
            if (previous / name).exists():
                os.replace(previous / name, path.with_name(name))
        fsync_dir(path.parent)
    shutil.rmtree(folder)


def _read_plan(path: Path, folder: Path) -> tuple[list[str], list[str]] | None:
    """The plan's two lists, only the names of the desk's own files kept: it is read from
    disk, and a damaged or foreign one must not remove or replace anything else."""
    try:
        plan = json.loads((folder / PLAN).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none, or cut short: stopped before moving anything
        return None
    if not isinstance(plan, dict):
        return None
    own = {entry.name for entry in desk_files(path)}

    def names(key: str) -> list[str]:
        listed = plan.get(key)
        return (
            [n for n in listed if isinstance(n, str) and n in own]
            if isinstance(listed, list)
            else []
        )

    return names("in"), names("aside")


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        with contextlib.suppress(FileNotFoundError):
            entry.unlink()


@contextlib.contextmanager
def staged_desk(
    path: str | os.PathLike[str],
    *,
    refuse: Callable[[Path], None],
    on_commit: Callable[[], None] | None = None,
) -> Iterator[Desk]:
    """A new desk to fill, which becomes the desk at ``path`` when the block completes.

    ``refuse(path)`` is called with the lock held and raises if the destination may not
    be replaced (it holds something). ``on_commit`` is called when the new desk is
    complete and on disk, just before it is moved into place: from there on the copy
    has happened. If the block raises, nothing at ``path`` has changed.
    """
    from core.desk.tinydesk import Desk

    target = Path(path).expanduser()
    if target.is_dir():
        raise DeskError(f"desk path {target} is a directory; give a file name")
    new_folder = _first_missing(target.parent)
    lock_file = Path(str(target) + ".lock")
    done = kept = False
    make_parent(target)
    try:
        lock = take_lock(target)
    except BaseException:
        _remove_new_folder(new_folder)
        raise
    try:
        recover(target)
        refuse(target)
        folder: Path | None = None
        try:
            folder = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.copy-", suffix=".tmp", dir=target.parent)
            )
            with Desk.open(folder / target.name) as staged:
                yield staged
                if staged.journal_length:
                    staged.fold()
            _flush(folder)
            if on_commit is not None:
                on_commit()
            _install(target, folder)
            done = True
        except NotUndone:
            kept = True  # its folder and plan are what can still undo it
            raise
        except OSError as exc:
            raise DeskError(
                f"{explain_os_error(exc, target)}; nothing was written to {target}"
            ) from None
        finally:
            if not done and not kept and folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if not done and not target.exists():  # no desk for it to guard
            with contextlib.suppress(OSError):
                lock_file.unlink()  # while it is held: nobody can have it meanwhile
        lock.release()
        if not done:
            _remove_new_folder(new_folder)


class NotUndone(DeskError):
    """A copy stopped part-way into place, and taking it back failed too: unlike every
    other failure of a copy, the destination is not as it was."""


def _install(target: Path, folder: Path) -> None:
    """Move the complete desk from ``folder`` into place, the desk file last."""
    moving = [entry.name for entry in desk_files(target) if (folder / entry.name).exists()]
    aside = [entry.name for entry in desk_files(target)[::-1] if entry.exists()]
    _write_plan(folder, {"in": moving, "aside": aside})
    try:
        if aside:
            previous = folder / PREVIOUS
            previous.mkdir()
            for name in aside:  # the empty desk's own file first: it is gone at once
                os.replace(target.with_name(name), previous / name)
        for name in moving:
            os.replace(folder / name, target.with_name(name))
    except BaseException:  # a rename refused (or a second signal): put everything back
        try:
            _recover_one(target, folder)
        except OSError as exc:  # the folder and its plan stay: they can still undo it
            raise NotUndone(
                f"the copy into {target} stopped while moving into place and could not be "
                f"taken back ({explain_os_error(exc, target)}); once that is fixed, run "
                f"'claimdesk doctor --desk {target}' to put {target} back as it was"
            ) from None
        raise
    with contextlib.suppress(OSError):  # the copy is in place; make the renames durable
        fsync_dir(target.parent)
    shutil.rmtree(folder, ignore_errors=True)


def _write_plan(folder: Path, plan: dict[str, list[str]]) -> None:
    fd = os.open(folder / PLAN, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, encode(plan))
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(folder)


def _flush(folder: Path) -> None:
    """Every file of the new desk on disk before it is moved into place (the search
    index's smaller files are written without an fsync of their own)."""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(root))


def _first_missing(folder: Path) -> Path | None:
    """The outermost of ``folder`` and its parents that does not exist yet."""
    missing = None
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing = candidate
    return missing


def _remove_new_folder(folder: Path | None) -> None:
    """The folders made for a desk that did not come to be, if nothing else is in them."""
    if folder is None:
        return
    for root, _dirs, _files in os.walk(folder, topdown=False):
        with contextlib.suppress(OSError):
            os.rmdir(root)
