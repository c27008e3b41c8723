"""Editing a claim itself: its statement and its key figure (value, kind, unit).

The extractor can read a figure wrong (a count taken for a year, "26 million" stored as
26) and a claim added by hand gets only the figures found in its span, perhaps none; a
reviewer corrects the record of what the article says here, which is not a verdict (a
verdict says whether the article is right: :meth:`core.review.Review.correct`). The
figure's words stay those of the article (``text``, ``start``, ``end``); a claim that had
no figure gets one spanning the claim. Each edit is an undoable event. Kept apart from
``core.review`` so that module does not grow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from core.errors import UserError
from core.model import Claim, Figure, FigureKind

NUMERIC_KINDS = frozenset(
    {FigureKind.COUNT, FigureKind.PERCENT, FigureKind.MONEY, FigureKind.ORDINAL}
    | {FigureKind.MEASURE, FigureKind.RATIO}
)
"""Kinds whose value is a number; the others hold an ISO 8601 text."""

_DURATION = re.compile(r"^P(?=\d|T\d)(\d+(\.\d+)?[YMWD])*(T(\d+(\.\d+)?[HMS])+)?$")
_DATE = re.compile(r"^(\d{4}|XXXX)(-(\d{2}|XX|Q[1-4]|H[12]|W\d{2})(-(\d{2}|XX))?)?$")
_TIME = re.compile(r"^(T?\d{2}(:\d{2}){0,2})$")


def parse_value(kind: str, text: str) -> Any:
    """A figure's value read as ``kind`` says, or a one-line ``UserError``."""
    text = (text or "").strip()
    if not text:
        raise UserError("a figure needs a value")
    if kind in NUMERIC_KINDS:
        try:
            number = float(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise UserError(
                f"a {kind}'s value is a number such as 26 or 1.5 (got {text!r})"
            ) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise UserError(f"a {kind}'s value is a finite number (got {text!r})")
        return int(number) if number.is_integer() and "." not in text else number
    rules = {
        FigureKind.DURATION: (_DURATION, "an ISO 8601 duration such as P90D or PT2H"),
        FigureKind.DATE: (_DATE, "a date such as 2025-08-13, 2025-08 or 2025-Q4"),
        FigureKind.TIME: (_TIME, "a time such as 14:30"),
    }
    rule, example = rules[FigureKind(kind)]
    if not rule.match(text):
        raise UserError(f"a {kind}'s value is {example} (got {text!r})")
    return text


def check_kind(kind: str) -> str:
    kind = (kind or "").strip().lower()
    try:
        return FigureKind(kind).value
    except ValueError:
        choices = ", ".join(k.value for k in FigureKind)
        raise UserError(f"unknown figure kind {kind!r}; choose from: {choices}") from None


class ClaimFieldEdits:
    """``edit_figure`` for :class:`core.review.Review` (which supplies ``_change``,
    ``_claim`` and ``desk``)."""

    _change: Callable[[str, str, Callable[[Claim], str]], Claim]
    _claim: Callable[[str], Claim]
    desk: Any

    def edit_figure(
        self,
        claim_id: str,
        value: str | None = None,
        kind: str | None = None,
        unit: str | None = None,
    ) -> Claim:
        """Set the key figure's value, kind and/or unit (``None`` keeps; ``unit=""``
        clears). A claim without a figure needs a value and gets one spanning the claim."""
        claim = self._claim(claim_id)
        old = claim.key_figure
        if old is None and value is None:
            raise UserError(f"claim {claim.id} has no figure yet: give its value")
        new_kind = check_kind(kind) if kind is not None else (old.kind if old else "count")
        if value is not None:
            new_value = parse_value(new_kind, value)
        else:  # the kind changed: the value stored must still read as that kind
            assert old is not None
            new_value = parse_value(new_kind, str(old.value))
        new_unit = (unit.strip() or None) if unit is not None else (old.unit if old else None)
        if old is None:
            text = self.desk.article(claim.article_id).text[claim.start : claim.end]
            figure = Figure(text=text, start=claim.start, end=claim.end, kind=new_kind, value=None)
        else:
            figure = Figure.from_dict(old.to_dict())
        figure.kind, figure.value, figure.unit = new_kind, new_value, new_unit

        def edit(claim: Claim) -> str:
            before = claim.key_figure
            if claim.figures:
                claim.figures[0] = figure
            else:
                claim.figures = [figure]
            was = f"{before.kind} {before.value}" if before else "no figure"
            unit_text = f" {new_unit}" if new_unit else ""
            return f"figure {was} → {new_kind} {new_value}{unit_text}"

        return self._change(claim_id, "edit_figure", edit)
