"""The domain model: articles, claims, figures, sources, notes and events.

Everything here is plain data (dataclasses and string enums) so that the extractor, the
desk, the exporters, the CLI and the workbench share one vocabulary, and so that every
object survives a round trip through JSON unchanged (``to_dict`` / ``from_dict``). The
JSON field names are a public contract (see DESIGN.md): rename nothing without a desk
migration.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


def now_iso() -> str:
    """Current UTC time as an ISO 8601 string with seconds, the one clock format we store."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def short_hash(*parts: str, length: int = 12) -> str:
    """A stable hex digest of ``parts``: ids must not change between runs or machines."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:length]


def content_key(text: str) -> str:
    """An article text's identity, whatever spacing and line wrapping it was read with:
    the same story from ``.txt``, ``.html`` and ``.md`` gets the same key."""
    return short_hash(" ".join(text.split()), length=16)


class Status(StrEnum):
    """Where a claim stands in review. ``removed`` is only ever set by a re-import."""

    UNREVIEWED = "unreviewed"
    VERIFIED = "verified"
    CORRECTED = "corrected"
    FALSE = "false"
    NEEDS_SOURCE = "needs_source"
    INCONCLUSIVE = "inconclusive"
    DISMISSED = "dismissed"
    REMOVED = "removed"


REVIEWED_STATUSES = frozenset(
    {Status.VERIFIED, Status.CORRECTED, Status.FALSE, Status.INCONCLUSIVE}
)
"""Verdicts that count as reviewed and are exported by default."""

DECIDED_STATUSES = REVIEWED_STATUSES | {Status.NEEDS_SOURCE, Status.DISMISSED}
"""Everything a reviewer has touched: used for "N of M reviewed" progress."""


class FigureKind(StrEnum):
    """What a figure measures; decides how ``Figure.value`` is to be read."""

    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    DURATION = "duration"
    DATE = "date"
    TIME = "time"
    ORDINAL = "ordinal"
    MEASURE = "measure"
    RATIO = "ratio"


class Origin(StrEnum):
    """Who found the claim: the extractor, or a reviewer by hand."""

    EXTRACTED = "extracted"
    MANUAL = "manual"


class ClaimType(StrEnum):
    """A claim is about a figure, or is a direct quotation."""

    FIGURE = "figure"
    QUOTE = "quote"


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    """Field names of a model class, computed once: ``fields()`` is slow on every load."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in fields(cls))
    return names


