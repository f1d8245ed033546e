"""Pareto dominance on loss matrices: the front mask and non-domination ranks.

Row ``a`` dominates row ``b`` when ``a <= b`` in every column and ``a < b`` in one. Both
functions first reduce the rows to their unique values in lexicographic order: then a row
can only be dominated by rows before it, and two distinct rows never tie, which every
algorithm below relies on. Identical rows share one answer (one rank, both on the front or
neither).
"""

from __future__ import annotations

import bisect

import numpy as np

# Rows compared per vectorized step in the n-objective front filter: (front + block) x block
# x objectives booleans per step, a few MB at most, and few Python iterations per front.
_BLOCK = 256


def _unique_lexsorted(losses: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    losses = np.asarray(losses, dtype=float)
    if losses.ndim != 2:
        raise ValueError(f"Losses must be a 2-D array (points x objectives), got {losses.shape}.")
    if np.isnan(losses).any():
        raise ValueError("Losses must not contain NaN (map it to +inf first: the worst loss).")
    n = losses.shape[0]
    if n == 0:
        return losses, np.zeros(0, dtype=np.int64)
    order = np.lexsort(losses.T[::-1])
    rows = losses[order]
    new = np.ones(n, dtype=bool)
    new[1:] = np.any(rows[1:] != rows[:-1], axis=1)
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return rows[new], inverse


def _weakly_dominates(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``out[i, j]``: row ``a[i] <= b[j]`` in every column. Column by column, which is an
    order of magnitude faster than ``np.all`` over a third axis."""
    out = a[:, None, 0] <= b[None, :, 0]
    for j in range(1, a.shape[1]):
        out &= a[:, None, j] <= b[None, :, j]
    return out


def _front_of_unique(rows: np.ndarray) -> np.ndarray:
    """Front mask of unique, lexicographically sorted rows."""
    n, k = rows.shape
    on_front = np.zeros(n, dtype=bool)
    if n == 0:
        return on_front
    if k == 1:
        on_front[0] = True
        return on_front
    if k == 2:
        # Sorted by the first column, a row is on the front iff its second value is below
        # that of every row before it.
        on_front[0] = True
        on_front[1:] = rows[1:, 1] < np.minimum.accumulate(rows[:-1, 1])
        return on_front
    # A row is dominated only by earlier rows, and if by any, then by a front row (every
    # dominated row has a non-dominated dominator), so each block is checked against the
    # front found so far and against itself.
    front = np.empty((0, k))
    for start in range(0, n, _BLOCK):
        block = rows[start : start + _BLOCK]
        beaten = _weakly_dominates(front, block).any(axis=0)
        inside = _weakly_dominates(block, block)
        np.fill_diagonal(inside, False)
        keep = ~(beaten | inside.any(axis=0))
        on_front[start : start + len(block)] = keep
        front = np.concatenate([front, block[keep]])
    return on_front


def is_pareto_front(losses: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows that no other row dominates (identical rows all stay).

    ``losses``: (n_points, n_objectives), smaller is better, no NaN. O(n log n) for two
    objectives; for more, vectorized blocks compared with the front found so far.

    Example:
        >>> import numpy as np
        >>> is_pareto_front(np.array([[1.0, 2.0], [2.0, 1.0], [2.0, 2.0], [1.0, 2.0]])).tolist()
        [True, True, False, True]
    """
    unique, inverse = _unique_lexsorted(losses)
    mask: np.ndarray = _front_of_unique(unique)[inverse]
    return mask


def _ranks_2d(rows: np.ndarray) -> np.ndarray:
    """Non-domination ranks of unique, lexicographically sorted 2-objective rows.

    The rank of a row is the length of the longest chain of rows dominating it. Keep, per
    rank, the smallest second value seen so far ("tails", non-decreasing): a row with second
    value ``y`` is dominated by a row of rank ``r`` iff ``tails[r] <= y`` (that row comes
    earlier, so its first value is not larger), so its rank is the first ``r`` with
    ``tails[r] > y``: a binary search. O(n log n).
    """
    tails: list[float] = []
    ranks = np.empty(len(rows), dtype=np.int64)
    for i, y in enumerate(rows[:, 1].tolist()):
        r = bisect.bisect_right(tails, y)
        if r == len(tails):
            tails.append(y)
        else:
            tails[r] = y
        ranks[i] = r
    return ranks


def _ranks_nd(rows: np.ndarray) -> np.ndarray:
    """Non-domination ranks of unique, lexicographically sorted rows (3+ objectives).

    A row's rank is one more than the largest rank among the rows dominating it (0 when
    none does), and those rows all come earlier. So rows are ranked block by block: against
    every earlier block at once, vectorized, then within the block by a few passes of the
    same rule (as many as the longest chain of dominance inside the block).
    """
    n = len(rows)
    ranks = np.zeros(n, dtype=np.int32)
    for start in range(0, n, _BLOCK):
        block = rows[start : start + _BLOCK]
        earlier = rows[:start]
        beaten = _weakly_dominates(earlier, block)
        block_ranks = np.where(beaten, ranks[:start, None] + 1, 0).max(axis=0, initial=0)
        inside = _weakly_dominates(block, block)
        np.fill_diagonal(inside, False)
        while True:
            updated = np.maximum(
                block_ranks, np.where(inside, block_ranks[:, None] + 1, 0).max(axis=0)
            )
            if np.array_equal(updated, block_ranks):
                break
            block_ranks = updated
        ranks[start : start + len(block)] = block_ranks
    return ranks.astype(np.int64)


def non_domination_ranks(losses: np.ndarray, n_below: int | None = None) -> np.ndarray:
    """Non-domination rank of each row: 0 for the Pareto front, 1 for the front of the rest,
    and so on.

    Args:
        losses: (n_points, n_objectives), smaller is better, no NaN.
        n_below: With 3+ objectives, only the fronts holding the best ``n_below`` rows are
            needed: they are peeled one by one, and every row left gets one more than the
            last rank peeled. For callers that keep the best ``n_below`` (a TPE split);
            ignored for 1 or 2 objectives, whose exact ranks cost O(n log n) anyway.

    Example:
        >>> import numpy as np
        >>> non_domination_ranks(np.array([[1.0, 3.0], [2.0, 2.0], [3.0, 3.0], [4.0, 4.0]]))
        array([0, 0, 1, 2])
    """
    unique, inverse = _unique_lexsorted(losses)
    n, k = unique.shape
    ranks: np.ndarray
    if k == 1:
        ranks = np.arange(n, dtype=np.int64)
    elif k == 2:
        ranks = _ranks_2d(unique)
    elif n_below is None or n_below >= n:
        ranks = _ranks_nd(unique)
    else:
        ranks = _peeled_ranks(unique, n_below)
    out: np.ndarray = ranks[inverse]
    return out


def _peeled_ranks(unique: np.ndarray, n_below: int) -> np.ndarray:
    """Ranks of the fronts holding the best ``n_below`` rows, peeled one by one; every row
    left gets the next rank."""
    n = len(unique)
    ranks = np.empty(n, dtype=np.int64)
    remaining = np.arange(n)
    rank = 0
    while remaining.size and n - remaining.size < n_below:
        on_front = _front_of_unique(unique[remaining])
        ranks[remaining[on_front]] = rank
        remaining = remaining[~on_front]
        rank += 1
    ranks[remaining] = rank
    return ranks
