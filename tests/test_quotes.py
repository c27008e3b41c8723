"""Direct quotations: pairing, nesting, scare quotes and speakers."""

from __future__ import annotations

import pytest

from core.extract.quotes import find_quotes, find_speaker


def _speaker(sentence: str, entities=None) -> str | None:
    (quote,) = find_quotes(sentence)
    return find_speaker(sentence, 0, len(sentence), quote, entities)


def test_seed_quote_with_nested_single_quotes(seed_text):
    quotes = find_quotes(seed_text)
    (trump,) = [q for q in quotes if q.text.startswith("hold Mexico")]
    assert trump.text == (
        "hold Mexico 'accountable' for the 'extraordinary threat posed by illegal aliens and drugs'"
    )
    assert seed_text[trump.start : trump.end] == trump.text
    # Nested quotes are part of the outer quotation, not quotations of their own.
    assert not [q for q in quotes if q.text == "accountable"]


def test_scare_quotes_and_nicknames_are_not_quotations(seed_text):
    texts = [q.text for q in find_quotes(seed_text)]
    assert "foreign terrorist organisations" not in texts
    assert "El Mencho" not in texts
    assert len(texts) == 1


def test_seed_speaker_is_trump(seed_text):
    start = seed_text.index("Trump has justified")
    end = seed_text.index("broader rhetoric.") + len("broader rhetoric.")
    (quote,) = find_quotes(seed_text, start, end)
    assert find_speaker(seed_text, start, end, quote) == "Trump"


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            "“We will not bow to pressure from anyone,” Sheinbaum said.",
            "We will not bow to pressure from anyone",
        ),
        ('"Prices will rise by 4 per cent," the minister said.', "Prices will rise by 4 per cent"),
        ("‘We are not a colony of anyone,’ she told reporters.", "We are not a colony of anyone"),
        (
            "He said: 'this is not the country's fault at all'.",
            "this is not the country's fault at all",
        ),
        (
            "« Nous ne céderons pas à la pression », a-t-il dit.",
            "Nous ne céderons pas à la pression",
        ),
    ],
)
def test_quote_styles(sentence, text):
    (quote,) = find_quotes(sentence)
    assert quote.text == text
    assert sentence[quote.start : quote.end] == text


def test_apostrophes_never_pair():
    assert find_quotes("Trump's threat and Mexico's answer weren't the country's fault.") == []


def test_unbalanced_quote_is_ignored():
    assert find_quotes('He said "this never ends and goes on and on.') == []


def test_quotes_do_not_span_lines():
    assert find_quotes('He said "one two three\nfour five" later.') == []


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("“We will not bow to pressure from anyone,” Sheinbaum said.", "Sheinbaum"),
        (
            "Mexican President Claudia Sheinbaum said: “We will not bow to any pressure.”",
            "Claudia Sheinbaum",
        ),
        ('"Tariffs will go up again next month," according to Al Jazeera.', "Al Jazeera"),
        ('"We will not bow to any pressure at all," he told Reuters.', None),
        (
            '"Borrowing was higher than expected this year," the Office for National '
            "Statistics said.",
            "Office for National Statistics",
        ),
        (
            "About half of them said: “prices were simply too high this year”.",
            None,
        ),
        ('"We will not bow to any pressure at all," the minister said.', None),
    ],
)
def test_speakers(sentence, speaker):
    assert _speaker(sentence) == speaker


def test_speaker_from_entities_when_a_trained_pipeline_gives_them():
    sentence = '"Tariffs will go up again next month," the Acme Corp chief said.'
    start = sentence.index("Acme")
    entities = [(start, start + len("Acme Corp"), "Acme Corp")]
    assert _speaker(sentence, entities) == "Acme Corp"


def test_rules_still_apply_when_the_entities_miss_the_speaker():
    assert _speaker("“We will not bow to pressure from anyone,” Sheinbaum said.", []) == (
        "Sheinbaum"
    )


def test_inch_marks_are_not_quotation_marks():
    assert find_quotes('Sales of 55" and 65" televisions and other screens rose.') == []


def test_a_quotation_right_after_a_colon():
    (quote,) = find_quotes('He said:"We will not bow to any pressure."')
    assert quote.text == "We will not bow to any pressure."
