"""TinyDB storages serving the desk's tables from memory, loaded from its snapshot files.

:class:`SnapshotStorage` holds ``meta``, ``articles`` and ``claims`` (``desk.json``);
:class:`HistoryStorage` holds ``events`` (``desk.history.json``), which only grows and is
extended in place when folded. Both check every record they load (core.desk.records) and
keep the malformed ones aside.
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from core.desk.files import (
    HISTORY_TABLES,
    MAIN_TABLES,
    META_KEY,
    atomic_write,
    body_unchanged,
    encode,
    encode_snapshot,
    load_snapshot,
    read_snapshot,
    snapshot_seq,
)
from core.desk.index import Op
from core.desk.records import SetAside, check_event, set_aside_bad

__all__ = ["HISTORY_TABLES", "MAIN_TABLES", "META_KEY", "HistoryStorage", "SnapshotStorage"]


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
                self._unsaved = [
                    (key, doc)  # other changes set ``_rewrite``: the fold rewrites the file
                    for seq, (table, key, doc) in self._pending
                    if seq > self.seq and table == "events" and doc is not None
                ]
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
