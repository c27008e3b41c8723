"""What a reviewer does to claims — the only way desk state changes.

The workbench and the command line both call :class:`Review`, so a decision made with a
key press and one made with ``claimdesk set`` are the same change with the same history.
Every method writes the new claim *and* an :class:`~core.model.Event` holding the claim
before and after, in one durable commit, and returns the updated claim. Undo and redo are
events too (``undoes`` names what they reverse), so they survive restarts and show up in
history like anything else.

One action over several claims (a verdict on a claim and its repeats in the article) runs
inside :meth:`Review.batch`: each claim still gets its own event, all of them share a
``batch`` id and land in one commit, and undo or redo takes the whole batch back at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.desk.api import DeskBackend
from core.desk.codec import claim_from_doc, claim_to_dict, new_event_id
from core.desk.undo import refuse_undo, top_batch
from core.errors import UserError
from core.importing import FIGURE_CHANGED, ImportReport
from core.model import (
    Article,
    Claim,
    Correction,
    Event,
    Note,
    Origin,
    Source,
    Status,
    now_iso,
    short_hash,
)
from core.repeats import Repeats, Settled, repeats_on_desk, settle_targets
from core.review_claimant import ClaimantEdits
from core.review_edits import NoteSourceEdits
from core.review_fields import ClaimFieldEdits
from core.review_split import SplitMerge
from core.urls import check_source

SETTABLE_STATUSES = frozenset(
    {
        Status.UNREVIEWED,
        Status.VERIFIED,
        Status.FALSE,
        Status.NEEDS_SOURCE,
        Status.INCONCLUSIVE,
        Status.DISMISSED,
    }
)
"""Statuses ``set_status`` takes: ``corrected`` needs :meth:`Review.correct` (a right value
or wording), and ``removed`` is only ever set by a re-import."""


@dataclass
class _Batch:
    """Changes made inside :meth:`Review.batch`, held until the batch commits."""

    id: str
    claims: dict[str, dict | None] = field(default_factory=dict)  # None: deleted
    events: list[Event] = field(default_factory=list)


class Review(ClaimantEdits, NoteSourceEdits, ClaimFieldEdits, SplitMerge):
    """A reviewer acting on a desk. Every call is saved durably before it returns."""

    def __init__(self, desk: DeskBackend, reviewer: str) -> None:
        if not reviewer or not reviewer.strip():
            raise UserError("a reviewer name is needed (set --reviewer or $CLAIMDESK_REVIEWER)")
        self.desk = desk
        self.reviewer = reviewer.strip()
        self._batch: _Batch | None = None
        self.last_events: list[Event] = []
        """Every event the latest undo or redo wrote (more than one for a batch)."""

    # ------------------------------------------------------------------ batches
    @contextmanager
    def batch(self) -> Iterator[str]:
        """Make every change inside one action; yields the batch id.

        Nothing is written until the block ends; then all the claims and their events go
        to the desk in one durable commit. An exception inside the block writes nothing,
        so a batch is never half applied. Nested batches join the outer one.
        """
        if self._batch is not None:
            yield self._batch.id
            return
        batch = self._batch = _Batch(new_event_id())
        try:
            yield batch.id
        finally:
            self._batch = None
        if batch.events:
            self.commit(
                claims=[doc for doc in batch.claims.values() if doc is not None],
                deleted_claims=[cid for cid, doc in batch.claims.items() if doc is None],
                events=batch.events,
            )

    def settle(
        self,
        claim_id: str,
        change: Callable[[str], Claim],
        repeats: Repeats = Repeats.ALONE,
        known_repeats: Sequence[Claim] | None = None,
    ) -> Settled:
        """Make one decision (``change`` applied to a claim id) on a claim and, decided
        together, on its repeats still in step with it (:mod:`core.repeats`), as one batch
        that one undo takes back. ``known_repeats``: the claim's repeats when the caller
        has already found them (the workbench does, in a worker)."""
        claim = self._claim(claim_id)
        if repeats == Repeats.TOGETHER and known_repeats is None:
            known_repeats = repeats_on_desk(self.desk, claim)
        ids, left = settle_targets(claim, known_repeats or [], Repeats(repeats))
        with self.batch() if len(ids) > 1 else nullcontext():
            saved = [change(cid) for cid in ids]
        return Settled(claims=saved, left=left)

    # ------------------------------------------------------------------ plumbing
    def commit(self, **changes) -> None:
        """Write to the desk in one durable commit (the desk's revision moves on)."""
        self.desk.commit(**changes)

    def _current(self, claim_id: str) -> dict | None:
        """The claim as it stands, including changes of the batch in progress."""
        if self._batch is not None and claim_id in self._batch.claims:
            return self._batch.claims[claim_id]
        return self.desk.claim_dict(claim_id)

    def _write(self, claim_id: str, after: dict | None, event: Event) -> None:
        """Save a claim (``None``: delete it) with its event, or add both to the batch."""
        if self._batch is not None:
            self._batch.claims[claim_id] = after
            self._batch.events.append(event)
        elif after is None:
            self.commit(deleted_claims=[claim_id], events=[event])
        else:
            self.commit(claims=[after], events=[event])

    def _claim(self, claim_id: str) -> Claim:
        return claim_from_doc(self._existing(claim_id))

    def _existing(self, claim_id: str) -> dict:
        doc = self._current(claim_id)
        if doc is None:
            raise UserError(f"no claim {claim_id!r} on desk {self.desk.path}")
        return doc

    def make_event(
        self,
        claim_id: str,
        article_id: str,
        action: str,
        before: dict | None,
        after: dict | None,
        detail: str = "",
        undoes: str | None = None,
        at: str | None = None,
    ) -> Event:
        return Event(
            id=new_event_id(),
            claim_id=claim_id,
            article_id=article_id,
            action=action,
            before=before,
            after=after,
            reviewer=self.reviewer,
            at=at or now_iso(),
            detail=detail,
            undoes=undoes,
            batch=self._batch.id if self._batch is not None else None,
        )

    def _change(self, claim_id: str, action: str, edit: Callable[[Claim], str]) -> Claim:
        """Apply ``edit`` to a copy of the claim; save the claim and its event together."""
        before = self._existing(claim_id)
        claim = claim_from_doc(before)
        detail = edit(claim)
        at = now_iso()
        claim.updated_at = at
        claim.reviewer = self.reviewer
        after = claim_to_dict(claim)
        event = self.make_event(claim.id, claim.article_id, action, before, after, detail, at=at)
        self._write(claim.id, after, event)
        return claim

    def _verdict_allowed(self, claim_id: str) -> None:
        """A removed claim is no longer in its article: a verdict on it would be exported."""
        if self._existing(claim_id).get("status") == Status.REMOVED:
            raise UserError(
                f"claim {claim_id} is no longer in the current version of its article "
                "(removed by a re-import); it can take notes but not a verdict"
            )

    def _note(self, text: str) -> Note:
        return Note(text=text, reviewer=self.reviewer, at=now_iso())

    # ------------------------------------------------------------------ verdicts
    def set_status(self, claim_id: str, status: str, note: str | None = None) -> Claim:
        """Record a verdict (not ``corrected``: that needs :meth:`correct`)."""
        try:
            wanted = Status(status)
        except ValueError:
            choices = ", ".join(s.value for s in Status if s in SETTABLE_STATUSES)
            raise UserError(f"unknown status {status!r}; choose from: {choices}") from None
        if wanted == Status.CORRECTED:
            raise UserError(
                "status 'corrected' needs the right value or wording (--value/--statement)"
            )
        if wanted not in SETTABLE_STATUSES:
            raise UserError(f"status {status!r} is set by re-importing an article, not by hand")
        self._verdict_allowed(claim_id)

        def edit(claim: Claim) -> str:
            old = claim.status
            claim.status = wanted.value
            claim.correction = None  # a correction only stands with the 'corrected' verdict
            _clear_review_flags(claim)
            if note and note.strip():
                claim.notes.append(self._note(note.strip()))
            return f"{old} → {wanted.value}"

        return self._change(claim_id, "status", edit)

    def correct(self, claim_id: str, value: str = "", statement: str = "", note: str = "") -> Claim:
        """Mark the claim inaccurate and record what it should have said."""
        value, statement, note = (
            (value or "").strip(),
            (statement or "").strip(),
            (note or "").strip(),
        )
        if not value and not statement:
            raise UserError("a correction needs the right value or the right wording")
        self._verdict_allowed(claim_id)

        def edit(claim: Claim) -> str:
            old = claim.status
            claim.status = Status.CORRECTED.value
            claim.correction = Correction(value=value, statement=statement, note=note)
            _clear_review_flags(claim)
            return f"{old} → corrected" + (f" (value {value})" if value else "")

        return self._change(claim_id, "correct", edit)

    def copy_verdict(self, claim_id: str, from_claim_id: str) -> Claim:
        """Give a claim the verdict, correction and sources of an already checked one."""
        source = self._claim(from_claim_id)
        self._verdict_allowed(claim_id)
        try:
            origin = self.desk.article(source.article_id)
            where = f" in {_clip(origin.title or origin.source, 50)}"
        except KeyError:
            where = ""

        def edit(claim: Claim) -> str:
            old = claim.status
            claim.status = source.status
            claim.correction = (
                Correction.from_dict(source.correction.to_dict()) if source.correction else None
            )
            known = {s.key for s in claim.sources}
            claim.sources.extend(
                Source.from_dict(s.to_dict()) for s in source.sources if s.key not in known
            )
            claim.notes.append(self._note(f"verdict copied from claim {source.id}"))
            _clear_review_flags(claim)
            return f"{old} → {source.status} (copied from {source.id}{where})"

        return self._change(claim_id, "copy_verdict", edit)

    def apply_check(self, claim_id: str, check: dict, status: str | None) -> Claim:
        """Take a known fact-check's verdict: its status (``None``: the reviewer will choose),
        the fact-check as a source, and a note of where the verdict came from."""
        if status is not None:
            self._verdict_allowed(claim_id)
        url = str(check.get("url") or "")
        rating = check.get("rating") or {}
        label = str(rating.get("name") or rating.get("value") or "unrated")
        who = str(check.get("publisher") or "a fact-checker")
        when = f" ({check['date_published']})" if check.get("date_published") else ""
        origin = f"{who}{when} rated it {label!r}: {url}"

        def edit(claim: Claim) -> str:
            old = claim.status
            if status is not None:
                claim.status = status
                claim.correction = None
                _clear_review_flags(claim)
            if url and all(s.url != url for s in claim.sources):
                claim.sources.append(
                    Source(
                        url=url,
                        title=_clip(f"{who}: {check.get('claim_reviewed') or ''}", 120),
                        note=f"known fact-check, rated {label!r}",
                        accessed=datetime.now(UTC).date().isoformat(),
                        added_by=self.reviewer,
                        added_at=now_iso(),
                    )
                )
            claim.notes.append(self._note(f"checked before: {origin}"))
            change = f"{old} → {status}" if status is not None else "status left to the reviewer"
            return f"{change} (from the fact-check by {origin})"

        return self._change(claim_id, "apply_check", edit)

    # ------------------------------------------------------------------ notes & sources
    def add_note(self, claim_id: str, text: str) -> Claim:
        text = (text or "").strip()
        if not text:
            raise UserError("a note needs some text")

        def edit(claim: Claim) -> str:
            claim.notes.append(self._note(text))
            return _clip(text)

        return self._change(claim_id, "note", edit)

    def add_source(
        self, claim_id: str, url: str, title: str = "", note: str = "", accessed: str = ""
    ) -> Claim:
        """Attach evidence (an http(s) URL, or a document's title alone: ``core.urls``);
        the same source again updates its title, note and access date."""
        url, title = check_source(url, title)
        accessed = (accessed or "").strip() or datetime.now(UTC).date().isoformat()
        key = url or title

        def edit(claim: Claim) -> str:
            source = Source(
                url=url,
                title=title,
                note=(note or "").strip(),
                accessed=accessed,
                added_by=self.reviewer,
                added_at=now_iso(),
            )
            for i, existing in enumerate(claim.sources):
                if existing.key == key:
                    claim.sources[i] = source
                    return f"updated source {key}"
            claim.sources.append(source)
            return f"added source {key}"

        return self._change(claim_id, "add_source", edit)

    def remove_source(self, claim_id: str, url: str) -> Claim:
        key = (url or "").strip()
        claim = self._claim(claim_id)
        if not any(s.key == key for s in claim.sources):
            raise UserError(f"claim {claim.id} has no source {key!r}")

        def edit(claim: Claim) -> str:
            claim.sources = [s for s in claim.sources if s.key != key]
            return f"removed source {key}"

        return self._change(claim_id, "remove_source", edit)

    def edit_statement(self, claim_id: str, text: str) -> Claim:
        text = (text or "").strip()
        if not text:
            raise UserError("a claim's statement cannot be empty")

        def edit(claim: Claim) -> str:
            claim.statement = text
            return _clip(text)

        return self._change(claim_id, "edit_statement", edit)

    # ------------------------------------------------------------------ manual claims
    def add_manual_claim(
        self, article_id: str, start: int, end: int, statement: str | None = None
    ) -> Claim:
        """A claim the extractor missed, from a span of the article's text."""
        try:
            article = self.desk.article(article_id)
        except KeyError:
            raise UserError(f"no article {article_id!r} on desk {self.desk.path}") from None
        if not (isinstance(start, int) and isinstance(end, int)):
            raise UserError("a manual claim needs whole-number start and end offsets")
        if not 0 <= start < end <= len(article.text):
            raise UserError(
                f"offsets {start}..{end} are outside the article text (0..{len(article.text)})"
            )
        text = (statement or article.text[start:end]).strip()
        if not text:
            raise UserError("the selected text is blank; select the words of the claim")
        claim_id = short_hash(article.id, "manual", str(start), str(end))
        if self.desk.has_claim(claim_id):
            raise UserError(f"there is already a claim on exactly this text ({claim_id})")
        from core.extract import figures_in_span  # spaCy is heavy: load only when needed

        at = now_iso()
        claim = Claim(
            id=claim_id,
            article_id=article.id,
            statement=text,
            start=start,
            end=end,
            figures=figures_in_span(article, start, end),
            checkworthiness=1.0,
            origin=Origin.MANUAL.value,
            updated_at=at,
            reviewer=self.reviewer,
        )
        after = claim.to_dict()
        event = self.make_event(claim.id, article.id, "add_claim", None, after, _clip(text), at=at)
        self._write(claim.id, after, event)
        return claim

    # ------------------------------------------------------------------ undo / redo
    def undo(self) -> Event | None:
        """Reverse this reviewer's latest change; ``None`` if there is nothing to undo.

        A batch is undone whole, in one commit; the event returned is the one for the
        batch's first claim (the one the reviewer acted on) and ``last_events`` holds all.
        """
        undo, _redo = self.desk.undo_state(self.reviewer)
        if not undo:
            return None
        targets = top_batch(undo, self.desk.event)
        refuse_undo(targets)
        with self._together(len(targets)):  # latest first: each pops the top of the stack
            events = [self._revert(t, "undo", t.after, t.before, t.id) for t in targets]
        self.last_events = events
        return events[-1]

    def redo(self) -> Event | None:
        """Re-apply the change this reviewer undid last (a whole batch at once); ``None``
        if there is none."""
        _undo, redo = self.desk.undo_state(self.reviewer)
        if not redo:
            return None
        events = []
        undone = top_batch(redo, self.desk.event)
        with self._together(len(undone)):
            for undo_event in undone:
                original = self.desk.event(undo_event.undoes or "")
                events.append(
                    self._revert(original, "redo", undo_event.after, original.after, undo_event.id)
                )
        self.last_events = events
        return events[0]

    def _together(self, count: int):
        """A batch for an undo or redo of several events; a single one stays single."""
        return self.batch() if count > 1 else nullcontext()

    def _revert(
        self, target: Event, action: str, expected: dict | None, restored: dict | None, undoes: str
    ) -> Event:
        current = self._current(target.claim_id)
        if current != expected:
            raise UserError(
                f"cannot {action}: claim {target.claim_id} was changed again since "
                f"({_last_change(self.desk, target.claim_id)}); {action} would overwrite that"
            )
        event = self.make_event(
            target.claim_id,
            target.article_id,
            action,
            current,
            restored,
            f"{action} {target.action}" + (f": {target.detail}" if target.detail else ""),
            undoes=undoes,
        )
        self._write(target.claim_id, restored, event)
        return event

    # ------------------------------------------------------------------ importing
    def import_article(self, article: Article, claims: list[Claim]) -> ImportReport:
        """Store an article given as data and its claims (see :mod:`core.importing`,
        which decides whether it is up to date, a new version or a new article)."""
        from core.importing import import_article

        return import_article(self, article, claims, from_file=False)


def _clear_review_flags(claim: Claim) -> None:
    """A fresh verdict answers the "figure changed since review" prompt."""
    claim.flags = [f for f in claim.flags if not f.startswith(FIGURE_CHANGED)]


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _last_change(desk: DeskBackend, claim_id: str) -> str:
    events = desk.events(claim_id)
    if not events:
        return "by an import"
    last = events[-1]
    return f"{last.action} by {last.reviewer or 'someone'} at {last.at}"
