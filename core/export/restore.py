"""Rebuild a desk from a full dump (``export --status all --all-versions``, json or jsonl).

A dump is the desk's backup and migration format, so restoring refuses anything that
would not give back the same desk: an unknown format or version, a filtered dump (it would
silently lose claims), or a desk that already holds articles (merging two histories is
not a restore). The records go to the desk's low-level ``restore`` write path in one
durable step, not through review actions: they are history, not new decisions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from core.errors import DeskError, UserError
from core.export.dump import DUMP_FORMAT, DUMP_VERSION
from core.model import Article, Claim, Event, Status
from core.urls import check_web_url, has_scheme, web_url_problem

if TYPE_CHECKING:
    from core.desk.api import DeskBackend


def restore_dump(desk: DeskBackend, fp: TextIO) -> int:
    """Read a dump from ``fp`` into the empty ``desk``; return the number of claims."""
    head, articles, claims, events = read_dump(fp)
    check_complete(head)
    check_records(articles, claims)
    check_sources(claims)
    if getattr(desk, "readonly", False):
        raise DeskError("the desk is open read-only; close other claimdesk windows and retry")
    if desk.articles(all_versions=True):
        raise DeskError(f"desk {desk.path} already holds articles; restore into a new desk")
    desk.restore(articles, claims, events)
    return len(claims)


def read_dump(fp: TextIO) -> tuple[dict[str, Any], list[Article], list[Claim], list[Event]]:
    """Parse either dump flavour into model objects (json: one document; jsonl: lines)."""
    try:
        return _read_dump(fp)
    except UnicodeDecodeError:
        raise UserError(
            "the dump is not UTF-8 text; was it written by 'claimdesk export'?"
        ) from None


def _read_dump(fp: TextIO) -> tuple[dict[str, Any], list[Article], list[Claim], list[Event]]:
    first = fp.readline()
    while first and not first.strip():
        first = fp.readline()
    if not first:
        raise UserError("the dump is empty")
    first = first.lstrip("\ufeff")
    try:
        record = json.loads(first)
    except ValueError:
        record = None
    if isinstance(record, dict) and record.get("record") == "header":
        return _read_jsonl(record, fp)
    try:
        document = json.loads(first + fp.read())
    except ValueError as exc:
        raise UserError(f"the dump is not valid JSON or JSON lines: {exc}") from None
    if not isinstance(document, dict):
        raise UserError("the dump is not a claimdesk dump (expected a JSON object)")
    head = {k: v for k, v in document.items() if k not in ("articles", "claims", "events")}
    check_header(head)
    try:
        articles = [Article.from_dict(a) for a in document.get("articles", [])]
        claims = [Claim.from_dict(_without(c, "history")) for c in document.get("claims", [])]
        events = [Event.from_dict(e) for e in document.get("events", [])]
    except (TypeError, AttributeError) as exc:
        raise UserError(f"the dump has a malformed record: {exc}") from None
    return head, articles, claims, events


def _read_jsonl(
    head: dict[str, Any], fp: TextIO
) -> tuple[dict[str, Any], list[Article], list[Claim], list[Event]]:
    head = _without(head, "record")
    check_header(head)
    articles: list[Article] = []
    claims: list[Claim] = []
    events: list[Event] = []
    builders: dict[str, tuple[Callable[[dict[str, Any]], Any], list[Any]]] = {
        "article": (Article.from_dict, articles),
        "claim": (Claim.from_dict, claims),
        "event": (Event.from_dict, events),
    }
    for number, line in enumerate(fp, 2):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            build, target = builders[record.get("record")]
            target.append(build(_without(record, "record")))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UserError(f"line {number} of the dump is not a dump record ({exc})") from None
    return head, articles, claims, events


def check_header(head: dict[str, Any]) -> None:
    if head.get("format") != DUMP_FORMAT:
        raise UserError("not a claimdesk dump (write one with 'claimdesk export --format json')")
    if head.get("version") != DUMP_VERSION:
        raise UserError(
            f"dump version {head.get('version')!r} is not supported (expected {DUMP_VERSION})"
        )


def check_records(articles: list[Article], claims: list[Claim]) -> None:
    """Refuse a hand-edited dump whose fields have the wrong type or meaning.

    Such a record restores without complaint and then breaks whatever reads it (the
    workbench, "seen before", exports), so it is named here, before anything is written.
    """
    statuses = {s.value for s in Status}
    article_ids = set()
    for article in articles:
        if not (isinstance(article.id, str) and isinstance(article.text, str)):
            raise UserError(f"the dump has a malformed record: article {article.id!r}")
        article_ids.add(article.id)
    for claim in claims:
        problem = None
        if not _is_span(claim.start, claim.end) or not isinstance(claim.statement, str):
            problem = "statement or offsets"
        elif claim.status not in statuses:
            problem = f"unknown status {claim.status!r}"
        elif claim.article_id not in article_ids:
            problem = f"article {claim.article_id!r} is not in the dump"
        elif not all(_is_span(f.start, f.end) and isinstance(f.text, str) for f in claim.figures):
            problem = "figure offsets"
        if problem:
            raise UserError(f"the dump has a malformed record: claim {claim.id!r}: {problem}")


def check_sources(claims: list[Claim]) -> None:
    """Source URLs must be http(s), as when they are added (``core.urls``).

    A ``javascript:`` link in a hand-edited or hostile dump is refused before anything is
    written. Older desks took any text as a source ("a document name"): such a reference
    without a scheme is restored as what it is now, a document known by its title.
    """
    for claim in claims:
        for source in claim.sources:
            url = source.url.strip() if isinstance(source.url, str) else source.url
            if not url:
                continue
            if not isinstance(url, str):
                raise UserError(f"the dump has a malformed record: claim {claim.id!r}: source")
            if web_url_problem(url) is None:
                continue
            if has_scheme(url):
                check_web_url(url, f"source of claim {claim.id} in the dump")
            source.title = f"{source.title} ({url})" if source.title else url
            source.url = ""


def _is_span(start: Any, end: Any) -> bool:
    return all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end))


def check_complete(head: dict[str, Any]) -> None:
    """Only a dump of everything restores a desk: a filtered one would lose data quietly."""
    filters = head.get("filters") or {}
    complete = (
        filters.get("statuses") == "all"
        and filters.get("article_ids") == "all"
        and not filters.get("since")
        and filters.get("all_versions") is True
    )
    if not complete:
        raise UserError(
            "this dump is filtered and cannot restore a desk; "
            "export with --status all --all-versions (no --article/--since)"
        )


def _without(record: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != key}
