"""Dates and durations → ISO 8601 (TIMEX3-style where the text leaves parts unknown).

A date is only as precise as its text: "1985" → ``1985``, "February 2015" → ``2015-02``,
"August 13" → ``XXXX-08-13``. The article's own date (its dateline, possibly partial)
fills in what the text leaves out when it can: with a reference of ``2025-08-13``,
"February" becomes ``2025-02``. We never invent a year the article does not give.

Durations use ISO 8601 periods: "90-day" → ``P90D``, "five hours" → ``PT5H``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "dec", "sep", "jun", "jul"})
"""Month names that are also ordinary words (or names): trusted only beside a day or year."""

WEEKDAYS: dict[str, int] = {
    "monday": 1,
    "tuesday": 2,
    "wednesday": 3,
    "thursday": 4,
    "friday": 5,
    "saturday": 6,
    "sunday": 7,
    "mon": 1,
    "tue": 2,
    "tues": 2,
    "wed": 3,
    "thu": 4,
    "thur": 4,
    "thurs": 4,
    "fri": 5,
    "sat": 6,
    "sun": 7,
}
SHORT_WEEKDAYS = frozenset({"mon", "wed", "sat", "sun"})
"""Weekday abbreviations that are also words ("sun", "sat", "wed"): need a date beside."""

DURATION_UNITS: dict[str, str] = {
    "year": "Y",
    "years": "Y",
    "yr": "Y",
    "yrs": "Y",
    "month": "M",
    "months": "M",
    "week": "W",
    "weeks": "W",
    "wk": "W",
    "wks": "W",
    "day": "D",
    "days": "D",
    "hour": "H",
    "hours": "H",
    "hr": "H",
    "hrs": "H",
    "h": "H",
    "minute": "MIN",
    "minutes": "MIN",
    "min": "MIN",
    "mins": "MIN",
    "second": "S",
    "seconds": "S",
    "sec": "S",
    "secs": "S",
    "decade": "DECADE",
    "decades": "DECADE",
    "century": "CENTURY",
    "centuries": "CENTURY",
    "fortnight": "FORTNIGHT",
    "fortnights": "FORTNIGHT",
}
"""Time units and the ISO 8601 designator they map to (multi-year units are expanded)."""

_TIME_DESIGNATORS = {"H": "H", "MIN": "M", "S": "S"}
_DATE_DESIGNATOR_ORDER = "YMWD"


def format_amount(value: float) -> str:
    """An amount as ISO 8601 durations write it: 3 → "3", 2.5 → "2.5"."""
    return _fmt(value)


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def iso_duration(parts: list[tuple[float, str]]) -> str:
    """[(90, "D")] → "P90D"; [(1, "Y"), (21, "D")] → "P1Y21D"; [(5, "H")] → "PT5H".

    Units are ``DURATION_UNITS`` values; decades, centuries and fortnights become years
    and weeks so the result is plain ISO 8601.
    """
    totals: dict[str, float] = {}
    for amount, unit in parts:
        if unit == "DECADE":
            amount, unit = amount * 10, "Y"
        elif unit == "CENTURY":
            amount, unit = amount * 100, "Y"
        elif unit == "FORTNIGHT":
            amount, unit = amount * 2, "W"
        totals[unit] = totals.get(unit, 0) + amount
    date_part = "".join(f"{_fmt(totals[u])}{u}" for u in _DATE_DESIGNATOR_ORDER if u in totals)
    time_part = "".join(
        f"{_fmt(totals[u])}{d}" for u, d in _TIME_DESIGNATORS.items() if u in totals
    )
    return "P" + date_part + ("T" + time_part if time_part else "")


@dataclass(frozen=True, slots=True)
class Reference:
    """The date an article speaks from; any part may be unknown (``None``)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def full(self) -> date | None:
        if self.year and self.month and self.day:
            try:
                return date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


_REFERENCE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?")


def parse_reference(value: str | date | None) -> Reference:
    """Read a reference date: "2025-08-13", "2016-11-07T00:00:00", "XXXX-08-13", "2025"."""
    if not value:
        return Reference()
    if not isinstance(value, str):  # a date or datetime object: use its ISO form
        value = value.isoformat() if hasattr(value, "isoformat") else str(value)
    match = _REFERENCE.match(value.strip())
    if not match:
        return Reference()

    def part(text: str | None) -> int | None:
        return int(text) if text and text.isdigit() else None

    return Reference(part(match[1]), part(match[2]), part(match[3]))


def iso_date(year: int | None, month: int | None = None, day: int | None = None) -> str:
    """A possibly partial ISO date: (None, 8, 13) → "XXXX-08-13", (2015, 2) → "2015-02"."""
    y = f"{year:04d}" if year is not None else "XXXX"
    if month is None and day is None:
        return y
    m = f"{month:02d}" if month is not None else "XX"
    if day is None:
        return f"{y}-{m}"
    return f"{y}-{m}-{day:02d}"


def resolve(year: int | None, month: int | None, day: int | None, ref: Reference) -> str:
    """Fill the year the text leaves out from the reference, when the reference has one."""
    if year is None and month is not None and ref.year is not None:
        year = ref.year
    if year is None and month is None and day is not None and ref.year and ref.month:
        year, month = ref.year, ref.month
    return iso_date(year, month, day)


def year_from_two_digits(value: int) -> int:
    """'89 → 1989, '07 → 2007 (the usual 1930..2029 window)."""
    return 2000 + value if value < 30 else 1900 + value


RELATIVE_DAYS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "tmrw": 1,
    "yesterday": -1,
}


def shift(ref: Reference, *, days: int = 0, months: int = 0, years: int = 0) -> str | None:
    """The reference date moved by an amount ("two days ago"); ``None`` if unresolvable."""
    base = ref.full
    if base is None:
        return None
    month_index = base.month - 1 + months + 12 * years
    year = base.year + month_index // 12
    month = month_index % 12 + 1
    day = min(base.day, calendar.monthrange(year, month)[1])  # Mar 31 - 1 month = Feb 29
    moved = date(year, month, day) + timedelta(days=days)
    return moved.isoformat()


def weekday_date(ref: Reference, weekday: int, weeks: int = 0) -> str:
    """ "this Friday" (weeks=0), "next Sunday" (weeks=1), "last Sunday" (weeks=-1)."""
    base = ref.full
    if base is None:
        return f"XXXX-WXX-{weekday}"
    monday = base - timedelta(days=base.isoweekday() - 1)
    return (monday + timedelta(days=weekday - 1, weeks=weeks)).isoformat()


def nth_weekday(year: int | None, month: int | None, weekday: int, n: int) -> str | None:
    """The ``n``-th ``weekday`` (1 = Monday) of a month, ``n = -1`` for the last one.

    ``None`` when the year or month is unknown or the month has no such day.
    """
    if year is None or month is None:
        return None
    first = date(year, month, 1)
    offset = (weekday - first.isoweekday()) % 7
    days_in_month = (date(year + month // 12, month % 12 + 1, 1) - first).days
    if n == -1:
        day = 1 + offset + 7 * ((days_in_month - 1 - offset) // 7)
    else:
        day = 1 + offset + 7 * (n - 1)
    if day > days_in_month:
        return None
    return date(year, month, day).isoformat()
