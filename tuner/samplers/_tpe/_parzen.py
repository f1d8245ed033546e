"""Parzen estimators (kernel mixtures) over a search space, fully vectorized.

One estimator models a set of parameters jointly: kernel ``i`` is centred on observation
``i`` in every parameter, plus an optional prior kernel. With a single parameter it is the
classic univariate TPE density. Numeric parameters use truncated-normal kernels in the
parameter's own scale (log for ``log=True``), discretized to cell masses for ``step`` and
integers; categorical parameters use a smoothed one-hot kernel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from scipy.special import logsumexp

from tuner.distributions import (
    BaseDistribution,
    CategoricalChoiceType,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from tuner.samplers._tpe import _truncnorm

CategoricalDistanceFunc = Callable[[CategoricalChoiceType, CategoricalChoiceType], float]


@dataclass(frozen=True)
class ParzenParams:
    consider_prior: bool
    prior_weight: float
    consider_magic_clip: bool
    consider_endpoints: bool
    multivariate: bool
    categorical_distance_func: dict[str, CategoricalDistanceFunc] | None


class _Numeric:
    """Kernels of one float/int parameter in its transformed (linear or log) coordinate."""

    def __init__(self, dist: FloatDistribution | IntDistribution) -> None:
        self.log = dist.log
        self.dist = dist
        step = dist.step
        if isinstance(dist, IntDistribution) and dist.log:
            # An integer k owns [k - 0.5, k + 0.5]; on the log scale that cell is uneven.
            self.half: float | None = 0.5
        elif step is not None:
            self.half = float(step) / 2.0
        else:
            self.half = None
        half = self.half or 0.0
        self.low = float(self._fwd(dist.low - half))
        self.high = float(self._fwd(dist.high + half))

    def _fwd(self, x: np.ndarray | float) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        return np.asarray(np.log(x) if self.log else x, dtype=float)

    def fit(
        self, obs: np.ndarray, consider_prior: bool, bandwidth: Callable[..., np.ndarray]
    ) -> None:
        mus = self._fwd(obs)
        if consider_prior:
            mus = np.append(mus, 0.5 * (self.low + self.high))
        self.mus = mus
        self.sigmas = bandwidth(mus, self.low, self.high)
        self.log_norm = _truncnorm.log_gauss_mass(
            (self.low - mus) / self.sigmas, (self.high - mus) / self.sigmas
        )

    def sample(self, rng: np.random.Generator, idx: np.ndarray) -> np.ndarray:
        y = _truncnorm.sample(rng, self.mus[idx], self.sigmas[idx], self.low, self.high)
        x = np.exp(y) if self.log else y
        return self.snap(x)

    def snap(self, x: np.ndarray) -> np.ndarray:
        """Round to the distribution's grid and clip into its bounds."""
        d = self.dist
        if d.step is not None:
            x = d.low + np.round((x - d.low) / d.step) * d.step
        return np.asarray(np.clip(x, d.low, d.high), dtype=float)

    def log_kernel(self, x: np.ndarray) -> np.ndarray:
        """(n_points, n_kernels) log kernel densities (or cell masses) at ``x``."""
        mu, sigma = self.mus[None, :], self.sigmas[None, :]
        if self.half is None:
            z = (self._fwd(x)[:, None] - mu) / sigma
            out = -0.5 * z * z - _truncnorm.LOG_SQRT_2PI - np.log(sigma) - self.log_norm
            return np.asarray(out, dtype=float)
        left = self._fwd(x - self.half)[:, None]
        right = self._fwd(x + self.half)[:, None]
        mass = _truncnorm.log_gauss_mass((left - mu) / sigma, (right - mu) / sigma)
        return np.asarray(mass - self.log_norm, dtype=float)


