"""Claims: the builder's rules on figures placed by hand, and the seed end to end.

The first half pins each rule of ``core.extract.claims`` independently of the figure
recogniser, so a failure says which rule broke; the second half runs the real pipeline
on the seed article.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import spacy

from core.extract import Cancelled, extract_claims, figures_in_span
from core.extract.claims import build_claims, claim_id, normalise_statement
from core.extract.pipeline import LINE_BREAKS
from core.ingest import read_article
from core.model import Figure

SEED_PATH = "seeds/mexico-extraditions-tariffs.txt"


@functools.cache
def _splitter() -> spacy.Language:
    """One blank pipeline for every test here: building its tokenizer (the English
    exceptions) costs a tenth of a second, the split itself almost nothing."""
    nlp = spacy.blank("en")
    nlp.add_pipe(LINE_BREAKS)
    nlp.add_pipe("sentencizer")
    return nlp


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in _splitter()(text).sents]


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
    (quote_claim,) = _claims(text, [_fig(text, "4 per cent", "percent", 4)])
    assert quote_claim.type == "quote"
    assert quote_claim.speaker == "Sheinbaum"
    assert quote_claim.statement == "Prices will rise by 4 per cent this year"
    # The figure belongs to the quotation's claim, not to a second claim on the same words.
    assert quote_claim.figures[0].text == "4 per cent"


def test_a_date_after_a_figure_stays_with_it_even_before_another_figure():
    text = "The deficit hit £40bn in the year to February, up from £35bn a year earlier."
    figures = [
        _fig(text, "£40bn", "money", 40e9),
        _fig(text, "February", "date", "XXXX-02"),
        _fig(text, "£35bn", "money", 35e9),
    ]
    first, second = _claims(text, figures)
    assert [f.text for f in first.figures] == ["£40bn", "February"]
    assert [f.text for f in second.figures] == ["£35bn"]


def test_weekdays_and_times_are_never_claims():
    text = "The meeting took place at 9am on Monday."
    figures = [_fig(text, "9am", "time", "T09:00"), _fig(text, "Monday", "date", "XXXX-WXX-1")]
    assert _claims(text, figures) == []
    text = "Exports fell 4 per cent, officials said on Tuesday."
    figures = [_fig(text, "4 per cent", "percent", 4), _fig(text, "Tuesday", "date", "XXXX-WXX-2")]
    (claim,) = _claims(text, figures)
    assert [f.text for f in claim.figures] == ["4 per cent", "Tuesday"]


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
    text = "Sales fell 3 per cent. Then 7 shops closed."
    with pytest.raises(Cancelled):
        _claims(text, [_fig(text, "7", "count", 7)], cancel=lambda: True)


# ------------------------------------------------------------------ the seed, end to end

SEED_CLAIMS = [
    # (key figure text, kind, value, statement start, statement end, other figures)
    ("26", "count", 26, "In a renewed push", "according to an Al Jazeera report.", []),
    ("29", "count", 29, "In February, Mexico", "agentto US authorities.", ["February"]),
    ("1985", "date", "1985", "In February, Mexico", "agentto US authorities.", []),
    ("25 per cent", "percent", 25, "That decision came", "later scaled back.", []),
    ("25 per cent", "percent", 25, "Currently, Mexican-made", "25 per cent tariff in the US", []),
    ("50 per cent", "percent", 50, "steel, aluminium", "taxed at 50 per cent.", []),
    ("90-day", "duration", "P90D", "However, at the end", "economic pressure.", ["July"]),
    ("seven", "count", 7, "Since assuming office", "on cartel enforcement.", []),
    ("February 2015", "date", "2015-02", "Valencia had been", "to the United States.", []),
]


@pytest.fixture(scope="module")
def seed_result():
    article = read_article(Path(__file__).resolve().parent.parent / SEED_PATH)
    return article, extract_claims(article)


@pytest.mark.parametrize(
    ("key", "kind", "value", "opens", "closes", "others"),
    SEED_CLAIMS,
    ids=[f"{c[0]}-{c[3][:12]}" for c in SEED_CLAIMS],
)
def test_seed_claim(seed_result, key, kind, value, opens, closes, others):
    article, claims = seed_result
    matches = [
        c
        for c in claims
        if c.figures and c.figures[0].text == key and c.statement.startswith(opens)
    ]
    assert len(matches) == 1, [c.statement for c in claims]
    (claim,) = matches
    figure = claim.figures[0]
    assert (figure.kind, figure.value) == (kind, value)
    assert article.text[figure.start : figure.end] == key
    assert claim.start <= figure.start and figure.end <= claim.end
    assert article.text[claim.start : claim.end] == claim.statement
    assert claim.statement.endswith(closes)
    # Qualifying dates ride along with the key figure (matched loosely: "end of July" and
    # "the end of July" are both fair surfaces for the recogniser to choose).
    qualifiers = claim.figures[1:]
    assert len(qualifiers) == len(others)
    for figure, expected in zip(qualifiers, others, strict=True):
        assert figure.kind == "date"
        assert expected in figure.text


def test_seed_has_exactly_the_expected_figure_claims_and_one_quote(seed_result):
    _article, claims = seed_result
    figure_claims = [c for c in claims if c.type == "figure"]
    assert len(figure_claims) == len(SEED_CLAIMS)
    (quote,) = [c for c in claims if c.type == "quote"]
    assert quote.speaker == "Trump"
    assert quote.statement.startswith("hold Mexico 'accountable'")


def test_seed_dateline_and_incidental_one_are_not_claims(seed_result):
    _article, claims = seed_result
    keys = [c.figures[0].text for c in claims if c.figures]
    assert "August 13" not in keys
    assert "One" not in keys


def test_seed_claims_are_in_text_order(seed_result):
    _article, claims = seed_result
    assert [c.start for c in claims] == sorted(c.start for c in claims)


def test_seed_ids_are_stable_across_runs(seed_result, seed_path):
    _article, claims = seed_result
    again = extract_claims(read_article(seed_path))
    assert [c.id for c in again] == [c.id for c in claims]
    assert len({c.id for c in claims}) == len(claims)


def test_attributed_and_statistical_claims_rank_above_bare_dates(seed_result):
    _article, claims = seed_result
    score = {c.figures[0].text if c.figures else "quote": c.checkworthiness for c in claims}
    assert score["26"] > score["29"] > score["1985"]
    assert score["50 per cent"] > score["February 2015"]
    assert all(0.0 <= c.checkworthiness <= 1.0 for c in claims)


def test_figures_in_span_for_a_manual_claim(seed_result):
    article, _claims = seed_result
    start = article.text.index("Currently, Mexican-made")
    end = article.text.index("50 per cent.") + len("50 per cent.")
    figures = figures_in_span(article, start, end)
    assert [(f.text, f.value) for f in figures] == [("25 per cent", 25), ("50 per cent", 50)]
    for figure in figures:
        assert article.text[figure.start : figure.end] == figure.text
    assert figures_in_span(article, start, start + 10) == []


def test_cancel_between_chunks_raises_cleanly(seed_result):
    article, _claims = seed_result
    with pytest.raises(Cancelled):
        extract_claims(article, cancel=lambda: True)


def test_a_quotation_of_several_sentences_is_one_claim_with_its_speaker():
    text = "“We will fight this tariff. We will win in court,” Sheinbaum said on Monday."
    (claim,) = _claims(text, [])
    assert claim.type == "quote"
    assert claim.statement == "We will fight this tariff. We will win in court"
    assert claim.speaker == "Sheinbaum"


def test_a_quotation_s_key_figure_is_not_a_date_when_it_holds_another_figure():
    text = "“In 2019 we had 26 members in the cartel,” Sheinbaum said."
    figures = [_fig(text, "2019", "date", "2019"), _fig(text, "26", "count", 26)]
    (claim,) = _claims(text, figures)
    assert [f.text for f in claim.figures] == ["26", "2019"]


# --------------------------------------------------------------- check-worthiness


def _score(text: str, surface: str, kind: str, value, **kwargs) -> float:
    from core.extract.checkworthiness import score

    figure = _fig(text, surface, kind, value)
    return score(text, figure, following=text[figure.end :], **kwargs)


def test_attributed_statistics_outrank_incidental_numbers():
    attributed = _score(
        "Inflation rose to 7 per cent, the statistics office said.", "7 per cent", "percent", 7
    )
    money = _score("The plan costs $4bn.", "$4bn", "money", 4e9)
    people = _score("Police arrested 26 people.", "26", "count", 26)
    bare_count = _score("The house has 3 doors.", "3", "count", 3)
    ordinal = _score("The first meeting was short.", "first", "ordinal", 1)
    assert attributed > money > bare_count > ordinal
    assert people > bare_count


def test_breakdown_names_each_feature():
    from core.extract.checkworthiness import score_breakdown

    text = "More than 40 people died, according to officials."
    figure = Figure("40", 10, 12, "count", 40, qualifier="more than")
    parts = score_breakdown(text, figure, following=text[12:])
    assert set(parts) == {"kind:count", "people", "hedge", "attribution"}


def test_an_ordinal_naming_a_period_qualifies_the_figure():
    text = "The economy grew at a 2.4% rate in the second quarter, officials said."
    figures = [_fig(text, "2.4%", "percent", 2.4), _fig(text, "second", "ordinal", 2)]
    (claim,) = _claims(text, figures)
    assert [f.text for f in claim.figures] == ["2.4%", "second"]


def test_a_text_longer_than_one_chunk_keeps_every_claim_and_offset(seed_text):
    from core.extract.pipeline import CHUNK_CHARS
    from core.ingest import article_from_text

    text = "\n".join([seed_text.strip()] * 40)
    assert len(text) > CHUNK_CHARS
    article = article_from_text(text, source="long.txt")
    claims = extract_claims(article)
    assert len(claims) == 40 * 10
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.statement
        for figure in claim.figures:
            assert article.text[figure.start : figure.end] == figure.text
    assert len({c.id for c in claims}) == len(claims)


def test_list_bullets_are_not_part_of_statements():
    text = "Key figures:\n- 26 members were expelled.\n• Tariffs rose to 25 per cent."
    figures = [_fig(text, "26", "count", 26), _fig(text, "25 per cent", "percent", 25)]
    assert [c.statement for c in _claims(text, figures)] == [
        "26 members were expelled.",
        "Tariffs rose to 25 per cent.",
    ]


WRAPPED = """Mexico expels 26 cartel members

