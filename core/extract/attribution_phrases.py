"""The noun phrase that names who speaks: before a speech verb, after it, after "according to".

Attribution in news prose is a small grammar: ``SUBJECT said``, ``…, said SUBJECT``,
``according to SUBJECT``. Without a parser (the default pipeline has none) the subject is
read as a chunk of words that can make up such a phrase: determiners, capitalised names,
possessives ("Ukraine's"), the people, organisation and document words of
``core.claimants`` with their modifiers, and prepositions joining them ("analysts at
Goldman Sachs", "a report by Human Rights Watch"). A chunk that holds none of those
heads ("its sales forecast", "on reports that") names nobody, and the verb beside it is
not an attribution.

``read_phrase`` turns a chunk into a claimant: the name a chunk ends with, titles dropped
("Finance Minister Elena Vargas" → "Elena Vargas"); a description as written ("the
health ministry", "US officials"); a document's author ("an Al Jazeera report" → "Al
Jazeera"); or ``NOBODY`` for a document with no author ("official figures") and for the
article speaking of itself ("as this newspaper reported").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.claimants import without_article, words
from core.extract.quotes import _NOT_NAMES, TITLES

QUOTE = "\x00"
"""The token standing for a quotation's words, which never name the speaker."""

_TOKEN = re.compile(r"\d[\d,.]*\d|[^\W_](?:[\w'’&.-]*[^\W_])?(?:['’](?!\w))?|\S")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
DETERMINERS = frozenset("the a an this these those its his her their our".split())  # noqa: SIM905
JOINERS = frozenset("of for at from by with in".split())  # noqa: SIM905
_NAME_JOINERS = frozenset("al bin de del la van von der da dos of for the".split())  # noqa: SIM905
PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "it": "org",
    "they": "group",
    "them": "group",
}
SELF_PRONOUNS = frozenset({"we", "We", "I", "us"})
"""The article or its writer speaking ("we reported"): as written, so "US" is not "us"."""
BOUNDARY_WORDS = frozenset(
    """that and but while whereas although though as after when because since so before
    until if where or yet however meanwhile""".split()  # noqa: SIM905
)
_NOT_NAMES_FOLDED = frozenset(w.casefold() for w in _NOT_NAMES)
_TITLES_FOLDED = frozenset(t.casefold().rstrip(".") for t in TITLES) | frozenset(
    """former late justice inspector superintendent detective sergeant constable captain
    colonel lieutenant admiral professor prof sheikh rabbi reverend rev""".split()  # noqa: SIM905
)
MAX_UNKNOWN = 2
"""Most lowercase words the rules do not know that a phrase may hold ("a flash estimate")."""


class _Nobody:
    """A phrase that names no claimant: a document without an author, the article itself."""

    def __repr__(self) -> str:
        return "NOBODY"


NOBODY = _Nobody()


@dataclass(frozen=True, slots=True)
class Pronoun:
    """A pronoun where a name should be: "he said", "according to her"."""

    kind: str  # person | org | group
    start: int


Token = tuple[str, int, int]


def tokenize(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> list[Token]:
    """Words and punctuation of text[start:end]; each quotation becomes one ``QUOTE``."""
    out: list[Token] = []
    spans = sorted(q for q in quotes if q[0] < end and q[1] > start)
    pos = start
    for qs, qe in [*spans, (end, end)]:
        for m in _TOKEN.finditer(text, pos, max(pos, qs)):
            out.append((m.group(), m.start(), m.end()))
        if qs < end:
            out.append((QUOTE, qs, qe))
        pos = max(pos, qe)
    return out


def is_capitalised(word: str) -> bool:
    return _UPPER.match(word) is not None


def is_possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "s'", "s’"))


def folded(word: str) -> str:
    return word.casefold()


def _is_head(word: str) -> bool:
    w = folded(word).removesuffix("'s").removesuffix("’s").rstrip("'’")
    lists = words()
    return w in lists["people"] or w in lists["organisations"] or w in lists["documents"]


def _is_known(word: str) -> bool:
    return _is_head(word) or folded(word) in words()["modifiers"]


def _is_name_word(word: str) -> bool:
    return is_capitalised(word) and folded(word) not in _NOT_NAMES_FOLDED


def is_punctuation(token: Token) -> bool:
    return token[0] == QUOTE or not token[0][0].isalnum()


def chunk_before(tokens: list[Token], end: int) -> tuple[int, int] | None:
    """Token range [start, end) of the phrase that ends right before index ``end``."""
    i = end - 1
    start = end
    unknown = 0
    while i >= 0:
        word = tokens[i][0]
        low = folded(word)
        if low in DETERMINERS:
            start = i
            if i > 0 and folded(tokens[i - 1][0]) in JOINERS:
                i -= 1
                continue
            break
        if low in JOINERS:
            if start == end:
                break
            i -= 1
            continue
        if is_punctuation(tokens[i]):
            break
        if _is_name_word(word) or is_possessive(word) or _is_known(word):
            start = i
        elif word[0].islower() and unknown < MAX_UNKNOWN and not word[0].isdigit():
            unknown += 1
            start = i
        else:
            break
        i -= 1
    while start < end and folded(tokens[start][0]) in JOINERS:
        start += 1
    return (start, end) if start < end else None


