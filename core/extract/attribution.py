"""Who made each claim: the ``claimant`` of figures and quotations.

A figure's claimant is whoever the text says stated it: "according to X", "X said (that)
…", "…, X said", "said X", "X told reporters", "X reported / estimates / warned", "X put
the figure at …". The cue is looked for in the claim's own clause first (so "Sheinbaum
said 26 …, while Trump claimed 40" gives each figure its own speaker), then in its
sentence, the one nearest the figure winning. With no cue the article asserts the figure
itself and the claimant is ``None``; so it is for hearsay with no one behind it ("is said
to", "reported to be", "so-called", "according to official figures") and for the article
citing itself ("as this newspaper reported").

A quotation's claimant is its speaker: a cue around the quotation (a wider set of verbs:
"justified", "described", "replied" …), else the speaker ``quotes.find_speaker`` named,
else the speaker of the quotation before it in the same paragraph ("“We will win,” she
said. “We have sent 10,000 soldiers.”").

A pronoun ("he said", "according to her", "it added") is resolved by ``coreference``
to a person or organisation named earlier in the paragraph. A surname is given in full
when the article names exactly one person with it ("Austin" → "Lloyd Austin"). Names
keep their form in the text less titles ("President Donald Trump" → "Donald Trump",
"Trump" stays "Trump"); descriptions are kept as written ("the health ministry").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.claimants import words
from core.extract.attribution_phrases import (
    BOUNDARY_WORDS,
    PRONOUNS,
    QUOTE,
    Pronoun,
    Token,
    chunk_after,
    chunk_before,
    folded,
    is_punctuation,
    read_phrase,
    tokenize,
)
from core.extract.coreference import Resolver
from core.model import Claim, ClaimType

Span = tuple[int, int]
Entity = tuple[int, int, str, str]
Names = dict[int, tuple[int, str]] | None
"""Entity names by where they end: (start, text)."""
_WHO = frozenset({"PERSON", "ORG"})

_VERBS = frozenset(
    """said says say told tells added adds stated argued argues claimed claims claim warned
    warns warn insisted insists wrote writes declared declares announced announces noted
    notes asserted asserts tweeted posted vowed promised explained explains recalled
    conceded admitted acknowledged suggested suggests suggest predicted predicts predict
    reported reports report confirmed confirms estimated estimates estimate forecast
    forecasts projected projects calculated calculates reckons reckon believes believe
    believed expects expect expected found finds showed shows show revealed reveals
    disclosed alleged alleges maintained stressed testified replied responded cited
    saying""".split()  # noqa: SIM905
)
_QUOTE_VERBS = _VERBS | frozenset(
    """justified justifies described describes called calls asked asks wondered shouted
    joked continued echoed quipped pleaded boasted complained lamented urged urges texted
    remarked observed countered retorted cautioned""".split()  # noqa: SIM905
)
_DOCUMENT_VERBS = frozenset("found finds showed shows show revealed reveals".split())  # noqa: SIM905
"""Verbs a document or an organisation does, not people: "Police found 40 bodies" is the
article's account, "a study found that 40 …" is the study's authors' claim."""
_NOUN_TOO = frozenset(
    """reports report claims claim estimates estimate forecast forecasts notes shows show
    finds projects calls""".split()  # noqa: SIM905
)
_NOUN_BEFORE = frozenset(
    """the a an on of in its his her their our this these those such media recent new
    latest official unconfirmed initial early earlier and""".split()  # noqa: SIM905
)
_AUX = frozenset(
    """has have had also later previously then again recently earlier separately would will
    could may might is was were are been be once already repeatedly publicly privately
    initially first further did does do now still itself themselves himself herself
    reportedly subsequently""".split()  # noqa: SIM905
)
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today".split()  # noqa: SIM905
)
_PUT = frozenset({"put", "puts", "putting", "placed", "places"})
_PUT_OBJECT = frozenset("figure number toll total cost count tally death bill".split())  # noqa: SIM905
_RELATIVE = frozenset({"who", "which", "whom", "whose"})
_NOT_ADDRESSEE = frozenset({"told", "tells", "asked", "asks"})


_LOWER_WORD = re.compile(r"[a-z]+")
_MAY_HAVE_CUE = {
    verbs: verbs | _PUT | {"according", "ccording"} for verbs in (_VERBS, _QUOTE_VERBS)
}
"""The words that can make a cue, looked up among a span's lowercase words before anything
else: most sentences hold none, and tokenising them for nothing was most of the cost.
("ccording" is what the lowercase words of "According" include.)"""


