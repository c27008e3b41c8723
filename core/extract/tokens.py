"""A flat, read-only view of a spaCy ``Doc`` for the rule functions.

The rules look a few tokens left and right of a candidate number many times; reading
``token.lower_`` through the ``Doc`` each time is slow, so we copy what they need into
plain lists once per document. Indexing past either end yields ``""`` so rules can peek
without bounds checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SPACY
from spacy.tokens import Doc

T = TypeVar("T")

SOURCE_TEXT = "claimdesk_text"
"""``doc.user_data`` key under which ``pipeline.run`` hands the components the text it
tokenised (removed again before the doc is returned)."""


def doc_text(doc: Doc) -> str:
    """``doc.text``, without making a ``Token`` object per token as ``doc.text`` does.

    The text ``pipeline.run`` tokenised when it is there (a doc's text never changes,
    even when a component merges or splits tokens), else rebuilt from the token arrays.
    """
    text = doc.user_data.get(SOURCE_TEXT)
    if isinstance(text, str):
        return text
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, SPACY]).tolist() if len(doc) else []
    return "".join([strings[orth] + " " if space else strings[orth] for orth, space in rows])


@dataclass(slots=True)
class TokenView:
    """Lower-cased words, surfaces, character offsets and spacing of every token."""

    words: list[str]
    texts: list[str]
    starts: list[int]
    ends: list[int]
    glued: list[bool]  # True when the next token starts where this one ends
    index: list[int] | None = None  # token i of the view is token index[i] of the Doc

    def doc_index(self, i: int) -> int:
        """The ``Doc`` token index of view token ``i`` (space tokens are not in the view)."""
        return self.index[i] if self.index is not None else i

    @classmethod
    def from_doc(cls, doc: Doc) -> TokenView:
        """Copy the tokens the rules need; runs of spaces (not line breaks) are dropped.

        spaCy keeps extra spaces as tokens ("fifty   two" is three tokens); the rules
        should see "fifty", "two". Line breaks stay: a number must not run across them.
        """
        # One C-level copy of offsets, lengths and space flags, the words cut from the text
        # ``pipeline.run`` tokenised (else looked up by string id): creating a Token object
        # per token (as iterating the Doc or reading ``doc.text`` does) would cost more
        # than all the figure rules together.
        source = doc.user_data.get(SOURCE_TEXT)
        columns = (
            [IDX, LENGTH, IS_SPACE] if isinstance(source, str) else [IDX, LENGTH, IS_SPACE, ORTH]
        )
        rows = doc.to_array(columns).T.tolist() if len(doc) else [[] for _ in columns]
        starts, lengths, spaces = rows[0], rows[1], rows[2]
        if isinstance(source, str):
            texts = [source[s : s + n] for s, n in zip(starts, lengths, strict=True)]
        else:
            strings = doc.vocab.strings
            texts = [strings[orth] for orth in rows[3]]
        index = None
        if any(spaces):
            index = [i for i, t in enumerate(texts) if not spaces[i] or "\n" in t]
            texts = [texts[i] for i in index]
            starts = [starts[i] for i in index]
            lengths = [lengths[i] for i in index]
        ends = [start + length for start, length in zip(starts, lengths, strict=True)]
        view = cls._build(texts, starts, ends)
        view.index = index
        return view

    @classmethod
    def _build(cls, texts: list[str], starts: list[int], ends: list[int]) -> TokenView:
        glued = [a == b for a, b in zip(ends, starts[1:], strict=False)]
        glued.append(False)
        return cls([t.lower() for t in texts], texts, starts, ends, glued)

    def __len__(self) -> int:
        return len(self.words)

    def word(self, i: int) -> str:
        """``words[i]``, or ``""`` outside the document."""
        return self.words[i] if 0 <= i < len(self.words) else ""

    def text(self, i: int) -> str:
        return self.texts[i] if 0 <= i < len(self.texts) else ""

    def joined(self, i: int) -> bool:
        """True when token ``i`` and token ``i + 1`` touch (no space between them)."""
        return 0 <= i < len(self.glued) - 1 and self.glued[i]

    def match_phrase(self, i: int, table: dict[str, T], longest: int) -> tuple[T, int] | None:
        """Longest ``table`` key (words joined by spaces) starting at token ``i``.

        Returns ``(table[key], end_index)`` or ``None``. Most tokens start no key at all,
        so a set of first words answers those without building any string.
        """
        n = len(self.words)
        if i >= n or self.words[i] not in _first_words(table):
            return None
        for length in range(min(longest, n - i), 0, -1):
            key = " ".join(self.words[i : i + length]) if length > 1 else self.words[i]
            if key in table:
                return table[key], i + length
        return None


_FIRST_WORDS: dict[int, tuple[dict, frozenset[str]]] = {}


def _first_words(table: dict) -> frozenset[str]:
    """First words of the keys of ``table`` (cached per table; tables never change)."""
    cached = _FIRST_WORDS.get(id(table))
    if cached is None or cached[0] is not table:
        cached = (table, frozenset(key.split(" ", 1)[0] for key in table))
        _FIRST_WORDS[id(table)] = cached
    return cached[1]
