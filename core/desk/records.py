"""Checking stored records before the desk trusts them.

The desk files are JSON a person may open in an editor, so a record can arrive with a
field missing, renamed or of the wrong type. Every record is checked as it is loaded
(snapshot documents and journal changes alike); one that fails is set aside with its
place (file, table, key) instead of reaching code that would stumble on it later, and
is never written back into the snapshot: it goes to the quarantine file beside the desk.

The checks cover what the desk and its readers rely on, not every field: the fields
without a default (ids, text, offsets) and the type of every field that has one. A field
this version does not know (written by a newer claimdesk) is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core.model import Status

_STATUSES = frozenset(s.value for s in Status)

_NONE = type(None)
_TEXT = (str,)
_WHOLE = (int,)  # type() is compared, so True and False are not numbers here

_CLAIM_TYPES: dict[str, tuple[type, ...]] = {
    "id": _TEXT,
    "article_id": _TEXT,
    "statement": _TEXT,
    "start": _WHOLE,
    "end": _WHOLE,
    "figures": (list,),
    "checkworthiness": (int, float),
    "status": _TEXT,
    "correction": (dict, _NONE),
    "sources": (list,),
    "notes": (list,),
    "origin": _TEXT,
    "type": _TEXT,
    "speaker": (str, _NONE),
    "claimant": (str, _NONE),
    "updated_at": _TEXT,
    "reviewer": _TEXT,
    "flags": (list,),
}
_CLAIM_REQUIRED = frozenset({"id", "article_id", "statement", "start", "end"})
_FIGURE_TYPES: dict[str, tuple[type, ...]] = {
    "text": _TEXT,
    "start": _WHOLE,
    "end": _WHOLE,
    "kind": _TEXT,
    "unit": (str, _NONE),
    "qualifier": (str, _NONE),
}
_FIGURE_REQUIRED = frozenset({"text", "start", "end", "kind", "value"})
_SOURCE_TYPES = dict.fromkeys(("url", "title", "note", "accessed", "added_by", "added_at"), _TEXT)
_NOTE_TYPES = dict.fromkeys(("text", "reviewer", "at"), _TEXT)
_CORRECTION_TYPES = dict.fromkeys(("value", "statement", "note"), _TEXT)
_ARTICLE_TYPES: dict[str, tuple[type, ...]] = {
    "id": _TEXT,
    "title": _TEXT,
    "source": _TEXT,
    "text": _TEXT,
    "date": (str, _NONE),
    "place": (str, _NONE),
    "warnings": (list,),
    "imported_at": _TEXT,
    "version": _WHOLE,
    "content_hash": _TEXT,
    "format": _TEXT,
}
_ARTICLE_REQUIRED = frozenset({"id", "text"})
_WARNING_TYPES = {"kind": _TEXT, "start": _WHOLE, "end": _WHOLE, "text": _TEXT}
_EVENT_TYPES: dict[str, tuple[type, ...]] = {
    "id": _TEXT,
    "claim_id": _TEXT,
    "article_id": _TEXT,
    "action": _TEXT,
    "before": (dict, _NONE),
    "after": (dict, _NONE),
    "reviewer": _TEXT,
    "at": _TEXT,
    "detail": _TEXT,
    "undoes": (str, _NONE),
    "batch": (str, _NONE),
}
_EVENT_REQUIRED = frozenset({"id", "claim_id", "action"})
_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    list: "a list",
    dict: "an object",
}


def _shape(doc: Any, types: Mapping[str, tuple[type, ...]], required: frozenset[str]) -> str | None:
    """Required fields present, every known field of its type: one pass, for 100,000 docs."""
    if type(doc) is not dict:
        return "not an object"
    if not required <= doc.keys():
        missing = sorted(required - doc.keys())[0]
        return f"missing {missing!r}"
    for key, value in doc.items():
        allowed = types.get(key)
        if allowed is not None and type(value) not in allowed:
            return f"{key!r} is not {_TYPE_NAMES.get(allowed[0], allowed[0].__name__)}"
    return None


def _items(doc: dict[str, Any], name: str, types, required=frozenset()) -> str | None:
    for i, item in enumerate(doc.get(name) or ()):
        problem = _shape(item, types, required)
        if problem:
            return f"{name}[{i}]: {problem}"
    return None


def check_claim(doc: Any) -> str | None:
    """Why a stored claim cannot be used, or ``None`` if it can."""
    problem = _shape(doc, _CLAIM_TYPES, _CLAIM_REQUIRED)
    if problem:
        return problem
    if not doc["id"]:
        return "'id' is empty"
    status = doc.get("status")
    if status is not None and status not in _STATUSES:
        return f"unknown status {status!r}"
    correction = doc.get("correction")
    if correction and (problem := _shape(correction, _CORRECTION_TYPES, frozenset())):
        return f"correction: {problem}"
    flags = doc.get("flags")
    if flags and not all(type(f) is str for f in flags):
        return "'flags' is not a list of text"
    return (
        _items(doc, "figures", _FIGURE_TYPES, _FIGURE_REQUIRED)
        or _items(doc, "sources", _SOURCE_TYPES, frozenset({"url"}))
        or _items(doc, "notes", _NOTE_TYPES, frozenset({"text"}))
    )


def check_article(doc: Any) -> str | None:
    """Why a stored article cannot be used, or ``None`` if it can."""
    problem = _shape(doc, _ARTICLE_TYPES, _ARTICLE_REQUIRED)
    if problem:
        return problem
    if doc.get("version", 1) < 1:
        return "'version' is below 1"
    return _items(doc, "warnings", _WARNING_TYPES, frozenset({"kind", "start", "end"}))


def check_event(doc: Any) -> str | None:
    """Why a stored event cannot be used, or ``None`` if it can."""
    problem = _shape(doc, _EVENT_TYPES, _EVENT_REQUIRED)
    if problem:
        return problem
    for name in ("before", "after"):
        claim = doc.get(name)
        if claim is not None and (problem := check_claim(claim)):
            return f"{name}: {problem}"
    return None


def check_known_check(doc: Any) -> str | None:
    """Why a stored known fact-check cannot be used, or ``None`` if it can."""
    if not isinstance(doc, dict):
        return "not an object"
    for name in ("url", "claim_reviewed"):
        if not isinstance(doc.get(name), str) or not doc[name]:
            return f"'{name}' is missing or not text"
    return None


CHECKS: dict[str, Callable[[Any], str | None]] = {
    "articles": check_article,
    "claims": check_claim,
    "events": check_event,
    "checks": check_known_check,
}


def check_key(key: Any) -> str | None:
    """TinyDB document keys are integers written as text ("7"): anything else breaks it."""
    if isinstance(key, str) and key.isascii() and key.isdigit() and str(int(key)) == key:
        return None
    return f"document key {key!r} is not a whole number"


@dataclass
class SetAside:
    """A record kept out of the desk, with the place it was found."""

    file: str  # the file's name beside the desk
    table: str
    key: str
    problem: str
    record: Any
    line: int | None = None  # journal line, for a record found in the journal

    @property
    def place(self) -> str:
        where = f"{self.file} line {self.line}" if self.line else self.file
        return f"{where}, {self.table} record {self.key}"

    def to_dict(self) -> dict[str, Any]:
        out = {
            "file": self.file,
            "table": self.table,
            "key": self.key,
            "problem": self.problem,
            "record": self.record,
        }
        if self.line:
            out["line"] = self.line
        return out


def set_aside_bad(
    data: dict[str, dict[str, Any]], tables: tuple[str, ...], file: str
) -> list[SetAside]:
    """Remove every malformed record (and duplicate id) from ``data``; return them."""
    found: list[SetAside] = []
    for table in tables:
        check = CHECKS.get(table)
        rows = data.get(table)
        if check is None or not rows:
            continue
        seen: set[Any] = set()
        for key in list(rows):
            doc = rows[key]
            problem = check_key(key) or check(doc)
            if problem is None:
                if table == "articles":
                    ident = (doc["id"], doc.get("version", 1))
                else:
                    ident = doc["url"] if table == "checks" else doc["id"]
                if ident in seen:
                    problem = f"a second record with id {doc.get('id', doc.get('url'))!r}"
                seen.add(ident)
            if problem is not None:
                found.append(SetAside(file, table, key, problem, rows.pop(key)))
    return found


def check_op(table: str, key: str, doc: Any) -> str | None:
    """Why one journalled change cannot be applied, or ``None``."""
    if table not in CHECKS:
        return f"unknown table {table!r}"
    problem = check_key(key)
    if problem is None and doc is not None:
        problem = CHECKS[table](doc)
    return problem


def describe(found: list[SetAside], desk: str) -> str:
    """One warning line for records set aside."""
    shown = "; ".join(f"{s.place}: {s.problem}" for s in found[:3])
    more = f"; and {len(found) - 3} more" if len(found) > 3 else ""
    return (
        f"{len(found)} malformed record{'s' if len(found) != 1 else ''} left out "
        f"({shown}{more}); run 'claimdesk doctor --desk {desk}' to repair or quarantine them"
    )
