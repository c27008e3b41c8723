"""The TinyDB desk: every article, claim and event of one reviewer, in files a person can open.

A :class:`Desk` is one TinyDB database (tables ``meta``, ``articles``, ``claims``,
``events``) on the durable files of :mod:`core.desk.files`, :mod:`core.desk.snapshots`
and :mod:`core.desk.journal`. Documents carry TinyDB's own integer document ids, so stock
``TinyDB(path)`` reads a desk file as it is; :class:`~core.desk.index.DeskIndex` maps
claim ids (and article id + version, and event ids) to document ids, so a lookup is one
dict access and no edit ever scans a table.

Writes never go through TinyDB's whole-database ``Storage.write``: :meth:`Desk.commit`
journals the touched documents, so an edit costs the same on a desk of 100 claims and of
100,000. Only :mod:`core.review` calls :meth:`Desk.commit`; everything else reads.

One process writes a desk at a time (a ``filelock`` on ``desk.json.lock``); a second one
is told which process holds it and may open the desk read-only.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import filelock
from tinydb import TinyDB

from core.desk import codec
from core.desk import migrate as schema
from core.desk.checktable import CheckTable
from core.desk.files import (
    CHECKS_TABLES,
    checks_path,
    damaged,
    explain_os_error,
    file_identity,
    history_path,
    journal_path,
    make_parent,
    orphans,
    remove_stray_temp_files,
    take_lock,
    write_quarantine,
)
from core.desk.index import DeskIndex, Op
from core.desk.journal import Journal
from core.desk.reads import TableReads
from core.desk.records import SetAside, check_op, describe
from core.desk.snapshots import MAIN_TABLES, META_KEY, HistoryStorage, SnapshotStorage
from core.desk.staging import recover as recover_interrupted_copy
from core.desk.undo import UndoStacks
from core.errors import DeskError
from core.model import Article, Claim, Event

FOLD_THRESHOLD = 2000
"""Journal records after which the journal is folded into fresh snapshots.

