"""Rules that read a number and decide, from the words around it, what figure it is:
a percentage ("25 per cent"), money ("$5m", "420 million finnish markka"), a duration
("90-day", "two and a half hours"), a measure ("12 km"), a time ("10:30 a.m."), a year
("1985"), an ordinal ("21st"), a share ("one in five") or a plain count ("seven").

It also recognises what is *not* a figure although it has digits: phone numbers, codes
with a leading zero, and numbers that name things ("Article 5", "Boeing 737").
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import dates as D
from .duration_rules import VAGUE_AMOUNTS, a_unit, duration_hit, is_age, vague_duration
from .exact import divided, times
from .hits import (
    CASED_UNIT_SUFFIXES,
    COUNT,
    DATE,
    HYPHENS,
    MEASURE,
    MONEY,
    ORDINAL,
    PERCENT,
    PERCENT_WORDS,
    POINT_WORDS,
    RATIO,
    TIME,
    TIME_SUFFIXES,
    YEAR,
    Hit,
    counted_noun,
)
from .lexicon import hedges, units
from .money import currency_after, glued_code
from .money_rules import WORD_SCALES, apply_scale, with_minor
from .non_figures import identifier
from .numbers import (
    ORDINAL_UNITS,
    NumberPhrase,
    parse_number,
    parse_numeral,
)
from .ratio_rules import ADVERBS, MULTIPLIER_WORDS, multiplier_word, proportion, return_period
from .ratio_rules import times as ratio_times
from .tokens import TokenView

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
        "–",
        "season",
        "election",
        "census",
        "budget",
        "olympics",
        ",",
    }
)
"""Words after which a four-digit number is read as a year even before a plural noun."""


_TIME_TOKEN = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_GLUED_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm)$")


def number_at(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """A number and what the words after it make of it (percent, money, duration, ...)."""
    word = tv.word(i)
    skipped = identifier(tv, i)
    if skipped is not None:
        return skipped
    timed = _time_at(tv, i)
    if timed is not None:
        return timed
    if word in ("a", "an"):
        duration = a_unit(tv, i, ref)
        if duration is not None:
            return duration
    if word in VAGUE_AMOUNTS or word in ("a", "an"):
        vague = vague_duration(tv, i)
        if vague is not None or word in VAGUE_AMOUNTS:
            return vague
    if word in VAGUE_SCALES:
        return _vague_quantity(tv, i)
    if word in ADVERBS or (word.endswith("fold") and word[:-4] in MULTIPLIER_WORDS):
        return multiplier_word(tv, i)  # "twice", "tenfold"
    if tv.joined(i) and tv.word(i + 1) in HYPHENS:
        period = return_period(tv, i)  # "1-in-100-year"
        if period is not None:
            return period
    glued_range = _GLUED_PERCENT_RANGE.match(word)
    if glued_range and tv.word(i + 1) == "%":  # "5.25%-5.5%" is two tokens: "5.25%-5.5", "%"
        low, high = parse_numeral(glued_range[1]), parse_numeral(glued_range[2])
        if low is not None and high is not None:
            return Hit(i, i + 2, PERCENT, low.value, qualifier="between", upper=high.value)
    first = tv.texts[i] if word[:1].isdigit() else None
    if first and first.endswith(".") and len(first) > 2 and first[-2].isalpha():
        return _with_full_stop(tv, i, first[:-1], ref)  # "Sales reached 10M."
    phrase = _spaced_thousands(tv, i) or parse_number(tv.words, i, first=first)
    if phrase is None:
        return None
    if phrase.suffix:
        return _glued_suffix(tv, i, phrase)
    return _classify(tv, i, phrase, ref)


def _with_full_stop(tv: TokenView, i: int, text: str, ref: D.Reference) -> Hit | None:
    """A numeral the tokenizer kept together with the sentence's full stop ("10M.",
    "5kg."): read it without the stop and leave the stop out of the figure."""
    phrase = parse_number(tv.words, i, first=text)
    if phrase is None or phrase.end != i + 1:
        return None
    hit = _glued_suffix(tv, i, phrase) if phrase.suffix else _classify(tv, i, phrase, ref)
    if hit is None or hit.end != i + 1:
        return hit
    return replace(hit, trim_end=1)


_GLUED_PERCENT_RANGE = re.compile(r"^(\d[\d.,]*)%[-–](\d[\d.,]*)$")
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


def _time_at(tv: TokenView, i: int) -> Hit | None:
    """ "10:30", "5pm", "10:30 a.m.", "5 pm", "5 o'clock"."""
    word = tv.word(i)
    glued = _GLUED_TIME.match(word)
    hour: int | None
    minute: int | None
    if glued:
        hour = int(glued[1]) % 12 + (12 if glued[3] == "pm" else 0)
        return _with_zone(tv, Hit(i, i + 1, TIME, f"T{hour:02d}:{int(glued[2] or 0):02d}"))
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
    if hour is None or minute is None or hour > 24 or minute > 59:
        return None
    end = i + 1
    suffix = tv.word(end)
    if suffix in TIME_SUFFIXES and hour <= 12:
        hour = hour % 12 + TIME_SUFFIXES[suffix]
        end += 1
    elif suffix == "o'clock":
        end += 1
    return _with_zone(tv, Hit(i, end, TIME, f"T{hour:02d}:{minute:02d}"))


TIME_ZONES = frozenset(
    {
        "GMT",
        "UTC",
        "BST",
        "CET",
        "CEST",
        "EET",
        "ET",
        "EST",
        "EDT",
        "CT",
        "CST",
        "CDT",
        "MT",
        "MST",
        "MDT",
        "PT",
        "PST",
        "PDT",
        "IST",
        "JST",
        "AEST",
        "AEDT",
        "HKT",
        "SGT",
        "MSK",
    }
)
"""Time zones written after a clock time ("4pm GMT"); kept as the time's ``unit``."""


