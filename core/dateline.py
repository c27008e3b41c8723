"""Find the dateline that opens a news story: "LONDON, March 3 (AP) — ...".

Agency copy starts its first paragraph with where (and often when) the story was filed.
That place and date describe the article, not a claim in it: the extractor must not offer
"August 13" as a figure to check, and the date is the reference for resolving partial
dates later in the text ("in February" means the February before it).

Only the opening of the text (its first two lines, to allow for a headline) is examined,
and a match needs a date, an agency in brackets or an all-capitals place, so an ordinary
sentence that happens to start with a capitalised word and a dash is not mistaken for one.
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
    """The dateline at the start of the first or second line of ``text``, if any."""
    offset = 0
    for _ in range(2):
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
