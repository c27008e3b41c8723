"""Scaled values are exact: decimal arithmetic, whole values stored as integers.

"$4.1 billion" is 4100000000, never 4099999999.9999995; the same holds for every kind,
for ranges' upper bounds, and all the way out (JSON, CSV, the desk, the detail pane).
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from figure_helpers import only, same_number
from hypothesis import given, settings
from hypothesis import strategies as st

from cli import main

CASES = [
    ("$4.1 billion", "money", 4_100_000_000),
    ("8.2 million euros", "money", 8_200_000),
    ("£1.7m", "money", 1_700_000),
    ("€2.3bn", "money", 2_300_000_000),
    ("USD 22.5 million", "money", 22_500_000),
    ("$0.7 trillion", "money", 700_000_000_000),
    ("2.675 billion pesos", "money", 2_675_000_000),
    ("$1.15bn", "money", 1_150_000_000),
    ("1.005 trillion", "count", 1_005_000_000_000),
    ("0.1 million people", "count", 100_000),
    ("4.35 thousand", "count", 4_350),
    ("7.7 million", "count", 7_700_000),
    ("2.3k", "count", 2_300),
    ("1.1bn", "count", 1_100_000_000),
    ("4.1 million barrels", "measure", 4_100_000),
    ("12.5 per cent", "percent", 12.5),
    ("50 cents", "money", 0.5),
    ("$3.10", "money", 3.1),
    ("402p", "money", 4.02),
    ("three dollars and 45 cents", "money", 3.45),
    ("one and a half million", "count", 1_500_000),
    ("two and a half million", "count", 2_500_000),
]


@pytest.mark.parametrize(("text", "kind", "value"), CASES)
def test_scaled_values_are_exact(text, kind, value):
    figure = only(text)
    assert figure.kind == kind
    assert same_number(figure.value, value), figure.value
    assert json.dumps(figure.value) == json.dumps(value)


UPPER_CASES = [
    ("between $4.1 billion and $4.7 billion", 4_100_000_000, 4_700_000_000),
    ("€3.5-4.1 billion", 3_500_000_000, 4_100_000_000),
    ("3.5 to 4.1 billion euros", 3_500_000_000, 4_100_000_000),
    ("1.5 to 4.1 million people", 1_500_000, 4_100_000),
    ("between 8.2 and 9.1 million euros", 8_200_000, 9_100_000),
    ("$5.3m-$8.2m", 5_300_000, 8_200_000),
    ("from 4.1 million to 8.2 million", 4_100_000, 8_200_000),
    ("2.3-4.1 per cent", 2.3, 4.1),
    ("between 1.1 and 4.1 trillion", 1_100_000_000_000, 4_100_000_000_000),
    ("£0.1bn to £0.7bn", 100_000_000, 700_000_000),
]


@pytest.mark.parametrize(("text", "value", "upper"), UPPER_CASES)
def test_range_bounds_are_exact(text, value, upper):
    figure = only(text)
    assert same_number(figure.value, value), figure.value
    assert same_number(figure.upper, upper), figure.upper


SCALES = {
    " thousand": 1_000,
    " million": 1_000_000,
    " billion": 1_000_000_000,
    " trillion": 1_000_000_000_000,
    "k": 1_000,
    "m": 1_000_000,
    "bn": 1_000_000_000,
    "tn": 1_000_000_000_000,
}

mantissas = st.builds(
    lambda whole, places, digits: f"{whole}.{digits[:places]}" if places else str(whole),
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=0, max_value=3),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
).filter(lambda m: Decimal(m) > 0)


@settings(max_examples=300, deadline=None)
@given(mantissa=mantissas, scale=st.sampled_from(sorted(SCALES)))
def test_any_mantissa_times_any_scale_is_exact(mantissa, scale):
    expected = Decimal(mantissa) * SCALES[scale]
    for text, kind in ((f"${mantissa}{scale}", "money"), (f"{mantissa}{scale} people", "count")):
        figure = only(text, kind=kind)
        assert figure.value == expected, (text, figure.value)
        assert isinstance(figure.value, int), (text, figure.value)  # three decimals × 1,000+


ARTICLE = (
    "Budget plans\n\nThe ministry will spend $4.1 billion on roads and 8.2 million euros "
    "on bridges, officials said.\n"
)


def test_exact_values_all_the_way_out(tmp_path, capsys):
    """JSON from extract, the desk's own file, CSV and the detail pane's wording."""
    from core.desk import Desk
    from tui.display import describe_value

    article = tmp_path / "budget.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", "--format", "json", str(article)]) == 0
    out = capsys.readouterr().out
    assert "4100000000" in out and "8200000" in out
    assert "4099999999" not in out and "8199999.99" not in out
    values = [f["value"] for c in json.loads(out)["claims"] for f in c["figures"]]
    assert 4_100_000_000 in values and 8_200_000 in values

    desk = tmp_path / "desk.json"
    assert main(["import", "--desk", str(desk), str(article)]) == 0
    capsys.readouterr()
    stored = desk.read_text(encoding="utf-8") + (
        desk.with_name(desk.name + ".journal").read_text(encoding="utf-8")
        if desk.with_name(desk.name + ".journal").exists()
        else ""
    )
    assert "4099999999" not in stored and "8199999.99" not in stored
    with Desk.open(str(desk), readonly=True) as opened:
        figures = [f for c in opened.iter_claims() for f in c.figures]
    money = {f.unit: f for f in figures if f.kind == "money"}
    assert same_number(money["USD"].value, 4_100_000_000)
    assert same_number(money["EUR"].value, 8_200_000)
    assert describe_value(money["USD"]) == "$4.1 billion"  # exact, and as people write it
    assert describe_value(money["EUR"]) == "€8.2 million"

    claims = json.loads(out)["claims"]
    for claim in claims:
        assert main(["set", "--desk", str(desk), claim["id"], "--status", "verified"]) == 0
    capsys.readouterr()
    assert main(["export", "--desk", str(desk), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    cells = " ".join(" ".join(row.values()) for row in rows)
    assert "4100000000" in cells.replace(",", "") and "8200000" in cells.replace(",", "")
    assert "99999" not in cells
