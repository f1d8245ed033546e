"""Output transforms: what the GP sees of objective and constraint values."""

from __future__ import annotations

import math

import numpy as np

# Yeo-Johnson exponents are searched in [-4, 4]: the likelihood is flat beyond with a few
# dozen points, and a huge exponent would amplify rounding noise at the top.
_MAX_ABS_LAMBDA = 4.0


def standardize(values: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Zero mean, unit variance, and the ``(mean, sd)`` that undo it.

    Infinite values are clipped to the finite range first, and huge magnitudes are
    rescaled before squaring so nothing overflows. Constant input gives zeros.
    """
    v = np.asarray(values, dtype=float)
    finite = np.isfinite(v)
    if not finite.any():
        return np.zeros_like(v), 0.0, 1.0
    v = np.clip(v, v[finite].min(), v[finite].max())
    center = float(np.median(v))
    scale = float(np.max(np.abs(v - center)))
    if scale == 0.0 or not math.isfinite(scale):
        return np.zeros_like(v), center, 1.0
    u = (v - center) / scale
    mean, sd = float(u.mean()), float(u.std())
    sd = sd if sd > 0.0 else 1.0
    return (u - mean) / sd, center + scale * mean, scale * sd


def _yeo_johnson(y: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Yeo-Johnson transform of ``y`` (n,) for each exponent in ``lam`` (g,): (g, n)."""
    lam = lam[:, None]
    pos = y >= 0.0
    log_pos = np.log1p(np.where(pos, y, 0.0))
    log_neg = np.log1p(np.where(pos, 0.0, -y))
    # expm1(l t) / l -> t as l -> 0: the exact limits are taken where l is (nearly) 0.
    small = np.abs(lam) < 1e-8
    up = np.where(small, log_pos, np.expm1(lam * log_pos) / np.where(small, 1.0, lam))
    two = 2.0 - lam
    small2 = np.abs(two) < 1e-8
    down = -np.where(small2, log_neg, np.expm1(two * log_neg) / np.where(small2, 1.0, two))
    return np.asarray(np.where(pos, up, down), dtype=float)


def _yeo_johnson_exponent(y: np.ndarray) -> float:
    """The exponent on a 0.05 grid over ``[-4, 4]`` that maximizes the normal profile
    log-likelihood of the transformed values (Jacobian included), in one vectorized pass."""
    grid = np.linspace(-_MAX_ABS_LAMBDA, _MAX_ABS_LAMBDA, int(40 * _MAX_ABS_LAMBDA) + 1)
    with np.errstate(all="ignore"):
        transformed = _yeo_johnson(y, grid)
        log_jacobian = (grid - 1.0) * float(np.sum(np.sign(y) * np.log1p(np.abs(y))))
        llf = -0.5 * y.size * np.log(transformed.var(axis=1)) + log_jacobian
    llf = np.where(np.isfinite(llf), llf, -np.inf)
    return float(grid[int(np.argmax(llf))]) if np.isfinite(llf).any() else 1.0


def warp_objective(values: np.ndarray) -> np.ndarray:
    """Standardized values (to maximize) made closer to normal by a Yeo-Johnson power
    transform whose exponent maximizes the normal likelihood, then standardized again.

    The transform is monotone, so it keeps the order of the trials and the location of
    the optimum. It matters for losses with a heavy tail (Rosenbrock, Branin, diverging
    training runs): standardized as they are, a few awful values set the scale and the
    region near the optimum looks flat to a stationary GP; warped, the GP resolves it.
    This is the output warping of HEBO (Cowen-Rivers et al. 2022).

        >>> y = -np.array([0.1, 0.2, 0.5, 3.0, 80.0])  # a loss with one awful value
        >>> w = warp_objective(y)
        >>> bool(np.all(np.diff(w) < 0)), bool(w[0] - w[1] > (y[0] - y[1]) / y.std())
        (True, True)
    """
    y, _, _ = standardize(values)
    if np.ptp(y) == 0.0:
        return y
    warped = _yeo_johnson(y, np.array([_yeo_johnson_exponent(y)]))[0]
    if not np.all(np.isfinite(warped)) or np.ptp(warped) == 0.0:
        return y
    return standardize(warped)[0]
