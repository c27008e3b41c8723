"""What the figure rules produce before it becomes a ``Figure``, and the vocabulary the
rule modules share (figure kinds, percent words, hyphens, the year pattern).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.model import FigureKind

from . import dates as D
from .lexicon import units
from .money import currency_after
from .tokens import TokenView

COUNT = FigureKind.COUNT.value
PERCENT = FigureKind.PERCENT.value
MONEY = FigureKind.MONEY.value
DURATION = FigureKind.DURATION.value
DATE = FigureKind.DATE.value
TIME = FigureKind.TIME.value
ORDINAL = FigureKind.ORDINAL.value
MEASURE = FigureKind.MEASURE.value
RATIO = FigureKind.RATIO.value


@dataclass(slots=True)
class Hit:
    """A figure found over tokens ``[start, end)`` before it becomes a ``Figure``.

    ``kind`` is ``None`` for spans that are deliberately *not* figures (phone numbers,
    identifiers): they are consumed so that their digits are not reported one by one.
    ``bare`` marks a plain number with no unit, which may take its unit from the other
    end of a range ("25 to 30 per cent"); ``scale`` is the multiplier of a trailing scale
    word ("2 million"), shared the same way ("1.5 to 2 million").
    """

    start: int
    end: int
    kind: str | None
    value: object = None
    unit: str | None = None
    qualifier: str | None = None
    upper: object = None
    bare: bool = False
    scale: int = 1
    trim_end: int = 0  # characters of the last token that are not the figure's ("m.")
    yearless: bool = False  # a date whose year came from the article's date, not the text


PERCENT_WORDS = frozenset({"%", "percent", "pc", "pct", "percents", "percentage"})
POINT_WORDS = frozenset({"pp", "ppt", "ppts", "pps"})
"""Percentage points, as markets copy abbreviates them ("up 2.5pp")."""
HYPHENS = ("-", "–")
YEAR = re.compile(r"^(1\d{3}|20\d{2}|2100)$")
"""Four digits read as a year when nothing says otherwise (1000-2100)."""


def unit_follows(tv: TokenView, j: int) -> bool:
    """True when token ``j`` makes the number before it a quantity, not a day."""
    word = tv.word(j)
    return word in D.DURATION_UNITS or word in units() or currency_after(tv, j) is not None


TIME_SUFFIXES = {"am": 0, "a.m.": 0, "a.m": 0, "pm": 12, "p.m.": 12, "p.m": 12}


CASED_UNIT_SUFFIXES = {"C": "degree Celsius", "F": "degree Fahrenheit"}
"""Units glued to a number only in capitals: "45C" is a temperature, "45c" is not."""


PLURAL_NOUNS_WITHOUT_S = frozenset({"people", "children", "men", "women", "adults", "voters"})


def counted_noun(word: str) -> bool:
    """ "5m people", "2m barrels": a plural after "5m" makes the "m" millions, while
    "a 5m wall" and "611 m taller" are metres."""
    if not word.isalpha() or (word in units() and word not in ("barrels", "tonnes", "tons")):
        return False
    return word in PLURAL_NOUNS_WITHOUT_S or (word.endswith("s") and not word.endswith("ss"))
