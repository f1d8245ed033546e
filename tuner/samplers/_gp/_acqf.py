"""Log expected improvement (stable far into the tails) and log probability of
feasibility, with gradients, for a batch of points."""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np
from scipy.special import erfcx, log_ndtr, ndtr

from tuner._numerics import LOG_SQRT_2PI, log1mexp
from tuner.samplers._gp._gp import GPPosterior

_C2 = 0.5 * math.log(math.pi / 2.0)
_INV_SQRT_EPS = 1.0 / math.sqrt(np.finfo(float).eps)


def log_h(z: np.ndarray) -> np.ndarray:
    """``log(phi(z) + z Phi(z))``, i.e. log EI / sigma, without underflow for any ``z``.

    For ``z > -1`` the direct formula is exact enough; below, ``h`` is rewritten with the
    scaled complementary error function (Ament et al. 2023, eq. 9); below
    ``-1/sqrt(eps)`` its asymptote ``-z^2/2 - log(2 pi)/2 - 2 log|z|`` is exact in floats.
    """
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    upper = z > -1.0
    zu = z[upper]
    out[upper] = np.log(np.exp(-0.5 * zu * zu - LOG_SQRT_2PI) + zu * ndtr(zu))
    mid = (~upper) & (z > -_INV_SQRT_EPS)
    zm = z[mid]
    log_tail = np.log(erfcx(-zm / math.sqrt(2.0)) * np.abs(zm)) + _C2
    out[mid] = -0.5 * zm * zm - LOG_SQRT_2PI + log1mexp(log_tail)
    low = ~(upper | mid)
    zl = z[low]
    out[low] = -0.5 * zl * zl - LOG_SQRT_2PI - 2.0 * np.log(np.abs(zl))
    return out


def _dlog_h(z: np.ndarray, lh: np.ndarray) -> np.ndarray:
    # h'(z) = Phi(z), so d log h / dz = Phi(z) / h(z), formed in log space.
    return np.asarray(np.exp(log_ndtr(z) - lh), dtype=float)


class Acquisition(Protocol):
    """What the optimizer needs from an acquisition function (to be maximized)."""

    def value(self, x: np.ndarray) -> np.ndarray:
        """Values at the rows of ``x``: shape (m,)."""
        ...

    def value_and_grad(self, x: np.ndarray, dims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Values (m,) and gradients with respect to the columns ``dims`` (m, len(dims))."""
        ...


def log_feasibility(constraints: list[tuple[GPPosterior, float]], x: np.ndarray) -> np.ndarray:
    """Sum over constraint GPs of ``log P(c(x) <= threshold)``."""
    total = np.zeros(x.shape[0])
    for gp, threshold in constraints:
        mean, var = gp.predict(x)
        total += log_ndtr((threshold - mean) / np.sqrt(var))
    return total


def log_feasibility_and_grad(
    constraints: list[tuple[GPPosterior, float]], x: np.ndarray, dims: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`log_feasibility` and its gradient with respect to the columns ``dims``."""
    total = np.zeros(x.shape[0])
    grad = np.zeros((x.shape[0], dims.size))
    for gp, threshold in constraints:
        mean, var, dmean, dvar = gp.predict_with_grad(x, dims)
        sd = np.sqrt(var)
        z = (threshold - mean) / sd
        lp = log_ndtr(z)
        total += lp
        dsd = dvar / (2.0 * sd[:, None])
        dz = (-dmean - z[:, None] * dsd) / sd[:, None]
        # d log Phi / dz = phi(z) / Phi(z)
        grad += np.exp(-0.5 * z * z - LOG_SQRT_2PI - lp)[:, None] * dz
    return total, grad


class LogEIAcquisition:
    """log EI of the objective GP (maximization, standardized units) plus, per constraint
    GP, log P(constraint <= threshold). Without a feasible incumbent only the feasibility
    terms count, which steers the search into the feasible region first."""

    def __init__(
        self,
        objective: GPPosterior,
        best: float | None,
        constraints: list[tuple[GPPosterior, float]],
    ) -> None:
        self.objective = objective
        self.best = best
        self.constraints = constraints

    def value(self, x: np.ndarray) -> np.ndarray:
        total = np.zeros(x.shape[0])
        if self.best is not None:
            mean, var = self.objective.predict(x)
            sd = np.sqrt(var)
            total += np.log(sd) + log_h((mean - self.best) / sd)
        total += log_feasibility(self.constraints, x)
        return total

    def value_and_grad(self, x: np.ndarray, dims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        total = np.zeros(x.shape[0])
        grad = np.zeros((x.shape[0], dims.size))
        if self.best is not None:
            mean, var, dmean, dvar = self.objective.predict_with_grad(x, dims)
            sd = np.sqrt(var)
            z = (mean - self.best) / sd
            lh = log_h(z)
            total += np.log(sd) + lh
            dsd = dvar / (2.0 * sd[:, None])
            dz = (dmean - z[:, None] * dsd) / sd[:, None]
            grad += dsd / sd[:, None] + _dlog_h(z, lh)[:, None] * dz
        feas, feas_grad = log_feasibility_and_grad(self.constraints, x, dims)
        return total + feas, grad + feas_grad
