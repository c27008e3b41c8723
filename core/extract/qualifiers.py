"""Hedges and ranges around a figure: "more than 40", "nearly 3%", "40 or more",
"between 5 and 10 million", "from 10 to 20 per cent", "25-30%".

A hedge never changes the figure's value; it is stored as ``qualifier``. "over" or
"about" after a verb that takes them as a particle ("handed over 29") is not a hedge.

Qualifiers a consumer will meet: the hedge phrases of ``data/hedges.json`` ("more than",
"nearly", "up to", "or more", ...), "between" and "from" for ranges (with ``upper``),
"tally" for results such as "52-48" (``upper`` is the second number), "at least" for
vague amounts ("tens of thousands"), and for dates "end of", "early", "mid", "late".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from . import dates as D
from .hits import COUNT, DATE, DURATION, HYPHENS, MEASURE, MONEY, PERCENT, Hit
from .lexicon import hedges, phrasal_verbs
from .numbers import (
    tidy,
)
from .tokens import TokenView

Recogniser = Callable[[TokenView, int, D.Reference, int], Hit | None]

_RANGE_OPENERS = {"between": "between", "from": "from"}


def extend_range(
    tv: TokenView, hit: Hit, ref: D.Reference, floor: int, recognise: Recogniser
) -> Hit:
    """ "between 5 and 10", "from 10 to 20 per cent", "25-30%", "1.5 to 2 million"."""
    j = hit.end
    connector = tv.word(j)
    opener = tv.word(hit.start - 1) if hit.start - 1 >= floor else ""
    if connector in HYPHENS:
        if not (tv.joined(j - 1) and tv.joined(j)) and connector != "–":
            return hit
    elif connector == "to":
        if opener not in _RANGE_OPENERS and not hit.bare:
            return hit
    elif connector == "and":
        if opener != "between":
            return hit
    elif connector == "or":
        if (not hit.bare and hit.kind != DURATION) or opener == "either":
            return hit  # "five or six people", "a day or two"; not "$5 or $6", "either"
    else:
        return hit
    if hit.kind not in (COUNT, PERCENT, MONEY, DATE, MEASURE, DURATION):
        return hit
    second = recognise(tv, j + 1, ref, j + 1)
    if second is None or second.kind is None or second.qualifier:
        return hit
    if connector == "or" and hit.kind == DURATION:
        return _duration_or_more(hit, second)
    value = hit.value
    if hit.kind == DATE and second.kind == COUNT and connector in HYPHENS:
        # "the 2023-24 budget", "2015-16 season": the second year written with two digits
        year, short = str(value), tv.word(j + 1)
        if (
            len(year) == 4
            and year.isdigit()
            and len(short) == 2
            and short.isdigit()
            and (int(year[2:]) < int(short))
        ):
            upper = year[:2] + short
            return Hit(hit.start, j + 2, DATE, year, qualifier="between", upper=upper)
        return hit
    if hit.kind == MONEY and second.bare and second.kind == COUNT:
        # "$5-10 million": the currency is written once, before the first amount
        if hit.scale == 1 and second.scale > 1 and isinstance(value, int | float):
            value = tidy(value * second.scale)
        second = Hit(second.start, second.end, MONEY, second.value, unit=hit.unit)
    if second.kind != hit.kind and not hit.bare:
        return hit
    if hit.kind == DATE and second.kind == DATE:
        pass
    elif hit.unit != second.unit and not hit.bare:
        return hit
    if hit.bare and second.scale > 1 and hit.scale == 1 and isinstance(value, int | float):
        value = tidy(value * second.scale)
    if (
        isinstance(value, int | float)
        and isinstance(second.value, int | float)
        and not value < second.value
    ):
        if connector in HYPHENS and hit.kind == COUNT and second.kind == COUNT:
            # "passed 68-32", "won 3-2": one tally, not a range and not two counts
            return Hit(hit.start, second.end, COUNT, value, qualifier="tally", upper=second.value)
        return hit
    if hit.bare and second.kind == DURATION:
        # "3 to 5 years": the first number takes the second one's unit
        unit = re.fullmatch(r"(PT?)[\d.]+([A-Z])", str(second.value))
        if unit is None or not isinstance(value, int | float):
            return hit
        value = f"{unit[1]}{D.format_amount(value)}{unit[2]}"
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


def _duration_or_more(hit: Hit, second: Hit) -> Hit:
    """ "a day or two": the bare second number takes the duration's unit."""
    unit = re.fullmatch(r"(PT?)[\d.]+([A-Z])", str(hit.value))
    low = re.fullmatch(r"PT?([\d.]+)[A-Z]", str(hit.value))
    if second.kind != COUNT or not second.bare or unit is None or low is None:
        return hit
    if not isinstance(second.value, int | float) or not float(low[1]) < second.value:
        return hit
    upper = f"{unit[1]}{D.format_amount(second.value)}{unit[2]}"
    return Hit(hit.start, second.end, DURATION, hit.value, qualifier="between", upper=upper)


def hedge(tv: TokenView, hit: Hit, floor: int) -> Hit:
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
        if length == 2 and tv.word(end) in HYPHENS and tv.joined(end - 1):
            glued = "-" + tv.word(end + 1)
            if glued in after:
                return replace(hit, qualifier=after[glued])
    return hit
