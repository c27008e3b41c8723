"""Re-anchoring: carry each review to its claim in the new version of an article.

Stages, cheapest first:

1. the same id is the same claim (the extractor's ids are stable for unchanged
   statements);
2. the same statement text (whitespace aside) with the same key figure in it is the same
   claim: a paragraph moved or re-wrapped;
3. the rest are scored old × new on statement (60 %, key figure masked), key figure
   (20 %) and neighbourhood (20 %, the words around the claim in its article), less a
   little for drifting far through the article, and paired by the optimal 1:1
   assignment among pairs above ``REANCHOR_MIN_STATEMENT`` / ``REANCHOR_MIN_TOTAL``.

A pair whose key figure value differs is *changed* (its review needs a second look); an
old claim left over is *removed*, a new one *added*.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from core.matching.assignment import assign
from core.matching.figures import figure_key
from core.matching.text import content_words, statement_body
from core.model import Claim, Figure


@dataclass
class Reanchoring:
    """How the claims of an article's old version map onto its new version."""

    pairs: list[tuple[Claim, Claim]]
    """(old, new): the new claim inherits the old one's id and review."""
    changed: list[tuple[Claim, Claim]]
    """Subset of ``pairs`` whose key figure value changed (26 → 27)."""
    removed: list[Claim]
    """Old claims with no counterpart in the new version."""
    added: list[Claim]
    """New claims with no counterpart in the old version."""


REANCHOR_MIN_STATEMENT = 55.0
"""Statement similarity (0..100, figure masked) below which a claim "changed beyond
recognition": the old one is removed and the new one added."""

REANCHOR_MIN_TOTAL = 60.0
"""Combined score (statement, figure, neighbourhood) a pair needs to be carried over."""

_NEIGHBOURHOOD_CHARS = 160
_CANDIDATES = 5
_BLOCK = 2000  # claims per side scored in one old × new matrix


def _neighbourhood(claim: Claim, text: str) -> str:
    """Content words of the text just before and after the claim in its article."""
    if not text:
        return ""
    start = max(0, min(claim.start, len(text)))
    end = max(start, min(claim.end, len(text)))
    before = text[max(0, start - _NEIGHBOURHOOD_CHARS) : start]
    after = text[end : end + _NEIGHBOURHOOD_CHARS]
    return " ".join(content_words(before)[1:] + content_words(after)[:-1])


def _figure_score(old: Figure | None, new: Figure | None) -> float:
    """0..100: same kind and value 100; same kind, other value up to 80 by surface."""
    if old is None or new is None:
        return 100.0 if old is None and new is None else 0.0
    if figure_key(old) == figure_key(new):
        return 100.0
    if str(old.kind) != str(new.kind):
        return 0.0
    return 0.8 * fuzz.ratio(old.text.lower(), new.text.lower())


def reanchor(
    old_claims: Iterable[Claim],
    new_claims: Iterable[Claim],
    old_text: str,
    new_text: str,
) -> Reanchoring:
    """Map the claims of an article's previous version onto its new version.

    Claims with the same id are the same claim (ids are stable for unchanged claims).
    The rest are scored pairwise on statement (figure masked), key figure and
    neighbourhood, and paired by an optimal 1:1 assignment; a small penalty for moving
    far in the article breaks ties between identical sentences in text order.
    """
    old_list, new_list = list(old_claims), list(new_claims)
    pairs: list[tuple[Claim, Claim]] = []
    new_by_id = {c.id: c for c in new_list}
    taken_new: set[int] = set()
    rest_old: list[Claim] = []
    for claim in old_list:
        twin = new_by_id.get(claim.id)
        if twin is not None and id(twin) not in taken_new:
            pairs.append((claim, twin))
            taken_new.add(id(twin))
        else:
            rest_old.append(claim)
    rest_new = [c for c in new_list if id(c) not in taken_new]

    # Unchanged sentences (moved, or only re-wrapped) pair up by their text; when a
    # sentence occurs a different number of times in the two versions, the scoring below
    # decides by neighbourhood which copies survive.
    exact_old: dict[tuple, list[Claim]] = defaultdict(list)
    exact_new: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in rest_old:
        exact_old[_text_key(claim)].append(claim)
    for claim in rest_new:
        exact_new[_text_key(claim)].append(claim)
    same_text: set[int] = set()
    for text, olds in exact_old.items():
        news = exact_new.get(text, [])
        if len(olds) == len(news):
            pairs.extend(zip(olds, news, strict=True))
            same_text.update(id(c) for c in olds + news)
    rest_old = [c for c in rest_old if id(c) not in same_text]
    rest_new = [c for c in rest_new if id(c) not in same_text]

    matched = _matched(rest_old, rest_new, old_text, new_text)
    used_old = {i for i, _ in matched}
    used_new = {j for _, j in matched}
    pairs.extend((rest_old[i], rest_new[j]) for i, j in matched)
    removed = [c for i, c in enumerate(rest_old) if i not in used_old]
    added = [c for j, c in enumerate(rest_new) if j not in used_new]

    new_order = {id(c): i for i, c in enumerate(new_list)}
    pairs.sort(key=lambda p: new_order[id(p[1])])
    changed = [(o, n) for o, n in pairs if _value_changed(o.key_figure, n.key_figure)]
    return Reanchoring(pairs=pairs, changed=changed, removed=removed, added=added)


