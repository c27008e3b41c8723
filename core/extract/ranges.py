"""Ranges and changes: two figures joined into one, with ``value`` and ``upper``.

Every form a range takes in news copy gives one figure, in every kind: "X–Y", "X-Y" (with
or without spaces), "X to Y", "between X and Y", "X or Y" for bare numbers, with the unit
and the scale written on one side or on both ("€3.5 billion–€4 billion", "€3.5-4
billion", "3.5 to 4 billion euros", "$4.1bn–$4.7bn", "10%-20%", "three to five times").
Its qualifier is "between".

"from X to Y" is a change, not a range ("rose from €500m to €750m"): the qualifier is
"change", ``value`` is where it started and ``upper`` where it ended, whichever way it
went (so ``upper`` may be the smaller number). After a word that announces a spread
("ranging from 5 to 10") it is a range again. Dates keep "from" ("from May to July" is a
span of time, not a change). A scale written only on the second figure is shared with the
first when that keeps the range rising ("$5 to $10 million" is 5 million to 10 million,
"$500 to $2 million" stays 500).

Other pairings the connectors also make: "68-32" and "3-2" are tallies (qualifier
"tally", ``upper`` the second number) and "a day or two" a range of durations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeGuard

from . import dates as D
from .exact import times
from .hits import COUNT, DATE, DURATION, HYPHENS, MEASURE, MONEY, PERCENT, RATIO, Hit
from .tokens import TokenView

Recogniser = Callable[[TokenView, int, D.Reference, int], Hit | None]

RANGE = "between"
CHANGE = "change"
_OPENERS = frozenset({"between", "from"})
_NUMERIC = frozenset({COUNT, PERCENT, MONEY, MEASURE, RATIO})
"""Kinds whose "X to Y" with the unit on both sides is a range without an opener."""
_SPREAD_WORDS = frozenset(
    {"ranging", "ranged", "range", "ranges", "varying", "varied", "vary", "varies", "anywhere"}
)
"""Words before "from X to Y" that make it a spread of values rather than a change."""


def _connects(tv: TokenView, hit: Hit, j: int, opener: str) -> bool:
    """Whether the word at ``j`` may join ``hit`` to a figure after it."""
    connector = tv.word(j)
    if connector in HYPHENS:
        # "10-20", "40–50" glued, or spaced on both sides ("€3.5bn - €4bn"); not "5 -10".
        return tv.joined(j - 1) == tv.joined(j) or connector == "–"
    if connector == "to":
        return opener in _OPENERS or hit.bare or hit.kind in _NUMERIC
    if connector == "and":
        return opener == "between"
    if connector == "or":
        # "five or six people", "a day or two"; not "$5 or $6", not "either ... or"
        return (hit.bare or hit.kind == DURATION) and opener != "either"
    return False


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def extend_range(
    tv: TokenView, hit: Hit, ref: D.Reference, floor: int, recognise: Recogniser
) -> Hit:
    """``hit`` joined with the figure after it into a range, change or tally, or as it was."""
    j = hit.end
    connector = tv.word(j)
    opener = tv.word(hit.start - 1) if hit.start - 1 >= floor else ""
    if hit.kind not in (*_NUMERIC, DATE, DURATION) or not _connects(tv, hit, j, opener):
        return hit
    second = recognise(tv, j + 1, ref, j + 1)
    if second is None or second.kind is None or second.qualifier:
        return hit
    if (
        connector == "to"
        and opener not in _OPENERS
        and not hit.bare
        and (second.kind != hit.kind or second.bare or second.unit != hit.unit)
    ):
        return hit  # "$4.1 billion to $4.7 billion" is a range, "5% to 4 people" is not
    if connector == "or" and hit.kind == DURATION:
        return _duration_or_more(hit, second)
    value = hit.value
    if hit.kind == DATE and second.kind == COUNT and connector in HYPHENS:
        return _short_second_year(tv, hit, j)
    if hit.kind == MONEY and second.bare and second.kind == COUNT:
        # "$5-10 million", "€3.5 billion–4 billion": the currency is written once
        second = Hit(
            second.start, second.end, MONEY, second.value, unit=hit.unit, scale=second.scale
        )
    if second.kind != hit.kind and not hit.bare:
        return hit
    if hit.kind != DATE and hit.unit != second.unit and not hit.bare:
        return hit
    if hit.scale == 1 and second.scale > 1 and _number(value) and _number(second.value):
        scaled = times(value, second.scale)
        if scaled <= second.value:  # "$5 to $10 million"; "$500 to $2 million" stays 500
            value = scaled
    change = opener == "from" and hit.kind != DATE and tv.word(hit.start - 2) not in _SPREAD_WORDS
    if _number(value) and _number(second.value) and not value < second.value and not change:
        if connector in HYPHENS and hit.kind == COUNT and second.kind == COUNT:
            # "passed 68-32", "won 3-2": one tally, not a range and not two counts
            return Hit(hit.start, second.end, COUNT, value, qualifier="tally", upper=second.value)
        return hit
    if hit.bare and second.kind == DURATION:
        # "3 to 5 years": the first number takes the second one's unit
        unit = re.fullmatch(r"(PT?)[\d.]+([A-Z])", str(second.value))
        if unit is None or not _number(value):
            return hit
        value = f"{unit[1]}{D.format_amount(value)}{unit[2]}"
    qualifier = CHANGE if change else "from" if opener == "from" and hit.kind == DATE else RANGE
    return Hit(
        hit.start,
        second.end,
        second.kind,
        value,
        unit=second.unit,
        qualifier=qualifier,
        upper=second.value,
    )


def _short_second_year(tv: TokenView, hit: Hit, j: int) -> Hit:
    """ "the 2023-24 budget", "2015-16 season": the second year written with two digits."""
    year, short = str(hit.value), tv.word(j + 1)
    if (
        len(year) == 4
        and year.isdigit()
        and len(short) == 2
        and short.isdigit()
        and (int(year[2:]) < int(short))
    ):
        upper = year[:2] + short
        return Hit(hit.start, j + 2, DATE, year, qualifier=RANGE, upper=upper)
    return hit


def _duration_or_more(hit: Hit, second: Hit) -> Hit:
    """ "a day or two": the bare second number takes the duration's unit."""
    unit = re.fullmatch(r"(PT?)[\d.]+([A-Z])", str(hit.value))
    low = re.fullmatch(r"PT?([\d.]+)[A-Z]", str(hit.value))
    if second.kind != COUNT or not second.bare or unit is None or low is None:
        return hit
    if not _number(second.value) or not float(low[1]) < second.value:
        return hit
    upper = f"{unit[1]}{D.format_amount(second.value)}{unit[2]}"
    return Hit(hit.start, second.end, DURATION, hit.value, qualifier=RANGE, upper=upper)
