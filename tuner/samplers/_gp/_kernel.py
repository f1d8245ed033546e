"""Matérn-5/2 kernel with one length scale per dimension (ARD).

Numeric columns contribute ``w_j (x_j - x'_j)^2`` to the squared distance, categorical
columns ``w_j [x_j != x'_j]`` (a Hamming distance), with ``w_j = 1 / lengthscale_j^2``.
"""

from __future__ import annotations

import numpy as np

_SQRT5 = np.sqrt(5.0)


def matern52(r2: np.ndarray, signal: float) -> tuple[np.ndarray, np.ndarray]:
    """Kernel values and their derivative with respect to the squared distance ``r2``."""
    r = np.sqrt(r2)
    e = np.exp(-_SQRT5 * r)
    k = signal * (1.0 + _SQRT5 * r + (5.0 / 3.0) * r2) * e
    dk_dr2 = -(5.0 / 6.0) * signal * (1.0 + _SQRT5 * r) * e
    return k, dk_dr2


def pairwise_sq_diffs(x1: np.ndarray, x2: np.ndarray, is_cat: np.ndarray) -> np.ndarray:
    """Per-dimension squared differences, shape (len(x1), len(x2), d)."""
    diff = x1[:, None, :] - x2[None, :, :]
    return np.asarray(np.where(is_cat, (diff != 0.0).astype(float), diff * diff), dtype=float)


def weighted_sq_dist(
    x1: np.ndarray, x2: np.ndarray, w: np.ndarray, is_cat: np.ndarray
) -> np.ndarray:
    """``sum_j w_j d_j(x1, x2)`` without building the (n1, n2, d) tensor."""
    num = ~is_cat
    a, b, wn = x1[:, num], x2[:, num], w[num]
    r2 = (a * a) @ wn[:, None] + ((b * b) @ wn)[None, :] - 2.0 * (a * wn) @ b.T
    np.maximum(r2, 0.0, out=r2)
    for j in np.flatnonzero(is_cat):
        r2 += w[j] * (x1[:, j, None] != x2[None, :, j])
    return np.asarray(r2, dtype=float)
