"""Multipliers and proportions: figures of kind ``ratio``.

- Multipliers: "twice" 2, "thrice" 3, "three times" 3, "2.5 times", "tenfold" 10,
  "a 3-fold rise" 3.
- Proportions: "one in five" 0.2, "7 out of 10" 0.7, "one in every three" 0.3333;
  fractions of a whole written in words ("half of" 0.5, "a third of" 0.3333,
  "two-thirds" 0.6667, "three-quarters" 0.75) are made ratios by ``number_rules`` once
  it knows no unit follows ("half an hour" is a duration, "half a million" a count).
- Return periods: "a 1-in-100-year flood" is no count of 1 but the chance in any one
  year, 0.01, with the qualifier "return period" (how hydrologists and insurers quote it;
  the period itself is 1 / value years).

Quotients are rounded as fractions written in words are (``exact.divided``): four
decimals, or four significant digits below 0.001 ("one in 1,200" is 0.0008333).
"""

from __future__ import annotations

import re

from core.number_words import TENS, UNITS

from .exact import divided
from .hits import HYPHENS, PERCENT_WORDS, RATIO, YEAR, Hit, unit_follows
from .numbers import NumberPhrase, parse_number, parse_numeral
from .tokens import TokenView

RETURN_PERIOD = "return period"

MULTIPLIER_WORDS: dict[str, int] = {
    **{word: value for word, value in UNITS.items() if value >= 2},
    **TENS,
    "hundred": 100,
    "thousand": 1000,
}
"""Stems of "twofold", "tenfold", "hundredfold"."""

ADVERBS = {"twice": 2, "thrice": 3}
_FREQUENCY_AFTER = frozenset(
    {
        "a",
        "an",
        "per",
        "each",
        "every",
        "daily",
        "weekly",
        "monthly",
        "yearly",
        "annually",
        "in",
        "since",
        "before",
        "during",
        "this",
        "last",
        "already",
        "now",
        "over",
        "more",
        "",
    }
)
"""Words after "twice" that make it how often ("twice a week", "convicted twice
before", "twice more"), not how much: those are left alone."""

_GLUED_RETURN_PERIOD = re.compile(r"^(\d+|one|a)-in-(?:a-)?(\d{1,3}(?:,\d{3})*|\d+|[a-z]+)-year$")


def multiplier_word(tv: TokenView, i: int) -> Hit | None:
    """ "twice as many", "thrice the size", "tenfold", "a hundredfold increase"."""
    word = tv.word(i)
    if word in ADVERBS:
        after = tv.word(i + 1)
        if after in _FREQUENCY_AFTER or not after[:1].isalpha():
            return None
        return Hit(i, i + 1, RATIO, ADVERBS[word])
    if word.endswith("fold") and word[:-4] in MULTIPLIER_WORDS:
        return Hit(i, i + 1, RATIO, MULTIPLIER_WORDS[word[:-4]])
    return None


def times(tv: TokenView, i: int, j: int, value: object) -> Hit | None:
    """ "three times", "2.5 times", "a 3-fold rise", "3 fold": a multiplier at ``j``."""
    k = j + 1 if tv.word(j) in HYPHENS and tv.joined(j - 1) and tv.joined(j) else j
    if tv.word(k) in ("times", "fold") and value != 1:
        return Hit(i, k + 1, RATIO, value, bare=False)
    return None


def return_period(tv: TokenView, i: int) -> Hit | None:
    """ "1-in-100-year", "one-in-50-year", "a one in 100 year flood", "1-in-1,000-year"."""
    chunk, k = tv.words[i], i
    while tv.joined(k) and k - i < 8 and k + 1 < len(tv):
        k += 1
        chunk += tv.words[k]
        match = _GLUED_RETURN_PERIOD.match(chunk)
        if match:
            return _period(i, k + 1, match[1], match[2])
    return None


def _period(start: int, end: int, chance: str, years: str) -> Hit | None:
    one = 1 if chance in ("one", "a") else parse_numeral(chance)
    many = parse_number(years.replace(",", " ").split(), 0) if years.isalpha() else None
    span = many.value if many is not None else parse_numeral(years.replace(",", ""))
    numerator = one if isinstance(one, int) else getattr(one, "value", None)
    denominator = span if isinstance(span, int) else getattr(span, "value", None)
    if not isinstance(numerator, int) or not isinstance(denominator, int) or denominator < 2:
        return None
    if numerator >= denominator:
        return None
    return Hit(start, end, RATIO, divided(numerator, denominator), qualifier=RETURN_PERIOD)


def proportion(tv: TokenView, i: int, phrase: NumberPhrase) -> Hit | None:
    """ "one in five", "7 out of 10", "one in every three", "one over three": a share,
    valued as the fraction; "one in 100 year" is a return period.

    "over" reads as a fraction bar only when nothing follows the second number ("2000
    over 3 years" is money over time, not a fraction).
    """
    j = phrase.end
    if tv.word(j) == "out" and tv.word(j + 1) == "of":
        k = j + 2
    elif tv.word(j) in ("in", "over"):
        k = j + 1
    else:
        return None
    if tv.word(k) == "every" and tv.word(j) != "over":
        k += 1
    if not isinstance(phrase.value, int) or phrase.value <= 0 or phrase.ordinal:
        return None
    whole = parse_number(tv.words, k) if k < len(tv) else None
    if whole is None or whole.ordinal or whole.suffix or not isinstance(whole.value, int):
        return None
    if tv.word(j) == "over":
        if tv.word(whole.end)[:1].isalnum() or whole.value == 0:
            return None
    elif not phrase.value < whole.value <= 1_000_000 or YEAR.match(tv.word(k)):
        return None
    nxt = tv.word(whole.end)
    if tv.word(j) == "in" and (
        nxt == "year" or (nxt in HYPHENS and tv.word(whole.end + 1) == "year")
    ):
        end = whole.end + (1 if nxt == "year" else 2)
        return Hit(i, end, RATIO, divided(phrase.value, whole.value), qualifier=RETURN_PERIOD)
    if nxt in PERCENT_WORDS or unit_follows(tv, whole.end):
        return None
    if whole.value > 1000:
        return None
    return Hit(i, whole.end, RATIO, divided(phrase.value, whole.value))
