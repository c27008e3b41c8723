"""schema.org ClaimReview JSON-LD, one object per claim with a verdict.

Fact-check aggregators (Google's Fact Check Explorer among them) read ClaimReview. Google
requires ``claimReviewed``, ``reviewRating`` (with ``alternateName``, the verdict in
words), ``url`` and recommends ``author``; where our data cannot supply one, we still write
the object and say on stderr what is missing and how often, so a publisher finds out
before Google does. The JSON is safe to paste into a ``<script>`` element as it is
(:func:`script_safe_json`).

Configuration (flags win over the environment, the environment over the ``[claimreview]``
table of the configuration file):

- publishing organisation: ``--org-name`` / ``$CLAIMDESK_ORG_NAME``, ``--org-url`` /
  ``$CLAIMDESK_ORG_URL``;
- review URL: ``--review-url`` / ``$CLAIMDESK_REVIEW_URL``, a base to which the claim id is
  appended (``https://example.org/checks/`` → ``https://example.org/checks/<id>``);
  both URLs must be http(s) (``core.urls``);
- ratings: ``--rating-map FILE`` / ``$CLAIMDESK_RATING_MAP``, JSON or TOML::

      best = 5
      worst = 1
      [ratings]
      verified = { value = 5, name = "True" }
      corrected = { value = 2, name = "Partly false" }

  Entries given replace the defaults (:data:`DEFAULT_RATINGS`) status by status; a status
  without a rating (needs_source, unreviewed, dismissed, removed by default) has no verdict
  to publish and is skipped.

``itemReviewed.author`` is the claim's claimant, a ``Person`` or an ``Organization`` as
``core.claimants.claimant_kind`` reads the name; a claim the article asserts itself (no
claimant) is the outlet's, when the article's URL names one.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlparse

from core.claimants import claimant_kind
from core.errors import UserError
from core.export.selection import ALL_STATUSES, Selection, Ticker, iter_selected_claims
from core.model import Article, Claim
from core.safetext import json_inert
from core.urls import check_web_url

if TYPE_CHECKING:
    from core.desk.api import DeskBackend

ORG_NAME_ENV = "CLAIMDESK_ORG_NAME"
ORG_URL_ENV = "CLAIMDESK_ORG_URL"
REVIEW_URL_ENV = "CLAIMDESK_REVIEW_URL"
RATING_MAP_ENV = "CLAIMDESK_RATING_MAP"


@dataclass(frozen=True)
class Rating:
    value: int
    name: str


@dataclass(frozen=True)
class RatingMap:
    """Status → rating on a ``worst``..``best`` scale (5 = true, 1 = false by default)."""

    ratings: dict[str, Rating] = field(default_factory=dict)
    best: int = 5
    worst: int = 1


DEFAULT_RATINGS = RatingMap(
    ratings={
        "verified": Rating(5, "True"),
        "corrected": Rating(2, "Partly false"),
        "false": Rating(1, "False"),
        "inconclusive": Rating(3, "Unproven"),
    }
)


@dataclass(frozen=True)
class Publisher:
    """Who publishes the reviews, and where each review lives."""

    name: str = ""
    url: str = ""
    review_url: str = ""


def review_url(base: str, claim_id: str) -> str:
    """``base`` + claim id; a ``/`` goes between unless ``base`` ends a path or query."""
    return base + claim_id if base.endswith(("/", "=", "#", "?")) else f"{base}/{claim_id}"


def publisher_from_env(
    name: str | None = None, url: str | None = None, review_url: str | None = None
) -> Publisher:
    """The publisher from the flags given, else the environment, else the configuration;
    its URLs must be http(s)."""
    from core.config import value_of

    return Publisher(
        name=(value_of("claimreview.org_name", name) or "").strip(),
        url=_http_setting("claimreview.org_url", url, "--org-url"),
        review_url=_http_setting("claimreview.review_url", review_url, "--review-url"),
    )


def _http_setting(key: str, flag_value: str | None, flag: str) -> str:
    """A URL setting, checked; the error names where it came from (flag, variable, file)."""
    from core.config import resolve

    value, origin = resolve(key, flag_value)
    value = (value or "").strip()
    if not value:
        return ""
    where = {"flag": flag, "file": f"{key} in the configuration file"}.get(origin, origin)
    return check_web_url(value, where)


_SCRIPT_UNSAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_safe_json(obj: Any) -> str:
    """JSON that can sit inside ``<script type="application/ld+json">`` as it is.

    ``<``, ``>`` and ``&`` become ``\\u003c`` and so on (a ``</script>`` or ``<!--`` in
    a claim cannot end or hide the script), U+2028 / U+2029 their escapes (older
    JavaScript ends a line there). These characters only ever occur inside JSON strings,
    where the escapes decode to exactly the same text.
    """
    return json_inert(json.dumps(obj, ensure_ascii=False).translate(_SCRIPT_UNSAFE))


def load_rating_map(path: Path | str | None = None) -> RatingMap:
    """Read a rating map file (JSON or TOML), merged over the defaults."""
    if path is None:
        from core.config import value_of

        configured = value_of("claimreview.rating_map")
        if not configured:
            return DEFAULT_RATINGS
        path = configured
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read rating map {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
        data = (
            json.loads(text)
            if path.suffix.lower() == ".json" or text.lstrip().startswith("{")
            else tomllib.loads(text)
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise UserError(f"rating map {path} is neither valid JSON nor TOML: {exc}") from None
    return parse_rating_map(data, origin=str(path))


def parse_rating_map(data: Any, origin: str = "rating map") -> RatingMap:
    if not isinstance(data, dict):
        raise UserError(f"{origin}: expected a table with 'ratings'")
    best = data.get("best", DEFAULT_RATINGS.best)
    worst = data.get("worst", DEFAULT_RATINGS.worst)
    if not all(type(x) is int for x in (best, worst)) or worst >= best:
        raise UserError(f"{origin}: 'best' and 'worst' must be whole numbers, worst < best")
    table = data.get("ratings", {})
    if not isinstance(table, dict):
        raise UserError(f"{origin}: 'ratings' must map statuses to {{value, name}}")
    ratings = dict(DEFAULT_RATINGS.ratings)
    for status, entry in table.items():
        if status not in ALL_STATUSES:
            raise UserError(f"{origin}: unknown status {status!r}")
        if entry is None or entry == {}:
            ratings.pop(status, None)  # explicitly unpublished
            continue
        if isinstance(entry, list) and len(entry) == 2:
            entry = {"value": entry[0], "name": entry[1]}
        if not isinstance(entry, dict) or type(entry.get("value")) is not int:
            raise UserError(f"{origin}: rating for {status!r} needs an integer 'value'")
        value = entry["value"]
        if not worst <= value <= best:
            raise UserError(f"{origin}: rating {value} for {status!r} is outside {worst}..{best}")
        ratings[status] = Rating(value, str(entry.get("name", "")).strip())
    return RatingMap(ratings=ratings, best=best, worst=worst)


_FULL_OR_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def schema_date(text: str | None) -> str | None:
    """An ISO 8601 date schema.org accepts, or ``None`` for unknown parts (``XXXX-08-13``)."""
    if not text:
        return None
    head = text[:10] if "T" in text[:11] else text
    return head if _FULL_OR_PARTIAL_DATE.match(head) else None


def web_url(text: str | None) -> str | None:
    """``text`` when it is an http(s) URL with a host; file paths are not appearances."""
    if not text:
        return None
    parsed = urlparse(text.strip())
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return text.strip()
    return None


def outlet_of(url: str) -> str:
    """The publishing outlet as far as we know it: the source URL's host without www."""
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")


