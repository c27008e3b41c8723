"""Exact arithmetic for figure values: a fact-checker publishes the number, so it must be
the number the text states.

Binary floating point cannot hold 4.1, so 4.1 × 10⁹ in floats is 4099999999.9999995; a
desk that stored that would show it in JSON, CSV and the workbench. Every scaling, sum and
quotient of a figure's value is therefore done in ``decimal`` and only the result is
turned into a plain JSON number by ``tidy``: an ``int`` when it is whole (at any size),
else the ``float`` nearest to the decimal result, which prints as that decimal ("4.02",
not "4.0200000000000005").

A value that arrives as a ``float`` (a parsed numeral, "1.5") is read back through its
shortest ``repr``, which for any decimal of up to 15 significant digits is exactly the
decimal that was parsed: no binary error enters the sum.
"""

from __future__ import annotations

from decimal import Decimal

Number = int | float | Decimal


def exact(value: Number) -> Decimal:
    """``value`` as a ``Decimal`` holding the decimal it was written as."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def tidy(value: Number, places: int | None = None) -> int | float:
    """An ``int`` when whole, else a ``float``; rounded to ``places`` decimals when given.

    ``places`` is for values the text gives as a quotient ("two-thirds", "one in three"):
    below one it keeps that many significant digits, so 1/121 is 0.008264, not 0.0083.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = exact(value)
    if not number.is_finite():
        return float(number)
    if number == number.to_integral_value():
        return int(number)
    if places is not None:
        magnitude = number.adjusted() if abs(number) < 1 else -1
        number = round(number, max(places, places - magnitude - 1))
        if number == number.to_integral_value():
            return int(number)
    return float(number)


def times(a: Number, b: Number, places: int | None = None) -> int | float:
    """``a × b``, exactly (``places`` as in ``tidy``)."""
    return tidy(exact(a) * exact(b), places)


def divided(a: Number, b: Number, places: int = 4) -> int | float:
    """``a ÷ b`` rounded to ``places`` (a fraction written in words, a share)."""
    return tidy(exact(a) / exact(b), places)


def plus(a: Number, b: Number, places: int | None = None) -> int | float:
    """``a + b``, exactly."""
    return tidy(exact(a) + exact(b), places)
