"""Messages the workbench's screens send to the app.

Kept in one place so a reader finds what can happen between the parts. (Messages inside
one widget, such as the claims list's ``Highlighted``, live on that widget.)
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ArticleImported(Message):
    """A review screen finished extracting and importing its article: the article list
    catches up, and the other articles from the command line get their turn."""

    article_id: str
    new: int = 0
