"""The desk's known checks: import feeds, take a publisher out, count, search.

The imported checks live in the desk's ``checks`` table (a desk file's own snapshot, or
a team desk's table on the server); the search reads the on-disk index built from them
(:mod:`core.checks.index`), kept where :mod:`core.checks.place` says. The desk's own
verdicts are checks too, published by the configured organisation: they change with every
review, so they are never written into the persistent index but searched from a small
in-memory one, rebuilt when the desk has changed.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.checks import index as index_mod
from core.checks import place as place_mod
from core.checks.embed import Model, load_model, unavailable_reason
from core.checks.feeds import FeedError, read_feed
from core.checks.model import Check
from core.checks.place import CheckStore
from core.checks.records import Skip
from core.checks.search import DEFAULT, Match, Weights, search
from core.desk.api import DeskBackend
from core.model import REVIEWED_STATUSES, Claim

BATCH = 2000  # checks per journal record: bounded memory, one fsync per batch
PROGRESS_EVERY = place_mod.LARGE

Progress = Callable[[str], None]


@dataclass
class FileReport:
    path: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    error: str | None = None


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]


def import_files(
    desk: CheckStore,
    paths: Iterable[Path],
    progress: Progress | None = None,
    model: Model | None = None,
) -> ImportReport:
    """Read every feed into the checks table (by url: re-imports update), then re-index."""
    started = time.perf_counter()
    report = ImportReport()
    rows = desk.check_rows()
    by_url = {doc["url"]: doc for doc in rows.values()}
    for path in paths:
        file_report = FileReport(str(path))
        report.files.append(file_report)
        batch: list[dict[str, Any]] = []
        seen = 0
        try:
            for record in read_feed(Path(path)):
                seen += 1
                if progress and seen % PROGRESS_EVERY == 0:
                    progress(f"{path}: {seen:,} records read")
                if isinstance(record, Skip):
                    file_report.skipped[str(record)] += 1
                    continue
                doc = record.to_dict()
                old = by_url.get(doc["url"])
                if old == doc:
                    file_report.unchanged += 1
                    continue
                if old is None:
                    file_report.added += 1
                else:
                    file_report.updated += 1
                by_url[doc["url"]] = doc
                batch.append(doc)
                if len(batch) >= BATCH:
                    desk.commit_checks(batch)
                    batch = []
        except FeedError as exc:
            file_report.error = str(exc)
        if batch:
            desk.commit_checks(batch)
    if desk.checks_changed() or not _index_current(desk):
        desk.fold()
        big = len(by_url) >= PROGRESS_EVERY
        rebuild_index(desk, model=model, progress=progress if big else None)
    report.seconds = time.perf_counter() - started
    return report


def remove_publisher(desk: CheckStore, publisher: str, model: Model | None = None) -> int:
    """Delete every imported check whose publisher is ``publisher`` (case-blind)."""
    wanted = publisher.strip().casefold()
    urls = [
        d["url"] for d in desk.check_rows().values() if d.get("publisher", "").casefold() == wanted
    ]
    for start in range(0, len(urls), BATCH):
        desk.commit_checks(deletes=urls[start : start + BATCH])
    if urls:
        desk.fold()
        rebuild_index(desk, model=model)
    return len(urls)


def publishers(desk: CheckStore) -> Counter[str]:
    """Checks counted by publisher, publishers in the order their first check came."""
    counted = getattr(desk, "check_publishers", None)
    if counted is not None:  # a team desk counts them on the server
        out: Counter[str] = Counter()
        for name, n in counted().items():
            out[name or "(no publisher)"] += n
        return out
    return Counter(d.get("publisher") or "(no publisher)" for d in desk.check_rows().values())


def rebuild_index(
    desk: CheckStore, model: Model | None = None, progress: Progress | None = None
) -> None:
    """Write the index of the desk's imported checks (after a fold)."""
    model = model if model is not None else load_model()
    place_mod.build(place_mod.place_of(desk), model, progress=progress)


def _index_current(desk: CheckStore) -> bool:
    place = place_mod.place_of(desk)
    loaded = index_mod.load(place.directory)
    return loaded is not None and not place.stale(loaded)


