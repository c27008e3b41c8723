"""Reading a TinyDB desk's tables: articles, claims and events, through its index.

:class:`TableReads` is the read half of :class:`~core.desk.tinydesk.Desk`: every query
of :class:`~core.desk.api.DeskBackend` that only reads, answered from the in-memory
tables (``_rows``) through the lookup maps (``index``); what is made of a stored claim or
event is :class:`~core.desk.stored_reads.StoredReads`, shared with the team desk. The one
way to read a claim is :meth:`TableReads._claim_doc`, its stored document by id.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from core.desk import codec
from core.desk.index import DeskIndex
from core.desk.stored_reads import StoredReads
from core.errors import UserError
from core.model import Article, Claim, Status


class TableReads(StoredReads):
    """Queries over ``_rows`` and ``index``; the desk that inherits them provides both."""

    path: Path
    index: DeskIndex
    _mutex: threading.RLock

    def _rows(self, table: str) -> dict[str, dict[str, Any]]:
        raise NotImplementedError

    def _claim_doc(self, claim_id: str) -> dict[str, Any] | None:
        """The one way a claim is read: its stored document, by id."""
        key = self.index.claim_keys.get(claim_id)
        return None if key is None else self._rows("claims").get(key)

    # ------------------------------------------------------------------ articles
    def articles(self, all_versions: bool = False) -> list[Article]:
        """Articles in the order they were first imported (current version of each)."""
        if all_versions:
            order = {aid: i for i, aid in enumerate(self.index.order)}
            idents = sorted(self.index.article_keys, key=lambda i: (order[i[0]], i[1]))
            return [self.article(aid, version) for aid, version in idents]
        return [self.article(aid) for aid in self.index.order]

    def article(self, article_id: str, version: int | None = None) -> Article:
        """One article (its current version unless ``version``); ``KeyError`` if absent."""
        if version is None:
            if article_id not in self.index.versions:
                raise KeyError(article_id)
            version = self.index.versions[article_id]
        key = self.index.article_keys.get((article_id, version))
        doc = None if key is None else self._rows("articles").get(key)
        if doc is None:
            raise KeyError(f"{article_id} version {version}")
        return Article.from_dict(doc)

    # ------------------------------------------------------------------ claims
    def claim(self, claim_id: str) -> Claim:
        """One claim by its full id; ``KeyError`` if absent."""
        doc = self._claim_doc(claim_id)
        if doc is None:
            raise KeyError(claim_id)
        return codec.claim_from_doc(doc)

    def claim_dict(self, claim_id: str) -> dict[str, Any] | None:
        """The stored form of a claim (what events record), or ``None``."""
        return codec.expand_claim(self._claim_doc(claim_id))

    def has_claim(self, claim_id: str) -> bool:
        return claim_id in self.index.claim_keys

    def _claim_docs(
        self, article_id: str | None, statuses: Iterable[str] | None, all_versions: bool
    ) -> Iterator[dict[str, Any]]:
        wanted = {str(s) for s in statuses} if statuses is not None else None
        rows = self._rows("claims")
        with self._mutex:  # an import may be committing from a worker thread
            index = self.index
            keys = (
                index.keys_of(article_id)
                if article_id is not None
                else list(index.all_claim_keys())
            )
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

    def resolve_claim_id(self, prefix: str) -> str:
        """The one claim id starting with ``prefix``; ``UserError`` if none or several."""
        prefix = prefix.strip()
        keys = self.index.claim_keys
        if prefix in keys:
            return prefix
        if not prefix:
            raise UserError("give a claim id (or the start of one)")
        with self._mutex:
            hits = [cid for cid in keys if cid.startswith(prefix)]
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
            keys = list(self.index.by_article.get(article_id, []))
        for key in keys:
            doc = rows.get(key)
            if doc is not None:
                status = doc.get("status", Status.UNREVIEWED.value)
                counts[status] = counts.get(status, 0) + 1
        return counts

    # ------------------------------------------------------------------ events
    def _event_docs(self, claim_id: str | None) -> list[dict[str, Any]]:
        """The stored documents, oldest first, listed under the lock (references only, so
        that an event a worker thread commits meanwhile cannot break an iteration)."""
        with self._mutex:
            rows = self._rows("events")
            if claim_id is None:
                return list(rows.values())
            return [rows[key] for key in self.index.events_by_claim.get(claim_id, [])]
