"""Durable, atomic files under the desk: TinyDB snapshots plus an append-only journal.

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
    never changed; see :class:`HistoryStorage`).
``desk.json.journal``
    JSON lines, one per committed change: ``{"seq": N, "ops": [[table, key, doc|null],
    ...]}``. A change (say, a claim and the event recording it) is one line, appended
    with a single ``write`` and ``fsync``ed before the edit returns: O(size of the change),
    independent of the size of the desk. On open, records newer than each snapshot's
    ``seq`` are replayed. When the journal grows past a threshold, or the desk is closed,
    it is folded into fresh snapshots and emptied.

Why the journal is written beside ``Storage.write`` rather than through it: TinyDB's
``Storage.write`` receives the whole database, so learning what changed would mean diffing
100,000 documents per edit. The desk knows exactly which documents an action touches, so
it hands those to :meth:`DeskFiles.commit`, which journals them and applies them to the
in-memory tables that :class:`SnapshotStorage` serves to TinyDB. TinyDB's own write path
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
import mmap
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from core.desk.records import SetAside, set_aside_bad
from core.errors import DeskError, NotADeskError

MAIN_TABLES = ("meta", "articles", "claims")
HISTORY_TABLES = ("meta", "events")
META_KEY = "1"  # the one document of the meta table (TinyDB document ids are integers)

Op = tuple[str, str, dict[str, Any] | None]
"""One document change: (table, document key, new document or ``None`` to delete)."""


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
        return f"cannot write {path}: {exc.strerror.lower()}; check its permissions"
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


class SnapshotStorage(Storage):
    """A TinyDB Storage that serves tables from memory, loaded from one snapshot file.

    ``read`` returns the live in-memory tables (TinyDB's lookups by document id are then
    O(1)); the file is parsed on first ``read`` when ``lazy``, and journal changes that
    arrive before that are kept and applied after the snapshot, in order.
    """

    def __init__(
        self,
        path: Path,
        tables: tuple[str, ...],
        *,
        lazy: bool = False,
        on_full_write: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.table_names = tables
        self._data: dict[str, dict[str, Any]] | None = None
        self._pending: list[tuple[int, Op]] = []
        self.seq = 0  # the last journal record the snapshot file contains
        self.dirty = False  # memory differs from the snapshot file
        self._on_full_write = on_full_write
        self.set_aside: list[SetAside] = []  # malformed records found in the file
        if not lazy:
            self.load()

    @property
    def loaded(self) -> bool:
        return self._data is not None

    @property
    def needs_snapshot(self) -> bool:
        """Memory (or journal changes not yet applied to it) differs from the file."""
        return self.dirty or bool(self._pending)

    def load(self) -> dict[str, dict[str, Any]]:
        if self._data is None:
            data, raw = read_snapshot(self.path, self.table_names)
            if not body_unchanged(raw, data):
                self.set_aside.extend(set_aside_bad(data, tuple(data), self.path.name))
            del raw
            self.seq = snapshot_seq(data)
            for seq, op in self._pending:
                if seq > self.seq:
                    apply_op(data, op)
                    self.dirty = True
            self._pending.clear()
            self._data = data
        return self._data

    def apply(self, seq: int, op: Op) -> None:
        """Apply one journalled change (skipped if the snapshot already holds it)."""
        if self._data is None:
            self._pending.append((seq, op))
            return
        if seq > self.seq:
            apply_op(self._data, op)
            self.dirty = True

    # -- tinydb.Storage --------------------------------------------------------------
    def read(self) -> dict[str, dict[str, Any]]:
        return self.load()

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """A whole-database write from TinyDB's own API: keep it, and fold it to disk now."""
        self._data = data
        self.dirty = True
        if self._on_full_write is not None:
            self._on_full_write()

    def close(self) -> None:
        pass

    # -- snapshots -------------------------------------------------------------------
    def snapshot(self, seq: int, meta: dict[str, Any]) -> None:
        """Write memory to the snapshot file atomically, recording ``seq``."""
        data = self.load()
        rows = data.setdefault("meta", {})
        rows[META_KEY] = {**rows.get(META_KEY, {}), **meta, "seq": seq}
        atomic_write(self.path, encode_snapshot(data))
        self.seq = seq
        self.dirty = False


