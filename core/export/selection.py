"""Which claims an export covers: statuses, articles, a date, old versions.

The filters are resolved once into a :class:`Selection` so every format applies them the
same way, and so the dump can record exactly what it contains (a restore must refuse a
partial dump rather than silently build a partial desk).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from core.errors import UserError
from core.model import REVIEWED_STATUSES, Article, Claim, Status

if TYPE_CHECKING:
    from core.desk.api import DeskBackend

ALL_STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
DEFAULT_STATUSES: tuple[str, ...] = tuple(s.value for s in Status if s in REVIEWED_STATUSES)
"""Verdicts a reader of an export cares about; ``needs_source`` etc. only when asked."""


class ExportCancelled(Exception):
    """The caller's ``cancel`` callback asked to stop; partial output must be discarded."""


def parse_since(text: str | date | datetime | None) -> datetime | None:
    """``--since`` as an aware UTC datetime: a date means its midnight UTC.

    Accepts ``YYYY-MM-DD`` or a full ISO 8601 timestamp (naive ones are taken as UTC,
    the clock the desk stores).
    """
    if text is None or text == "":
        return None
    if isinstance(text, datetime):
        parsed = text
    elif isinstance(text, date):
        parsed = datetime(text.year, text.month, text.day)
    else:
        raw = text.strip()
        try:
            parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            raise UserError(
                f"--since {text!r} is not an ISO date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS"
            ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def normalise_statuses(statuses: Iterable[str] | str | None) -> tuple[str, ...]:
    """``None`` → the reviewed verdicts; ``"all"`` anywhere → every status (even removed)."""
    if statuses is None:
        return DEFAULT_STATUSES
    if isinstance(statuses, str):
        statuses = [statuses]
    items = [str(s) for s in statuses]
    if not items:
        return DEFAULT_STATUSES
    if "all" in items:
        return ALL_STATUSES
    unknown = [s for s in items if s not in ALL_STATUSES]
    if unknown:
        raise UserError(
            f"unknown status {unknown[0]!r}; choose from: all, {', '.join(ALL_STATUSES)}"
        )
    # keep the canonical order so the recorded filter does not depend on how it was typed
    return tuple(s for s in ALL_STATUSES if s in items)


@dataclass(frozen=True)
class Selection:
    """The resolved filters of one export."""

    statuses: tuple[str, ...] = DEFAULT_STATUSES
    article_ids: tuple[str, ...] = ()
    since: datetime | None = None
    all_versions: bool = False

    @classmethod
    def build(
        cls,
        desk: DeskBackend,
        *,
        statuses: Iterable[str] | str | None = None,
        article_ids: Iterable[str] | None = None,
        since: str | date | datetime | None = None,
        all_versions: bool = False,
    ) -> Selection:
        resolved_ids = tuple(resolve_article_ids(desk, article_ids or ()))
        since_dt = parse_since(since)
        return cls(
            statuses=normalise_statuses(statuses),
            article_ids=resolved_ids,
            since=since_dt,
            all_versions=all_versions,
        )

    def describe(self) -> dict[str, Any]:
        """The filters as JSON, recorded in dumps so a reader knows what is (not) inside."""
        return {
            "statuses": "all" if set(self.statuses) == set(ALL_STATUSES) else list(self.statuses),
            "article_ids": list(self.article_ids) or "all",
            "since": self.since.isoformat() if self.since else None,
            "all_versions": self.all_versions,
        }

    def keeps(self, claim: Claim) -> bool:
        """Filters the desk query cannot express (``since``; statuses double-checked)."""
        return self.admits(claim.status, claim.updated_at)

    def admits(self, status: str, updated_at: str) -> bool:
        """:meth:`keeps` for a claim given by its status and ``updated_at``."""
        if status not in self.statuses:
            return False
        if self.since is not None:
            stamp = parse_stamp(updated_at)
            if stamp is None or stamp < self.since:
                return False
        return True


def parse_stamp(text: str) -> datetime | None:
    """A stored ``updated_at`` as an aware datetime, ``None`` when absent or unreadable."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def resolve_article_ids(desk: DeskBackend, wanted: Iterable[str]) -> list[str]:
    """Each ``--article`` value as a full id: exact, or a unique prefix of one."""
    wanted = [w for w in wanted if w]
    if not wanted:
        return []
    known = [a.id for a in desk.articles()]
    out: list[str] = []
    for item in wanted:
        if item in known:
            match = item
        else:
            hits = [k for k in known if k.startswith(item)]
            if not hits:
                raise UserError(f"no article {item!r} on this desk; 'claimdesk status' lists them")
            if len(hits) > 1:
                raise UserError(
                    f"article id {item!r} is ambiguous ({len(hits)} match); give more characters"
                )
            match = hits[0]
        if match not in out:
            out.append(match)
    return out


def articles_in_scope(desk: DeskBackend, selection: Selection) -> list[Article]:
    """Articles covered by the selection (every stored version with ``all_versions``)."""
    articles = desk.articles(all_versions=selection.all_versions)
    if selection.article_ids:
        order = {aid: i for i, aid in enumerate(selection.article_ids)}
        articles = [a for a in articles if a.id in order]
        articles.sort(key=lambda a: order[a.id])  # stable: versions keep the desk's order
    return articles


def iter_selected_claims(desk: DeskBackend, selection: Selection) -> Iterator[Claim]:
    """Claims matching the selection, streamed from the desk, article by article."""
    statuses = list(selection.statuses)
    if selection.article_ids:
        for article_id in selection.article_ids:
            yield from _filtered(
                desk.iter_claims(
                    article_id=article_id,
                    statuses=statuses,
                    all_versions=selection.all_versions,
                ),
                selection,
            )
    else:
        yield from _filtered(
            desk.iter_claims(statuses=statuses, all_versions=selection.all_versions), selection
        )


def iter_selected_claim_dicts(desk: DeskBackend, selection: Selection) -> Iterator[dict[str, Any]]:
    """:func:`iter_selected_claims` as ``Claim.to_dict()`` dicts (the desk's, read-only).

    What the lossless dump writes: no ``Claim`` is built just to be taken apart again.
    """
    statuses = list(selection.statuses)
    article_ids: Iterable[str | None] = selection.article_ids or (None,)
    for article_id in article_ids:
        for record in desk.iter_claim_dicts(
            article_id=article_id, statuses=statuses, all_versions=selection.all_versions
        ):
            if selection.admits(record["status"], record["updated_at"]):
                yield record


def _filtered(claims: Iterable[Claim], selection: Selection) -> Iterator[Claim]:
    for claim in claims:
        if selection.keeps(claim):
            yield claim


def estimate_total(desk: DeskBackend, selection: Selection) -> int:
    """How many claims the export will write, for a progress bar.

    Counted from the desk's per-article status counts, so it is exact unless ``since``
    filters some out (then it is an upper bound and the last report says the truth).
    """
    article_ids = selection.article_ids or tuple(
        dict.fromkeys(a.id for a in desk.articles(all_versions=False))
    )
    total = 0
    for article_id in article_ids:
        try:
            counts = desk.progress(article_id)
        except KeyError:
            continue
        total += sum(counts.get(s, 0) for s in selection.statuses)
    return total


class Ticker:
    """Reports progress every ``every`` records and honours ``cancel`` between records."""

    def __init__(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancel: Callable[[], bool] | None,
        every: int = 500,
    ) -> None:
        self.done = 0
        self.total = total
        self._progress = progress
        self._cancel = cancel
        self._every = every

    def tick(self) -> None:
        self.done += 1
        if self.done % self._every == 0:
            self.check()
            if self._progress is not None:
                self._progress(self.done, max(self.total, self.done))

    def check(self) -> None:
        if self._cancel is not None and self._cancel():
            raise ExportCancelled(f"export cancelled after {self.done} claims")

    def finish(self) -> None:
        """Last report; a cancel that came in late still means "discard this output"."""
        self.check()
        if self._progress is not None:
            self._progress(self.done, self.done)
