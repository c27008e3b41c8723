"""The desk: every article, claim and event a reviewer works with, kept in TinyDB.

A :class:`Desk` is one TinyDB database (tables ``meta``, ``articles``, ``claims``,
``events``) on the durable storage of :mod:`core.storage`. Documents are keyed by their
own ids (a claim's document id *is* its claim id, an article's is ``id@version``), so the
file reads naturally and a lookup is one dict access.

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
from pathlib import Path
from typing import Any

import filelock
from tinydb import TinyDB
from tinydb.table import Table

from core.errors import DeskError, UserError
from core.model import Article, Claim, Event, Status
from core.storage import (
    HISTORY_TABLES,
    MAIN_TABLES,
    META_KEY,
    Journal,
    Op,
    SnapshotStorage,
    explain_os_error,
    history_path,
    journal_path,
)

SCHEMA_VERSION = 1
"""Bump when the stored layout changes, and add a step to :data:`MIGRATIONS`."""

FOLD_THRESHOLD = 2000
"""Journal records after which the journal is folded into fresh snapshots.

Replaying a record on open costs about as much as parsing it, so this bounds the extra
open time; folding rewrites the claims snapshot (≈0.6 s at 100,000 claims), so it must
not happen often. 2,000 edits is a long review session.
"""


def _migrate_unversioned(main: dict[str, dict], history: dict[str, dict]) -> None:
    """Schema 0 → 1: a desk written by stock TinyDB, documents under numeric ids.

    Re-key every document by its own id (articles by ``id@version``) so lookups are O(1).
    """
    if main.get("events"):  # stock TinyDB kept everything in one file
        history.setdefault("events", {}).update(main.pop("events"))
    main.pop("events", None)
    for name, tables in (("articles", main), ("claims", main), ("events", history)):
        rows = tables.get(name, {})
        rekeyed = {}
        for doc in rows.values():
            key = article_key(doc["id"], doc.get("version", 1)) if name == "articles" else doc["id"]
            rekeyed[key] = doc
        tables[name] = rekeyed


MIGRATIONS: dict[int, Callable[[dict[str, dict], dict[str, dict]], None]] = {
    0: _migrate_unversioned,
}
"""``version → function`` upgrading a desk's tables from ``version`` to ``version + 1``."""


def article_key(article_id: str, version: int) -> str:
    return f"{article_id}@{version}"


def new_event_id() -> str:
    """Random ids: events from a restored dump can never collide with new ones."""
    return secrets.token_hex(8)


class KeyedTable(Table):
    """A TinyDB table whose document ids are our own string ids, not counters."""

    document_id_class = str  # type: ignore[assignment]


