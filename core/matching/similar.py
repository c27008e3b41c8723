"""Seen before and repeats: the same figure stated about the same thing.

Two claims match when their key figures are the same (``figures.figure_key``) and their
statements, figure masked, say the same about it. The statement score blends how many
of each statement's content words the other one has (``_coverage``) with rapidfuzz's
token-set ratio, and subtracts a penalty for a word swapped inside an otherwise
word-for-word alignment (the tell of a different subject in the same template).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein

from core.matching.figures import figure_key
from core.matching.text import content_tokens, figure_context, mask_figure
from core.model import Claim, Status

# --------------------------------------------------------------------------------------
# Statement similarity (the scorer behind similar_claims and group_repeats)
# --------------------------------------------------------------------------------------

SIMILAR_MIN_SCORE = 0.65
"""Below this a same-figure candidate is a different claim.

Tuned on tests/data/claim_pairs.jsonl in rounds: each "holdout" batch was written
without looking at scores, measured blind, and only then used to tune (blind figures,
precision / recall: holdout 0.93 / 0.70, holdout2 0.79 / 0.75, holdout3 0.905 / 0.95,
holdout4 0.93 / 0.93, the last one never tuned on). On all 271 pairs the scorer gives
0.95 / 0.90 (bench/match.py prints each batch). What it still gets wrong is lexical at
heart: a paraphrase that shares few words ("the ransomware gang demanded $10 million" /
"hackers asked for a $10m ransom") is missed, and a different subject in much the same
words can pass ("rescued" / "feared drowned"). Raising the threshold trades the second
for more of the first."""

REPEAT_MIN_SCORE = SIMILAR_MIN_SCORE
"""Same threshold within one article: a repeat is a paraphrase that happens to be local."""

_CONTEXT_WEIGHT = 0.4
_COVERAGE_WEIGHT = 0.6
_NUMBER_WEIGHT = 2.0
_VERB_WEIGHT = 0.5
_SUBSTITUTION_MIN_RATIO = 0.6  # word alignment needed before a swap counts at all
_SWAP_PENALTY = 0.1
_SAME_TEMPLATE = 0.8  # word alignment from which two statements are one template
_SWAP_PENALTY_SAME_TEMPLATE = 0.3
_PREFIX_LEN = 5


@dataclass(frozen=True, slots=True)
class _Profile:
    """What the pair scorer needs of one claim, computed once per claim."""

    body: str
    context: str
    words: tuple[str, ...]
    weights: tuple[float, ...]
    word_set: frozenset[str]
    prefixes: frozenset[str]
    spellable: tuple[str, ...]


def _profile(claim: Claim) -> _Profile:
    tokens = content_tokens(mask_figure(claim.statement, claim.start, claim.key_figure))
    words = tuple(word for word, _ in tokens)
    weights = tuple(
        (_NUMBER_WEIGHT if word.isdigit() else 1.0) * (_VERB_WEIGHT if verb else 1.0)
        for word, verb in tokens
    )
    spellable = tuple(w for w in set(words) if not w.isdigit())
    return _Profile(
        " ".join(words),
        figure_context(claim),
        words,
        weights,
        frozenset(words),
        frozenset(w[:_PREFIX_LEN] for w in spellable if len(w) >= _PREFIX_LEN),
        spellable,
    )


def _coverage(a: _Profile, b: _Profile) -> float:
    """Weighted share of ``a``'s words found in ``b``. Other figures (numbers) count
    double, since "312 votes to 209" is told apart by its 209; verbs count half.

    A word not in ``b`` still counts 0.9 when it shares a 5-letter stem with one of
    ``b``'s words (Mexico/Mexican) or its spelling is close (aluminium/aluminum); numbers
    only ever match exactly.
    """
    total = sum(a.weights)
    if not total:
        return 0.0
    got = 0.0
    for word, weight in zip(a.words, a.weights, strict=True):
        if word in b.word_set:
            got += weight
        elif word.isdigit() or not b.spellable:
            continue
        elif len(word) >= _PREFIX_LEN and word[:_PREFIX_LEN] in b.prefixes:
            got += 0.9 * weight
        else:
            best = process.extractOne(word, b.spellable, scorer=fuzz.ratio, score_cutoff=85)
            if best is not None:
                got += weight * best[1] / 100.0
    return got / total


def _substitution_penalty(a: _Profile, b: _Profile) -> float:
    """Penalty for short runs where one statement has other words in the other's place.

    "India's economy grew 8.2 %" / "India's exports grew 8.2 %": the sentences line up
    word for word except one, and that one is what the figure is about. Paraphrases from
    different outlets rarely line up this closely, so a substitution inside a close
    alignment is evidence of a different subject, not of rewording.
    """
    words_a = list(a.words)
    known = a.word_set
    prefix_of = {w[:_PREFIX_LEN]: w for w in a.spellable if len(w) >= _PREFIX_LEN}
    # Spelling variants count as the same word for the alignment.
    words_b = []
    for word in b.words:
        if word not in known and not word.isdigit() and a.spellable:
            if len(word) >= _PREFIX_LEN and word[:_PREFIX_LEN] in prefix_of:
                word = prefix_of[word[:_PREFIX_LEN]]
            else:
                best = process.extractOne(word, a.spellable, scorer=fuzz.ratio, score_cutoff=85)
                word = best[0] if best is not None else word
        words_b.append(word)
    aligned = Indel.normalized_similarity(words_a, words_b)
    if aligned < _SUBSTITUTION_MIN_RATIO:
        return 0.0
    set_b = set(words_b)
    count = 0
    for op in Levenshtein.opcodes(words_a, words_b):
        if op.tag != "replace" or op.src_end - op.src_start > 2 or op.dest_end - op.dest_start > 2:
            continue
        if not set(words_a[op.src_start : op.src_end]) & set_b and not (
            set(words_b[op.dest_start : op.dest_end]) & known
        ):
            count += 1
    # The closer the rest lines up, the surer the swapped word is the subject: "Knife
    # crime rose 7 %" / "Gun crime rose 7 %" differ in nothing else.
    per_swap = _SWAP_PENALTY_SAME_TEMPLATE if aligned >= _SAME_TEMPLATE else _SWAP_PENALTY
    return per_swap * count


def _pair_score(a: _Profile, b: _Profile, floor: float = 0.0) -> float:
    """0..1: mean two-way word coverage blended with rapidfuzz's token-set ratio on the
    statement and on the words around the figure, less a penalty per substitution.

    Scores below ``floor`` are returned without the (costlier) substitution check."""
    body = fuzz.token_set_ratio(a.body, b.body)
    ctx = fuzz.token_set_ratio(a.context, b.context) if a.context and b.context else body
    fuzzy = ((1.0 - _CONTEXT_WEIGHT) * body + _CONTEXT_WEIGHT * ctx) / 100.0
    if _COVERAGE_WEIGHT + (1.0 - _COVERAGE_WEIGHT) * fuzzy < floor:
        return (1.0 - _COVERAGE_WEIGHT) * fuzzy  # even full coverage would not reach it
    coverage = (_coverage(a, b) + _coverage(b, a)) / 2
    score = _COVERAGE_WEIGHT * coverage + (1.0 - _COVERAGE_WEIGHT) * fuzzy
    if score < floor:
        return score  # the penalty can only lower it: no need to align the words
    # Two equally short word alignments can place a swap differently; count only what
    # both directions see, so that score(a, b) == score(b, a).
    penalty = min(_substitution_penalty(a, b), _substitution_penalty(b, a))
    return max(0.0, score - penalty)


def statement_similarity(a: Claim, b: Claim) -> float:
    """How alike two claims' statements are, 0..1, ignoring the key figure itself."""
    return _pair_score(_profile(a), _profile(b))