def _matched(
    old: list[Claim], new: list[Claim], old_text: str, new_text: str
) -> list[tuple[int, int]]:
    """``_fuzzy_pairs``, in position-aligned blocks when the sides are too big to score
    every old claim against every new one (a heavily rewritten article of many
    thousands of claims would need gigabytes).

    Each block of old claims is matched against the new claims at the same relative
    place in the article, give or take a quarter block, keeping only pairs whose key
    figure is unchanged; what the blocks leave over (changed figures, paragraphs moved
    far) gets one more pass together when that fits in a block, and otherwise goes
    through the blocks again with every pair allowed.
    """
    if len(old) <= _BLOCK and len(new) <= _BLOCK:
        return _fuzzy_pairs(old, new, old_text, new_text)
    pairs = _blocks(old, new, old_text, new_text, sure_only=True)
    used_old = {i for i, _ in pairs}
    used_new = {j for _, j in pairs}
    left_old = [i for i in range(len(old)) if i not in used_old]
    left_new = [j for j in range(len(new)) if j not in used_new]
    if left_old and left_new:
        rest_old, rest_new = [old[i] for i in left_old], [new[j] for j in left_new]
        if len(left_old) <= _BLOCK and len(left_new) <= _BLOCK:
            found = _fuzzy_pairs(rest_old, rest_new, old_text, new_text)
        else:
            found = _blocks(rest_old, rest_new, old_text, new_text, sure_only=False)
        pairs.extend((left_old[a], left_new[b]) for a, b in found)
    return pairs


