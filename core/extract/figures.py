"""The figure recogniser: a rule-based spaCy component that finds and normalises figures.

It runs on a blank English pipeline (tokenizer only) or after any trained pipeline, and
sets ``doc._.figures`` to a sorted, non-overlapping list of ``core.model.Figure``:
counts, percentages, money, durations, dates, times, ordinals and measures, each with its
normalised value ("25 per cent" → 25, "90-day" → ``P90D``, "February 2015" →
``2015-02``) and, for hedged or ranged figures, a qualifier ("more than", "between").

How it works, and why it is fast: a cheap pre-filter keeps only tokens that could start
a figure (a digit, a number word, a month, a currency sign); everything else costs one set
look-up. At each candidate the recognisers below are tried in a fixed order — dates,
money written with its currency first, then numbers classified by the words after them —
and the first that matches consumes its tokens. Hedges and ranges are attached
afterwards by looking at the neighbouring words. Figure offsets are always token
boundaries, so ``doc.text[f.start:f.end] == f.text`` holds by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from core.model import Figure, FigureKind

from . import dates as D
from .lexicon import currencies, hedges, identifier_words, phrasal_verbs, units
from .money import currency_after, currency_before, glued_code
from .numbers import (
    NUMBER_WORDS,
    ORDINAL_UNITS,
    SCALE_ABBREVIATIONS,
    TENS,
    UNITS,
    VULGAR_FRACTIONS,
    NumberPhrase,
    parse_number,
    parse_numeral,
    tidy,
)
from .tokens import TokenView

FACTORY = "claimdesk_figures"

COUNT = FigureKind.COUNT.value
PERCENT = FigureKind.PERCENT.value
MONEY = FigureKind.MONEY.value
DURATION = FigureKind.DURATION.value
DATE = FigureKind.DATE.value
TIME = FigureKind.TIME.value
ORDINAL = FigureKind.ORDINAL.value
MEASURE = FigureKind.MEASURE.value


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


# --------------------------------------------------------------------------- pre-filter

PERCENT_WORDS = frozenset({"%", "percent", "pc", "pct", "percents", "percentage"})
TIME_SUFFIXES = {"am": 0, "a.m.": 0, "a.m": 0, "pm": 12, "p.m.": 12, "p.m": 12}
DATE_QUALIFIERS: dict[str, str] = {
    "end of": "end of",
    "the end of": "end of",
    "beginning of": "beginning of",
    "the beginning of": "beginning of",
    "start of": "start of",
    "the start of": "start of",
    "middle of": "middle of",
    "the middle of": "middle of",
    "early": "early",
    "late": "late",
    "mid": "mid",
    "mid -": "mid",
}
YEAR_CUES = frozenset(
    {
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "to",
        "of",
        "the",
        "before",
        "after",
        "during",
        "between",
        "and",
        "early",
        "late",
        "mid",
        "year",
        "fiscal",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "through",
        "circa",
        "around",
        "c.",
        "-",
        "season",
        "election",
        "census",
        "budget",
        "olympics",
        ",",
    }
)
"""Words after which a four-digit number is read as a year even before a plural noun."""

ID_PREFIXES = identifier_words()
"""Words after which a number names something rather than counting it ("Article 5")."""


def _trigger_words() -> frozenset[str]:
    cur = currencies()
    return frozenset(
        NUMBER_WORDS
        | set(ORDINAL_UNITS)
        | set(D.MONTHS)
        | {m + "." for m in D.MONTHS}
        | set(D.WEEKDAYS)
        | set(D.RELATIVE_DAYS)
        | set(VULGAR_FRACTIONS)
        | set(cur["symbols"])
        | set(cur["split_symbols"])
        | set(cur["codes"])
        | {"minus", "negative", "a", "an", "quarter"}
        | set(VAGUE_AMOUNTS)
    )


_TRIGGERS: frozenset[str] = frozenset()
_DIGIT = re.compile(r"\d")


def _candidates(words: list[str]) -> list[int]:
    """Indices of tokens at which a figure could start (the cheap pre-filter)."""
    triggers = _TRIGGERS
    search = _DIGIT.search
    out = []
    for i, word in enumerate(words):
        if word in triggers or (not word.isalpha() and search(word)):
            out.append(i)
    return out


# ------------------------------------------------------------------------------ dates

_DAY_SUFFIX = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
_YEAR = re.compile(r"^(1\d{3}|20\d{2}|2100)$")
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


def _day_at(tv: TokenView, i: int) -> tuple[int, int] | None:
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


def _year_at(tv: TokenView, i: int) -> tuple[int, int] | None:
    """A year at token ``i``: "2015" (not followed by a percent), or spelled out after a
    month: "two thousand and eighteen", "nineteen seventy-eight", "nineteen oh one"."""
    word = tv.word(i)
    if _YEAR.match(word) and tv.word(i + 1) not in PERCENT_WORDS:
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


def _unit_follows(tv: TokenView, j: int) -> bool:
    """True when token ``j`` makes the number before it a quantity, not a day."""
    word = tv.word(j)
    return word in D.DURATION_UNITS or word in units() or currency_after(tv, j) is not None


def _month(word: str) -> int | None:
    return D.MONTHS.get(word[:-1] if word.endswith(".") else word)


def _month_first(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """ "August 13", "Oct. 2", "May the eleventh", "January 12, 2016", "February 2015",
    "February"."""
    word = tv.word(i)
    month = _month(word)
    if month is None:
        return None
    j = i + 1
    if tv.word(j) == "." and _day_at(tv, j + 1):  # "october. 2", never a sentence's end
        j += 1
    day = year = None
    k = j + 1 if tv.word(j) == "the" else j
    found = _day_at(tv, k)
    if found and tv.word(found[1]) not in PERCENT_WORDS and not _unit_follows(tv, found[1]):
        day, j = found
    k = j
    if tv.word(k) == ",":
        k += 1
    if tv.word(k) == "of":
        k += 1
    found_year = _year_at(tv, k)
    if found_year:
        year, j = found_year
    if day is None and year is None and not _lone_month_ok(tv, i, word):
        return None
    return Hit(i, j, DATE, D.resolve(year, month, day, ref))


def _lone_month_ok(tv: TokenView, i: int, word: str) -> bool:
    """A month with no day or year: "in February". "may"/"march" need a capital and a cue."""
    bare = word.rstrip(".")
    if bare not in D.AMBIGUOUS_MONTHS:
        return (bare in D.MONTHS and len(bare) > 3) or tv.texts[i][:1].isupper()
    if not tv.texts[i][:1].isupper() or len(bare) <= 3:
        return False
    return tv.word(i - 1) in (
        "in",
        "of",
        "since",
        "until",
        "by",
        "early",
        "late",
        "mid",
        "last",
        "next",
        "this",
        "from",
        "to",
        "during",
        "before",
        "after",
        "between",
        "and",
    )


def _day_first(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """ "13 August", "4th of March", "twenty second of June 2017", "1st Jan"."""
    found = _day_at(tv, i)
    if not found:
        return None
    day, j = found
    if tv.word(j) == "." and tv.joined(j - 1):
        j += 1  # "16. Nov. 2016"
    k = j + 1 if tv.word(j) == "of" else j
    month = _month(tv.word(k))
    if month is None:
        return None
    if (
        tv.word(k) in D.AMBIGUOUS_MONTHS
        and tv.word(k) in ("may", "march")
        and k == j
        and (not tv.texts[k][:1].isupper())
    ):
        return None
    end = k + 1
    if tv.word(end) == "." and tv.joined(k) and _year_at(tv, end + 1):
        end += 1  # "16. nov. 2016"
    m = end + 1 if tv.word(end) == "," else end
    m = m + 1 if tv.word(m) == "of" else m
    year = None
    found_year = _year_at(tv, m)
    if found_year:
        year, end = found_year
    return Hit(i, end, DATE, D.resolve(year, month, day, ref))


def _numeric_date(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """Dates written as one run of glued tokens: "2015-08-12", "02/22/2016", "4/22",
    "jan-1", "22april", "mid-2015", "1990s"."""
    if not tv.joined(i) and tv.word(i)[:1].isalpha() and tv.word(i) in D.MONTHS:
        return None
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
            return Hit(i, end, DATE, date_value, qualifier=qualifier)
    return None


def _read_numeric_date(text: str, ref: D.Reference) -> tuple[str, str | None] | None:
    for pattern, shape in _NUMERIC_DATES:
        m = pattern.match(text)
        if m is None:
            continue
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
            if a < b <= 16 or b == 0:
                return None  # "3/4", "1/16": a fraction
            mo, d = (b, a) if a > 12 else (a, b)
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                return None
            return D.resolve(None, mo, d, ref), None
        if shape == "y-mon-d":
            month = _month(m[2])
            return _checked(int(m[1]), month, int(m[3])) if month else None
        if shape == "mon-d":
            month = _month(m[1])
            day = int(m[2])
            if month and 1 <= day <= 31:
                return D.resolve(None, month, day, ref), None
            return None
        if shape == "d-mon":
            month = _month(m[2])
            day = int(m[1])
            if month and 1 <= day <= 31:
                return D.resolve(None, month, day, ref), None
            return None
        if shape == "q-y":
            return m[2], m[1]
        if shape == "q-mon":
            month = _month(m[2])
            return (D.resolve(None, month, None, ref), m[1]) if month else None
        if shape == "decade":
            return m[1] + "X", None
    return None


def _checked(year: int, month: int | None, day: int) -> tuple[str, None] | None:
    if month is None or not (1 <= month <= 12) or not (1 <= day <= 31):
        return None
    return D.iso_date(year, month, day), None


WEEK_OFFSETS = {"this": 0, "coming": 0, "next": 1, "last": -1, "past": -1, "previous": -1}
NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}


def _weekday(tv: TokenView, i: int, ref: D.Reference, floor: int) -> Hit | None:
    """ "Friday", "next Sunday", "Friday next week", "the first Monday of September",
    "Monday, January 12th, 2016", "Friday the 22nd"."""
    word = tv.word(i).rstrip(".")
    weekday = D.WEEKDAYS[word]
    j = i + 1
    dated = _date_after_weekday(tv, j + 1 if tv.word(j) == "." else j, ref)
    if dated is not None:
        return Hit(i, dated.end, DATE, dated.value)
    if word in D.SHORT_WEEKDAYS and not tv.texts[i][:1].isupper():
        return None
    nth = _nth_weekday(tv, i, j, weekday, ref)
    if nth is not None:
        return nth
    start, end, weeks = i, j, None
    w1, w2, w3 = tv.word(i - 1), tv.word(i - 2), tv.word(i - 3)
    if w1 in WEEK_OFFSETS:  # "next Sunday"
        start, weeks = i - 1, WEEK_OFFSETS[w1]
    elif w1 == "week" and w2 in WEEK_OFFSETS:  # "next week Sunday"
        start, weeks = i - 2, WEEK_OFFSETS[w2]
    elif w1 == "on" and w2 == "week" and w3 in WEEK_OFFSETS:  # "next week on Friday"
        start, weeks = i - 3, WEEK_OFFSETS[w3]
    else:
        k = end + 1 if tv.word(end) == "of" else end
        if tv.word(k) in WEEK_OFFSETS and tv.word(k + 1) == "week":  # "Friday next week"
            end, weeks = k + 2, WEEK_OFFSETS[tv.word(k)]
    if weeks is not None and ref.full is not None:
        return Hit(max(start, floor), end, DATE, D.weekday_date(ref, weekday, weeks))
    return Hit(max(start, floor) if weeks is not None else i, end, DATE, f"XXXX-WXX-{weekday}")


def _date_after_weekday(tv: TokenView, j: int, ref: D.Reference) -> Hit | None:
    """The date a weekday introduces: "Monday, January 12", "Friday the 22nd", "Fri 7/6"."""
    k = j + 1 if tv.word(j) == "," else j
    dated = _month_first(tv, k, ref) or _day_first(tv, k, ref)
    if dated is None and not tv.word(k).isalpha() and k < len(tv):
        dated = _numeric_date(tv, k, ref)
    if dated is None and tv.word(k) == "the":
        day = _day_at(tv, k + 1)
        if day:
            dated = Hit(k, day[1], DATE, D.resolve(None, None, day[0], ref))
    return dated if dated is not None and dated.value else None


def _nth_weekday(tv: TokenView, i: int, j: int, weekday: int, ref: D.Reference) -> Hit | None:
    """ "the first Friday of July", "the second Monday of next month", "third Tuesday"."""
    n = NTH.get(tv.word(i - 1))
    if n is None or (n == -1 and tv.word(j) not in ("of", "in")):
        return None  # "last Sunday" is last week's, "the last Sunday of May" is May's
    start = i - 2 if tv.word(i - 2) == "the" else i - 1
    end = j
    year, month = ref.year, ref.month
    if tv.word(end) in ("of", "in"):
        named = _month(tv.word(end + 1))
        if named is not None:
            month, end = named, end + 2
            year = None if ref.year is None else ref.year
            found_year = _year_at(tv, end)
            if found_year:
                year, end = found_year
        elif tv.word(end + 1) in WEEK_OFFSETS and tv.word(end + 2) == "month":
            if ref.year is not None and ref.month is not None:
                shifted = D.shift(
                    D.Reference(ref.year, ref.month, 1), months=WEEK_OFFSETS[tv.word(end + 1)]
                )
                year, month = (int(shifted[:4]), int(shifted[5:7])) if shifted else (None, None)
            end += 3
    found = D.nth_weekday(year, month, weekday, n)
    if found is not None:
        return Hit(start, end, DATE, found)
    y = f"{year:04d}" if year else "XXXX"
    m = f"{month:02d}" if month else "XX"
    return Hit(start, end, DATE, f"{y}-{m}-WXX-{weekday}-#{n}")


def _relative_day(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """ "today", "tomorrow", "yesterday": the reference date moved, when it is known."""
    offset = D.RELATIVE_DAYS[tv.word(i)]
    start = i
    # "the day before yesterday", "the day after tomorrow"
    if tv.word(i - 1) in ("before", "after") and tv.word(i - 2) == "day":
        offset += -1 if tv.word(i - 1) == "before" else 1
        start = i - 3 if tv.word(i - 3) == "the" else i - 2
    return Hit(start, i + 1, DATE, D.shift(ref, days=offset) or "XXXX-XX-XX")


def _date_at(tv: TokenView, i: int, ref: D.Reference, floor: int) -> Hit | None:
    word = tv.word(i)
    if word in D.RELATIVE_DAYS:
        return _relative_day(tv, i, ref)
    bare = word.rstrip(".")
    if word in NTH and tv.word(i + 1).rstrip(".") in D.WEEKDAYS:  # "the first Monday of May"
        return _weekday(tv, i + 1, ref, floor)
    if bare in D.WEEKDAYS and (bare not in D.SHORT_WEEKDAYS or tv.texts[i][:1].isupper()):
        return _weekday(tv, i, ref, floor)
    hit = None
    if tv.joined(i) or not word.isalpha():
        hit = _numeric_date(tv, i, ref)
    if hit is None and bare in D.MONTHS:
        hit = _month_first(tv, i, ref)
    if hit is None and (
        word[:1].isdigit() or word in ORDINAL_UNITS or word in UNITS or word in ("twenty", "thirty")
    ):
        hit = _day_first(tv, i, ref)
    if hit is None and (word[:1].isdigit() or word in ORDINAL_UNITS or word in UNITS):
        hit = _day_of_month(tv, i, ref)
    if hit is not None and hit.qualifier is None:
        hit = _date_qualifier(tv, hit, floor)
    return hit


_SENTENCE_END = frozenset({".", ",", ";", ":", "!", "?", ")", '"', "'", "\n"})
_SUFFIXED_DAY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$")


def _day_of_month(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """ "on the 21st", "on 22nd", "the 27th." with no month: a day of the reference month.

    Only where nothing follows that the number could qualify: "the 25th anniversary" and
    "on the second day" are ordinals.
    """
    before, word = tv.word(i - 1), tv.word(i)
    on = before == "on" or (before == "the" and tv.word(i - 2) == "on")
    if not (on or (before == "the" and _SUFFIXED_DAY.match(word))):
        return None
    found = _day_at(tv, i)
    if found is None or (found[1] < len(tv) and tv.word(found[1]) not in _SENTENCE_END):
        return None
    day, end = found
    start = i - 1 if before == "the" else i
    return Hit(start, end, DATE, D.resolve(None, None, day, ref))


def _date_qualifier(tv: TokenView, hit: Hit, floor: int) -> Hit:
    """ "end of July", "early 2015", "mid-February": the qualifier joins the date's text."""
    for length in (3, 2, 1):
        start = hit.start - length
        if start < floor:
            continue
        phrase = " ".join(tv.words[start : hit.start])
        qualifier = DATE_QUALIFIERS.get(phrase)
        if qualifier is not None:
            if phrase.startswith("the "):
                start += 1
            return replace(hit, start=start, qualifier=qualifier)
    return hit


