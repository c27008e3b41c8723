"""Messages the workbench's workers and screens send.

Kept in one place so a reader finds what can happen between the parts. Thread workers
post these (``post_message`` is safe from a thread) and the receivers handle them with
``@on``; a worker is never told apart by its group name. (Messages inside one widget,
such as the claims list's ``Highlighted``, live on that widget.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from core.importing import ImportReport
    from core.model import Article, Claim


@dataclass
class ClaimsFound(Message):
    """The import queue found the claims of an article (the app saves them: the desk has
    one writer, the UI thread)."""

    article: Article
    claims: list[Claim]


@dataclass
class ClaimsNotFound(Message):
    """The import queue could not find the claims of an article (nothing was written)."""

    article: Article
    error: str


@dataclass
class SourceRead(Message):
    """A file opened from the desk's copy was read again (queued when it changed)."""

    article: Article


@dataclass
class SourceUnreadable(Message):
    """A file opened from the desk's copy could not be read again: the copy is shown."""

    error: str


@dataclass
class ArticleImported(Message):
    """An article's claims are on the desk. ``requested_id`` is the id it was read with;
    the report's article may be another (a new article beside the one at its path, or
    the same text found under another file)."""

    requested_id: str
    report: ImportReport


@dataclass
class SeenBeforeIndexed(Message):
    """Claims reviewed in other articles are indexed for "seen before" (``None``: there
    are none)."""

    index: Any


@dataclass
class RepeatsFound(Message):
    """The groups of claims that state one figure about one thing, in text order."""

    groups: list[list[str]]


@dataclass
class DeskChanged(Message, bubble=False):
    """Someone else changed the desk (a team desk's notice): ``claims`` they changed
    (empty: too many to name, reload the article), ``articles`` touched, or
    ``presence``: a reviewer opened or left an article. Posted to the app, which hands
    it to the screen on top; it does not bubble back (a class keyword: Textual sets
    ``bubble`` after the class body, so an attribute there would be overwritten)."""

    reviewer: str = ""
    articles: tuple[str, ...] = ()
    claims: tuple[str, ...] | None = None
    presence: bool = False


@dataclass
class ArticleRead(Message):
    """A file named in the import prompt was read: the app opens it and queues its import."""

    article: Article


@dataclass
class ArticleUnreadable(Message):
    """A file named in the import prompt could not be read (nothing was written)."""

    path: str
    error: str