class HistoryStorage(SnapshotStorage):
    """The events snapshot, which only ever grows: folding appends to it in place.

    Rewriting 100,000 events at every fold would cost seconds; events are never changed
    or deleted, so a fold only appends the new ones. The file keeps TinyDB's layout with
    the ``events`` table last, so the append overwrites the closing ``}}`` with
    ``,"N":{...}}}``. That in-place write is made safe by the main snapshot: it records
    the committed length of this file (``history_bytes``) and the last journal record in
    it (``history_seq``), and is replaced only after the append is on disk. A crash mid-
    append leaves bytes past the recorded length, which are ignored (the next fold
    overwrites them), while the journal, not yet emptied, still holds those events.
    """

    def __init__(
        self,
        path: Path,
        *,
        valid_length: int | None,
        seq: int | None,
        on_full_write: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(path, HISTORY_TABLES, lazy=True, on_full_write=on_full_write)
        self.valid_length = valid_length
        self._known_seq = seq is not None
        self.seq = seq or 0
        self._unsaved: list[tuple[str, dict[str, Any]]] = []  # events not yet in the file
        self._rewrite = False  # something other than an added event: rewrite on fold

    @property
    def needs_snapshot(self) -> bool:
        return self.dirty or self._rewrite or bool(self._unsaved) or bool(self._pending)

    def load(self) -> dict[str, dict[str, Any]]:
        if self._data is None:
            data = load_snapshot(self.path, self.table_names, self.valid_length)
            self.set_aside.extend(set_aside_bad(data, tuple(data), self.path.name))
            self._rewrite = self._rewrite or bool(self.set_aside)  # the fold drops them
            if not self._known_seq:
                self.seq = snapshot_seq(data)
                self._unsaved = [(op[1], op[2]) for seq, op in self._pending if seq > self.seq]
            for seq, op in self._pending:
                if seq > self.seq:
                    apply_op(data, op)
            self._pending.clear()
            self._data = data
            self._known_seq = True
        return self._data

    def apply(self, seq: int, op: Op) -> None:
        if self._known_seq and seq <= self.seq:
            return
        table, key, doc = op
        if table != "events" or doc is None:
            self._rewrite = True
        elif self._known_seq or self._data is not None:
            self._unsaved.append((key, doc))
        if self._data is None:
            self._pending.append((seq, op))
        elif seq > self.seq:
            apply_op(self._data, op)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._rewrite = True
        super().write(data)

    def snapshot(self, seq: int, meta: dict[str, Any]) -> None:
        if not self._rewrite and not self.dirty and self._can_append():
            if self._unsaved:
                self._append()
        else:
            data = self.load()
            rows = data.setdefault("meta", {})
            rows[META_KEY] = {**rows.get(META_KEY, {}), **meta, "seq": seq}
            # meta first, events last: the layout appends rely on
            ordered = {name: rows for name, rows in data.items() if name != "events"}
            ordered["events"] = data.get("events", {})
            payload = encode(ordered)
            atomic_write(self.path, payload)
            self.valid_length = len(payload)
        self._unsaved.clear()
        self._rewrite = self.dirty = False
        self.seq = seq
        self._known_seq = True

    def find_event(self, event_id: str) -> dict[str, Any] | None:
        """The stored event ``event_id`` read from the file without parsing all of it.

        Events are stored with their id first (``{"id":"…",``), a key no nested claim
        uses with an id of that length, so the document is found with one search from
        the end (undo wants the latest events) and only it is decoded. ``None`` if the
        file does not have it (or it is malformed): the caller loads the whole history.
        """
        from core.desk.records import check_event

        try:
            fh = open(self.path, "rb")  # noqa: SIM115
        except OSError:
            return None
        with fh:
            try:
                mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # an empty file cannot be mapped
                return None
            with mm:
                end = len(mm) if self.valid_length is None else min(self.valid_length, len(mm))
                pos = mm.rfind(b'{"id":' + encode(event_id), 0, end)
                if pos < 0:
                    return None
                size = 1 << 16
                decoder = json.JSONDecoder()
                while True:
                    chunk = mm[pos : min(pos + size, end)].decode("utf-8", errors="replace")
                    try:
                        doc, _ = decoder.raw_decode(chunk)
                        break
                    except json.JSONDecodeError:
                        if pos + size >= end:
                            return None
                        size *= 4
        return doc if check_event(doc) is None and doc.get("id") == event_id else None

    def _can_append(self) -> bool:
        if self.valid_length is None or not self._known_seq:
            return False
        try:
            return self.path.stat().st_size >= self.valid_length
        except OSError:
            return False

    def _append(self) -> None:
        assert self.valid_length is not None
        fd = os.open(self.path, os.O_RDWR)
        try:
            os.lseek(fd, self.valid_length - 3, os.SEEK_SET)
            empty = os.read(fd, 1) == b"{"  # ``"events":{}}``: no comma before the first
            parts = [encode(key) + b":" + encode(doc) for key, doc in self._unsaved]
            payload = (b"" if empty else b",") + b",".join(parts) + b"}}"
            os.lseek(fd, self.valid_length - 2, os.SEEK_SET)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            length = self.valid_length - 2 + len(payload)
            os.ftruncate(fd, length)
            os.fsync(fd)
        finally:
            os.close(fd)
        self.valid_length = length


def apply_op(data: dict[str, dict[str, Any]], op: Op) -> None:
    table, key, doc = op
    rows = data.setdefault(table, {})
    if doc is None:
        rows.pop(key, None)
    else:
        rows[key] = doc


@dataclass
class JournalScan:
    """What was found in a journal file: good records, and damage if any."""

    records: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the line number of each record
    good_bytes: int = 0  # length of the clean prefix
    torn_tail: bool = False  # the last record was cut short (crash mid-append)
    bad_lines: list[int] = field(default_factory=list)  # unparsable lines before the end


CRC_SUFFIX = len(b',"crc":"00000000"}')
"""Each record ends with its checksum: ``{"seq":N,"ops":[...],"crc":"<crc32 hex>"}``.

The CRC-32 is of the record's bytes without that field (the line with ``,"crc":"…"``
cut out), so checking needs no re-encoding. A record that fails its checksum is treated
like one that does not parse: a flipped byte must never be replayed as a decision."""


def encode_record(record: dict[str, Any]) -> bytes:
    """One journal line: the record, its checksum, and the newline that ends it."""
    body = encode(record)
    return body[:-1] + b',"crc":"%08x"}\n' % zlib.crc32(body)


def scan_journal(raw: bytes) -> JournalScan:
    """Split a journal into records, telling a torn last record from damage in the middle.

    Each record is written with one ``write`` ending in its only newline, so a crash
    mid-append leaves an unterminated (or zero-filled) last line. An unreadable line with
    readable records after it cannot come from a crash: that is damage. Records written
    before checksums existed (an older claimdesk) are read as they are, but only before
    the first record that has one: after it, a record without one lost it to damage.
    """
    scan = JournalScan()
    lines = raw.split(b"\n")
    unterminated = lines.pop()  # empty when the file ends with a newline, as it should
    if unterminated.strip():
        scan.torn_tail = True  # even if it parses: it was never followed by its newline
    offset = 0
    checksummed = False
    for number, line in enumerate(lines, start=1):
        offset += len(line) + 1
        record = _parse_record(line, legacy=not checksummed)
        if record is None:
            if number == len(lines) and not scan.torn_tail:
                scan.torn_tail = True
            else:
                scan.bad_lines.append(number)
            continue
        checksummed = checksummed or "crc" in record
        record.pop("crc", None)
        scan.records.append(record)
        scan.lines.append(number)
        if not scan.bad_lines:
            scan.good_bytes = offset
    return scan


def _parse_record(line: bytes, *, legacy: bool = True) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if (
        not isinstance(record, dict)
        or not isinstance(record.get("seq"), int)
        or not isinstance(record.get("ops"), list)
    ):
        return None
    if "crc" in record:
        if not _crc_matches(line):
            return None
    elif not legacy:
        return None
    for op in record["ops"]:
        if not (
            isinstance(op, list)
            and len(op) == 3
            and isinstance(op[0], str)
            and isinstance(op[1], str)
            and (op[2] is None or isinstance(op[2], dict))
        ):
            return None
    return record


def _crc_matches(line: bytes) -> bool:
    line = line.rstrip(b"\r")
    tail = line[-CRC_SUFFIX:]
    if len(line) <= CRC_SUFFIX or not tail.startswith(b',"crc":"') or not tail.endswith(b'"}'):
        return False
    try:
        expected = int(tail[8:16], 16)
    except ValueError:
        return False
    return zlib.crc32(line[:-CRC_SUFFIX] + b"}") == expected


class Journal:
    """The append-only change log; each append is one ``write`` + ``fsync``."""

    def __init__(self, path: Path, *, readonly: bool) -> None:
        self.path = path
        self.readonly = readonly
        self.records_since_fold = 0
        self._fd: int | None = None
        self._size = 0
        self.broken: str | None = None  # set when a failed append could not be rolled back
        self.lines: list[int] = []  # the line of each record read, for reporting damage

    @property
    def size(self) -> int:
        """Bytes of good records in the file."""
        return self._size

    def read(self) -> tuple[list[dict[str, Any]], str | None]:
        """Records to replay and a warning about a dropped torn tail (or ``None``).

        Damage before the last line is refused: records after it may depend on the lost
        one, and guessing would silently lose or resurrect a reviewer's decision.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raw = b""
        except OSError as exc:
            raise DeskError(f"cannot read desk journal {self.path}: {exc.strerror}") from None
        scan = scan_journal(raw)
        if scan.bad_lines:
            raise damaged(self.path, f"unreadable record at line {scan.bad_lines[0]}")
        _check_order(self.path, scan.records)
        warning = None
        if scan.torn_tail:
            warning = (
                f"dropped an incomplete last change in {self.path} "
                "(written when claimdesk was stopped mid-save; it was never confirmed)"
            )
        self._size = scan.good_bytes
        if not self.readonly:
            self._open()
            if scan.torn_tail:
                os.ftruncate(self._fd, scan.good_bytes)
                os.fsync(self._fd)
        self.records_since_fold = len(scan.records)
        self.lines = scan.lines
        return scan.records, warning

    def _open(self) -> None:
        if self._fd is None:
            created = not self.path.exists()
            # 0600 like the snapshots (mkstemp): a reviewer's notes are nobody else's
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
            except OSError as exc:
                raise DeskError(
                    f"cannot open desk journal: {explain_os_error(exc, self.path)} "
                    "(status, history and export can still read the desk)"
                ) from None
            if created:  # the new directory entry must survive a power cut too
                fsync_dir(self.path.parent)

    def append(self, record: dict[str, Any]) -> None:
        """Write one record durably, or leave the journal exactly as it was and raise."""
        if self.broken:
            raise DeskError(self.broken)
        self._open()
        assert self._fd is not None
        payload = encode_record(record)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError as exc:
            self._roll_back(exc)
            raise DeskError(f"change not saved: {explain_os_error(exc, self.path)}") from None
        self._size += len(payload)
        self.records_since_fold += 1

    def _roll_back(self, exc: OSError) -> None:
        """Cut off a partly written record so the next append does not follow garbage."""
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, self._size)
            os.fsync(self._fd)
        except OSError:
            self.broken = (
                f"the desk journal {self.path} could not be repaired after a failed save "
                f"({explain_os_error(exc, self.path)}); close claimdesk and reopen the desk"
            )

    def reset(self) -> None:
        """Empty the journal after its records were folded into the snapshots."""
        self._open()
        assert self._fd is not None
        os.ftruncate(self._fd, 0)
        os.fsync(self._fd)
        self._size = 0
        self.records_since_fold = 0

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _check_order(path: Path, records: list[dict[str, Any]]) -> None:
    previous = None
    for number, record in enumerate(records, start=1):
        if previous is not None and record["seq"] <= previous:
            raise damaged(path, f"record {number} is out of order")
        previous = record["seq"]
