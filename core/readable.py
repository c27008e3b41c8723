"""Figure values as people write them: "€1.2 billion", "25,000", "90 days".

Values are stored exact (``1200000000``, ``P90D``) so that exports and comparisons never
lose a digit; a reviewer reads them the way an article would print them. A scale word
("million", "billion") is used only when it loses nothing: 1,234,567,891 stays in digits
rather than becoming a rounded "1.23 billion", since the reviewer is checking exactly
that number.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

SCALES = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)

MAX_SCALED_DECIMALS = 3
""""3.125 billion" reads well; "1.234567891 billion" does not: digits instead."""

CURRENCY_SYMBOL = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹"}
"""Currencies written with a symbol before the amount; every other code follows it."""

_DURATION_UNITS = (
    ("Y", "year"),
    ("M", "month"),
    ("W", "week"),
    ("D", "day"),
    ("H", "hour"),
    ("TM", "minute"),
    ("S", "second"),
)
_DURATION = re.compile(
    r"^P(?:(?P<Y>[\d.]+)Y)?(?:(?P<M>[\d.]+)M)?(?:(?P<W>[\d.]+)W)?(?:(?P<D>[\d.]+)D)?"
    r"(?:T(?:(?P<H>[\d.]+)H)?(?:(?P<TM>[\d.]+)M)?(?:(?P<S>[\d.]+)S)?)?$"
)
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_DATE = re.compile(r"^(?P<y>\d{4}|XXXX)(?:-(?P<m>\d{2}|XX)(?:-(?P<d>\d{2}|XX))?)?$")
_PERIOD = re.compile(r"^(?P<y>\d{4})-(?P<p>Q[1-4]|H[12])$")


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _digits(number: Decimal) -> str:
    """``25000`` → ``25,000``; ``2.50`` → ``2.5``; never an exponent."""
    text = f"{number.normalize():,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def readable_number(value: Any) -> str:
    """An exact number in words a reader expects: ``4100000000`` → ``4.1 billion``."""
    number = _decimal(value)
    if number is None:
        return str(value)
    sign = "-" if number < 0 else ""
    size = abs(number)
    for scale, word in SCALES:
        if size >= scale:
            scaled = size / scale
            exponent = scaled.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent <= MAX_SCALED_DECIMALS:
                return f"{sign}{_digits(scaled)} {word}"
            break
    return sign + _digits(size)


def _money(value: Any, unit: str | None) -> str:
    amount = readable_number(value)
    symbol = CURRENCY_SYMBOL.get(unit or "")
    if symbol:
        sign, amount = ("-", amount[1:]) if amount.startswith("-") else ("", amount)
        return f"{sign}{symbol}{amount}"
    return f"{amount} {unit}" if unit else amount


def _duration(value: str) -> str:
    match = _DURATION.match(value)
    if not match or not any(match.groupdict().values()):
        return value
    parts = []
    for group, word in _DURATION_UNITS:
        amount = match.group(group)
        if amount:
            plural = "" if Decimal(amount) == 1 else "s"
            parts.append(f"{readable_number(amount)} {word}{plural}")
    return " ".join(parts)


def _date(value: str) -> str:
    period = _PERIOD.match(value)
    if period:
        return f"{period['p']} {period['y']}"
    match = _DATE.match(value)
    if not match:
        return value
    year, month, day = match["y"], match["m"], match["d"]
    words = []
    if day and day != "XX":
        words.append(str(int(day)))
    if month and month != "XX":
        words.append(_MONTHS[int(month) - 1] if 1 <= int(month) <= 12 else month)
    if year != "XXXX":
        words.append(year)
    return " ".join(words) or value


def readable_amount(kind: str, value: Any, unit: str | None = None) -> str:
    """One value of a figure of ``kind`` (``money`` with an ISO 4217 ``unit``…)."""
    if value is None:
        return ""
    if kind == "money":
        return _money(value, unit)
    if kind == "percent":
        return f"{readable_number(value)}%"
    if kind == "duration" and isinstance(value, str):
        return _duration(value)
    if kind == "date" and isinstance(value, str):
        return _date(value)
    if kind == "ratio" and (exact := _decimal(value)) is not None and exact >= 1:
        return f"×{readable_number(value)}"
    text = readable_number(value) if _decimal(value) is not None else str(value)
    return f"{text} {unit}" if unit else text


def readable_value(figure) -> str:
    """A figure's value as an article would print it, with its hedge and range:
    ``more than €1.2 billion``, ``between 25% and 50%``, ``from 26 to 29``."""
    text = readable_amount(figure.kind, figure.value, figure.unit)
    qualifier = figure.qualifier
    if figure.upper is not None:
        upper = readable_amount(figure.kind, figure.upper, figure.unit)
        if qualifier == "between":
            return f"between {text} and {upper}"
        if qualifier == "change":
            return f"from {text} to {upper}"
        if qualifier == "tally":
            return f"{text}–{upper}"
        text = f"{text} to {upper}"
    if not qualifier or qualifier in ("relative", "between", "change", "tally"):
        return text
    if qualifier.startswith("or "):
        return f"{text} {qualifier}"  # "40 or more"
    return f"{qualifier} {text}"
