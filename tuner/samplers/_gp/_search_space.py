"""Map a relative search space to the unit cube the GP works in, and back."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import numpy as np

from tuner.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)

# Kinds of columns of the encoded matrix.
CONTINUOUS = 0
DISCRETE = 1  # int or stepped float: a grid of values on a (log) line
CATEGORICAL = 2


class SearchSpaceEncoding:
    """Columns of the GP's input matrix, one per parameter.

    Numeric parameters go to ``[0, 1]`` on their (log) scale. Integers and stepped floats
    get half a step of padding at each end so that every grid value owns an equal share of
    the cube, and :meth:`round` snaps a point to the nearest value the distribution can
    hold. Categorical parameters keep the choice index; the kernel compares them with
    equal / not equal.
    """

    def __init__(self, search_space: dict[str, BaseDistribution]) -> None:
        self.names = list(search_space)
        self.distributions = [search_space[n] for n in self.names]
        d = len(self.names)
        self.kinds = np.zeros(d, dtype=np.int64)
        self.lows = np.zeros(d)  # transformed lower edge of the cube
        self.highs = np.ones(d)
        self.grid_low = np.zeros(d)  # first grid value (transformed scale for log ints)
        self.grid_step = np.zeros(d)
        self.n_values = np.zeros(d, dtype=np.int64)  # grid size; 0 for continuous
        self.log = np.zeros(d, dtype=bool)
        for j, dist in enumerate(self.distributions):
            if isinstance(dist, CategoricalDistribution):
                self.kinds[j] = CATEGORICAL
                self.n_values[j] = len(dist.choices)
                continue
            assert isinstance(dist, FloatDistribution | IntDistribution)
            self.log[j] = dist.log
            step = dist.step
            if isinstance(dist, IntDistribution) or step is not None:
                assert step is not None
                self.kinds[j] = DISCRETE
                self.grid_step[j] = step
                self.grid_low[j] = dist.low
                self.n_values[j] = int(round((dist.high - dist.low) / step)) + 1
                lo, hi = dist.low - 0.5 * step, dist.high + 0.5 * step
            else:
                lo, hi = dist.low, dist.high
            if dist.log:
                lo, hi = math.log(lo), math.log(hi)
            self.lows[j], self.highs[j] = lo, hi
        self.is_categorical = self.kinds == CATEGORICAL
        self.is_discrete = self.kinds == DISCRETE
        self.continuous_dims = np.flatnonzero(self.kinds == CONTINUOUS)
        self.discrete_dims = np.flatnonzero(self.kinds != CONTINUOUS)
        self._width = np.where(self.highs > self.lows, self.highs - self.lows, 1.0)

    @property
    def dim(self) -> int:
        return len(self.names)

    def signature(self) -> str:
        """A short key that changes whenever the search space does."""
        text = repr([(n, repr(d)) for n, d in zip(self.names, self.distributions)])
        return hashlib.sha1(text.encode()).hexdigest()[:16]

    def encode(self, internal: np.ndarray) -> np.ndarray:
        """Internal representations (rows of trials) to the unit cube."""
        x = np.array(internal, dtype=float, copy=True)
        num = ~self.is_categorical
        t = np.where(self.log[num], np.log(np.maximum(x[:, num], 1e-300)), x[:, num])
        x[:, num] = (t - self.lows[num]) / self._width[num]
        return x

    def _grid_index(self, x: np.ndarray) -> np.ndarray:
        """Nearest grid index of each discrete column of unit-cube points ``x``."""
        dims = self.is_discrete
        t = self.lows[dims] + x[:, dims] * self._width[dims]
        t = np.where(self.log[dims], np.exp(t), t)
        idx = np.rint((t - self.grid_low[dims]) / self.grid_step[dims])
        return np.asarray(np.clip(idx, 0, self.n_values[dims] - 1), dtype=float)

    def _from_grid_index(self, idx: np.ndarray) -> np.ndarray:
        """Unit-cube coordinate of grid indices (columns = discrete dims)."""
        dims = self.is_discrete
        t = self.grid_low[dims] + idx * self.grid_step[dims]
        t = np.where(self.log[dims], np.log(np.where(self.log[dims], t, 1.0)), t)
        return np.asarray((t - self.lows[dims]) / self._width[dims], dtype=float)

    def round(self, x: np.ndarray) -> np.ndarray:
        """Snap unit-cube points to values the distributions hold (in place, returned)."""
        num = ~self.is_categorical
        x[:, num] = np.clip(x[:, num], 0.0, 1.0)
        if self.is_discrete.any():
            x[:, self.is_discrete] = self._from_grid_index(self._grid_index(x))
        if self.is_categorical.any():
            cat = self.is_categorical
            x[:, cat] = np.clip(np.rint(x[:, cat]), 0, self.n_values[cat] - 1)
        return x

    def from_unit_samples(self, u: np.ndarray) -> np.ndarray:
        """Uniform samples in ``[0, 1)^d`` to valid encoded points."""
        x = np.array(u, dtype=float, copy=True)
        cat = self.is_categorical
        x[:, cat] = np.floor(u[:, cat] * self.n_values[cat])
        return self.round(x)

    def neighbors(self, x: np.ndarray) -> np.ndarray:
        """Every point one discrete move away from each row of ``x``: (len(x), n_moves, d).

        A move changes one categorical to another choice, or shifts one grid parameter by
        1, 2, 4, ... steps either way (so large integer ranges are crossed in few moves).
        """
        moves: list[np.ndarray] = []
        disc_cols = np.flatnonzero(self.is_discrete)
        if disc_cols.size:
            idx = self._grid_index(x)
        for k, j in enumerate(disc_cols):
            n = int(self.n_values[j])
            shifts = 2 ** np.arange(max(1, int(math.ceil(math.log2(max(n, 2))))))
            shifts = np.concatenate([shifts, -shifts]).astype(float)
            new_idx = np.clip(idx[:, k, None] + shifts[None, :], 0, n - 1)  # (m, s)
            all_idx = np.repeat(idx[:, None, :], shifts.size, axis=1)
            all_idx[:, :, k] = new_idx
            block = np.repeat(x[:, None, :], shifts.size, axis=1)
            block[:, :, self.is_discrete] = self._from_grid_index(all_idx)
            moves.append(block)
        for j in np.flatnonzero(self.is_categorical):
            n = int(self.n_values[j])
            block = np.repeat(x[:, None, :], n, axis=1)
            block[:, :, j] = np.arange(n)[None, :]
            moves.append(block)
        if not moves:
            return np.empty((x.shape[0], 0, x.shape[1]))
        return np.concatenate(moves, axis=1)

    def decode(self, x: np.ndarray) -> dict[str, Any]:
        """One encoded point to external parameter values."""
        x = self.round(np.array(x, dtype=float, copy=True)[None, :])[0]
        params: dict[str, Any] = {}
        for j, (name, dist) in enumerate(zip(self.names, self.distributions)):
            if isinstance(dist, CategoricalDistribution):
                params[name] = dist.choices[int(x[j])]
                continue
            assert isinstance(dist, FloatDistribution | IntDistribution)
            t = self.lows[j] + x[j] * self._width[j]
            value = math.exp(t) if dist.log else t
            if isinstance(dist, IntDistribution):
                k = round((value - dist.low) / dist.step)
                params[name] = int(min(max(dist.low + k * dist.step, dist.low), dist.high))
            elif dist.step is not None:
                k = min(max(round((value - dist.low) / dist.step), 0), self.n_values[j] - 1)
                params[name] = dist._grid_value(int(k))
            else:
                params[name] = float(min(max(value, dist.low), dist.high))
        return params