# ------------------------------------------------------------------------------ money


def _money_first(tv: TokenView, i: int) -> Hit | None:
    """An amount with its currency in front: "$5m", "US$ 3.5 billion", "EUR 125", "£8.10
    million", "USD115"."""
    glued = glued_code(tv.texts[i])
    if glued is not None:
        iso, digits, prefixed = glued
        phrase = parse_number(tv.words, i, first=digits) if prefixed else None
        if phrase is not None and not phrase.ordinal and not phrase.suffix:
            value, end, scale = _apply_scale(tv, phrase)
            return Hit(i, end, MONEY, value, unit=iso, scale=scale)
        numeral = parse_numeral(digits)
        if numeral is not None and not numeral.suffix:
            return Hit(i, i + 1, MONEY, numeral.value, unit=iso)  # "100USD", "100元"
    found = currency_before(tv, i)
    if found is None:
        return None
    iso, j, factor = found
    if j >= len(tv):
        return None
    phrase = parse_number(tv.words, j, first=tv.texts[j] if tv.word(j)[:1].isdigit() else None)
    if phrase is None or phrase.ordinal or phrase.suffix:
        return None
    value, end, scale = _apply_scale(tv, phrase)
    if factor != 1:
        value = tidy(value * factor)
    after = currency_after(tv, end)  # "USD 22.5 million dollars" is still one amount
    if after is not None and after[0] == iso and after[2] == 1.0 and tv.word(end).isalpha():
        end = after[1]
    value, end = _with_minor(tv, end, iso, value)
    return Hit(i, end, MONEY, value, unit=iso, scale=scale)


