"""Direct quotations and who said them.

A quotation is a claim of its own: the reviewer checks that the words were said, and by
whom. Only top-level quotations count; quotes nested inside them (the seed's
"hold Mexico 'accountable' for ...") are part of the outer quotation. Quotation marks
around one to three words are scare quotes or labels ("foreign terrorist organisations",
"El Mencho"), not speech, and are ignored.

Pairing works line by line (paragraph by paragraph in hard-wrapped text; a quotation
never spans paragraphs here): curly quotes pair by shape; straight quotes and single
quotes only open after a space or bracket and close before a space or punctuation, so
apostrophes ("Trump's") and inch marks (a 55" screen) never pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_QUOTE_WORDS = 4
"""Fewer words than this between quotation marks is a label or scare quote, not speech."""

_OPEN_CLOSE = {"“": "”", "„": "“", "«": "»", "‘": "’"}
_QUOTE_CHAR = re.compile("[\"'“„«‘]")
_SPEECH_VERBS = (
    r"said|says|say|told|tells|added|adds|stated|states|argued|argues|claimed|claims|"
    r"warned|warns|insisted|insists|wrote|writes|declared|declares|announced|announces|"
    r"noted|notes|asserted|asserts|called|calls|described|describes|justified|justifies|"
    r"tweeted|posted|vowed|vows|promised|promises|urged|urges|replied|explained|explains|"
    r"according to|quoted|recalled|conceded|admitted|acknowledged|suggested|predicted|"
    r"reported|reports|confirmed|confirms|estimated|estimates"
)
_SPEECH = re.compile(rf"\b(?:{_SPEECH_VERBS})\b")
_PRONOUN_SPEAKER = re.compile(
    rf"\b(?:he|she|they|we|I|it)\s+(?:has\s+|had\s+|have\s+)?(?:{_SPEECH_VERBS})\b"
    rf"|\b(?:said|says|added|adds|told)\s+(?:he|she|they|we|I)\b",
    re.IGNORECASE,
)
_ATTRIBUTION_GAP = 40
"""Most characters between a speech verb and the name it points at ("said on Tuesday X")."""
# A name is capitalised words, possibly joined by particles and connectives that are
# followed by another capitalised word: "Office for National Statistics", "Bank of
# England", "Rafael Caro Quintero", "Ahmed bin Salman".
_CAPITALISED = r"[A-Z][\w'’.-]*"
_JOINER = r"(?:al|bin|de|del|la|van|von|der|da|dos|of|for|the)"
_NAME_RUN = re.compile(rf"{_CAPITALISED}(?:(?:\s+{_JOINER})*\s+{_CAPITALISED})*")
TITLES = frozenset(
    """President Vice Prime Minister Secretary Senator Governor Mayor Chancellor King Queen
    Prince Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Judge General Gen. Attorney Ambassador Chief
    Director Spokesman Spokeswoman Spokesperson Representative Rep. Sen. Gov. Pope
    Commissioner Chairman Chairwoman Chair Officer Leader Speaker""".split()  # noqa: SIM905
)
_NOT_NAMES = frozenset(
    """The A An In On At But And Or So If When While After Before Since Although Though
    However Meanwhile Currently Notably This That These Those It Its He She They We I You
    His Her Their Our My There Here What Who Which Why How Earlier Later Last Next One
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday About More Most Some Many
    Several All Only Nearly Almost Around Over Under Up Just Both Each Every Few Half Much
    Such Another Other Any No Not Also Still Yet Even Then Now Today Yesterday Tomorrow
    According Despite During Among Between With Without For From By As Of To Because
    Until Unless Whether Unlike Like Amid Following Including Instead Overall Moreover
    Furthermore Nevertheless Asked Speaking Two Three Four Five Six Seven Eight Nine Ten
    Hundreds Thousands Millions Dozens""".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``start``/``end`` span the quoted words, without the marks."""

    start: int
    end: int
    text: str


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding space and the trailing comma/colon an attribution leaves inside."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _opens_quote(line: str, i: int) -> bool:
    """A straight or single quote opens only where a word starts (never in 55-inch or Trump's)."""
    return (i == 0 or line[i - 1].isspace() or line[i - 1] in '([{—–-"“:') and (
        i + 1 < len(line) and not line[i + 1].isspace()
    )


def _closes_quote(line: str, i: int) -> bool:
    """... and closes only at a word end, before a space or punctuation."""
    return (i > 0 and not line[i - 1].isspace()) and (
        i + 1 == len(line) or line[i + 1].isspace() or line[i + 1] in '.,;:!?)]}—–-"”'
    )


