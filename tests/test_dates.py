"""Dates and durations to ISO 8601, partial where the text is partial."""

from __future__ import annotations

import pytest

from core.extract.dates import (
    iso_date,
    iso_duration,
    nth_weekday,
    parse_reference,
    resolve,
    shift,
    weekday_date,
    year_from_two_digits,
)


@pytest.mark.parametrize(
    ("parts", "value"),
    [
        ([(90, "D")], "P90D"),
        ([(3, "Y")], "P3Y"),
        ([(6, "M")], "P6M"),
        ([(2, "W")], "P2W"),
        ([(5, "H")], "PT5H"),
        ([(30, "MIN")], "PT30M"),
        ([(2.5, "H")], "PT2.5H"),
        ([(1, "Y"), (1, "M"), (21, "D")], "P1Y1M21D"),
        ([(2, "D"), (1, "M")], "P1M2D"),
        ([(2, "DECADE")], "P20Y"),
        ([(1, "FORTNIGHT")], "P2W"),
        ([(1, "D"), (3, "H")], "P1DT3H"),
    ],
)
def test_iso_duration(parts, value):
    assert iso_duration(parts) == value


def test_iso_date_partial():
    assert iso_date(1985) == "1985"
    assert iso_date(2015, 2) == "2015-02"
    assert iso_date(None, 8, 13) == "XXXX-08-13"
    assert iso_date(None, None, 27) == "XXXX-XX-27"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2025-08-13", (2025, 8, 13)),
        ("2016-11-07T00:00:00", (2016, 11, 7)),
        ("XXXX-08-13", (None, 8, 13)),
        ("2025", (2025, None, None)),
        ("", (None, None, None)),
        (None, (None, None, None)),
        ("yesterday", (None, None, None)),
    ],
)
def test_parse_reference(text, parts):
    ref = parse_reference(text)
    assert (ref.year, ref.month, ref.day) == parts


def test_parse_reference_accepts_date_objects():
    import datetime

    ref = parse_reference(datetime.date(2025, 8, 13))
    assert (ref.year, ref.month, ref.day) == (2025, 8, 13)
    ref = parse_reference(datetime.datetime(2016, 11, 7, 12, 30))
    assert (ref.year, ref.month, ref.day) == (2016, 11, 7)


def test_resolve_fills_only_what_the_reference_knows():
    full = parse_reference("2025-08-13")
    assert resolve(None, 2, None, full) == "2025-02"
    assert resolve(None, 8, 13, full) == "2025-08-13"
    assert resolve(None, None, 27, full) == "2025-08-27"
    assert resolve(2015, 2, None, full) == "2015-02"
    dateline = parse_reference("XXXX-08-13")
    assert resolve(None, 2, None, dateline) == "XXXX-02"


def test_shift_and_weekdays_need_a_full_date():
    ref = parse_reference("2016-11-07")  # a Monday
    assert shift(ref, days=-2) == "2016-11-05"
    assert shift(ref, months=-1) == "2016-10-07"
    assert shift(parse_reference("2016-03-31"), months=-1) == "2016-02-29"
    assert shift(parse_reference("XXXX-11-07"), days=1) is None
    assert weekday_date(ref, 5) == "2016-11-11"
    assert weekday_date(ref, 7, weeks=1) == "2016-11-20"
    assert weekday_date(ref, 7, weeks=-1) == "2016-11-06"
    assert weekday_date(parse_reference("XXXX-11-07"), 5) == "XXXX-WXX-5"


def test_nth_weekday():
    assert nth_weekday(2025, 9, 1, 1) == "2025-09-01"  # Labor Day 2025
    assert nth_weekday(2017, 9, 7, 2) == "2017-09-10"
    assert nth_weekday(2025, 11, 4, -1) == "2025-11-27"  # last Thursday
    assert nth_weekday(2017, 9, 7, 5) is None
    assert nth_weekday(None, 9, 7, 1) is None


def test_two_digit_years():
    assert year_from_two_digits(89) == 1989
    assert year_from_two_digits(7) == 2007
