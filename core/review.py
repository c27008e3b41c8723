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

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from core.desk.api import DeskBackend
from core.desk.codec import claim_to_dict, new_event_id
from core.desk.undo import refuse_undo, top_batch
from core.errors import UserError
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

FIGURE_CHANGED = "figure changed since review"


@dataclass
class ImportReport:
    """What an import did to one article's claims."""

    article: Article
    carried: list[Claim] = field(default_factory=list)  # matched; review state kept
    changed: list[Claim] = field(default_factory=list)  # matched, key figure differs
    removed: list[Claim] = field(default_factory=list)  # gone from the new version
    new: list[Claim] = field(default_factory=list)  # not seen before
    up_to_date: bool = False  # same text as the stored version: nothing done

    def summary(self) -> str:
        if self.up_to_date:
            return f"up to date (version {self.article.version}, nothing new)"
        return (
            f"version {self.article.version}: {len(self.carried)} carried, "
            f"{len(self.changed)} changed, {len(self.removed)} removed, {len(self.new)} new"
        )


@dataclass
class _Batch:
    """Changes made inside :meth:`Review.batch`, held until the batch commits."""

    id: str
    claims: dict[str, dict | None] = field(default_factory=dict)  # None: deleted
    events: list[Event] = field(default_factory=list)


