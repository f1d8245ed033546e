"""Exact GP regression: hyperparameter fit by maximum a posteriori and the posterior."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg
import scipy.optimize

from tuner.samplers._gp._kernel import matern52, pairwise_sq_diffs, weighted_sq_dist

# Noise variance used when the objective is deterministic, and the lower bound otherwise.
NOISE_FLOOR = 1e-6
_LOG_W_BOUNDS = (math.log(1e-4), math.log(2.5e3))  # length scales from 0.02 to 100
_LOG_SIGNAL_BOUNDS = (math.log(1e-2), math.log(1e2))
_LOG_NOISE_BOUNDS = (math.log(NOISE_FLOOR), math.log(1.0))
# Log-normal priors (on standardized outputs and unit-cube inputs). The length-scale median
# grows like sqrt(d), as argued by Hvarfner et al. 2024 ("Vanilla Bayesian optimization
# performs great in high dimensions"), but from a shorter base and with a tighter spread:
# with few points a loose prior lets the fit explain the data as white noise with tiny
# length scales, which ruins the acquisition.
_LS_PRIOR_BASE = math.log(0.3)
_LS_PRIOR_SD = 1.0
_SIGNAL_PRIOR = (0.0, 1.5)
_NOISE_PRIOR = (-10.0, 2.0)


def cholesky_with_jitter(a: np.ndarray) -> np.ndarray:
    """Lower Cholesky factor; adds growing jitter to the diagonal until it succeeds."""
    scale = float(np.mean(np.diag(a))) if a.size else 1.0
    jitter = 0.0
    for _ in range(12):
        try:
            return np.linalg.cholesky(a + jitter * np.eye(a.shape[0]))
        except np.linalg.LinAlgError:
            jitter = scale * 1e-9 if jitter == 0.0 else jitter * 10.0
    if not np.all(np.isfinite(a)):
        raise np.linalg.LinAlgError("The kernel matrix holds NaN or infinite entries.")
    return np.linalg.cholesky(a + (jitter + scale) * np.eye(a.shape[0]))


def ls_prior_mean(dim: int) -> float:
    """Prior median of the log length scale in ``dim`` dimensions."""
    return _LS_PRIOR_BASE + 0.5 * math.log(max(dim, 1))


def default_params(dim: int) -> np.ndarray:
    """Prior medians: ``[log w_1..w_d, log signal, log noise]``."""
    log_ls = ls_prior_mean(dim)
    return np.concatenate([np.full(dim, -2.0 * log_ls), [0.0, _NOISE_PRIOR[0]]])


@dataclass
class GPPosterior:
    """A fitted GP on unit-cube inputs ``x`` and standardized outputs ``y``."""

    x: np.ndarray
    y: np.ndarray
    is_cat: np.ndarray
    params: np.ndarray  # [log w (d), log signal, log noise]
    # Inverse of the lower Cholesky factor L of K + noise I. Formed once per posterior, it
    # turns every prediction into matrix products: the optimizer asks for thousands of
    # single-point predictions, where triangular solves cost more in call overhead.
    chol_inv: np.ndarray
    alpha: np.ndarray  # (K + noise I)^-1 (y - prior_mean)
    prior_mean: float

    @property
    def w(self) -> np.ndarray:
        return np.asarray(np.exp(self.params[:-2]), dtype=float)

    @property
    def signal(self) -> float:
        return float(np.exp(self.params[-2]))

    @classmethod
    def build(
        cls, x: np.ndarray, y: np.ndarray, is_cat: np.ndarray, params: np.ndarray
    ) -> GPPosterior:
        w, signal, noise = np.exp(params[:-2]), math.exp(params[-2]), math.exp(params[-1])
        k, _ = matern52(weighted_sq_dist(x, x, w, is_cat), signal)
        k[np.diag_indices_from(k)] += noise
        chol = cholesky_with_jitter(k)
        chol_inv, info = scipy.linalg.lapack.dtrtri(chol, lower=1)
        if info != 0:  # unreachable for a successful Cholesky factor; kept as a guard
            chol_inv = scipy.linalg.solve_triangular(chol, np.eye(len(y)), lower=True)
        chol_inv = np.tril(chol_inv)
        # The constant prior mean is its generalized-least-squares estimate under the
        # fitted kernel (ordinary kriging), not the plain average: once most trials cluster
        # near the optimum, the average is optimistic about unexplored regions and sends
        # proposals to the corners; GLS discounts correlated, clustered points.
        ones = chol_inv @ np.ones(len(y))
        prior_mean = float(ones @ (chol_inv @ y) / (ones @ ones))
        alpha = chol_inv.T @ (chol_inv @ (y - prior_mean))
        return cls(x, y, is_cat, params, chol_inv, alpha, prior_mean)

    def with_fantasies(self, x_new: np.ndarray) -> GPPosterior:
        """Condition on ``x_new`` observed at the posterior mean (a 'kriging believer'), so
        the variance shrinks there and other workers' running points are not proposed."""
        if x_new.shape[0] == 0:
            return self
        mean, _ = self.predict(x_new)
        x = np.concatenate([self.x, x_new])
        y = np.concatenate([self.y, mean])
        return GPPosterior.build(x, y, self.is_cat, self.params)

    def predict(self, xq: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and variance of the latent function at ``xq``."""
        k, _ = matern52(weighted_sq_dist(xq, self.x, self.w, self.is_cat), self.signal)
        v = k @ self.chol_inv.T  # rows: L^-1 k(x, X)
        var = self.signal - np.einsum("ij,ij->i", v, v)
        return self.prior_mean + k @ self.alpha, np.maximum(var, 1e-12 * self.signal)

    def predict_with_grad(
        self, xq: np.ndarray, dims: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Mean, variance and their gradients with respect to the columns ``dims``."""
        w = self.w
        k, dk_dr2 = matern52(weighted_sq_dist(xq, self.x, w, self.is_cat), self.signal)
        v = k @ self.chol_inv.T  # rows: L^-1 k(x, X)
        kinv_k = v @ self.chol_inv  # rows: (K + noise I)^-1 k(x, X)
        # d k(x, x_i) / d x_j = dk/dr2 * 2 w_j (x_j - x_ij)
        diff = xq[:, None, dims] - self.x[None, :, dims]  # (m, n, c)
        dk = (dk_dr2[:, :, None] * diff) * (2.0 * w[dims])
        mean = self.prior_mean + k @ self.alpha
        var = self.signal - np.einsum("ij,ij->i", v, v)
        dmean = np.einsum("mnc,n->mc", dk, self.alpha)
        dvar = -2.0 * np.einsum("mnc,mn->mc", dk, kinv_k)
        floor = 1e-12 * self.signal
        dvar[var < floor] = 0.0
        return mean, np.maximum(var, floor), dmean, dvar


def _inverse_from_cholesky(chol: np.ndarray) -> np.ndarray:
    """``(L L^T)^-1`` from the lower factor ``L`` (LAPACK potri: half the work of solving
    against the identity)."""
    lower, info = scipy.linalg.lapack.dpotri(chol, lower=1)
    if info != 0:  # unreachable for a successful Cholesky factor; kept as a guard
        return np.asarray(scipy.linalg.cho_solve((chol, True), np.eye(chol.shape[0])))
    lower = np.tril(lower)
    return np.asarray(lower + np.tril(lower, -1).T)


def _neg_log_posterior(
    theta: np.ndarray,
    sq_diffs: np.ndarray,
    y: np.ndarray,
    fixed_noise: float | None,
    ls_prior_mean: float,
) -> tuple[float, np.ndarray]:
    n, d = y.shape[0], sq_diffs.shape[2]
    log_w = theta[:d]
    w, signal = np.exp(log_w), math.exp(theta[d])
    noise = fixed_noise if fixed_noise is not None else math.exp(theta[d + 1])
    kf, dk_dr2 = matern52(sq_diffs @ w, signal)
    k = kf.copy()
    k[np.diag_indices_from(k)] += noise
    chol = cholesky_with_jitter(k)
    kinv = _inverse_from_cholesky(chol)
    alpha = kinv @ y
    lml = -0.5 * y @ alpha - np.log(np.diag(chol)).sum() - 0.5 * n * math.log(2 * math.pi)
    inner = np.outer(alpha, alpha) - kinv  # d lml = 0.5 tr(inner dK)
    grad = np.empty_like(theta)
    # sum_ab inner_ab dK_ab/dr2 sq_diffs_abj, as one matrix-vector product.
    grad[:d] = 0.5 * ((inner * dk_dr2).ravel() @ sq_diffs.reshape(n * n, d)) * w
    grad[d] = 0.5 * np.sum(inner * kf)
    # Log-normal priors on length scale (log l = -log w / 2), signal and noise.
    log_ls = -0.5 * log_w
    lp = -0.5 * float(np.sum(((log_ls - ls_prior_mean) / _LS_PRIOR_SD) ** 2))
    grad[:d] += 0.5 * (log_ls - ls_prior_mean) / _LS_PRIOR_SD**2
    lp -= 0.5 * ((float(theta[d]) - _SIGNAL_PRIOR[0]) / _SIGNAL_PRIOR[1]) ** 2
    grad[d] -= (theta[d] - _SIGNAL_PRIOR[0]) / _SIGNAL_PRIOR[1] ** 2
    if fixed_noise is None:
        grad[d + 1] = 0.5 * np.trace(inner) * noise
        lp -= 0.5 * ((float(theta[d + 1]) - _NOISE_PRIOR[0]) / _NOISE_PRIOR[1]) ** 2
        grad[d + 1] -= (theta[d + 1] - _NOISE_PRIOR[0]) / _NOISE_PRIOR[1] ** 2
    return -(float(lml) + lp), -grad


def _maximize_posterior(
    start: np.ndarray, bounds: list[tuple[float, float]], args: tuple[Any, ...]
) -> tuple[np.ndarray, float]:
    """L-BFGS-B from ``start``; a failed run returns ``start`` with an infinite loss."""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = scipy.optimize.minimize(
                _neg_log_posterior,
                start,
                args=args,
                jac=True,
                method="L-BFGS-B",
                bounds=bounds,
                options={"maxiter": 200},
            )
    except (np.linalg.LinAlgError, ValueError, FloatingPointError):
        return start, math.inf
    if np.all(np.isfinite(res.x)) and np.isfinite(res.fun):
        return np.asarray(res.x, dtype=float), float(res.fun)
    return start, math.inf


def fit_gp(
    x: np.ndarray,
    y: np.ndarray,
    is_cat: np.ndarray,
    *,
    deterministic: bool,
    init: np.ndarray | None = None,
) -> GPPosterior:
    """Fit the hyperparameters by L-BFGS-B on the log posterior and return the posterior.

    The fit runs from the prior medians and, when given, from ``init`` (the previous
    trial's fit), keeping the better optimum: the warm start follows a fit that has found
    short length scales, while the second start keeps one poor optimum from persisting
    from trial to trial. A fit that fails everywhere keeps the prior medians: a sampler
    must always be able to propose something.
    """
    d = x.shape[1]
    bounds = [_LOG_W_BOUNDS] * d + [_LOG_SIGNAL_BOUNDS, _LOG_NOISE_BOUNDS]
    lo, hi = np.array(bounds).T
    starts = [default_params(d)] + ([np.array(init, dtype=float)] if init is not None else [])
    if deterministic:
        for start in starts:
            start[-1] = math.log(NOISE_FLOOR)
    n_opt = d + 1 if deterministic else d + 2
    fixed_noise = NOISE_FLOOR if deterministic else None
    args = (pairwise_sq_diffs(x, x, is_cat), y, fixed_noise, ls_prior_mean(d))
    params, best_loss = np.clip(starts[0], lo, hi), math.inf
    for start in starts:
        start = np.clip(start, lo, hi)
        fitted, loss = _maximize_posterior(start[:n_opt], bounds[:n_opt], args)
        if loss < best_loss:
            params, best_loss = start.copy(), loss
            params[:n_opt] = fitted
    return GPPosterior.build(x, y, is_cat, params)
