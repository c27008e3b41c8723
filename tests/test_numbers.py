"""Numbers as news text writes them: numerals and words to values."""

from __future__ import annotations

import pytest

from core.extract.numbers import parse_number, parse_numeral, parse_ordinal_token, tidy


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,000", 3000),
        ("1.5", 1.5),
        (".08", 0.08),
        ("-5", -5),
        ("1.2bn", 1_200_000_000),
        ("10k", 10_000),
        ("10M", 10_000_000),
        ("1.2b", 1_200_000_000),
        ("2mil", 2_000_000),
        ("1e10", 10_000_000_000),
        ("3/4", 0.75),
        ("-4/5", -0.8),
        ("½", 0.5),
        ("4.800", 4.8),
        ("1,674,200.5", 1_674_200.5),
    ],
)
def test_numerals(text, value):
    numeral = parse_numeral(text)
    assert numeral is not None and numeral.suffix == ""
    assert numeral.value == value


@pytest.mark.parametrize(
    ("text", "value", "suffix"),
    [("10m", 10, "m"), ("180ml", 180, "ml"), ("3day", 3, "day"), ("3.5years", 3.5, "years")],
)
def test_numerals_leave_unit_suffixes_to_the_caller(text, value, suffix):
    """Lower-case "m" glued to digits is metres, so it is not read as a million."""
    numeral = parse_numeral(text)
    assert numeral is not None
    assert (numeral.value, numeral.suffix) == (value, suffix)


@pytest.mark.parametrize("text", ["COVID-19", "G7", "192.168.1.2", "abc", "", "-", "1.2.3"])
def test_not_numerals(text):
    assert parse_numeral(text) is None


def words(text: str) -> list[str]:
    """Tokens as the tokenizer gives them (hyphens apart), lower-cased."""
    return text.lower().replace("-", " - ").split()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("seven", 7),
        ("twenty-six", 26),
        ("fifty two", 52),
        ("one hundred and sixty-one", 161),
        ("two-thirds", 0.6667),
        ("a third", 0.3333),
        ("three quarters", 0.75),
        ("five eighths", 0.625),
        ("one and a half", 1.5),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("three dozens", 36),
        ("half", 0.5),
        ("1.5 million", 1_500_000),
        ("a million", 1_000_000),
        ("a quarter million", 250_000),
        ("twenty-one trillion three hundred", 21_000_000_000_300),
        ("two thousand and two hundred", 2200),
        ("3 hundred and 21", 321),
        ("4 thousand 3 hundred and 21", 4321),
        ("five point five", 5.5),
        ("minus five", -5),
        ("one hundred and three and two thirds", 103.6667),
        ("3 million and a half", 3_500_000),
        ("two thirds of a million", 666_666.6667),
        ("2 1/4", 2.25),
        ("three hundred and two dozens", 324),
    ],
)
def test_number_phrases(text, value):
    tokens = words(text)
    phrase = parse_number(tokens, 0)
    assert phrase is not None
    assert phrase.value == value
    assert phrase.end == len(tokens), "the whole phrase is one number"
    assert not phrase.ordinal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("third", 3),
        ("twenty-first", 21),
        ("one hundred twenty-fifth", 125),
        ("two hundredth", 200),
        ("21st", 21),
    ],
)
def test_ordinal_phrases(text, value):
    phrase = parse_number(words(text), 0)
    assert phrase is not None and phrase.ordinal
    assert phrase.value == value


@pytest.mark.parametrize(
    ("text", "first_value", "end"),
    [
        ("3 hundred and 2 hundred", 300, 2),  # two numbers
        ("nineteen seventy", 19, 1),  # a spoken year is not one number
        ("2 million 300", 2_000_000, 2),  # "300" starts a new number
        ("twenty one two", 21, 2),
    ],
)
def test_phrases_stop_where_the_number_ends(text, first_value, end):
    phrase = parse_number(words(text), 0)
    assert phrase is not None
    assert (phrase.value, phrase.end) == (first_value, end)


@pytest.mark.parametrize("text", ["a", "an", "and", "the second quarter", "quarter"])
def test_words_that_are_not_numbers_alone(text):
    assert parse_number(words(text), 0) is None


def test_ordinal_tokens():
    assert parse_ordinal_token("21st") == 21
    assert parse_ordinal_token("Third") == 3
    assert parse_ordinal_token("21") is None


def test_tidy_keeps_integers_and_rounds_fractions():
    assert tidy(2 / 3, 4) == 0.6667
    assert tidy(1 / 121, 4) == 0.008264
    assert tidy(3.0) == 3 and isinstance(tidy(3.0), int)
