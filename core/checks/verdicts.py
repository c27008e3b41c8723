"""From a published rating to a status on this desk, and back.

A fact-checker's rating scale is their own ("Pants on Fire", "Four Pinocchios",
"Missing context"), so applying a known check maps the rating's name through a table,
then, for a numeric rating without a known name, its position between worst and best.
Ratings that do not decide a verdict here ("Misleading", "Half true": the claim is partly
wrong, but what the right figure is is not said) map to nothing: the reviewer chooses.

The table can be extended or overridden with a TOML or JSON file named by
``$CLAIMDESK_CHECK_STATUS_MAP``: ``[ratings]`` of ``"rating name" = "status"`` (an empty
string makes a rating ambiguous).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from core.errors import UserError
from core.model import Claim, Status

STATUS_MAP_ENV = "CLAIMDESK_CHECK_STATUS_MAP"
APPLICABLE = frozenset({Status.VERIFIED, Status.FALSE, Status.INCONCLUSIVE, Status.NEEDS_SOURCE})

DEFAULT_STATUS_MAP: dict[str, str | None] = {
    # verified
    "true": "verified", "correct": "verified", "accurate": "verified",
    "geppetto checkmark": "verified",
    "verified": "verified", "authentic": "verified",
    # false
    "false": "false", "pants on fire": "false", "fake": "false", "incorrect": "false",
    "wrong": "false", "four pinocchios": "false", "fabricated": "false", "hoax": "false",
    "baseless": "false", "mostly false": "false", "not true": "false", "scam": "false",
    "false claim": "false", "satire": "false", "altered": "false", "misattributed": "false",
    # inconclusive
    "unproven": "inconclusive", "unverified": "inconclusive", "unsupported": "inconclusive",
    "no evidence": "inconclusive", "inconclusive": "inconclusive",
    "unsubstantiated": "inconclusive", "research in progress": "inconclusive",
    "unclear": "inconclusive",
    # the reviewer decides
    "mostly true": None, "mostly correct": None, "misleading": None, "half true": None,
    "half-true": None, "partly false": None,
    "partly true": None, "mixture": None, "missing context": None, "exaggerated": None,
    "needs context": None, "two pinocchios": None, "three pinocchios": None,
    "one pinocchio": None, "distorts the facts": None, "cherry picks": None,
    "out of context": None, "spins the facts": None,
}  # fmt: skip

_KEY = re.compile(r"[^\w]+")


def _key(name: str) -> str:
    return _KEY.sub(" ", name.casefold()).strip()


def load_status_map(path: str | Path | None = None) -> dict[str, str | None]:
    """The default map, with the file's entries (``$CLAIMDESK_CHECK_STATUS_MAP``) over it."""
    table = {_key(k): v for k, v in DEFAULT_STATUS_MAP.items()}
    path = path if path is not None else os.environ.get(STATUS_MAP_ENV)
    if not path:
        return table
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    except OSError as exc:
        raise UserError(f"cannot read status map {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise UserError(f"status map {path} is neither valid JSON nor TOML: {exc}") from None
    entries = data.get("ratings", data) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise UserError(f"status map {path}: expected a table of rating name → status")
    allowed = {s.value for s in APPLICABLE}
    for name, status in entries.items():
        if status in ("", None):
            table[_key(str(name))] = None
        elif status in allowed:
            table[_key(str(name))] = status
        else:
            raise UserError(
                f"status map {path}: {status!r} for {name!r} is not one of "
                f'{", ".join(sorted(allowed))} (or "" to let the reviewer choose)'
            )
    return table


def status_for(rating: dict[str, Any] | None, table: dict[str, str | None]) -> str | None:
    """The status a published rating means here, or ``None`` when the reviewer must choose."""
    rating = rating or {}
    name = _key(str(rating.get("name") or ""))
    if name in table:
        return table[name]
    value, best, worst = rating.get("value"), rating.get("best"), rating.get("worst")
    if isinstance(value, int | float) and isinstance(best, int | float):
        worst = worst if isinstance(worst, int | float) else 1
        if best > worst:
            position = (value - worst) / (best - worst)
            if position >= 0.9:
                return Status.VERIFIED.value
            if position <= 0.1:
                return Status.FALSE.value
    return None


def rating_of(claim: Claim) -> dict[str, Any]:
    """The rating the desk publishes for one of its verdicts (as ``export claimreview``)."""
    from core.export.claimreview import load_rating_map

    try:
        ratings = load_rating_map()
    except UserError:
        from core.export.claimreview import DEFAULT_RATINGS as ratings
    rating = ratings.ratings.get(str(claim.status))
    if rating is None:
        return {"name": str(claim.status), "value": None, "best": None, "worst": None}
    return {
        "name": rating.name,
        "value": rating.value,
        "best": ratings.best,
        "worst": ratings.worst,
    }
