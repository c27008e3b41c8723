"""``claimdesk copy``: a whole desk into an empty one, TinyDB and PostgreSQL either way.

Every article version, claim and event goes across as stored (events keep their ids,
times and reviewers: a copy is the same history, not new decisions), streamed from the
source and written with the destination's bulk restore in one atomic step. The known
fact-checks follow, in the order they were imported, and the destination's search index
is built from them, so ``checks status`` and ``checks search`` answer on the copy as on
the source.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from core.desk import describe, open_desk
from core.errors import DeskError, UserError

T = TypeVar("T")


@dataclass
class CopyReport:
    articles: int = 0
    claims: int = 0
    events: int = 0
    checks: int = 0

    def summary(self) -> str:
        return (
            f"{self.articles} article versions, {self.claims} claims, {self.events} events, "
            f"{self.checks} known checks"
        )


def _counted(items: Iterable[T], report: CopyReport, what: str) -> Iterator[T]:
    for item in items:
        setattr(report, what, getattr(report, what) + 1)
        yield item


def copy_desk(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> CopyReport:
    """Copy the desk at ``source`` into the empty desk at ``target``."""
    if describe(source) == describe(target):
        raise UserError("source and destination are the same desk; copy to another one")
    report = CopyReport()
    with open_desk(source, readonly=True) as src, open_desk(target) as dst:
        checks: Any = dst
        if (
            dst.articles(all_versions=True)
            or next(iter(dst.iter_events()), None) is not None
            or checks.check_rows()
        ):
            raise DeskError(
                f"destination desk {dst.path} is not empty; copy into a new desk "
                "(a new file, or an empty database)"
            )
        dst.restore(
            _counted(src.articles(all_versions=True), report, "articles"),
            _counted(src.iter_claims(all_versions=True), report, "claims"),
            _counted(src.iter_events(), report, "events"),
        )
        report.checks = _copy_checks(src, checks)
    return report


def _copy_checks(src: Any, dst: Any) -> int:
    """The source's known checks into the destination, in batches, then its index."""
    from core.checks.library import BATCH, rebuild_index

    rows = list(src.check_rows().values())
    for start in range(0, len(rows), BATCH):
        dst.commit_checks(rows[start : start + BATCH])
    if rows:
        dst.fold()
        rebuild_index(dst)
    return len(rows)
