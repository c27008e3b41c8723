"""Importing an article: the one place that decides what a file is to the desk.

Given an article as read, the desk already has it (*up to date*: the same text, at this
path or, from another file or format, elsewhere on the desk), has an earlier version of
it (*a new version*: reviews are carried over to the claims that are still there), or
has never seen it (*a new article*). Every import (``claimdesk import``, the workbench's
import queue, tests) goes through :func:`import_article`, so the three answers are the
same wherever an article comes in.

New version or new article is decided by content, not by path alone. Newsrooms save every
page as ``article.txt``: a different story saved over a reviewed one must not mark the
reviewed claims removed. When fewer than :data:`MIN_CARRIED` of the previous version's
claims re-anchor in the new text, the text is imported as a new article beside the old
one (which keeps its claims and verdicts), and the report says so.

The same article read from ``.txt``, ``.html`` and ``.md`` normalises to the same words;
:func:`~core.model.content_key` ignores how the words are spaced and wrapped, so the
second and third import say "same article as …, up to date" instead of adding a copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from core.model import Article, Claim, Event, Origin, Status, content_key, now_iso, short_hash
from core.review_claimant import claimant_set_by_hand

if TYPE_CHECKING:
    from core.desk.api import DeskBackend as Desk
    from core.review import Review

MIN_CARRIED = 0.30
"""Share of the previous version's claims that must re-anchor in the new text for it to
be a new version; below it the text is a different article saved at the same path."""

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
    same_as: str | None = None
    """Up to date because the desk has this text as another article (another file)."""
    instead_of: Article | None = None
    """A new article, because the text at this path is not a new version of this one."""
    carried_share: tuple[int, int] = (0, 0)
    """(re-anchored, claims) of ``instead_of`` when the text was compared with it."""

    removed_with_verdicts: int = 0
    """Removed claims that had a reviewer's verdict: the verdicts this import touches."""

    def summary(self) -> str:
        if self.up_to_date and self.same_as:
            return (
                f"same article as {self.same_as}, up to date "
                f"(version {self.article.version}, nothing new)"
            )
        if self.up_to_date:
            return f"up to date (version {self.article.version}, nothing new)"
        removed = f"{len(self.removed)} removed"
        if self.removed_with_verdicts:
            removed += f" ({self.removed_with_verdicts} with verdicts)"
        text = (
            f"version {self.article.version}: {len(self.carried)} carried, "
            f"{len(self.changed)} changed, {removed}, {len(self.new)} new"
        )
        if self.instead_of is not None:
            kept, total = self.carried_share
            text = (
                f"new article: {text}; not a new version of {self.instead_of.id} "
                f"(only {kept} of its {total} claims found again), which keeps its claims"
            )
        return text


def same_text(stored: Article, article: Article) -> bool:
    """Whether ``article`` as read is ``stored``'s text (spacing and wrapping aside)."""
    key = article.content_hash or content_key(article.text)
    return stored.text == article.text or stored.content_hash == key


def stored_copy(desk: Desk, article: Article, *, anywhere: bool = True) -> Article | None:
    """The desk's article holding this text, if any: at this path, else (``anywhere``)
    under any id."""
    try:
        stored = desk.article(article.id)
    except KeyError:
        stored = None
    if stored is not None and same_text(stored, article):
        return stored
    if not anywhere:
        return None
    key = article.content_hash or content_key(article.text)
    for other in desk.articles():
        if other.content_hash == key:
            return other
    return None


def versions_at(desk: Desk, article: Article) -> list[Article]:
    """Articles this text may be a new version of: the one at its path and those
    imported from the same source (an earlier different story saved there)."""
    found = []
    for other in desk.articles():
        if other.id == article.id or (article.source and other.source == article.source):
            found.append(other)
    return found