# --------------------------------------------------------------------------------------
# Seen before
# --------------------------------------------------------------------------------------

SEEN_STATUSES = _DEFAULT_SEEN_STATUSES = frozenset(
    {
        Status.VERIFIED.value,
        Status.CORRECTED.value,
        Status.FALSE.value,
        Status.INCONCLUSIVE.value,
        Status.NEEDS_SOURCE.value,
    }
)


@dataclass(frozen=True)
class Match:
    """A claim elsewhere that states the same figure about the same thing."""

    claim_id: str
    article_id: str
    score: float
    status: str


@dataclass
class _Bucket:
    """The candidates sharing one key figure, with their profiles made on demand."""

    claims: list[Claim] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    profiles: dict[int, _Profile] = field(default_factory=dict)

    def profile(self, i: int) -> _Profile:
        found = self.profiles.get(i)
        if found is None:
            found = self.profiles[i] = _profile(self.claims[i])
        return found


_RESCORE = 100


class ClaimIndex:
    """Candidates grouped by key figure (kind, value), so a lookup scores only the few
    claims that state the same figure instead of the whole desk.

    Building costs one figure key per claim. A bucket larger than a hundred claims (a
    common figure such as "2" or "10 per cent" on a big desk) is first ranked with
    rapidfuzz on the raw statements in C, and only its front is profiled and scored;
    profiles are kept for the next lookup.
    """

    def __init__(self, claims: Iterable[Claim], statuses: Iterable[str] | None = None):
        wanted = _DEFAULT_SEEN_STATUSES if statuses is None else frozenset(map(str, statuses))
        self._buckets: dict[tuple, _Bucket] = defaultdict(_Bucket)
        for claim in claims:
            if str(claim.status) not in wanted:
                continue
            key = figure_key(claim.key_figure)
            if key is not None:
                bucket = self._buckets[key]
                bucket.claims.append(claim)
                bucket.raw.append(claim.statement.lower())

    def __len__(self) -> int:
        return sum(len(b.claims) for b in self._buckets.values())

    def similar(
        self, claim: Claim, limit: int = 5, min_score: float = SIMILAR_MIN_SCORE
    ) -> list[Match]:
        """Best matches first, at most ``limit``, none from ``claim``'s own article."""
        key = figure_key(claim.key_figure)
        bucket = self._buckets.get(key) if key is not None else None
        if not bucket:
            return []
        candidates = [
            i for i, other in enumerate(bucket.claims) if other.article_id != claim.article_id
        ]
        if len(candidates) > _RESCORE:
            quick = process.cdist(
                [claim.statement.lower()],
                [bucket.raw[i] for i in candidates],
                scorer=fuzz.token_set_ratio,
                workers=-1,
            )[0]
            front = np.argsort(-quick, kind="stable")[:_RESCORE]
            candidates = sorted(candidates[k] for k in front.tolist())
        probe = _profile(claim)
        scored = [(_pair_score(probe, bucket.profile(i), min_score), i) for i in candidates]
        scored = [(score, i) for score, i in scored if score >= min_score]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [
            Match(other.id, other.article_id, round(score, 4), str(other.status))
            for score, i in scored[:limit]
            for other in (bucket.claims[i],)
        ]


