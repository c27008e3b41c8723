"""Messages the workbench passes between its parts.

Kept in one place so a reader finds what can happen: an import finished or failed, a claim
changed (so every view showing it repaints just that claim), a claim was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from core.model import Claim


@dataclass
class ArticleImported(Message):
    """Extraction and import of an article finished; its claims are now in the desk."""

    article_id: str
    new: int = 0


@dataclass
class ArticleImportFailed(Message):
    """Extraction or import of an article failed; the reviewer is told why in one line."""

    article_id: str
    error: str


@dataclass
class ClaimHighlighted(Message):
    """The claims list cursor moved onto a claim (the article and detail follow it)."""

    claim_id: str


@dataclass
class ClaimChosen(Message):
    """The reviewer pressed enter on a claim: show it in the article."""

    claim_id: str


@dataclass
class ClaimUpdated(Message):
    """A claim changed in the desk; views repaint that one claim only."""

    claim: Claim