def latest_at(desk: Desk, source: str | Path) -> Article | None:
    """The article most recently imported from file ``source`` (the desk's copy).

    Import times have whole seconds, so two imports in one second tie: the desk lists
    articles in the order they were stored, and the later one wins.
    """
    from core.ingest import article_id_for_path

    path_id = article_id_for_path(source)
    found = [a for a in desk.articles() if a.id == path_id or a.source == str(source)]
    # Stamps have whole seconds: two imports in one second tie, and the later stored wins.
    latest = max(enumerate(found), key=lambda pair: (pair[1].imported_at, pair[0]), default=None)
    return latest[1] if latest else None


def import_article(
    review: Review, article: Article, claims: list[Claim], *, from_file: bool = True
) -> ImportReport:
    """Store an article and its claims; a new version carries review state over.

    ``from_file``: the article was read from a file (its id names the path), so the same
    text already on the desk under another id is the same story from another file. An
    article handed over as data (``Review.import_article``) is the article its id says.
    """
    desk = review.desk
    at = now_iso()
    article.content_hash = content_key(article.text)
    if not article.imported_at:
        article.imported_at = at
    stored = stored_copy(desk, article, anywhere=from_file)
    if stored is not None:
        same_as = stored.id if stored.id != article.id else None
        return ImportReport(article=stored, up_to_date=True, same_as=same_as)
    candidates = versions_at(desk, article)
    if not candidates:
        article.version = 1
        return _first_import(review, article, claims, at)
    best, kept, total = _closest(desk, candidates, article, claims)
    if total == 0 or kept >= MIN_CARRIED * total:
        if best.id != article.id:
            _rekey(article, claims, best.id)
        article.version = best.version + 1
        return _reimport(review, best, article, claims, at)
    previous = next((c for c in candidates if c.id == article.id), best)
    _rekey(article, claims, _fork_id(desk, article))
    article.version = 1
    report = _first_import(review, article, claims, at)
    report.instead_of = previous
    report.carried_share = (kept, total)
    return report


def import_path(
    desk: Desk,
    source: str | Path,
    reviewer: str,
    model: str | None = None,
    *,
    article: Article | None = None,
) -> ImportReport:
    """Read, extract and import one file (``"-"`` for stdin); ``article``: already read.

    An article whose text is already on the desk is reported up to date before any
    extraction: re-running an import over a folder costs a read per file, not a spaCy run.
    """
    from core.ingest import read_article
    from core.review import Review

    article = article if article is not None else read_article(source)
    review = Review(desk, reviewer)
    stored = stored_copy(desk, article)
    if stored is not None:
        same_as = stored.id if stored.id != article.id else None
        return ImportReport(article=stored, up_to_date=True, same_as=same_as)
    from core.extract import extract_claims  # spaCy: load only when there is work

    claims = extract_claims(article, model=model)
    return import_article(review, article, claims)


# ---------------------------------------------------------------------- which version
def _live(desk: Desk, article: Article) -> list[Claim]:
    return [c for c in desk.claims(article.id) if c.status != Status.REMOVED]


def _closest(
    desk: Desk, candidates: list[Article], article: Article, claims: list[Claim]
) -> tuple[Article, int, int]:
    """The candidate most of whose claims re-anchor in the new text: (it, how many of
    its claims re-anchor, how many it has). A candidate without claims loses nothing."""
    best: tuple[Article, int, int] | None = None
    for candidate in candidates:
        old = _live(desk, candidate)
        if not old:
            kept, total = 0, 0
        else:
            kept, total = _carried(old, claims, candidate.text, article.text), len(old)
        share = kept / total if total else 1.0
        if best is None or share > (best[1] / best[2] if best[2] else 1.0):
            best = (candidate, kept, total)
    assert best is not None
    return best


def _carried(old: list[Claim], claims: list[Claim], old_text: str, new_text: str) -> int:
    from core.match import reanchor

    manual = [c for c in old if c.origin == Origin.MANUAL]
    extracted = [c for c in old if c.origin != Origin.MANUAL]
    probe = Article(id="", title="", source="", text=new_text)
    moved = sum(1 for c in manual if _relocate_manual(c, old_text, probe) is not None)
    return len(reanchor(extracted, claims, old_text, new_text).pairs) + moved