def _lowest(tokens: list[Token], i: int) -> str:
    return folded(tokens[i][0]) if 0 <= i < len(tokens) else ""


def _is_cue(tokens: list[Token], i: int, verbs: frozenset[str]) -> bool:
    low = folded(tokens[i][0])
    if low in _PUT:
        return _lowest(tokens, i + 1) == "the" and _lowest(tokens, i + 2) in _PUT_OBJECT
    if low not in verbs or (tokens[i][0][0].isupper() and i == 0):
        return False
    if _lowest(tokens, i + 1) == "to" and low != "told":  # "is said to be", "reported to"
        return False
    return not (low in _NOUN_TOO and _lowest(tokens, i - 1) in _NOUN_BEFORE)


def _boundary(tokens: list[Token], i: int) -> bool:
    """Whether a subject phrase may start right after index ``i``."""
    return i < 0 or is_punctuation(tokens[i]) or folded(tokens[i][0]) in BOUNDARY_WORDS


def _subject(text: str, tokens: list[Token], verb: int, names: Names = None):
    """The claimant named before a speech verb ("X said"), or ``None`` for no subject."""
    i = verb - 1
    while i >= 0:
        low = folded(tokens[i][0])
        if low in _AUX:
            i -= 1
        elif low in _WEEKDAYS and _lowest(tokens, i - 1) in ("on", "last"):
            i -= 2
        else:
            break
    if i < 0:
        return None
    low = folded(tokens[i][0])
    if low in PRONOUNS and _boundary(tokens, i - 1):
        return Pronoun(PRONOUNS[low], tokens[i][1])
    if low in _RELATIVE:  # "the group, which says it has 40,000 members, …"
        chunk = chunk_before(tokens, i - 1) if i >= 2 and tokens[i - 1][0] == "," else None
        return Relative(read_phrase(text, tokens, *chunk, names) if chunk else None)
    if tokens[i][0] == ",":  # "Mr Okafor, 54, said" / "Sarah Malik, a nurse, said"
        k = next((k for k in range(i - 1, max(-1, i - 8), -1) if tokens[k][0] == ","), None)
        if k is None or k == 0:
            return None
        between = read_phrase(text, tokens, k + 1, i, names) if k + 1 < i else None
        if isinstance(between, str) and between[0].isupper():
            return between  # "The company's finance chief, Sarah Lee, told analysts"
        i = k - 1
    chunk = chunk_before(tokens, i + 1)
    if chunk is None:
        return None
    start, end = chunk
    first = folded(tokens[start][0])
    if not (_boundary(tokens, start - 1) or first in ("the", "a", "an")):
        return None
    return read_phrase(text, tokens, start, end, names)


@dataclass(frozen=True, slots=True)
class Relative:
    """A cue inside a relative clause ("X, which says …,"): it speaks only for figures
    inside that clause, for the phrase the clause hangs on."""

    who: object


def _after(text: str, tokens: list[Token], begin: int, names: Names = None):
    low = _lowest(tokens, begin)
    if low in PRONOUNS and (begin + 1 >= len(tokens) or is_punctuation(tokens[begin + 1])):
        return Pronoun(PRONOUNS[low], tokens[begin][1])  # "according to her,"
    chunk = chunk_after(tokens, begin)
    return read_phrase(text, tokens, *chunk, names) if chunk else None


def _clause_end(tokens: list[Token], i: int) -> int:
    """Where the clause holding token ``i`` ends: its next comma, or the end."""
    j = next((j for j in range(i, len(tokens)) if tokens[j][0] in ",;"), None)
    return tokens[j][1] if j is not None else tokens[-1][2]


def cue_claimants(
    text: str, tokens: list[Token], verbs: frozenset[str] = _VERBS, names: Names = None
) -> list[tuple[int, object, int, int]]:
    """(character position, claimant, reach start, reach end) for every attribution cue
    among ``tokens``; the claimant is a name, a ``Pronoun`` or ``NOBODY``, and speaks for
    figures within the reach (a relative clause's cue only for its own clause)."""
    found: list[tuple[int, object, int, int]] = []
    for i, (word, start, _end) in enumerate(tokens):
        low = folded(word)
        if low == "according" and _lowest(tokens, i + 1) == "to":
            who = _after(text, tokens, i + 2, names)
        elif _is_cue(tokens, i, verbs):
            who = _subject(text, tokens, i, names)
            if who is None and low not in _NOT_ADDRESSEE and _boundary(tokens, i - 1) and i:
                who = _after(text, tokens, i + 1, names)  # "…, said Maria Lopez"
            if low in _DOCUMENT_VERBS and isinstance(who, str) and not _finds(who):
                who = None  # "Police found 40 bodies": an event, not a statement
        else:
            continue
        if isinstance(who, Relative):
            back = next(j for j in range(i - 1, -1, -1) if folded(tokens[j][0]) in _RELATIVE)
            if who.who is not None:
                found.append((start, who.who, tokens[back][1], _clause_end(tokens, i)))
        elif who is not None:
            found.append((start, who, 0, len(text)))
    return found


