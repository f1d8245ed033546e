"""Exact hypervolume of loss points (minimization), contributions, and the reference point.

2-D is a sorted sweep; higher dimensions slice along the last objective and recurse,
which is exact and fast for the front sizes samplers see (tens to hundreds of points).
"""

from __future__ import annotations

import numpy as np

from tuner._multi_objective._pareto import is_pareto_front


def hypervolume(points: np.ndarray, reference: np.ndarray) -> float:
    """Volume dominated by ``points`` (rows, smaller is better) and bounded by ``reference``.

    Example:
        >>> import numpy as np
        >>> hypervolume(np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([3.0, 3.0]))
        3.0
    """
    points = np.asarray(points, dtype=float)
    reference = np.asarray(reference, dtype=float)
    if points.ndim != 2 or points.shape[1] != reference.shape[0]:
        raise ValueError(
            f"points must be (n, {reference.shape[0]}) to match the reference point, "
            f"got shape {points.shape}."
        )
    points = points[np.all(points < reference, axis=1)]
    if len(points) == 0:
        return 0.0
    return _hv(points, reference)


def _hv(points: np.ndarray, reference: np.ndarray) -> float:
    if points.shape[1] == 1:
        return float(reference[0] - points[:, 0].min())
    if points.shape[1] == 2:
        return _hv2d(points, reference)
    points = points[is_pareto_front(points)]
    order = np.argsort(points[:, -1], kind="stable")
    points = points[order]
    heights = np.diff(np.append(points[:, -1], reference[-1]))
    total = 0.0
    for i in np.flatnonzero(heights > 0):
        total += heights[i] * _hv(points[: i + 1, :-1], reference[:-1])
    return total


def _hv2d(points: np.ndarray, reference: np.ndarray) -> float:
    order = np.lexsort((points[:, 1], points[:, 0]))
    x = points[order, 0]
    y_best = np.minimum.accumulate(points[order, 1])
    widths = np.diff(np.append(x, reference[0]))
    return float(np.sum(widths * (reference[1] - y_best)))


def exclusive_contributions(points: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """For each row, the hypervolume lost when that row alone is removed."""
    n = len(points)
    if n == 0:
        return np.empty(0)
    if points.shape[1] == 2 and np.all(is_pareto_front(points)):
        # On a 2-D front sorted by x, y decreases: each point owns one rectangle.
        order = np.lexsort((points[:, 1], points[:, 0]))
        x, y = points[order, 0], points[order, 1]
        right = np.append(x[1:], reference[0])
        upper = np.concatenate([[reference[1]], y[:-1]])
        out = np.empty(n)
        out[order] = np.clip(right - x, 0, None) * np.clip(upper - y, 0, None)
        return out
    total = hypervolume(points, reference)
    keep = ~np.eye(n, dtype=bool)
    return np.array(
        [total - hypervolume(points[keep[i]], reference) for i in range(n)], dtype=float
    )


def select_by_contribution(points: np.ndarray, reference: np.ndarray, k: int) -> np.ndarray:
    """Indices of ``k`` rows chosen to keep the hypervolume large: repeatedly drop the row
    whose removal costs the least."""
    remaining = np.arange(len(points))
    while len(remaining) > k:
        contrib = exclusive_contributions(points[remaining], reference)
        remaining = np.delete(remaining, int(np.argmin(contrib)))
    return remaining


# Margin of the reference point beyond the worst loss, relative to the observed range, and
# its floor (for an objective whose losses are all equal).
_REFERENCE_MARGIN = 0.1
_MIN_REFERENCE_MARGIN = 1e-3


def loss_reference_point(losses: np.ndarray) -> np.ndarray:
    """The reference point for hypervolumes of ``losses`` (rows, smaller is better): the
    worst loss of each objective plus 10% of that objective's range, at least 1e-3.

    Every row is strictly better than it in every objective, so each contributes volume,
    and the extremes of a front keep room to improve in. It depends only on the range, so
    shifting or scaling an objective moves it along. To use it on maximized values ``y``,
    take ``-loss_reference_point(-y)``.

    Example:
        >>> loss_reference_point(np.array([[0.0, 5.0], [10.0, 5.0]])).tolist()
        [11.0, 5.001]
    """
    losses = np.asarray(losses, dtype=float)
    best, worst = losses.min(axis=0), losses.max(axis=0)
    margin = np.maximum(_REFERENCE_MARGIN * (worst - best), _MIN_REFERENCE_MARGIN)
    return np.asarray(worst + margin, dtype=float)