def _with_zone(tv: TokenView, hit: Hit) -> Hit:
    zone = tv.text(hit.end)
    if zone in TIME_ZONES:
        return replace(hit, end=hit.end + 1, unit=zone)
    return hit


UNITS_BEFORE = {
    "magnitude": "magnitude",
    "category": "category",
    "grade": "grade",
    "aged": "year of age",
}
"""Scales named before the number: "a magnitude 7.5 earthquake", "a category 4 storm",
"a man aged 34"."""


def _glued_suffix(tv: TokenView, i: int, phrase: NumberPhrase) -> Hit | None:
    """A numeral with letters glued on: "3day", "3.5years", "12km", "100USD", "1990s"."""
    suffix = phrase.suffix.lower()
    value = phrase.value
    if suffix in PERCENT_WORDS or suffix in POINT_WORDS:  # "25pc", "2.5pct", "3ppt"
        unit = "percentage point" if suffix in POINT_WORDS else None
        return Hit(i, i + 1, PERCENT, value, unit=unit)
    if suffix in D.DURATION_UNITS:
        return duration_hit(tv, i, i + 1, [(value, D.DURATION_UNITS[suffix])])
    glued = glued_code(tv.texts[i])
    if glued is not None:
        return Hit(i, i + 1, MONEY, value, unit=glued[0])
    if phrase.suffix == "p" and isinstance(value, int | float):
        return Hit(i, i + 1, MONEY, divided(value, 100), unit="GBP")  # "402p": pence
    if suffix == "m" and counted_noun(tv.word(i + 1)):
        return Hit(i, i + 1, COUNT, times(value, 1_000_000))  # "5m people"
    unit = CASED_UNIT_SUFFIXES.get(phrase.suffix)
    if unit is None and (len(suffix) > 1 or phrase.suffix.islower()):
        unit = units().get(suffix)  # "5g" is grams, "5G" a phone network
    if unit is not None:
        return Hit(i, i + 1, MEASURE, value, unit=unit)
    if suffix == "s" and YEAR.match(str(value)):
        return Hit(i, i + 1, DATE, str(value)[:3] + "X")
    return Hit(i, i + 1, None)  # "COVID19", "A320": not a figure


VAGUE_SCALES: dict[str, int] = {
    "tens": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
}
"""Plural scales that count without a number: "hundreds of people" is at least 100."""


def _vague_quantity(tv: TokenView, i: int) -> Hit | None:
    """ "thousands of people", "tens of thousands", "millions of dollars": a lower bound
    with the qualifier "at least" (the figure a reviewer can check against a source)."""
    value = VAGUE_SCALES[tv.word(i)]
    k = i + 1
    while tv.word(k) == "of" and VAGUE_SCALES.get(tv.word(k + 1), 0) > value:
        value *= VAGUE_SCALES[tv.word(k + 1)]  # "tens of thousands", "hundreds of millions"
        k += 2
    if tv.word(k) != "of" and k == i + 1:
        return None  # "scores" and "tens" are words too; "of" makes them amounts
    found = currency_after(tv, k + 1)
    if found is not None and found[2] == 1.0:
        iso, end, _ = found
        return Hit(i, end, MONEY, value, unit=iso, qualifier="at least")
    return Hit(i, k, COUNT, value, qualifier="at least")


def _fraction_of_a_unit(tv: TokenView, j: int) -> bool:
    """ "(a quarter) of a percentage point", "(half) a mile", "(a third) of an hour"."""
    k = j + 1 if tv.word(j) == "of" else j
    if tv.word(k) not in ("a", "an"):
        return False
    unit = tv.word(k + 1)
    return (
        unit in ("percentage", "percent", "per")
        or unit in D.DURATION_UNITS
        or (tv.match_phrase(k + 1, units(), 3) is not None and len(unit) > 2)
    )