def own_rows(desk: DeskBackend, org_name: str) -> list[dict[str, Any]]:
    """The desk's reviewed claims as check rows (publisher: the organisation)."""
    from core.checks.verdicts import rating_of

    out = []
    for claim in desk.iter_claims(statuses=[s.value for s in REVIEWED_STATUSES]):
        out.append(_own_row(claim, org_name, rating_of(claim)))
    return out


def _own_row(claim: Claim, org_name: str, rating: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": f"claimdesk:claim/{claim.id}",
        "claim_reviewed": claim.statement,
        "name": "",
        "rating": rating,
        "publisher": org_name or "this desk",
        "date_published": (claim.updated_at or "")[:10] or None,
        "claimant": claim.speaker,
        "origin": "desk",
        "claim_id": claim.id,
        "article_id": claim.article_id,
        "status": str(claim.status),
    }


class Searcher:
    """Searches a desk's known checks: the persisted index plus the desk's own verdicts.

    On a desk file opening it maps the index (nothing is rebuilt); on a team desk it maps
    this machine's cached index, building it first when the desk's checks have changed
    since (see :mod:`core.checks.place`). :attr:`notices` holds what the user should be
    told once (lexical only, stale index). :meth:`refresh` picks up an index another
    process has rebuilt meanwhile.
    """

    def __init__(
        self,
        desk: DeskBackend,
        org_name: str = "",
        model: Model | bool | None = True,
        weights: Weights = DEFAULT,
        own: bool = True,
        progress: Progress | None = None,
    ) -> None:
        self.desk = desk
        self.org_name = org_name
        self.weights = weights
        self.model = load_model() if model is True else (model or None)
        self.notices: list[str] = []
        if self.model is None:
            self.notices.append(unavailable_reason())
        self.place = place_mod.place_of(desk)
        self.index: index_mod.Index | None = None
        self.token: Any = None
        """What the index loaded was (see :meth:`Place.token`): compared by refresh."""
        self._progress = progress
        self._load(first=True)
        self._own = own
        self._own_index: index_mod.Index | None = None
        self._own_seq = -1

    def _load(self, first: bool = False) -> None:
        place = self.place
        self.token = place.token()
        if place.builds_on_search:
            if place.has_checks():
                self.index = place_mod.current(place, self.model, self._progress)
            else:
                self.index = None
            return
        self.index = index_mod.load(place.directory)
        if not first:
            return
        path = self.desk.path
        if self.index is not None and place.stale(self.index):
            self.notices.append(
                "the checks index is older than the desk's checks; run "
                f"'claimdesk checks index --desk {path}' to bring it up to date"
            )
        elif self.index is None and place.has_checks():
            self.notices.append(
                f"the checks index is missing; run 'claimdesk checks index --desk {path}'"
            )

    def refresh(self) -> bool:
        """Load the index again if it changed since it was loaded (another process
        imported checks); returns whether it did."""
        if self.place.token() == self.token:
            return False
        self._load()
        return True

    def _own_current(self) -> index_mod.Index | None:
        if not self._own:
            return None
        seq = self.desk.revision
        if seq != self._own_seq:
            rows = own_rows(self.desk, self.org_name)
            self._own_index = index_mod.in_memory(rows, self.model) if rows else None
            self._own_seq = seq
        return self._own_index

    def search(self, text: str, limit: int = 5, exclude_article: str | None = None) -> list[Match]:
        """The best ``limit`` checks; ``exclude_article``: none of that article's own claims."""
        indexes = [i for i in (self.index, self._own_current()) if i is not None]
        wanted = limit + (10 if exclude_article else 0)
        found = search(indexes, text, self.model, wanted, self.weights)
        if exclude_article:
            found = [m for m in found if m.row.get("article_id") != exclude_article]
        return found[:limit]


def known_check_records(searcher: Searcher, claim: Claim, limit: int = 3) -> list[dict[str, Any]]:
    """The known checks close enough to be this claim's, as ``checks search --format
    jsonl`` gives them: the ``known_checks`` field of ``extract --desk``/``export --matches``."""
    found = searcher.search(claim.statement, limit=limit, exclude_article=claim.article_id)
    return [m.to_dict() for m in found if m.likely]


def as_check(row: dict[str, Any]) -> Check:
    return Check.from_dict(row)
