"""Extraction: an article's text in, check-worthy claims with normalised figures out.

``extract_claims`` is what import and ``claimdesk extract`` call; ``figures_in_span``
serves a reviewer who selects text to make a claim by hand. Both run the same spaCy
pipeline (``pipeline.get_nlp``) and guarantee ``article.text[f.start:f.end] == f.text``
for every figure they return: a figure that would break that promise is dropped rather
than shown at the wrong place.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from core.dateline import find_byline, find_dateline
from core.errors import UserError
from core.extract.claims import Cancelled, build_claims, is_relative_ordinal
from core.extract.pipeline import chunks, get_nlp, run, sets_entities
from core.model import Article, Claim, Figure

__all__ = ["MAX_FIGURES", "Cancelled", "TooManyFigures", "extract_claims", "figures_in_span"]

MAX_FIGURES = 50_000
"""Most figures one article may hold. The work and memory of extraction grow with the
figures found (every one becomes a claim with its statement, scores and JSON), and a
text with more than this is a data file or a flattened table, not a story: a 5 MB novel
of news prose holds about 20,000. Counted as the text is read, so such an input is
refused within seconds (``bench/limits.py`` measures both sides of the line)."""


class TooManyFigures(UserError):
    """The text holds more figures than one article can (``MAX_FIGURES``)."""


_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC"})
_FIGURE_CACHE: OrderedDict[tuple[str, str | None, str | None], list[Figure]] = OrderedDict()
_FIGURE_CACHE_SIZE = 8
_FIGURE_CACHE_LOCK = threading.Lock()  # the workbench extracts in worker threads


def _shifted(figure: Figure, offset: int) -> Figure:
    if not offset:
        return figure
    data = figure.to_dict()
    data["start"] += offset
    data["end"] += offset
    return Figure.from_dict(data)


def _analyse(
    article: Article, model: str | None, cancel: Callable[[], bool] | None
) -> tuple[list[tuple[int, int]], list[Figure], list[tuple[int, int, str, str]] | None]:
    """Sentences, figures and (with a trained NER) named entities (start, end, text,
    label) of the whole text: people and organisations name speakers, places do not."""
    nlp = get_nlp(model)
    with_ner = sets_entities(nlp)
    text = article.text
    sentences: list[tuple[int, int]] = []
    figures: list[Figure] = []
    entities: list[tuple[int, int, str, str]] = []
    last_end = 0
    for offset, piece in chunks(text):
        if cancel is not None and cancel():
            raise Cancelled("extraction was cancelled")
        doc = run(nlp, piece, article.date)
        sentences.extend((offset + s.start_char, offset + s.end_char) for s in doc.sents)
        for figure in doc._.figures:
            figure = _shifted(figure, offset)
            if figure.start >= last_end and text[figure.start : figure.end] == figure.text:
                figures.append(figure)
                last_end = figure.end
        if len(figures) > MAX_FIGURES:
            name = "standard input" if article.source == "-" else article.source
            raise TooManyFigures(
                f"{name}: more than {MAX_FIGURES:,} figures in "
                f"{offset + len(piece):,} of {len(text):,} characters; "
                "that is a data file or a table, not one article: split it, or keep the "
                "part to check"
            )
        if with_ner:
            entities.extend(
                (offset + e.start_char, offset + e.end_char, e.text, e.label_)
                for e in doc.ents
                if e.label_ in _NAME_LABELS
            )
    return sentences, figures, entities if with_ner else None


def extract_claims(
    article: Article,
    *,
    model: str | None = None,
    cancel: Callable[[], bool] | None = None,
) -> list[Claim]:
    """The article's claims in text order, with stable ids, all unreviewed.

    ``model`` names a trained spaCy pipeline (default ``$CLAIMDESK_MODEL``, else the
    rule-based one). ``cancel`` is polled between chunks and sentences; when it returns
    true, ``Cancelled`` is raised and nothing is returned.
    """
    sentences, figures, entities = _analyse(article, model, cancel)
    _remember(article, model, figures)
    # The dateline and a byline above it belong to the article, not to a claim.
    exclude = [
        (d.start, d.end) for d in (find_byline(article.text), find_dateline(article.text)) if d
    ]
    return build_claims(
        article.id,
        article.text,
        sentences,
        figures,
        exclude=exclude,
        entities=entities,
        cancel=cancel,
    )


def _remember(article: Article, model: str | None, figures: list[Figure]) -> None:
    key = (article.text, article.date, model)
    with _FIGURE_CACHE_LOCK:
        _FIGURE_CACHE[key] = figures
        _FIGURE_CACHE.move_to_end(key)
        while len(_FIGURE_CACHE) > _FIGURE_CACHE_SIZE:
            _FIGURE_CACHE.popitem(last=False)


def figures_in_span(
    article: Article, start: int, end: int, *, model: str | None = None
) -> list[Figure]:
    """Figures lying wholly inside ``article.text[start:end]`` (for a manual claim).

    The whole text is analysed (a figure's meaning can depend on its sentence) and the
    result cached, so selecting one span after another in the same article is cheap.
    Relative ordinals ("the next one") are left out, as in extracted claims: a position
    in a sequence is no figure to check, and must not become the key figure.
    """
    key = (article.text, article.date, model)
    with _FIGURE_CACHE_LOCK:
        figures = _FIGURE_CACHE.get(key)
    if figures is None:
        _sentences, figures, _entities = _analyse(article, model, None)
        _remember(article, model, figures)
    return [f for f in figures if start <= f.start and f.end <= end and not is_relative_ordinal(f)]
