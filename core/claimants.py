"""Who a claim is attributed to: the words the rules know, and Person or Organization.

A claimant is a person, a group of people or an organisation: "Trump", "the health
ministry", "US officials". A document is not a claimant, its author is ("an Al Jazeera
report" is Al Jazeera's claim; "official figures" names nobody). The word lists live in
``extract/data/claimant_words.json`` so they can grow without touching the rules.

This module is pure Python (no spaCy): the exporters ask it whether a stored claimant is a
``Person`` or an ``Organization`` for ClaimReview's ``itemReviewed.author``. Only the name
is stored, so the answer comes from the name itself, the same for an extracted claimant
and one a reviewer typed: an Organization when a word of it names an organisation
("ministry", "agency", "bank", "police", "newspaper" …), when it is a known outlet or
organisation (Reuters, Al Jazeera, the White House …), an acronym (UN, ONS, IMF) or a
country (Babel's territory names: "Mexico said" is its government speaking); a Person
otherwise (a name, a role such as "the minister", a group such as "officials").
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

PERSON = "Person"
ORGANIZATION = "Organization"

_DATA = Path(__file__).parent / "extract" / "data" / "claimant_words.json"
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}")
_WORD = re.compile(r"[\w'’&.-]+")
_PREPOSITIONS = frozenset({"of", "for", "at", "in", "from", "with", "on"})


@cache
def words() -> dict[str, frozenset[str]]:
    """The word lists, casefolded: people, organisations, documents, modifiers,
    researchers (single words) and outlets, self (whole names, ``;``-separated)."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    out: dict[str, frozenset[str]] = {}
    for key in ("people", "organisations", "documents", "modifiers", "researchers"):
        out[key] = frozenset(raw[key].casefold().split())
    for key in ("outlets", "self"):
        out[key] = frozenset(n.strip().casefold() for n in raw[key].split(";") if n.strip())
    return out


@cache
def countries() -> frozenset[str]:
    """English names of countries and regions (Babel's CLDR data), casefolded."""
    from babel import Locale

    return frozenset(name.casefold() for name in Locale("en").territories.values())


def without_article(name: str) -> str:
    """ "The New York Times" → "New York Times"; a lowercase description keeps its "the"."""
    head, _, rest = name.partition(" ")
    if head in ("The", "the", "A", "a", "An", "an") and rest and rest[0].isupper():
        return rest
    return name


def is_organisation(name: str) -> bool:
    """Whether ``name`` names an organisation rather than a person (module docstring)."""
    lists = words()
    folded = without_article(name.strip()).casefold()
    if folded in lists["outlets"] or folded in countries():
        return True
    tokens = _WORD.findall(without_article(name.strip()))
    if not tokens:
        return False
    folded_tokens = [t.casefold().removesuffix("'s").removesuffix("’s") for t in tokens]
    head = next((t for t in folded_tokens if t in _PREPOSITIONS), None)
    head = folded_tokens[folded_tokens.index(head) - 1] if head else folded_tokens[-1]
    if head in lists["people"] and head not in lists["organisations"]:
        return False  # "US officials", "analysts at Goldman Sachs": people
    if any(t in lists["organisations"] for t in folded_tokens):
        return True
    return any(_ACRONYM.fullmatch(t) for t in tokens)


def claimant_kind(name: str) -> str:
    """ClaimReview's author type for a claimant: ``Organization`` or ``Person``."""
    return ORGANIZATION if is_organisation(name) else PERSON


def clean_claimant(name: str | None) -> str | None:
    """A claimant as stored: spaces folded, ``None`` for blank (no claimant)."""
    if name is None:
        return None
    folded = " ".join(name.split())
    return folded or None
