"""Optimal 1:1 assignment without scipy: components, then the Hungarian method."""

from __future__ import annotations

import numpy as np


def assign(score: np.ndarray, allowed: np.ndarray) -> list[tuple[int, int]]:
    """Optimal 1:1 assignment maximising total score over allowed cells.

    The allowed cells form a sparse bipartite graph; each connected component is solved
    on its own (nearly always a single pair), the rest with the Hungarian method.
    """
    n_old, n_new = score.shape
    pairs: list[tuple[int, int]] = []
    seen_old = np.zeros(n_old, dtype=bool)
    rows_of_col = [np.flatnonzero(allowed[:, j]) for j in range(n_new)]
    cols_of_row = [np.flatnonzero(allowed[i]) for i in range(n_old)]
    for root in range(n_old):
        if seen_old[root] or not len(cols_of_row[root]):
            continue
        comp_rows, comp_cols = [root], set()
        seen_old[root] = True
        stack = [root]
        while stack:
            r = stack.pop()
            for c in cols_of_row[r]:
                if c in comp_cols:
                    continue
                comp_cols.add(int(c))
                for r2 in rows_of_col[c]:
                    if not seen_old[r2]:
                        seen_old[r2] = True
                        comp_rows.append(int(r2))
                        stack.append(int(r2))
        cols = sorted(comp_cols)
        rows = sorted(comp_rows)
        if len(rows) == 1 and len(cols) == 1:
            pairs.append((rows[0], cols[0]))
            continue
        sub = score[np.ix_(rows, cols)]
        sub_ok = allowed[np.ix_(rows, cols)]
        for i, j in hungarian(np.where(sub_ok, sub, -1.0)):
            if sub_ok[i, j]:
                pairs.append((rows[i], cols[j]))
    return pairs


def hungarian(profit: np.ndarray) -> list[tuple[int, int]]:
    """Maximum-weight assignment (rectangular) by shortest augmenting paths.

    The classic O(n³) potentials method with the inner loop vectorised in numpy; used only
    on the small tangled components left after the obvious pairs are taken.
    """
    transposed = profit.shape[0] > profit.shape[1]
    cost = -(profit.T if transposed else profit)
    n, m = cost.shape  # n <= m
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    p = np.zeros(m + 1, dtype=np.int64)  # p[j]: row (1-based) assigned to column j
    way = np.zeros(m + 1, dtype=np.int64)
    big = np.inf
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = np.full(m + 1, big)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = p[j0]
            free = ~used[1:]
            cur = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            cand = np.where(free, minv[1:], big)
            j1 = int(np.argmin(cand)) + 1
            delta = cand[j1 - 1]
            used_idx = np.flatnonzero(used)
            u[p[used_idx]] += delta
            v[used_idx] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    result = [(int(p[j]) - 1, j - 1) for j in range(1, m + 1) if p[j]]
    return [(j, i) for i, j in result] if transposed else result
