"""``claimdesk copy``: a whole desk into an empty one, TinyDB and PostgreSQL either way.

Every article version, claim and event goes across as stored (events keep their ids,
times and reviewers: a copy is the same history, not new decisions), streamed from the
source and written with the destination's bulk restore. The known fact-checks follow, in
the order they were imported, so ``checks status`` and ``checks search`` answer on the
copy as on the source.

A copy is all or nothing, because a destination holding half a copy looks like a desk
and is not one. A desk file is built beside its destination under a temporary name, its
search index included, and moved into place only once all of it is on disk
(:mod:`core.desk.staging`); a failed or stopped copy removes it, and one killed outright
leaves a folder the next copy (or any command that writes the desk) removes. A team desk
is written in one transaction, the restore and every batch of checks together: a failure,
a signal or a lost connection rolls all of it back. Its search index is not part of the
desk but each machine's cache, built by the first search (as on every other machine).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from core.desk import describe, open_desk
from core.desk.api import DeskBackend
from core.desk.staging import NotUndone
from core.errors import DeskError, UserError
from core.team import is_team_url

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


def copy_desk(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    on_commit: Callable[[], None] | None = None,
) -> CopyReport:
    """Copy the desk at ``source`` into the empty desk at ``target``, all of it or nothing.

    ``on_commit`` is called once the copy is complete and just before it becomes the
    destination (the rename of a desk file, the COMMIT of a team desk): from there on the
    copy has happened, so a caller stopping on a signal knows which it may say.
    """
    if describe(source) == describe(target):
        raise UserError("source and destination are the same desk; copy to another one")
    report = CopyReport()
    with open_desk(source, readonly=True) as src:
        try:
            if is_team_url(target):
                _copy_to_team(src, str(target), report, on_commit)
            else:
                _copy_to_file(src, Path(target), report, on_commit)
        except DeskError as exc:  # whatever failed, say what that means for the destination
            if _NOTHING in str(exc) or isinstance(exc, NotUndone):
                raise
            raise type(exc)(f"{exc}; {_NOTHING} {describe(target)}") from None
    return report


_NOTHING = "nothing was written to"


def _copy_to_file(
    src: DeskBackend, target: Path, report: CopyReport, on_commit: Callable[[], None] | None
) -> None:
    from core.desk.staging import staged_desk

    with staged_desk(target, refuse=_refuse_desk_file, on_commit=on_commit) as dst:
        _fill(src, dst, report)
        if report.checks:
            from core.checks.library import rebuild_index

            rebuild_index(dst)  # in the temporary folder: it moves with the desk


def _copy_to_team(
    src: DeskBackend, url: str, report: CopyReport, on_commit: Callable[[], None] | None
) -> None:
    from core.team.desk import TeamDesk

    with TeamDesk.open(url) as dst:
        _refuse_unless_empty(dst)
        with dst.one_transaction(f"{_NOTHING} it"):
            _fill(src, dst, report)
            if on_commit is not None:
                on_commit()


def _refuse_desk_file(target: Path) -> None:
    """The desk file ``target`` may be replaced only if it holds nothing (or is not there)."""
    from core.desk import Desk
    from core.desk.files import checks_path, orphans, quarantine_path

    quarantine = quarantine_path(target)
    if quarantine.exists() and quarantine.stat().st_size:  # the copy would set it aside
        raise DeskError(
            f"destination desk {target} is not empty: records were set aside in "
            f"{quarantine} to be recovered by hand; copy into a new desk"
        )
    if target.exists():
        with Desk.open(target, readonly=True) as existing:
            _refuse_unless_empty(existing)
    elif orphans(target) or checks_path(target).exists():
        raise DeskError(
            f"destination desk {target} is missing but files of it are beside it; run "
            f"'claimdesk doctor --desk {target}' first, or copy into a new desk"
        )


def _refuse_unless_empty(dst: Any) -> None:
    if (
        dst.articles(all_versions=True)
        or next(iter(dst.iter_events()), None) is not None
        or dst.check_rows()
    ):
        raise DeskError(
            f"destination desk {dst.path} is not empty; copy into a new desk "
            "(a new file, or an empty database)"
        )


def _fill(src: DeskBackend, dst: Any, report: CopyReport) -> None:
    dst.restore(
        _counted(src.articles(all_versions=True), report, "articles"),
        _counted(src.iter_claims(all_versions=True), report, "claims"),
        _counted(src.iter_events(), report, "events"),
    )
    report.checks = _copy_checks(src, dst)


def _copy_checks(src: Any, dst: Any) -> int:
    """The source's known checks into the destination, in batches."""
    from core.checks.library import BATCH

    rows = list(src.check_rows().values())
    for start in range(0, len(rows), BATCH):
        dst.commit_checks(rows[start : start + BATCH])
    if rows:
        dst.fold()
    return len(rows)
