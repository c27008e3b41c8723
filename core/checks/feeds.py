"""Files of published fact-checks → a stream of checks and skip reasons.

A fact-checker's feed can hold a year of reviews (tens of megabytes), so JSON is read
with ijson and each record is built on its own: memory follows the largest record, not
the file. The containers publishers use are all recognised: a bare ClaimReview, an array,
an ``@graph``, a schema.org ``DataFeed`` (``dataFeedElement[].item[]``), the Fact Check
Tools API's ``claims[].claimReview[]``, the ``application/ld+json`` blocks of a saved
fact-check page, and CSV with a header row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import ijson

from core.checks.model import Check
from core.checks.records import Skip, csv_columns, from_claimreview, from_csv_row, from_google
from core.errors import UserError

MAX_HTML_BYTES = 20 * 1024 * 1024  # a saved page; a bigger "page" is not one
# Containers whose members are streamed one at a time (ijson prefixes).
_STREAMED = ("item", "@graph.item", "dataFeedElement.item", "claims.item")


class FeedError(UserError):
    """The file as a whole cannot be read (not JSON, HTML or CSV; unreadable)."""


def read_feed(path: Path) -> Iterator[Check | Skip]:
    """Every record of one file, in file order."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below, after streaming)
    except IsADirectoryError:
        raise FeedError(f"{path} is a directory; give the feed file") from None
    except OSError as exc:
        raise FeedError(f"cannot read {path}: {exc.strerror}") from None
    with fh:
        if not path.is_file():
            raise FeedError(f"{path} is not a regular file")
        head = fh.read(4096)
        fh.seek(0)
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if start in (b"{", b"["):
            yield from _json_feed(fh, path)
        elif start == b"<":
            yield from _html_feed(fh, path)
        elif path.suffix.lower() in (".csv", ".tsv") or b"," in head.split(b"\n", 1)[0]:
            yield from _csv_feed(fh, path)
        else:
            raise FeedError(
                f"{path} is not a fact-check feed (expected ClaimReview JSON-LD, "
                "Fact Check Tools JSON, a saved HTML page or CSV with a header)"
            )


def walk(value: Any) -> Iterator[Check | Skip]:
    """Records in any of the containers, recursively (arrays, @graph, DataFeed, API)."""
    if isinstance(value, list):
        for item in value:
            yield from walk(item)
        return
    if not isinstance(value, dict):
        yield Skip("not an object")
        return
    if isinstance(value.get("@graph"), list):
        yield from walk(value["@graph"])
        return
    if "dataFeedElement" in value:
        elements = value["dataFeedElement"]
        for element in elements if isinstance(elements, list) else [elements]:
            yield from _feed_element(element)
        return
    if isinstance(value.get("claims"), list) and "@type" not in value:
        for claim in value["claims"]:
            yield from from_google(claim)
        return
    if "claimReview" in value and "@type" not in value:
        yield from from_google(value)
        return
    try:
        yield from_claimreview(value)
    except Skip as skip:
        yield skip


def _feed_element(element: Any) -> Iterator[Check | Skip]:
    if isinstance(element, dict) and "item" in element:
        yield from walk(element["item"])
    else:
        yield from walk(element)


def _json_feed(fh: IO[bytes], path: Path) -> Iterator[Check | Skip]:
    """Find which container the file is (a first, short pass), then stream its members.

    ``ijson.items`` builds each member in C (yajl2_c): a 50 MB feed is read at parsing
    speed, one record in memory at a time.
    """
    prefix = _container(fh, path)
    fh.seek(0)
    try:
        for item in ijson.items(fh, prefix, use_float=True):
            if prefix == "dataFeedElement.item":
                yield from _feed_element(item)
            elif prefix == "claims.item":
                yield from from_google(item)
            else:
                yield from walk(item)
    except ijson.JSONError as exc:
        raise FeedError(f"{path} is not valid JSON ({_short(exc)})") from None
    except UnicodeDecodeError:
        raise FeedError(f"{path} is not UTF-8 JSON") from None


def _container(fh: IO[bytes], path: Path) -> str:
    """The ijson prefix of the records: a streamed container's members, else the root.

    Only the events before the first member are read (the root's own keys); a file that is
    no valid JSON is reported here, before anything is imported, when the damage is early.
    """
    try:
        for prefix, event, _ in ijson.parse(fh):
            if prefix in _STREAMED and event not in ("end_array", "end_map"):
                return prefix
        return ""
    except ijson.JSONError as exc:
        raise FeedError(f"{path} is not valid JSON ({_short(exc)})") from None
    except UnicodeDecodeError:
        raise FeedError(f"{path} is not UTF-8 JSON") from None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _html_feed(fh: IO[bytes], path: Path) -> Iterator[Check | Skip]:
    import lxml.etree
    import lxml.html

    raw = fh.read(MAX_HTML_BYTES + 1)
    if len(raw) > MAX_HTML_BYTES:
        raise FeedError(f"{path} is over {MAX_HTML_BYTES // 2**20} MB; a saved page is not")
    try:
        doc = lxml.html.document_fromstring(raw)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise FeedError(f"{path} is not a readable HTML page ({_short(exc)})") from None
    blocks = doc.xpath('//script[translate(@type, "LDJSON+", "ldjson+")="application/ld+json"]')
    if not blocks:
        raise FeedError(f'{path} has no <script type="application/ld+json"> block')
    for block in blocks:
        try:
            value = json.loads(block.text or "")
        except json.JSONDecodeError:
            yield Skip("a JSON-LD block that is not valid JSON")
            continue
        yield from walk(value)


def _csv_feed(fh: IO[bytes], path: Path) -> Iterator[Check | Skip]:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    csv.field_size_limit(1 << 24)
    reader = csv.reader(text, dialect=dialect)
    try:
        header = next(reader, None)
        if header is None:
            raise FeedError(f"{path} is empty")
        columns = csv_columns(header)
        if "claim_reviewed" not in columns or "url" not in columns:
            raise FeedError(
                f"{path}: the CSV header needs at least 'url' and 'claim_reviewed' columns"
            )
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            try:
                yield from_csv_row(row, columns)
            except Skip as skip:
                yield skip
    except csv.Error as exc:
        raise FeedError(f"{path} is not readable CSV (line {reader.line_num}: {exc})") from None