def _quotes_in_line(line: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = 0
    while (match := _QUOTE_CHAR.search(line, i)) is not None:
        i = match.start()
        ch = line[i]
        close: str | None = None
        if ch in _OPEN_CLOSE and (ch != "‘" or _opens_quote(line, i)):
            close = _OPEN_CLOSE[ch]
        elif ch == '"' and _opens_quote(line, i):
            close = '"'
        elif ch == "'" and _opens_quote(line, i):
            close = "'"
        if close is None:
            i += 1
            continue
        j = line.find(close, i + 1)
        while j >= 0 and close in "'’\"" and not _closes_quote(line, j):
            j = line.find(close, j + 1)
        if j < 0:  # unbalanced: not a quotation we can delimit
            i += 1
            continue
        spans.append((offset + i + 1, offset + j))
        i = j + 1
    return spans


_LINE = re.compile(r"[^\n]+")
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")


def find_quotes(
    text: str, start: int = 0, end: int | None = None, *, wrapped: bool = False
) -> list[Quote]:
    """Top-level quotations of at least ``MIN_QUOTE_WORDS`` words in ``text[start:end]``.

    A quotation is looked for within a line, or within a paragraph when the text is
    hard-wrapped (``wrapped``), where a quotation may run over a line break.
    """
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    pattern = _PARAGRAPH if wrapped else _LINE
    for block in pattern.finditer(text, start, end):
        for qs, qe in _quotes_in_line(block.group(), block.start()):
            qs, qe = _trim(text, qs, qe)
            inner = text[qs:qe]
            if len(inner.split()) >= MIN_QUOTE_WORDS:
                quotes.append(Quote(qs, qe, inner))
    return quotes


def _strip_titles(name: str) -> str:
    words = name.split()
    for i in range(len(words) - 1, -1, -1):
        if words[i] in TITLES:
            words = words[i + 1 :]
            break
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    while words and words[-1][0].islower():
        words = words[:-1]
    return " ".join(words).rstrip(".,'’")


def _candidates(sentence: str, offset: int, quotes: list[Quote]) -> list[tuple[int, int, str]]:
    """Capitalised name runs in the sentence outside quotations: (start, end, name)."""
    found = []
    for match in _NAME_RUN.finditer(sentence):
        s, e = offset + match.start(), offset + match.end()
        if any(q.start - 1 <= s < q.end + 1 for q in quotes):
            continue
        name = _strip_titles(match.group())
        possessive = match.group().endswith(("'s", "’s"))
        if name and not possessive and name.split()[0] not in _NOT_NAMES:
            found.append((s, e, name))
    return found


def _names(
    text: str,
    start: int,
    end: int,
    skip: list[Quote],
    entities: list[tuple[int, int, str]] | None,
) -> list[tuple[int, int, str]]:
    """Candidate speakers in text[start:end]: entities if given (and any fall there),
    else runs of capitalised words; never inside a quotation in ``skip``."""
    sentence = text[start:end]
    if entities is not None:
        found = [
            (s, e, _strip_titles(name))
            for s, e, name in entities
            if start <= s and e <= end and not any(q.start <= s < q.end for q in skip)
        ]
        # A trained NER can miss a name; the capitalised-run rule then still applies.
        found = [c for c in found if c[2]]
        if found:
            return found
    return _candidates(sentence, start, skip)


def _attributed(
    text: str, start: int, end: int, candidates: list[tuple[int, int, str]], skip: list[Quote]
) -> str | None:
    """The name a speech verb points at: "according to X" (X follows), "X said" or
    "said X" (X right beside the verb). None when no verb names anyone."""
    best: tuple[int, str] | None = None
    for match in _SPEECH.finditer(text, start, end):
        if any(q.start <= match.start() < q.end for q in skip):
            continue
        for s, e, name in candidates:
            if match.group().startswith("according"):
                gap = s - match.end() if s >= match.end() else None
            elif s >= match.end():
                gap = s - match.end()
            elif e <= match.start():
                gap = match.start() - e
            else:
                gap = None
            if gap is not None and gap <= _ATTRIBUTION_GAP and (best is None or gap < best[0]):
                best = (gap, name)
    return best[1] if best else None


def find_speaker(
    text: str,
    sent_start: int,
    sent_end: int,
    quote: Quote,
    entities: list[tuple[int, int, str]] | None = None,
) -> str | None:
    """Who the sentence says spoke ``quote``, or None ("he said" names nobody).

    ``entities`` are (start, end, name) PERSON/ORG spans from a trained pipeline; without
    them (or when none falls in the sentence), runs of capitalised words are the
    candidates. The name a speech verb points at wins ("Sheinbaum said", "according to
    Al Jazeera", "Trump has justified"); failing that, the sentence's first name before
    the quotation (its likely subject).
    """
    sentence = text[sent_start:sent_end]
    outside = sentence[: quote.start - sent_start] + " " + sentence[quote.end - sent_start :]
    if _PRONOUN_SPEAKER.search(outside):
        return None
    candidates = _names(text, sent_start, sent_end, [quote], entities)
    if not candidates:
        return None
    named = _attributed(text, sent_start, sent_end, candidates, [quote])
    if named:
        return named
    before = [c for c in candidates if c[1] <= quote.start]
    return before[0][2] if before else None
