"""The team desk: the TinyDB desk's public methods, answered by PostgreSQL queries.

Nothing is loaded on open: an article, a claim or a history is read when asked for, so
opening a desk of 100,000 claims costs a connection and one version check. Whole-desk
reads (exports, copies) stream from a server-side cursor on a connection of their own,
so code that reads an article in the middle of a claim listing still works.

What a reviewer was shown is what their next change is checked against: each claim this
desk hands out is remembered with its revision (:attr:`TeamDesk._shown`), and
:meth:`commit` writes a claim only if its revision is still that one. Otherwise the edit
is refused, naming who changed the claim and when, and the claim is read afresh.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from core.desk.codec import claim_from_doc, event_from_stored, expand_claim
from core.desk.stored_reads import StoredReads
from core.errors import DeskError, UserError
from core.model import DECIDED_STATUSES, Article, Claim, Event, Status
from core.team import writes
from core.team.checks import TeamChecks
from core.team.connect import connect, display_url
from core.team.schema import ensure_schema

if TYPE_CHECKING:
    from core.claimquery import ClaimQuery
    from core.team.live import Listener
    from core.team.search import TeamSearch

_CLAIM_ORDER = "c.start_at, c.end_at, c.id"
_STREAM_BATCH = 2000


class TeamDesk(TeamChecks, StoredReads):
    """A desk on a PostgreSQL database; many processes may open it for writing at once."""

    def __init__(self, url: str, *, readonly: bool, reviewer: str = "") -> None:
        self.url = url
        self.path = display_url(url)  # what messages show: never the password
        self.readonly = readonly
        self.reviewer = reviewer
        self.warnings: list[str] = []
        self._conn: Any = None
        self._lock = threading.RLock()  # one statement or transaction at a time
        self._readers: list[Any] = []  # idle connections for streamed reads
        self._closed = False
        self._shown: dict[str, tuple[int, dict[str, Any] | None]] = {}
        """claim id → (revision, compact doc) last handed out; revision 0: absent."""
        self.schema_found = 0
        self.origin = secrets.token_hex(6)
        """Sent with every notice, so this desk's own listener can skip its own changes."""
        self.committed: list[str] = []
        """Ids of the events of this desk's latest commit, once the server has them."""
        self.folds_case: bool | None = None
        """Whether the server's ``lower()`` folds non-ASCII as Python does (asked once)."""

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, url: str, *, readonly: bool = False, **_ignored: Any) -> TeamDesk:
        """Connect and create or upgrade the schema; ``DeskError`` in one line if not."""
        desk = cls(url, readonly=readonly)
        desk._conn = connect(url)
        try:
            desk.schema_found = ensure_schema(desk._conn, desk.path)
        except BaseException:
            desk._conn.close()
            raise
        return desk

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        import psycopg

        with self._lock:
            for conn in [self._conn, *self._readers]:
                with contextlib.suppress(psycopg.Error):  # closing: nothing left to save
                    conn.close()
            self._readers.clear()

    def fold(self) -> None:
        """Nothing to fold: every commit is complete on the server."""

    def compact(self) -> int:
        """Nothing pending: the server keeps its own storage compact."""
        return 0

    @property
    def revision(self) -> int:
        """Grows with every commit by anyone: the newest event's sequence number."""
        row = self._one("SELECT coalesce(max(seq), 0) FROM events")
        return int(row[0]) if row else 0

    def __enter__(self) -> TeamDesk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def meta(self) -> dict[str, Any]:
        rows = self._all("SELECT key, value FROM claimdesk_meta")
        return {key: value for key, value in rows}

    # ------------------------------------------------------------------ plumbing
    def _all(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        self._check_open()
        import psycopg

        with self._lock:
            try:
                return self._conn.execute(sql, tuple(params)).fetchall()
            except psycopg.OperationalError as exc:
                raise DeskError(f"team desk {self.path}: lost the server ({_line(exc)})") from None

    def _one(self, sql: str, params: Iterable[Any] = ()) -> tuple | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    def _stream(self, sql: str, params: Iterable[Any] = ()) -> Iterator[tuple]:
        """Rows of a large result a batch at a time, on a connection of their own."""
        self._check_open()
        with self._lock:
            conn = self._readers.pop() if self._readers else connect(self.url)
        try:
            with conn.transaction(), conn.cursor(name="claimdesk_stream") as cur:
                cur.itersize = _STREAM_BATCH
                cur.execute(sql, tuple(params))
                yield from cur
        finally:
            with self._lock:
                if self._closed:
                    conn.close()
                else:
                    self._readers.append(conn)

    def _check_open(self) -> None:
        if self._closed:
            raise DeskError(f"team desk {self.path} is closed")

    def _remember(self, cid: str, revision: int, doc: dict[str, Any] | None) -> None:
        self._shown[cid] = (revision, doc)

    # ------------------------------------------------------------------ articles
    def articles(self, all_versions: bool = False) -> list[Article]:
        """Articles in the order they were first imported (current version of each)."""
        if all_versions:
            sql = "SELECT doc FROM articles ORDER BY ord, version"
        else:
            sql = "SELECT DISTINCT ON (ord) doc FROM articles ORDER BY ord, version DESC"
        return [Article.from_dict(row[0]) for row in self._all(sql)]

    def article(self, article_id: str, version: int | None = None) -> Article:
        if version is None:
            row = self._one(
                "SELECT doc FROM articles WHERE id = %s ORDER BY version DESC LIMIT 1",
                (article_id,),
            )
        else:
            row = self._one(
                "SELECT doc FROM articles WHERE id = %s AND version = %s", (article_id, version)
            )
        if row is None:
            raise KeyError(article_id if version is None else f"{article_id} version {version}")
        return Article.from_dict(row[0])

    # ------------------------------------------------------------------ claims
    def _fetch(self, claim_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT revision, doc FROM claims WHERE id = %s", (claim_id,))
        revision, doc = row if row else (0, None)
        self._remember(claim_id, revision, doc)
        return doc

    def claim(self, claim_id: str) -> Claim:
        """One claim, read afresh; ``KeyError`` if absent."""
        doc = self._fetch(claim_id)
        if doc is None:
            raise KeyError(claim_id)
        return claim_from_doc(doc)

    def claim_dict(self, claim_id: str) -> dict[str, Any] | None:
        """The claim as this desk last showed it (what an edit is based on), or ``None``."""
        shown = self._shown.get(claim_id)
        doc = shown[1] if shown is not None else self._fetch(claim_id)
        return expand_claim(doc)

    def has_claim(self, claim_id: str) -> bool:
        return self._one("SELECT 1 FROM claims WHERE id = %s", (claim_id,)) is not None

    def _claim_docs(
        self, article_id: str | None, statuses: Iterable[str] | None, all_versions: bool
    ) -> Iterator[dict[str, Any]]:
        where: list[str] = []
        params: list[object] = []
        if statuses is not None:
            where.append("c.status = ANY(%s)")
            params.append([str(s) for s in statuses])
        elif not all_versions:
            where.append("c.status <> %s")
            params.append(Status.REMOVED.value)
        if article_id is not None:  # one article: small, and what the reviewer is shown
            where.insert(0, "c.article_id = %s")
            params.insert(0, article_id)
            sql = (
                f"SELECT c.id, c.revision, c.doc FROM claims c WHERE {' AND '.join(where)} "
                f"ORDER BY {_CLAIM_ORDER}"
            )
            for cid, revision, doc in self._all(sql, params):
                self._remember(cid, revision, doc)
                yield doc
            return
        sql = (
            "SELECT c.doc FROM claims c LEFT JOIN "
            "(SELECT id, min(ord) AS ord FROM articles GROUP BY id) a ON a.id = c.article_id"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + f" ORDER BY a.ord NULLS LAST, c.article_id, {_CLAIM_ORDER}"
        )
        for (doc,) in self._stream(sql, params):
            yield doc

    def resolve_claim_id(self, prefix: str) -> str:
        """The one claim id starting with ``prefix``; ``UserError`` if none or several."""
        prefix = prefix.strip()
        if not prefix:
            raise UserError("give a claim id (or the start of one)")
        pattern = like_prefix(prefix)
        rows = self._all("SELECT id FROM claims WHERE id LIKE %s ORDER BY id LIMIT 6", (pattern,))
        hits = [row[0] for row in rows]
        if prefix in hits:
            return prefix
        if not hits:
            raise UserError(f"no claim with id starting {prefix!r} on desk {self.path}")
        if len(hits) > 1:
            more = self._one("SELECT count(*) FROM claims WHERE id LIKE %s", (pattern,))
            count = more[0] if more else len(hits)
            raise UserError(
                f"claim id {prefix!r} is ambiguous ({count} claims: {', '.join(hits[:5])}); "
                "type more of it"
            )
        return hits[0]

    def progress(self, article_id: str) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for status, count in self._all(
            "SELECT status, count(*) FROM claims WHERE article_id = %s GROUP BY status",
            (article_id,),
        ):
            counts[status] = counts.get(status, 0) + count
        return counts

    def progress_by_reviewer(self) -> dict[str, dict[str, int]]:
        """article id → reviewer → claims that reviewer decided (the article list's view)."""
        out: dict[str, dict[str, int]] = {}
        decided = [s.value for s in DECIDED_STATUSES]
        for article_id, reviewer, count in self._all(
            "SELECT article_id, reviewer, count(*) FROM claims WHERE status = ANY(%s) "
            "GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
            (decided,),
        ):
            out.setdefault(article_id, {})[reviewer or "?"] = count
        return out

    def assign(self, article_id: str, reviewer: str, by: str) -> Article:
        """Give an article (an id or the start of one) to ``reviewer``; returns it."""
        from core.model import now_iso
        from core.team.schema import CHANNEL

        article = self._resolve_article(article_id)
        reviewer = reviewer.strip()
        if not reviewer:
            raise UserError("name the reviewer to assign the article to (--to NAME)")
        if self.readonly:
            raise DeskError(f"team desk {self.path} is open read-only; nothing was assigned")
        import json

        with self._lock, self._conn.transaction():
            self._conn.execute(
                "INSERT INTO assignments (article_id, reviewer, assigned_by, at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (article_id) DO UPDATE SET "
                "reviewer = EXCLUDED.reviewer, assigned_by = EXCLUDED.assigned_by, "
                "at = EXCLUDED.at",
                (article.id, reviewer, by, now_iso()),
            )
            notice = {"reviewer": by, "articles": [article.id], "claims": [], "origin": self.origin}
            self._conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps(notice)))
        return article

    def assignments(self) -> dict[str, str]:
        """article id → the reviewer it is assigned to."""
        return dict(self._all("SELECT article_id, reviewer FROM assignments"))

    def select_claims(
        self, query: ClaimQuery, statuses: list[str]
    ) -> tuple[list[Claim], dict[str, str]]:
        """The claims a query's fields may select, by SQL (see :mod:`core.team.queries`)."""
        from core.team.queries import select_claims

        return select_claims(self, query, statuses)

    def _resolve_article(self, prefix: str) -> Article:
        prefix = prefix.strip()
        pattern = like_prefix(prefix)
        rows = self._all(
            "SELECT DISTINCT id FROM articles WHERE id LIKE %s ORDER BY id LIMIT 6", (pattern,)
        )
        hits = [row[0] for row in rows]
        if prefix in hits:
            hits = [prefix]
        if not prefix or not hits:
            raise UserError(f"no article with id starting {prefix!r} on desk {self.path}")
        if len(hits) > 1:
            raise UserError(
                f"article id {prefix!r} is ambiguous ({', '.join(hits[:5])}); type more of it"
            )
        return self.article(hits[0])

    def listen(self, on_notice: Callable[[dict[str, Any]], None]) -> Listener:
        """Call ``on_notice`` (from a thread) for every change other desks commit."""
        from core.team.live import Listener

        return Listener(self, on_notice)

    def search(self) -> TeamSearch:
        """The command palette's claim lookup, as queries (see :mod:`core.team.search`)."""
        from core.team.search import TeamSearch

        return TeamSearch(self)

    def claim_count(self) -> int:
        row = self._one("SELECT count(*) FROM claims")
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ events
    def _event_docs(self, claim_id: str | None) -> Iterator[dict[str, Any]]:
        if claim_id is not None:
            rows = self._all("SELECT doc FROM events WHERE claim_id = %s ORDER BY seq", (claim_id,))
            yield from (row[0] for row in rows)
            return
        for (doc,) in self._stream("SELECT doc FROM events ORDER BY seq"):
            yield doc

    def event(self, event_id: str) -> Event:
        row = self._one("SELECT doc FROM events WHERE id = %s", (event_id,))
        if row is None:
            raise KeyError(event_id)
        return event_from_stored(row[0])

    def undo_state(self, reviewer: str) -> tuple[list[str], list[str]]:
        """This reviewer's undo and redo stacks, replayed from their events (as on TinyDB)."""
        rows = self._all(
            "SELECT id, action, undoes FROM events WHERE reviewer = %s ORDER BY seq", (reviewer,)
        )
        undoes_of = {eid: undoes for eid, _action, undoes in rows}
        undo: list[str] = []
        redo: list[str] = []
        for eid, action, undoes in rows:
            if action == "undo":
                if undo and undo[-1] == undoes:
                    undo.pop()
                    redo.append(eid)
            elif action == "redo":
                if redo and redo[-1] == undoes:
                    redo.pop()
                    target = undoes_of.get(undoes or "")
                    if target:
                        undo.append(target)
            else:
                undo.append(eid)
                redo.clear()
        return undo, redo

    # ------------------------------------------------------------------ writing
    def commit(
        self,
        *,
        articles: Iterable[Article] = (),
        claims: Iterable[Claim | dict[str, Any]] = (),
        deleted_claims: Iterable[str] = (),
        events: Iterable[Event] = (),
    ) -> None:
        """One change in one transaction: all of it, or none and ``DeskError`` saying why.

        A claim this desk showed at one revision and someone has changed since is not
        written: :class:`~core.errors.ConflictError` names who changed it and when.
        """
        if self.readonly:
            raise DeskError(f"team desk {self.path} is open read-only; this change was not saved")
        self._check_open()
        with self._lock:
            writes.commit(self, list(articles), list(claims), list(deleted_claims), list(events))

    def restore(
        self, articles: Iterable[Article], claims: Iterable[Claim], events: Iterable[Event]
    ) -> None:
        """Load a whole desk (a dump or a copy) into this empty one, in one transaction."""
        with self._lock:
            writes.restore(self, articles, claims, events)

    @contextlib.contextmanager
    def one_transaction(self, nothing_done: str) -> Iterator[None]:
        """Every write in the block in one transaction: all of it is committed when the
        block ends, none if it raises (an error, a signal) or the connection is lost.

        A copy is a restore and many batches of checks, each its own transaction when on
        its own; inside this block they are savepoints of this one, so a copy stopped
        half-way leaves the desk as empty as it was. ``nothing_done`` is the message's
        end when the server fails: what did not happen.
        """
        import psycopg

        if self.readonly:
            raise DeskError(f"team desk {self.path} is open read-only; {nothing_done}")
        self._check_open()
        try:
            with self._lock, self._conn.transaction():
                yield
        except psycopg.Error as exc:
            raise DeskError(f"team desk {self.path}: {nothing_done} ({_line(exc)})") from None
        finally:
            self._check_cache = None  # what it held may have been rolled back


def like_prefix(prefix: str) -> str:
    """A LIKE pattern matching what starts with ``prefix`` (its ``%`` and ``_`` literal)."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
