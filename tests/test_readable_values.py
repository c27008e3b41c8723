"""Figure values read as people write them on screen, while the stored values stay exact."""

from __future__ import annotations

import pytest

from core.model import Figure
from core.readable import readable_amount, readable_number, readable_value


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1200000000, "1.2 billion"),
        (4100000000, "4.1 billion"),
        (3125000000, "3.125 billion"),
        (1234567891, "1,234,567,891"),  # a scale word would round: digits instead
        (2_000_000_000_000, "2 trillion"),
        (1_500_000, "1.5 million"),
        (25000, "25,000"),
        (999, "999"),
        (2.5, "2.5"),
        (0.2, "0.2"),
        (-3, "-3"),
        (-7_000_000, "-7 million"),
        ("26", "26"),
        ("n/a", "n/a"),
    ],
)
def test_numbers(value, shown):
    assert readable_number(value) == shown


@pytest.mark.parametrize(
    ("kind", "value", "unit", "shown"),
    [
        ("money", 3500000000, "EUR", "€3.5 billion"),
        ("money", 1200000000, "USD", "$1.2 billion"),
        ("money", 1200000000, "MXN", "1.2 billion MXN"),
        ("money", -40, "GBP", "-£40"),
        ("percent", 25, None, "25%"),
        ("percent", 2.1, None, "2.1%"),
        ("count", 26, None, "26"),
        ("measure", 12000, "km", "12,000 km"),
        ("duration", "P90D", None, "90 days"),
        ("duration", "P1D", None, "1 day"),
        ("duration", "P1Y6M", None, "1 year 6 months"),
        ("duration", "PT5H", None, "5 hours"),
        ("duration", "P1W", None, "1 week"),
        ("duration", "PXD", None, "PXD"),
        ("date", "2015-02", None, "February 2015"),
        ("date", "2025-08-13", None, "13 August 2025"),
        ("date", "XXXX-08-13", None, "13 August"),
        ("date", "1985", None, "1985"),
        ("date", "2025-Q4", None, "Q4 2025"),
        ("date", "2025-W12", None, "2025-W12"),
        ("ratio", 2, None, "×2"),
        ("ratio", 0.5, None, "0.5"),
        ("count", None, None, ""),
    ],
)
def test_amounts(kind, value, unit, shown):
    assert readable_amount(kind, value, unit) == shown


def _figure(kind, value, unit=None, qualifier=None, upper=None):
    return Figure("x", 0, 1, kind, value, unit, qualifier, upper)


def test_hedges_and_ranges_read_as_phrases():
    assert readable_value(_figure("money", 1200000000, "EUR", "more than")) == (
        "more than €1.2 billion"
    )
    assert readable_value(_figure("percent", 25, None, "between", 50)) == "between 25% and 50%"
    assert readable_value(_figure("count", 26, None, "change", 29)) == "from 26 to 29"
    assert readable_value(_figure("count", 52, None, "tally", 48)) == "52–48"
    assert readable_value(_figure("count", 40, None, "or more")) == "40 or more"
    assert readable_value(_figure("count", 3, None, None, 4)) == "3 to 4"


def test_the_stored_value_is_left_exact():
    figure = _figure("money", 1200000000, "EUR")
    readable_value(figure)
    assert figure.value == 1200000000
    assert figure.to_dict()["value"] == 1200000000