class Review:
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
            self.desk.commit(
                claims=[doc for doc in batch.claims.values() if doc is not None],
                deleted_claims=[cid for cid, doc in batch.claims.items() if doc is None],
                events=batch.events,
            )

    def set_status_many(
        self, claim_ids: Iterable[str], status: str, note: str | None = None
    ) -> list[Claim]:
        """One verdict for several claims (repeats of one figure), as one undoable batch."""
        with self.batch():
            return [self.set_status(cid, status, note) for cid in dict.fromkeys(claim_ids)]

    # ------------------------------------------------------------------ plumbing
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
            self.desk.commit(deleted_claims=[claim_id], events=[event])
        else:
            self.desk.commit(claims=[after], events=[event])

    def _claim(self, claim_id: str) -> Claim:
        doc = self._current(claim_id)
        if doc is None:
            raise UserError(f"no claim {claim_id!r} on desk {self.desk.path}")
        return Claim.from_dict(doc)

    def _event(
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
        before = self._current(claim_id)
        if before is None:
            raise UserError(f"no claim {claim_id!r} on desk {self.desk.path}")
        claim = Claim.from_dict(before)
        detail = edit(claim)
        at = now_iso()
        claim.updated_at = at
        claim.reviewer = self.reviewer
        after = claim_to_dict(claim)
        event = self._event(claim.id, claim.article_id, action, before, after, detail, at=at)
        self._write(claim.id, after, event)
        return claim

    def _verdict_allowed(self, claim_id: str) -> None:
        """A removed claim is no longer in its article: a verdict on it would be exported."""
        claim = self._claim(claim_id)
        if claim.status == Status.REMOVED:
            raise UserError(
                f"claim {claim.id} is no longer in the current version of its article "
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
            known = {s.url for s in claim.sources}
            claim.sources.extend(
                Source.from_dict(s.to_dict()) for s in source.sources if s.url not in known
            )
            claim.notes.append(self._note(f"verdict copied from claim {source.id}"))
            _clear_review_flags(claim)
            return f"{old} → {source.status} (copied from {source.id}{where})"

        return self._change(claim_id, "copy_verdict", edit)

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
        """Attach evidence; the same URL again updates its title, note and access date."""
        url = (url or "").strip()
        if not url:
            raise UserError("a source needs a URL (or a reference such as a document name)")
        accessed = (accessed or "").strip() or datetime.now(UTC).date().isoformat()

        def edit(claim: Claim) -> str:
            source = Source(
                url=url,
                title=(title or "").strip(),
                note=(note or "").strip(),
                accessed=accessed,
                added_by=self.reviewer,
                added_at=now_iso(),
            )
            for i, existing in enumerate(claim.sources):
                if existing.url == url:
                    claim.sources[i] = source
                    return f"updated source {url}"
            claim.sources.append(source)
            return f"added source {url}"

        return self._change(claim_id, "add_source", edit)

    def remove_source(self, claim_id: str, url: str) -> Claim:
        url = (url or "").strip()
        claim = self._claim(claim_id)
        if not any(s.url == url for s in claim.sources):
            raise UserError(f"claim {claim.id} has no source {url!r}")

        def edit(claim: Claim) -> str:
            claim.sources = [s for s in claim.sources if s.url != url]
            return f"removed source {url}"

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
        event = self._event(claim.id, article.id, "add_claim", None, after, _clip(text), at=at)
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
        event = self._event(
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
        """Store an article and its claims; a re-import carries review state over."""
        try:
            stored = self.desk.article(article.id)
        except KeyError:
            stored = None
        at = now_iso()
        if not article.content_hash:
            article.content_hash = short_hash(article.text, length=16)
        if not article.imported_at:
            article.imported_at = at
        if stored is None:
            article.version = 1
            return self._first_import(article, claims, at)
        if stored.content_hash == article.content_hash or stored.text == article.text:
            return ImportReport(article=stored, up_to_date=True)
        article.version = stored.version + 1
        return self._reimport(stored, article, claims, at)

    def _first_import(self, article: Article, claims: list[Claim], at: str) -> ImportReport:
        report = ImportReport(article=article)
        docs, events = [], []
        for claim in claims:
            claim.article_id = article.id
            claim.updated_at = claim.updated_at or at
            before = self.desk.claim_dict(claim.id)
            if before is not None:  # kept while the article's text was lost: keep its review
                claim = _carry_review(Claim.from_dict(before), claim)
            after = claim_to_dict(claim)
            docs.append(after)
            events.append(self._event(claim.id, article.id, "import", before, after, "new", at=at))
            report.new.append(claim)
        self.desk.commit(articles=[article], claims=docs, events=events)
        return report

    def _reimport(
        self, stored: Article, article: Article, claims: list[Claim], at: str
    ) -> ImportReport:
        from core.match import reanchor  # rapidfuzz and numpy: load only when re-importing

        report = ImportReport(article=article)
        old_claims = self.desk.claims(stored.id)
        manual = [c for c in old_claims if c.origin == Origin.MANUAL]
        extracted = [c for c in old_claims if c.origin != Origin.MANUAL]
        for claim in claims:
            claim.article_id = article.id
        result = reanchor(extracted, claims, stored.text, article.text)
        changed_ids = {id(new) for _old, new in result.changed}
        docs: list[dict] = []
        events: list[Event] = []
        used: set[str] = set()

        def record(old: Claim | None, new: Claim, detail: str) -> None:
            before = claim_to_dict(old) if old is not None else self.desk.claim_dict(new.id)
            after = claim_to_dict(new)
            used.add(new.id)
            docs.append(after)
            if before != after:
                events.append(
                    self._event(new.id, article.id, "import", before, after, detail, at=at)
                )

        for old, new in result.pairs:
            merged = _carry_review(old, new)
            if id(new) in changed_ids:
                merged.status = Status.UNREVIEWED.value
                old_value = _figure_text(old)
                new_value = _figure_text(new)
                pending = [f for f in merged.flags if f.startswith(FIGURE_CHANGED)]
                if pending:  # changed again before anyone re-reviewed: keep the reviewed value
                    reviewed_value = pending[0].split(": ", 1)[-1].split(" → ")[0]
                    merged.flags = [f for f in merged.flags if f not in pending]
                    merged.flags.append(f"{FIGURE_CHANGED}: {reviewed_value} → {new_value}")
                elif old.status != Status.UNREVIEWED:
                    merged.flags.append(f"{FIGURE_CHANGED}: {old_value} → {new_value}")
                merged.updated_at = at
                record(old, merged, f"figure changed {old_value} → {new_value}")
                report.changed.append(merged)
            else:
                record(old, merged, "carried")
                report.carried.append(merged)
        for old in manual:
            moved = _relocate_manual(old, stored.text, article)
            if moved is None:
                result.removed.append(old)
            else:
                record(old, moved, "carried")
                report.carried.append(moved)
        for old in result.removed:
            gone = Claim.from_dict(old.to_dict())
            gone.status = Status.REMOVED.value
            gone.updated_at = at
            record(old, gone, f"removed in version {article.version}")
            report.removed.append(gone)
        for new in result.added:
            if new.id in used:
                new.id = short_hash(new.id, str(article.version))
            new.updated_at = new.updated_at or at
            record(None, new, "new")
            report.new.append(new)
        self.desk.commit(articles=[article], claims=docs, events=events)
        return report


def import_path(
    desk: DeskBackend, source: str | Path, reviewer: str, model: str | None = None
) -> ImportReport:
    """Read, extract and import one file (``"-"`` for stdin).

    An article whose text is already on the desk is reported up to date before any
    extraction: re-running an import over a folder costs a read per file, not a spaCy run.
    """
    from core.ingest import read_article

    article = read_article(source)
    review = Review(desk, reviewer)
    try:
        stored = desk.article(article.id)
    except KeyError:
        stored = None
    if stored is not None and stored.text == article.text:
        return ImportReport(article=stored, up_to_date=True)
    from core.extract import extract_claims  # spaCy: load only when there is work

    claims = extract_claims(article, model=model)
    return review.import_article(article, claims)


def _carry_review(old: Claim, new: Claim) -> Claim:
    """The new claim's text and figures with the old claim's id and review state."""
    merged = Claim.from_dict(new.to_dict())
    merged.id = old.id
    merged.status = old.status
    merged.correction = old.correction
    merged.sources = list(old.sources)
    merged.notes = list(old.notes)
    merged.reviewer = old.reviewer
    merged.flags = list(old.flags)
    merged.origin = old.origin
    merged.updated_at = old.updated_at
    return merged


def _relocate_manual(old: Claim, old_text: str, article: Article) -> Claim | None:
    """Find a manual claim's exact words in the new text (nearest to where they were)."""
    span = old_text[old.start : old.end]
    if not span:
        return None
    hits = []
    pos = article.text.find(span)
    while pos != -1:
        hits.append(pos)
        pos = article.text.find(span, pos + 1)
    if not hits:
        return None
    start = min(hits, key=lambda p: abs(p - old.start))
    moved = Claim.from_dict(old.to_dict())
    shift = start - old.start
    moved.start, moved.end = start, start + len(span)
    for fig in moved.figures:
        fig.start += shift
        fig.end += shift
    return moved


def _figure_text(claim: Claim) -> str:
    fig = claim.key_figure
    if fig is None:
        return "?"
    return fig.text


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
