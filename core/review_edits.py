"""Editing what a reviewer wrote: notes and sources changed or taken back.

A note or a source is evidence a reviewer added; a typo in it, a wrong link or a source
that turned out to be about something else must be fixable without leaving a second,
contradicting entry beside it. Each edit is an ordinary review change (an event holding
the claim before and after, in history, undone by ``undo``), so nothing a reviewer wrote
is ever lost: the old text stays in the event. Kept apart from ``core.review`` so that
module does not grow; :class:`core.review.Review` takes these methods in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from core.errors import UserError
from core.model import Claim, Source, now_iso
from core.urls import check_web_url


def check_source_url(url: str) -> str:
    """``url`` stripped: empty (a document without one) or an http(s) URL with a host."""
    url = (url or "").strip()
    if not url:
        return url
    return check_web_url(url, "a source URL", "; leave it empty for a document and give its title")


def check_accessed(text: str) -> str:
    """An access date as YYYY-MM-DD (empty is allowed: not known)."""
    text = (text or "").strip()
    if text:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise UserError(f"a date accessed is written YYYY-MM-DD (got {text!r})") from None
    return text


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class NoteSourceEdits:
    """Note and source edits for :class:`core.review.Review` (which supplies ``_change``,
    ``_claim`` and ``reviewer``)."""

    _change: Callable[[str, str, Callable[[Claim], str]], Claim]
    _claim: Callable[[str], Claim]
    reviewer: str

    # ------------------------------------------------------------------ notes
    def _note_index(self, claim: Claim, number: int) -> int:
        if not claim.notes:
            raise UserError(f"claim {claim.id} has no notes")
        if not isinstance(number, int) or not 1 <= number <= len(claim.notes):
            raise UserError(
                f"claim {claim.id} has notes 1 to {len(claim.notes)}; there is no note {number}"
            )
        return number - 1

    def edit_note(self, claim_id: str, number: int, text: str) -> Claim:
        """Replace the text of note ``number`` (1 is the oldest); it may span lines."""
        text = (text or "").strip()
        if not text:
            raise UserError("a note needs some text (remove it instead)")
        index = self._note_index(self._claim(claim_id), number)

        def edit(claim: Claim) -> str:
            note = claim.notes[index]
            note.text, note.reviewer, note.at = text, self.reviewer, now_iso()
            return f"note {number}: {_clip(text)}"

        return self._change(claim_id, "edit_note", edit)

    def remove_note(self, claim_id: str, number: int) -> Claim:
        index = self._note_index(self._claim(claim_id), number)

        def edit(claim: Claim) -> str:
            removed = claim.notes.pop(index)
            return f"removed note {number}: {_clip(removed.text)}"

        return self._change(claim_id, "remove_note", edit)

    # ------------------------------------------------------------------ sources
    def edit_source(
        self,
        claim_id: str,
        key: str,
        *,
        url: str | None = None,
        title: str | None = None,
        note: str | None = None,
        accessed: str | None = None,
    ) -> Claim:
        """Change the source named ``key`` (its URL, or its title when it has none);
        a field given as ``None`` stays as it is."""
        key = (key or "").strip()
        claim = self._claim(claim_id)
        index = next((i for i, s in enumerate(claim.sources) if s.key == key), None)
        if index is None:
            raise UserError(f"claim {claim.id} has no source {key!r}")
        old = claim.sources[index]
        new_url = old.url if url is None else check_source_url(url)
        new_title = old.title if title is None else title.strip()
        if not new_url and not new_title:
            raise UserError("a source needs an http(s) URL, or a title for a document")
        new_key = new_url or new_title
        if new_key != key and any(s.key == new_key for s in claim.sources):
            raise UserError(f"claim {claim.id} already has a source {new_key!r}")
        new_accessed = old.accessed if accessed is None else check_accessed(accessed)
        new_note = old.note if note is None else note.strip()

        def edit(claim: Claim) -> str:
            claim.sources[index] = Source(
                url=new_url,
                title=new_title,
                note=new_note,
                accessed=new_accessed,
                added_by=old.added_by or self.reviewer,
                added_at=old.added_at,
            )
            return f"edited source {new_key}" + (f" (was {key})" if new_key != key else "")

        return self._change(claim_id, "edit_source", edit)