Replaying a record on open costs about as much as parsing it, so this bounds the extra
open time; folding rewrites the claims snapshot (≈0.6 s at 100,000 claims), so it must
not happen often. 2,000 edits is a long day of reviewing. Closing the desk does not fold:
one ``claimdesk set`` appends one record and rewrites nothing (``doctor --compact`` folds
on request).
"""

FOLD_BYTES = 64 * 1024 * 1024
"""Journal size after which it is folded whatever its record count (a few big imports)."""


class Desk(TableReads, CheckTable):
    """A desk opened for reading (and, unless ``readonly``, for writing by one process)."""

    def __init__(self, path: Path, *, readonly: bool, fold_threshold: int = FOLD_THRESHOLD):
        self.path = Path(path)
        self.readonly = readonly
        self.fold_threshold = fold_threshold
        self.warnings: list[str] = []
        self.set_aside: list[SetAside] = []  # malformed journal records left out
        self._lock: filelock.BaseFileLock | None = None
        self._mutex = threading.RLock()
        self._closed = False
        self._seq = 0
        self._revision = 0
        self._main: SnapshotStorage
        self._history: HistoryStorage
        self._journal: Journal | None = None
        self._db: TinyDB | None = None
        self.index: DeskIndex
        self.stacks = UndoStacks(known=False)
        self._recent_events: dict[str, dict[str, Any]] = {}  # not yet in the history file
        self._quarantined = 0  # how many of all set-aside records are in the quarantine
        self._history_warned = 0

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        fold_threshold: int = FOLD_THRESHOLD,
    ) -> Desk:
        """Open (creating if needed) the desk at ``path``; raise ``DeskError`` in one line."""
        desk = cls(Path(path).expanduser(), readonly=readonly, fold_threshold=fold_threshold)
        try:
            desk._open()
        except BaseException:
            desk._release()
            raise
        return desk

    def _open(self) -> None:
        if self.path.is_dir():
            raise DeskError(f"desk path {self.path} is a directory; give a file name")
        if self.readonly:
            if not self.path.exists():
                raise DeskError(f"no desk at {self.path} yet; import an article first")
        else:
            make_parent(self.path)
            self._lock = take_lock(self.path)
            remove_stray_temp_files(self.path)
            recover_interrupted_copy(self.path)
        self._load()

    def _load(self) -> None:
        if not self.path.exists() and orphans(self.path):
            raise DeskError(
                f"desk file {self.path} is missing but its history or journal is still there; "
                f"run 'claimdesk doctor --desk {self.path}' to rebuild what they hold"
            )
        records, warning = self._read_files()
        if warning:
            self.warnings.append(warning)
        self._seq = self._main.seq
        meta = self.meta
        next_event = meta.get("next_event")
        next_event = next_event if isinstance(next_event, int) else 1
        stacks = UndoStacks.from_meta(meta.get("undo"))
        stacks.known = stacks.known or not self.path.exists()  # a new desk: none yet
        replayed = self._replay(records)
        self.index = DeskIndex(self._rows, next_event=self._next_event(next_event, records))
        if schema.migrate(self.path, self._main, self._history):
            self.index.next["events"] = max(self.index.next["events"], self._history_next())
            stacks = UndoStacks(known=False)
            if not self.readonly and self.path.exists():
                self.fold()
        self.index.index_articles()
        self.stacks = stacks
        for doc in replayed:
            self.stacks.push(doc, self._find_event)
        found = self._main.set_aside + self.set_aside
        if found:
            self.warnings.append(describe(found, str(self.path)))
        if not self.readonly and not self.path.exists():
            self._create()

    def _read_files(self) -> tuple[list[dict[str, Any]], str | None]:
        """The snapshots and the journal that continues them (read again if a writer
        folded meanwhile: a read-only reader does not hold the lock)."""
        for attempt in range(5):
            before = file_identity(self.path)
            self._main = SnapshotStorage(self.path, MAIN_TABLES, on_full_write=self.fold)
            meta = self.meta
            self._history = HistoryStorage(
                history_path(self.path),
                valid_length=meta.get("history_bytes"),
                seq=meta.get("history_seq"),
                on_full_write=self.fold,
            )
            self._checks = SnapshotStorage(checks_path(self.path), CHECKS_TABLES, lazy=True)
            self._check_keys = None
            if self._journal is not None:
                self._journal.close()
            self._journal = Journal(journal_path(self.path), readonly=self.readonly)
            records, warning = self._journal.read()
            # The journal must continue the snapshot exactly: a gap means records were
            # folded into a newer snapshot after we read ours. A writer never sees that
            # (it holds the lock) unless files were damaged.
            gap = bool(records) and records[0]["seq"] > self._main.seq + 1
            if not self.readonly:
                if gap:
                    raise damaged(journal_path(self.path), "changes are missing before it")
                return records, warning
            if not gap and file_identity(self.path) == before:
                return records, warning
            if attempt == 4:
                raise DeskError(f"desk {self.path} changed on every attempt to read it; try again")
        raise AssertionError("unreachable")

    def _replay(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Apply the journal to the tables; return the events newer than the main snapshot
        (the persisted undo stacks do not have them yet)."""
        assert self._journal is not None
        journal_name = journal_path(self.path).name
        replayed: list[dict[str, Any]] = []
        for record, line in zip(records, self._journal.lines, strict=True):
            seq = record["seq"]
            for table, key, doc in record["ops"]:
                problem = check_op(table, key, doc)
                if problem is not None:
                    self.set_aside.append(SetAside(journal_name, table, key, problem, doc, line))
                    continue
                self._storage_for(table).apply(seq, (table, key, doc))
                if table == "events" and doc is not None:
                    self._recent_events[doc["id"]] = doc
                    if seq > self._main.seq:
                        replayed.append(doc)
            self._seq = max(self._seq, seq)
        return replayed

    @staticmethod
    def _next_event(start: int, records: list[dict[str, Any]]) -> int:
        for record in records:
            for table, key, _doc in record["ops"]:
                if table == "events" and key.isdigit():
                    start = max(start, int(key) + 1)
        return start

    def _history_next(self) -> int:
        return max((int(k) for k in self._rows("events")), default=0) + 1

    def _create(self) -> None:
        """Put an empty, valid snapshot in place at once, in one atomic write.

        Only the main file: the history file is written by the first fold that has
        events, so a crash at any point of creating a desk leaves either nothing or a
        desk that opens (never a history without its desk).
        """
        try:
            self._main.snapshot(
                self._seq, {"schema": schema.SCHEMA_VERSION, "next_event": 1, "undo": {}}
            )
        except OSError as exc:
            raise DeskError(
                f"cannot create desk {self.path}: {explain_os_error(exc, self.path)}"
            ) from None

    def _storage_for(self, table: str) -> SnapshotStorage:
        if table == "checks":
            return self._checks
        return self._history if table == "events" else self._main

    # ------------------------------------------------------------------ closing
    def close(self) -> None:
        """Release the lock. The journal stays as it is: it is folded when it is long
        (:data:`FOLD_THRESHOLD`), so closing after one edit rewrites nothing."""
        if self._closed:
            return
        self._closed = True
        self._release()

    def _release(self) -> None:
        if self._journal is not None:
            self._journal.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # a forgotten close must not keep the lock
        if not getattr(self, "_closed", True):
            with contextlib.suppress(Exception):
                self._release()

    # ------------------------------------------------------------------ tables
    @property
    def revision(self) -> int:
        """Grows by one with every commit: a view built at one revision is current while
        it is unchanged (the workbench's command palette rebuilds its index on a change)."""
        return self._revision

    @property
    def db(self) -> TinyDB:
        """The TinyDB database of ``meta``, ``articles`` and ``claims``, for TinyDB's own
        API; the desk itself reads its documents directly."""
        if self._db is None:
            self._db = TinyDB(storage=lambda: self._main)
        return self._db

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self._main.read()["meta"].get(META_KEY) or {})

    @property
    def journal_length(self) -> int:
        """Changes in the journal not yet folded into the snapshots."""
        return self._journal.records_since_fold if self._journal is not None else 0

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:
        rows = self._storage_for(table).read()[table]
        if table == "events" and len(self._history.set_aside) > self._history_warned:
            self._history_warned = len(self._history.set_aside)
            self.warnings.append(describe(self._history.set_aside, str(self.path)))
        return rows

    def event(self, event_id: str) -> Event:
        """One event by id; ``KeyError`` if absent."""
        doc = self._find_event(event_id)
        if doc is None:
            raise KeyError(event_id)
        return codec.event_from_stored(doc)

    def _find_event(self, event_id: str) -> dict[str, Any] | None:
        """Undo needs the few latest events, not the whole history: unless the history is
        loaded already, an event is taken from those the journal holds or found in the
        history file by its id (searched from the end, where recent events are)."""
        with self._mutex:
            if not self._history.loaded:
                doc = self._recent_events.get(event_id) or self._history.find_event(event_id)
                if doc is not None:
                    return doc
            key = self.index.event_keys.get(event_id)
            return None if key is None else self._rows("events").get(key)

    def undo_state(self, reviewer: str) -> tuple[list[str], list[str]]:
        """This reviewer's undo and redo stacks (event ids); see :mod:`core.desk.undo`."""
        with self._mutex:
            return self.stacks.state(reviewer, self._all_event_docs, self._find_event)

    def _all_event_docs(self) -> Iterable[dict[str, Any]]:
        return self._rows("events").values()

    # ------------------------------------------------------------------ writing
    def commit(
        self,
        *,
        articles: Iterable[Article] = (),
        claims: Iterable[Claim | dict[str, Any]] = (),
        deleted_claims: Iterable[str] = (),
        events: Iterable[Event] = (),
    ) -> None:
        """Write one change durably and atomically: all of it survives a crash, or none.

        Called by :mod:`core.review` only. Returns after the journal record is fsynced;
        if writing fails (disk full, …) it raises ``DeskError`` and nothing changed.
        """
        if self.readonly:
            raise DeskError(f"desk {self.path} is open read-only; this change was not saved")
        if self._closed or self._journal is None:
            raise DeskError(f"desk {self.path} is closed; this change was not saved")
        with self._mutex:
            ops = self.index.plan(
                [a.to_dict() for a in articles],
                [
                    codec.compact_claim(c if isinstance(c, dict) else codec.claim_to_dict(c))
                    for c in claims
                ],
                deleted_claims,
                [codec.stored_event(codec.event_to_dict(e)) for e in events],
            )
            if not ops:
                return
            seq = self._seq + 1
            self._journal.append({"seq": seq, "ops": ops})
            self._seq = seq
            self._settle(seq, ops)
            journal = self._journal
            if journal.records_since_fold >= self.fold_threshold or journal.size >= FOLD_BYTES:
                try:
                    self.fold()
                except DeskError as exc:
                    self.warnings.append(str(exc))  # the journal still holds everything

    def _settle(self, seq: int, ops: list[Op]) -> None:
        """Bring the index, the tables and the undo stacks in step with a durable change."""
        self.index.apply(ops)
        for op in ops:
            self._storage_for(op[0]).apply(seq, op)
        for table, _key, doc in ops:
            if table == "events" and doc is not None:
                if not self._history.loaded:
                    self._recent_events[doc["id"]] = doc
                self.stacks.push(doc, self._find_event)
        if self._db is not None:
            for table in ("articles", "claims"):
                self._db.table(table).clear_cache()
        self._revision += 1

    def fold(self) -> None:
        """Fold the journal into fresh snapshots (atomic renames), then empty it."""
        if self.readonly or self._journal is None:
            return
        with self._mutex:
            try:
                stacks = self.stacks.to_meta(self._all_event_docs, self._find_event)
                self._write_quarantine()
                # History first: the main snapshot records how much of it is committed.
                if self._history.needs_snapshot or self._history.valid_length is None:
                    self._history.snapshot(self._seq, {"schema": schema.SCHEMA_VERSION})
                if self._checks.needs_snapshot:
                    self._checks.snapshot(self._seq, {"schema": schema.SCHEMA_VERSION})
                meta = {
                    "schema": schema.SCHEMA_VERSION,
                    "next_event": self.index.next.get("events", 1),
                    "history_bytes": self._history.valid_length,
                    "history_seq": self._history.seq,
                    "undo": stacks,
                }
                self._main.snapshot(self._seq, meta)
                self._journal.reset()
                self._recent_events.clear()
            except OSError as exc:
                raise DeskError(
                    f"could not compact desk {self.path}: {explain_os_error(exc, self.path)} "
                    "(no change was lost)"
                ) from None

    def compact(self) -> int:
        """Fold now (``doctor --compact``); returns how many journal changes it took in."""
        changes = self.journal_length
        self.fold()
        return changes

    def _write_quarantine(self) -> None:
        """Keep every record set aside in the quarantine file before a fold drops it."""
        found = self._main.set_aside + self.set_aside + self._history.set_aside
        if len(found) <= self._quarantined:
            return
        write_quarantine(self.path, found[self._quarantined :])
        self._quarantined = len(found)

    def restore(
        self, articles: Iterable[Article], claims: Iterable[Claim], events: Iterable[Event]
    ) -> None:
        """Load a whole dump into an empty desk in one atomic change (used by restore)."""
        if self.index.claim_keys or self.index.article_keys:
            raise DeskError(
                f"desk {self.path} is not empty; restore a dump into a new desk (--desk NEW_PATH)"
            )
        self.commit(articles=articles, claims=claims, events=events)
        self.fold()
