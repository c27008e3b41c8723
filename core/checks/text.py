"""What the search reads of a text: social-media noise removed, words, figures, names.

A post says ``@PolitiFact is this true?? 😡 #COVID19 vaccines have killed more people than
covid https://t.co/x``; the check says "COVID-19 vaccines have killed more people than the
virus". Handles, links and emoji carry nothing a fact-check shares, a hashtag is words
(``#StopTheSteal`` → "stop the steal"), and figures are compared as numbers with units,
never as strings ("29", "twenty-nine", "29.0").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import Stemmer

from core.number_words import TENS, UNITS

_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\b\S+\.(?:com|ly|co)/\S*", re.I)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_RT = re.compile(r"^\s*(?:RT|MT)\b:?", re.I)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(%|per ?cent|percent)?", re.I
)
_SCALE = re.compile(r"\s*(thousand|million|billion|trillion|[kmb]n?)\b", re.I)
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "b": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_NUMBER_WORDS = {**UNITS, **TENS, "hundred": 100, "dozen": 12}
"""The values of the number words ``_NUMBER_WORD`` finds (extraction's own tables)."""
_TENS = "|".join(TENS)
_UNITS = "|".join(word for word, value in UNITS.items() if 1 <= value <= 9)
_NUMBER_WORD = re.compile(
    rf"\b({_TENS}|{_UNITS}|ten|eleven|twelve|fifteen|hundred|dozen)(?:[- ]({_UNITS}))?\b"
    r"(\s*(?:%|per ?cent|percent))?"
)
_NAME = re.compile(
    r"\b((?:[A-Z][a-z][a-zA-Z'’\-]*|[A-Z]{2,5}\b)"
    r"(?:\s+(?:of\s+|de\s+|van\s+)?(?:[A-Z][a-z][a-zA-Z'’\-]*|[A-Z]{2,5}\b))*)"
)
_STOP = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can could did do does doing don't down during
    each few for from further had has have having he her here hers herself him himself
    his how i if in into is isn't it it's its itself just let's me more most my myself
    no nor not of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was wasn't we were what when where
    which while who whom why will with won't would you your yours yourself yourselves rt
    via amp lol omg wow pls please just really says said claim claims video photo shows
    show shared image post posts viral
    """.split()  # noqa: SIM905 (a word list reads best as text)
)
# Sentence starts and titles that are capitalised without being names.
_NOT_NAMES = frozenset(
    """
    The A An This That These Those It In On At For And But Or If When Why How What Who
    Is Are Was Were Did Does Do Not No Yes Breaking News Video Photo Says Said New Just
    Fact Check False True Claim Viral Image Picture Watch Look Mr Mrs Ms Dr
    """.split()  # noqa: SIM905 (a word list reads best as text)
)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def clean_query(text: str) -> str:
    """A post as the words it says: links, handles, emoji gone; hashtags split into words."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = _RT.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    if not text.isascii():  # emoji, symbols and invisible characters: a space each
        text = "".join(
            ch if not unicodedata.category(ch).startswith(("S", "C")) or ch in "$£€%" else " "
            for ch in text
        )
    return _SPACE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Lower-case, stemmed content words (stopwords dropped): the lexical index's terms."""
    raw = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    kept = [w for w in raw if w not in _STOP and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(kept)


@dataclass(frozen=True)
class Figure:
    """A number as said: its value and whether it is a percentage."""

    value: float
    percent: bool

    def __str__(self) -> str:
        number = int(self.value) if float(self.value).is_integer() else self.value
        return f"{number}{' %' if self.percent else ''}"


def figures(text: str) -> list[Figure]:
    """The figures a text states (years excluded: "in 2020" is a date, not a figure)."""
    out: list[Figure] = []
    for m in _NUMBER.finditer(text):
        whole = m.group(1).replace(",", "")
        value = Decimal(whole + ("." + m.group(2) if m.group(2) else ""))
        percent = bool(m.group(3))
        scale = _SCALE.match(text, m.end())
        if scale and not percent:
            value *= Decimal(_SCALES[scale.group(1).lower()])
        elif not percent and not m.group(2) and 1900 <= value <= 2100 and len(whole) == 4:
            continue  # a year
        figure = Figure(float(value), percent)
        if figure not in out:
            out.append(figure)
    for m in _NUMBER_WORD.finditer(text.lower()):
        if m.group(1) == "one" and not m.group(3):
            continue  # "one of the", "no one": rarely a figure
        words = _NUMBER_WORDS[m.group(1)] + (_NUMBER_WORDS[m.group(2)] if m.group(2) else 0)
        figure = Figure(float(words), bool(m.group(3)))
        if figure not in out:
            out.append(figure)
    return out


def names(text: str) -> set[str]:
    """Capitalised names (people, places, bodies), lower-cased, for "entities in common"."""
    found: set[str] = set()
    for m in _NAME.finditer(text):
        parts = [p for p in m.group(1).split() if p not in _NOT_NAMES]
        if parts:
            found.add(" ".join(parts).lower())
            found.update(p.lower() for p in parts if len(p) > 2)
    return found