def _blocks(
    old: list[Claim], new: list[Claim], old_text: str, new_text: str, *, sure_only: bool
) -> list[tuple[int, int]]:
    old_order = sorted(range(len(old)), key=lambda i: old[i].start)
    new_order = sorted(range(len(new)), key=lambda j: new[j].start)
    blocks = -(-len(old) // _BLOCK)
    margin = _BLOCK // 4
    pairs: list[tuple[int, int]] = []
    used_new: set[int] = set()
    for k in range(blocks):
        olds = old_order[k * len(old) // blocks : (k + 1) * len(old) // blocks]
        # The new claims at the same relative place, widened so a claim shifted by
        # inserted or cut paragraphs still has its counterpart in view.
        lo = max(0, k * len(new) // blocks - margin)
        hi = min(len(new), (k + 1) * len(new) // blocks + margin)
        news = [j for j in new_order[lo:hi] if j not in used_new]
        found = _fuzzy_pairs([old[i] for i in olds], [new[j] for j in news], old_text, new_text)
        for a, b in found:
            # First time round only sure pairs (same figure): a claim whose counterpart
            # is out of view would otherwise take a look-alike from the next block.
            if not sure_only or _same_key(old[olds[a]], new[news[b]]):
                pairs.append((olds[a], news[b]))
                used_new.add(news[b])
    return pairs


def _same_key(old: Claim, new: Claim) -> bool:
    key = figure_key(old.key_figure)
    return key == figure_key(new.key_figure)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _text_key(claim: Claim) -> tuple:
    """Statement (whitespace-insensitive) plus which figure in it is the key one: one
    sentence can carry two claims ("handed over 29 … the 1985 killing")."""
    fig = claim.key_figure
    if fig is None:
        return (_squash(claim.statement), "", -1)
    rel = max(0, fig.start - claim.start)
    return (_squash(claim.statement), fig.text, len(_squash(claim.statement[:rel])))


def _top_per_group(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Mask of the ``_CANDIDATES`` highest values within each group (ties by position)."""
    order = np.lexsort((-values, groups))
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    counts = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, counts)
    keep = np.zeros(len(order), dtype=bool)
    keep[order[rank < _CANDIDATES]] = True
    return keep


def _statement_scores(old: list[list[str]], new: list[list[str]]) -> np.ndarray:
    """old × new statement similarity, 0..100 (0 where no content word is shared).

    0.7 × token_set_ratio + 0.3 × token_sort_ratio: the set ratio forgives added or cut
    words, the sort ratio keeps a long rewrite from matching a short fragment of itself
    at 100. The set ratio is costly, so it is computed only for pairs that share at least
    a third of the shorter statement's words (found with an inverted index); the sort
    ratio is a plain ratio over pre-sorted words, in one ``process.cdist`` call.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for j, words in enumerate(new):
        for word in set(words):
            postings[word].append(j)
    index = {w: np.array(js, dtype=np.int64) for w, js in postings.items()}
    old_sorted = [" ".join(sorted(words)) for words in old]
    new_sorted = [" ".join(sorted(words)) for words in new]
    sort = process.cdist(old_sorted, new_sorted, scorer=fuzz.ratio, workers=-1)
    new_sizes = np.array([len(set(words)) for words in new], dtype=np.float64)
    scores = np.zeros((len(old), len(new)))
    for i, words in enumerate(old):
        shared = np.zeros(len(new))
        unique = set(words)
        for word in unique:
            hits = index.get(word)
            if hits is not None:
                shared[hits] += 1
        shorter = np.minimum(new_sizes, max(len(unique), 1))
        for j in np.flatnonzero(shared >= np.maximum(1, shorter / 3)).tolist():
            token_set = fuzz.token_set_ratio(old_sorted[i], new_sorted[j])
            scores[i, j] = 0.7 * token_set + 0.3 * sort[i, j]
    return scores


def _fuzzy_pairs(
    old: list[Claim], new: list[Claim], old_text: str, new_text: str
) -> list[tuple[int, int]]:
    """Score old × new and pick the optimal 1:1 pairs above the thresholds.

    The statement matrix is computed in full with ``process.cdist``; the figure and
    neighbourhood scores only for the cells whose statement is close enough to count,
    which keeps a 1,000-claim rewrite from scoring a million neighbourhoods.
    """
    if not old or not new:
        return []
    old_words = [statement_body(c).split() for c in old]
    new_words = [statement_body(c).split() for c in new]
    stmt = _statement_scores(old_words, new_words)
    rows, cols = np.nonzero(stmt >= REANCHOR_MIN_STATEMENT)
    if len(rows) > _CANDIDATES * (stmt.shape[0] + stmt.shape[1]):
        # Only a claim's few best statement matches (in either direction) can win the
        # assignment; a templated article would otherwise bring hundreds per claim.
        values = stmt[rows, cols]
        keep = _top_per_group(rows, values) | _top_per_group(cols, values)
        rows, cols = rows[keep], cols[keep]
    total = np.full(stmt.shape, -np.inf)
    old_hood: dict[int, str] = {}
    new_hood: dict[int, str] = {}
    old_keys = [figure_key(c.key_figure) for c in old]
    new_keys = [figure_key(c.key_figure) for c in new]
    old_len, new_len = max(len(old_text), 1), max(len(new_text), 1)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if i not in old_hood:
            old_hood[i] = _neighbourhood(old[i], old_text)
        if j not in new_hood:
            new_hood[j] = _neighbourhood(new[j], new_text)
        hood = fuzz.token_set_ratio(old_hood[i], new_hood[j])
        if old_keys[i] is not None and old_keys[i] == new_keys[j]:
            figure = 100.0
        else:
            figure = _figure_score(old[i].key_figure, new[j].key_figure)
        drift = abs(old[i].start / old_len - new[j].start / new_len)
        total[i, j] = 0.6 * stmt[i, j] + 0.2 * figure + 0.2 * hood - 2.0 * drift
    allowed = total >= REANCHOR_MIN_TOTAL
    return assign(total, allowed)


def _value_changed(old: Figure | None, new: Figure | None) -> bool:
    if old is None or new is None:
        return (old is None) != (new is None)
    return figure_key(old) != figure_key(new)
