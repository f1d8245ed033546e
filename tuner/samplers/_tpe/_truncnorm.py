"""Vectorized truncated-normal helpers, stable far into the tails.

Everything works on standardized bounds ``a = (low - mu) / sigma``, ``b = (high - mu) /
sigma`` and broadcasts over arrays, so a whole mixture is evaluated in one call.
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_ndtr, ndtr, ndtri_exp

from tuner._numerics import log1mexp

# log1mexp(0) is -inf; a difference of two equal log CDFs (an interval of zero mass in
# floats) is clamped just below 0 instead.
_NEG_TINY = -1e-300


def log_gauss_mass(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """log(Phi(b) - Phi(a)) for a <= b, elementwise."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    # Both bounds right of 0: use the mirror image so the CDF values stay far from 1.
    right = a > 0
    lo = np.where(right, -b, a)
    hi = np.where(right, -a, b)
    # Plain CDF differences are exact to a few ulps unless the mass is tiny against
    # Phi(hi); only those entries take the slower log-space route.
    phi_hi = ndtr(hi)
    mass = phi_hi - ndtr(lo)
    with np.errstate(divide="ignore"):
        out = np.log(mass)
    hard = ~(mass > 1e-7 * phi_hi) | (mass <= 1e-300)
    if hard.any():
        lo_h, hi_h = lo[hard], hi[hard]
        with np.errstate(divide="ignore", invalid="ignore"):
            log_hi = log_ndtr(hi_h)
            tail = log_hi + log1mexp(np.minimum(log_ndtr(lo_h) - log_hi, _NEG_TINY))
        out[hard] = np.where(lo_h == hi_h, -np.inf, tail)
    return np.asarray(out, dtype=float)


def sample(
    rng: np.random.Generator,
    mu: np.ndarray,
    sigma: np.ndarray,
    low: np.ndarray | float,
    high: np.ndarray | float,
) -> np.ndarray:
    """One draw of N(mu, sigma) truncated to [low, high] per element, by inverting the CDF
    in log space (exact even when the interval lies many sigmas away from mu)."""
    a = (low - mu) / sigma
    b = (high - mu) / sigma
    # Work on the side of the mirror where the interval's CDF values are small.
    flip = a > 0
    lo = np.where(flip, -b, a)
    hi = np.where(flip, -a, b)
    log_lo = log_ndtr(lo)
    log_mass = log_gauss_mass(lo, hi)
    u = rng.random(np.shape(mu))
    with np.errstate(divide="ignore"):
        log_p = np.logaddexp(log_lo, np.log(u) + log_mass)
    z = ndtri_exp(np.minimum(log_p, 0.0))
    z = np.clip(z, lo, hi)
    z = np.where(flip, -z, z)
    return np.asarray(np.clip(mu + sigma * z, low, high), dtype=float)