def review_object(
    claim: Claim, article: Article | None, rating: Rating, ratings: RatingMap, pub: Publisher
) -> dict[str, Any]:
    """One ClaimReview. Fields we cannot fill are left out rather than faked."""
    obj: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
    if pub.review_url:
        obj["url"] = review_url(pub.review_url, claim.id)
    if claim.statement.strip():
        obj["claimReviewed"] = " ".join(claim.statement.split())
    if pub.name:
        author: dict[str, Any] = {"@type": "Organization", "name": pub.name}
        if pub.url:
            author["url"] = pub.url
        obj["author"] = author
    published = schema_date(claim.updated_at)
    if published:
        obj["datePublished"] = published
    rating_obj: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": rating.value,
        "bestRating": ratings.best,
        "worstRating": ratings.worst,
    }
    if rating.name:
        rating_obj["alternateName"] = rating.name
    obj["reviewRating"] = rating_obj
    body = review_body(claim)
    if body:
        obj["reviewBody"] = body
    obj["itemReviewed"] = item_reviewed(claim, article)
    return obj


def item_reviewed(claim: Claim, article: Article | None) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    source_url = web_url(article.source) if article else None
    if claim.claimant:
        item["author"] = {"@type": claimant_kind(claim.claimant), "name": claim.claimant}
    elif source_url and outlet_of(source_url):
        item["author"] = {"@type": "Organization", "name": outlet_of(source_url)}
    date = schema_date(article.date) if article else None
    if date:
        item["datePublished"] = date
    if source_url:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": source_url}
        if article and article.title:
            appearance["headline"] = article.title
        item["appearance"] = appearance
    return item