class _Categorical:
    def __init__(self, dist: CategoricalDistribution) -> None:
        self.dist = dist

    def fit(
        self,
        obs: np.ndarray,
        params: ParzenParams,
        distance: CategoricalDistanceFunc | None,
    ) -> None:
        n_choices = len(self.dist.choices)
        idx = obs.astype(np.int64)
        n = len(idx)
        if distance is None or n == 0:
            probs = np.full((n, n_choices), params.prior_weight / n_choices)
            probs[np.arange(n), idx] += 1.0
        else:
            choices = self.dist.choices
            dmat = np.array([[distance(a, b) for b in choices] for a in choices], dtype=float)
            scale = max(float(dmat.max()), 1e-12)
            # The kernel narrows as data accumulate, like a numeric bandwidth would.
            width = 0.5 * (n + 1) ** (-0.2)
            probs = np.exp(-0.5 * (dmat[idx] / scale / width) ** 2)
            probs += params.prior_weight / n_choices / max(n, 1)
        if params.consider_prior or n == 0:
            probs = np.vstack([probs, np.full((1, n_choices), 1.0 / n_choices)])
        probs /= probs.sum(axis=1, keepdims=True)
        self.log_probs = np.log(probs)
        self.cum = np.cumsum(probs, axis=1)

    def sample(self, rng: np.random.Generator, idx: np.ndarray) -> np.ndarray:
        u = rng.random(len(idx))
        cum = self.cum[idx]
        picked = (cum < u[:, None] * cum[:, -1:]).sum(axis=1)
        return np.asarray(np.minimum(picked, cum.shape[1] - 1), dtype=float)

    def log_kernel(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self.log_probs[:, x.astype(np.int64)].T, dtype=float)


class ParzenEstimator:
    """A kernel mixture over ``search_space`` fitted to ``observations``.

    ``observations`` maps each parameter to its values (internal representation), one per
    trial, in the same trial order as ``weights``.
    """

    def __init__(
        self,
        observations: dict[str, np.ndarray],
        search_space: dict[str, BaseDistribution],
        params: ParzenParams,
        weights: np.ndarray,
    ) -> None:
        self._names = sorted(search_space)
        n = len(weights)
        consider_prior = params.consider_prior or n == 0
        w = np.asarray(weights, dtype=float)
        if consider_prior:
            w = np.append(w, params.prior_weight)
        self._log_weights = np.log(w / w.sum())
        self._weights = w / w.sum()
        n_kernels = len(w)
        n_dims = len(self._names)

        def bandwidth(mus: np.ndarray, low: float, high: float) -> np.ndarray:
            return _bandwidth(mus, low, high, params, consider_prior, n_dims, n_kernels)

        self._kernels: dict[str, _Numeric | _Categorical] = {}
        for name in self._names:
            dist = search_space[name]
            obs = np.asarray(observations.get(name, np.empty(0)), dtype=float)
            if isinstance(dist, CategoricalDistribution):
                cat = _Categorical(dist)
                distance = (params.categorical_distance_func or {}).get(name)
                cat.fit(obs, replace(params, consider_prior=consider_prior), distance)
                self._kernels[name] = cat
            elif isinstance(dist, (FloatDistribution, IntDistribution)):
                num = _Numeric(dist)
                num.fit(obs, consider_prior, bandwidth)
                self._kernels[name] = num
            else:
                raise TypeError(f"TPESampler cannot model {dist!r}.")

    def sample(self, rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
        idx = rng.choice(len(self._weights), size=size, p=self._weights)
        return {name: self._kernels[name].sample(rng, idx) for name in self._names}

    def log_pdf(self, samples: dict[str, np.ndarray]) -> np.ndarray:
        total = np.broadcast_to(
            self._log_weights, (len(samples[self._names[0]]), len(self._weights))
        )
        for name in self._names:
            total = total + self._kernels[name].log_kernel(samples[name])
        return np.asarray(logsumexp(total, axis=1), dtype=float)


def _bandwidth(
    mus: np.ndarray,
    low: float,
    high: float,
    params: ParzenParams,
    consider_prior: bool,
    n_dims: int,
    n_kernels: int,
) -> np.ndarray:
    width = high - low
    if params.multivariate:
        # Scott-style rule: one bandwidth for all kernels, shrinking with n^(-1/(d+4)).
        sigmas = np.full(len(mus), 0.2 * width * n_kernels ** (-1.0 / (n_dims + 4)))
    else:
        # Univariate rule of Bergstra et al.: the larger gap to a sorted neighbour.
        order = np.argsort(mus, kind="stable")
        sorted_mus = mus[order]
        padded = np.concatenate([[low], sorted_mus, [high]])
        left = padded[1:-1] - padded[:-2]
        right = padded[2:] - padded[1:-1]
        if not params.consider_endpoints and len(sorted_mus) > 1:
            left[0] = right[0]
            right[-1] = left[-1]
        sorted_sigmas = np.maximum(left, right)
        sigmas = np.empty_like(sorted_sigmas)
        sigmas[order] = sorted_sigmas
    if consider_prior:
        sigmas[-1] = width
    max_sigma = width
    if params.consider_magic_clip:
        min_sigma = width / min(100.0, 1.0 + n_kernels)
    else:
        min_sigma = width * 1e-6
    return np.asarray(np.clip(sigmas, min_sigma, max_sigma), dtype=float)
