"""The TinyDB desk's files: where they are, how they are written atomically, and read.

Why not TinyDB's stock ``JSONStorage``: it re-serialises and rewrites the whole database on
every write (82 ms per edit at 10,000 claims, growing with the desk) and a crash in the
middle of that rewrite leaves a torn file. A reviewer's edit must instead be durable when
acknowledged, cost the same at 100 claims and at 100,000, and no crash may ever leave a
desk that does not open.

The layout, for a desk at ``desk.json``:

``desk.json``
    A snapshot in TinyDB's own JSON layout (``{"table": {"doc id": {...}}}``) holding the
    tables ``meta``, ``articles`` and ``claims``. Anyone can open it with ``TinyDB(path)``
    or a text editor. It is only ever replaced atomically (temp file, fsync, rename, fsync
    of the directory), never written in place.
``desk.history.json``
    The same layout for the ``events`` table. History grows with every edit while the
    claims do not, so it lives in its own file, is parsed only when something asks for
    history or undo (opening a large desk costs the claims, not the years of edits), and
    is extended in place when the journal is folded rather than rewritten (events are
    never changed; see :class:`~core.desk.snapshots.HistoryStorage`).
``desk.json.journal``
    JSON lines, one per committed change: ``{"seq": N, "ops": [[table, key, doc|null],
    ...]}``. A change (say, a claim and the event recording it) is one line, appended
    with a single ``write`` and ``fsync``ed before the edit returns: O(size of the change),
    independent of the size of the desk. On open, records newer than each snapshot's
    ``seq`` are replayed. When the journal grows past a threshold (or on ``doctor
    --compact``) it is folded into fresh snapshots and emptied; closing does not fold.
``desk.json.quarantine``
    Malformed records set aside (JSON lines with their place); see core.desk.records.

Why the journal is written beside ``Storage.write`` rather than through it: TinyDB's
``Storage.write`` receives the whole database, so learning what changed would mean diffing
100,000 documents per edit. The desk knows exactly which documents an action touches, so
it journals them (:mod:`core.desk.journal`) and applies them to the in-memory tables that
:class:`~core.desk.snapshots.SnapshotStorage` serves to TinyDB. TinyDB's own write path
(``table.insert`` and friends) still works and is still durable: a whole-database write
folds a snapshot at once, which is correct, merely not fast.

Crash safety, case by case: a crash mid-append leaves a torn last line, dropped on the
next open with one warning (the edit was never acknowledged); a crash mid-snapshot leaves
a stray temp file (removed on the next open) and the old snapshot plus the full journal;
a crash mid-way through extending the history leaves bytes past the length the main
snapshot recorded, which are ignored; a crash before the journal is emptied is harmless
because the snapshots record the last journal ``seq`` they contain and older records are
skipped on replay.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import tempfile
import zlib
from collections.abc import Iterable
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

import filelock
import orjson

from core.desk.records import SetAside
from core.errors import DeskError, NotADeskError

MAIN_TABLES = ("meta", "articles", "claims")
HISTORY_TABLES = ("meta", "events")
CHECKS_TABLES = ("meta", "checks")
META_KEY = "1"  # the one document of the meta table (TinyDB document ids are integers)


def history_path(path: Path) -> Path:
    """``desk.json`` → ``desk.history.json``; any other name gets ``.history`` added."""
    if path.suffix == ".json":
        return path.with_name(path.stem + ".history.json")
    return path.with_name(path.name + ".history")


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def quarantine_path(path: Path) -> Path:
    """Malformed records set aside from the desk, one JSON line each (see core.desk.records)."""
    return path.with_name(path.name + ".quarantine")


DUMP_MARK = b'"claimdesk-dump"'


def not_a_desk_but_a_dump(path: Path, head: bytes) -> DeskError | None:
    """An export dump given where a desk was expected: say how to restore it."""
    if DUMP_MARK not in head[:4096]:
        return None
    return NotADeskError(
        f"{path} is a claimdesk export dump, not a desk; restore it into a new desk with "
        f"'claimdesk import --desk-dump {path} --desk NEW_DESK.json'"
    )


def encode(obj: Any) -> bytes:
    """Compact UTF-8 JSON: readable, and about a third faster to parse than indented.

    The garbage collector is paused: serialising 100,000 claims allocates millions of
    short-lived objects (measured: 4.1 s with it, 2.5 s without, on 75 MB).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate in some text: escape it as \udXXX
            return json.dumps(obj, separators=(",", ":")).encode("ascii")
    finally:
        if enabled:
            gc.enable()


