"""Multipliers and proportions are figures of kind ``ratio``.

Values: "twice" 2, "three times" 3, "one in five" 0.2, "half of" 0.5; fractions written
in words keep four decimals ("a third" 0.3333, "two-thirds" 0.6667). A return period
("1-in-100-year") is the yearly chance, 0.01, with the qualifier "return period".
"""

from __future__ import annotations

import pytest
from figure_helpers import figures, only, same_number

from core.extract import extract_claims
from core.ingest import article_from_text

RATIOS = [
    ("Twice as many people voted", "Twice", 2),
    ("twice as many people", "twice", 2),
    ("three times the amount", "three times", 3),
    ("prices rose 2.5 times faster", "2.5 times", 2.5),
    ("thrice the size", "thrice", 3),
    ("one in five adults", "one in five", 0.2),
    ("1 in 4 children", "1 in 4", 0.25),
    ("seven out of 10 cases", "seven out of 10", 0.7),
    ("one in every three homes", "one in every three", 0.3333),
    ("half of the voters", "half", 0.5),
    ("a third of the budget", "a third", 0.3333),
    ("two-thirds of workers", "two-thirds", 0.6667),
    ("a quarter of households", "a quarter", 0.25),
    ("three-quarters of the seats", "three-quarters", 0.75),
    ("a fifth of the workforce", "a fifth", 0.2),
    ("a tenfold increase", "tenfold", 10),
    ("a 3-fold rise", "3-fold", 3),
]


@pytest.mark.parametrize(("text", "span", "value"), RATIOS)
def test_multipliers_and_proportions_are_ratios(text, span, value):
    figure = only(text, kind="ratio")
    assert figure.text == span
    assert same_number(figure.value, value), figure.value
    assert figure.unit is None
    assert [f.kind for f in figures(text)] == ["ratio"]


RETURN_PERIODS = [
    ("a 1-in-100-year flood", "1-in-100-year", 0.01),
    ("a one-in-50-year storm", "one-in-50-year", 0.02),
    ("a 1-in-200-year event", "1-in-200-year", 0.005),
    ("a one in 100 year flood", "one in 100 year", 0.01),
    ("the 1-in-1,000-year rainfall", "1-in-1,000-year", 0.001),
]


@pytest.mark.parametrize(("text", "span", "value"), RETURN_PERIODS)
def test_a_return_period_is_a_yearly_chance_not_a_count(text, span, value):
    figure = only(text)
    assert (figure.text, figure.kind, figure.qualifier) == (span, "ratio", "return period")
    assert same_number(figure.value, value), figure.value


HEDGED = [
    ("nearly half of the seats", "half", 0.5, "nearly"),
    ("more than twice the €1.1bn", "twice", 2, "more than"),
    ("about a third of the budget", "a third", 0.3333, "about"),
]


@pytest.mark.parametrize(("text", "span", "value", "qualifier"), HEDGED)
def test_hedged_ratios(text, span, value, qualifier):
    ratio = next(f for f in figures(text) if f.kind == "ratio")
    assert (ratio.text, ratio.value, ratio.qualifier) == (span, value, qualifier)


NOT_RATIOS = [
    ("half an hour", "duration"),
    ("half a million people", "count"),
    ("three and a half million", "count"),
    ("a quarter of a percentage point", "percent"),
    ("half a mile", "measure"),
]


RANKS = [
    ("She won a third term in office", "third", 3),
    ("for a fifth consecutive year", "fifth", 5),
    ("an eighth straight win", "eighth", 8),
]


@pytest.mark.parametrize(("text", "span", "value"), RANKS)
def test_a_rank_before_a_noun_is_an_ordinal_not_a_share(text, span, value):
    figure = only(text)
    assert (figure.text, figure.kind, figure.value) == (span, "ordinal", value)


def test_a_share_before_a_comparative_stays_a_share():
    assert only("a third more people").kind == "ratio"
    assert only("a fifth higher than last year", kind="ratio").value == 0.2


@pytest.mark.parametrize(("text", "kind"), NOT_RATIOS)
def test_fractions_of_a_unit_or_a_scale_are_no_ratios(text, kind):
    assert only(text).kind == kind


def test_ratio_claims_are_reviewable_and_rank_above_counts():
    text = (
        "Housing report\n\nTwice as many families were evicted this year, and one in "
        "five renters now spends half of their income on rent, the agency said.\n"
    )
    claims = extract_claims(article_from_text(text, "housing.txt"))
    keys = {c.figures[0].text: c for c in claims}
    assert {"Twice", "one in five", "half"} <= set(keys)
    for text_ in ("Twice", "one in five", "half"):
        claim = keys[text_]
        assert claim.figures[0].kind == "ratio"
        assert claim.checkworthiness >= 0.4, claim  # above any plain count's kind weight
