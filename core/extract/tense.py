"""Which year a date written without one means: the tense of its sentence decides.

"February" in an article dated October 2025 is February 2025 when the sentence looks
back ("prices rose in February") but February 2026 when it looks forward ("a planned
increase is due in February", "will rise", "next", "until"). The nearest cue word on
either side of the date, within its sentence, says which way the sentence looks:

- forward: modal and scheduling words ("will", "due", "planned", "scheduled",
  "expected", "next", "until", "upcoming", ...);
- back: past-tense verbs (irregular ones listed, regular ones by their "-ed"), the
  perfect ("has", "have"), "since", "ago", "last", "earlier".

Verbs of saying ("said", "told", "announced") are skipped: they date the report, not the
event ("officials said the tax will rise in March"). A date is moved only when the cue
contradicts the article's own year: looking forward to a month already past this year
means next year's; looking back at a month still to come means last year's. With no cue,
or with no article date, the article's year stands.
"""

from __future__ import annotations

import re

from .tokens import TokenView

FORWARD = frozenset(
    [
        "will",
        "'ll",
        "shall",
        "would",
        "due",
        "next",
        "planned",
        "plans",
        "plan",
        "planning",
        "scheduled",
        "schedule",
        "expected",
        "expects",
        "expect",
        "upcoming",
        "coming",
        "forthcoming",
        "until",
        "till",
        "intends",
        "intend",
        "aims",
        "proposed",
        "soon",
        "tomorrow",
        "later",
        "starting",
    ]
)
BACKWARD = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "has",
        "have",
        "been",
        "rose",
        "fell",
        "grew",
        "saw",
        "began",
        "came",
        "went",
        "took",
        "made",
        "won",
        "lost",
        "paid",
        "sold",
        "spent",
        "left",
        "got",
        "gave",
        "brought",
        "bought",
        "built",
        "thought",
        "knew",
        "met",
        "led",
        "ran",
        "struck",
        "sank",
        "shrank",
        "stood",
        "held",
        "kept",
        "became",
        "wrote",
        "chose",
        "drove",
        "broke",
        "fought",
        "flew",
        "hit",
        "since",
        "ago",
        "last",
        "earlier",
        "previously",
        "ended",
    ]
)
SAYING = frozenset(
    [
        "said",
        "says",
        "told",
        "added",
        "announced",
        "reported",
        "stated",
        "confirmed",
        "noted",
        "explained",
        "wrote",
        "claimed",
        "insisted",
        "warned",
        "argued",
        "according",
        "believed",
        "estimated",
    ]
)
_NOT_PAST = frozenset(
    [
        "need",
        "needs",
        "speed",
        "seed",
        "feed",
        "bed",
        "red",
        "shed",
        "hundred",
        "indeed",
        "proceed",
        "exceed",
        "succeed",
        "based",
        "so-called",
        "called",
        "named",
        "used",
        "united",
    ]
)
_SENTENCE_BREAKS = frozenset({".", "!", "?", ";", "\n"})
_REACH = 12
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_PERIOD = re.compile(r"^(\d{4})-([QH])(\d)$")


def _cue(word: str) -> int:
    if word in FORWARD:
        return 1
    if word in SAYING or word in _NOT_PAST:
        return 0
    if word in BACKWARD or (len(word) > 4 and word.endswith("ed") and word.isalpha()):
        return -1
    return 0


def direction(tv: TokenView, start: int, end: int) -> int:
    """+1 when the sentence around tokens ``[start, end)`` looks forward, -1 back, else 0."""
    left, right = start - 1, end
    left_open = right_open = True
    for _ in range(_REACH):
        if left_open:
            word = tv.word(left)
            if left < 0 or word in _SENTENCE_BREAKS or "\n" in word:
                left_open = False
            else:
                cue = _cue(word)
                if cue:
                    return cue
                left -= 1
        if right_open:
            word = tv.word(right)
            if right >= len(tv) or word in _SENTENCE_BREAKS or "\n" in word:
                right_open = False
            else:
                cue = _cue(word)
                if cue:
                    return cue
                right += 1
        if not (left_open or right_open):
            break
    return 0


def _position(value: str, ref_month: int, ref_day: int | None) -> tuple[int, int] | None:
    """(date's place in the year, the reference's), in comparable units."""
    month = _MONTH.match(value)
    if month is not None:
        day = int(month[3]) if month[3] else None
        if day is None or ref_day is None:
            return int(month[2]), ref_month
        return int(month[2]) * 100 + day, ref_month * 100 + ref_day
    period = _PERIOD.match(value)
    if period is not None:
        size = 3 if period[2] == "Q" else 6
        return int(period[3]), (ref_month - 1) // size + 1
    return None


def resolve_year(value: str, way: int, ref_year: int, ref_month: int, ref_day: int | None) -> str:
    """``value`` (which took ``ref_year``) moved a year forward or back as ``way`` says."""
    if not way or not value.startswith(str(ref_year)):
        return value
    places = _position(value, ref_month, ref_day)
    if places is None:
        return value
    mine, reference = places
    if way > 0 and mine < reference:
        return f"{ref_year + 1:04d}{value[4:]}"
    if way < 0 and mine > reference:
        return f"{ref_year - 1:04d}{value[4:]}"
    return value
