"""Durations: spans of time with a number ("three years", "90-day", "1 year 1 month
21 days", "an hour and a half") or without one ("all day", "another week", "a couple of
days"), and spans that point at a date ("two days ago", "three weeks from now").
"""

from __future__ import annotations

from . import dates as D
from .hits import (
    DATE,
    DURATION,
    HYPHENS,
    Hit,
)
from .numbers import (
    NUMBER_WORDS,
    UNITS,
    parse_number,
)
from .tokens import TokenView

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


def vague_duration(tv: TokenView, i: int) -> Hit | None:
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
    if tv.word(k) in HYPHENS and tv.joined(k - 1) and tv.joined(k):
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


def a_unit(tv: TokenView, i: int, ref: D.Reference) -> Hit | None:
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
    return duration_hit(tv, start, i + 2, [(amount, unit)], ref=ref)


def is_age(tv: TokenView, k: int) -> bool:
    """ "a 79-year-old", "aged 25 years old": the number is an age, not a span of time."""
    if tv.word(k) not in ("year", "years", "month", "months"):
        return False
    if tv.word(k + 1) in HYPHENS and tv.word(k + 2) == "old":
        return True
    return tv.word(k + 1) == "old"


def duration_hit(
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
    value: str | None = D.iso_duration([(_as_float(a), u) for a, u in parts])
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
