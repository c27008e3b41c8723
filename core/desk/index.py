"""The lookup maps of a TinyDB desk, in one place: built from the tables, kept by commits.

TinyDB finds a document by its integer key; the desk is asked by claim id, by article id
and version, by event id, for an article's claims in text order and for a claim's
events. Each of those is one dict access here instead of a table scan. The maps that
listing claims does not need (claim ids, an article's claims, events) are built on first
use, so opening a desk of 100,000 claims does not pay for them.

:meth:`DeskIndex.plan` turns one commit's documents into journal ops (taking keys for new
documents); :meth:`DeskIndex.apply` brings every map in step with those ops once they are
durable, before the tables change (it reads the documents they replace). ``build`` makes
an index from the tables alone: a test compares it with one kept by commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

Op = tuple[str, str, dict[str, Any] | None]
"""One document change: (table, document key, new document or ``None`` to delete)."""

Rows = Callable[[str], dict[str, dict[str, Any]]]
"""``table name → {document key: document}``, the live tables."""


def next_key(rows: dict[str, Any]) -> int:
    """The first free TinyDB document key of a table."""
    return max((int(k) for k in rows), default=0) + 1


class DeskIndex:
    """Claim, article and event lookups by id, and the next free key of each table."""

    def __init__(self, rows: Rows, *, next_event: int = 1) -> None:
        self._rows = rows
        self.article_keys: dict[tuple[str, int], str] = {}
        self.versions: dict[str, int] = {}  # article id → current version
        self.order: list[str] = []  # article ids, first import first
        self._claim_keys: dict[str, str] | None = None
        self._by_article: dict[str, list[str]] | None = None  # article id → claim keys
        self._sorted: set[str] = set()  # articles whose key list is in text order
        self._event_keys: dict[str, str] | None = None
        self._events_by_claim: dict[str, list[str]] | None = None
        self.next: dict[str, int] = {"events": next_event}
        self.index_articles()

    @classmethod
    def build(cls, rows: Rows, *, next_event: int = 1) -> DeskIndex:
        """Every map built from the tables now (the lazy ones too)."""
        index = cls(rows, next_event=next_event)
        index.claim_keys  # noqa: B018
        index.by_article  # noqa: B018
        index.event_keys  # noqa: B018
        index.events_by_claim  # noqa: B018
        return index

    # ------------------------------------------------------------------ articles
    def index_articles(self) -> None:
        self.versions.clear()
        self.order.clear()
        self.article_keys.clear()
        rows = self._rows("articles")
        for key, doc in rows.items():
            version = doc.get("version", 1)
            self.article_keys[(doc["id"], version)] = key
            self._note_article(doc["id"], version)
        self.next["articles"] = next_key(rows)

    def _note_article(self, article_id: str, version: int) -> None:
        if article_id not in self.versions:
            self.order.append(article_id)
            self.versions[article_id] = version
        else:
            self.versions[article_id] = max(version, self.versions[article_id])

    # ------------------------------------------------------------------ claims
    @property
    def claim_keys(self) -> dict[str, str]:
        """Claim id → document key (and the next free claim key), built when first needed."""
        if self._claim_keys is None:
            rows = self._rows("claims")
            self._claim_keys = {doc["id"]: key for key, doc in rows.items()}
            self.next.setdefault("claims", next_key(rows))
        return self._claim_keys

    @property
    def by_article(self) -> dict[str, list[str]]:
        """Article id → its claims' keys (in no particular order: see :meth:`keys_of`)."""
        if self._by_article is None:
            index: dict[str, list[str]] = {}
            for key, doc in self._rows("claims").items():
                index.setdefault(doc["article_id"], []).append(key)
            self._by_article = index
            self._sorted = set()
        return self._by_article

    def keys_of(self, article_id: str) -> list[str]:
        """The article's claim keys in text order (sorted once, then kept)."""
        keys = self.by_article.get(article_id, [])
        if article_id not in self._sorted:
            rows = self._rows("claims")
            keys.sort(key=lambda k: (rows[k]["start"], rows[k]["end"], rows[k]["id"]))
            self._sorted.add(article_id)
        return list(keys)

    def all_claim_keys(self) -> Iterator[str]:
        """Every claim key: articles in import order, then claims whose article is gone."""
        for aid in self.order:
            yield from self.keys_of(aid)
        for aid in list(self.by_article):
            if aid not in self.versions:
                yield from self.keys_of(aid)

    # ------------------------------------------------------------------ events
    @property
    def event_keys(self) -> dict[str, str]:
        if self._event_keys is None:
            rows = self._rows("events")
            self._event_keys = {doc["id"]: key for key, doc in rows.items()}
            self.next["events"] = max(self.next["events"], next_key(rows))
        return self._event_keys

    @property
    def events_by_claim(self) -> dict[str, list[str]]:
        if self._events_by_claim is None:
            index: dict[str, list[str]] = {}
            for key, doc in self._rows("events").items():
                index.setdefault(doc["claim_id"], []).append(key)
            self._events_by_claim = index
        return self._events_by_claim

    # ------------------------------------------------------------------ commits
    def plan(
        self,
        articles: Iterable[dict[str, Any]],
        claims: Iterable[dict[str, Any]],
        deleted_claims: Iterable[str],
        events: Iterable[dict[str, Any]],
    ) -> list[Op]:
        """The journal ops of one commit. Keys for new documents are taken from a copy
        of the counters: nothing here changes until :meth:`apply`."""
        taken = dict(self.next)
        claim_keys = self.claim_keys
        taken.setdefault("claims", self.next["claims"])

        def take(table: str) -> str:
            key = taken.get(table, 1)
            taken[table] = key + 1
            return str(key)

        ops: list[Op] = []
        new_articles: dict[tuple[str, int], str] = {}
        for doc in articles:
            ident = (doc["id"], doc.get("version", 1))
            key = self.article_keys.get(ident) or new_articles.get(ident) or take("articles")
            new_articles[ident] = key
            ops.append(("articles", key, doc))
        new_claims: dict[str, str] = {}
        for doc in claims:
            key = claim_keys.get(doc["id"]) or new_claims.get(doc["id"]) or take("claims")
            new_claims[doc["id"]] = key
            ops.append(("claims", key, doc))
        for claim_id in deleted_claims:
            old_key = claim_keys.get(claim_id)
            if old_key is not None:
                ops.append(("claims", old_key, None))
        ops.extend(("events", take("events"), doc) for doc in events)
        return ops

    def apply(self, ops: Iterable[Op]) -> None:
        """Bring every map in step with durable ops, before the tables take them."""
        claims = self._rows("claims")
        replaced: dict[str, dict[str, Any] | None] = {}  # claim key → doc, within these ops
        for table, key, doc in ops:
            self.next[table] = max(self.next.get(table, 1), int(key) + 1)
            if table == "articles" and doc is not None:
                version = doc.get("version", 1)
                self.article_keys[(doc["id"], version)] = key
                self._note_article(doc["id"], version)
            elif table == "claims":
                old = replaced[key] if key in replaced else claims.get(key)
                self._apply_claim(key, doc, old)
                replaced[key] = doc
            elif table == "events" and doc is not None:
                if self._event_keys is not None:
                    self._event_keys[doc["id"]] = key
                if self._events_by_claim is not None:
                    self._events_by_claim.setdefault(doc["claim_id"], []).append(key)

    def _apply_claim(
        self, key: str, doc: dict[str, Any] | None, old: dict[str, Any] | None
    ) -> None:
        if doc is None:
            if old is not None:
                self.claim_keys.pop(old["id"], None)
        else:
            self.claim_keys[doc["id"]] = key
        old_aid = old["article_id"] if old is not None else None
        new_aid = doc["article_id"] if doc is not None else None
        by_article = self._by_article
        if by_article is None:
            return
        if old_aid != new_aid and old_aid is not None and key in by_article.get(old_aid, []):
            by_article[old_aid].remove(key)
        if new_aid is not None:
            if old_aid != new_aid:
                by_article.setdefault(new_aid, []).append(key)
            self._sorted.discard(new_aid)

    # ------------------------------------------------------------------ comparing
    def as_dict(self) -> dict[str, Any]:
        """Every map in a comparable form (lists of keys as sets: their order is free)."""
        return {
            "claims": dict(self.claim_keys),
            "articles": dict(self.article_keys),
            "versions": dict(self.versions),
            "order": list(self.order),
            "by_article": {aid: sorted(keys) for aid, keys in self.by_article.items() if keys},
            "claim_order": list(self.all_claim_keys()),
            "events": dict(self.event_keys),
            "events_by_claim": {cid: list(keys) for cid, keys in self.events_by_claim.items()},
        }
