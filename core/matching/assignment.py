"""Optimal 1:1 assignment: connected components first, then SciPy's solver on the rest.

SciPy is imported where the solver runs (a component of more than one pair), not with
the module: it costs about 0.6 s, and the workbench imports matching at start-up."""

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
    """Maximum-weight assignment on a (possibly rectangular) profit matrix.

    SciPy's ``linear_sum_assignment`` is the well-kept, C-implemented solver for exactly
    this; it is called only on the small tangled components left after the obvious pairs
    are taken.
    """
    rows, cols = _solve(profit, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True)]


def _solve(matrix: np.ndarray, maximize: bool = False):
    from scipy.optimize import linear_sum_assignment

    return linear_sum_assignment(matrix, maximize=maximize)