def _rekey(article: Article, claims: list[Claim], article_id: str) -> None:
    """Give the article another id; its claims' ids follow (stable for the same text)."""
    article.id = article_id
    for claim in claims:
        claim.id = short_hash(article_id, claim.id)
        claim.article_id = article_id


def _fork_id(desk: Desk, article: Article) -> str:
    n = 0
    while True:
        candidate = short_hash("article", article.id, article.content_hash, str(n))
        try:
            desk.article(candidate)
        except KeyError:
            return candidate
        n += 1


# ---------------------------------------------------------------------- writing
def _first_import(review: Review, article: Article, claims: list[Claim], at: str) -> ImportReport:
    from core.desk.codec import claim_to_dict

    desk = review.desk
    report = ImportReport(article=article)
    docs, events = [], []
    for claim in claims:
        claim.article_id = article.id
        claim.updated_at = claim.updated_at or at
        before = desk.claim_dict(claim.id)
        if before is not None:  # kept while the article's text was lost: keep its review
            claim = _carry_review(Claim.from_dict(before), claim)
        after = claim_to_dict(claim)
        docs.append(after)
        events.append(
            review.make_event(claim.id, article.id, "import", before, after, "new", at=at)
        )
        report.new.append(claim)
    review.commit(articles=[article], claims=docs, events=events)
    return report


def _reimport(
    review: Review, stored: Article, article: Article, claims: list[Claim], at: str
) -> ImportReport:
    from core.desk.codec import claim_to_dict
    from core.match import reanchor  # rapidfuzz and numpy: load only when re-importing

    desk = review.desk
    report = ImportReport(article=article)
    old_claims = desk.claims(stored.id)
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
        before = claim_to_dict(old) if old is not None else desk.claim_dict(new.id)
        after = claim_to_dict(new)
        used.add(new.id)
        docs.append(after)
        if before != after:
            events.append(
                review.make_event(new.id, article.id, "import", before, after, detail, at=at)
            )

    for old, new in result.pairs:
        merged = _carry_review(old, new)
        if old.reviewer and claimant_set_by_hand(desk, old.id):
            merged.claimant = old.claimant  # the reviewer's answer outlives re-extraction
        if id(new) in changed_ids:
            _flag_changed(merged, old, new)
            merged.updated_at = at
            record(old, merged, f"figure changed {_figure_text(old)} → {_figure_text(new)}")
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
        if old.status not in (Status.UNREVIEWED, Status.REMOVED):
            report.removed_with_verdicts += 1
        report.removed.append(gone)
    for new in result.added:
        if new.id in used:
            new.id = short_hash(new.id, str(article.version))
        new.updated_at = new.updated_at or at
        record(None, new, "new")
        report.new.append(new)
    review.commit(articles=[article], claims=docs, events=events)
    return report


def _flag_changed(merged: Claim, old: Claim, new: Claim) -> None:
    """A carried claim whose key figure changed goes back to unreviewed, flagged with the
    value the reviewer saw (kept across several changes before a re-review)."""
    merged.status = Status.UNREVIEWED.value
    old_value, new_value = _figure_text(old), _figure_text(new)
    pending = [f for f in merged.flags if f.startswith(FIGURE_CHANGED)]
    if pending:  # changed again before anyone re-reviewed: keep the reviewed value
        reviewed_value = pending[0].split(": ", 1)[-1].split(" → ")[0]
        merged.flags = [f for f in merged.flags if f not in pending]
        merged.flags.append(f"{FIGURE_CHANGED}: {reviewed_value} → {new_value}")
    elif old.status != Status.UNREVIEWED:
        merged.flags.append(f"{FIGURE_CHANGED}: {old_value} → {new_value}")


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
