"""Quarters and halves of a year: "Q3 2024", "in Q4", "H1", "the fourth quarter", "the
third quarter of 2024", "fourth-quarter profits", "the first half of next year".

They are dates, written as TIMEX3 writes them ("2024-Q3", "2025-H1"), not ordinals: "the
fourth quarter" is a period of the year, never the number 4. The year comes from the text
("of 2024", "of next year"), else from the article's date; a year taken from the
article's date is marked ``yearless`` so that the tense of the sentence can move it
("profits fell in the fourth quarter", written in February, is last year's; ``tense``).
Without an article date the year stays unknown ("XXXX-Q4").
"""

from __future__ import annotations

import re

from . import dates as D
from .date_parts import year_at
from .hits import DATE, HYPHENS, Hit
from .tokens import TokenView

QUARTER_TOKEN = re.compile(r"^([QH])([1-4])$")

PERIOD_ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "final": -1,
}
"""Ordinals that name a quarter or a half ("final" is the last one: Q4, H2)."""
_PERIODS = {"quarter": ("Q", 4), "half": ("H", 2)}
_YEAR_OFFSETS = {"this": 0, "the": 0, "next": 1, "last": -1, "previous": -1}


def _prefix(year: int | None) -> str:
    return f"{year:04d}" if year is not None else "XXXX"


def quarter(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """ "Q3 2024", "in Q4", "H1 2025" ("2024-Q3", "2025-H1")."""
    match = QUARTER_TOKEN.match(tv.text(i))
    if match is None or (match[1] == "H" and match[2] not in "12"):
        return None
    found = year_at(tv, i + 1)
    if match[1] == "H" and not found and tv.word(i - 1) not in ("in", "the", "during", "by"):
        return None  # "green H2" is hydrogen
    year, end = found if found else (ref.year, i + 1)
    yearless = not found and ref.year is not None
    return Hit(i, end, DATE, f"{_prefix(year)}-{match[1]}{match[2]}", yearless=yearless)


def period_at(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """ "the fourth quarter", "3rd quarter", "fourth-quarter", "the first half of 2023",
    "the second quarter of next year", "the first half of the year", "the final quarter"."""
    rank = PERIOD_ORDINALS.get(tv.word(i))
    if rank is None:
        return None
    k = i + 1
    if tv.word(k) in HYPHENS and tv.joined(i) and tv.joined(k):
        k += 1  # "fourth-quarter results"
    period = _PERIODS.get(tv.word(k))
    if period is None:
        return None
    letter, count = period
    if rank > count:
        return None  # "the third half" is no period
    if rank == -1:
        rank = count
    end = k + 1
    year, yearless = ref.year, ref.year is not None
    if tv.word(end) == "of":
        found = year_at(tv, end + 1)
        offset = _YEAR_OFFSETS.get(tv.word(end + 1))
        if found:
            (year, end), yearless = found, False
        elif offset is not None and tv.word(end + 2) == "year":
            year = None if ref.year is None else ref.year + offset
            end, yearless = end + 3, False
    else:
        found = year_at(tv, end)
        if found:
            (year, end), yearless = found, False
    return Hit(i, end, DATE, f"{_prefix(year)}-{letter}{rank}", yearless=yearless)
