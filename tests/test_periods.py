"""Quarters and halves of a year are dates (TIMEX3 ``2025-Q4``, ``2025-H1``), not
ordinals, resolved against the article's date; dates written without a year take the
year that the tense and cue words point to ("due", "will", "next" look forward, the past
tense looks back)."""

from __future__ import annotations

import pytest
from figure_helpers import figures, only

from core.extract import extract_claims
from core.ingest import article_from_text

OCT_2025 = "2025-10-14"

PERIODS = [
    ("the fourth quarter", OCT_2025, "fourth quarter", "2025-Q4"),
    ("in the first quarter", OCT_2025, "first quarter", "2025-Q1"),
    ("the 3rd quarter", OCT_2025, "3rd quarter", "2025-Q3"),
    ("fourth-quarter profits", OCT_2025, "fourth-quarter", "2025-Q4"),
    ("the third quarter of 2024", OCT_2025, "third quarter of 2024", "2024-Q3"),
    ("the second quarter of next year", OCT_2025, "second quarter of next year", "2026-Q2"),
    ("the first half", OCT_2025, "first half", "2025-H1"),
    ("the second half of 2023", OCT_2025, "second half of 2023", "2023-H2"),
    ("the first half of the year", OCT_2025, "first half of the year", "2025-H1"),
    ("in Q3", OCT_2025, "Q3", "2025-Q3"),
    ("Q1 2026", OCT_2025, "Q1 2026", "2026-Q1"),
    ("in H2", OCT_2025, "H2", "2025-H2"),
    ("the fourth quarter", None, "fourth quarter", "XXXX-Q4"),
    ("Profits fell in the fourth quarter", "2026-02-10", "fourth quarter", "2025-Q4"),
    ("Sales will recover in the first quarter", OCT_2025, "first quarter", "2026-Q1"),
    ("the final quarter", OCT_2025, "final quarter", "2025-Q4"),
]


@pytest.mark.parametrize(("text", "ref", "span", "value"), PERIODS)
def test_quarters_and_halves_are_periods_of_the_year(text, ref, span, value):
    figure = only(text, ref)
    assert (figure.text, figure.kind, figure.value) == (span, "date", value)


def test_a_quarter_is_no_ordinal_claim_of_its_own():
    text = (
        "Results\n\nVienna, Oct 14 : Revenue rose 12% to $4.5 billion in the fourth "
        "quarter, the company said.\n"
    )
    claims = extract_claims(article_from_text(text, "results.txt", date=OCT_2025))
    kinds = [[f.kind for f in c.figures] for c in claims]
    assert all("ordinal" not in k for k in kinds), kinds
    quarter = [f for c in claims for f in c.figures if f.value == "2025-Q4"]
    assert quarter and quarter[0].text == "fourth quarter"


YEARLESS = [
    # text, article date, figure text, value
    ("A planned increase is due on January 1.", OCT_2025, "January 1", "2026-01-01"),
    ("The tax will rise in March.", OCT_2025, "March", "2026-03"),
    ("Talks are scheduled for February 3.", OCT_2025, "February 3", "2026-02-03"),
    ("Elections are expected in April.", OCT_2025, "April", "2026-04"),
    ("The rules change next January.", OCT_2025, "January", "2026-01"),
    ("The ban stays until January.", OCT_2025, "January", "2026-01"),
    ("The plant will open in November.", OCT_2025, "November", "2025-11"),
    ("Prices rose in November.", "2026-03-10", "November", "2025-11"),
    ("The law took effect in December.", "2026-03-10", "December", "2025-12"),
    ("He was arrested on December 20.", "2026-01-05", "December 20", "2025-12-20"),
    ("Sales fell in September.", OCT_2025, "September", "2025-09"),
    ("The shipment arrived on Oct. 2.", OCT_2025, "Oct. 2", "2025-10-02"),
    ("Output has grown since August.", "2026-03-10", "August", "2025-08"),
    ("The vote was held on March 3.", OCT_2025, "March 3", "2025-03-03"),
    ("The festival opens in February 2015.", OCT_2025, "February 2015", "2015-02"),
    ("In February the talks resume.", OCT_2025, "February", "2025-02"),
]


@pytest.mark.parametrize(("text", "ref", "span", "value"), YEARLESS)
def test_a_date_without_a_year_takes_the_year_its_tense_points_to(text, ref, span, value):
    found = [f for f in figures(text, ref) if f.kind == "date"]
    assert [(f.text, f.value) for f in found] == [(span, value)]


def test_yearless_dates_through_the_article_date_from_the_dateline():
    text = (
        "Energy bills\n\nVienna, Oct 14, 2025 : A planned increase is due on January 1, "
        "when the levy rises by 12 per cent.\n"
    )
    article = article_from_text(text, "bills.txt")
    assert article.date == OCT_2025
    claims = extract_claims(article)
    dates = [f.value for c in claims for f in c.figures if f.kind == "date"]
    assert dates == ["2026-01-01"]