def _with_minor(tv: TokenView, end: int, iso: str, amount: object) -> tuple[object, int]:
    """ "3 dollars 50 cents", "thirteen dollars and forty-five cents": add the cents."""
    k = end + 1 if tv.word(end) == "and" else end
    if k >= len(tv) or not isinstance(amount, int | float):
        return amount, end
    phrase = parse_number(tv.words, k)
    if phrase is None or phrase.ordinal or phrase.suffix or not 0 < phrase.value < 100:
        return amount, end
    minor = currencies()["minor_names"].get(tv.word(phrase.end))
    if minor != iso:
        return amount, end
    return tidy(amount + phrase.value / 100, 4), phrase.end + 1


def _apply_scale(tv: TokenView, phrase: NumberPhrase) -> tuple[object, int, int]:
    """Apply a scale abbreviation written as its own token: "$5 m", "€3 bn"."""
    value, end = phrase.value, phrase.end
    word = tv.word(end)
    scale = 1
    if word in SCALE_ABBREVIATIONS and not phrase.scaled and not phrase.words:
        scale = SCALE_ABBREVIATIONS[word]
        return tidy(value * scale), end + 1, scale
    if phrase.scaled:
        for name, factor in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
            if tv.word(end - 1) == name:
                scale = factor
    return value, end, scale


