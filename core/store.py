"""The desk: every article, claim and event a reviewer works with, kept in TinyDB.

A :class:`Desk` is one TinyDB database (tables ``meta``, ``articles``, ``claims``,
``events``) on the durable storage of :mod:`core.storage`. Documents carry TinyDB's own
integer document ids, so stock ``TinyDB(path)`` reads a desk file as it is; the desk keeps
an in-memory map from claim ids (and article id + version, and event ids) to document
ids, so a lookup is one dict access and no edit ever scans a table.

Reads go through TinyDB tables served from memory. Writes never go through TinyDB's
whole-database ``Storage.write``: :meth:`Desk.commit` hands the touched documents to the
journal, so an edit costs the same on a desk of 100 claims and of 100,000. Only
:mod:`core.review` calls :meth:`Desk.commit`; everything else reads.

One process writes a desk at a time (a ``filelock`` on ``desk.json.lock``); a second one
is told which process holds it and may open the desk read-only.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import MISSING, fields
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

import filelock
from tinydb import TinyDB

from core.desk.records import SetAside, check_op, describe
from core.errors import DeskError, UserError
from core.model import Article, Claim, Correction, Event, Figure, Note, Source, Status
from core.storage import (
    MAIN_TABLES,
    META_KEY,
    HistoryStorage,
    Journal,
    Op,
    SnapshotStorage,
    damaged,
    encode,
    explain_os_error,
    fsync_dir,
    history_path,
    journal_path,
    quarantine_path,
)

SCHEMA_VERSION = 1
"""Bump when the stored layout changes, and add a step to :data:`MIGRATIONS`."""

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


def _migrate_unversioned(main: dict[str, dict], history: dict[str, dict]) -> None:
    """Schema 0 → 1: a desk written by stock TinyDB in one file, without ``meta``.

    History moves to its own snapshot (it is parsed only when asked for).
    """
    events = main.pop("events", None) or {}
    rows = history.setdefault("events", {})
    # A crash after the history was written but before the main file was leaves both
    # holding the events: moving them again must not add them twice.
    present = {doc.get("id") for doc in rows.values() if isinstance(doc, dict)}
    for doc in events.values():
        if isinstance(doc, dict) and doc.get("id") in present:
            continue
        rows[str(len(rows) + 1)] = doc


MIGRATIONS: dict[int, Callable[[dict[str, dict], dict[str, dict]], None]] = {
    0: _migrate_unversioned,
}
"""``version → function`` upgrading a desk's tables from ``version`` to ``version + 1``."""


def _defaults(cls: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(cls):
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
    return out


_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))
_CLAIM_DEFAULTS = _defaults(Claim)
_FIGURE_FIELDS = tuple(f.name for f in fields(Figure))
_FIGURE_DEFAULTS = _defaults(Figure)


_CLAIM_NAMES = frozenset(_CLAIM_FIELDS)
_FIGURE_NAMES = frozenset(_FIGURE_FIELDS)
_SOURCE_NAMES = frozenset(f.name for f in fields(Source))
_NOTE_NAMES = frozenset(f.name for f in fields(Note))
_CORRECTION_NAMES = frozenset(f.name for f in fields(Correction))


def _only(doc: dict[str, Any], names: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k in names}


def claim_from_doc(doc: dict[str, Any]) -> Claim:
    """``Claim.from_dict`` for stored documents, several times faster.

    ``from_dict`` looks up the dataclass fields on every call, which made listing
    100,000 claims take about 2 s. Lists are copied so that a caller changing the claim
    it was given cannot change the desk's copy behind the journal's back.
    """
    try:  # stored documents hold known fields only: the fast path
        kwargs = dict(doc)
        kwargs["figures"] = [Figure(**f) for f in doc.get("figures", ())]
        if "sources" in kwargs:
            kwargs["sources"] = [Source(**x) for x in kwargs["sources"]]
        if "notes" in kwargs:
            kwargs["notes"] = [Note(**x) for x in kwargs["notes"]]
        if "flags" in kwargs:
            kwargs["flags"] = list(kwargs["flags"])
        correction = doc.get("correction")
        kwargs["correction"] = Correction(**correction) if correction else None
        return Claim(**kwargs)
    except TypeError:  # a field from a newer claimdesk: keep what this version knows
        kwargs = _only(doc, _CLAIM_NAMES)
    kwargs["figures"] = [Figure(**_only(f, _FIGURE_NAMES)) for f in doc.get("figures", ())]
    kwargs["sources"] = [Source(**_only(x, _SOURCE_NAMES)) for x in doc.get("sources", ())]
    kwargs["notes"] = [Note(**_only(x, _NOTE_NAMES)) for x in doc.get("notes", ())]
    kwargs["flags"] = list(doc.get("flags", ()))
    correction = doc.get("correction")
    kwargs["correction"] = (
        Correction(**_only(correction, _CORRECTION_NAMES)) if correction else None
    )
    return Claim(**kwargs)


