"""How much a claim deserves a fact-checker's time, as a transparent score from 0 to 1.

No model: a reviewer must be able to see why one claim ranks above another, so the score
is a sum of a few visible features, each with a fixed weight (``score_breakdown`` lists
them). What fact-checkers check first is statistical and attributed: a percentage or an
amount of money, a count of people, a figure someone is quoted as giving. What they skip
is incidental: "one of those extradited", a bare ordinal, a time of day.

Features (weights add up, the total is clipped to 0..1):

- the kind of the key figure (``KIND_WEIGHTS``): percent and money highest, ratios
  ("twice as many", "one in five") just below, then counts and measures, durations,
  dates, ordinals and times last;
- a count of people ("26 alleged ... members", "5 dead") or of money-like things;
- attribution in the statement ("according to", "said", "reported", "figures show");
- comparison or change ("rose", "higher", "record", "doubled", "tariff", "rate");
- a hedge or range on the figure ("more than 40"): someone chose that wording;
- more figures in the statement qualifying the key one (a dated count is more precise);
- a direct quotation: worth checking that it was said; with a named speaker it also
  counts as attributed.
"""

from __future__ import annotations

import re

from core.model import Figure, FigureKind

KIND_WEIGHTS: dict[str, float] = {
    FigureKind.PERCENT: 0.45,
    FigureKind.MONEY: 0.45,
    FigureKind.RATIO: 0.4,
    FigureKind.COUNT: 0.3,
    FigureKind.MEASURE: 0.3,
    FigureKind.DURATION: 0.25,
    FigureKind.DATE: 0.15,
    FigureKind.ORDINAL: 0.1,
    FigureKind.TIME: 0.05,
}
QUOTE_WEIGHT = 0.35
ATTRIBUTION_WEIGHT = 0.2
PEOPLE_WEIGHT = 0.15
CHANGE_WEIGHT = 0.1
HEDGE_WEIGHT = 0.05
QUALIFIED_WEIGHT = 0.05

_ATTRIBUTION = re.compile(
    r"\b(according to|said|says|say|told|reported|reports|added|confirmed|announced|"
    r"stated|estimated|estimates|figures show|data show|statistics|survey|study|census|"
    r"official|officials|ministry|department|agency|report)\b",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"\b(rose|rise|rises|risen|fell|fall|falls|fallen|increase[sd]?|decrease[sd]?|"
    r"grew|grow|growth|drop(ped)?|doubled|tripled|halved|higher|lower|"
    r"record|highest|lowest|largest|biggest|tariffs?|tax(ed|es)?|rate|cut|raised|"
    r"expelled|extradited|killed|arrested|deported|handed over|designat\w+|extension)\b",
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    r"^\W*(?:\w+[- ]){0,4}?(people|persons|members|migrants|workers|soldiers|troops|"
    r"children|civilians|dead|deaths|killed|injured|wounded|victims|suspects|officers|"
    r"agents|figures|residents|voters|patients|cases|jobs|groups|cartels?|organisations|"
    r"organizations|companies|firms)\b",
    re.IGNORECASE,
)


def statement_cues(statement: str) -> tuple[bool, bool]:
    """Whether ``statement`` has words of attribution and words of change.

    The two searches are most of a score's cost, and the claims of one clause share their
    statement ("26 ... in 2024, up from 19"), so a caller scoring many claims passes the
    cues it already has to ``score``.
    """
    return bool(_ATTRIBUTION.search(statement)), bool(_CHANGE.search(statement))


def score_breakdown(
    statement: str,
    key: Figure | None,
    *,
    following: str = "",
    figure_count: int = 1,
    is_quote: bool = False,
    speaker: str | None = None,
    cues: tuple[bool, bool] | None = None,
) -> dict[str, float]:
    """The features that fired and their weights; ``following`` is the text after the key;
    ``cues`` is ``statement_cues(statement)`` where the caller has it."""
    parts: dict[str, float] = {}
    if is_quote:
        parts["quote"] = QUOTE_WEIGHT
    if key is not None:
        parts[f"kind:{key.kind}"] = KIND_WEIGHTS.get(key.kind, 0.1)
        if key.kind == FigureKind.COUNT and _PEOPLE.match(following):
            parts["people"] = PEOPLE_WEIGHT
        if key.qualifier:
            parts["hedge"] = HEDGE_WEIGHT
    attributed, changes = statement_cues(statement) if cues is None else cues
    if speaker or attributed:
        parts["attribution"] = ATTRIBUTION_WEIGHT
    if changes:
        parts["change"] = CHANGE_WEIGHT
    if figure_count > 1:
        parts["qualified"] = QUALIFIED_WEIGHT
    return parts


def score(
    statement: str,
    key: Figure | None,
    *,
    following: str = "",
    figure_count: int = 1,
    is_quote: bool = False,
    speaker: str | None = None,
    cues: tuple[bool, bool] | None = None,
) -> float:
    """Check-worthiness in 0..1, rounded to two places (see the module docstring)."""
    parts = score_breakdown(
        statement,
        key,
        following=following,
        figure_count=figure_count,
        is_quote=is_quote,
        speaker=speaker,
        cues=cues,
    )
    return round(min(1.0, max(0.0, sum(parts.values()))), 2)
