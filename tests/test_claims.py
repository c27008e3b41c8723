"""Claims: the builder's rules on figures placed by hand, and the seed end to end.

The first half pins each rule of ``core.extract.claims`` independently of the figure
recogniser, so a failure says which rule broke; the second half runs the real pipeline
on the seed article.
"""

from __future__ import annotations

import spacy

from core.extract.claims import build_claims, claim_id, normalise_statement
from core.extract.pipeline import LINE_BREAKS
from core.model import Figure


def _sentences(text: str) -> list[tuple[int, int]]:
    nlp = spacy.blank("en")
    nlp.add_pipe(LINE_BREAKS)
    nlp.add_pipe("sentencizer")
    return [(s.start_char, s.end_char) for s in nlp(text).sents]


def _fig(text: str, surface: str, kind: str, value, nth: int = 0) -> Figure:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Figure(surface, start, start + len(surface), kind, value)


def _claims(text: str, figures: list[Figure], **kwargs):
    return build_claims("art", text, _sentences(text), figures, **kwargs)


def test_two_key_figures_joined_by_while_are_two_clause_claims():
    text = "Cars face a 25 per cent tariff in the US, while steel is taxed at 50 per cent."
    figures = [_fig(text, "25 per cent", "percent", 25), _fig(text, "50 per cent", "percent", 50)]
    first, second = _claims(text, figures)
    assert first.statement == "Cars face a 25 per cent tariff in the US"
    assert second.statement == "steel is taxed at 50 per cent."
    assert text[second.start : second.end] == second.statement
    assert [c.figures[0].value for c in (first, second)] == [25, 50]


def test_semicolon_and_comma_and_split_clauses():
    text = "Exports rose 4 per cent; imports fell 2 per cent, and debt grew by 9 per cent."
    figures = [
        _fig(text, "4 per cent", "percent", 4),
        _fig(text, "2 per cent", "percent", 2),
        _fig(text, "9 per cent", "percent", 9),
    ]
    statements = [c.statement for c in _claims(text, figures)]
    assert statements == [
        "Exports rose 4 per cent",
        "imports fell 2 per cent",
        "debt grew by 9 per cent.",
    ]


def test_without_a_connective_both_claims_share_the_sentence():
    text = "Police arrested 12 men with 40 kilograms of cocaine."
    figures = [_fig(text, "12", "count", 12), _fig(text, "40 kilograms", "measure", 40)]
    claims = _claims(text, figures)
    assert [c.statement for c in claims] == [text, text]
    assert claims[0].id != claims[1].id


def test_leading_date_qualifies_the_figure_it_introduces():
    text = "In February, Mexico handed over 29 cartel figures to US authorities."
    february = _fig(text, "February", "date", "XXXX-02")
    (claim,) = _claims(text, [february, _fig(text, "29", "count", 29)])
    assert [f.text for f in claim.figures] == ["29", "February"]


def test_date_right_after_a_figure_qualifies_it_but_not_after_a_comma():
    text = "Mexico expelled 26 members in August, accused in the 1985 killing of an agent."
    figures = [
        _fig(text, "26", "count", 26),
        _fig(text, "August", "date", "XXXX-08"),
        _fig(text, "1985", "date", "1985"),
    ]
    count, killing = _claims(text, figures)
    assert [f.text for f in count.figures] == ["26", "August"]
    assert [f.text for f in killing.figures] == ["1985"]


def test_a_date_alone_is_a_claim():
    text = "Valencia had been arrested in Mexico in February 2015."
    (claim,) = _claims(text, [_fig(text, "February 2015", "date", "2015-02")])
    assert claim.figures[0].value == "2015-02"
    assert claim.statement == text


def test_one_of_is_not_a_claim():
    text = "One of those extradited is Valencia."
    assert _claims(text, [_fig(text, "One", "count", 1)]) == []


def test_dateline_figures_are_excluded_and_statements_start_after_it():
    text = "LONDON, March 3 (AP) — Britain sent 40 troops."
    figures = [_fig(text, "March 3", "date", "XXXX-03-03"), _fig(text, "40", "count", 40)]
    (claim,) = _claims(text, figures, exclude=[(0, text.index("Britain"))])
    assert claim.statement == "Britain sent 40 troops."
    assert claim.figures[0].text == "40"


def test_quotes_become_claims_with_speakers_and_their_figures():
    text = '"Prices will rise by 4 per cent this year," Sheinbaum said.'
    (figure_claim, quote_claim) = sorted(
        _claims(text, [_fig(text, "4 per cent", "percent", 4)]), key=lambda c: c.type
    )
    assert quote_claim.type == "quote"
    assert quote_claim.speaker == "Sheinbaum"
    assert quote_claim.statement == "Prices will rise by 4 per cent this year"
    assert quote_claim.figures[0].text == "4 per cent"
    assert figure_claim.type == "figure"


def test_claims_are_in_text_order_and_unreviewed_extracted():
    text = "Sales fell 3 per cent. Then 7 shops closed. Prices rose 2 per cent."
    figures = [
        _fig(text, "3 per cent", "percent", 3),
        _fig(text, "7", "count", 7),
        _fig(text, "2 per cent", "percent", 2),
    ]
    claims = _claims(text, figures)
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    assert {c.status for c in claims} == {"unreviewed"}
    assert {c.origin for c in claims} == {"extracted"}


def test_repeated_identical_claims_get_distinct_stable_ids():
    text = "Prices rose 2 per cent.\nPrices rose 2 per cent."
    figures = [
        _fig(text, "2 per cent", "percent", 2),
        _fig(text, "2 per cent", "percent", 2, nth=1),
    ]
    first, second = _claims(text, figures)
    assert first.id != second.id
    assert first.id == claim_id("art", "2 per cent", "Prices rose 2 per cent.", 0)
    assert second.id == claim_id("art", "2 per cent", "prices  ROSE 2 per cent.", 1)


def test_normalise_statement_folds_case_and_space():
    assert normalise_statement("  Prices\nROSE  2 %  ") == "prices rose 2 %"


def test_cancel_stops_cleanly():
    import pytest

    from core.extract.claims import Cancelled

    text = "Sales fell 3 per cent. Then 7 shops closed."
    with pytest.raises(Cancelled):
        _claims(text, [_fig(text, "7", "count", 7)], cancel=lambda: True)