def match_records(index: ClaimIndex, claim: Claim, limit: int = 5) -> list[dict[str, Any]]:
    """``index.similar(claim)`` as JSON-ready dicts: the ``matches`` field of the
    machine-readable outputs (``extract --desk``, ``export --matches``)."""
    return [asdict(m) for m in index.similar(claim, limit=limit)]


def similar_claims(
    claim: Claim,
    candidates: Iterable[Claim] | ClaimIndex,
    limit: int = 5,
    min_score: float = SIMILAR_MIN_SCORE,
) -> list[Match]:
    """Reviewed claims in other articles with the same key figure and a similar statement.

    Pass a prebuilt ``ClaimIndex`` when looking up many claims against one desk.
    """
    index = candidates if isinstance(candidates, ClaimIndex) else ClaimIndex(candidates)
    return index.similar(claim, limit=limit, min_score=min_score)


# --------------------------------------------------------------------------------------
# Repeats within an article
# --------------------------------------------------------------------------------------


def group_repeats(claims: Iterable[Claim], min_score: float = REPEAT_MIN_SCORE) -> list[list[str]]:
    """Groups (size >= 2) of claims stating the same figure about the same thing.

    Claims group only with claims of their own article (given several articles, each is
    grouped on its own). Groups are in text order of their first claim, and the ids in a
    group in text order.
    """
    claims = sorted(claims, key=lambda c: (c.article_id, c.start))
    position = {c.id: i for i, c in enumerate(claims)}
    by_key: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in claims:
        key = figure_key(claim.key_figure)
        if key is not None:
            by_key[(claim.article_id, key)].append(claim)
    parent = {c.id: c.id for c in claims}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for members in by_key.values():
        if len(members) < 2:
            continue
        profiles = [_profile(c) for c in members]
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                if _pair_score(profiles[i], profiles[j], min_score) >= min_score:
                    parent[find(members[j].id)] = find(members[i].id)
    groups: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        groups[find(claim.id)].append(claim.id)
    result = [sorted(g, key=position.__getitem__) for g in groups.values() if len(g) >= 2]
    result.sort(key=lambda g: position[g[0]])
    return result
