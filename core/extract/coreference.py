"""Whom "he said", "according to her" and "it added" point at, and surnames in full.

News prose names a speaker once and goes on with a pronoun. The rule here, in the order
tried: the sentence of the pronoun (before it), then each earlier sentence of the same
paragraph, most recent first, then the paragraph before (wire copy often gives every
sentence a paragraph of its own). In each sentence the speaker of an attribution cue
comes first ("Doctors said …. They added …"), then the first name that fits: its subject,
as a rule, rather than the last name mentioned ("Trump spoke after meeting Carney. … he
said" is Trump). "he"/"she" want a person: not an organisation, not a country, not a name
after a preposition ("in Washington"); "it" wants an organisation or a one-word name;
"they" a group of people ("officials") or an organisation.

With a trained pipeline's entities the names are its PERSON, ORG and GPE spans, and the
labels decide what fits; without them, runs of capitalised words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from core.claimants import countries, is_organisation, words
from core.extract.attribution_phrases import (
    Pronoun,
    folded,
    is_possessive,
    name_runs,
    strip_titles,
    tokenize,
)

Span = tuple[int, int]
_PLACE_BEFORE = frozenset("in at from to near into across outside inside on".split())  # noqa: SIM905
_PEOPLE_LABELS = {"PERSON": "person", "ORG": "org", "NORP": "org", "GPE": "place", "LOC": "place"}


def _fits(kind: str, name: str, mention: str) -> bool:
    """Whether a name of ``mention`` kind (person, org, place, unknown) fits the pronoun."""
    if mention == "place":
        return False
    if kind == "person":
        return mention == "person" or (mention == "unknown" and " " not in name)
    if kind == "org":
        return mention in ("org", "unknown") and not (mention == "unknown" and " " in name)
    head = folded(name.split()[0] if " at " in name or " of " in name else name.split()[-1])
    return mention == "org" or (head.endswith("s") and head in words()["people"])


def _kind_of(name: str) -> str:
    if is_organisation(name):
        return "org"
    if folded(name) in countries():
        return "place"
    lowered = name[0].islower()
    if lowered:  # a description: "the minister", "officials"
        return "group" if folded(name.split()[-1]).endswith("s") else "person"
    return "person" if " " in name else "unknown"


class Resolver:
    """Pronoun resolution and full names over one article."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[Span],
        quotes: list[Span],
        entities: list[tuple[int, int, str, str]] | None,
        wrapped: bool,
        cues: Callable[[int, int], list[tuple[int, object, int, int]]],
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s for s, _e in sentences]
        self.quotes = quotes
        self.entities = sorted(entities) if entities is not None else None
        self.entity_starts = [e[0] for e in self.entities or ()]
        self.wrapped = wrapped
        self.cues = cues
        self._full: dict[str, str] = {}

    def paragraph_start(self, pos: int) -> int:
        if self.wrapped:
            found = self.text.rfind("\n\n", 0, pos)
            return 0 if found < 0 else found + 2
        return self.text.rfind("\n", 0, pos) + 1

    def _names(self, start: int, end: int) -> list[tuple[str, str]]:
        """(name, kind) mentioned in text[start:end], in order, outside quotations."""
        if self.entities is not None:
            lo = bisect.bisect_left(self.entity_starts, start)
            found = [
                (strip_titles(name), _PEOPLE_LABELS.get(label, "unknown"))
                for s, e, name, label in self.entities[lo:]
                if s < end and e <= end and not any(q[0] <= s < q[1] for q in self.quotes)
            ]
            if found:
                return [f for f in found if f[0]]
        tokens = tokenize(self.text, start, end, self.quotes)
        out = []
        for s, e in name_runs(tokens, 0, len(tokens)):
            raw = self.text[tokens[s][1] : tokens[e - 1][2]]
            name = strip_titles(raw)
            if not name or is_possessive(tokens[e - 1][0]):
                continue
            before = folded(tokens[s - 1][0]) if s else ""
            titled = name != raw.removeprefix("The ").removeprefix("the ")
            kind = "place" if before in _PLACE_BEFORE else _kind_of(name)
            if titled and kind == "unknown":
                kind = "person"
            out.append((name, kind))
        return out

    def _candidates(self, kind: str, start: int, end: int) -> str | None:
        for _pos, who, _lo, _hi in self.cues(start, end):
            if isinstance(who, str) and _fits(kind, who, _kind_of(who)):
                return who
        for name, mention in self._names(start, end):
            if _fits(kind, name, mention):
                return name
        return None

    def resolve(self, pronoun: Pronoun) -> str | None:
        """The person or organisation ``pronoun`` refers to, or ``None``."""
        index = max(0, bisect.bisect_right(self.starts, pronoun.start) - 1)
        paragraph = self.paragraph_start(pronoun.start)
        if not self.sentences:
            return self._candidates(pronoun.kind, paragraph, pronoun.start)
        found = self._candidates(
            pronoun.kind, max(self.sentences[index][0], paragraph), pronoun.start
        )
        i = index - 1
        while found is None and i >= 0 and self.sentences[i][0] >= paragraph:
            found = self._candidates(pronoun.kind, *self.sentences[i])
            i -= 1
        if found is not None or paragraph == 0 or self._names(paragraph, pronoun.start):
            return found
        previous = self.paragraph_start(paragraph - 1)
        while found is None and i >= 0 and self.sentences[i][0] >= previous:
            found = self._candidates(pronoun.kind, *self.sentences[i])
            i -= 1
        return found

    def full_name(self, name: str) -> str:
        """ "Austin" → "Lloyd Austin" when the article names one such person, else as is."""
        if " " in name or not name[:1].isupper() or name.isupper() or is_organisation(name):
            return name
        if name not in self._full:
            pattern = re.compile(rf"\b([A-ZÀ-ÖØ-Þ][\w'’-]+) {re.escape(name)}\b(?!['’]s)")
            firsts = {
                m.group(1)
                for m in pattern.finditer(self.text)
                if strip_titles(m.group(1)) == m.group(1)
            }
            self._full[name] = f"{firsts.pop()} {name}" if len(firsts) == 1 else name
        return self._full[name]