def explain_os_error(exc: OSError, path: Path) -> str:
    """One line a reviewer can act on, for the OS errors a desk meets in practice."""
    if exc.errno == errno.ENOSPC:
        return f"the disk holding {path} is full; free some space and try again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = (exc.strerror or "permission denied").lower()
        return f"cannot write {path}: {reason}; check its permissions"
    return f"cannot write {path}: {exc.strerror or exc}"


def fsync_dir(path: Path) -> None:
    """Make a rename durable: the directory entry must reach the disk too."""
    if os.name == "nt":  # Windows cannot open a directory; its renames are journalled
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves the old file or the new one.

    The temp file lives in the same directory (a rename is only atomic within one file
    system) and is removed if anything fails, so a full disk leaves the old file intact.
    """
    directory = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(directory)


def damaged(path: Path, what: str) -> DeskError:
    return DeskError(
        f"desk file {path} is damaged ({what}); it was left untouched: "
        f"run 'claimdesk doctor --desk {path_for_doctor(path)}' to recover what can be recovered"
    )


def path_for_doctor(path: Path) -> Path:
    """The desk path a user passes to ``doctor``, whichever of its files is damaged."""
    name = path.name
    for suffix in (".journal",):
        if name.endswith(suffix):
            return path.with_name(name[: -len(suffix)])
    if name.endswith(".history.json"):
        return path.with_name(name[: -len(".history.json")] + ".json")
    return path


def load_snapshot(
    path: Path, tables: Iterable[str], valid_length: int | None = None
) -> dict[str, dict[str, Any]]:
    """See :func:`read_snapshot`; the parsed tables only."""
    return read_snapshot(path, tables, valid_length)[0]


def read_snapshot(
    path: Path, tables: Iterable[str], valid_length: int | None = None
) -> tuple[dict[str, dict[str, Any]], bytes]:
    """Parse one snapshot; a missing file is an empty desk, anything unparsable is damage.

    ``valid_length`` is for the append-only history file (see :class:`HistoryStorage`):
    only its first ``valid_length`` bytes are committed, and their closing ``}}`` may have
    been overwritten by an append that a crash interrupted.

    The garbage collector is paused while parsing: ``json.loads`` of 100,000 claims makes
    millions of containers and the collector would otherwise walk them repeatedly
    (measured: 1.1 s with it, 0.45 s without).
    """
    try:
        raw = path.read_bytes()
        if valid_length is not None:
            if len(raw) < valid_length or valid_length < 2:
                raise damaged(path, f"shorter ({len(raw)} bytes) than the desk recorded")
            raw = raw[: valid_length - 2] + b"}}"
    except FileNotFoundError:
        if valid_length:
            raise damaged(path, "the file is missing") from None
        return {name: {} for name in tables}, b""
    except IsADirectoryError:
        raise DeskError(f"desk path {path} is a directory; give a file name") from None
    except OSError as exc:
        raise DeskError(f"cannot read desk file {path}: {exc.strerror}") from None
    if not raw or (raw[:1].isspace() and raw.isspace()):  # no copy of a 50 MB file
        raise damaged(path, "the file is empty")
    dump = not_a_desk_but_a_dump(path, raw[:4096])
    if dump is not None:
        raise dump
    enabled = gc.isenabled()
    gc.disable()
    try:
        data = _parse(raw)
        # Move the desk's millions of long-lived objects out of the collector's way, or
        # every full collection later (mid-keystroke) would walk all of them again.
        gc.freeze()
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise damaged(path, f"not valid JSON: {exc}") from None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise damaged(path, "not a TinyDB database")
    for name in tables:
        data.setdefault(name, {})
    return data, raw


BODY_CRC = "body_crc"
"""Meta field: CRC-32 of the snapshot's bytes after its meta table (which comes first).

