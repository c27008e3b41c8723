"""Signs and ordinal suffixes, each form pinned so that a break is noticed.

An ordinal with the wrong suffix ("21th", "22st") is kept as the number it plainly is
(a reviewer must still see it) and ingest warns about it, naming the right spelling.
"""

from __future__ import annotations

import pytest
from figure_helpers import figures, only, same_number

from core.ingest import article_from_text

SIGNS = [
    ("−5", "count", -5),  # U+2212 MINUS SIGN
    ("-5", "count", -5),
    ("−3.5%", "percent", -3.5),
    ("-3.5%", "percent", -3.5),
    ("−5 degrees", "measure", -5),
    ("minus five", "count", -5),
    ("minus 12 degrees", "measure", -12),
    ("negative 3 per cent", "percent", -3),
    ("−0.25", "count", -0.25),
    ("−1,200", "count", -1200),
    ("+5", "count", 5),
]


@pytest.mark.parametrize(("text", "kind", "value"), SIGNS)
def test_sign_forms(text, kind, value):
    figure = only(text)
    assert figure.kind == kind
    assert same_number(figure.value, value), figure.value


WRONG_SUFFIXES = [
    ("21th", 21, "21st"),
    ("22st", 22, "22nd"),
    ("23th", 23, "23rd"),
    ("1th", 1, "1st"),
    ("2rd", 2, "2nd"),
    ("11st", 11, "11th"),
    ("12nd", 12, "12th"),
    ("13rd", 13, "13th"),
    ("111st", 111, "111th"),
    ("101th", 101, "101st"),
]


@pytest.mark.parametrize(("written", "value", "right"), WRONG_SUFFIXES)
def test_a_wrong_ordinal_suffix_keeps_the_number_and_warns(written, value, right):
    text = f"It was the {written} attempt."
    figure = only(text)
    assert (figure.text, figure.kind, figure.value) == (written, "ordinal", value)
    article = article_from_text(f"Report\n\n{text}\n", "o.txt")
    warnings = [w for w in article.warnings if w.kind == "ordinal_suffix"]
    assert [(w.text, w.suggestion) for w in warnings] == [(written, right)]
    assert article.text[warnings[0].start : warnings[0].end] == written


@pytest.mark.parametrize(
    "written", ["21st", "22nd", "23rd", "11th", "12th", "13th", "112th", "3rd", "101st", "4th"]
)
def test_right_ordinal_suffixes_give_no_warning(written):
    assert only(f"the {written} attempt").value == int(written[:-2])
    article = article_from_text(f"Report\n\nIt was the {written} attempt.\n", "o.txt")
    assert not [w for w in article.warnings if w.kind == "ordinal_suffix"]


MIXED_FRACTIONS = [
    ("3 9/16 inches", 3.5625),
    ("2 11/16 inches", 2.6875),
    ("1 15/16 inches", 1.9375),
    ("5 3/4 inches", 5.75),
    ("4 1/2 inches", 4.5),
]


@pytest.mark.parametrize(("text", "value"), MIXED_FRACTIONS)
def test_mixed_fractions_with_any_denominator_up_to_16(text, value):
    figure = only(text)
    assert (figure.kind, figure.unit, figure.value) == ("measure", "inch", value)


def test_a_mixed_fraction_over_17_is_two_numbers():
    assert [f.value for f in figures("3 9/17")] != [3 + 9 / 17]


SPOKEN_DECIMALS = [
    ("three point twenty one", 3.21),
    ("five point seventy-one", 5.71),
    ("two point five five", 2.55),
    ("one point oh five", 1.05),
    ("ten point two", 10.2),
]


@pytest.mark.parametrize(("text", "value"), SPOKEN_DECIMALS)
def test_decimals_read_aloud(text, value):
    figure = only(text)
    assert figure.text == text
    assert same_number(figure.value, value), figure.value
