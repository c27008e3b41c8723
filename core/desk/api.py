"""What every desk backend offers: the one interface review, export, the CLI and the
workbench use.

The TinyDB desk (:mod:`core.desk.tinydesk`, one reviewer, offline, files a person can
open) implements it; a team desk on a server implements the same methods, so nothing
above the desk knows which one it has. Claims and events cross this boundary as model
objects (:class:`~core.model.Claim`, :class:`~core.model.Event`) or, for writers of JSON,
as the plain dicts their ``to_dict`` would give. Every change goes through
:meth:`DeskBackend.commit` (called only by :mod:`core.review`), which is atomic and
durable and bumps :attr:`DeskBackend.revision`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from core.model import Article, Claim, Event


@runtime_checkable
class DeskBackend(Protocol):
    """A desk opened for reading (and, unless ``readonly``, for writing)."""

    @property
    def path(self) -> Path | str:
        """Where the desk is (a file, or for a server the address a user gave)."""
        ...

    readonly: bool
    warnings: list[str]
    """One-line warnings found while working (damage set aside, a fold that failed);
    the caller shows them and empties the list."""

    @property
    def revision(self) -> int:
        """A number that grows with every commit (by anyone, on a shared desk): a view
        built at one revision is current while the revision is unchanged."""
        ...

    # -- lifetime -------------------------------------------------------------------
    def close(self) -> None: ...
    def __enter__(self) -> DeskBackend: ...
    def __exit__(self, *exc: object) -> None: ...

    # -- articles -------------------------------------------------------------------
    def articles(self, all_versions: bool = False) -> list[Article]:
        """Articles in the order they were first imported (current version of each)."""
        ...

    def article(self, article_id: str, version: int | None = None) -> Article:
        """One article (its current version unless ``version``); ``KeyError`` if absent."""
        ...

    # -- claims ---------------------------------------------------------------------
    def claim(self, claim_id: str) -> Claim:
        """One claim by its full id; ``KeyError`` if absent."""
        ...

    def claim_dict(self, claim_id: str) -> dict[str, Any] | None:
        """The claim as events record it (``Claim.to_dict()`` form), or ``None``."""
        ...

    def has_claim(self, claim_id: str) -> bool: ...

    def resolve_claim_id(self, prefix: str) -> str:
        """The one claim id starting with ``prefix``; ``UserError`` if none or several."""
        ...

    def claims(
        self,
        article_id: str | None = None,
        statuses: Iterable[str] | None = None,
        all_versions: bool = False,
    ) -> list[Claim]:
        """Claims in text order within each article, articles in import order; ``removed``
        ones only with ``all_versions`` or when ``statuses`` names them."""
        ...

    def iter_claims(
        self,
        article_id: str | None = None,
        statuses: Iterable[str] | None = None,
        all_versions: bool = False,
    ) -> Iterator[Claim]: ...

    def iter_claim_dicts(
        self,
        article_id: str | None = None,
        statuses: Iterable[str] | None = None,
        all_versions: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """:meth:`iter_claims` as ``Claim.to_dict()`` dicts (read them, never change them)."""
        ...

    def progress(self, article_id: str) -> dict[str, int]:
        """The article's claims counted by status (every status, zeros included)."""
        ...

    # -- events ---------------------------------------------------------------------
    def events(self, claim_id: str | None = None) -> list[Event]:
        """Events in the order they happened (all, or one claim's)."""
        ...

    def iter_events(self, claim_id: str | None = None) -> Iterator[Event]: ...

    def iter_event_dicts(self, claim_id: str | None = None) -> Iterator[dict[str, Any]]: ...

    def event(self, event_id: str) -> Event:
        """One event by id; ``KeyError`` if absent."""
        ...

    def undo_state(self, reviewer: str) -> tuple[list[str], list[str]]:
        """The reviewer's undo and redo stacks (event ids, latest last); see core.desk.undo."""
        ...

    # -- writing --------------------------------------------------------------------
    def commit(
        self,
        *,
        articles: Iterable[Article] = (),
        claims: Iterable[Claim | dict[str, Any]] = (),
        deleted_claims: Iterable[str] = (),
        events: Iterable[Event] = (),
    ) -> None:
        """One change, durable and atomic: all of it is saved, or ``DeskError`` and none."""
        ...

    def restore(
        self, articles: Iterable[Article], claims: Iterable[Claim], events: Iterable[Event]
    ) -> None:
        """Load a whole dump into an empty desk in one atomic change."""
        ...

    def compact(self) -> int:
        """Make the desk's storage compact now (what it would do by itself in time);
        returns how many pending changes that took in."""
        ...
