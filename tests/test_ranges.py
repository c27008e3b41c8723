"""Every range form gives one figure with ``value``, ``upper`` and a qualifier, in every
kind; "from X to Y" is a change (qualifier "change": ``value`` where it started, ``upper``
where it ended, whichever way it went)."""

from __future__ import annotations

import pytest
from figure_helpers import only, same_number

B = 1_000_000_000
M = 1_000_000

RANGES = [
    # text, kind, unit, value, upper
    ("€3.5 billion–€4 billion", "money", "EUR", 3_500_000_000, 4 * B),
    ("€3.5 billion-€4 billion", "money", "EUR", 3_500_000_000, 4 * B),
    ("€3.5 billion – €4 billion", "money", "EUR", 3_500_000_000, 4 * B),
    ("€3.5 billion - €4 billion", "money", "EUR", 3_500_000_000, 4 * B),
    ("$4.1 billion to $4.7 billion", "money", "USD", 4_100_000_000, 4_700_000_000),
    ("between $4.1 billion and $4.7 billion", "money", "USD", 4_100_000_000, 4_700_000_000),
    ("$4.1bn-$4.7bn", "money", "USD", 4_100_000_000, 4_700_000_000),
    ("$4.1bn–$4.7bn", "money", "USD", 4_100_000_000, 4_700_000_000),
    ("€3.5-4 billion", "money", "EUR", 3_500_000_000, 4 * B),
    ("€3.5 to €4 billion", "money", "EUR", 3_500_000_000, 4 * B),
    ("3.5 to 4 billion euros", "money", "EUR", 3_500_000_000, 4 * B),
    ("€3.5 billion–4 billion euros", "money", "EUR", 3_500_000_000, 4 * B),
    ("£3m–£4m", "money", "GBP", 3 * M, 4 * M),
    ("$5 to $10 million", "money", "USD", 5 * M, 10 * M),
    ("10-20%", "percent", None, 10, 20),
    ("10%–20%", "percent", None, 10, 20),
    ("10% to 20%", "percent", None, 10, 20),
    ("10 per cent to 20 per cent", "percent", None, 10, 20),
    ("between 10 and 20 per cent", "percent", None, 10, 20),
    ("between 40 and 50 people", "count", None, 40, 50),
    ("2 million to 3 million people", "count", None, 2 * M, 3 * M),
    ("1.5 to 2 million", "count", None, 1_500_000, 2 * M),
    ("40–50 people", "count", None, 40, 50),
    ("5 to 10 km", "measure", "kilometre", 5, 10),
    ("5km to 10km", "measure", "kilometre", 5, 10),
    ("between 5 and 10 kilometres", "measure", "kilometre", 5, 10),
    ("three to five times", "ratio", None, 3, 5),
    ("between 2016 and 2019", "date", None, "2016", "2019"),
]


@pytest.mark.parametrize(("text", "kind", "unit", "value", "upper"), RANGES)
def test_a_range_is_one_figure(text, kind, unit, value, upper):
    figure = only(text)
    # The opener, like a hedge, and the counted noun are not part of the figure's text.
    assert figure.text == text.removeprefix("between ").removesuffix(" people")
    assert (figure.kind, figure.unit) == (kind, unit)
    assert same_number(figure.value, value), figure.value
    assert same_number(figure.upper, upper), figure.upper
    assert figure.qualifier == "between"


CHANGES = [
    ("from €500m to €750m", "€500m to €750m", "money", 500 * M, 750 * M),
    ("From €500m to €750m", "€500m to €750m", "money", 500 * M, 750 * M),
    ("rose from 10% to 20%", "10% to 20%", "percent", 10, 20),
    ("fell from 20% to 12%", "20% to 12%", "percent", 20, 12),
    (
        "from 1.2 million to 1.5 million",
        "1.2 million to 1.5 million",
        "count",
        1_200_000,
        1_500_000,
    ),
    ("grew from 3,000 to 8,500", "3,000 to 8,500", "count", 3_000, 8_500),
    (
        "cut from $4.7 billion to $4.1 billion",
        "$4.7 billion to $4.1 billion",
        "money",
        4_700_000_000,
        4_100_000_000,
    ),
    ("from 5 to 10 per cent", "5 to 10 per cent", "percent", 5, 10),
    ("from 14 to 26 weeks", "14 to 26 weeks", "duration", "P14W", "P26W"),
    ("from 20 km to 35 km", "20 km to 35 km", "measure", 20, 35),
]


@pytest.mark.parametrize(("text", "span", "kind", "value", "upper"), CHANGES)
def test_from_x_to_y_is_a_change_with_both_ends(text, span, kind, value, upper):
    figure = only(text)
    assert figure.text == span
    assert figure.kind == kind
    assert same_number(figure.value, value), figure.value
    assert same_number(figure.upper, upper), figure.upper
    assert figure.qualifier == "change"


NOT_RANGES = [
    ("Chelsea won 2-1", [("2-1", "count", 2, 1, "tally")]),
    ("five or six people", [("five or six", "count", 5, 6, "between")]),
    ("$5 or $6", [("$5", "money", 5, None, None), ("$6", "money", 6, None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), NOT_RANGES)
def test_what_is_not_a_range_stays_as_it_was(text, expected):
    from figure_helpers import figures

    found = [(f.text, f.kind, f.value, f.upper, f.qualifier) for f in figures(text)]
    assert found == expected


def test_the_table_shows_a_change_as_where_it_started_and_ended():
    from cli.cmd_extract import format_value

    assert format_value(only("rose from €500m to €750m")) == "EUR 500 m → 750 m"
    assert format_value(only("between €500m and €750m")) == "between EUR 500 m – 750 m"
