"""Hybrid search: BM25 and sentence vectors fused, then re-ranked as a fact-checker would.

Words alone miss a paraphrase ("jabs caused more deaths than the virus"); vectors alone
confuse claims that share a topic but not a claim. Both lists are taken (the best
``POOL`` of each), fused by a normalised score blend, and the few best are re-ranked on
what decides whether two claims are the same claim: the same figure (a different one is a
strong sign of a different claim, or of a claim checked with other numbers), the same
claimant, the same names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from core.checks.embed import Model
from core.checks.index import Index
from core.checks.text import Figure, clean_query, figures, names, words

POOL = 50  # candidates taken from each list before fusing
RERANK = 20  # fused candidates re-ranked on figures, claimant and names
LIKELY_COSINE = 0.5
LIKELY_OVERLAP = 0.5


@dataclass(frozen=True)
class Weights:
    """How the evidence adds up; tuned on tests/data/check_queries.jsonl (bench/checks.py)."""

    lexical: float = 0.3
    semantic: float = 0.7
    figure_same: float = 0.2
    figure_other: float = 0.15
    claimant: float = 0.15
    names: float = 0.1
    mode: str = "blend"  # "blend" (normalised scores) or "rrf" (reciprocal rank fusion)
    # blend: each score as a z-score over the candidate pool ("z"), or lexical over its
    # best and raw cosine ("max"), or both min-max over the pool ("minmax")
    norm: str = "z"
    rrf_k: int = 60


DEFAULT = Weights()


@dataclass
class Match:
    """One known check found for a query, with why it scored as it did."""

    row: dict[str, Any]
    score: float
    lexical: float = 0.0
    semantic: float = 0.0
    same_figures: list[str] = field(default_factory=list)
    other_figures: tuple[list[str], list[str]] = ((), ())  # type: ignore[assignment]
    overlap: float = 0.0  # terms in common, over the query's or the check's (the larger)

    @property
    def likely(self) -> bool:
        """Close enough to show unasked (the workbench): most words, or the same meaning."""
        return self.semantic >= LIKELY_COSINE or self.overlap >= LIKELY_OVERLAP

    @property
    def conflict(self) -> str:
        """ "checked before: 29; here: 26" when the check states other figures than the query."""
        theirs, here = self.other_figures
        if not theirs or not here:
            return ""
        return f"checked before: {', '.join(theirs)}; here: {', '.join(here)}"

    def to_dict(self) -> dict[str, Any]:
        row = self.row
        return {
            "url": row.get("url"),
            "claim_reviewed": row.get("claim_reviewed"),
            "rating": row.get("rating"),
            "publisher": row.get("publisher"),
            "date_published": row.get("date_published"),
            "claimant": row.get("claimant"),
            "score": round(self.score, 4),
        }


@dataclass
class Query:
    text: str
    cleaned: str
    tokens: list[str]
    figures: list[Figure]
    names: set[str]
    vector: np.ndarray | None


def prepare(text: str, model: Model | None) -> Query:
    cleaned = clean_query(text)
    vector = model.embed([cleaned])[0] if model is not None and cleaned else None
    return Query(text, cleaned, words(cleaned), figures(cleaned), names(cleaned), vector)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    if scores.size <= k:
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


def pool(index: Index, query: Query) -> list[tuple[int, float, float]]:
    """(row, lexical over the index's best, cosine) for the best ``POOL`` of each list."""
    if index.size == 0:
        return []
    lex = index.lexical(query.tokens)
    hits = np.flatnonzero(lex)
    top_lex = float(lex[hits].max()) if hits.size else 0.0
    lex_ids = hits[_top(lex[hits], POOL)] if hits.size else hits
    vector = query.vector
    if index.vectors is None or vector is None or index.vectors.shape[1] != vector.shape[0]:
        return [(int(i), float(lex[i]) / top_lex, 0.0) for i in lex_ids]
    sem_ids, sem_scores = index.semantic(vector, POOL)
    cosine = dict(zip(sem_ids.tolist(), sem_scores.tolist(), strict=True))
    missing = np.array([i for i in lex_ids.tolist() if i not in cosine], dtype=np.int64)
    if missing.size:
        cosine.update(
            zip(missing.tolist(), index.semantic_of(missing, vector).tolist(), strict=True)
        )
    return [(i, float(lex[i]) / top_lex if top_lex > 0 else 0.0, cosine[i]) for i in sorted(cosine)]


def fuse(lex: np.ndarray, sem: np.ndarray | None, weights: Weights) -> np.ndarray:
    """One score per candidate from its lexical (0..1) and semantic (cosine) scores."""
    if sem is None:
        return lex
    if weights.mode == "rrf":
        rank_l = np.argsort(np.argsort(-lex, kind="stable"), kind="stable")
        rank_s = np.argsort(np.argsort(-sem, kind="stable"), kind="stable")
        k = weights.rrf_k
        return (k + 1) * (1.0 / (k + 1 + rank_l) + 1.0 / (k + 1 + rank_s)) / 2
    total = weights.lexical + weights.semantic
    sem_n = np.clip(sem, 0, 1)
    if weights.norm == "minmax":
        low, high = float(sem.min()), float(sem.max())
        sem_n = (sem - low) / (high - low) if high > low else np.ones_like(sem)
        low = float(lex.min())
        lex = (lex - low) / (1.0 - low) if low < 1.0 else lex
    elif weights.norm == "z":
        sem_n = (sem - sem.mean()) / (sem.std() + 0.05)
        lex = (lex - lex.mean()) / (lex.std() + 0.05)
    return (weights.lexical * lex + weights.semantic * sem_n) / total


def _same(a: Figure, b: Figure) -> bool:
    return a.percent == b.percent and abs(a.value - b.value) <= 1e-9 * max(abs(a.value), 1)


def rerank(query: Query, row: dict[str, Any], base: float, weights: Weights) -> Match:
    text = f"{row.get('name') or ''} {row.get('claim_reviewed') or ''}"
    theirs = figures(text)
    score = base
    same = [f for f in query.figures if any(_same(f, g) for g in theirs)]
    other: tuple[list[str], list[str]] = ([], [])
    if same:
        score += weights.figure_same
    elif query.figures and theirs:
        score -= weights.figure_other
        other = ([str(f) for f in theirs], [str(f) for f in query.figures])
    claimant = (row.get("claimant") or "").strip().lower()
    if claimant and len(claimant) > 2 and claimant in query.cleaned.lower():
        score += weights.claimant
    if query.names:
        theirs_names = names(text)
        if theirs_names:
            shared = len(query.names & theirs_names)
            score += weights.names * shared / len(query.names | theirs_names)
    terms, theirs_terms = set(query.tokens), set(words(text))
    shared = len(terms & theirs_terms)
    overlap = (
        max(shared / len(terms), shared / len(theirs_terms)) if terms and theirs_terms else 0.0
    )
    return Match(
        row=row,
        score=score,
        same_figures=[str(f) for f in same],
        other_figures=other,
        overlap=overlap,
    )


def search(
    indexes: list[Index],
    text: str,
    model: Model | None,
    limit: int = 5,
    weights: Weights = DEFAULT,
) -> list[Match]:
    """The best ``limit`` checks for ``text`` across ``indexes``, best first."""
    query = prepare(text, model)
    if not query.tokens and query.vector is None:
        return []
    semantic = False
    found: list[tuple[Index, int, float, float]] = []
    for index in indexes:
        semantic = semantic or (index.vectors is not None and query.vector is not None)
        found.extend((index, i, lex, sem) for i, lex, sem in pool(index, query))
    if not found:
        return []
    lex = np.array([f[2] for f in found], dtype=np.float32)
    sem = np.array([f[3] for f in found], dtype=np.float32) if semantic else None
    fused = fuse(lex, sem, weights)
    order = np.argsort(-fused, kind="stable")[: max(RERANK, limit)]
    matches: list[Match] = []
    for j in order:
        index, i, lex_j, sem_j = found[int(j)]
        match = rerank(query, index.rows(i), float(fused[j]), weights)
        match.lexical, match.semantic = lex_j, sem_j
        matches.append(match)
    matches.sort(key=lambda m: -m.score)
    seen: set[str] = set()
    out: list[Match] = []
    for match in matches:
        url = match.row.get("url") or ""
        if url in seen:
            continue
        seen.add(url)
        out.append(match)
        if len(out) == limit:
            break
    return out
