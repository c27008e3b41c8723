"""The words numbers are written with: units, tens, scales and their abbreviations,
ordinals, fraction denominators and the vulgar-fraction characters.

Plain tables, kept apart from the parser (``core.extract.numbers``) so that the rules
which only need to know whether a word is a number word do not read the parser's code to
find out, and outside ``core.extract`` so that known-check search (``core.checks.text``)
reads the same words without loading spaCy.
"""

from __future__ import annotations

from decimal import Decimal

UNITS: dict[str, int] = {
    "zero": 0,
    "nought": 0,
    "naught": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES: dict[str, int] = {
    "thousand": 1_000,
    "lakh": 100_000,
    "million": 1_000_000,
    "crore": 10_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
"""Scale words that close a group ("two million three hundred thousand")."""

SCALE_ABBREVIATIONS: dict[str, int] = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "mil": 1_000_000,
    "mm": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "bln": 1_000_000_000,
    "tn": 1_000_000_000_000,
    "tln": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
}
"""Abbreviated scales; written glued ("1.2bn") or as their own token after a numeral."""

LOOSE_SCALE_ABBREVIATIONS = frozenset({"bn", "mn", "mln", "bln", "tn", "tln", "trn", "k"})
"""Abbreviations safe as a separate token after any numeral ("5 bn"); "5 m" is metres."""

ORDINAL_UNITS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "nineth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1_000,
    "millionth": 1_000_000,
    "billionth": 1_000_000_000,
    "trillionth": 1_000_000_000_000,
}

DENOMINATORS: dict[str, int] = {
    "half": 2,
    "halves": 2,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourths": 4,
    **{word + "s": value for word, value in ORDINAL_UNITS.items() if value > 3},
    **{word: value for word, value in ORDINAL_UNITS.items() if value > 2},
}
"""Words that divide the number before them ("two thirds", "a quarter", "five eighths").

"second" is left out: "a second" is a unit of time, not a half.
"""

NUMBER_WORDS = frozenset(
    set(UNITS) | set(TENS) | set(SCALES) | {"hundred", "dozen", "dozens", "half"}
)
"""Words that can start a spelled-out number (used by the cheap pre-filter)."""


VULGAR_FRACTIONS: dict[str, Decimal] = {
    "½": Decimal("0.5"),
    "⅓": Decimal(1) / 3,
    "⅔": Decimal(2) / 3,
    "¼": Decimal("0.25"),
    "¾": Decimal("0.75"),
    "⅕": Decimal("0.2"),
    "⅖": Decimal("0.4"),
    "⅗": Decimal("0.6"),
    "⅘": Decimal("0.8"),
    "⅙": Decimal(1) / 6,
    "⅚": Decimal(5) / 6,
    "⅛": Decimal("0.125"),
    "⅜": Decimal("0.375"),
    "⅝": Decimal("0.625"),
    "⅞": Decimal("0.875"),
}
