"""Output transforms: what the GP sees of objective and constraint values."""

from __future__ import annotations

import math
import warnings

import numpy as np
import scipy.stats

# Yeo-Johnson exponents beyond this are clipped: the likelihood is flat out there with a
# few dozen points, and a huge exponent would amplify rounding noise at the top.
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
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            lam = float(scipy.stats.yeojohnson_normmax(y))
        except (ValueError, FloatingPointError, RuntimeError):
            return y
        if not math.isfinite(lam):
            return y
        warped = scipy.stats.yeojohnson(y, lmbda=min(max(lam, -_MAX_ABS_LAMBDA), _MAX_ABS_LAMBDA))
    if not np.all(np.isfinite(warped)) or np.ptp(warped) == 0.0:
        return y
    return standardize(warped)[0]