def chunk_after(tokens: list[Token], begin: int) -> tuple[int, int] | None:
    """Token range of the phrase starting at index ``begin`` ("according to X", "said X")."""
    i = begin
    last_head = None
    unknown = 0
    while i < len(tokens):
        word = tokens[i][0]
        low = folded(word)
        if is_punctuation(tokens[i]):
            break
        if low in DETERMINERS:
            if i > begin and folded(tokens[i - 1][0]) not in JOINERS:
                break
        elif low in JOINERS:
            if last_head is None:
                break
        elif _is_name_word(word) or is_possessive(word) or _is_head(word):
            last_head = i
        elif folded(word) in words()["modifiers"]:
            pass
        elif word[0].islower() and unknown < MAX_UNKNOWN and not word[0].isdigit():
            unknown += 1
        else:
            break
        i += 1
    return (begin, last_head + 1) if last_head is not None else None


def strip_titles(name: str) -> str:
    """ "President Donald Trump" → "Donald Trump", "Mr Okafor" → "Okafor"."""
    parts = name.split()
    for i in range(len(parts) - 1, -1, -1):
        if folded(parts[i]).rstrip(".") in _TITLES_FOLDED:
            parts = parts[i + 1 :]
            break
    while parts and folded(parts[0]) in _NOT_NAMES_FOLDED:
        parts = parts[1:]
    return without_article(" ".join(parts)).strip(",.")


def name_runs(tokens: list[Token], start: int, end: int) -> list[tuple[int, int]]:
    """Runs of capitalised tokens in [start, end), joined by "of", "von", "bin"…"""
    runs: list[tuple[int, int]] = []
    i = start
    while i < end:
        if not is_capitalised(tokens[i][0]) or tokens[i][0] == QUOTE:
            i += 1
            continue
        j = i + 1
        while j < end:
            if is_capitalised(tokens[j][0]) and not is_punctuation(tokens[j]):
                j += 1
                continue
            k = j
            while k < end and folded(tokens[k][0]) in _NAME_JOINERS:
                k += 1
            if k == j or k >= end or not is_capitalised(tokens[k][0]):
                break
            j = k + 1
        runs.append((i, j))
        i = j
    return runs


def _text(text: str, tokens: list[Token], start: int, end: int) -> str:
    return text[tokens[start][1] : tokens[end - 1][2]]


def _description(text: str, tokens: list[Token], start: int, end: int) -> str:
    """A description as written, its first word lowercased where only a sentence start
    capitalised it ("Officials said" → "officials", "The company" → "the company")."""
    phrase = _text(text, tokens, start, end)
    first = tokens[start][0]
    sentence_case = len(first) == 1 or not first.isupper()  # "A", "The"; not "US"
    if (
        sentence_case
        and is_capitalised(first)
        and (folded(first) in DETERMINERS or _is_known(first))
    ):
        phrase = phrase[0].lower() + phrase[1:]
    return " ".join(phrase.split())


def read_phrase(
    text: str,
    tokens: list[Token],
    start: int,
    end: int,
    names: dict[int, tuple[int, str]] | None = None,
):
    """The claimant a phrase names (module docstring): a name, ``NOBODY`` or ``None``.

    ``names`` are a trained pipeline's PERSON and ORG entities by end offset, as
    (start, text): one that ends the phrase is its name, whatever its capitals.
    """
    first = folded(tokens[start][0])
    if end - start == 1 and first in PRONOUNS:
        return Pronoun(PRONOUNS[first], tokens[start][1])
    if tokens[start][0] in SELF_PRONOUNS:
        return NOBODY
    written = " ".join(_text(text, tokens, start, end).casefold().split())
    lists = words()
    if written in lists["self"] or any(written.endswith(" " + s) for s in lists["self"]):
        return NOBODY
    entity = names.get(tokens[end - 1][2]) if names else None
    if entity is not None and entity[0] >= tokens[start][1]:
        return strip_titles(entity[1]) or None
    runs = name_runs(tokens, start, end)
    in_run = {i for s, e in runs for i in range(s, e)}
    joiner = next(
        (
            i
            for i in range(start + 1, end - 1)
            if i not in in_run and folded(tokens[i][0]) in JOINERS
        ),
        None,
    )
    head = joiner - 1 if joiner is not None else end - 1
    if head not in in_run and folded(tokens[head][0]) in lists["documents"]:
        if joiner is not None and folded(tokens[joiner][0]) in ("by", "from", "of"):
            found = read_phrase(text, tokens, joiner + 1, end, names)
            return found if found is not None else NOBODY
        before = [r for r in runs if r[1] <= head]
        if before:  # "an Al Jazeera report"
            return _name(text, tokens, *before[-1]) or NOBODY
        owner = next((i for i in range(start, head) if is_possessive(tokens[i][0])), None)
        if owner is not None:  # "the ministry's figures"
            name = _name(text, tokens, owner, owner + 1)
            return name.removesuffix("'s").removesuffix("’s").rstrip("'’") if name else NOBODY
        return NOBODY
    if joiner is not None and _is_head(
        tokens[head][0]
    ):  # "analysts at Goldman Sachs", "a spokesman for the ministry"
        return _description(text, tokens, start, end)
    if runs and runs[-1][1] == end and not _sentence_case(tokens, *runs[-1]):
        return _name(text, tokens, *runs[-1])
    if _is_head(tokens[end - 1][0]):
        return _description(text, tokens, start, end)
    return None


def _sentence_case(tokens: list[Token], start: int, end: int) -> bool:
    """ "Officials said", "Police said": a known word capitalised only by the sentence."""
    opening = start == 0 or (start == 1 and folded(tokens[0][0]) in DETERMINERS)
    return opening and end - start == 1 and _is_known(tokens[start][0])


def _name(text: str, tokens: list[Token], start: int, end: int) -> str | None:
    name = strip_titles(_text(text, tokens, start, end))
    return name or None