def review_body(claim: Claim) -> str:
    """The correction in words, when the reviewer recorded one."""
    corr = claim.correction
    if corr is None:
        return ""
    parts = []
    if corr.value:
        parts.append(f"Correct figure: {corr.value}.")
    if corr.statement:
        parts.append(f"Correct statement: {corr.statement}")
    if corr.note:
        parts.append(corr.note)
    return " ".join(_sentence(p) for p in parts)


def _sentence(text: str) -> str:
    flat = " ".join(text.split())
    return flat if flat.endswith((".", "!", "?", "…")) else flat + "."


REQUIRED = {
    "claimReviewed": "claimReviewed (empty claim statement)",
    "alternateName": "reviewRating.alternateName (rating without a name in the rating map)",
    "url": f"url (set --review-url or ${REVIEW_URL_ENV})",
    "author": f"author (set --org-name or ${ORG_NAME_ENV})",
}


def write_claimreview(
    desk: DeskBackend,
    out: TextIO,
    selection: Selection,
    ticker: Ticker,
    *,
    publisher: Publisher | None = None,
    rating_map: RatingMap | None = None,
    warn: Callable[[str], None] = lambda _line: None,
) -> int:
    pub = publisher if publisher is not None else publisher_from_env()
    ratings = rating_map if rating_map is not None else load_rating_map()
    articles: dict[str, Article] = {}
    missing: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    written = 0
    out.write("[")
    for claim in iter_selected_claims(desk, selection):
        rating = ratings.ratings.get(claim.status)
        if rating is None:
            skipped[claim.status] += 1
            ticker.tick()
            continue
        article = _article(desk, articles, claim.article_id)
        obj = review_object(claim, article, rating, ratings, pub)
        for key in ("claimReviewed", "url", "author"):
            if key not in obj:
                missing[key] += 1
        if "alternateName" not in obj["reviewRating"]:
            missing["alternateName"] += 1
        out.write("\n" if written == 0 else ",\n")
        # One object per line: json's C encoder only runs without ``indent`` (pretty
        # printing tripled the time at 100,000 claims); any JSON tool re-indents.
        out.write(script_safe_json(obj))
        written += 1
        ticker.tick()
    out.write("\n]\n" if written else "]\n")
    for key, text in REQUIRED.items():
        if missing[key]:
            warn(f"{missing[key]} ClaimReview object(s) lack required {text}")
    if skipped:
        kinds = ", ".join(f"{n} {s}" for s, n in sorted(skipped.items()))
        warn(f"skipped claims with no verdict to publish: {kinds}")
    return written


def _article(desk: DeskBackend, cache: dict[str, Article], article_id: str) -> Article | None:
    if article_id not in cache:
        try:
            cache[article_id] = desk.article(article_id)
        except KeyError:
            cache[article_id] = None  # type: ignore[assignment]
    return cache[article_id]


def missing_required(
    publisher: Publisher | None = None, rating_map: RatingMap | None = None
) -> list[str]:
    """The fields Google requires that every object of this export would lack, as the
    settings stand (flags, environment, configuration): said before exporting, in the
    workbench, rather than only counted afterwards."""
    pub = publisher if publisher is not None else publisher_from_env()
    ratings = rating_map if rating_map is not None else load_rating_map()
    missing = []
    if not pub.review_url:
        missing.append(
            f"url (set review_url in the configuration's [claimreview] or ${REVIEW_URL_ENV})"
        )
    if not pub.name:
        missing.append(
            f"author (set org_name in the configuration's [claimreview] or ${ORG_NAME_ENV})"
        )
    unnamed = sorted(status for status, rating in ratings.ratings.items() if not rating.name)
    if unnamed:
        missing.append(
            "reviewRating.alternateName for " + ", ".join(unnamed) + " (the rating map names none)"
        )
    return missing
