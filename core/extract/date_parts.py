"""The parts a date is written with: a day of the month ("13", "13th", "twenty-first"),
a year ("2015", "two thousand and eighteen", "nineteen oh one") and a month name."""

from __future__ import annotations

import re

from . import dates as D
from .hits import PERCENT_WORDS, YEAR
from .numbers import ORDINAL_UNITS, TENS, UNITS, parse_number
from .tokens import TokenView

_DAY_SUFFIX = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")


def day_at(tv: TokenView, i: int) -> tuple[int, int] | None:
    """A day of the month at token ``i``: "13", "13th", "thirteenth", "twenty-first"."""
    word = tv.word(i)
    match = _DAY_SUFFIX.match(word)
    if match:
        day = int(match[1])
        return (day, i + 1) if 1 <= day <= 31 else None
    if word in ORDINAL_UNITS or word in UNITS or word in ("twenty", "thirty"):
        phrase = parse_number(tv.words, i)
        if phrase and isinstance(phrase.value, int) and 1 <= phrase.value <= 31:
            return phrase.value, phrase.end
    return None


def year_at(tv: TokenView, i: int) -> tuple[int, int] | None:
    """A year at token ``i``: "2015" (not followed by a percent), or spelled out after a
    month: "two thousand and eighteen", "nineteen seventy-eight", "nineteen oh one"."""
    word = tv.word(i)
    if YEAR.match(word) and tv.word(i + 1) not in PERCENT_WORDS:
        return int(word), i + 1
    if word not in UNITS and word not in TENS:
        return None
    phrase = parse_number(tv.words, i)
    if phrase and phrase.words and isinstance(phrase.value, int) and 1000 <= phrase.value <= 2100:
        return phrase.value, phrase.end
    century = UNITS.get(word) or TENS.get(word)
    if century is None or not 10 <= century <= 20:
        return None
    if tv.word(i + 1) in ("oh", "zero", "o") and 0 < UNITS.get(tv.word(i + 2), 0) < 10:
        return century * 100 + UNITS[tv.word(i + 2)], i + 3
    rest = parse_number(tv.words, i + 1) if i + 1 < len(tv) else None
    if rest and rest.words and isinstance(rest.value, int) and 10 <= rest.value <= 99:
        return century * 100 + rest.value, rest.end
    return None


def month_number(word: str) -> int | None:
    return D.MONTHS.get(word[:-1] if word.endswith(".") else word)
