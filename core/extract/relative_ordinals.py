"""Relative ordinals: "the next one", "last", "the previous page", "the second to last".

They name a position counted from the current item or from the end of a sequence, so
their value is not a number but the reference Recognizers-Text writes: the anchor and a
signed offset ("current+1" for "next", "end+0" for "last", "end-1" for "the last but
one"). The figure's kind is ``ordinal`` and its qualifier ``"relative"``; absolute
ordinals ("third" → 3) stay numbers.

News prose uses these words far more often in other senses, so the rule is cautious:
- a period after the word makes a date or a duration ("last year", "next Friday", "the
  last three months"): the date rules own those;
- fixed phrases ("at last", "next to", "current account") and hyphenated compounds
  ("last-minute") are no positions;
- "last" is a verb after "could", "to", "didn't" or before "until", and the adverb
  "most recently" before a participle ("he was last seen");
- "next", "last" and "current" must be followed by what they pick out ("the next step",
  not "what comes next", not "swept away by the current"), unless the word is quoted on
  its own (the word "next").
The word lists live in ``data/relative_ordinals.json``.
"""

from __future__ import annotations

from functools import cache

from . import dates as D
from .hits import HYPHENS, ORDINAL, Hit
from .lexicon import relative_ordinals
from .numbers import NUMBER_WORDS, parse_number
from .tokens import TokenView

RELATIVE = "relative"
"""The qualifier of every relative ordinal (and what keeps it out of claims)."""

_QUOTES = frozenset({'"', "'", "“", "”", "‘", "’", "``", "''"})
_LONGEST = 6


@cache
def _tables() -> dict:
    """The data file, with phrases split into (words, value, takes a leading "the")."""
    data = relative_ordinals()
    phrases: dict[str, tuple[str, bool]] = {}
    for phrase, value in data["phrases"].items():
        article = phrase.startswith("the ")
        phrases[phrase[4:] if article else phrase] = (value, article)
    not_relative: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for phrase in data["not_relative"]:
        words = tuple(phrase.split())
        for offset, word in enumerate(words):
            if word in data["words"]:
                not_relative.setdefault(word, []).append((offset, words))
    time_words = set(data["time_words"]) | set(D.DURATION_UNITS) | set(D.MONTHS) | set(D.WEEKDAYS)
    return {
        "words": data["words"],
        "phrases": phrases,
        "phrase_starts": frozenset(p.split()[0] for p in phrases),
        "from_end": [tuple(p.split()) for p in data["from_end"]],
        "from_end_starts": frozenset(p.split()[0] for p in data["from_end"]),
        "need_a_noun": data["need_a_noun"],
        "not_relative": not_relative,
        "verb_before": frozenset(data["verb_before"]),
        "verb_after": frozenset(data["verb_after"]),
        "participles": frozenset(data["adverb_participles"]),
        "time_words": frozenset(time_words),
        "quantities": frozenset(data["quantities"]) | NUMBER_WORDS,
        "function_words": frozenset(data["function_words"]),
        "determiners": frozenset(data["determiners"]),
    }


def trigger_words() -> frozenset[str]:
    """Words at which a relative ordinal can start (for the scanner's pre-filter)."""
    return frozenset(_tables()["words"])


def relative_ordinal_at(tv: TokenView, i: int, floor: int) -> Hit | None:
    """The relative ordinal starting at token ``i`` ("next one", "the second to last")."""
    t = _tables()
    word = tv.word(i)
    if word in t["phrase_starts"]:
        found = _phrase(tv, i, floor)
        if found is not None:
            return found
    if word in t["words"]:
        if _not_a_position(tv, i):
            return None
        return Hit(i, i + 1, ORDINAL, t["words"][word], qualifier=RELATIVE)
    after = tv.word(i + 1)
    if after in HYPHENS:
        after = tv.word(i + 2)
    if after in t["from_end_starts"]:
        return _counted_from_end(tv, i, floor)
    return None


