"""One published record → a :class:`Check`, or the reason it cannot be one.

Feeds in the wild are untidy: ``@type`` may be a list, ``author`` an object, a list or a
plain string, ratings arrive as strings ("1") and appearances as objects or URLs. Each
shape is read here, once, so the feed readers only find records and hand them over.
A record that cannot be a check is skipped with a short reason, counted by the importer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from core.checks.model import Check, CheckRating

MAX_TEXT = 5000  # a claim longer than this is not a claim but a pasted page
_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class Skip(Exception):
    """A record that is not a usable check; ``str(exc)`` is the reason, counted per reason."""


def clean(value: Any) -> str:
    """Text without control or bidi characters, whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if isinstance(value, list):
        value = next((v for v in value if v), "")
        return clean(value)
    return _SPACE.sub(" ", _CONTROL.sub("", str(value))).strip()


def _types(record: dict[str, Any]) -> list[str]:
    kind = record.get("@type", record.get("type"))
    if kind is None:
        return []
    kinds = kind if isinstance(kind, list) else [kind]
    return [str(k).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for k in kinds]


def _name_of(value: Any) -> str:
    """``author``/``publisher``: an object with ``name``, a list of them, or a string."""
    if isinstance(value, list):
        names = [_name_of(v) for v in value]
        return ", ".join(n for n in names if n)
    if isinstance(value, dict):
        return clean(value.get("name") or value.get("legalName") or value.get("url"))
    return clean(value)


def _number(value: Any) -> float | int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    text = clean(value)
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def web_url(value: Any) -> str:
    text = clean(value.get("url") if isinstance(value, dict) else value)
    return text if _URL.match(text) else ""


def _appearances(item: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key in ("appearance", "firstAppearance"):
        values = item.get(key)
        for value in values if isinstance(values, list) else [values]:
            url = web_url(value)
            if url and url not in out:
                out.append(url)
    return out


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = clean(value)
    return text or None


def _text(value: Any, what: str) -> str:
    text = clean(value)
    if len(text) > MAX_TEXT:
        raise Skip(f"{what} longer than {MAX_TEXT} characters")
    return text


def from_claimreview(record: Any) -> Check:
    """A schema.org ClaimReview object → a check; :class:`Skip` says why not."""
    if not isinstance(record, dict):
        raise Skip("not an object")
    types = _types(record)
    if "ClaimReview" not in types:
        raise Skip(f"@type is {'/'.join(types)}, not ClaimReview" if types else "no @type")
    claim = _text(record.get("claimReviewed"), "claimReviewed")
    item = record.get("itemReviewed")
    item = item[0] if isinstance(item, list) and item else item
    item = item if isinstance(item, dict) else {}
    if not claim:
        claim = _text(item.get("name") or item.get("text"), "claimReviewed")
    if not claim:
        raise Skip("no claimReviewed")
    url = web_url(record.get("url") or record.get("@id"))
    if not url:
        raise Skip("no http(s) url")
    rating = record.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, dict) else {}
    return Check(
        url=url,
        claim_reviewed=claim,
        rating=CheckRating(
            name=clean(rating.get("alternateName") or rating.get("name")),
            value=_number(rating.get("ratingValue")),
            best=_number(rating.get("bestRating")),
            worst=_number(rating.get("worstRating")),
        ),
        publisher=_name_of(record.get("author") or record.get("publisher")),
        date_published=clean(record.get("datePublished")) or None,
        claimant=_name_of(item.get("author")) or None,
        appearances=_appearances(item),
        language=_language(record.get("inLanguage") or item.get("inLanguage")),
        name=_text(record.get("name") or record.get("headline"), "name"),
    )


def from_google(claim: Any) -> Iterator[Check | Skip]:
    """One entry of the Fact Check Tools API's ``claims`` → a check per review of it."""
    if not isinstance(claim, dict):
        yield Skip("not an object")
        return
    reviews = claim.get("claimReview")
    if not isinstance(reviews, list) or not reviews:
        yield Skip("no claimReview")
        return
    for review in reviews:
        try:
            if not isinstance(review, dict):
                raise Skip("not an object")
            text = _text(claim.get("text"), "text")
            if not text:
                raise Skip("no claimReviewed")
            url = web_url(review.get("url"))
            if not url:
                raise Skip("no http(s) url")
            publisher = review.get("publisher") or {}
            yield Check(
                url=url,
                claim_reviewed=text,
                rating=CheckRating(name=clean(review.get("textualRating"))),
                publisher=_name_of(publisher) or clean(publisher.get("site")),
                date_published=clean(review.get("reviewDate") or claim.get("claimDate")) or None,
                claimant=clean(claim.get("claimant")) or None,
                language=clean(review.get("languageCode")) or None,
                name=_text(review.get("title"), "title"),
            )
        except Skip as skip:
            yield skip


_CSV_FIELDS = {
    "url": ("url", "review_url", "reviewurl", "link"),
    "claim_reviewed": ("claim_reviewed", "claimreviewed", "claim", "text", "claim_text"),
    "name": ("name", "headline", "title"),
    "rating": ("rating", "alternatename", "textual_rating", "textualrating", "verdict"),
    "rating_value": ("rating_value", "ratingvalue"),
    "best": ("best_rating", "bestrating", "best"),
    "worst": ("worst_rating", "worstrating", "worst"),
    "publisher": ("publisher", "author", "site"),
    "date_published": ("date_published", "datepublished", "date", "review_date"),
    "claimant": ("claimant", "claim_author", "itemreviewed_author"),
    "appearances": ("appearances", "appearance"),
    "language": ("language", "inlanguage", "language_code"),
}


def csv_columns(header: list[str]) -> dict[str, int]:
    """Which column holds which field (names compared case- and punctuation-blind)."""
    keys = [re.sub(r"[\s.\-]+", "_", h.strip().lower()) for h in header]
    found: dict[str, int] = {}
    for field, aliases in _CSV_FIELDS.items():
        for alias in aliases:
            if alias in keys:
                found[field] = keys.index(alias)
                break
            flat = alias.replace("_", "")
            hits = [i for i, k in enumerate(keys) if k.replace("_", "") == flat]
            if hits:
                found[field] = hits[0]
                break
    return found


def from_csv_row(row: list[str], columns: dict[str, int]) -> Check:
    def get(field: str) -> str:
        i = columns.get(field)
        return clean(row[i]) if i is not None and i < len(row) else ""

    claim = get("claim_reviewed")
    if len(claim) > MAX_TEXT:
        raise Skip(f"claimReviewed longer than {MAX_TEXT} characters")
    if not claim:
        raise Skip("no claimReviewed")
    url = web_url(get("url"))
    if not url:
        raise Skip("no http(s) url")
    appearances = [u for u in re.split(r"[\s|]+", get("appearances")) if web_url(u)]
    return Check(
        url=url,
        claim_reviewed=claim,
        rating=CheckRating(
            name=get("rating"),
            value=_number(get("rating_value") or None),
            best=_number(get("best") or None),
            worst=_number(get("worst") or None),
        ),
        publisher=get("publisher"),
        date_published=get("date_published") or None,
        claimant=get("claimant") or None,
        appearances=appearances,
        language=get("language") or None,
        name=get("name")[:MAX_TEXT],
    )