Mexico has expelled 26 alleged high-ranking cartel members to the United
States, according to an Al Jazeera report. In February, Mexico handed over
29 alleged cartel figures to US authorities. Trump has justified tariffs
as necessary to "hold Mexico accountable for the extraordinary threat
posed by illegal aliens and drugs", echoing his administration.
"""


def test_hard_wrapped_text_keeps_sentences_and_quotations_whole(seed_text):
    from core.extract.pipeline import is_hard_wrapped
    from core.ingest import article_from_text

    assert is_hard_wrapped(WRAPPED)
    assert not is_hard_wrapped(seed_text)
    claims = extract_claims(article_from_text(WRAPPED, source="wrapped.txt"))
    statements = [c.statement for c in claims]
    assert statements[0] == "Mexico expels 26 cartel members"  # the heading stays apart
    assert statements[1].startswith("Mexico has expelled 26")
    assert statements[1].endswith("according to an Al Jazeera report.")
    assert (
        statements[2]
        == "In February, Mexico handed over\n29 alleged cartel figures to US authorities."
    )
    (quote,) = [c for c in claims if c.type == "quote"]
    assert quote.statement.endswith("posed by illegal aliens and drugs")
    assert quote.speaker == "Trump"


def test_a_clause_crowded_with_figures_gives_each_claim_a_window_of_its_own():
    """A flattened table or a list of scores must not repeat the whole run as every
    claim's statement: output and work would grow with the square of its length."""
    from core.extract import extract_claims
    from core.extract.claims import CROWDED, WINDOW
    from core.ingest import article_from_text

    run = ", ".join(str(100 + i) for i in range(300))
    article = article_from_text(f"Scores this season were {run}.\n")
    claims = extract_claims(article)
    assert len(claims) == 300 > CROWDED
    for claim in claims:
        key = claim.figures[0]
        assert claim.start <= key.start and key.end <= claim.end
        assert article.text[claim.start : claim.end] == claim.statement
        assert len(claim.statement) <= 2 * WINDOW + len(key.text)
    assert claims[0].statement == "Scores this season were 100"
    assert claims[5].statement == "105"


def test_a_few_figures_in_one_clause_still_share_the_sentence():
    from core.extract import extract_claims
    from core.ingest import article_from_text

    text = "The council counted 12 schools, 40 clinics and 7 hospitals in the district.\n"
    claims = extract_claims(article_from_text(text))
    assert {c.statement for c in claims} == {text.strip()}