def _finds(who: str) -> bool:
    """Whether "<who> found / showed" reports a finding: a named body, or researchers."""
    researchers = words()["researchers"]
    return who[0].isupper() or any(w in researchers for w in folded(who).split())


def _nearest(cues: list[tuple[int, object, int, int]], start: int, end: int):
    cues = [c for c in cues if c[2] <= start and end <= c[3]]
    if not cues:
        return None
    return min(cues, key=lambda c: start - c[0] if c[0] < start else c[0] - end)[1]


class _Attributor:
    """Per-article state: sentences, quotations, paragraphs, and the pronoun resolver."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[Span],
        quotes: list[Span],
        entities: list[Entity] | None,
        wrapped: bool,
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s for s, _e in sentences]
        self.quotes = quotes
        self.resolver = Resolver(text, sentences, quotes, entities, wrapped, self._cues)
        self.last_quote: tuple[int, str] | None = None  # (paragraph start, claimant)
        self._seen: dict[tuple[int, int, bool], list] = {}
        self.names: Names = None
        if entities is not None:  # a trained pipeline's people and organisations
            self.names = {e: (s, name) for s, e, name, label in entities if label in _WHO}

    def _cues(self, start: int, end: int, verbs: frozenset[str] = _VERBS):
        key = (start, end, verbs is _VERBS)
        found = self._seen.get(key)
        if found is None:
            if _MAY_HAVE_CUE[verbs].isdisjoint(_LOWER_WORD.findall(self.text, start, end)):
                found = []
            else:
                tokens = tokenize(self.text, start, end, self.quotes)
                found = cue_claimants(self.text, tokens, verbs, self.names)
            self._seen[key] = found
        return found

    def _sentence(self, pos: int) -> Span:
        i = max(0, bisect.bisect_right(self.starts, pos) - 1)
        return self.sentences[i] if self.sentences else (0, len(self.text))

    def _settle(self, who) -> str | None:
        if isinstance(who, Pronoun):
            who = self.resolver.resolve(who)
        return self.resolver.full_name(who) if isinstance(who, str) else None

    def figure(self, claim: Claim) -> str | None:
        key = claim.key_figure
        if key is None:
            return None
        sentence = self._sentence(key.start)
        if not self._cues(*sentence):  # most sentences: no cue word at all, checked once
            return None
        for start, end in ((claim.start, claim.end), sentence):
            who = _nearest(self._cues(start, end), key.start, key.end)
            if who is not None:
                return self._settle(who)
        return None

    def quote(self, claim: Claim) -> str | None:
        first = self._sentence(claim.start)
        last = self._sentence(max(claim.start, claim.end - 1))
        start, end = min(first[0], claim.start), max(last[1], claim.end)
        cues = self._cues(start, end, _QUOTE_VERBS)
        who = self._settle(_nearest(cues, claim.start, claim.end))
        if who is None and not cues and claim.speaker:
            who = self.resolver.full_name(claim.speaker)
        paragraph = self.resolver.paragraph_start(claim.start)
        if who is None and not cues and self.last_quote and self.last_quote[0] == paragraph:
            who = self.last_quote[1]
        if who is not None:
            self.last_quote = (paragraph, who)
        return who


def assign_claimants(
    text: str,
    claims: list[Claim],
    sentences: Sequence[Span],
    quotes: list[Span],
    *,
    entities: list[Entity] | None = None,
    wrapped: bool = False,
) -> None:
    """Set ``claimant`` on each claim (in text order), as the module docstring says.

    ``quotes`` are the (start, end) spans of the article's quotations; ``entities`` are
    (start, end, text, label) spans from a trained pipeline, used for names when given.
    """
    attributor = _Attributor(text, sentences, quotes, entities, wrapped)
    for claim in claims:
        if claim.type == ClaimType.QUOTE:
            claim.claimant = attributor.quote(claim)
        else:
            claim.claimant = attributor.figure(claim)


__all__ = ["QUOTE", "assign_claimants", "cue_claimants"]
