"""Numbers as newspapers write them: numerals ("3,000", "1.2bn") and words ("twenty-six").

The figure recogniser works on spaCy tokens, so the number-phrase parser here takes a list
of lower-cased token texts and a start index and reads as many tokens as form one number
("one hundred and twenty", "two - thirds", "1.5 million", "a dozen"). It knows nothing of
spaCy, which keeps it cheap to test on its own.

Values are ``int`` when whole and ``float`` otherwise, and exact: the parser adds and
scales in ``decimal`` (``exact``), so "4.1 billion" is 4100000000. Fractions written in
words are rounded to four decimals ("two-thirds" → 0.6667) because a reader checks them
at that precision, while decimals written as numerals keep every digit the text gives.
The word tables live in ``number_words``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.number_words import (
    DENOMINATORS,
    LOOSE_SCALE_ABBREVIATIONS,
    NUMBER_WORDS,
    ORDINAL_UNITS,
    SCALE_ABBREVIATIONS,
    SCALES,
    TENS,
    UNITS,
    VULGAR_FRACTIONS,
)

from .exact import exact, tidy

__all__ = [
    "DENOMINATORS",
    "LOOSE_SCALE_ABBREVIATIONS",
    "NUMBER_WORDS",
    "ORDINAL_UNITS",
    "SCALES",
    "SCALE_ABBREVIATIONS",
    "TENS",
    "UNITS",
    "VULGAR_FRACTIONS",
    "NumberPhrase",
    "Numeral",
    "is_number_start",
    "parse_number",
    "parse_numeral",
    "parse_ordinal_token",
    "tidy",
]
_ZERO = Decimal(0)
_ONE = Decimal(1)

_NUMERAL = re.compile(
    r"""^(?P<sign>[-+−]?)
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)?
        (?P<frac>\.\d+)?
        (?P<exp>e[-+]?\d{1,2})?
        (?P<suffix>[a-z]{1,8})?$""",
    re.VERBOSE | re.IGNORECASE,
)
_SLASH_FRACTION = re.compile(r"^([-−]?)(\d+)/(\d+)$")
MAX_DIGITS = 24
CASE_SENSITIVE_SCALES = {"M": 1_000_000, "MM": 1_000_000, "B": 1_000_000_000}
"""Glued scales that mean a unit in lower case: "10M" is ten million, "10m" ten metres."""


@dataclass(frozen=True, slots=True)
class Numeral:
    """A numeral token read on its own: ``value`` and any glued suffix left unexplained."""

    value: int | float
    suffix: str = ""
    scaled: bool = False


def parse_numeral(text: str) -> Numeral | None:
    """Read one numeral token: "3,000", "1.5", ".08", "-5", "1.2bn", "10k", "3/4", "½".

    A glued alphabetic suffix that is a scale abbreviation is applied ("1.2bn" →
    1,200,000,000); any other suffix ("3day", "180ml", "21st") is returned untouched for
    the caller to interpret. Returns ``None`` when the token is not a numeral at all.
    """
    if text in VULGAR_FRACTIONS:
        return Numeral(tidy(VULGAR_FRACTIONS[text], 4))
    match = _NUMERAL.match(text)
    if match is None or not (match["int"] or match["frac"]):
        slash = _SLASH_FRACTION.match(text)
        if slash and int(slash[3]) != 0 and len(slash[2]) <= 3 and len(slash[3]) <= 3:
            sign = -1 if slash[1] else 1
            return Numeral(tidy(Decimal(sign * int(slash[2])) / int(slash[3]), 4))
        return None
    digits = (match["int"] or "0").replace(",", "") + (match["frac"] or "")
    if len(digits) > MAX_DIGITS:
        return None  # a run of 30 digits is a code or a hash, not a quantity
    try:
        value = Decimal(digits + (match["exp"] or ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    if abs(value) >= 10**MAX_DIGITS:
        return None  # "1e99": no news figure is that large; keep values JSON- and float-safe
    if match["sign"] in ("-", "−"):
        value = -value
    suffix = match["suffix"] or ""
    scaled = False
    if suffix:
        scale = CASE_SENSITIVE_SCALES.get(suffix)
        if scale is None and suffix.islower() and suffix not in ("m", "mm"):
            scale = SCALE_ABBREVIATIONS.get(suffix)  # "1.2bn", "10k", "2mil"
        if scale is None and suffix.isupper() and suffix.lower() not in ("m", "mm"):
            scale = SCALE_ABBREVIATIONS.get(suffix.lower())  # "10K", "3BN"
        if scale is not None:
            value *= scale
            suffix = ""
            scaled = True
    return Numeral(tidy(value), suffix, scaled)


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """A number read from tokens ``start`` (inclusive) to ``end`` (exclusive)."""

    start: int
    end: int
    value: int | float
    ordinal: bool = False
    words: bool = False
    fraction: bool = False
    scaled: bool = False
    suffix: str = ""


def is_number_start(word: str) -> bool:
    """Cheap test for the pre-filter: could a number phrase start at this token?"""
    return (
        word in NUMBER_WORDS
        or word in ORDINAL_UNITS
        or any(ch.isdigit() for ch in word)
        or word in VULGAR_FRACTIONS
    )


class _Accumulator:
    """Adds up a spelled-out number left to right, the way it is read aloud."""

    __slots__ = ("current", "last_scale", "segment", "total")

    def __init__(self) -> None:
        # Decimals throughout: "4.1 million" must be 4100000, not 4099999.9999999995.
        self.total = _ZERO  # completed groups ("two million")
        self.current = _ZERO  # the group being read ("three hundred and five")
        self.segment = _ZERO  # what was added since the last "and" (a fraction's numerator)
        self.last_scale = 1

    def add(self, value: int | float | Decimal) -> None:
        value = exact(value)
        self.current += value
        self.segment += value

    def hundred(self) -> None:
        self.current = (self.current or _ONE) * 100
        self.segment = self.current

    def scale(self, factor: int) -> None:
        self.total += (self.current or _ONE) * factor
        self.current = _ZERO
        self.segment = _ZERO
        self.last_scale = factor

    def divide(self, denominator: int) -> None:
        numerator = self.segment or Decimal(1)
        self.current += numerator / denominator - self.segment
        self.segment = _ZERO

    @property
    def value(self) -> Decimal:
        return self.total + self.current


def parse_number(words: list[str], start: int, first: str | None = None) -> NumberPhrase | None:
    """Read the longest number phrase starting at ``words[start]``.

    ``words`` are lower-cased token texts (spaCy splits "twenty-six" into three tokens).
    Handles numerals with scales ("1.5 million", "3 hundred and 21"), spelled numbers
    ("one hundred and sixty-one"), fractions ("two-thirds", "a quarter", "one and a
    half"), dozens, decimals read aloud ("five point five") and ordinals ("twenty-first",
    "21st"). ``first`` is read instead of ``words[start]``: the token as written (case
    matters in "10M") or its digits alone ("10" of "HK$10"). Returns ``None`` when no
    number starts here.
    """
    n = len(words)
    i = start
    sign = 1
    if (
        first is None
        and words[i] in ("minus", "negative")
        and i + 1 < n
        and (is_number_start(words[i + 1]))
    ):
        sign = -1
        i += 1
    acc = _Accumulator()
    state = _ParseState()
    numeral = parse_numeral(first if first is not None else words[i])
    if numeral is not None:
        if numeral.suffix:
            ordinal = _numeral_ordinal(numeral, words[i])
            if ordinal is not None:
                return NumberPhrase(start, i + 1, ordinal, ordinal=True)
            return NumberPhrase(start, i + 1, sign * numeral.value, suffix=numeral.suffix)
        acc.add(numeral.value)
        state.scaled = numeral.scaled
        state.last = "numeral"
        i += 1
        state.end = i
        mixed = _SLASH_FRACTION.match(words[i]) if i < n and "/" in words[i] else None
        if mixed and isinstance(numeral.value, int) and int(mixed[2]) < int(mixed[3]) <= 16:
            acc.add(Decimal(int(mixed[2])) / int(mixed[3]))  # "2 1/4"
            state.fraction = True
            i += 1
            state.end = i
    while i < n:
        step = _step(words, i, acc, state)
        if step is None:
            break
        if isinstance(step, NumberPhrase):  # an ordinal closes the phrase
            return NumberPhrase(start, step.end, sign * step.value, ordinal=True, words=True)
        i = step
    if state.end == start or (state.end == i and state.last in ("a", "and")):
        return None
    if state.last == "" and numeral is None:
        return None
    if state.scale_fraction and acc.current < 1:
        acc.current *= acc.last_scale  # "3 million and a half" is 3.5 million
    return NumberPhrase(
        start,
        state.end,
        tidy(acc.value * sign, 4 if state.fraction else None),
        words=state.words,
        fraction=state.fraction,
        scaled=state.scaled,
    )


class _ParseState:
    """What the number parser has seen so far (the kind of the last token, flags)."""

    __slots__ = ("end", "fraction", "group_hundred", "last", "scale_fraction", "scaled", "words")

    def __init__(self) -> None:
        self.last = ""  # "", numeral, unit, tens, hundred, scale, dozen, a, and, half,
        # fraction, point
        self.end = 0
        self.words = False
        self.fraction = False
        self.scaled = False
        self.group_hundred = False  # "hundred" already used in this group
        self.scale_fraction = False  # "one million and a half": the half is of a million


def _step(words: list[str], i: int, acc: _Accumulator, st: _ParseState):
    """Consume ``words[i]`` (and any tokens it needs); return the next index.

    Returns ``None`` when ``words[i]`` does not continue the number, or a
    ``NumberPhrase`` when an ordinal word ends it ("twenty-first").
    """
    n = len(words)
    word = words[i]
    nxt = words[i + 1] if i + 1 < n else ""
    last = st.last
    if word in UNITS:
        if last in ("unit", "numeral", "half", "fraction", "dozen", "point"):
            return None
        if last == "tens" and acc.current % 10:
            return None
        acc.add(UNITS[word])
        st.last = "unit"
    elif word in TENS:
        if last in ("unit", "tens", "numeral", "half", "fraction", "dozen", "point"):
            return None
        acc.add(TENS[word])
        st.last = "tens"
    elif word == "hundred":
        if last not in ("unit", "tens", "numeral", "a", "") or st.group_hundred:
            return None  # "3 hundred and 2 hundred" is two numbers
        acc.hundred()
        st.group_hundred = True
        st.last = "hundred"
        st.scaled = True
    elif word in SCALES or (word in LOOSE_SCALE_ABBREVIATIONS and last == "numeral"):
        if last not in ("unit", "tens", "numeral", "hundred", "a", "half", "fraction", ""):
            return None
        acc.scale(SCALES.get(word) or SCALE_ABBREVIATIONS[word])
        st.group_hundred = False
        st.last = "scale"
        st.scaled = True
    elif word in ("dozen", "dozens", "dzs", "dozs"):
        if last not in ("unit", "tens", "numeral", "a", "half", "hundred", ""):
            return None
        # "three hundred and two dozens": the dozen multiplies "two", not 302
        segment = acc.segment if last != "hundred" and acc.segment else (acc.current or _ONE)
        acc.current += segment * 12 - (segment if acc.current else 0)
        acc.segment = segment * 12
        st.last = "dozen"
    elif word in ("a", "an"):
        # "a" is a number only before a scale, a dozen or a fraction: "a million", "a third".
        if last not in ("", "and", "half"):
            return None
        if nxt in SCALES or nxt in ("dozen", "hundred"):
            if last != "half":  # "half a dozen" is half of twelve, not one and a half
                acc.add(1)
        elif nxt in DENOMINATORS and nxt != "second":
            acc.segment = _ZERO
        else:
            return None
        st.last = "a"
        return i + 1  # never ends a phrase on its own
    elif word in ("half", "quarter") and last in ("", "a", "and"):
        if word == "quarter" and last == "" and nxt not in SCALES:
            return None  # "quarter million" is a number, "the second quarter" is not
        acc.add(Decimal("0.5") if word == "half" else Decimal("0.25"))
        st.last = "half"
        st.fraction = True
    elif word in ORDINAL_UNITS:
        return _ordinal_step(words, i, acc, st)
    elif word in DENOMINATORS and last in ("unit", "tens", "numeral", "a", "hundred"):
        acc.divide(DENOMINATORS[word])  # plural: "two thirds", "five eighths", "3 quarters"
        st.last = "fraction"
        st.fraction = True
    elif word == "and":
        fraction_next = _fraction_follows(words, i + 1)
        if fraction_next and last in ("unit", "tens", "numeral", "hundred", "scale", "dozen"):
            st.scale_fraction = last == "scale"  # "one million and a half"
        elif not (
            last in ("hundred", "scale") and (nxt in UNITS or nxt in TENS or _is_plain_numeral(nxt))
        ) or (st.group_hundred and i + 2 < n and words[i + 2] == "hundred"):
            return None
        acc.segment = _ZERO
        st.last = "and"
        return i + 1
    elif word in ("-", "–") and last in ("tens", "unit", "hundred"):
        if not (nxt in UNITS or nxt in DENOMINATORS or nxt in ORDINAL_UNITS or nxt == "hundred"):
            return None
        return i + 1
    elif word == "point" and last in ("unit", "tens", "hundred", "scale"):
        decimals, j = _spoken_decimals(words, i + 1)
        if j == i + 1:
            return None
        acc.add(decimals)
        st.last = "point"
        st.words = True
        st.end = j
        return j
    elif last == "scale" and nxt == "hundred" and _is_plain_numeral(word):
        acc.add(parse_numeral(word).value)  # type: ignore[union-attr]  # "4 thousand 3 hundred"
        st.last = "numeral"
    elif (
        word == "of"
        and last == "fraction"
        and nxt in ("a", "an")
        and i + 2 < n
        and words[i + 2] in SCALES
    ):
        acc.current *= SCALES[words[i + 2]]  # "two thirds of a million"
        acc.segment = _ZERO
        st.last = "scale"
        st.scaled = True
        st.end = i + 3
        return i + 3
    elif last == "and" and _is_plain_numeral(word):
        acc.add(parse_numeral(word).value)  # type: ignore[union-attr]
        st.last = "numeral"
    else:
        return None
    if st.last != "numeral":
        st.words = True
    st.end = i + 1
    return i + 1


def _ordinal_step(words: list[str], i: int, acc: _Accumulator, st: _ParseState):
    """An ordinal word inside a number: a fraction ("a third", "one fifth") or the end of
    an ordinal ("twenty-first", "two hundredth")."""
    word = words[i]
    value = ORDINAL_UNITS[word]
    last = st.last
    if word in DENOMINATORS and (last == "a" or (last == "unit" and acc.segment == 1)):
        acc.divide(DENOMINATORS[word])
        st.last = "fraction"
        st.fraction = True
        st.words = True
        st.end = i + 1
        return i + 1
    if last == "":
        return NumberPhrase(i, i + 1, value, ordinal=True, words=True)
    if value >= 100 and last in ("unit", "tens", "hundred", "numeral"):
        return NumberPhrase(i, i + 1, tidy((acc.value or 1) * value), ordinal=True, words=True)
    if value < 10 and last not in ("tens", "hundred", "scale"):
        return None
    if value >= 10 and last not in ("hundred", "scale"):
        return None
    if last == "tens" and value >= 10:
        return None
    return NumberPhrase(i, i + 1, tidy(acc.value + value), ordinal=True, words=True)


def _is_plain_numeral(word: str) -> bool:
    numeral = parse_numeral(word)
    return numeral is not None and not numeral.suffix


def _fraction_follows(words: list[str], i: int) -> bool:
    """True when ``words[i:]`` read as a fraction ("a half", "three fifths", "a quarter")."""
    n = len(words)
    if i < n and words[i] in ("a", "an", "one") and i + 1 < n:
        return words[i + 1] in DENOMINATORS or words[i + 1] == "half"
    if i < n and words[i] in UNITS and i + 1 < n:
        # "three fifths", "two quarters"; a singular ordinal ("two third") is not one
        return words[i + 1] in DENOMINATORS and words[i + 1] not in ORDINAL_UNITS
    return i < n and words[i] == "half"


_DIGIT_WORDS = {**{k: v for k, v in UNITS.items() if v < 10}, "oh": 0}


def _spoken_decimals(words: list[str], i: int) -> tuple[Decimal, int]:
    """ "point five five" → (0.55, index after); "point seventy-one" → 0.71."""
    digits = ""
    n = len(words)
    while i < n:
        word = words[i]
        if word in _DIGIT_WORDS:
            digits += str(_DIGIT_WORDS[word])
        elif word in UNITS or word in TENS:
            value = UNITS.get(word) or TENS[word]
            if i + 2 < n and word in TENS and words[i + 1] == "-" and words[i + 2] in UNITS:
                value += UNITS[words[i + 2]]
                i += 2
            elif i + 1 < n and word in TENS and words[i + 1] in _DIGIT_WORDS:
                value += _DIGIT_WORDS[words[i + 1]]
                i += 1
            digits += str(value)
        else:
            break
        i += 1
    if not digits:
        return _ZERO, i
    return Decimal("0." + digits), i


_ORDINAL_SUFFIX = {"st", "nd", "rd", "th"}


def _numeral_ordinal(numeral: Numeral, text: str) -> int | None:
    """ "21st" → 21 when the suffix agrees with the number (not "21th" typos of ids)."""
    if numeral.suffix.lower() not in _ORDINAL_SUFFIX or not isinstance(numeral.value, int):
        return None
    if numeral.value < 0 or not text[0].isdigit():
        return None
    return numeral.value


def parse_ordinal_token(text: str) -> int | None:
    """ "21st" → 21, "third" → 3; ``None`` for anything else."""
    lower = text.lower()
    if lower in ORDINAL_UNITS:
        return ORDINAL_UNITS[lower]
    numeral = parse_numeral(lower)
    if numeral is None or not numeral.suffix:
        return None
    return _numeral_ordinal(numeral, lower)
