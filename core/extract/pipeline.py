"""The spaCy pipeline extraction runs on, built once per process and reused.

By default: blank English, a line-break rule, the sentencizer and the ``claimdesk_figures``
component. That needs no trained model and nothing downloaded. A trained pipeline can be
named with ``--model NAME`` or ``$CLAIMDESK_MODEL``: its parser gives better sentence
boundaries and its NER names speakers; our figure component is added to it. If it is not
installed we say so in one line on stderr and carry on with the rule-based pipeline: a
missing optional model is not a reason to stop work, and we never download one.

Long texts are processed in chunks cut at line breaks (``chunks``), so a long article
never hits spaCy's ``max_length`` and a ``cancel`` callback is honoured between chunks.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Iterator
from functools import cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.lang.en import English, EnglishDefaults
from spacy.language import Language
from spacy.tokens import Doc

from core.extract.tokens import SOURCE_TEXT, doc_text
from core.layout import is_hard_wrapped

MODEL_ENV = "CLAIMDESK_MODEL"
FIGURES = "claimdesk_figures"
LINE_BREAKS = "claimdesk_line_breaks"
CHUNK_CHARS = 100_000
"""Largest piece of text handed to spaCy at once."""


@Language.component(LINE_BREAKS)
def mark_line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and datelines carry no full stop.

    In hard-wrapped text (``is_hard_wrapped``) only a blank line or the break after a
    short line does. Written as one array update: setting ``token.is_sent_start`` token
    by token costs time proportional to the document each time (1.6 s on a 300 kB text,
    against 40 ms). Only starts are set; the sentencizer or parser decides the rest.

    The tokens are read as arrays, never as ``Token`` objects: making one per token (as
    iterating the ``Doc`` or reading ``doc.text`` does) took a seventh of all extraction.
    """
    n = len(doc)
    if n < 2:
        return doc
    rows = doc.to_array([IS_SPACE, IDX, LENGTH])
    text = doc_text(doc)
    wrapped = is_hard_wrapped(text)
    short = 0.6 * max((len(line) for line in text.split("\n")), default=0)
    starts = numpy.zeros((n, 1), dtype="uint64")
    found = False
    is_space = rows[:, 0].tolist()
    for i in numpy.flatnonzero(rows[:-1, 0]).tolist():
        if is_space[i + 1]:
            continue
        idx = int(rows[i, 1])
        token_text = text[idx : idx + int(rows[i, 2])]
        if "\n" not in token_text:
            continue
        if wrapped and token_text.count("\n") < 2:
            line_start = text.rfind("\n", 0, idx) + 1
            if idx - line_start >= short:
                continue
        starts[i + 1, 0] = 1
        found = True
    if found:
        doc.from_array([SENT_START], starts)  # type: ignore[arg-type]  # Ints2d is an ndarray
    return doc


def model_name(model: str | None = None) -> str | None:
    """The trained pipeline asked for: the argument, else ``$CLAIMDESK_MODEL``, else the
    configuration file's ``model``, else none."""
    from core.config import value_of

    return model or os.environ.get(MODEL_ENV) or value_of("model") or None


DIGIT_DASH_INFIX = r"(?<=[0-9])–(?=[0-9])"
"""An en dash between digits: spaCy splits "40-50" but keeps "40–50" whole."""
_SCALES_BEFORE_DASH = ("thousand", "million", "billion", "trillion", "bn", "mn", "tn", "trn")
SCALED_DASH_INFIX = (
    "(?:"
    + "|".join([f"(?<={word})" for word in _SCALES_BEFORE_DASH] + [f"(?<=[0-9]{s})" for s in "mkb"])
    + r")[-–](?=[$€£¥₹0-9])"
)
"""A dash after a scale and before an amount: "€3.5 billion–€4 billion", "$4.1bn-$4.7bn",
"£3m–£4m" (spaCy keeps "billion–€4" and "4.1bn-$4.7bn" whole, hiding the second amount)."""


def split_dashed_numbers(nlp: Language) -> Language:
    """Make the tokenizer split "40–50" and "2010–2015" like "40-50", and a dash between
    a scale and an amount ("€3.5 billion–€4 billion", "$4.1bn-$4.7bn").

    Style guides write ranges with an en dash; left whole, "40–50 per cent" is one token
    that no rule reads as a number, and the range is lost. Applied to the default pipeline
    and to a trained one (``--model``) alike.
    """
    from spacy.util import compile_infix_regex

    tokenizer: Any = nlp.tokenizer  # spaCy's compiled Tokenizer, which ships no types
    # A loaded pipeline keeps the infixes it was saved with; ours are added to them.
    finditer = getattr(tokenizer, "infix_finditer", None)
    own = getattr(getattr(finditer, "__self__", None), "pattern", None)
    infixes = [own] if isinstance(own, str) else list(nlp.Defaults.infixes or ())
    if any(isinstance(piece, str) and DIGIT_DASH_INFIX in piece for piece in infixes):
        return nlp  # a pipeline saved after this ran has them already
    tokenizer.infix_finditer = compile_infix_regex(
        [*infixes, DIGIT_DASH_INFIX, SCALED_DASH_INFIX]
    ).finditer
    return nlp


