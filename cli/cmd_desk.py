"""Desk sub-commands: ``import``, ``status``, ``set``, ``undo``, ``redo``, ``history``,
``doctor``.

They make exactly the :class:`core.review.Review` calls the workbench makes, so a
decision scripted from a shell is recorded like one made on screen.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.common import (
    add_desk_argument,
    add_reviewer_argument,
    desk_path,
    printable,
    reviewer,
)
from core.errors import DeskError, UserError
from core.model import Claim, Event, Status

if TYPE_CHECKING:
    from core.desk.api import DeskBackend

STATUS_CHOICES = [s.value for s in Status if s != Status.REMOVED]


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_import(subparsers)
    _register_status(subparsers)
    from cli.cmd_set import register_set  # its module imports this one

    register_set(subparsers)
    for name, helptext in (
        ("undo", "undo your latest change (also one made before a restart)"),
        ("redo", "redo the change you undid last"),
    ):
        parser = subparsers.add_parser(name, help=helptext, description=helptext)
        add_desk_argument(parser)
        add_reviewer_argument(parser)
        parser.set_defaults(func=run_undo if name == "undo" else run_redo)
    parser = subparsers.add_parser(
        "history",
        help="every change to a claim, with who and when",
        description=("Show every change made to a claim: what changed, who made it and when."),
    )
    parser.add_argument("claim_id", metavar="CLAIM_ID", help="claim id or a unique prefix of it")
    add_desk_argument(parser)
    parser.set_defaults(func=run_history)
    parser = subparsers.add_parser(
        "doctor",
        help="recover a damaged desk",
        description=(
            "Check a desk and, if it is damaged, rebuild it from whatever can still be read. "
            "Damaged files are kept beside it as *.damaged-<timestamp>."
        ),
    )
    add_desk_argument(parser)
    parser.add_argument(
        "--compact",
        action="store_true",
        help="fold the journal into the desk files now (it is folded by itself when long)",
    )
    parser.set_defaults(func=run_doctor)


# ---------------------------------------------------------------------- shared plumbing
@contextmanager
def open_desk(args: argparse.Namespace, *, readonly: bool = False) -> Iterator[DeskBackend]:
    from core.desk import open_desk as open_location

    desk = open_location(desk_path(args), readonly=readonly or getattr(args, "readonly", False))
    failure = None
    try:
        yield desk
    except UserError as exc:
        failure = str(exc)
        raise
    finally:
        desk.close()
        # The damage a warning announces is often what then stops the command: say it
        # once, as the error.
        desk.warnings[:] = [w for w in desk.warnings if w != failure]
        _warn(desk)


def _warn(desk: DeskBackend) -> None:
    while desk.warnings:
        print(f"claimdesk: warning: {printable(desk.warnings.pop(0))}", file=sys.stderr)


def _clip(text: str, width: int = 70) -> str:
    text = printable(" ".join(str(text).split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def claim_line(claim: Claim) -> str:
    """One line naming a claim: id, status and the start of its statement."""
    return f"{claim.id}  {claim.status:<12}  {_clip(claim.statement)}"


# ---------------------------------------------------------------------- import
def _register_import(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="read articles, extract their claims and add them to the desk",
        description=(
            "Import article files (or '-' for stdin) into the desk. Re-importing a changed "
            "article keeps the review of every claim that is still there."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files ('-' = stdin)")
    add_desk_argument(parser)
    add_reviewer_argument(parser)
    parser.add_argument("--model", default=None, metavar="NAME", help="spaCy pipeline to use")
    parser.add_argument(
        "--desk-dump",
        type=Path,
        metavar="FILE",
        help="restore an empty desk from a 'claimdesk export --format json' dump",
    )
    parser.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    if not args.paths and not args.desk_dump:
        raise UserError("give article files to import (or --desk-dump FILE)")
    failed = 0
    with _LazyWriter(args) as desks:
        if args.desk_dump:
            _restore(desks.writer(), args.desk_dump)
        desks.reader()  # damage the desk has is reported whatever becomes of the files
        who = reviewer(args)
        with _progress(len(args.paths)) as advance:
            for path in args.paths:
                try:
                    report = _import_one(desks, path, who, args.model)
                except DeskError:
                    raise
                except UserError as exc:
                    failed += 1
                    print(f"claimdesk: error: {printable(exc)}", file=sys.stderr)
                    advance(path)
                    continue
                line = printable(f"{path}: {report.article.id}  {report.summary()}")
                advance(path, line)
    return 2 if failed else 0


def _import_one(desks: _LazyWriter, path: str, who: str, model: str | None) -> Any:
    """Read ``path``; import it only if the desk lacks its text, taking the lock then.

    A file that cannot be read, or one already up to date, never waits for (or blocks)
    another writer such as an open workbench.
    """
    from core.importing import ImportReport, import_path, stored_copy
    from core.ingest import read_article

    article = read_article(path)  # once: standard input cannot be read twice
    if desks.writing is None:
        reader = desks.reader()
        stored = stored_copy(reader, article) if reader is not None else None
        if stored is not None:
            same_as = stored.id if stored.id != article.id else None
            return ImportReport(article=stored, up_to_date=True, same_as=same_as)
    return import_path(desks.writer(), path, who, model=model, article=article)


class _LazyWriter:
    """The desk read without the lock until something must be written, then opened for
    writing (lock taken) for the rest of the command."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.writing: Any = None
        self._reading: Any = None
        self._reading_stack = ExitStack()
        self._writing_stack = ExitStack()

    def reader(self) -> Any:
        from core.desk import desk_exists

        if self._reading is None and desk_exists(desk_path(self.args)):
            self._reading = self._reading_stack.enter_context(open_desk(self.args, readonly=True))
        return self._reading

    def writer(self) -> Any:
        if self.writing is None:
            if self._reading is not None:  # the writer says the same again: say it once
                self._reading.warnings.clear()
            self._reading_stack.close()  # one desk open at a time
            self.writing = self._writing_stack.enter_context(open_desk(self.args))
        return self.writing

    def __enter__(self) -> _LazyWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._writing_stack.close()
        finally:
            self._reading_stack.close()


