"""The reads both desk backends answer the same way, once they have the stored documents.

A TinyDB desk finds a claim's or an event's stored document in its in-memory tables, a
team desk in a PostgreSQL row; what is made of the document (a ``Claim``, an ``Event``, or
the dict an export writes) is the same on both, and is written here once.
:class:`StoredReads` asks a backend only for ``_claim_docs`` and ``_event_docs``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from core.desk.codec import claim_from_doc, claim_record, event_from_stored, event_record
from core.model import Claim, Event


class StoredReads:
    """Claims and events of a desk, read from the stored documents its backend lists."""

    def _claim_docs(
        self, article_id: str | None, statuses: Iterable[str] | None, all_versions: bool
    ) -> Iterable[dict[str, Any]]:
        """The stored claims: in text order within each article, articles in import
        order; ``removed`` ones only with ``all_versions`` or when ``statuses`` names them."""
        raise NotImplementedError

    def _event_docs(self, claim_id: str | None) -> Iterable[dict[str, Any]]:
        """The stored events (all, or one claim's), oldest first."""
        raise NotImplementedError

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

    def events(self, claim_id: str | None = None) -> list[Event]:
        """Events in the order they happened (all, or one claim's)."""
        return list(self.iter_events(claim_id))

    def iter_events(self, claim_id: str | None = None) -> Iterator[Event]:
        """:meth:`events` one at a time, for readers of a whole history.

        It is expanding the stored events into ``Event`` objects with full before/after
        claims that costs -- about 75 MB for 80,000 events as one list. Streamed, only
        the event in hand is expanded.
        """
        for doc in self._event_docs(claim_id):
            yield event_from_stored(doc)

    def iter_event_dicts(self, claim_id: str | None = None) -> Iterator[dict[str, Any]]:
        """:meth:`iter_events` as ``Event.to_dict()`` dicts, for writers of JSON.

        The dicts share nested lists with the desk: read them, never change them.
        """
        for doc in self._event_docs(claim_id):
            yield event_record(doc)