class _DashedEnglishDefaults(EnglishDefaults):
    infixes = [*EnglishDefaults.infixes, DIGIT_DASH_INFIX, SCALED_DASH_INFIX]  # noqa: RUF012


class _DashedEnglish(English):
    """English whose tokenizer splits dashed ranges (see ``split_dashed_numbers``)."""

    Defaults = _DashedEnglishDefaults


def blank_english() -> Language:
    """What ``split_dashed_numbers(spacy.blank("en"))`` gives, with the tokenizer built once.

    Setting ``infix_finditer`` on a built tokenizer compiles the infixes again and reloads
    its 2,700 special cases; building it with our infixes in the language's defaults (as
    spaCy's documentation customises a language) takes half the time, a sixth of a second
    of every command that extracts.
    """
    return _DashedEnglish.from_config({})


def _register_figures() -> None:
    import core.extract.figures  # noqa: F401  (registers the "claimdesk_figures" factory)


@cache
def _rule_based() -> Language:
    _register_figures()
    nlp = blank_english()
    nlp.add_pipe(LINE_BREAKS)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(FIGURES)
    return nlp


_LOAD_LOCK = threading.Lock()


def get_nlp(model: str | None = None) -> Language:
    """The pipeline for ``model`` (see ``model_name``), loaded once per process.

    Loading is serialised: the workbench may ask from two worker threads at once, and a
    pipeline should be built (and a missing model reported) only once.
    """
    name = model_name(model)
    with _LOAD_LOCK:
        return _rule_based() if name is None else _trained(name)


def install_hint(name: str) -> str:
    """How to install ``name``: spaCy's own pipelines are not on PyPI under that name."""
    if re.fullmatch(r"[a-z]{2,3}_\w+_(?:sm|md|lg|trf)", name):
        return f"python -m spacy download {name}"
    return f"pip install {name}"


@cache
def _trained(name: str) -> Language:
    _register_figures()  # a saved pipeline may already contain our components
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as exc:
        message = str(exc)
        reason = (
            "is not installed"
            if "E050" in message
            else f"could not be loaded ({message.splitlines()[0][:120]})"
        )
        print(
            f"claimdesk: spaCy pipeline {name!r} {reason}; using the rule-based pipeline "
            f"({install_hint(name)} to use it)",
            file=sys.stderr,
        )
        return _rule_based()
    split_dashed_numbers(nlp)
    segmenter = next((p for p in ("parser", "senter", "sentencizer") if nlp.has_pipe(p)), None)
    if segmenter is None:
        nlp.add_pipe(LINE_BREAKS, first=True)
        nlp.add_pipe("sentencizer", after=LINE_BREAKS)
    elif not nlp.has_pipe(LINE_BREAKS):
        nlp.add_pipe(LINE_BREAKS, before=segmenter)
    if not nlp.has_pipe(FIGURES):
        nlp.add_pipe(FIGURES, last=True)
    return nlp


def run(nlp: Language, text: str, reference_date: str | None = None) -> Doc:
    """Run ``nlp`` on ``text`` with the article's date as the figures' reference date."""
    doc = nlp.make_doc(text)
    if reference_date:
        doc.user_data["reference_date"] = reference_date
    doc.user_data[SOURCE_TEXT] = text  # the components need not rebuild it (doc_text)
    for _name, component in nlp.pipeline:
        doc = component(doc)
    doc.user_data.pop(SOURCE_TEXT, None)
    return doc


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering ``text``, cut after a line break where possible.

    A piece longer than ``size`` with no line break is cut after a sentence end or a space
    so no figure or word is split in two unless the text has no space at all.
    """
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = max(text.rfind(". ", start, end), text.rfind(" ", start, end))
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


def sets_entities(nlp: Language) -> bool:
    """Whether some component of ``nlp`` assigns ``doc.ents`` (NER or an entity ruler)."""
    return any("doc.ents" in nlp.get_pipe_meta(name).assigns for name in nlp.pipe_names)