class _Serialisable:
    """``to_dict``/``from_dict`` for flat dataclasses whose fields are JSON values."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        names = _field_names(cls)
        if names.issuperset(data):  # the usual case: a dict we wrote ourselves
            return cls(**data)
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(slots=True)
class Figure(_Serialisable):
    """One figure in the text, with its exact surface and its normalised value.

    ``text == article.text[start:end]`` always holds. ``value`` is a number for
    count/percent/money/ordinal/measure, an ISO 8601 duration (``P90D``) for durations and
    an ISO 8601 (possibly partial or TIMEX3-style, ``XXXX-08-13``) date for dates. A
    relative ordinal ("last", "next", "second to last") has qualifier ``"relative"`` and a
    string value in Recognizers-Text notation (``end+0``, ``current+1``, ``end-1``); it is
    recognised but never made a claim, since it names a position rather than a quantity.
    ``qualifier`` says how a hedged or ranged figure is meant ("more than", "about",
    "between", "up to", ...); ``upper`` is the top of a range. A change ("from €500m to
    €750m") has qualifier ``"change"``, ``value`` where it started and ``upper`` where it
    ended. A ``ratio`` is a multiplier or a share ("twice" 2, "one in five" 0.2); a
    return period ("1-in-100-year") is the yearly chance 0.01, qualifier
    ``"return period"``. Values are exact: whole numbers are ``int``.
    """

    text: str
    start: int
    end: int
    kind: str
    value: Any
    unit: str | None = None
    qualifier: str | None = None
    upper: Any = None


@dataclass(slots=True)
class Source(_Serialisable):
    """Evidence a reviewer attached to a claim."""

    url: str
    title: str = ""
    note: str = ""
    accessed: str = ""
    added_by: str = ""
    added_at: str = ""

    @property
    def key(self) -> str:
        """What tells sources apart: the URL, or the title of a document without one."""
        return self.url or self.title


@dataclass(slots=True)
class Note(_Serialisable):
    """A reviewer's remark on a claim; notes are appended, never edited in place."""

    text: str
    reviewer: str = ""
    at: str = ""


@dataclass(slots=True)
class Correction(_Serialisable):
    """What the claim should have said: the right value and/or wording, and why."""

    value: str = ""
    statement: str = ""
    note: str = ""


@dataclass(slots=True)
class TextWarning(_Serialisable):
    """Damage found in an article's text (reported, never silently repaired)."""

    kind: str
    start: int
    end: int
    text: str
    suggestion: str = ""
    message: str = ""


@dataclass(slots=True)
class Article:
    """An article as stored: normalised text plus what ingest learned about it."""

    id: str
    title: str
    source: str
    text: str
    date: str | None = None
    place: str | None = None
    warnings: list[TextWarning] = field(default_factory=list)
    imported_at: str = ""
    version: int = 1
    content_hash: str = ""
    format: str = "text"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        names = _field_names(cls)
        kwargs = {k: v for k, v in data.items() if k in names}
        kwargs["warnings"] = [TextWarning.from_dict(w) for w in data.get("warnings", [])]
        return cls(**kwargs)


@dataclass(slots=True)
class Claim:
    """A check-worthy statement with its figures and its review state.

    ``figures[0]`` is the key figure the claim is about (absent for a quote without a
    figure). ``id`` is stable: the same claim in the same article gets the same id on
    every extraction. ``claimant`` is who made the claim where the text says so (a
    quote's speaker, "according to X", "X said"), ``None`` where the article asserts it;
    ``speaker`` is the name the quotation's own sentence gives, as first extracted.
    ``flags`` carries reviewer-facing remarks set by the desk, such as "figure changed
    since review: 26 → 27".
    """

    id: str
    article_id: str
    statement: str
    start: int
    end: int
    figures: list[Figure] = field(default_factory=list)
    checkworthiness: float = 0.0
    status: str = Status.UNREVIEWED.value
    correction: Correction | None = None
    sources: list[Source] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    origin: str = Origin.EXTRACTED.value
    type: str = ClaimType.FIGURE.value
    speaker: str | None = None
    claimant: str | None = None
    updated_at: str = ""
    reviewer: str = ""
    flags: list[str] = field(default_factory=list)

    @property
    def key_figure(self) -> Figure | None:
        return self.figures[0] if self.figures else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        names = _field_names(cls)
        kwargs = {k: v for k, v in data.items() if k in names}
        kwargs["figures"] = [Figure.from_dict(f) for f in data.get("figures", [])]
        kwargs["sources"] = [Source.from_dict(s) for s in data.get("sources", [])]
        kwargs["notes"] = [Note.from_dict(n) for n in data.get("notes", [])]
        corr = data.get("correction")
        kwargs["correction"] = Correction.from_dict(corr) if corr else None
        return cls(**kwargs)


@dataclass(slots=True)
class Event(_Serialisable):
    """One change to the desk. History and undo are built from these alone.

    ``before`` and ``after`` are full claim dicts (``None`` where the claim did not exist
    before or no longer exists after), so undo restores exactly and history can show any
    field that changed. Events written by one action over several claims (a verdict on a
    claim and its repeats) share a ``batch`` id, so undo and redo take them back together.
    """

    id: str
    claim_id: str
    article_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reviewer: str = ""
    at: str = ""
    detail: str = ""
    undoes: str | None = None
    batch: str | None = None
