"""The review screen's keys that edit a claim and what a reviewer already wrote.

``r`` edits the claim's statement and key figure, ``N`` edits or removes a note, ``A`` a
source; ``x`` splits the claim in two, ``J`` merges it with the next one. Split from
:mod:`tui.screens.review_actions` so each module reads in one sitting;
:class:`~tui.screens.review.ReviewScreen` takes these methods in, and supplies
``require_claim``, ``apply``, ``forget`` and ``claims``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from core.errors import DeskError, UserError
from core.model import Claim

if TYPE_CHECKING:
    from tui.app import ClaimdeskApp
    from tui.screens.edit_forms import ClaimFields, NoteEdit, SourceEdit

SAVE_ERRORS = (UserError, DeskError)


class ReviewEdits(Screen):
    """Edit and remove keys of :class:`~tui.screens.review.ReviewScreen`."""

    if TYPE_CHECKING:  # what ReviewScreen defines and these methods use
        require_claim: Callable[[], Claim | None]
        apply: Callable[[Claim], None]
        forget: Callable[[str], None]

        @property
        def claims(self) -> dict[str, Claim]: ...

    @property
    def _review(self):
        app: ClaimdeskApp = self.app  # type: ignore[assignment]
        return app.review

    def _save(self, change: Callable[[], Claim], done: str) -> None:
        try:
            saved = change()
        except SAVE_ERRORS as exc:
            self.notify(f"Not saved: {exc}", severity="error", markup=False)
            return
        self.apply(saved)
        self.notify(done, timeout=2, markup=False)

    def action_edit_note(self) -> None:
        claim = self.require_claim()
        if claim is None:
            return
        if not claim.notes:
            self.notify("This claim has no notes yet: n adds one.", timeout=3)
            return

        def done(edit: NoteEdit | None) -> None:
            if edit is None:
                return
            if edit.text is None:
                self._save(lambda: self._review.remove_note(claim.id, edit.number), "Note removed.")
            else:
                text = edit.text
                self._save(
                    lambda: self._review.edit_note(claim.id, edit.number, text), "Note saved."
                )

        from tui.screens.edit_forms import NoteEditForm

        self.app.push_screen(NoteEditForm(claim), done)

    def action_edit_source(self) -> None:
        claim = self.require_claim()
        if claim is None:
            return
        if not claim.sources:
            self.notify("This claim has no sources yet: a adds one.", timeout=3)
            return

        def done(edit: SourceEdit | None) -> None:
            if edit is None:
                return
            if edit.remove:
                self._save(
                    lambda: self._review.remove_source(claim.id, edit.key), "Source removed."
                )
                return
            self._save(
                lambda: self._review.edit_source(
                    claim.id,
                    edit.key,
                    url=edit.url,
                    title=edit.title,
                    note=edit.note,
                    accessed=edit.accessed,
                ),
                "Source saved.",
            )

        from tui.screens.edit_forms import SourceEditForm

        self.app.push_screen(SourceEditForm(claim), done)

    def action_edit_claim(self) -> None:
        claim = self.require_claim()
        if claim is None:
            return

        def done(fields: ClaimFields | None) -> None:
            if fields is not None:
                self._save(lambda: self._save_fields(claim, fields), "Claim saved.")

        from tui.screens.edit_forms import ClaimEditForm

        self.app.push_screen(ClaimEditForm(claim), done)

    def _save_fields(self, claim: Claim, fields: ClaimFields) -> Claim:
        """What changed, as one batch that one ``u`` takes back."""
        review = self._review
        figure = claim.key_figure
        old = (str(figure.value), figure.kind, figure.unit or "") if figure else ("", "", "")
        new = (fields.value, fields.kind, fields.unit)
        saved = claim
        with review.batch():
            if fields.statement != claim.statement:
                saved = review.edit_statement(claim.id, fields.statement)
            if fields.value and new != old:
                saved = review.edit_figure(
                    claim.id, value=fields.value, kind=fields.kind, unit=fields.unit
                )
        return saved  # read through the batch: it holds every change made above

    def action_split_claim(self) -> None:
        claim = self.require_claim()
        if claim is None:
            return

        def done(offset: int | None) -> None:
            if offset is None:
                return
            try:
                head, tail = self._review.split_claim(claim.id, offset)
            except SAVE_ERRORS as exc:
                self.notify(f"Not split: {exc}", severity="error", markup=False)
                return
            self.apply(head)
            self.apply(tail)
            self.notify("Split in two: u joins them again.", timeout=3)

        from tui.screens.edit_forms import SplitForm

        text = self.app.desk.article(claim.article_id).text  # type: ignore[attr-defined]
        self.app.push_screen(SplitForm(claim, text), done)

    def action_merge_next(self) -> None:
        claim = self.require_claim()
        if claim is None:
            return
        later = sorted(
            (c for c in self.claims.values() if c.start > claim.start and c.status != "removed"),
            key=lambda c: c.start,
        )
        if not later:
            self.notify("No claim after this one to merge with.", timeout=3)
            return
        try:
            merged = self._review.merge_claims(claim.id, later[0].id)
        except SAVE_ERRORS as exc:
            self.notify(f"Not merged: {exc}", severity="error", markup=False)
            return
        self.forget(later[0].id)
        self.apply(merged)
        self.notify("Merged with the next claim: u splits them again.", timeout=3)
