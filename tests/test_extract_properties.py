"""Properties that must hold on any input, whatever the text looks like."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.extract import extract_claims
from core.ingest import article_from_text, decode, normalise, read_article

# Text that looks like news some of the time and like noise the rest: figures, dates,
# quotes, connectives, line breaks and arbitrary Unicode mixed.
_PIECES = st.sampled_from(
    [
        "Mexico expelled 26 members",
        " in February",
        ", while steel is taxed at 50 per cent",
        "; imports fell 2%",
        " $4.5bn",
        " 1985",
        " seven",
        " One of them",
        " \"hold Mexico 'accountable' for the threat,\"",
        " “We will not bow to pressure,” Sheinbaum said",
        " 90-day",
        "LONDON, March 3 (AP) — ",
        ". ",
        "\n",
        "\r\n",
        "\x1b[31m",
        "\u200b",
        "\u202e",
        "🎉",
        "مرحبا",
        "[bold]x[/]",
        "Washingtonworking",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=25).map("".join),
)


def _check(article) -> None:
    text = article.text
    claims = extract_claims(article)
    for claim in claims:
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.statement
        assert 0.0 <= claim.checkworthiness <= 1.0
        for figure in claim.figures:
            assert text[figure.start : figure.end] == figure.text
            assert claim.start <= figure.start and figure.end <= claim.end
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    assert len({c.id for c in claims}) == len(claims)
    for warning in article.warnings:
        assert text[warning.start : warning.end] == warning.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_any_text_extracts_without_error_and_offsets_hold(text):
    _check(article_from_text(text))


_MARKUP = st.lists(
    st.one_of(
        _PIECES,
        st.sampled_from(
            [
                "# ",
                "**",
                "*",
                "[",
                "](http://x)",
                "`",
                "\n\n",
                "- ",
                "> ",
                "---\n",
                "<p>",
                "</p>",
                "<html>",
                "<title>",
                "</title>",
                "<!--",
                "&amp;",
                "| a | b |\n|---|---|\n",
            ]
        ),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(st.binary(max_size=400), _MARKUP.map(str.encode)),
    st.sampled_from(["-", "a.md", "a.html"]),
)
def test_any_bytes_either_read_or_refused_with_a_user_error(data, source):
    from core.errors import UserError

    try:
        article = read_article(source, data=data)
    except UserError as exc:
        assert "\n" not in str(exc)
        return
    _check(article)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_decode_never_fails(data):
    text, _note = decode(data)
    assert isinstance(text, str)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=()), max_size=200))
def test_normalised_text_has_no_controls_but_newlines_and_tabs(text):
    clean, _warnings = normalise(text)
    clean.encode("utf-8")  # no lone surrogates: always writable
    assert "\r" not in clean
    assert "\x1b" not in clean
    assert all(ch in "\n\t" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F) for ch in clean)
    assert normalise(clean)[0] == clean  # idempotent


@st.composite
def _text_and_figures(draw):
    """Any text with any non-overlapping spans labelled with any figure kind."""
    from core.model import Figure, FigureKind

    text = draw(_TEXT)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))))
    figures = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if start < end:
            kind = draw(st.sampled_from([k.value for k in FigureKind]))
            value = draw(st.one_of(st.integers(), st.floats(allow_nan=False), st.text()))
            figures.append(Figure(text[start:end], start, end, kind, value))
    return text, figures


@settings(max_examples=150, deadline=None)
@given(_text_and_figures())
def test_claim_builder_holds_its_invariants_for_any_figures(case):
    import spacy

    from core.extract.claims import build_claims
    from core.extract.pipeline import LINE_BREAKS

    text, figures = case
    nlp = _SENTENCES.get("nlp")
    if nlp is None:
        nlp = _SENTENCES["nlp"] = spacy.blank("en")
        nlp.add_pipe(LINE_BREAKS)
        nlp.add_pipe("sentencizer")
    sentences = [(s.start_char, s.end_char) for s in nlp(text).sents]
    claims = build_claims("a", text, sentences, figures)
    for claim in claims:
        assert text[claim.start : claim.end] == claim.statement
        for figure in claim.figures:
            assert claim.start <= figure.start and figure.end <= claim.end
            assert text[figure.start : figure.end] == figure.text
    keys = [c.figures[0] for c in claims if c.type == "figure"]
    assert len({(k.start, k.end) for k in keys}) == len(keys)  # one claim per key figure


_SENTENCES: dict = {}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(5, 50))
def test_chunks_cover_the_text_in_order_and_respect_the_size(text, size):
    from core.extract.pipeline import chunks

    pieces = list(chunks(text, size))
    assert "".join(piece for _offset, piece in pieces) == text
    position = 0
    for offset, piece in pieces:
        assert offset == position
        assert 0 < len(piece) <= size
        position += len(piece)