# ---------------------------------------------------------------------------- numbers

_TIME_TOKEN = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_GLUED_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm)$")
_HYPHENS = ("-", "–")


def _number_at(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """A number and what the words after it make of it (percent, money, duration, ...)."""
    word = tv.word(i)
    skipped = _identifier(tv, i)
    if skipped is not None:
        return skipped
    timed = _time_at(tv, i)
    if timed is not None:
        return timed
    if word in ("a", "an"):
        duration = _a_unit(tv, i, ref)
        if duration is not None:
            return duration
    if word in VAGUE_AMOUNTS or word in ("a", "an"):
        vague = _vague_duration(tv, i)
        if vague is not None or word in VAGUE_AMOUNTS:
            return vague
    phrase = _spaced_thousands(tv, i) or parse_number(
        tv.words, i, first=tv.texts[i] if word[:1].isdigit() else None
    )
    if phrase is None:
        return None
    if phrase.suffix:
        return _glued_suffix(tv, i, phrase)
    return _classify(tv, i, phrase, ref)


_THOUSANDS_GROUP = re.compile(r"^\d{3}(?:\.\d+)?$")


def _spaced_thousands(tv: TokenView, i: int) -> NumberPhrase | None:
    """ "40 000", "1 414 021 100": digit groups split by single (often narrow) spaces."""
    first = tv.word(i)
    if not (first.isdigit() and len(first) <= 3) or tv.joined(i):
        return None
    k = i + 1
    digits = first
    while (
        k < len(tv)
        and k - i < 6  # up to 10**18: longer runs of digit groups are codes, not counts
        and tv.starts[k] - tv.ends[k - 1] == 1
        and _THOUSANDS_GROUP.match(tv.words[k])
        and "." not in digits
    ):
        digits += tv.words[k]
        k += 1
    if k == i + 1 or (k < len(tv) and tv.words[k][:1].isdigit() and not tv.joined(k - 1)):
        return None
    numeral = parse_numeral(digits)
    return NumberPhrase(i, k, numeral.value) if numeral else None


def _proportion(tv: TokenView, i: int, phrase: NumberPhrase) -> Hit | None:
    """ "one in five", "7 out of 10", "one over three": a share, valued as the fraction.

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
    if not isinstance(phrase.value, int) or phrase.value <= 0 or phrase.ordinal:
        return None
    whole = parse_number(tv.words, k) if k < len(tv) else None
    if whole is None or whole.ordinal or whole.suffix or not isinstance(whole.value, int):
        return None
    if tv.word(j) == "over":
        if tv.word(whole.end)[:1].isalnum() or whole.value == 0:
            return None
    elif not phrase.value < whole.value <= 1000 or _YEAR.match(tv.word(k)):
        return None
    nxt = tv.word(whole.end)
    if nxt in PERCENT_WORDS or nxt in D.DURATION_UNITS or _unit_follows(tv, whole.end):
        return None
    return Hit(i, whole.end, COUNT, tidy(phrase.value / whole.value, 4))


def _identifier(tv: TokenView, i: int) -> Hit | None:
    """Digits that name rather than count: phone numbers, "Article 5", "SCP-173"."""
    word = tv.word(i)
    if not word[:1].isdigit() and not word.startswith("+"):
        return None
    before = tv.word(i - 1)
    if before in ID_PREFIXES and tv.word(i + 1) not in PERCENT_WORDS:
        return Hit(i, i + 1, None)
    if len(word) > 1 and word[0] == "0" and word.isdigit():
        end = i + 1  # "0800 123 4567", "007": a number with a leading zero is a code
        while end < len(tv) and tv.word(end).isdigit() and tv.starts[end] - tv.ends[end - 1] <= 1:
            end += 1
        return Hit(i, end, None)
    if tv.joined(i - 1) and before in _HYPHENS and tv.word(i - 2)[:1].isalpha():
        return Hit(i, i + 1, None)  # "SCP-173", "F-16" split by the tokenizer
    # Phone numbers: "+1 555-123-4567", "555-123-4567", "(555) 123-4567".
    k = i
    groups = 1
    while (
        tv.joined(k)
        and tv.word(k + 1) in _HYPHENS
        and tv.joined(k + 1)
        and (tv.word(k + 2).isdigit())
    ):
        k += 2
        groups += 1
    if groups >= 3 or (word.startswith("+") and word[1:].isdigit()):
        end = k + 1
        if word.startswith("+") and tv.word(end).isdigit():
            end += 1
            while tv.word(end) in _HYPHENS and tv.word(end + 1).isdigit():
                end += 2
        return Hit(i, end, None)
    return None


def _time_at(tv: TokenView, i: int) -> Hit | None:
    """ "10:30", "5pm", "10:30 a.m.", "5 pm", "5 o'clock"."""
    word = tv.word(i)
    glued = _GLUED_TIME.match(word)
    if glued:
        hour = int(glued[1]) % 12 + (12 if glued[3] == "pm" else 0)
        return Hit(i, i + 1, TIME, f"T{hour:02d}:{int(glued[2] or 0):02d}")
    clock = _TIME_TOKEN.match(word)
    hour = minute = None
    if clock and ":" in word:
        hour, minute = int(clock[1]), int(clock[2])
    elif (
        word.isdigit()
        and len(word) <= 2
        and (tv.word(i + 1) in TIME_SUFFIXES or tv.word(i + 1) == "o'clock")
    ):
        hour, minute = int(word), 0
    if hour is None or hour > 24 or minute > 59:
        return None
    end = i + 1
    suffix = tv.word(end)
    if suffix in TIME_SUFFIXES and hour <= 12:
        hour = hour % 12 + TIME_SUFFIXES[suffix]
        end += 1
    elif suffix == "o'clock":
        end += 1
    return Hit(i, end, TIME, f"T{hour:02d}:{minute:02d}")


UNITS_BEFORE = {"magnitude": "magnitude", "category": "category", "grade": "grade"}
"""Scales named before the number: "a magnitude 7.5 earthquake", "a category 4 storm"."""

CASED_UNIT_SUFFIXES = {"C": "degree Celsius", "F": "degree Fahrenheit"}
"""Units glued to a number only in capitals: "45C" is a temperature, "45c" is not."""


def _glued_suffix(tv: TokenView, i: int, phrase: NumberPhrase) -> Hit | None:
    """A numeral with letters glued on: "3day", "3.5years", "12km", "100USD", "1990s"."""
    suffix = phrase.suffix.lower()
    value = phrase.value
    if suffix in D.DURATION_UNITS:
        return _duration_hit(tv, i, i + 1, [(value, D.DURATION_UNITS[suffix])])
    glued = glued_code(tv.texts[i])
    if glued is not None:
        return Hit(i, i + 1, MONEY, value, unit=glued[0])
    if suffix == "m" and tv.word(i + 1)[:1].isalpha() and tv.word(i + 1) not in units():
        return Hit(i, i + 1, COUNT, tidy(value * 1_000_000))  # "5m people"
    unit = units().get(suffix) or CASED_UNIT_SUFFIXES.get(phrase.suffix)
    if unit is not None:
        return Hit(i, i + 1, MEASURE, value, unit=unit)
    if suffix == "s" and _YEAR.match(str(value)):
        return Hit(i, i + 1, DATE, str(value)[:3] + "X")
    return Hit(i, i + 1, None)  # "COVID19", "A320": not a figure


VAGUE_AMOUNTS: dict[str, str] = {
    "all": "1",
    "full": "1",
    "whole": "1",
    "entire": "1",
    "another": "1",
    "couple": "2",
    "few": "X",
    "several": "X",
    "some": "X",
}
"""Words that make a unit of time a duration without a number: "all day" is P1D, "a
couple of weeks" P2W, "several days" PXD (TIMEX3's unknown amount)."""

_WHOLE_UNIT = frozenset({"day", "week", "month", "year", "night", "decade", "hour"})


def _vague_duration(tv: TokenView, i: int) -> Hit | None:
    """ "all day", "full-year", "another week", "a couple of days", "several hours"."""
    word, k = tv.word(i), i + 1
    if word in ("a", "an"):
        if tv.word(k) not in ("few", "couple"):
            return None
        word, k = tv.word(k), k + 1
    amount = VAGUE_AMOUNTS.get(word)
    if amount is None:
        return None
    if word == "couple" and tv.word(k) == "of":
        k += 1
    if tv.word(k) in _HYPHENS and tv.joined(k - 1) and tv.joined(k):
        k += 1  # "all-day", "full-year"
    if tv.word(k) == "business":
        k += 1
    unit_word = tv.word(k)
    unit = D.DURATION_UNITS.get(unit_word)
    if unit is None or len(unit_word) < 3 or unit_word in ("sec", "min", "second"):
        return None
    if amount == "1" and unit_word not in _WHOLE_UNIT:
        return None  # "all years" is not a span; "another day" is
    if amount != "1" and not unit_word.endswith("s"):
        return None
    if amount == "X":
        designator = {"MIN": "M", "DECADE": "DE", "CENTURY": "CE", "FORTNIGHT": "W"}.get(unit, unit)
        time = "T" if unit in ("H", "MIN", "S") else ""
        value = f"P{time}X{designator}"
    else:
        value = D.iso_duration([(int(amount), unit)])
    if tv.word(k + 1) in ("ago", "later", "earlier"):
        return Hit(i, k + 2, DATE, "XXXX-XX-XX")
    return Hit(i, k + 1, DURATION, value)


def _a_unit(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """ "a year", "an hour", "a fortnight", "half an hour" as durations after "for"/"in"."""
    unit = D.DURATION_UNITS.get(tv.word(i + 1))
    if unit is None or tv.word(i + 1) in ("h", "min", "sec", "second", "m"):
        return None
    relative = tv.word(i + 2) in ("ago", "later", "earlier")
    if not relative and tv.word(i - 1) not in (
        "for",
        "in",
        "within",
        "another",
        "than",
        "about",
        "nearly",
        "almost",
        "over",
        "past",
        "half",
        "around",
        "after",
    ):
        return None
    start = i - 1 if tv.word(i - 1) == "half" else i
    amount = 0.5 if start != i else 1
    return _duration_hit(tv, start, i + 2, [(amount, unit)], ref=ref)


def _classify(tv: TokenView, i: int, phrase: NumberPhrase, ref: D.Reference) -> Hit | None:
    """Decide what kind of figure a number is from the words that follow it."""
    value, j, scale = (
        _apply_scale(tv, phrase)
        if not phrase.words
        else (phrase.value, phrase.end, _trailing_scale(tv, phrase))
    )
    word = tv.word(j)
    if phrase.ordinal:
        return Hit(i, j, ORDINAL, value)
    # Percentages: "25%", "25 per cent", "25 percent", "25 pc", "3 percentage points".
    if word in PERCENT_WORDS:
        end = j + 1
        unit = None
        if word == "percentage" and tv.word(end) in ("point", "points"):
            end += 1
            unit = "percentage point"
        return Hit(i, end, PERCENT, value, unit=unit, scale=scale)
    if word == "per" and tv.word(j + 1) == "cent":
        return Hit(i, j + 2, PERCENT, value, scale=scale)
    # Money with the currency after: "5 dollars", "420 million finnish markka", "10 €".
    found = currency_after(tv, j)
    if found is not None:
        iso, end, factor = found
        amount = tidy(value * factor, 4) if factor != 1 else value
        scaled_after = tv.word(end)
        if scaled_after in ("million", "billion", "trillion", "thousand"):  # "75 USD million"
            amount = tidy(
                amount
                * {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}[
                    scaled_after
                ]
            )
            end += 1
        if factor == 1:
            amount, end = _with_minor(tv, end, iso, amount)
        return Hit(i, end, MONEY, amount, unit=iso, scale=scale)
    # Durations: "three years", "90-day", "two and a half hours".
    k = j + 1 if word in _HYPHENS and tv.joined(j - 1) and tv.joined(j) else j
    if word in ("a", "an") and phrase.fraction and tv.word(j + 1) in D.DURATION_UNITS:
        k = j + 1  # "half an hour"
    unit_word = tv.word(k)
    if unit_word == "business" and tv.word(k + 1) in ("day", "days"):
        k += 1
        unit_word = tv.word(k)
    if unit_word in D.DURATION_UNITS and not (
        unit_word in ("h", "min", "sec", "second")
        and phrase.words
        and phrase.value != 1
        and unit_word == "second"
    ):
        if _age(tv, k):
            end = k + 3 if tv.word(k + 1) in _HYPHENS else k + 2
            return Hit(i, end, MEASURE, value, unit="year of age")
        return _duration_hit(tv, i, k + 1, [(value, D.DURATION_UNITS[unit_word])], ref=ref)
    # Measures: "12 km", "3,000 barrels", "5 tonnes".
    found_unit = tv.match_phrase(k, units(), 3)
    if found_unit is not None and (k == j or tv.joined(j)):
        unit, end = found_unit
        if len(tv.word(k)) > 1 or tv.joined(k - 1):
            return Hit(i, end, MEASURE, value, unit=str(unit), scale=scale)
    if tv.word(i - 1) in UNITS_BEFORE and not phrase.words:
        return Hit(i, j, MEASURE, value, unit=UNITS_BEFORE[tv.word(i - 1)])
    # A year: "1985", "in 2015", "the 1985 killing".
    if _is_year(tv, i, phrase):
        return Hit(i, j, DATE, str(value))
    share = _proportion(tv, i, phrase)
    if share is not None:
        return share
    # "per cent of 22": the unit written first.
    if tv.word(i - 1) == "of" and (
        tv.word(i - 2) in PERCENT_WORDS or (tv.word(i - 2) == "cent" and tv.word(i - 3) == "per")
    ):
        start = i - 3 if tv.word(i - 2) == "cent" else i - 2
        return Hit(start, j, PERCENT, value)
    if not _counts(tv, i, phrase):
        return None
    return Hit(i, j, COUNT, value, bare=True, scale=scale)


def _trailing_scale(tv: TokenView, phrase: NumberPhrase) -> int:
    last = tv.word(phrase.end - 1)
    return {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}.get(last, 1)


def _age(tv: TokenView, k: int) -> bool:
    """ "a 79-year-old", "aged 25 years old": the number is an age, not a span of time."""
    if tv.word(k) not in ("year", "years", "month", "months"):
        return False
    if tv.word(k + 1) in _HYPHENS and tv.word(k + 2) == "old":
        return True
    return tv.word(k + 1) == "old"


def _duration_hit(
    tv: TokenView,
    start: int,
    end: int,
    parts: list[tuple[object, str]],
    ref: D.Reference | None = None,
) -> Hit:
    """Extend a duration over further parts ("1 year 1 month 21 days", "an hour and a
    half") and turn "two days ago" into the date it points at."""
    parts = list(parts)
    while True:
        k = end + 1 if tv.word(end) == "and" else end  # not ",": that is a list
        if tv.word(k) in ("a", "an") and tv.word(k + 1) == "half" and k != end:
            parts[-1] = (_as_float(parts[-1][0]) + 0.5, parts[-1][1])  # "an hour and a half"
            end = k + 2
            continue
        if tv.word(k) == "half" and k != end:
            parts[-1] = (_as_float(parts[-1][0]) + 0.5, parts[-1][1])
            end = k + 1
            continue
        nxt = (
            parse_number(tv.words, k)
            if tv.word(k)[:1].isdigit() or tv.word(k) in UNITS or (tv.word(k) in NUMBER_WORDS)
            else None
        )
        if nxt is None or nxt.ordinal or nxt.suffix:
            break
        unit = D.DURATION_UNITS.get(tv.word(nxt.end))
        if unit is None or unit == parts[-1][1]:
            break
        parts.append((nxt.value, unit))
        end = nxt.end + 1
    value = D.iso_duration([(_as_float(a), u) for a, u in parts])
    after = tv.word(end)
    base = tv.word(end + 1)
    if after in ("from", "after", "before") and (base in D.RELATIVE_DAYS or base == "now"):
        # "two days from tomorrow", "three weeks from now", "two days before yesterday"
        moved = D.shift(ref, days=D.RELATIVE_DAYS.get(base, 0)) if ref is not None else None
        sign = -1 if after == "before" else 1
        value = _shifted(D.parse_reference(moved), parts, sign) if moved else None
        return Hit(start, end + 2, DATE, value or "XXXX-XX-XX")
    if after in ("ago", "later", "earlier", "hence"):
        sign = -1 if after in ("ago", "earlier") else 1
        stop = end + 1
        return Hit(start, stop, DATE, _shifted(ref, parts, sign) or "XXXX-XX-XX")
    return Hit(start, end, DURATION, value)


def _as_float(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _shifted(ref: D.Reference | None, parts: list[tuple[object, str]], sign: int) -> str | None:
    if ref is None:
        return None
    days = months = years = 0
    for amount, unit in parts:
        a = int(_as_float(amount))
        if unit == "D":
            days += a
        elif unit == "W":
            days += 7 * a
        elif unit == "FORTNIGHT":
            days += 14 * a
        elif unit == "M":
            months += a
        elif unit == "Y":
            years += a
        elif unit == "DECADE":
            years += 10 * a
        else:
            return None
    return D.shift(ref, days=sign * days, months=sign * months, years=sign * years)


def _is_year(tv: TokenView, i: int, phrase: NumberPhrase) -> bool:
    """Four digits between 1000 and 2100 read as a year unless context says count."""
    text = tv.word(i)
    if phrase.end != i + 1 or not _YEAR.match(text):
        return False
    before = tv.word(i - 1)
    hedge_words = hedges()[0]
    if before in hedge_words and before not in ("around", "circa", "c.", "about"):
        return False
    if f"{tv.word(i - 2)} {before}" in hedge_words:
        return False
    after = tv.text(i + 1)
    plural_noun = after.isalpha() and after.islower() and after.endswith("s") and len(after) > 3
    return not plural_noun or before in YEAR_CUES


_PRONOUN_ONE_BEFORE = frozenset(
    {
        "the",
        "this",
        "that",
        "which",
        "no",
        "any",
        "every",
        "each",
        "another",
        "someone",
        "anyone",
        "everyone",
        "no one",
        "little",
        "only",
        "last",
        "next",
        "same",
        "other",
    }
)


def _counts(tv: TokenView, i: int, phrase: NumberPhrase) -> bool:
    """Whether a bare number is worth reporting as a count.

    "one" is usually a pronoun ("one of those", "the one you mentioned"); a lone "a" or
    "an" is never a number.
    """
    if phrase.words and phrase.value == 1 and phrase.end == i + 1:
        if tv.word(i + 1) in ("of", "another", "'s", "day", "point", "side", "way", "more"):
            return False
        if tv.word(i - 1) in _PRONOUN_ONE_BEFORE or tv.word(i + 1) in ("you", "i", "is", "do"):
            return False
    return True


# ------------------------------------------------------------------ hedges and ranges

_RANGE_OPENERS = {"between": "between", "from": "from"}


def _extend_range(tv: TokenView, hit: Hit, ref: D.Reference, floor: int) -> Hit:
    """ "between 5 and 10", "from 10 to 20 per cent", "25-30%", "1.5 to 2 million"."""
    j = hit.end
    connector = tv.word(j)
    opener = tv.word(hit.start - 1) if hit.start - 1 >= floor else ""
    if connector in _HYPHENS:
        if not (tv.joined(j - 1) and tv.joined(j)) and connector != "–":
            return hit
    elif connector == "to":
        if opener not in _RANGE_OPENERS and not hit.bare:
            return hit
    elif connector == "and":
        if opener != "between":
            return hit
    else:
        return hit
    if hit.kind not in (COUNT, PERCENT, MONEY, DATE, MEASURE, DURATION):
        return hit
    second = _recognise_one(tv, j + 1, ref, j + 1)
    if second is None or second.kind is None or second.qualifier:
        return hit
    if second.kind != hit.kind and not hit.bare:
        return hit
    if hit.kind == DATE and second.kind == DATE:
        pass
    elif hit.unit != second.unit and not hit.bare:
        return hit
    value = hit.value
    if hit.bare and second.scale > 1 and hit.scale == 1 and isinstance(value, int | float):
        value = tidy(value * second.scale)
    if (
        isinstance(value, int | float)
        and isinstance(second.value, int | float)
        and not value < second.value
    ):
        return hit  # "passed 68-32" is a tally, not a range
    if hit.bare and second.kind == DURATION:
        return hit
    qualifier = _RANGE_OPENERS.get(opener, "between")
    start = hit.start
    return Hit(
        start,
        second.end,
        second.kind,
        value,
        unit=second.unit,
        qualifier=qualifier,
        upper=second.value,
    )


def _hedge(tv: TokenView, hit: Hit, floor: int) -> Hit:
    """Attach "more than", "nearly", "up to"... before, or "or more" after, a figure.

    "over"/"about" after a verb that takes them as a particle ("handed over 29") is not
    a hedge: the figure stays exact.
    """
    if hit.qualifier is not None or hit.kind is None:
        return hit
    before, particles, after = hedges()
    verbs = phrasal_verbs()
    start = hit.start
    if hit.kind == MONEY and tv.word(start - 1) in ("a", "an"):
        return hit
    for length in (3, 2, 1):
        s = start - length
        if s < floor:
            continue
        phrase = " ".join(tv.words[s:start])
        if phrase in before:
            if phrase in particles and tv.word(s - 1) in verbs:
                return hit
            if phrase in ("over", "under") and hit.kind == DURATION and tv.word(s - 1) != "for":
                return hit  # "€50bn over four years" is a period, "for over four years" a hedge
            return replace(hit, qualifier=before[phrase])
    end = hit.end
    for length in (2, 1):
        phrase = " ".join(tv.words[end : end + length])
        if phrase in after:
            return replace(hit, qualifier=after[phrase])
        if length == 2 and tv.word(end) in _HYPHENS and tv.joined(end - 1):
            glued = "-" + tv.word(end + 1)
            if glued in after:
                return replace(hit, qualifier=after[glued])
    return hit


# ------------------------------------------------------------------------ the scanner


def _recognise_one(tv: TokenView, i: int, ref: D.Reference, floor: int) -> Hit | None:
    """The first recogniser that matches at token ``i`` (dates, money, numbers)."""
    if i >= len(tv):
        return None
    return _date_at(tv, i, ref, floor) or _money_first(tv, i) or _number_at(tv, i, ref)


def scan(tv: TokenView, reference_date: str | None = None) -> list[Hit]:
    """All figure hits in a token view, left to right, non-overlapping."""
    global _TRIGGERS
    if not _TRIGGERS:
        _TRIGGERS = _trigger_words()
    ref = D.parse_reference(reference_date)
    hits: list[Hit] = []
    floor = 0
    for i in _candidates(tv.words):
        if i < floor:
            continue
        hit = _recognise_one(tv, i, ref, floor)
        if hit is None:
            continue
        if hit.start < floor:  # a rule that looked left ("per cent of 22") met a figure
            hit = replace(hit, start=i)
        if hit.kind is not None:
            hit = _extend_range(tv, hit, ref, floor)
            hit = _hedge(tv, hit, floor)
            hits.append(hit)
        floor = hit.end
    return hits


def find_figures(doc: Doc, reference_date: str | None = None) -> list[Figure]:
    """The figures in ``doc``, sorted by start, non-overlapping, offsets into ``doc.text``.

    ``reference_date`` (ISO, possibly partial such as ``XXXX-08-13``) resolves dates the
    text leaves partial; it defaults to ``doc.user_data["reference_date"]``.
    """
    if reference_date is None:
        reference_date = doc.user_data.get("reference_date")
    tv = TokenView.from_doc(doc)
    out: list[Figure] = []
    for hit in scan(tv, reference_date):
        first, last = tv.doc_index(hit.start), tv.doc_index(hit.end - 1)
        start, end = tv.starts[hit.start], tv.ends[hit.end - 1]
        out.append(
            Figure(
                text=doc[first : last + 1].text,  # == doc.text[start:end], without reading it all
                start=start,
                end=end,
                kind=str(hit.kind),
                value=hit.value,
                unit=hit.unit,
                qualifier=hit.qualifier,
                upper=hit.upper,
            )
        )
    return out


# ---------------------------------------------------------------------- spaCy plumbing

if not Doc.has_extension("figures"):
    Doc.set_extension("figures", default=None)


class FigureRecogniser:
    """The pipeline component: sets ``doc._.figures`` (see ``find_figures``)."""

    def __init__(self, nlp: Language, name: str = FACTORY) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.figures = find_figures(doc)
        return doc


@Language.factory(FACTORY)
def make_figure_recogniser(nlp: Language, name: str) -> FigureRecogniser:
    return FigureRecogniser(nlp, name)


def build_figure_nlp() -> Language:
    """A blank English pipeline with only the figure recogniser (no trained model)."""
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY)
    return nlp
