"""One figure-recogniser pipeline for the table-driven figure tests, and ways to read it."""

from __future__ import annotations

from functools import cache

from core.extract.figures import build_figure_nlp, find_figures
from core.model import Figure


@cache
def _nlp():
    return build_figure_nlp()


def figures(text: str, reference_date: str | None = None) -> list[Figure]:
    """Every figure the recogniser finds in ``text``."""
    return find_figures(_nlp().make_doc(text), reference_date)


def only(text: str, reference_date: str | None = None, kind: str | None = None) -> Figure:
    """The one figure in ``text`` (of ``kind``, when given); fails if there are others."""
    found = [f for f in figures(text, reference_date) if kind is None or f.kind == kind]
    assert len(found) == 1, [(f.text, f.kind, f.value) for f in found]
    return found[0]


def same_number(actual: object, expected: object) -> bool:
    """Equal and of the same type: 4100000000 (int) is not 4100000000.0 (float)."""
    return type(actual) is type(expected) and actual == expected
