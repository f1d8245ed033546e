"""Crowding distance (NSGA-II's diversity measure within one front)."""

from __future__ import annotations

import numpy as np


def crowding_distance(losses: np.ndarray) -> np.ndarray:
    """For each row, the sum over objectives of the gap between its two neighbours in that
    objective, divided by the objective's range; larger means a lonelier point.

    As in Optuna's NSGA-II: the extreme rows of an objective get an infinite gap (their
    outer neighbour is taken as -inf or +inf), an objective in which all rows are equal
    adds nothing, the range is that of the finite values (1 when there are fewer than two),
    and the gap between two equal infinities counts as 0. Ties are ordered by row index.

    ``losses``: (n_points, n_objectives), no NaN.

    Example:
        >>> import numpy as np
        >>> crowding_distance(np.array([[0.0, 4.0], [1.0, 2.0], [3.0, 1.0], [4.0, 0.0]]))
        array([ inf, 1.5 , 1.25,  inf])
    """
    losses = np.asarray(losses, dtype=float)
    if losses.ndim != 2:
        raise ValueError(f"Losses must be a 2-D array (points x objectives), got {losses.shape}.")
    n = losses.shape[0]
    distance = np.zeros(n)
    if n == 0:
        return distance
    for column in losses.T:
        order = np.argsort(column, kind="stable")
        v = column[order]
        if v[0] == v[-1]:
            continue
        finite = v[np.isfinite(v)]
        width = finite[-1] - finite[0] if finite.size else 0.0
        if not width > 0:
            width = 1.0
        padded = np.concatenate([[-np.inf], v, [np.inf]])
        lower, upper = padded[:-2], padded[2:]
        with np.errstate(invalid="ignore"):
            gap = np.where(lower == upper, 0.0, upper - lower)
        distance[order] += gap / width
    return distance