def _restore(desk: DeskBackend, dump: Path) -> None:
    from core.export import restore_dump

    try:
        fp = sys.stdin if str(dump) == "-" else open(dump, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise UserError(f"cannot read dump {dump}: {exc.strerror}") from None
    try:
        count = restore_dump(desk, fp)
    finally:
        if fp is not sys.stdin:
            fp.close()
    print(f"restored {count} claims from {printable(dump)}")


@contextmanager
def _progress(total: int) -> Iterator[Any]:
    """Rich progress on a terminal; one plain line per file otherwise (logs, pipes)."""
    if total > 1 and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(stderr=True)
        with Progress(
            TextColumn("importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("", total=total)

            def advance(path: str, line: str | None = None) -> None:
                progress.update(task, advance=1, description=_clip(path, 40))
                if line:
                    print(line, flush=True)  # results go to stdout, printed above the bar

            yield advance
        return

    def advance_plain(path: str, line: str | None = None) -> None:
        if line:
            print(line, flush=True)

    yield advance_plain


# ---------------------------------------------------------------------- status
def _register_status(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "status",
        help="articles on the desk and how far their review has got",
        description="List the desk's articles with review progress and counts by status.",
    )
    add_desk_argument(parser)
    parser.add_argument(
        "--all-versions", action="store_true", help="list every stored version of each article"
    )
    parser.add_argument(
        "--readonly",
        action="store_true",
        help="read only (the default for status: it works while the workbench is open)",
    )
    parser.set_defaults(func=run_status)


def run_status(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from cli.output import Console
    from core.desk import desk_exists

    path = desk_path(args)
    if not desk_exists(path):
        print(f"no desk at {path} yet: import an article with 'claimdesk import FILE'")
        return 0
    # Status only reads, so it never needs the writer's lock: it works beside an open
    # workbench (--readonly is accepted for symmetry with the other commands).
    with open_desk(args, readonly=True) as desk:
        articles = desk.articles(all_versions=args.all_versions)
        if not articles:
            where = printable(desk.path)
            print(f"desk {where} is empty: import an article with 'claimdesk import FILE'")
            return 0
        table = Table(title=f"desk {printable(desk.path)}", title_justify="left")
        for name in ("article", "title", "source", "reviewed", "by status"):
            table.add_column(name, overflow="fold")
        if args.all_versions:
            table.add_column("version", justify="right")
        for article in articles:
            current = desk.article(article.id).version
            if article.version != current:  # claims live with the current version only
                reviewed, by_status = "-", f"superseded by version {current}"
            else:
                from core.progress import progress_of_counts

                counts = desk.progress(article.id)
                reviewed = str(progress_of_counts(counts))
                by_status = ", ".join(f"{s} {n}" for s, n in counts.items() if n) or "no claims"
            row = [
                Text(article.id),
                Text(printable(article.title or "(untitled)")),
                Text(printable(article.source)),
                Text(reviewed),
                Text(by_status),
            ]
            if args.all_versions:
                row.append(Text(str(article.version)))
            table.add_row(*row)
        # Piped output (scripts, logs) is not folded to 80 columns.
        width = None if sys.stdout.isatty() else 200
        Console(highlight=False, width=width).print(table)
    return 0


# ---------------------------------------------------------------------- undo / redo
def run_undo(args: argparse.Namespace) -> int:
    return _undo_redo(args, "undo")


def run_redo(args: argparse.Namespace) -> int:
    return _undo_redo(args, "redo")


def _undo_redo(args: argparse.Namespace, which: str) -> int:
    from core.review import Review

    with open_desk(args) as desk:
        review = Review(desk, reviewer(args))
        event = review.undo() if which == "undo" else review.redo()
        if event is None:
            print(f"nothing to {which} for {review.reviewer}")
            return 0
        done = "undid" if which == "undo" else "redid"
        # A batch: repeats decided together (other claims), or one `set` that made
        # several changes to this claim (said in the order they were made).
        batch = review.last_events if which == "redo" else review.last_events[::-1]
        others = len({e.claim_id for e in batch} - {event.claim_id})
        also = f" and {others} more changed with it" if others > 0 else ""
        detail = "; ".join(
            e.detail.removeprefix(which + " ") for e in batch if e.claim_id == event.claim_id
        )
        print(printable(f"{done} {detail} (claim {event.claim_id}{also})"))
    return 0


# ---------------------------------------------------------------------- history
def run_history(args: argparse.Namespace) -> int:
    with open_desk(args, readonly=True) as desk:
        claim_id = desk.resolve_claim_id(args.claim_id)
        claim = desk.claim(claim_id)
        print(f"claim {claim.id} (article {claim.article_id}): {_clip(claim.statement, 90)}")
        by = f", by {printable(claim.reviewer)}" if claim.reviewer else ""
        print(f"now: {claim.status}{by}")
        for event in desk.events(claim_id):
            print(printable(describe_event(event)))
    return 0


def describe_event(event: Event) -> str:
    """One readable line: when, who, what, and which fields changed how."""
    when = event.at.replace("T", " ").removesuffix("+00:00")
    changes = "; ".join(diff_claims(event.before, event.after))
    text = f"{when}  {event.reviewer or '-':<10}  {event.action:<14}  {event.detail}"
    if changes and changes != event.detail:
        text += f"  [{changes}]"
    return text


def diff_claims(before: dict | None, after: dict | None) -> list[str]:
    """The fields of a claim that an event changed, said briefly."""
    if before is None and after is None:
        return []
    if before is None:
        return ["created"]
    if after is None:
        return ["deleted"]
    out = []
    if before.get("status") != after.get("status"):
        out.append(f"status {before.get('status')} → {after.get('status')}")
    if before.get("correction") != after.get("correction"):
        corr = after.get("correction") or {}
        out.append(
            "correction "
            + (", ".join(f"{k} {v!r}" for k, v in corr.items() if v) if corr else "cleared")
        )
    if before.get("statement") != after.get("statement"):
        out.append(f"statement {_clip(after.get('statement', ''), 40)!r}")
    if before.get("claimant") != after.get("claimant"):
        out.append(
            f"claimant {before.get('claimant') or 'none'} → {after.get('claimant') or 'none'}"
        )
    old_notes, new_notes = before.get("notes") or [], after.get("notes") or []
    out.extend(f"note {_clip(n.get('text', ''), 40)!r}" for n in new_notes[len(old_notes) :])
    old_urls = {s.get("url") or s.get("title", "") for s in before.get("sources") or []}
    new_urls = {s.get("url") or s.get("title", "") for s in after.get("sources") or []}
    out.extend(f"+source {u}" for u in sorted(new_urls - old_urls))
    out.extend(f"-source {u}" for u in sorted(old_urls - new_urls))
    if (before.get("start"), before.get("end")) != (after.get("start"), after.get("end")):
        out.append(
            f"moved {before.get('start')}..{before.get('end')} → "
            f"{after.get('start')}..{after.get('end')}"
        )
    return out


# ---------------------------------------------------------------------- doctor
def run_doctor(args: argparse.Namespace) -> int:
    from core.desk import Desk
    from core.desk.recovery import recover
    from core.team import is_team_url

    path = desk_path(args)
    if is_team_url(path):
        from core.desk import describe

        raise UserError(
            f"doctor repairs TinyDB desk files; team desk {describe(path)} is kept "
            "consistent by its PostgreSQL server (back it up with 'claimdesk copy')"
        )
    report = recover(Path(path))
    for line in report.lines():
        print(line)
    if args.compact:
        with open_desk(args) as desk:
            if not isinstance(desk, Desk):
                raise UserError(f"{printable(desk.path)} is not a desk file: nothing to compact")
            changes = desk.journal_length
            desk.fold()
        print(f"compacted desk {printable(desk.path)}: {changes} journal changes folded in")
    return 0