A snapshot this claimdesk wrote holds records it had checked already; if its bytes are
unchanged since, checking 100,000 claims again on every open (≈0.3 s) is skipped. A file
changed in an editor, or by stock TinyDB, no longer matches and is checked in full.
"""
_META_OPEN = b'{"meta":'


def encode_snapshot(data: dict[str, dict[str, Any]]) -> bytes:
    """TinyDB's layout, meta first, the meta carrying the checksum of what follows it."""
    body = encode({name: rows for name, rows in data.items() if name != "meta"})
    rows = data.setdefault("meta", {})
    rows[META_KEY] = {**rows.get(META_KEY, {}), BODY_CRC: zlib.crc32(body[1:])}
    meta = encode(rows)
    return _META_OPEN + meta + (b"," + body[1:] if body != b"{}" else b"}")


def body_unchanged(raw: bytes, data: dict[str, dict[str, Any]]) -> bool:
    """Whether ``raw`` is a snapshot :func:`encode_snapshot` wrote, unchanged since."""
    expected = (data.get("meta", {}).get(META_KEY) or {}).get(BODY_CRC)
    if not isinstance(expected, int) or not raw.startswith(_META_OPEN):
        return False
    start = len(_META_OPEN) + len(encode(data["meta"]))
    if raw[start : start + 1] != b",":
        return raw[start:] == b"}" and zlib.crc32(b"}") == expected
    return zlib.crc32(memoryview(raw)[start + 1 :]) == expected


def _parse(raw: bytes) -> Any:
    """``orjson`` (twice as fast on a big desk), or ``json`` for what orjson refuses but
    the desk may hold: a lone surrogate escaped in some text, an integer past 64 bits."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


def snapshot_seq(data: dict[str, dict[str, Any]]) -> int:
    meta = data.get("meta", {}).get(META_KEY) or {}
    seq = meta.get("seq", 0)
    return seq if isinstance(seq, int) else 0


def make_parent(path: Path) -> None:
    """Create the desk's folder; refuse in one line if it cannot be written."""
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise DeskError(f"cannot create desk {path}: a file is in the way of its folder") from None
    except OSError as exc:
        raise DeskError(f"cannot create desk {path}: {exc.strerror}") from None
    if not os.access(parent, os.W_OK):
        raise DeskError(
            f"cannot write desk {path}: its folder is not writable "
            "(status, history and export can still read it)"
        )


def take_lock(path: Path) -> filelock.BaseFileLock:
    """The one writer's lock on ``desk.json.lock``, holding our pid for the message a
    second writer gets."""
    lock_path = Path(str(path) + ".lock")
    lock = filelock.FileLock(str(lock_path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        holder = _read_pid(lock_path)
        who = f" (pid {holder})" if holder else ""
        raise DeskError(
            f"desk {path} is open in another claimdesk{who}; close it first "
            "(status, history and export can still read it)"
        ) from None
    except OSError as exc:
        raise DeskError(f"cannot lock desk {path}: {explain_os_error(exc, lock_path)}") from None
    with contextlib.suppress(OSError), open(lock_path, "r+", encoding="ascii") as fh:
        fh.write(f"{os.getpid()}\n")
        fh.truncate()
    return lock


def checks_path(path: Path) -> Path:
    """``desk.json`` → ``desk.checks.json``: known fact-checks (see :mod:`core.checks`)."""
    if path.suffix == ".json":
        return path.with_name(path.stem + ".checks.json")
    return path.with_name(path.name + ".checks")


def checks_index_path(path: Path) -> Path:
    """``desk.json`` → ``desk.json.checks-index/``: the search index of the known checks
    (built by :mod:`core.checks.index`), one of the desk's files to move with it."""
    return path.with_name(path.name + ".checks-index")


def remove_stray_temp_files(path: Path) -> None:
    """Temp files of a snapshot interrupted by a crash (we hold the lock: none is live)."""
    for name in (path.name, history_path(path).name, checks_path(path).name):
        for stray in path.parent.glob(f".{glob_escape(name)}.*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()


def orphans(path: Path) -> bool:
    """Files a desk leaves beside ``desk.json``, other than the lock."""
    journal = journal_path(path)
    return history_path(path).exists() or (journal.exists() and journal.stat().st_size > 0)


def _read_pid(lock_path: Path) -> str:
    try:
        text = lock_path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


def file_identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def write_quarantine(path: Path, found: Iterable[SetAside]) -> None:
    """Append records to ``desk.json.quarantine`` (JSON lines), durably, mode 0600."""
    target = quarantine_path(path)
    created = not target.exists()
    payload = b"".join(encode(item.to_dict()) + b"\n" for item in found)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        fsync_dir(target.parent)
