"""The figure recogniser: a rule-based spaCy component that finds and normalises figures.

It runs on a blank English pipeline (tokenizer only) or after any trained pipeline, and
sets ``doc._.figures`` to a sorted, non-overlapping list of ``core.model.Figure``:
counts, percentages, money, durations, dates, times, ordinals and measures, each with its
normalised value ("25 per cent" → 25, "90-day" → ``P90D``, "February 2015" →
``2015-02``) and, for hedged or ranged figures, a qualifier ("more than", "between").
Relative ordinals ("the next one", "the last but one") are ordinals whose value is a
reference such as ``current+1`` or ``end-1``, with the qualifier "relative".

How it works, and why it is fast: a cheap pre-filter keeps only tokens that could start
a figure (a digit, a number word, a month, a currency sign); everything else costs one set
look-up. At each candidate the rules are tried in a fixed order — dates
(``date_rules``), money written with its currency first (``money_rules``), relative
ordinals ("next", "the last but one": ``relative_ordinals``), then numbers classified
by the words after them (``number_rules``, with ``duration_rules`` and ``non_figures``
for identifiers that only look like numbers) — and the first that matches consumes its
tokens.
Hedges and ranges are attached afterwards from the neighbouring words (``qualifiers``).
Figure offsets are always token boundaries, so ``doc.text[f.start:f.end] == f.text``
holds by construction.

Values come from ``numbers`` (numerals and number words), ``dates`` (ISO 8601 dates
and durations) and ``money`` (ISO 4217 currencies); word lists live in ``data/``.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from core.model import Figure

from . import dates as D
from .date_rules import RELATIVE_PERIODS, date_at
from .duration_rules import VAGUE_AMOUNTS
from .hits import Hit
from .lexicon import currencies
from .money_rules import money_first
from .number_rules import VAGUE_SCALES, number_at
from .numbers import NUMBER_WORDS, ORDINAL_UNITS, VULGAR_FRACTIONS
from .qualifiers import hedge
from .ranges import extend_range
from .ratio_rules import ADVERBS, MULTIPLIER_WORDS
from .relative_ordinals import relative_ordinal_at
from .relative_ordinals import trigger_words as relative_words
from .tense import direction, resolve_year
from .tokens import SOURCE_TEXT, TokenView

FACTORY = "claimdesk_figures"


@cache
def _trigger_words() -> frozenset[str]:
    """Words at which a figure can start (besides anything with a digit in it)."""
    cur = currencies()
    return frozenset(
        NUMBER_WORDS
        | set(ORDINAL_UNITS)
        | set(D.MONTHS)
        | {m + "." for m in D.MONTHS}
        | set(D.WEEKDAYS)
        | set(D.RELATIVE_DAYS)
        | set(VULGAR_FRACTIONS)
        | set(cur["symbols"])
        | set(cur["split_symbols"])
        | set(cur["codes"])
        | {"minus", "negative", "a", "an", "quarter", "final"}
        | set(VAGUE_AMOUNTS)
        | set(VAGUE_SCALES)
        | RELATIVE_PERIODS
        | {stem + "fold" for stem in MULTIPLIER_WORDS}
        | set(ADVERBS)
        | relative_words()
    )


_DIGIT = re.compile(r"\d")


def _candidates(words: list[str]) -> list[int]:
    """Indices of tokens at which a figure could start (the cheap pre-filter)."""
    triggers = _trigger_words()
    search = _DIGIT.search
    out = []
    for i, word in enumerate(words):
        if word in triggers or (not word.isalpha() and search(word)):
            out.append(i)
    return out


def recognise_one(tv: TokenView, i: int, ref: D.Reference, floor: int) -> Hit | None:
    """The first recogniser that matches at token ``i`` (dates, money, relative
    ordinals, numbers). Dates come first so that "last year" and "next Friday" stay
    dates; relative ordinals come before numbers so that "the second to last" is one
    position, not the ordinal 2."""
    if i >= len(tv):
        return None
    return (
        date_at(tv, i, ref, floor)
        or money_first(tv, i)
        or relative_ordinal_at(tv, i, floor)
        or number_at(tv, i, ref)
    )


def scan(tv: TokenView, reference_date: str | None = None) -> list[Hit]:
    """All figure hits in a token view, left to right, non-overlapping."""
    ref = D.parse_reference(reference_date)
    hits: list[Hit] = []
    floor = 0
    for i in _candidates(tv.words):
        if i < floor:
            continue
        hit = recognise_one(tv, i, ref, floor)
        if hit is None:
            continue
        if hit.start < floor:  # a rule that looked left ("per cent of 22") met a figure
            hit = replace(hit, start=i)
        if hit.kind is not None:
            hit = extend_range(tv, hit, ref, floor, recognise_one)
            hit = hedge(tv, hit, floor)
            if (
                hit.yearless
                and ref.year is not None
                and ref.month is not None
                and isinstance(hit.value, str)
            ):
                way = direction(tv, hit.start, hit.end)  # "due on January 1": next year's
                value = resolve_year(hit.value, way, ref.year, ref.month, ref.day)
                hit = replace(hit, value=value)
            hits.append(hit)
        floor = hit.end
    return hits


def find_figures(doc: Doc, reference_date: str | None = None) -> list[Figure]:
    """The figures in ``doc``, sorted by start, non-overlapping, offsets into ``doc.text``.

    ``reference_date`` (ISO, possibly partial such as ``XXXX-08-13``) resolves dates the
    text leaves partial; it defaults to ``doc.user_data["reference_date"]``.
    """
    if reference_date is None:
        reference_date = doc.user_data.get("reference_date")
    tv = TokenView.from_doc(doc)
    source = doc.user_data.get(SOURCE_TEXT)  # the text ``pipeline.run`` tokenised
    out: list[Figure] = []
    for hit in scan(tv, reference_date):
        start, end = tv.starts[hit.start], tv.ends[hit.end - 1] - hit.trim_end
        if isinstance(source, str):
            text = source[start : tv.ends[hit.end - 1]]
        else:  # == doc.text[start:end], without reading it all
            text = doc[tv.doc_index(hit.start) : tv.doc_index(hit.end - 1) + 1].text
        out.append(
            Figure(
                text=text[: len(text) - hit.trim_end],
                start=start,
                end=end,
                kind=str(hit.kind),
                value=hit.value,
                unit=hit.unit,
                qualifier=hit.qualifier,
                upper=hit.upper,
            )
        )
    return out


# ---------------------------------------------------------------------- spaCy plumbing

_FIELDS = tuple(f.name for f in fields(Figure))


def _figures_of(doc: Doc) -> list[Figure] | None:
    """``doc._.figures``: built from plain data so that docs stay serialisable.

    spaCy ships docs between processes (``nlp.pipe(n_process=2)``) and to disk with
    msgpack, which knows dicts but not our dataclasses; the component therefore stores
    ``doc._.figure_data`` (dicts) and this getter hands out ``Figure`` objects.
    """
    data = doc._.figure_data
    return None if data is None else [Figure(**item) for item in data]


if not Doc.has_extension("figure_data"):
    Doc.set_extension("figure_data", default=None)
if not Doc.has_extension("figures"):
    Doc.set_extension("figures", getter=_figures_of)


class FigureRecogniser:
    """The pipeline component: fills ``doc._.figures`` (see ``find_figures``)."""

    def __init__(self, nlp: Language, name: str = FACTORY) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.figure_data = [
            {name: getattr(figure, name) for name in _FIELDS} for figure in find_figures(doc)
        ]
        return doc


@Language.factory(FACTORY)
def make_figure_recogniser(nlp: Language, name: str) -> FigureRecogniser:
    return FigureRecogniser(nlp, name)


def build_figure_nlp() -> Language:
    """A blank English pipeline with only the figure recogniser (no trained model)."""
    from core.extract.pipeline import blank_english

    nlp = blank_english()
    nlp.add_pipe(FACTORY)
    return nlp
