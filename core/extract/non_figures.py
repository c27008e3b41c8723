"""Digits that are not figures: phone numbers, codes with a leading zero, numbers that
name things ("Article 5", "Boeing 737", "Apollo 11", "S&P 500"), "5G", "24/7".

``identifier`` returns a ``Hit`` without a kind for such a span, so that the scanner
skips its digits instead of reporting them one by one.
"""

from __future__ import annotations

from . import dates as D
from .hits import (
    CASED_UNIT_SUFFIXES,
    HYPHENS,
    PERCENT_WORDS,
    TIME_SUFFIXES,
    Hit,
    counted_noun,
    unit_follows,
)
from .lexicon import identifier_words
from .numbers import SCALE_ABBREVIATIONS, SCALES
from .tokens import TokenView

ID_PREFIXES = identifier_words()
"""Words after which a number names something rather than counting it ("Article 5")."""


_NOT_NAMES = frozenset(D.MONTHS) | frozenset(D.WEEKDAYS) | {"i", "a", "us", "uk", "eu"}


_SENTENCE_BREAKS = frozenset({"", ".", "!", "?", ":", ";", "\n", '"', "(", "-", "–", "—"})


def _named_by_number(tv: TokenView, i: int) -> bool:
    """ "Apollo 11 memorabilia", "Formula 1 race", "iPhone 15 models": a capitalised name
    (not at a sentence start) and a bare whole number, followed by a lower-case word or
    punctuation, is a name. A capital after the number ("Mexico Expels 26 Cartel
    Members") means a title-case headline, where the number is a count.
    """
    word, name = tv.word(i), tv.text(i - 1)
    if not word.isdigit() or len(word) > 5 or not name[:1].isupper() or not name.isalpha():
        return False
    if name.endswith("s") or (tv.joined(i) and tv.word(i + 1) in HYPHENS):
        return False  # "the Conservatives 121", "Chelsea 2-1": counts and scores
    if name.lower() in _NOT_NAMES or (name.isupper() and len(name) <= 3):
        return False  # "USD 200", "US 25 per cent", months and weekdays are not names
    if tv.word(i - 2) in _SENTENCE_BREAKS or tv.word(i - 2).endswith("\n"):
        return False
    after = tv.text(i + 1)
    if after[:1].isupper() or after.lower() in PERCENT_WORDS or after.lower() == "per":
        return False
    if counted_noun(after):
        return False  # "in Florida 40 people died": a plural after the number counts it
    if after.lower() in D.DURATION_UNITS or unit_follows(tv, i + 1):
        return False
    return not after[:1].isdigit()


def _glued_to_letters(tv: TokenView, i: int) -> bool:
    """ "5G", "3D", "2FA": digits glued to letters that are no unit, scale or suffix."""
    if not tv.joined(i) or not tv.word(i).isdigit():
        return False
    after = tv.text(i + 1)
    if not after.isalpha() or after.lower() in _GLUED_WORDS:
        return False
    if after in CASED_UNIT_SUFFIXES:
        return False
    if len(after) == 1 and after.isupper():
        return True  # "5G", "3D": a capital letter is no unit symbol here
    return not unit_follows(tv, i + 1)


_GLUED_WORDS = (
    frozenset(SCALE_ABBREVIATIONS)
    | frozenset(D.DURATION_UNITS)
    | frozenset(TIME_SUFFIXES)
    | {"st", "nd", "rd", "th", "s", "o'clock", "pc", "pct", "percent"}
)
"""Letters that may follow digits without a space and still make a figure ("5m", "3pm")."""


def identifier(tv: TokenView, i: int) -> Hit | None:
    """Digits that name rather than count: phone numbers, "Article 5", "SCP-173"."""
    word = tv.word(i)
    if not word[:1].isdigit() and not word.startswith("+"):
        return None
    before = tv.word(i - 1)
    if before == "." and tv.word(i - 2) == "no" and tv.joined(i - 2):
        before = "no."  # the tokenizer splits "No. 10"
    if before in ID_PREFIXES and tv.word(i + 1) not in PERCENT_WORDS:
        return Hit(i, i + 1, None)
    if word == "24/7":
        return Hit(i, i + 1, None)  # "open 24/7" is a phrase, not a date or a fraction
    if _named_by_number(tv, i):
        return Hit(i, i + 1, None)
    if _glued_to_letters(tv, i):
        return Hit(i, i + 2, None)
    if len(word) > 1 and word[0] == "0" and word.isdigit():
        end = i + 1  # "0800 123 4567", "007": a number with a leading zero is a code
        while end < len(tv) and tv.word(end).isdigit() and tv.starts[end] - tv.ends[end - 1] <= 1:
            end += 1
        return Hit(i, end, None)
    if (
        tv.joined(i - 1)
        and before in HYPHENS
        and tv.word(i - 2)[:1].isalpha()
        and tv.word(i - 2) not in SCALES
    ):
        return Hit(i, i + 1, None)  # "SCP-173", "F-16"; not "€3.5 billion–4 billion"
    # Phone numbers: "+1 555-123-4567", "555-123-4567", "(555) 123-4567".
    k = i
    groups = 1
    while (
        tv.joined(k)
        and tv.word(k + 1) in HYPHENS
        and tv.joined(k + 1)
        and (tv.word(k + 2).isdigit())
    ):
        k += 2
        groups += 1
    # "+44 20 7946 0000" is a phone number; "+5" alone is a signed number.
    if groups >= 3 or (word.startswith("+") and word[1:].isdigit() and tv.word(i + 1).isdigit()):
        end = k + 1
        if word.startswith("+") and tv.word(end).isdigit():
            end += 1
            while tv.word(end) in HYPHENS and tv.word(end + 1).isdigit():
                end += 2
        return Hit(i, end, None)
    return None
