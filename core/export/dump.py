"""The lossless dump: every stored field of articles, claims and events, as JSON or JSONL.

``json`` is one document a person (or a test) can load whole::

    {"format": "claimdesk-dump", "version": 1, "exported_at": ..., "filters": {...},
     "articles": [...], "claims": [{...claim..., "history": [events]}], "events": [...]}

``jsonl`` is the same content one record per line, so it can be streamed by tools that
never hold the whole desk: a ``{"record": "header", ...}`` line first, then
``"record": "article"`` lines, ``"record": "claim"`` lines (without ``history`` -- the
events follow as their own records) and ``"record": "event"`` lines in chronological
order. Both are written record by record; nothing builds the whole output in memory.

Claims and events come from the desk as plain dicts (``iter_claim_dicts``,
``iter_event_dicts``), the very dicts ``to_dict`` would give, so no model object is built
only to be taken apart again; the history is streamed, never listed. At 100,000 claims
and 80,000 events that took a json dump from about 5 s and 90 MiB allocated to about 3 s
and 7 MiB (``bench/export.py``); the output is the same byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass
from typing import TYPE_CHECKING, Any, TextIO

from core.export.selection import (
    Selection,
    Ticker,
    articles_in_scope,
    iter_selected_claim_dicts,
    iter_selected_claims,
)
from core.model import now_iso
from core.safetext import json_inert

if TYPE_CHECKING:
    from core.desk.api import DeskBackend

DUMP_FORMAT = "claimdesk-dump"
DUMP_VERSION = 1


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def fields_of(obj: Any) -> dict[str, Any]:
    """A model object's fields, one level deep; the encoder calls this for nested ones.

    Equivalent to ``obj.to_dict()`` once encoded, without ``dataclasses.asdict``, which
    deep-copies every nested dict (an event's full before/after claims) and made a
    100,000-claim dump spend four fifths of its time copying data it only reads.
    """
    cls = type(obj)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not is_dataclass(obj):
            raise TypeError(f"{cls.__name__} is not JSON serialisable")
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(obj))
    return {name: getattr(obj, name) for name in names}


# ensure_ascii=False: the dump is UTF-8 and stays readable for Arabic, CJK, emoji. No
# indent, so json's C encoder does the work; nested model objects go through fields_of.
# check_circular=False: records are trees built from JSON, and the check costs a dict
# lookup per container.
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(", ", ": "), check_circular=False, default=fields_of
)
encode = _ENCODER.encode

CHUNK_CHARS = 1 << 16
"""Records are written about this many characters at a time (see :class:`Chunks`)."""


def header(selection: Selection) -> dict[str, Any]:
    return {
        "format": DUMP_FORMAT,
        "version": DUMP_VERSION,
        "exported_at": now_iso(),
        "filters": selection.describe(),
    }


def _claim_records(
    desk: DeskBackend, selection: Selection, matches: bool
) -> Iterator[dict[str, Any]]:
    """Selected claims as dicts, with ``matches`` (claims reviewed elsewhere stating the
    same figure) and ``known_checks`` (published fact-checks of the same claim, see
    :mod:`core.checks`) when asked -- that lookup needs ``Claim`` objects, so it takes the
    slower path through them."""
    if not matches:
        yield from iter_selected_claim_dicts(desk, selection)
        return
    from core.checks.library import Searcher, known_check_records
    from core.export.claimreview import publisher_from_env
    from core.match import ClaimIndex, match_records

    index = ClaimIndex(desk.iter_claims())
    known = Searcher(desk, org_name=publisher_from_env().name)
    for claim in iter_selected_claims(desk, selection):
        record = fields_of(claim)
        record["matches"] = match_records(index, claim)
        record["known_checks"] = known_check_records(known, claim)
        yield record


class Chunks:
    """Collects encoded records and hands them to ``out`` in chunks of ~64 K characters.

    A ``write`` per record costs the text layer a call and an encode step each (hundreds
    of thousands for a big desk); a chunk keeps memory bounded all the same. DEL, C1,
    bidi and line-separator characters leave as ``\\uXXXX`` escapes (``json_inert``):
    the dump stays lossless and cannot drive a terminal it is printed to.
    """

    def __init__(self, out: TextIO, limit: int = CHUNK_CHARS) -> None:
        self._out = out
        self._limit = limit
        self._parts: list[str] = []
        self._size = 0

    def add(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self._limit:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self._out.write(json_inert("".join(self._parts)))
            self._parts.clear()
            self._size = 0


def write_json(
    desk: DeskBackend, out: TextIO, selection: Selection, ticker: Ticker, *, matches: bool = False
) -> int:
    head = header(selection)
    sink = Chunks(out)
    sink.add("{")
    sink.add(", ".join(f"{encode(k)}: {encode(v)}" for k, v in head.items()))
    sink.add(',\n"articles": [')
    _write_array(sink, (encode(a) for a in articles_in_scope(desk, selection)))

    sink.add('],\n"claims": [')
    written: set[str] = set()

    def claim_records() -> Iterator[str]:
        for record in _claim_records(desk, selection, matches):
            claim_id = record["id"]
            text = encode(record)
            # The desk indexes events by claim: O(this claim's events), nothing kept.
            past = ", ".join(encode(e) for e in desk.iter_event_dicts(claim_id))
            written.add(claim_id)
            ticker.tick()
            yield f'{text[:-1]}, "history": [{past}]}}'

    _write_array(sink, claim_records())
    sink.add('],\n"events": [')
    _write_array(sink, _event_lines(desk, written, ""))
    sink.add("]}\n")
    sink.flush()
    return ticker.done


def write_jsonl(
    desk: DeskBackend, out: TextIO, selection: Selection, ticker: Ticker, *, matches: bool = False
) -> int:
    sink = Chunks(out)
    sink.add(encode({"record": "header", **header(selection)}) + "\n")
    for article in articles_in_scope(desk, selection):
        sink.add(encode({"record": "article", **fields_of(article)}) + "\n")
    written: set[str] = set()
    for record in _claim_records(desk, selection, matches):
        sink.add(f'{{"record": "claim", {encode(record)[1:]}\n')
        written.add(record["id"])
        ticker.tick()
    for line in _event_lines(desk, written, '"record": "event", '):
        sink.add(f"{line}\n")
    sink.flush()
    return ticker.done


def _event_lines(desk: DeskBackend, claim_ids: set[str], prefix: str) -> Iterator[str]:
    """The events of ``claim_ids``, oldest first, encoded; ``prefix`` opens each object.

    Streamed from the desk one at a time: the whole history as one list (``desk.events()``)
    would be the largest allocation of a dump, about 75 MB for 80,000 events.
    """
    for event in desk.iter_event_dicts():
        if event["claim_id"] in claim_ids:
            yield f"{{{prefix}{encode(event)[1:]}"


def _write_array(sink: Chunks, records: Iterable[str]) -> None:
    """Write encoded JSON array items one per line (the brackets are the caller's)."""
    first = True
    for record in records:
        sink.add("\n" if first else ",\n")
        sink.add(record)
        first = False
    if not first:
        sink.add("\n")
