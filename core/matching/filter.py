"""The type-ahead claim filter (``/``) and the command palette's claim lookup."""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from core.matching.figures import figure_key
from core.model import Claim, Figure

if TYPE_CHECKING:
    from core.desk.api import DeskBackend

_TOKEN = re.compile(r"[^\s\"'“”‘’()\[\]{},;:!?]+")
_PART = re.compile(r"\w+")
_EDGE = ".-–—/"


def _tokens(text: str) -> set[str]:
    """Whole words and compound tokens ("90-day", "reuters.com/x", "25%") of a text.

    Accented words are also indexed without their accents, so "michoacan" typed on an
    English keyboard finds "Michoacán".
    """
    folded = ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        folded = _fold(text)
    text = text.lower()
    found = {raw.strip(_EDGE) for raw in _TOKEN.findall(text)}
    found.update(_PART.findall(text))
    if folded and folded != text:
        found.update(raw.strip(_EDGE) for raw in _TOKEN.findall(folded))
    found.discard("")
    return found


def _fold(text: str) -> str:
    """Lowercase ``text`` without combining accents (é → e, ñ → n)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _value_aliases(fig: Figure) -> set[str]:
    """Ways a reviewer may type a figure that its surface text does not contain."""
    aliases: set[str] = set()
    key = figure_key(fig)
    if key is None:
        return aliases
    kind, value, unit = key
    if isinstance(value, float):
        text = f"{value:g}" if abs(value) < 1e15 else str(value)
        if value.is_integer() and abs(value) < 1e15:
            text = str(int(value))
        aliases.add(text)
        if kind == "percent":
            aliases.add(f"{text}%")
        if unit:
            aliases.add(unit)
    elif value:
        aliases.add(str(value).lower())
    return aliases


class ClaimFilter:
    """Type-ahead search over claims: statement, figures, notes, sources and corrections.

    Built once over the claims in view (or the whole desk for the command palette). The
    index is an inverted list from each distinct token to the claims containing it, stored
    as one sorted vocabulary with contiguous posting arrays, so that:

    * an exact word is one dictionary hit;
    * the word still being typed (a prefix) is one contiguous slice of the postings;
    * a typo is found by rapidfuzz against the vocabulary words that share its first
      letter (a few thousand strings, not 100,000 statements).

    Every typed term must match (typing narrows the list). A claim whose key figure is
    exactly what was typed ranks first ("26" finds the claim about 26 before one that
    mentions 26 in passing); a multi-word query typed as it appears in the text ranks
    above the same words scattered. A typed word counts for less where it is only part of
    a figure's wording ("quarter" in the figure "a quarter") than where it is something
    the claim talks about ("the fourth quarter"), and among claims of one sentence the one
    whose key figure stands nearest the typed words ranks first: "/quarter" lands on
    "2.1% in the fourth quarter", not on "a quarter of households" nor on the sentence's
    other figures. Scores are 0..~130; ties keep text order.
    """

    _EXACT, _PREFIX, _FUZZY_MIN = 100.0, 85.0, 80.0
    _EXTRA_WEIGHT = 0.9  # notes, sources, corrections: a little below the claim's own words
    _KEY_FIGURE_BONUS = 20.0
    _PHRASE_BONUS = 10.0
    _PHRASE_CHECK = 500  # phrase and context bonuses are decided among this many best
    _FIGURE_WORD_PENALTY = 12.0  # a typed word found only inside figures ("a quarter")
    _NEAR_BONUS = 6.0  # a typed word right beside the key figure; none 120 characters off
    _NEAR_SPAN = 120
    _MAX_PREFIX_WORDS = 5000

    def __init__(self, claims: Iterable[Claim]):
        claims = list(claims)
        article_rank: dict[str, int] = {}
        for claim in claims:
            article_rank.setdefault(claim.article_id, len(article_rank))
        claims.sort(key=lambda c: (article_rank[c.article_id], c.start))  # stable
        self._claims = claims
        self._ids = [c.id for c in claims]
        self._id_array = np.array(self._ids, dtype=object)
        token_ids: dict[str, int] = {}
        post_token, post_doc, post_weight = array("q"), array("q"), array("d")
        key_figures: dict[str, list[int]] = defaultdict(list)
        self._haystacks: list[str] = []
        extra_weight = self._EXTRA_WEIGHT
        for i, claim in enumerate(claims):
            statement, figures, extra = self._fields(claim).values()
            weights = dict.fromkeys(_tokens(extra), extra_weight) if extra else {}
            weights.update(dict.fromkeys(_tokens(f"{statement} {figures}"), 1.0))
            fig = claim.key_figure
            if fig is not None:
                aliases = _value_aliases(fig)
                for key in {" ".join(fig.text.lower().split()), *aliases}:
                    key_figures[key].append(i)
                for alias in aliases:
                    weights.setdefault(alias, 1.0)
            post_token.extend([token_ids.setdefault(t, len(token_ids)) for t in weights])
            post_doc.extend([i] * len(weights))
            post_weight.extend(weights.values())
            self._haystacks.append(" ".join(f"{statement} {figures} {extra}".lower().split()))
        # Sort the vocabulary (prefix lookups are a bisect) and lay each word's postings
        # out contiguously in that order (a prefix is then one slice).
        self._vocab = sorted(token_ids)
        rank = np.empty(len(token_ids), dtype=np.int64)
        rank[np.fromiter((token_ids[t] for t in self._vocab), np.int64, len(self._vocab))] = (
            np.arange(len(self._vocab))
        )
        self._vocab_pos = {t: k for k, t in enumerate(self._vocab)}
        ranks = rank[np.frombuffer(post_token, dtype=np.int64)] if post_token else rank[:0]
        order = np.argsort(ranks, kind="stable")  # docs stay ascending within a word
        self._post_idx = np.frombuffer(post_doc, dtype=np.int64)[order] if post_doc else ranks
        self._post_w = (
            np.frombuffer(post_weight, dtype=np.float64)[order] if post_weight else np.zeros(0)
        )
        self._ptr = np.zeros(len(self._vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(ranks, minlength=len(self._vocab)), out=self._ptr[1:])
        self._vocab_len = np.fromiter((len(t) for t in self._vocab), np.float64, len(self._vocab))
        by_letter: dict[str, list[int]] = defaultdict(list)
        for k, token in enumerate(self._vocab):
            by_letter[token[0]].append(k)
        self._by_letter = {ch: ([self._vocab[k] for k in ks], ks) for ch, ks in by_letter.items()}
        self._key_figures = {k: np.array(v, dtype=np.int64) for k, v in key_figures.items()}
        # Where key figures stand in each article (every claim's, so a sentence's other
        # figures count too): a typed word inside one is a figure's wording. A date that
        # only qualifies a claim ("2.1% in the fourth quarter") is what it talks about.
        spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for claim in claims:
            if claim.figures:
                first = claim.figures[0]
                spans[claim.article_id].add((first.start, first.end))
        self._figure_spans = {aid: sorted(found) for aid, found in spans.items()}

    @staticmethod
    def _fields(claim: Claim) -> dict[str, str]:
        extra = [n.text for n in claim.notes]
        extra += [f"{s.url} {s.title} {s.note}" for s in claim.sources]
        if claim.correction:
            extra += [claim.correction.value, claim.correction.statement, claim.correction.note]
        return {
            "statement": claim.statement,
            "figure": " ".join(f.text for f in claim.figures),
            "extra": " ".join(extra),
        }

    def __len__(self) -> int:
        return len(self._claims)

    def ids(self) -> list[str]:
        """All claim ids in text order (what an empty query returns)."""
        return list(self._ids)

    def _term_scores(self, term: str, last: bool) -> np.ndarray:
        """Best match score per claim for one typed term (0 where it does not match)."""
        best = np.zeros(len(self._claims))
        words: list[int] = []
        scores: list[float] = []
        exact = self._vocab_pos.get(term)
        if exact is not None:
            words.append(exact)
            scores.append(self._EXACT)
        # Prefix: the reviewer is still typing (the last term), or typed the stem of a
        # longer word (an earlier term that is no word of its own).
        if last or (exact is None and len(term) >= 3):
            lo = bisect.bisect_left(self._vocab, term)
            hi = bisect.bisect_left(self._vocab, term + "\U0010ffff", lo)
            hi = min(hi, lo + self._MAX_PREFIX_WORDS)
            if hi > lo:
                ratio = len(term) / self._vocab_len[lo:hi]
                self._add_range(best, lo, hi, self._PREFIX * (0.8 + 0.2 * ratio), skip=exact)
        # Typos: only for words; "26" must never match "29".
        if len(term) >= 4 and not any(ch.isdigit() for ch in term):
            choices, positions = self._by_letter.get(term[0], ((), ()))
            for _, score, k in process.extract(
                term, choices, scorer=fuzz.ratio, score_cutoff=self._FUZZY_MIN, limit=50
            ):
                if positions[k] != exact:
                    words.append(positions[k])
                    scores.append(0.9 * score)
        for k, score in zip(words, scores, strict=True):
            lo, hi = self._ptr[k], self._ptr[k + 1]
            idx = self._post_idx[lo:hi]
            best[idx] = np.maximum(best[idx], score * self._post_w[lo:hi])
        return best

    def _add_range(
        self, best: np.ndarray, lo: int, hi: int, word_scores: np.ndarray, skip: int | None
    ) -> None:
        """Merge the postings of vocabulary words lo..hi (one contiguous slice)."""
        if skip is not None and lo <= skip < hi:
            word_scores = word_scores.copy()
            word_scores[skip - lo] = 0.0
        start, end = self._ptr[lo], self._ptr[hi]
        counts = np.diff(self._ptr[lo : hi + 1])
        values = np.repeat(word_scores, counts) * self._post_w[start:end]
        np.maximum.at(best, self._post_idx[start:end], values)

    def query(self, text: str, limit: int | None = None) -> list[tuple[str, float]]:
        """(claim id, score), best first; an empty query returns all in text order."""
        text = " ".join(unicodedata.normalize("NFKC", text).lower().split())
        if not text:
            ids = self._ids if limit is None else self._ids[:limit]
            return [(cid, 0.0) for cid in ids]
        terms = [t.strip(_EDGE) for t in _TOKEN.findall(text)]
        terms = [t for t in terms if t]
        if not terms:
            return []
        total = np.zeros(len(self._claims))
        for pos, term in enumerate(terms):
            scores = self._term_scores(term, last=pos == len(terms) - 1)
            if not scores.any():
                # A compound term ("90-day", "u.s.") may be indexed only as its parts.
                parts = _PART.findall(term)
                if len(parts) > 1:
                    part_scores = [self._term_scores(p, last=False) for p in parts]
                    scores = np.minimum.reduce(part_scores) * 0.95
            if not scores.any():
                return []
            # Every term must match: a claim missing one drops out for good.
            total = np.where(scores > 0, total + scores / len(terms), -np.inf)
        key = self._key_figures.get(text)
        if key is not None:
            total[key] += self._KEY_FIGURE_BONUS
        hits = np.flatnonzero(total > 0)
        if len(terms) > 1 and len(hits):
            # Only the front of the list can be reordered by a phrase bonus that matters
            # to a reviewer, so check the phrase there rather than in every hit.
            front = hits
            if len(hits) > self._PHRASE_CHECK:
                cut = np.argpartition(-total[hits], self._PHRASE_CHECK)[: self._PHRASE_CHECK]
                front = hits[cut]
            haystacks = self._haystacks
            phrase = np.fromiter((text in haystacks[i] for i in front), bool, len(front))
            total[front[phrase]] += self._PHRASE_BONUS
        words = [t for t in terms if len(t) >= 2 and t.isalpha()]
        if words and len(hits):
            front = hits
            if len(hits) > self._PHRASE_CHECK:
                cut = np.argpartition(-total[hits], self._PHRASE_CHECK)[: self._PHRASE_CHECK]
                front = hits[cut]
            for i in front.tolist():
                total[i] += self._context_bonus(self._claims[i], words, terms[-1]) / len(terms)
        order = hits[np.argsort(-total[hits], kind="stable")]
        if limit is not None:
            order = order[:limit]
        return list(
            zip(self._id_array[order].tolist(), total[order].round(2).tolist(), strict=True)
        )

    def _context_bonus(self, claim: Claim, words: list[str], last: str) -> float:
        """Where the typed words stand in ``claim``'s statement: a word found only inside
        figures costs, a word near the key figure earns (see the class docstring)."""
        statement = claim.statement.lower()
        base = claim.start
        spans = []
        if claim.end - claim.start == len(statement):
            lo = bisect.bisect_left(self._figure_spans.get(claim.article_id, []), (base, -1))
            for start, end in self._figure_spans.get(claim.article_id, [])[lo:]:
                if start >= claim.end:
                    break
                spans.append((start - base, end - base))
        key = claim.key_figure
        anchor = (key.start - base, key.end - base) if key is not None and spans else None
        bonus = 0.0
        for word in words:
            tail = "" if word == last else r"\b"
            places = [m.start() for m in re.finditer(rf"\b{re.escape(word)}{tail}", statement)]
            if not places:
                continue  # matched as a typo or through an accent: nothing to say
            if all(any(s <= p < e for s, e in spans) for p in places):
                bonus -= self._FIGURE_WORD_PENALTY
            if anchor is not None:
                gap = min(max(anchor[0] - p, p - anchor[1], 0) for p in places)
                bonus += self._NEAR_BONUS * max(0.0, 1 - gap / self._NEAR_SPAN)
        return bonus

    @classmethod
    def from_desk(cls, desk: DeskBackend) -> ClaimFilter:
        """A filter over every current claim on the desk (the command palette's lookup).

        A desk that answers searches itself (a team desk: queries on the server) gives
        its own lookup, with the same ``query`` method, instead of every claim in memory.
        """
        search = getattr(desk, "search", None)
        if search is not None:
            return search()
        return cls(desk.iter_claims())