class DeskDatabase(TinyDB):
    table_class = KeyedTable


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
        self._history: SnapshotStorage
        self._journal: Journal
        # Lazily built indexes (see _claim_index / _event_index / _undo_state).
        self._versions: dict[str, int] = {}
        self._article_order: list[str] = []
        self._by_article: dict[str, list[str]] | None = None
        self._sorted: set[str] = set()
        self._events_by_claim: dict[str, list[str]] | None = None
        self._stacks: dict[str, tuple[list[str], list[str]]] = {}

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
        self._load()

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
                "(use --readonly to only read it)"
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
                f"desk {self.path} is open in another claimdesk{who}; close it or use --readonly"
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
        for _attempt in range(3):
            before = _file_identity(self.path)
            self._main = SnapshotStorage(self.path, MAIN_TABLES, on_full_write=self.fold)
            self._history = SnapshotStorage(
                history_path(self.path), HISTORY_TABLES, lazy=True, on_full_write=self.fold
            )
            self._journal = Journal(journal_path(self.path), readonly=self.readonly)
            records, warning = self._journal.read()
            # A read-only reader can race a writer folding the journal: retry if the
            # snapshot was replaced while we read.
            if not self.readonly or _file_identity(self.path) == before:
                break
        if warning:
            self.warnings.append(warning)
        self._seq = self._main.seq
        for record in records:
            seq = record["seq"]
            for table, key, doc in record["ops"]:
                self._storage_for(table).apply(seq, (table, key, doc))
            self._seq = max(self._seq, seq)
        self._db = DeskDatabase(storage=lambda: self._main)
        self._events_db = DeskDatabase(storage=lambda: self._history)
        self._migrate()
        self._index_articles()
        if not self.readonly and not self.path.exists():
            self.fold()  # a new desk: put an empty, valid snapshot in place at once

    def _storage_for(self, table: str) -> SnapshotStorage:
        return self._history if table == "events" else self._main

    def _migrate(self) -> None:
        main = self._main.read()
        meta = main["meta"].get(META_KEY)
        if meta is None:
            version = 0 if any(main[t] for t in ("articles", "claims")) else SCHEMA_VERSION
        else:
            version = meta.get("schema", 0)
        if version > SCHEMA_VERSION:
            raise DeskError(
                f"desk {self.path} was written by a newer claimdesk (schema {version}, "
                f"this one reads {SCHEMA_VERSION}); upgrade claimdesk"
            )
        if version == SCHEMA_VERSION and meta is not None:
            return
        history = self._history.read()
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](main, history)
            version += 1
        main["meta"][META_KEY] = {"schema": SCHEMA_VERSION, "seq": self._main.seq}
        self._main.dirty = self._history.dirty = True
        if not self.readonly and self.path.exists():
            self.fold()

    def _index_articles(self) -> None:
        self._versions.clear()
        self._article_order.clear()
        for doc in self._main.read()["articles"].values():
            self._note_article(doc["id"], doc.get("version", 1))

    def _note_article(self, article_id: str, version: int) -> None:
        if article_id not in self._versions:
            self._article_order.append(article_id)
            self._versions[article_id] = version
        else:
            self._versions[article_id] = max(version, self._versions[article_id])

    # ------------------------------------------------------------------ closing
    def close(self) -> None:
        """Fold the journal into the snapshots (if writable) and release the lock."""
        if self._closed:
            return
        self._closed = True
        try:
            journal = getattr(self, "_journal", None)
            if not self.readonly and journal is not None and journal.records_since_fold:
                try:
                    self.fold()
                except DeskError as exc:
                    # Nothing is lost: the journal still holds every change.
                    self.warnings.append(str(exc))
        finally:
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
    @property
    def db(self) -> TinyDB:
        """The TinyDB database holding ``meta``, ``articles`` and ``claims`` (read only!)."""
        return self._db

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self._main.read()["meta"].get(META_KEY) or {})

    def _claims_rows(self) -> dict[str, dict[str, Any]]:
        return self._main.read()["claims"]

    def _events_rows(self) -> dict[str, dict[str, Any]]:
        return self._history.read()["events"]

    # ------------------------------------------------------------------ articles
    def articles(self, all_versions: bool = False) -> list[Article]:
        """Articles in the order they were first imported (current version of each)."""
        table = self._db.table("articles")
        if all_versions:
            docs = sorted(table, key=lambda d: (self._article_order.index(d["id"]), d["version"]))
            return [Article.from_dict(d) for d in docs]
        return [self.article(aid) for aid in self._article_order]

    def article(self, article_id: str, version: int | None = None) -> Article:
        """One article (its current version unless ``version``); ``KeyError`` if absent."""
        if version is None:
            if article_id not in self._versions:
                raise KeyError(article_id)
            version = self._versions[article_id]
        doc = self._db.table("articles").get(doc_id=article_key(article_id, version))
        if doc is None:
            raise KeyError(article_key(article_id, version))
        return Article.from_dict(doc)

    def article_versions(self, article_id: str) -> list[int]:
        rows = self._main.read()["articles"]
        return sorted(d["version"] for d in rows.values() if d["id"] == article_id)

    # ------------------------------------------------------------------ claims
    def claim(self, claim_id: str) -> Claim:
        """One claim by its full id; ``KeyError`` if absent."""
        doc = self._db.table("claims").get(doc_id=claim_id)
        if doc is None:
            raise KeyError(claim_id)
        return Claim.from_dict(doc)

    def claim_dict(self, claim_id: str) -> dict[str, Any] | None:
        """The stored form of a claim (what events record), or ``None``."""
        doc = self._claims_rows().get(claim_id)
        return dict(doc) if doc is not None else None

    def has_claim(self, claim_id: str) -> bool:
        return claim_id in self._claims_rows()

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
        wanted = {str(s) for s in statuses} if statuses is not None else None
        rows = self._claims_rows()
        ids = self._claim_ids(article_id) if article_id is not None else self._all_claim_ids()
        for cid in ids:
            doc = rows.get(cid)
            if doc is None:
                continue
            status = doc.get("status", Status.UNREVIEWED.value)
            if wanted is not None:
                if status not in wanted:
                    continue
            elif status == Status.REMOVED and not all_versions:
                continue
            yield Claim.from_dict(doc)

    def _index(self) -> dict[str, list[str]]:
        if self._by_article is None:
            index: dict[str, list[str]] = {}
            for cid, doc in self._claims_rows().items():
                index.setdefault(doc["article_id"], []).append(cid)
            self._by_article = index
            self._sorted = set()
        return self._by_article

    def _claim_ids(self, article_id: str) -> list[str]:
        index = self._index()
        ids = index.get(article_id, [])
        if article_id not in self._sorted:
            rows = self._claims_rows()
            ids.sort(key=lambda c: (rows[c]["start"], rows[c]["end"], c))
            self._sorted.add(article_id)
        return list(ids)

    def _all_claim_ids(self) -> Iterator[str]:
        index = self._index()
        for aid in self._article_order:
            yield from self._claim_ids(aid)
        for aid in list(index):
            if aid not in self._versions:  # claims whose article is missing: still shown
                yield from self._claim_ids(aid)

    def resolve_claim_id(self, prefix: str) -> str:
        """The one claim id starting with ``prefix``; ``UserError`` if none or several."""
        prefix = prefix.strip()
        rows = self._claims_rows()
        if prefix in rows:
            return prefix
        if not prefix:
            raise UserError("give a claim id (or the start of one)")
        hits = [cid for cid in rows if cid.startswith(prefix)]
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
        rows = self._claims_rows()
        for cid in self._index().get(article_id, []):
            status = rows[cid].get("status", Status.UNREVIEWED.value)
            counts[status] = counts.get(status, 0) + 1
        return counts

    # ------------------------------------------------------------------ events
    def events(self, claim_id: str | None = None) -> list[Event]:
        """Events in the order they happened (all, or one claim's)."""
        rows = self._events_rows()
        if claim_id is None:
            return [Event.from_dict(doc) for doc in rows.values()]
        return [Event.from_dict(rows[eid]) for eid in self._event_index().get(claim_id, [])]

    def event(self, event_id: str) -> Event:
        doc = self._events_db.table("events").get(doc_id=event_id)
        if doc is None:
            raise KeyError(event_id)
        return Event.from_dict(doc)

    def _event_index(self) -> dict[str, list[str]]:
        if self._events_by_claim is None:
            index: dict[str, list[str]] = {}
            for eid, doc in self._events_rows().items():
                index.setdefault(doc["claim_id"], []).append(eid)
            self._events_by_claim = index
        return self._events_by_claim

    def undo_state(self, reviewer: str) -> tuple[list[str], list[str]]:
        """This reviewer's undo and redo stacks (event ids), derived from the event log.

        Replaying the log reproduces the stacks any earlier session had, which is what
        makes undo work across restarts. Normal events push onto the undo stack and clear
        redo; an ``undo`` event moves its target to the redo stack (as the undo event's
        id); a ``redo`` event moves it back.
        """
        if reviewer not in self._stacks:
            stacks: tuple[list[str], list[str]] = ([], [])
            for doc in self._events_rows().values():
                if doc.get("reviewer") == reviewer:
                    self._push(stacks, doc)
            self._stacks[reviewer] = stacks
        undo, redo = self._stacks[reviewer]
        return list(undo), list(redo)

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
                undone = self._events_rows().get(doc["undoes"]) or {}
                if undone.get("undoes"):
                    undo.append(undone["undoes"])
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

        Called by :mod:`core.review` only. Returns after the journal record is fsynced.
        """
        if self.readonly:
            raise DeskError(f"desk {self.path} is open read-only; this change was not saved")
        if self._closed:
            raise DeskError(f"desk {self.path} is closed; this change was not saved")
        ops: list[Op] = []
        article_list = list(articles)
        for article in article_list:
            ops.append(("articles", article_key(article.id, article.version), article.to_dict()))
        claim_docs = [c if isinstance(c, dict) else c.to_dict() for c in claims]
        ops.extend(("claims", doc["id"], doc) for doc in claim_docs)
        deleted = list(deleted_claims)
        ops.extend(("claims", cid, None) for cid in deleted)
        event_docs = [e.to_dict() for e in events]
        ops.extend(("events", doc["id"], doc) for doc in event_docs)
        if not ops:
            return
        with self._mutex:
            old_articles = {
                cid: (self._claims_rows().get(cid) or {}).get("article_id")
                for cid in [d["id"] for d in claim_docs] + deleted
            }
            seq = self._seq + 1
            self._journal.append({"seq": seq, "ops": ops})
            self._seq = seq
            for op in ops:
                self._storage_for(op[0]).apply(seq, op)
            self._after_commit(article_list, claim_docs, deleted, event_docs, old_articles)
            if self._journal.records_since_fold >= self.fold_threshold:
                try:
                    self.fold()
                except DeskError as exc:
                    self.warnings.append(str(exc))  # the journal still holds everything

    def _after_commit(
        self,
        articles: list[Article],
        claim_docs: list[dict[str, Any]],
        deleted: list[str],
        event_docs: list[dict[str, Any]],
        old_articles: dict[str, str | None],
    ) -> None:
        """Keep the in-memory indexes in step with a commit (O(size of the change))."""
        for article in articles:
            self._note_article(article.id, article.version)
        self._db.table("articles").clear_cache()
        self._db.table("claims").clear_cache()
        if self._by_article is not None:
            for doc in claim_docs:
                cid, aid = doc["id"], doc["article_id"]
                old = old_articles.get(cid)
                if old != aid:
                    if old is not None and cid in self._by_article.get(old, []):
                        self._by_article[old].remove(cid)
                    self._by_article.setdefault(aid, []).append(cid)
                self._sorted.discard(aid)
            for cid in deleted:
                old = old_articles.get(cid)
                if old is not None and cid in self._by_article.get(old, []):
                    self._by_article[old].remove(cid)
        if event_docs:
            self._events_db.table("events").clear_cache()
            if self._events_by_claim is not None:
                for doc in event_docs:
                    self._events_by_claim.setdefault(doc["claim_id"], []).append(doc["id"])
            for doc in event_docs:
                stacks = self._stacks.get(doc.get("reviewer", ""))
                if stacks is not None:
                    self._push(stacks, doc)

    def fold(self) -> None:
        """Fold the journal into fresh snapshots (atomic renames), then empty it."""
        if self.readonly:
            return
        with self._mutex:
            meta = {"schema": SCHEMA_VERSION}
            try:
                self._main.snapshot(self._seq, meta)
                if self._history.needs_snapshot:
                    self._history.snapshot(self._seq, meta)
                self._journal.reset()
            except OSError as exc:
                raise DeskError(
                    f"could not compact desk {self.path}: {explain_os_error(exc, self.path)} "
                    "(no change was lost)"
                ) from None

    def restore(
        self, articles: Iterable[Article], claims: Iterable[Claim], events: Iterable[Event]
    ) -> None:
        """Load a whole dump into an empty desk in one atomic change (used by restore)."""
        if self._claims_rows() or self._main.read()["articles"]:
            raise DeskError(
                f"desk {self.path} is not empty; restore a dump into a new desk (--desk NEW_PATH)"
            )
        self.commit(articles=articles, claims=claims, events=events)
        self.fold()


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
