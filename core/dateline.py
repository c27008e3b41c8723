"""Find the dateline that opens a news story: "LONDON, March 3 (AP) — ...".

Agency copy starts its first paragraph with where (and often when) the story was filed.
That place and date describe the article, not a claim in it: the extractor must not offer
"August 13" as a figure to check, and the date is the reference for resolving partial
dates later in the text ("in February" means the February before it).

Only the opening of the text (its first two lines, to allow for a headline) is examined,
and a match needs a date, an agency in brackets or an all-capitals place, so an ordinary
sentence that happens to start with a capitalised word and a dash is not mistaken for one.

A byline ("By a staff reporter, October 14, 2025", "Published October 14, 2025", or a
date alone on its line) may stand between the headline and the dateline: ``find_byline``
finds it, the dateline is looked for after it, and neither becomes a claim. The byline's
date is the article's too, and gives the year a dateline ("Vienna, Oct 14 :") leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WORD = r"[A-Z][\w.'’-]*"
_DATELINE = re.compile(
    rf"""
    (?P<place>{_WORD}(?:[ ]{_WORD}){{0,4}})          # Mexico City / WASHINGTON / NEW DELHI
    (?:[ ]?\[(?P<bracket>[^\]\n]{{1,40}})\])?          # [Mexico]
    (?:,[ ]?(?P<region>(?!{_MONTH}\b){_WORD}(?:[ ]{_WORD}){{0,2}}))?   # , Lebanon
    (?:,?[ ]?(?P<month>{_MONTH})\.?[ ](?P<day>\d{{1,2}})(?:,?[ ](?P<year>\d{{4}}))?)?
    (?:[ ]?[(/](?P<agency>[A-Za-z][A-Za-z .&-]{{0,30}})[)/])?   # (Reuters) or /PRNewswire/
    (?P<sep>[ ]?(?:--|[:\-–—])[ ]?|(?<=[)/])[ ])        # the separator before the story
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where and when the story was filed, and the span of text the dateline occupies."""

    place: str
    date: str | None
    start: int
    end: int


def _tidy_place(place: str) -> str:
    """ "NEW YORK" → "New York"; mixed-case places are kept as written."""
    if place.isupper():
        return " ".join(word.capitalize() for word in place.split(" "))
    return place


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of the first or second line of ``text`` (not counting
    a byline's lines), if any."""
    offset = 0
    byline = find_byline(text)
    for _ in range(2):
        while offset < len(text) and text[offset] in " \t\n":
            offset += 1
        if byline is not None and byline.start <= offset < byline.end:
            offset = byline.end
            while offset < len(text) and text[offset] in " \t\n":
                offset += 1
        match = _DATELINE.match(text, offset)
        if match and (
            match.group("month")
            or match.group("agency")
            or (match.group("place").isupper() and len(match.group("place")) > 3)
        ):
            date = None
            if match.group("month"):
                month = MONTHS[match.group("month")[:3].lower()]
                day = int(match.group("day"))
                if 1 <= day <= 31:
                    year = match.group("year") or "XXXX"
                    date = f"{year}-{month:02d}-{day:02d}"
            return Dateline(
                place=_tidy_place(match.group("place")),
                date=date,
                start=match.start(),
                end=match.end(),
            )
        newline = text.find("\n", offset)
        if newline < 0:
            return None
        offset = newline + 1
    return None


@dataclass(frozen=True, slots=True)
class Byline:
    """The byline block under a headline: its span and the date it gives, if any."""

    date: str | None
    start: int
    end: int


_BYLINE_LINE = re.compile(
    r"(?:(?i:by)[ ]+[A-Za-z]|(?i:published|updated|posted|first[ ]published)\b)[^\n]{0,120}"
)
_FULL_DATE = re.compile(
    rf"""(?i:
      (?P<month>{_MONTH})\.?[ ](?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?[ ](?P<year>\d{{4}})
    | (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?[ ](?P<month2>{_MONTH})\.?,?[ ](?P<year2>\d{{4}})
    | (?P<iso>\d{{4}}-\d{{2}}-\d{{2}})
    )""",
    re.VERBOSE,
)
_DATE_ONLY = re.compile(rf"[ ]*(?:{_FULL_DATE.pattern})[ ]*(?:[,|][^\n.]{{0,20}})?", re.VERBOSE)
_LINES = 4
"""A byline sits within the first few lines: a headline, perhaps a standfirst, then it."""


def _line_date(line: str) -> str | None:
    match = _FULL_DATE.search(line)
    if match is None:
        return None
    if match["iso"]:
        return match["iso"]
    month_name = match["month"] or match["month2"]
    day = int(match["day"] or match["day2"])
    year = match["year"] or match["year2"]
    if not 1 <= day <= 31:
        return None
    return f"{year}-{MONTHS[month_name[:3].lower()]:02d}-{day:02d}"


def _is_byline(line: str) -> bool:
    """ "By Jane Doe, October 14, 2025", "Published October 14, 2025": not a sentence
    ("By the end of 2025, prices had risen." ends with a full stop)."""
    stripped = line.strip()
    if not _BYLINE_LINE.fullmatch(stripped) or stripped.endswith((".", "!", "?", ":")):
        return False
    words = stripped.split()
    return len(words) <= 14 and not (len(words) > 1 and words[1].lower() in ("the", "then"))


def find_byline(text: str) -> Byline | None:
    """The byline lines near the top of ``text`` (see the module docstring), if any."""
    offset = 0
    start = end = None
    date = None
    for _ in range(_LINES):
        while offset < len(text) and text[offset] in " \t\n":
            offset += 1
        newline = text.find("\n", offset)
        line_end = len(text) if newline < 0 else newline
        line = text[offset:line_end]
        dated_only = start is not None and _DATE_ONLY.fullmatch(line) is not None
        if _is_byline(line) or dated_only:
            start = offset if start is None else start
            end = line_end
            date = date or _line_date(line)
        elif start is not None:
            break
        if newline < 0:
            break
        offset = newline + 1
    if start is None or end is None:
        return None
    return Byline(date=date, start=start, end=end)


def article_date(dateline: Dateline | None, byline: Byline | None) -> str | None:
    """The date the article speaks from: the dateline's when it is complete, else the
    byline's (a dateline such as "Vienna, Oct 14" leaves the year to the byline)."""
    dated = dateline.date if dateline else None
    if dated and not dated.startswith("XXXX"):
        return dated
    if byline and byline.date:
        return byline.date
    return dated
