"""Hedges around a figure: "more than 40", "nearly 3%", "40 or more", "about a third".

A hedge never changes the figure's value; it is stored as ``qualifier``. "over" or
"about" after a verb that takes them as a particle ("handed over 29") is not a hedge.

Qualifiers a consumer will meet: the hedge phrases of ``data/hedges.json`` ("more than",
"nearly", "up to", "or more", ...), "between" for ranges and "change" for "from X to Y"
(both with ``upper``, see ``ranges``), "tally" for results such as "52-48" (``upper`` is
the second number), "at least" for vague amounts ("tens of thousands"), "return period"
for "1-in-100-year" ratios, and for dates "from", "end of", "early", "mid", "late".
"""

from __future__ import annotations

from dataclasses import replace

from .hits import DURATION, HYPHENS, MONEY, Hit
from .lexicon import hedges, phrasal_verbs
from .tokens import TokenView


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