def _classify(tv: TokenView, i: int, phrase: NumberPhrase, ref: D.Reference) -> Hit | None:
    """Decide what kind of figure a number is from the words that follow it."""
    value, j, scale, trim = (
        apply_scale(tv, phrase, money=False)
        if not phrase.words
        else (phrase.value, phrase.end, _trailing_scale(tv, phrase), 0)
    )
    if trim:  # "5m." at a sentence's end: a count of five million
        return Hit(i, j, COUNT, value, bare=True, scale=scale, trim_end=trim)
    if phrase.fraction and _fraction_of_a_unit(tv, j):
        j += 2 if tv.word(j) == "of" else 1  # "a quarter of a percentage point", "half a mile"
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
    if word in POINT_WORDS:
        return Hit(i, j + 1, PERCENT, value, unit="percentage point")
    # Money with the currency after: "5 dollars", "420 million finnish markka", "10 €".
    found = currency_after(tv, j)
    if found is not None:
        iso, end, factor = found
        amount = times(value, factor, 4) if factor != 1 else value
        if tv.word(end) in WORD_SCALES:  # "75 USD million"
            amount = times(amount, WORD_SCALES[tv.word(end)])
            end += 1
        if factor == 1:
            amount, end = with_minor(tv, end, iso, amount)
        return Hit(i, end, MONEY, amount, unit=iso, scale=scale)
    # Durations: "three years", "90-day", "two and a half hours".
    k = j + 1 if word in HYPHENS and tv.joined(j - 1) and tv.joined(j) else j
    if word in ("a", "an") and phrase.fraction and tv.word(j + 1) in D.DURATION_UNITS:
        k = j + 1  # "half an hour"
    unit_word = tv.word(k)
    if unit_word == "business" and tv.word(k + 1) in ("day", "days"):
        k += 1
        unit_word = tv.word(k)
    if unit_word in D.DURATION_UNITS:
        if is_age(tv, k):
            end = k + 3 if tv.word(k + 1) in HYPHENS else k + 2
            return Hit(i, end, MEASURE, value, unit="year of age")
        return duration_hit(tv, i, k + 1, [(value, D.DURATION_UNITS[unit_word])], ref=ref)
    # Measures: "12 km", "3,000 barrels", "5 tonnes".
    found_unit = tv.match_phrase(k, units(), 3)
    if found_unit is not None and (k == j or tv.joined(j)):
        unit, end = found_unit
        # A one-letter unit must be glued and in lower case: "5g" is grams, "5G" and
        # "5 g" are not; "45C" is a temperature.
        cased = CASED_UNIT_SUFFIXES.get(tv.text(k)) if tv.joined(k - 1) else None
        if cased is not None:
            return Hit(i, end, MEASURE, value, unit=cased, scale=scale)
        if len(tv.word(k)) > 1 or tv.text(k).islower():
            return Hit(i, end, MEASURE, value, unit=str(unit), scale=scale)
    # Multipliers: "10 times", "a 2-fold rise", "3 fold" (ratio_rules).
    multiplied = None if phrase.fraction else ratio_times(tv, i, j, value)
    if multiplied is not None:
        return multiplied
    if tv.word(i - 1) in UNITS_BEFORE and not phrase.fraction:
        return Hit(i, j, MEASURE, value, unit=UNITS_BEFORE[tv.word(i - 1)])
    # A year: "1985", "in 2015", "the 1985 killing".
    if _is_year(tv, i, phrase):
        return Hit(i, j, DATE, str(value))
    share = proportion(tv, i, phrase)
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
    if phrase.fraction and phrase.words and not phrase.scaled and 0 < value < 1:
        # "half of the voters", "a third of the budget", "two-thirds": a share of a whole
        if tv.word(i) == "half" and tv.joined(i) and tv.word(i + 1) in HYPHENS:
            return None  # "half-time", "half-brother"
        if _ordinal_before_a_noun(tv, i, j):
            return Hit(i + 1, j, ORDINAL, ORDINAL_UNITS[tv.word(i + 1)])  # "a third term"
        return Hit(i, j, RATIO, value)
    return Hit(i, j, COUNT, value, bare=True, scale=scale)


_COMPARATIVES = frozenset({"more", "less", "fewer", "as"})


def _ordinal_before_a_noun(tv: TokenView, i: int, j: int) -> bool:
    """ "a third term", "a fifth consecutive year": a rank, not a share; "a third of",
    "a third more", "a fifth higher" stay shares."""
    after = tv.word(j)
    return (
        tv.word(i) in ("a", "an")
        and j == i + 2
        and tv.word(i + 1) in ORDINAL_UNITS
        and after.isalpha()
        and after != "of"
        and after not in _COMPARATIVES
        and not after.endswith("er")
    )


def _trailing_scale(tv: TokenView, phrase: NumberPhrase) -> int:
    """The multiplier of the scale word that ends a phrase ("2 million" → 10**6)."""
    return WORD_SCALES.get(tv.word(phrase.end - 1), 1)


def _is_year(tv: TokenView, i: int, phrase: NumberPhrase) -> bool:
    """Four digits between 1000 and 2100 read as a year unless context says count."""
    text = tv.word(i)
    if phrase.end != i + 1 or not YEAR.match(text):
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