def _words_from(tv: TokenView, i: int, count: int) -> tuple[list[str], list[int]]:
    """Up to ``count`` words from token ``i``, skipping hyphens that join words
    ("next-to-last"), with the index just past each word."""
    words: list[str] = []
    ends: list[int] = []
    k = i
    while k < len(tv) and len(words) < count:
        if words and tv.word(k) in HYPHENS and tv.joined(k - 1) and tv.joined(k):
            k += 1
            continue
        words.append(tv.word(k))
        ends.append(k + 1)
        k += 1
    return words, ends


def _with_article(tv: TokenView, hit: Hit, floor: int) -> Hit:
    if hit.start - 1 >= floor and tv.word(hit.start - 1) == "the":
        hit.start -= 1
    return hit


def _phrase(tv: TokenView, i: int, floor: int) -> Hit | None:
    """The longest phrase of the data file at ``i`` ("last but one", "next to last")."""
    phrases = _tables()["phrases"]
    words, ends = _words_from(tv, i, _LONGEST)
    for length in range(len(words), 1, -1):
        found = phrases.get(" ".join(words[:length]))
        if found is None:
            continue
        end = ends[length - 1]
        if words[length - 1] == "one" and _number_goes_on(tv, end - 1):
            continue  # "the next one hundred days" is a number, not "next one"
        if _time_follows(tv, end):
            continue  # "the last one year"
        value, article = found
        hit = Hit(i, end, ORDINAL, value, qualifier=RELATIVE)
        return _with_article(tv, hit, floor) if article else hit
    return None


def _counted_from_end(tv: TokenView, i: int, floor: int) -> Hit | None:
    """ "the second to last", "third from last", "2nd-to-last": end minus (n - 1)."""
    phrase = parse_number(tv.words, i)
    if phrase is None or not phrase.ordinal or not isinstance(phrase.value, int):
        return None
    n = phrase.value
    if n < 2 or phrase.end != i + 1:
        return None
    words, ends = _words_from(tv, i, 4)
    for tail in _tables()["from_end"]:
        if tuple(words[1 : 1 + len(tail)]) == tail:
            end = ends[len(tail)]
            if _time_follows(tv, end):
                return None  # "third from last year's total"
            hit = Hit(i, end, ORDINAL, f"end-{n - 1}", qualifier=RELATIVE)
            return _with_article(tv, hit, floor)
    return None


def _number_goes_on(tv: TokenView, k: int) -> bool:
    phrase = parse_number(tv.words, k)
    return phrase is not None and phrase.end > k + 1


def _time_follows(tv: TokenView, k: int) -> bool:
    """A period at ``k``, perhaps after a quantity ("year", "three months", "few days")."""
    t = _tables()
    for j in range(k, k + 4):
        word = tv.word(j).rstrip(".")
        if word in t["time_words"]:
            return True
        if not (word in t["quantities"] or word[:1].isdigit() or word in HYPHENS):
            return False
    return False


def _not_a_position(tv: TokenView, i: int) -> bool:
    """True where the relative word means something else here (see the module doc)."""
    t = _tables()
    word, before, after = tv.word(i), tv.word(i - 1), tv.word(i + 1)
    if _time_follows(tv, i + 1):
        return True
    for offset, phrase in t["not_relative"].get(word, ()):
        start = i - offset
        if start >= 0 and tuple(tv.words[start : start + len(phrase)]) == phrase:
            return True
    if tv.joined(i) and after in HYPHENS:
        return True  # "last-minute", "next-generation", "current-account"
    if before in _QUOTES and after in _QUOTES:
        return False  # the word itself, quoted: 'did you mean "next"?'
    if word == "last":
        if before in t["verb_before"] or after in t["verb_after"]:
            return True
        participle = after in t["participles"] or (len(after) > 4 and after.endswith("ed"))
        if participle and before not in t["determiners"]:
            return True
    needs = t["need_a_noun"].get(word)
    if needs is None:
        return False
    if needs and before == "the":
        return False  # "the last to leave", "the last of the hostages"
    return not (after[:1].isalnum() and after not in t["function_words"])
