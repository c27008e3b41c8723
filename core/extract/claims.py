"""From figures and sentences to claims: which figure a claim is about, and its statement.

The rules, in the order they apply within each sentence:

1. Incidental figures are dropped: "one" / "a" as a count ("One of those extradited")
   says nothing a reviewer could check. So are relative ordinals ("the next one", "the
   last but one"): they name a position in a sequence, not a checkable quantity.
2. Key figures are every figure that is not a date or time. When a sentence holds two or
   more, it is cut into clauses at the connective between each pair ("; ", ", while",
   ", whereas", ", and", ", but"), so "a 25 per cent tariff ..., while steel ... 50 per
   cent" gives two claims, each with its own clause as statement. Without a connective
   both claims share the sentence. A clause crowded with more than ``CROWDED`` key
   figures (a flattened table, a list of scores) gives each claim a window around its
   own figure instead, so the work stays linear in the length of the run.
3. A date qualifies a key figure when it follows it with no comma between ("26 members
   in May", "2.3% in April from 3.2% in March"), or when it opens the clause before any
   key figure ("In February, Mexico handed over 29 ..."); it then travels as
   ``figures[1:]`` of that claim. A date set off by a comma after a key figure ("29 ...,
   accused in the 1985 killing") is a claim of its own, as is a date in a sentence with
   no other figure ("arrested in February 2015"). A bare weekday or time of day ("said
   on Tuesday", "at 9am") is never a claim: it goes with the nearest key figure or away.
   An ordinal naming a period ("in the second quarter") counts as a date here.
4. The dateline ("Mexico City [Mexico], August 13 :") is the article's, not a claim:
   figures inside it are ignored and statements start after it.
5. A figure inside a direct quotation belongs to the quotation's claim (type "quote"),
   not to a second claim about the same words.

Every claim gets a stable id: a hash of the article id, the key figure's text, the
statement (case and spacing folded) and how many identical claims came before it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.extract import checkworthiness
from core.extract.attribution import assign_claimants
from core.extract.quotes import Quote, find_quotes, find_speaker
from core.extract.relative_ordinals import RELATIVE
from core.layout import is_hard_wrapped
from core.model import Claim, ClaimType, Figure, FigureKind, Origin, Status, short_hash

Span = tuple[int, int]

_INCIDENTAL_WORDS = frozenset({"one", "a", "an", "single", "once"})
_CONNECTIVE = re.compile(r"\s*(?:;|,\s*(?:while|whereas|and|but|although)\b|\s+while\b)\s*")
_BREAK = re.compile(r"[,;:()—–]")
_PERIOD_AFTER = re.compile(
    r"[ -](?:quarter|half|week|month|year|day|round|term|session|season|period)s?\b",
    re.IGNORECASE,
)
_DATE_KINDS = frozenset({FigureKind.DATE.value, FigureKind.TIME.value})
_WHO = frozenset({"PERSON", "ORG"})  # entity labels that can name a quotation's speaker


class Cancelled(Exception):
    """Extraction was stopped by its ``cancel`` callback; no partial result is returned."""


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    figures: list[Figure] = field(default_factory=list)
    type: str = ClaimType.FIGURE.value
    speaker: str | None = None


def normalise_statement(statement: str) -> str:
    """Case and whitespace folded, so reflowed or re-cased text keeps its claim ids."""
    return " ".join(statement.casefold().split())


def claim_id(
    article_id: str, key: str, statement: str, occurrence: int, *, normalised: str | None = None
) -> str:
    """The stable id: same article, key figure, statement and occurrence → same id.
    ``normalised`` is ``normalise_statement(statement)`` where the caller has it."""
    if normalised is None:
        normalised = normalise_statement(statement)
    return short_hash(article_id, key, normalised, str(occurrence))


def is_incidental(figure: Figure) -> bool:
    """A count spelled "one"/"a": "One of those extradited" is not a figure to check."""
    return (
        figure.kind == FigureKind.COUNT
        and figure.text.strip().casefold() in _INCIDENTAL_WORDS
        and not figure.unit
    )


def is_relative_ordinal(figure: Figure) -> bool:
    """ "next", "the last but one" (value "current+1", "end-1"): a relative ordinal names
    a position in a sequence, not a checkable quantity, so it never makes a claim."""
    return figure.kind == FigureKind.ORDINAL and figure.qualifier == RELATIVE


def is_incidental_date(figure: Figure) -> bool:
    """A bare weekday or time of day ("on Tuesday", "at 9am"): context, never a claim."""
    if figure.kind == FigureKind.TIME:
        return True
    value = str(figure.value or "")
    return figure.kind == FigureKind.DATE and "W" in value and not value[:4].isdigit()


def _distance(a: Figure, b: Figure) -> int:
    return b.start - a.end if a.end <= b.start else a.start - b.end


def _trim(text: str, start: int, end: int) -> Span:
    """Drop the spaces, clause punctuation and list bullets around a statement."""
    while start < end and (
        text[start].isspace()
        or text[start] in ",;:—–•·"
        or (text[start] in "-*" and text[start + 1 : start + 2] == " ")
    ):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
        end -= 1
    return start, end


def _clauses(text: str, start: int, end: int, keys: list[Figure]) -> list[Span]:
    """Split [start, end) at the last connective between each pair of key figures."""
    bounds: list[Span] = []
    clause_start = start
    for left, right in itertools.pairwise(keys):
        between = text[left.end : right.start]
        cut = None
        for match in _CONNECTIVE.finditer(between):
            cut = match
        if cut is None:
            continue
        bounds.append((clause_start, left.end + cut.start()))
        clause_start = left.end + cut.end()
    bounds.append((clause_start, end))
    return [_trim(text, s, e) for s, e in bounds]


CROWDED = 8
"""More key figures than this in one clause (a table flattened into prose, a list of
scores) and each claim gets a window around its own figure as statement: repeating the
whole run for every figure would make output and work grow with the square of its length."""
WINDOW = 160
"""Longest stretch of a crowded clause on either side of a figure, in characters."""


def _window(text: str, start: int, end: int, figure: Figure) -> Span:
    """The part of [start, end) around ``figure``: cut at the nearest clause punctuation,
    and never more than ``WINDOW`` characters either side (cut at a space)."""
    left = max(start, figure.start - WINDOW)
    right = min(end, figure.end + WINDOW)
    breaks_before = [m.end() for m in _BREAK.finditer(text, left, figure.start)]
    if breaks_before:
        left = breaks_before[-1]
    elif left > start:
        space = text.find(" ", left, figure.start)
        left = space + 1 if space != -1 else left
    after = _BREAK.search(text, figure.end, right)
    if after:
        right = after.start()
    elif right < end:
        space = text.rfind(" ", figure.end, right)
        right = space if space != -1 else right
    return _trim(text, left, right)


def is_period_ordinal(figure: Figure, text: str) -> bool:
    """ "the second quarter", "the first half": an ordinal naming a period is a date."""
    if figure.kind != FigureKind.ORDINAL:
        return False
    return _PERIOD_AFTER.match(text, figure.end) is not None


def _sentence_drafts(text: str, start: int, end: int, figures: list[Figure]) -> list[_Draft]:
    """Claims for one sentence (rules 2 and 3 of the module docstring)."""
    is_date = [f.kind in _DATE_KINDS or is_period_ordinal(f, text) for f in figures]
    dates = [f for f, d in zip(figures, is_date, strict=True) if d]
    keys = [f for f, d in zip(figures, is_date, strict=True) if not d]
    if not keys:
        s, e = _trim(text, start, end)
        return [_Draft(s, e, [date]) for date in dates if not is_incidental_date(date)]
    drafts: list[_Draft] = []
    # Figures come in text order, so each clause's keys and dates are a slice found by
    # bisection: a sentence of thousands of figures (a flattened table) stays linear.
    key_starts = [k.start for k in keys]
    key_ends = [k.end for k in keys]
    date_starts = [d.start for d in dates]
    for clause_start, clause_end in _clauses(text, start, end, keys):
        first = bisect.bisect_left(key_starts, clause_start)
        last = bisect.bisect_left(key_starts, clause_end)
        in_clause = keys[first:last]
        clause_dates = dates[
            bisect.bisect_left(date_starts, clause_start) : bisect.bisect_left(
                date_starts, clause_end
            )
        ]
        if len(in_clause) > CROWDED:
            own = {
                id(k): _Draft(*_window(text, clause_start, clause_end, k), [k]) for k in in_clause
            }
        else:
            own = {id(k): _Draft(clause_start, clause_end, [k]) for k in in_clause}
        loose: list[Figure] = []
        for date in clause_dates:
            # keys wholly before the date, and the first key starting at or after its end
            n_before = bisect.bisect_right(key_ends, date.start, first, last) - first
            n_after_start = bisect.bisect_left(key_starts, date.end, first, last)
            before = in_clause[n_before - 1] if n_before else None
            after = keys[n_after_start] if n_after_start < last else None
            if before is not None and not _BREAK.search(text, before.end, date.start):
                own[id(before)].figures.append(date)  # "26 members in May"
            elif after is not None and before is None:
                own[id(after)].figures.append(date)  # "In February, ... 29"
            elif is_incidental_date(date) and in_clause:
                nearest = _nearest(in_clause, key_starts, first, date)
                own[id(nearest)].figures.append(date)  # "..., officials said on Tuesday"
            else:
                loose.append(date)
        drafts.extend(own.values())
        drafts.extend(_Draft(clause_start, clause_end, [date]) for date in loose)
    if not drafts:  # every key fell outside a trimmed clause (only punctuation around it)
        s, e = _trim(text, start, end)
        drafts = [_Draft(s, e, [k]) for k in keys]
    return drafts


def _nearest(in_clause: list[Figure], key_starts: list[int], first: int, date: Figure) -> Figure:
    """The key of the clause closest to ``date`` (ties: the earlier one), by bisection."""
    i = bisect.bisect_left(key_starts, date.start, first, first + len(in_clause)) - first
    nearby = in_clause[max(0, i - 2) : i + 2]
    return min(nearby, key=lambda k: _distance(k, date))


def _enclosing(starts: list[int], quotes: list[Quote], figure: Figure) -> int | None:
    """Index of the quotation (sorted, non-overlapping) that holds ``figure``, if any."""
    i = bisect.bisect_right(starts, figure.start) - 1
    if i >= 0 and quotes[i].start <= figure.start and figure.end <= quotes[i].end:
        return i
    return None


def build_claims(
    article_id: str,
    text: str,
    sentences: Sequence[Span],
    figures: Sequence[Figure],
    *,
    exclude: Sequence[Span] = (),
    entities: list[tuple[int, int, str, str]] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> list[Claim]:
    """Claims in text order from sentence spans and figures (offsets into ``text``).

    ``entities`` are a trained pipeline's (start, end, text, label) spans; each claim's
    ``claimant`` is set by ``attribution.assign_claimants``.
    """
    speakers = (
        None if entities is None else [(s, e, n) for s, e, n, label in entities if label in _WHO]
    )
    figures = sorted(
        (
            f
            for f in figures
            if not is_incidental(f)
            and not is_relative_ordinal(f)
            and not any(s <= f.start < e for s, e in exclude)
        ),
        key=lambda f: (f.start, f.end),
    )
    # Quotations are found per line (per paragraph in hard-wrapped text), not per
    # sentence: a quotation may hold several ("We will fight. We will win," she said.).
    wrapped = is_hard_wrapped(text)
    quotes = [
        q
        for q in find_quotes(text, wrapped=wrapped)
        if not any(s <= q.start < e for s, e in exclude)
    ]
    quote_starts = [q.start for q in quotes]
    quoted: dict[int, list[Figure]] = {}
    for figure in figures:
        found = _enclosing(quote_starts, quotes, figure)
        if found is not None:
            quoted.setdefault(found, []).append(figure)
    drafts: list[_Draft] = []
    index = 0
    for sent_start, sent_end in sentences:
        if cancel is not None and cancel():
            raise Cancelled("extraction was cancelled")
        for s, e in exclude:  # a statement never includes the dateline
            if sent_start < e <= sent_end and s <= sent_start + 1:
                sent_start = e
        while index < len(figures) and figures[index].start < sent_start:
            index += 1
        in_sentence = []
        while index < len(figures) and figures[index].end <= sent_end:
            in_sentence.append(figures[index])
            index += 1
        drafts.extend(
            draft
            for draft in _sentence_drafts(text, sent_start, sent_end, in_sentence)
            if _enclosing(quote_starts, quotes, draft.figures[0]) is None
        )
    starts = [s for s, _e in sentences]
    for number, quote in enumerate(quotes):
        first = max(0, bisect.bisect_right(starts, quote.start) - 1)
        last = max(first, bisect.bisect_right(starts, max(quote.start, quote.end - 1)) - 1)
        span_start = min(sentences[first][0], quote.start) if sentences else 0
        span_end = max(sentences[last][1], quote.end) if sentences else len(text)
        drafts.append(
            _Draft(
                quote.start,
                quote.end,
                # A date inside a quotation qualifies; any other figure is its key.
                sorted(quoted.get(number, []), key=lambda f: f.kind in _DATE_KINDS),
                type=ClaimType.QUOTE.value,
                speaker=find_speaker(text, span_start, span_end, quote, speakers),
            )
        )
    for draft in drafts:
        if draft.figures:  # trimming punctuation must never cut a figure out
            draft.start = min(draft.start, *(f.start for f in draft.figures))
            draft.end = max(draft.end, *(f.end for f in draft.figures))
    drafts.sort(key=lambda d: (d.start, d.figures[0].start if d.figures else d.start))
    claims = _finish(article_id, text, drafts)
    spans = [(q.start, q.end) for q in quotes]
    assign_claimants(text, claims, sentences, spans, entities=entities, wrapped=wrapped)
    return claims


def _finish(article_id: str, text: str, drafts: list[_Draft]) -> list[Claim]:
    """Ids, statements and scores for the drafts."""
    seen: Counter[tuple[str, str]] = Counter()
    # The claims of one clause share their statement: it is folded and searched once.
    known: dict[str, tuple[str, tuple[bool, bool]]] = {}
    claims = []
    for draft in drafts:
        statement = text[draft.start : draft.end]
        facts = known.get(statement)
        if facts is None:
            facts = normalise_statement(statement), checkworthiness.statement_cues(statement)
            known[statement] = facts
        normalised, cues = facts
        key = draft.figures[0] if draft.figures else None
        is_quote = draft.type == ClaimType.QUOTE.value
        key_text = ("quote:" if is_quote else "") + (key.text if key else "")
        identity = (key_text, normalised)
        occurrence = seen[identity]
        seen[identity] += 1
        following = text[key.end : min(draft.end, key.end + 60)] if key else ""
        claims.append(
            Claim(
                id=claim_id(article_id, key_text, statement, occurrence, normalised=normalised),
                article_id=article_id,
                statement=statement,
                start=draft.start,
                end=draft.end,
                figures=list(draft.figures),
                checkworthiness=checkworthiness.score(
                    statement,
                    key,
                    following=following,
                    figure_count=len(draft.figures),
                    is_quote=is_quote,
                    speaker=draft.speaker,
                    cues=cues,
                ),
                status=Status.UNREVIEWED.value,
                origin=Origin.EXTRACTED.value,
                type=draft.type,
                speaker=draft.speaker,
            )
        )
    return claims
