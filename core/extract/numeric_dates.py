"""Dates written as one run of glued tokens: "2015-08-12", "02/22/2016", "4/22",
"jan-1", "22april", "mid-2015", "1990s".

A shape without a year ("4/22", "jan-1") takes the article's year, and says so
(``Hit.yearless``) so that the tense of its sentence can move it to the next or the
previous year (``tense``).
"""

from __future__ import annotations

import re

from . import dates as D
from .date_parts import month_number
from .hits import DATE, Hit
from .tokens import TokenView

_NUMERIC_DATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$"), "ymd"),
    (re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})$"), "mdy"),
    (re.compile(r"^(\d{1,2})/(\d{1,2}),(\d{4}|\d{2})$"), "md,y"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})$"), "md"),
    (re.compile(r"^(\d{4})[-/]([a-z]{3,4})[-/](\d{1,2})$"), "y-mon-d"),
    (re.compile(r"^([a-z]{3,9})\.?[-/]?(\d{1,2})(?:st|nd|rd|th)?$"), "mon-d"),
    (re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[-/]?([a-z]{3,9})$"), "d-mon"),
    (re.compile(r"^(mid|early|late)-(\d{4})$"), "q-y"),
    (re.compile(r"^(mid|early|late)-([a-z]{3,9})$"), "q-mon"),
    (re.compile(r"^(\d{3})0s$"), "decade"),
]


_YEARLESS_SHAPES = frozenset({"md", "mon-d", "d-mon", "q-mon"})
_SHAPE_OF: dict[str, str] = {}
"""The shape each chunk last matched (a chunk is read once per figure, so this stays small
per document; it is cleared when it grows)."""


def numeric_date(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """Dates written as one run of glued tokens: "2015-08-12", "02/22/2016", "4/22",
    "jan-1", "22april", "mid-2015", "1990s"."""
    if not tv.joined(i) and tv.word(i)[:1].isalpha() and tv.word(i) in D.MONTHS:
        return None
    if len(_SHAPE_OF) > 4096:
        _SHAPE_OF.clear()
    n = len(tv)
    k = i
    chunk = tv.words[i]
    candidates = [(chunk, i + 1)]
    while tv.joined(k) and k + 1 < n and k - i < 6:
        k += 1
        chunk += tv.words[k]
        candidates.append((chunk, k + 1))
    for text, end in reversed(candidates):
        value = _read_numeric_date(text, ref)
        if value is not None:
            date_value, qualifier = value
            yearless = ref.year is not None and _SHAPE_OF[text] in _YEARLESS_SHAPES
            return Hit(i, end, DATE, date_value, qualifier=qualifier, yearless=yearless)
    return None


def _read_numeric_date(text: str, ref: D.Reference) -> tuple[str, str | None] | None:
    for pattern, shape in _NUMERIC_DATES:
        m = pattern.match(text)
        if m is None:
            continue
        _SHAPE_OF[text] = shape
        if shape == "ymd":
            y, mo, d = int(m[1]), int(m[3]), int(m[4])
            return _checked(y, mo, d)
        if shape == "mdy":
            a, b, y = int(m[1]), int(m[3]), int(m[4])
            if m[2] == "." and len(m[4]) == 2:
                return None  # "1.5.20" is more likely a version than a date
            year = y if len(m[4]) == 4 else D.year_from_two_digits(y)
            mo, d = (b, a) if a > 12 else (a, b)
            return _checked(year, mo, d)
        if shape == "md,y":
            a, b, y = int(m[1]), int(m[2]), int(m[3])
            year = y if len(m[3]) == 4 else D.year_from_two_digits(y)
            mo, d = (b, a) if a > 12 else (a, b)
            return _checked(year, mo, d)
        if shape == "md":
            a, b = int(m[1]), int(m[2])
            if (a < b and b in FRACTION_DENOMINATORS) or b == 0 or (a, b) == (24, 7):
                return None  # "3/4", "5/8": a fraction; "9/11", "4/22": a date
            mo, d = (b, a) if a > 12 else (a, b)
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                return None
            return D.resolve(None, mo, d, ref), None
        if shape == "y-mon-d":
            month = month_number(m[2])
            return _checked(int(m[1]), month, int(m[3])) if month else None
        if shape == "mon-d":
            month = month_number(m[1])
            day = int(m[2])
            if month and 1 <= day <= 31:
                return D.resolve(None, month, day, ref), None
            return None
        if shape == "d-mon":
            month = month_number(m[2])
            day = int(m[1])
            if month and 1 <= day <= 31:
                return D.resolve(None, month, day, ref), None
            return None
        if shape == "q-y":
            return m[2], m[1]
        if shape == "q-mon":
            month = month_number(m[2])
            return (D.resolve(None, month, None, ref), m[1]) if month else None
        if shape == "decade":
            return m[1] + "X", None
    return None


FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16})
"""Denominators that make "a/b" a fraction rather than a month and day."""


def _checked(year: int, month: int | None, day: int) -> tuple[str, None] | None:
    if month is None or not (1 <= month <= 12) or not (1 <= day <= 31):
        return None
    return D.iso_date(year, month, day), None
