"""Rules that find dates in tokens: "August 13", "13 August 2015", "February 2015",
"2015-08-12", "mid-2015", "Friday", "next Sunday", "the first Monday of September",
"yesterday", "on the 21st", and qualifiers such as "end of July".

Each rule takes the token view, a start index and the reference date, and returns a
``Hit`` or ``None``; ``date_at`` tries them in order.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import dates as D
from .date_parts import day_at, month_number, year_at
from .hits import DATE, PERCENT_WORDS, Hit, unit_follows
from .numbers import (
    ORDINAL_UNITS,
    UNITS,
)
from .numeric_dates import numeric_date
from .period_rules import QUARTER_TOKEN, period_at, quarter
from .tokens import TokenView

DATE_QUALIFIERS: dict[str, str] = {
    "earlier": "earlier",
    "later": "later",
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


def _month_first(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """ "August 13", "Oct. 2", "May the eleventh", "January 12, 2016", "February 2015",
    "February"."""
    word = tv.word(i)
    month = month_number(word)
    if month is None:
        return None
    j = i + 1
    if tv.word(j) == "." and day_at(tv, j + 1):  # "october. 2", never a sentence's end
        j += 1
    day = year = None
    k = j + 1 if tv.word(j) == "the" else j
    found = day_at(tv, k)
    if found and tv.word(found[1]) not in PERCENT_WORDS and not unit_follows(tv, found[1]):
        day, j = found
    k = j
    if tv.word(k) == ",":
        k += 1
    if tv.word(k) == "of":
        k += 1
    found_year = year_at(tv, k)
    if found_year:
        year, j = found_year
    if day is None and year is None and not _lone_month_ok(tv, i, word):
        return None
    yearless = year is None and ref.year is not None
    return Hit(i, j, DATE, D.resolve(year, month, day, ref), yearless=yearless)


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
    found = day_at(tv, i)
    if not found:
        return None
    day, j = found
    if tv.word(j) == "." and tv.joined(j - 1):
        j += 1  # "16. Nov. 2016"
    k = j + 1 if tv.word(j) == "of" else j
    month = month_number(tv.word(k))
    if month is None:
        return _day_of_relative_month(tv, i, k, day, ref)
    if (
        tv.word(k) in D.AMBIGUOUS_MONTHS
        and tv.word(k) in ("may", "march")
        and k == j
        and (not tv.texts[k][:1].isupper())
    ):
        return None
    end = k + 1
    if tv.word(end) == "." and tv.joined(k) and year_at(tv, end + 1):
        end += 1  # "16. nov. 2016"
    m = end + 1 if tv.word(end) == "," else end
    m = m + 1 if tv.word(m) == "of" else m
    year = None
    found_year = year_at(tv, m)
    if found_year:
        year, end = found_year
    yearless = year is None and ref.year is not None
    return Hit(i, end, DATE, D.resolve(year, month, day, ref), yearless=yearless)


def _day_of_relative_month(tv: TokenView, i: int, k: int, day: int, ref: D.Reference) -> Hit | None:
    """ "the 20th of next month", "31st of this month": needs an ordinal-looking day."""
    if tv.word(k - 1) != "of" or tv.word(k + 1) != "month" or tv.word(k) not in WEEK_OFFSETS:
        return None
    if not (_SUFFIXED_DAY.match(tv.word(i)) or tv.word(i) in ORDINAL_UNITS):
        return None
    value = f"XXXX-XX-{day:02d}"
    if ref.year is not None and ref.month is not None:
        shifted = D.shift(D.Reference(ref.year, ref.month, 1), months=WEEK_OFFSETS[tv.word(k)])
        if shifted:
            value = f"{shifted[:7]}-{day:02d}"
    start = i - 1 if tv.word(i - 1) == "the" else i
    return Hit(start, k + 2, DATE, value)


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
        dated = numeric_date(tv, k, ref)
    if dated is None and tv.word(k) == "the":
        day = day_at(tv, k + 1)
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
        named = month_number(tv.word(end + 1))
        if named is not None:
            month, end = named, end + 2
            year = None if ref.year is None else ref.year
            found_year = year_at(tv, end)
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


RELATIVE_PERIODS = frozenset({"year", "month", "week"})


def _relative_period(tv: TokenView, i: int, ref: D.Reference, floor: int) -> Hit | None:
    """ "last year", "this month", "next week", resolved against the article's date.

    Only when the reference date can resolve it: a date a reader cannot check against
    a calendar ("XXXX" for "last year") would be noise in the claims list.
    """
    offset = WEEK_OFFSETS.get(tv.word(i - 1))
    if offset is None or i - 1 < floor or tv.word(i - 1) in ("past", "previous", "coming"):
        return None  # "the past year" is a span, not a calendar year
    unit = tv.word(i)
    k = i + 2 if tv.word(i + 1) == "on" else i + 1
    if unit == "week" and tv.word(k).rstrip(".") in D.WEEKDAYS:
        return None  # "next week on Friday" is that Friday: the weekday rule takes it
    value = None
    if unit == "year" and ref.year is not None:
        value = str(ref.year + offset)
    elif unit == "month" and ref.year is not None and ref.month is not None:
        shifted = D.shift(D.Reference(ref.year, ref.month, 1), months=offset)
        value = shifted[:7] if shifted else None
    elif unit == "week" and ref.full is not None:
        year, week, _ = (ref.full + D.timedelta(weeks=offset)).isocalendar()
        value = f"{year}-W{week:02d}"
    return Hit(i - 1, i + 1, DATE, value) if value is not None else None


def _relative_day(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
    """ "today", "tomorrow", "yesterday": the reference date moved, when it is known."""
    offset = D.RELATIVE_DAYS[tv.word(i)]
    start = i
    # "the day before yesterday", "the day after tomorrow"
    if tv.word(i - 1) in ("before", "after") and tv.word(i - 2) == "day":
        offset += -1 if tv.word(i - 1) == "before" else 1
        start = i - 3 if tv.word(i - 3) == "the" else i - 2
    return Hit(start, i + 1, DATE, D.shift(ref, days=offset) or "XXXX-XX-XX")


def date_at(tv: TokenView, i: int, ref: D.Reference, floor: int) -> Hit | None:
    """The date starting at token ``i``, if any; ``floor`` is the first token not yet
    taken by an earlier figure (rules that look left, such as "next Friday", stop there).
    """
    word = tv.word(i)
    if word in D.RELATIVE_DAYS:
        return _relative_day(tv, i, ref)
    if QUARTER_TOKEN.match(tv.text(i)):
        return quarter(tv, i, ref)
    period = period_at(tv, i, ref)
    if period is not None:
        return period
    if word in RELATIVE_PERIODS:
        hit = _relative_period(tv, i, ref, floor)
        return _date_qualifier(tv, hit, floor) if hit is not None else None
    bare = word.rstrip(".")
    if word in NTH and tv.word(i + 1).rstrip(".") in D.WEEKDAYS:  # "the first Monday of May"
        return _weekday(tv, i + 1, ref, floor)
    if bare in D.WEEKDAYS and (bare not in D.SHORT_WEEKDAYS or tv.texts[i][:1].isupper()):
        return _weekday(tv, i, ref, floor)
    hit = None
    if tv.joined(i) or not word.isalpha():
        hit = numeric_date(tv, i, ref)
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
    found = day_at(tv, i)
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
