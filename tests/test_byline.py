"""A byline ("By a staff reporter, October 14, 2025") above the dateline neither hides
the dateline nor becomes a claim; its date can give the article's date."""

from __future__ import annotations

import pytest

from core.dateline import find_byline
from core.extract import extract_claims
from core.ingest import article_from_text

BODY = "Vienna, Oct 14 : The government raised the pension age for 26 professions.\n"

BYLINES = [
    ("By a staff reporter, October 14, 2025\n", "2025-10-14"),
    ("By Jane Doe, October 14, 2025\n", "2025-10-14"),
    ("By JANE DOE | October 14, 2025\n", "2025-10-14"),
    ("By a staff reporter | Oct. 14, 2025\n", "2025-10-14"),
    ("By Anna Berger and Tom Weiss, 14 October 2025\n", "2025-10-14"),
    ("By Reuters staff\n", "XXXX-10-14"),  # no year anywhere: the dateline leaves it open
    ("BY JANE DOE, OCTOBER 14, 2025\n", "2025-10-14"),
    ("Published October 14, 2025\n", "2025-10-14"),
    ("Updated: 14 October 2025, 10:42\n", "2025-10-14"),
    ("By Jane Doe\nOctober 14, 2025\n", "2025-10-14"),
]


@pytest.mark.parametrize("headline", ["", "Austria raises the pension age\n"])
@pytest.mark.parametrize(("byline", "date"), BYLINES)
def test_byline_above_the_dateline(headline, byline, date):
    article = article_from_text(headline + byline + BODY, "pensions.txt", title="Pensions")
    assert article.place == "Vienna"
    assert article.date == date
    claims = extract_claims(article)
    assert [c.figures[0].text for c in claims] == ["26"]
    assert claims[0].statement.startswith("The government")


def test_byline_gives_the_year_to_a_dateline_without_one_and_yearless_dates():
    text = (
        "By a staff reporter, October 14, 2025\nVienna, Oct 14 : A planned increase is "
        "due on January 1, when fares rise by 9 per cent.\n"
    )
    article = article_from_text(text, "fares.txt")
    assert article.date == "2025-10-14"
    dates = [f.value for c in extract_claims(article) for f in c.figures if f.kind == "date"]
    assert dates == ["2026-01-01"]


@pytest.mark.parametrize(
    "line",
    [
        "By the end of 2025, prices had risen by 26 per cent.",
        "By October 14, 2025 the work was done.",
        "Bylaws were changed on October 14, 2025.",
    ],
)
def test_a_sentence_starting_with_by_is_no_byline(line):
    assert find_byline(line + "\n" + BODY) is None
    claims = extract_claims(article_from_text(line + "\n" + BODY, "x.txt"))
    assert any(f.kind in ("percent", "date") for c in claims for f in c.figures)