def _plain(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    """``claim.to_dict()`` without ``dataclasses.asdict``'s deep copies.

    ``asdict`` was a millisecond per edit here, a quarter of the whole durable edit; the
    values are JSON scalars, so one level of copying per object is enough.
    """
    out = {name: getattr(claim, name) for name in _CLAIM_FIELDS}
    out["figures"] = [_plain(f) for f in claim.figures]
    out["sources"] = [_plain(s) for s in claim.sources]
    out["notes"] = [_plain(n) for n in claim.notes]
    out["flags"] = list(claim.flags)
    out["correction"] = _plain(claim.correction) if claim.correction is not None else None
    return out


def _event_to_dict(event: Event) -> dict[str, Any]:
    return _plain(event)  # before/after are dicts already; compact_claim copies them


def compact_claim(doc: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a claim: fields still at their default are left out.

    Most claims are unreviewed, with no correction, sources, notes or flags; leaving those
    out makes the claims snapshot about 40 % smaller and opening a desk of 100,000 claims
    that much faster. ``Claim.from_dict`` and :func:`expand_claim` restore them.
    """
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if key in _CLAIM_DEFAULTS and value == _CLAIM_DEFAULTS[key]:
            continue
        if key == "figures":
            value = [
                {k: v for k, v in fig.items() if not (k in _FIGURE_DEFAULTS and v is None)}
                for fig in value
            ]
        out[key] = value
    return out


def expand_claim(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    """The full claim dict (every field, in ``Claim.to_dict`` order) of a stored one."""
    if doc is None:
        return None
    out = dict(_CLAIM_TEMPLATE)  # field order and defaults, then the stored values
    out.update(doc)
    for name in _CLAIM_LIST_FIELDS:
        if name not in doc:
            out[name] = []  # never share the template's list
    out["figures"] = [_expand_figure(fig) for fig in out["figures"]]
    return out


def _expand_figure(fig: dict[str, Any]) -> dict[str, Any]:
    out = dict(_FIGURE_TEMPLATE)
    out.update(fig)
    return out


_CLAIM_TEMPLATE = {name: _CLAIM_DEFAULTS.get(name) for name in _CLAIM_FIELDS}
_CLAIM_LIST_FIELDS = tuple(k for k, v in _CLAIM_DEFAULTS.items() if isinstance(v, list))
_FIGURE_TEMPLATE = {name: _FIGURE_DEFAULTS.get(name) for name in _FIGURE_FIELDS}


def stored_event(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        **doc,
        "before": compact_claim(doc["before"]) if doc.get("before") else doc.get("before"),
        "after": compact_claim(doc["after"]) if doc.get("after") else doc.get("after"),
    }


def _event_from_stored(doc: dict[str, Any]) -> Event:
    try:
        event = Event(**doc)
    except TypeError:  # a field from a newer claimdesk
        event = Event.from_dict(doc)
    event.before = expand_claim(event.before)
    event.after = expand_claim(event.after)
    return event


_EVENT_FIELDS = tuple(f.name for f in fields(Event))
_EVENT_NAMES = frozenset(_EVENT_FIELDS)
_EVENT_DEFAULTS = _defaults(Event)
_EVENT_TEMPLATE = {name: _EVENT_DEFAULTS.get(name) for name in _EVENT_FIELDS}
_NESTED_FIELDS = (
    ("sources", tuple(f.name for f in fields(Source))),
    ("notes", tuple(f.name for f in fields(Note))),
)
_CORRECTION_FIELDS = tuple(f.name for f in fields(Correction))


def claim_record(doc: dict[str, Any]) -> dict[str, Any]:
    """``claim_to_dict(claim_from_doc(doc))``, without building the ``Claim``.

    A dump turns each claim straight into JSON; building the dataclass only to take it
    apart again was a third of a 100,000-claim json export. Documents in the shape this
    version writes take the fast path (:func:`expand_claim`); any other shape (a field
    from a newer claimdesk, a nested dict with other keys) goes through ``Claim``, so the
    result is the same either way. Nested lists are the desk's own: do not change them.
    """
    if _CLAIM_NAMES.issuperset(doc) and _in_current_shape(doc):
        return expand_claim(doc)  # type: ignore[return-value]
    return claim_to_dict(claim_from_doc(doc))


def _in_current_shape(doc: dict[str, Any]) -> bool:
    for fig in doc.get("figures", ()):
        if not _FIGURE_NAMES.issuperset(fig):
            return False
    for name, expected in _NESTED_FIELDS:
        for item in doc.get(name, ()):
            if tuple(item) != expected:
                return False
    correction = doc.get("correction")
    return correction is None or tuple(correction) == _CORRECTION_FIELDS


def event_record(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored event as ``Event.to_dict()`` gives it, without building the ``Event``."""
    if not _EVENT_NAMES.issuperset(doc):  # a field from a newer claimdesk: drop it, as Event does
        doc = _only(doc, _EVENT_NAMES)
    out = dict(_EVENT_TEMPLATE)  # field order and defaults (events older than a new field)
    out.update(doc)
    out["before"] = expand_claim(out["before"])
    out["after"] = expand_claim(out["after"])
    return out


def new_event_id() -> str:
    """Random ids: events from a restored dump can never collide with new ones."""
    return secrets.token_hex(8)


def _next_key(rows: dict[str, Any]) -> int:
    return max((int(k) for k in rows), default=0) + 1


class Desk:
    """A desk opened for reading (and, unless ``readonly``, for writing by one process)."""

    def __init__(self, path: Path, *, readonly: bool, fold_threshold: int = FOLD_THRESHOLD):
        self.path = Path(path)
        self.readonly = readonly
        self.fold_threshold = fold_threshold
        self.warnings: list[str] = []
        self._lock: filelock.BaseFileLock | None = None
        self._mutex = threading.RLock()
        self._closed = False
        self._seq = 0
        self._main: SnapshotStorage
        self._history: HistoryStorage
        self._journal: Journal
        # id → TinyDB document key, built on open (claims, articles) or on first use (events)
        self._claim_key_map: dict[str, str] | None = None  # see _claim_keys
        self._article_keys: dict[tuple[str, int], str] = {}
        self._event_keys: dict[str, str] | None = None
        self._next: dict[str, int] = {}
        self._versions: dict[str, int] = {}  # article id → current version
        self._article_order: list[str] = []  # article ids, first import first
        # Built on first use, then kept in step by commit:
        self._by_article: dict[str, list[str]] | None = None  # article id → claim keys
        self._sorted: set[str] = set()  # articles whose key list is in text order
        self._events_by_claim: dict[str, list[str]] | None = None  # claim id → event keys
        self._stacks: dict[str, tuple[list[str], list[str]]] = {}  # reviewer → undo, redo
        # True when _stacks holds every reviewer (persisted in meta and kept by commit);
        # False for a desk written before the stacks were persisted: built from the log.
        self._stacks_known = False
        self._recent_events: dict[str, dict[str, Any]] = {}  # not yet in the history file
        self.set_aside: list[SetAside] = []  # malformed journal records left out
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
            self._make_parent()
            self._take_lock()
            self._remove_stray_temp_files()
        self._load()

    def _remove_stray_temp_files(self) -> None:
        """Temp files of a snapshot interrupted by a crash (we hold the lock: none is live)."""
        for name in (self.path.name, history_path(self.path).name):
            for stray in self.path.parent.glob(f".{glob_escape(name)}.*.tmp"):
                with contextlib.suppress(OSError):
                    stray.unlink()

    def _make_parent(self) -> None:
        parent = self.path.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise DeskError(
                f"cannot create desk {self.path}: a file is in the way of its folder"
            ) from None
        except OSError as exc:
            raise DeskError(f"cannot create desk {self.path}: {exc.strerror}") from None
        if not os.access(parent, os.W_OK):
            raise DeskError(
                f"cannot write desk {self.path}: its folder is not writable "
                "(status, history and export can still read it)"
            )

    def _take_lock(self) -> None:
        lock_path = Path(str(self.path) + ".lock")
        lock = filelock.FileLock(str(lock_path), timeout=0)
        try:
            lock.acquire()
        except filelock.Timeout:
            holder = _read_pid(lock_path)
            who = f" (pid {holder})" if holder else ""
            raise DeskError(
                f"desk {self.path} is open in another claimdesk{who}; close it first "
                "(status, history and export can still read it)"
            ) from None
        except OSError as exc:
            raise DeskError(
                f"cannot lock desk {self.path}: {explain_os_error(exc, lock_path)}"
            ) from None
        self._lock = lock
        with contextlib.suppress(OSError), open(lock_path, "r+", encoding="ascii") as fh:
            fh.write(f"{os.getpid()}\n")
            fh.truncate()

    def _load(self) -> None:
        if not self.path.exists() and _orphans(self.path):
            raise DeskError(
                f"desk file {self.path} is missing but its history or journal is still there; "
                f"run 'claimdesk doctor --desk {self.path}' to rebuild what they hold"
            )
        for attempt in range(5):
            before = _file_identity(self.path)
            self._main = SnapshotStorage(self.path, MAIN_TABLES, on_full_write=self.fold)
            meta = self.meta
            self._history = HistoryStorage(
                history_path(self.path),
                valid_length=meta.get("history_bytes"),
                seq=meta.get("history_seq"),
                on_full_write=self.fold,
            )
            self._journal = Journal(journal_path(self.path), readonly=self.readonly)
            records, warning = self._journal.read()
            # The journal must continue the snapshot exactly: a gap means records were
            # folded into a newer snapshot after we read ours. A writer never sees that
            # (it holds the lock) unless files were damaged; a read-only reader may race
            # a writer's fold, so it reads again.
            gap = bool(records) and records[0]["seq"] > self._main.seq + 1
            if not self.readonly:
                if gap:
                    raise damaged(journal_path(self.path), "changes are missing before it")
                break
            if not gap and _file_identity(self.path) == before:
                break
            if attempt == 4:
                raise DeskError(f"desk {self.path} changed on every attempt to read it; try again")
        if warning:
            self.warnings.append(warning)
        self._seq = self._main.seq
        meta = self.meta
        next_event = _int(meta.get("next_event"), 1)
        stacks = _stacks_from_meta(meta.get("undo"))
        if stacks is not None:
            self._stacks = stacks
            self._stacks_known = True
        elif not self.path.exists():
            self._stacks_known = True  # a new desk: no reviewer has a stack yet
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
                if table == "events":
                    next_event = max(next_event, int(key) + 1)
                    if doc is not None:
                        self._recent_events[doc["id"]] = doc
                        if seq > self._main.seq:
                            replayed.append(doc)
            self._seq = max(self._seq, seq)
        self._db = TinyDB(storage=lambda: self._main)
        self._events_db = TinyDB(storage=lambda: self._history)
        self._next = {"events": next_event}
        self._migrate()
        self._next["articles"] = _next_key(self._main.read()["articles"])
        self._claim_key_map = None  # built on first use: listing claims does not need it
        self._index_articles()
        if self._stacks_known:
            for doc in replayed:
                self._push(self._stacks.setdefault(doc.get("reviewer", ""), ([], [])), doc)
        found = self._main.set_aside + self.set_aside
        if found:
            self.warnings.append(describe(found, str(self.path)))
        if not self.readonly and not self.path.exists():
            self._create()

    def _create(self) -> None:
        """Put an empty, valid snapshot in place at once, in one atomic write.

        Only the main file: the history file is written by the first fold that has
        events, so a crash at any point of creating a desk leaves either nothing or a
        desk that opens (never a history without its desk).
        """
        try:
            self._main.snapshot(self._seq, {"schema": SCHEMA_VERSION, "next_event": 1, "undo": {}})
        except OSError as exc:
            raise DeskError(
                f"cannot create desk {self.path}: {explain_os_error(exc, self.path)}"
            ) from None

    def _storage_for(self, table: str) -> SnapshotStorage:
        return self._history if table == "events" else self._main

    def _migrate(self) -> None:
        main = self._main.read()
        meta = main["meta"].get(META_KEY)
        if meta is None:
            version = 0 if any(main.get(t) for t in ("articles", "claims", "events")) else None
        else:
            version = meta.get("schema", 0)
        if version is not None and version > SCHEMA_VERSION:
            raise DeskError(
                f"desk {self.path} was written by a newer claimdesk (schema {version}, "
                f"this one reads {SCHEMA_VERSION}); upgrade claimdesk"
            )
        if version == SCHEMA_VERSION:
            return
        history = self._history.read()
        while version is not None and version < SCHEMA_VERSION:
            MIGRATIONS[version](main, history)
            version += 1
        self._next["events"] = max(self._next["events"], _next_key(history["events"]))
        main["meta"][META_KEY] = {
            **(meta or {}),
            "schema": SCHEMA_VERSION,
            "seq": self._main.seq,
            "next_event": self._next["events"],
        }
        self._main.dirty = self._history.dirty = True
        if not self.readonly and self.path.exists():
            self.fold()

    def _index_articles(self) -> None:
        self._versions.clear()
        self._article_order.clear()
        self._article_keys.clear()
        for key, doc in self._main.read()["articles"].items():
            version = doc.get("version", 1)
            self._article_keys[(doc["id"], version)] = key
            self._note_article(doc["id"], version)

    def _note_article(self, article_id: str, version: int) -> None:
        if article_id not in self._versions:
            self._article_order.append(article_id)
            self._versions[article_id] = version
        else:
            self._versions[article_id] = max(version, self._versions[article_id])

    # ------------------------------------------------------------------ closing
    def close(self) -> None:
        """Release the lock. The journal stays as it is: it is folded when it is long
        (:data:`FOLD_THRESHOLD`), so closing after one edit rewrites nothing."""
        if self._closed:
            return
        self._closed = True
        self._release()

    def _release(self) -> None:
        journal = getattr(self, "_journal", None)
        if journal is not None:
            journal.close()
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
    # ------------------------------------------------------------------ tables
    @property
    def db(self) -> TinyDB:
        """The TinyDB database of ``meta``, ``articles`` and ``claims`` — for reading only."""
        return self._db

    @property
    def journal_length(self) -> int:
        """Changes in the journal not yet folded into the snapshots."""
        return self._journal.records_since_fold

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self._main.read()["meta"].get(META_KEY) or {})

    @property
    def _claim_keys(self) -> dict[str, str]:
        """Claim id → TinyDB document key (and the next free key), built when first needed."""
        if self._claim_key_map is None:
            with self._mutex:
                rows = self._rows("claims")
                self._claim_key_map = {doc["id"]: key for key, doc in rows.items()}
                self._next.setdefault("claims", _next_key(rows))
        return self._claim_key_map

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:
        rows = self._storage_for(table).read()[table]
        if table == "events" and len(self._history.set_aside) > self._history_warned:
            self._history_warned = len(self._history.set_aside)
            self.warnings.append(describe(self._history.set_aside, str(self.path)))
        return rows

    def _claim_doc(self, claim_id: str) -> dict[str, Any] | None:
        key = self._claim_keys.get(claim_id)
        return None if key is None else self._rows("claims").get(key)

    def _events_keys(self) -> dict[str, str]:
        if self._event_keys is None:
            rows = self._rows("events")
            self._event_keys = {doc["id"]: key for key, doc in rows.items()}
            self._next["events"] = max(self._next["events"], _next_key(rows))
        return self._event_keys

    # ------------------------------------------------------------------ articles
    def articles(self, all_versions: bool = False) -> list[Article]:
        """Articles in the order they were first imported (current version of each)."""
        if all_versions:
            order = {aid: i for i, aid in enumerate(self._article_order)}
            keys = sorted(self._article_keys.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))
            table = self._db.table("articles")
            return [Article.from_dict(table.get(doc_id=int(key))) for _, key in keys]
        return [self.article(aid) for aid in self._article_order]

    def article(self, article_id: str, version: int | None = None) -> Article:
        """One article (its current version unless ``version``); ``KeyError`` if absent."""
        if version is None:
            if article_id not in self._versions:
                raise KeyError(article_id)
            version = self._versions[article_id]
        key = self._article_keys.get((article_id, version))
        doc = None if key is None else self._db.table("articles").get(doc_id=int(key))
        if doc is None:
            raise KeyError(f"{article_id} version {version}")
        return Article.from_dict(doc)

    def article_versions(self, article_id: str) -> list[int]:
        return sorted(v for (aid, v) in self._article_keys if aid == article_id)

    # ------------------------------------------------------------------ claims
    def claim(self, claim_id: str) -> Claim:
        """One claim by its full id; ``KeyError`` if absent."""
        key = self._claim_keys.get(claim_id)
        doc = None if key is None else self._db.table("claims").get(doc_id=int(key))
        if doc is None:
            raise KeyError(claim_id)
        return claim_from_doc(doc)

    def claim_dict(self, claim_id: str) -> dict[str, Any] | None:
        """The stored form of a claim (what events record), or ``None``."""
        return expand_claim(self._claim_doc(claim_id))

    def has_claim(self, claim_id: str) -> bool:
        return claim_id in self._claim_keys

    def claims(
        self,
        article_id: str | None = None,
        statuses: Iterable[str] | None = None,
        all_versions: bool = False,
    ) -> list[Claim]:
        """Claims in text order within each article, articles in import order.

        ``removed`` claims (gone from the current version) appear only with
        ``all_versions`` or when ``statuses`` asks for them.
        """
        return list(self.iter_claims(article_id, statuses, all_versions))

    def iter_claims(
        self,
        article_id: str | None = None,
        statuses: Iterable[str] | None = None,
        all_versions: bool = False,
    ) -> Iterator[Claim]:
        for doc in self._claim_docs(article_id, statuses, all_versions):
            yield claim_from_doc(doc)

    def iter_claim_dicts(
        self,
        article_id: str | None = None,
        statuses: Iterable[str] | None = None,
        all_versions: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """:meth:`iter_claims` as ``Claim.to_dict()`` dicts, for writers of JSON.

        The dicts share nested lists with the desk: read them, never change them.
        """
        for doc in self._claim_docs(article_id, statuses, all_versions):
            yield claim_record(doc)

    def _claim_docs(
        self, article_id: str | None, statuses: Iterable[str] | None, all_versions: bool
    ) -> Iterator[dict[str, Any]]:
        wanted = {str(s) for s in statuses} if statuses is not None else None
        rows = self._rows("claims")
        with self._mutex:  # an import may be committing from a worker thread
            keys = self._keys_of(article_id) if article_id is not None else list(self._all_keys())
        for key in keys:
            doc = rows.get(key)
            if doc is None:
                continue
            status = doc.get("status", Status.UNREVIEWED.value)
            if wanted is not None:
                if status not in wanted:
                    continue
            elif status == Status.REMOVED and not all_versions:
                continue
            yield doc

    def _index(self) -> dict[str, list[str]]:
        if self._by_article is None:
            index: dict[str, list[str]] = {}
            for key, doc in self._rows("claims").items():
                index.setdefault(doc["article_id"], []).append(key)
            self._by_article = index
            self._sorted = set()
        return self._by_article

    def _keys_of(self, article_id: str) -> list[str]:
        index = self._index()
        keys = index.get(article_id, [])
        if article_id not in self._sorted:
            rows = self._rows("claims")
            keys.sort(key=lambda k: (rows[k]["start"], rows[k]["end"], rows[k]["id"]))
            self._sorted.add(article_id)
        return list(keys)

    def _all_keys(self) -> Iterator[str]:
        index = self._index()
        for aid in self._article_order:
            yield from self._keys_of(aid)
        for aid in list(index):
            if aid not in self._versions:  # claims whose article is missing: still shown
                yield from self._keys_of(aid)

    def resolve_claim_id(self, prefix: str) -> str:
        """The one claim id starting with ``prefix``; ``UserError`` if none or several."""
        prefix = prefix.strip()
        if prefix in self._claim_keys:
            return prefix
        if not prefix:
            raise UserError("give a claim id (or the start of one)")
        with self._mutex:
            hits = [cid for cid in self._claim_keys if cid.startswith(prefix)]
        if not hits:
            raise UserError(f"no claim with id starting {prefix!r} on desk {self.path}")
        if len(hits) > 1:
            shown = ", ".join(sorted(hits)[:5])
            raise UserError(
                f"claim id {prefix!r} is ambiguous ({len(hits)} claims: {shown}); type more of it"
            )
        return hits[0]

    def progress(self, article_id: str) -> dict[str, int]:
        """Claims of the article counted by status (every status present, zeros included)."""
        counts = {s.value: 0 for s in Status}
        rows = self._rows("claims")
        with self._mutex:
            keys = list(self._index().get(article_id, []))
        for key in keys:
            doc = rows.get(key)
            if doc is not None:
                status = doc.get("status", Status.UNREVIEWED.value)
                counts[status] = counts.get(status, 0) + 1
        return counts

    # ------------------------------------------------------------------ events
    def events(self, claim_id: str | None = None) -> list[Event]:
        """Events in the order they happened (all, or one claim's)."""
        return list(self.iter_events(claim_id))

    def iter_events(self, claim_id: str | None = None) -> Iterator[Event]:
        """:meth:`events` one at a time, for readers of a whole history.

        The stored events are in memory already, in their compact form; it is expanding
        them into ``Event`` objects with full before/after claims that costs -- about
        75 MB for 80,000 events as one list. Streamed, only the event in hand is expanded.
        """
        for doc in self._event_docs(claim_id):
            yield _event_from_stored(doc)

    def iter_event_dicts(self, claim_id: str | None = None) -> Iterator[dict[str, Any]]:
        """:meth:`iter_events` as ``Event.to_dict()`` dicts, for writers of JSON.

        The dicts share nested lists with the desk: read them, never change them.
        """
        for doc in self._event_docs(claim_id):
            yield event_record(doc)

    def _event_docs(self, claim_id: str | None) -> list[dict[str, Any]]:
        """The stored documents, oldest first, listed under the lock.

        A list of references (8 bytes an event), so that an event a worker thread commits
        meanwhile cannot break an iteration in progress.
        """
        with self._mutex:
            rows = self._rows("events")
            if claim_id is None:
                return list(rows.values())
            return [rows[key] for key in self._event_index().get(claim_id, [])]

    def event(self, event_id: str) -> Event:
        """One event by id; ``KeyError`` if absent.

        Undo needs the few latest events, not the whole history: unless the history is
        loaded already, the event is taken from those the journal holds or found in the
        history file by its id (searched from the end, where recent events are).
        """
        with self._mutex:
            if self._history.loaded:
                key = self._events_keys().get(event_id)
                doc = None if key is None else self._rows("events").get(key)
            else:
                doc = self._recent_events.get(event_id) or self._history.find_event(event_id)
                if doc is None:  # not where it was looked for: ask the whole history
                    key = self._events_keys().get(event_id)
                    doc = None if key is None else self._rows("events").get(key)
        if doc is None:
            raise KeyError(event_id)
        return _event_from_stored(doc)

    def _event_index(self) -> dict[str, list[str]]:
        if self._events_by_claim is None:
            index: dict[str, list[str]] = {}
            for key, doc in self._rows("events").items():
                index.setdefault(doc["claim_id"], []).append(key)
            self._events_by_claim = index
        return self._events_by_claim

    def undo_state(self, reviewer: str) -> tuple[list[str], list[str]]:
        """This reviewer's undo and redo stacks (event ids), derived from the event log.

        Replaying the log reproduces the stacks any earlier run had, which is what
        makes undo work across restarts. Normal events push onto the undo stack and clear
        redo; an ``undo`` event moves its target to the redo stack (as the undo event's
        id); a ``redo`` event moves it back.
        """
        with self._mutex:
            return self._undo_state(reviewer)

    def _undo_state(self, reviewer: str) -> tuple[list[str], list[str]]:
        if reviewer not in self._stacks:
            stacks: tuple[list[str], list[str]] = ([], [])
            if not self._stacks_known:
                for doc in self._rows("events").values():
                    if doc.get("reviewer") == reviewer:
                        self._push(stacks, doc)
            self._stacks[reviewer] = stacks
        undo, redo = self._stacks[reviewer]
        return list(undo), list(redo)

    def _all_stacks(self) -> dict[str, list[list[str]]]:
        """Every reviewer's stacks, for the snapshot (built from the log once if unknown)."""
        if not self._stacks_known:
            stacks: dict[str, tuple[list[str], list[str]]] = {}
            for doc in self._rows("events").values():
                self._push(stacks.setdefault(doc.get("reviewer", ""), ([], [])), doc)
            self._stacks = stacks
            self._stacks_known = True
        return {who: [list(u), list(r)] for who, (u, r) in self._stacks.items() if u or r}

    def _push(self, stacks: tuple[list[str], list[str]], doc: dict[str, Any]) -> None:
        undo, redo = stacks
        action = doc.get("action")
        if action == "undo":
            if undo and undo[-1] == doc.get("undoes"):
                undo.pop()
                redo.append(doc["id"])
        elif action == "redo":
            if redo and redo[-1] == doc.get("undoes"):
                redo.pop()
                undone = self.event(doc["undoes"])
                if undone.undoes:
                    undo.append(undone.undoes)
        else:
            undo.append(doc["id"])
            redo.clear()

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
        if self._closed:
            raise DeskError(f"desk {self.path} is closed; this change was not saved")
        with self._mutex:
            plan = _Plan(self)
            for article in articles:
                plan.put_article(article)
            for claim in claims:
                doc = claim if isinstance(claim, dict) else claim_to_dict(claim)
                plan.put_claim(compact_claim(doc))
            for claim_id in deleted_claims:
                plan.delete_claim(claim_id)
            for event in events:
                plan.put_event(stored_event(_event_to_dict(event)))
            if not plan.ops:
                return
            seq = self._seq + 1
            self._journal.append({"seq": seq, "ops": plan.ops})
            self._seq = seq
            for op in plan.ops:
                self._storage_for(op[0]).apply(seq, op)
            plan.settle()
            journal = self._journal
            if journal.records_since_fold >= self.fold_threshold or journal.size >= FOLD_BYTES:
                try:
                    self.fold()
                except DeskError as exc:
                    self.warnings.append(str(exc))  # the journal still holds everything

    def fold(self) -> None:
        """Fold the journal into fresh snapshots (atomic renames), then empty it."""
        if self.readonly:
            return
        with self._mutex:
            try:
                stacks = self._all_stacks()
                self._write_quarantine()
                # History first: the main snapshot records how much of it is committed.
                if self._history.needs_snapshot or self._history.valid_length is None:
                    self._history.snapshot(self._seq, {"schema": SCHEMA_VERSION})
                meta = {
                    "schema": SCHEMA_VERSION,
                    "next_event": self._next.get("events", 1),
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
        if self._claim_keys or self._article_keys:
            raise DeskError(
                f"desk {self.path} is not empty; restore a dump into a new desk (--desk NEW_PATH)"
            )
        self.commit(articles=articles, claims=claims, events=events)
        self.fold()


class _Plan:
    """The journal ops of one commit, and the index updates to make once it is durable.

    Keys for new documents are taken here but the desk's maps change only in
    :meth:`settle`, after the journal write succeeded: a failed write leaves no trace.
    """

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        desk._claim_keys  # noqa: B018  (builds the id map and the next claim key)
        self.ops: list[Op] = []
        self._next = dict(desk._next)
        self._new_claims: dict[str, str] = {}
        self._new_articles: dict[tuple[str, int], str] = {}
        self._new_events: dict[str, str] = {}
        self._claims: list[
            tuple[str, str, str | None, str | None]
        ] = []  # id, key, old aid, new aid
        self._events: list[tuple[str, dict[str, Any]]] = []

    def _key(self, table: str) -> str:
        key = self._next[table]
        self._next[table] = key + 1
        return str(key)

    def put_article(self, article: Article) -> None:
        ident = (article.id, article.version)
        key = (
            self.desk._article_keys.get(ident)
            or self._new_articles.get(ident)
            or self._key("articles")
        )
        self._new_articles[ident] = key
        self.ops.append(("articles", key, article.to_dict()))

    def put_claim(self, doc: dict[str, Any]) -> None:
        cid = doc["id"]
        key = self.desk._claim_keys.get(cid) or self._new_claims.get(cid)
        old = self.desk._rows("claims").get(key) if key else None
        if key is None:
            key = self._key("claims")
        self._new_claims[cid] = key
        self._claims.append((cid, key, old["article_id"] if old else None, doc["article_id"]))
        self.ops.append(("claims", key, doc))

    def delete_claim(self, claim_id: str) -> None:
        key = self.desk._claim_keys.get(claim_id)
        if key is None:
            return
        old = self.desk._rows("claims")[key]
        self._claims.append((claim_id, key, old["article_id"], None))
        self.ops.append(("claims", key, None))

    def put_event(self, doc: dict[str, Any]) -> None:
        key = self._key("events")
        self._new_events[doc["id"]] = key
        self._events.append((key, doc))
        self.ops.append(("events", key, doc))

    def settle(self) -> None:
        """Bring the desk's in-memory maps in step with the committed change."""
        desk = self.desk
        desk._next = self._next
        for (aid, version), key in self._new_articles.items():
            desk._article_keys[(aid, version)] = key
            desk._note_article(aid, version)
        desk._db.table("articles").clear_cache()
        desk._db.table("claims").clear_cache()
        by_article = desk._by_article
        for cid, key, old_aid, new_aid in self._claims:
            if new_aid is None:
                desk._claim_keys.pop(cid, None)
            else:
                desk._claim_keys[cid] = key
            if by_article is None:
                continue
            if old_aid != new_aid and old_aid is not None and key in by_article.get(old_aid, []):
                by_article[old_aid].remove(key)
            if new_aid is not None:
                if old_aid != new_aid:
                    by_article.setdefault(new_aid, []).append(key)
                desk._sorted.discard(new_aid)
        if not self._events:
            return
        desk._events_db.table("events").clear_cache()
        if desk._event_keys is not None:
            desk._event_keys.update(self._new_events)
        for key, doc in self._events:
            if desk._events_by_claim is not None:
                desk._events_by_claim.setdefault(doc["claim_id"], []).append(key)
            if not desk._history.loaded:
                desk._recent_events[doc["id"]] = doc
            reviewer = doc.get("reviewer", "")
            stacks = desk._stacks.get(reviewer)
            if stacks is None and desk._stacks_known:
                stacks = desk._stacks[reviewer] = ([], [])
            if stacks is not None:
                desk._push(stacks, doc)


def _orphans(path: Path) -> bool:
    """Files a desk leaves beside ``desk.json``, other than the lock."""
    journal = journal_path(path)
    return history_path(path).exists() or (journal.exists() and journal.stat().st_size > 0)


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


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _stacks_from_meta(stored: Any) -> dict[str, tuple[list[str], list[str]]] | None:
    """The persisted undo stacks, or ``None`` if absent or malformed (rebuilt from the log)."""
    if not isinstance(stored, dict):
        return None
    out: dict[str, tuple[list[str], list[str]]] = {}
    for who, pair in stored.items():
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(s, list) and all(isinstance(i, str) for i in s) for s in pair)
        ):
            return None
        out[str(who)] = (list(pair[0]), list(pair[1]))
    return out


def _read_pid(lock_path: Path) -> str:
    try:
        text = lock_path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


def _file_identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)
