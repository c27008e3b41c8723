"""Figure identity: when two figures are the same figure (kind and normalised value)."""

from __future__ import annotations

import math
from typing import Any

from core.model import Figure

_NUMERIC_KINDS = frozenset({"count", "percent", "money", "ordinal", "measure"})


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").strip())
        except ValueError:
            return None
    return None


def figure_key(fig: Figure | None) -> tuple | None:
    """(kind, normalised value[, unit]) — equal keys mean the same figure.

    Numbers compare as numbers (26 == 26.0 == "26"), rounded to 9 significant digits so
    1.5e9 from "$1.5bn" equals 1500000000 from "$1,500 million". Money keeps its
    currency and measures their unit: 26 dollars are not 26 pesos.
    """
    if fig is None:
        return None
    kind = str(fig.kind)
    if kind in _NUMERIC_KINDS:
        num = _number(fig.value)
        if num is None or math.isnan(num):
            value: Any = str(fig.value).strip().lower()
        else:
            value = float(f"{num:.9g}")
        unit = (fig.unit or "").strip().lower() if kind in ("money", "measure") else ""
        return (kind, value, unit)
    return (kind, str(fig.value).strip().upper(), "")


def same_figure(a: Figure | None, b: Figure | None) -> bool:
    key_a = figure_key(a)
    return key_a is not None and key_a == figure_key(b)
