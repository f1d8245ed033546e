"""Axes of the two-parameter figures (contour, rank): range, scale, kind and grid."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tuner.trial import FrozenTrial
from tuner.visualization._data._common import log10_padded_range, param_column

PADDING_RATIO = 0.05
# Past this many distinct values an axis of the contour grid is binned: Optuna's grid has a
# row per distinct value, 10,002 x 10,002 cells (800 MB) for two floats over 10,000 trials.
MAX_GRID_POINTS = 100


@dataclass
class Axis:
    """One parameter as an axis. ``values`` per trial: float (NaN where missing) for a
    numerical axis, else ``str(value)`` (None where missing)."""

    name: str
    range: tuple[float, float]
    is_log: bool
    is_cat: bool
    present: np.ndarray
    values: np.ndarray  # float array, or object array of str/None for categorical axes
    unique: np.ndarray  # sorted distinct values

    @property
    def n_unique(self) -> int:
        return len(self.unique)


def axis(trials: Sequence[FrozenTrial], name: str) -> Axis:
    column = param_column(trials, name)
    present = column.present
    if column.is_numerical:
        values = column.numbers
        unique = np.unique(values[present])
        low, high = float(unique[0]), float(unique[-1])
        if column.is_log:
            rng = log10_padded_range(low, high, PADDING_RATIO)
        else:
            pad = (high - low) * PADDING_RATIO
            rng = (low - pad, high + pad)
        return Axis(name, rng, column.is_log, False, present, values, unique)
    labels = np.array([str(v) if h else None for v, h in zip(column.objects, present)], object)
    unique = np.array(sorted(set(labels[present])), dtype=object)
    span = len(unique) - 1
    pad = span * PADDING_RATIO
    return Axis(name, (-pad, span + pad), False, True, present, labels, unique)


@dataclass
class Grid:
    """Grid points of one contour axis and the grid index of each trial (-1 where missing)."""

    points: np.ndarray  # floats, or labels for a categorical axis
    index: np.ndarray


def grid(ax: Axis) -> Grid:
    """Optuna's grid: one point per distinct value plus the two padded ends (numerical axes).
    Past MAX_GRID_POINTS distinct values the values are binned (in log space for log axes) and
    each bin's centre is a point."""
    index = np.full(len(ax.values), -1)
    have = ax.present
    if ax.is_cat:
        lookup = {v: i for i, v in enumerate(ax.unique)}
        index[have] = [lookup[v] for v in ax.values[have]]
        return Grid(ax.unique, index)
    low, high = ax.range
    if ax.n_unique <= MAX_GRID_POINTS:
        index[have] = np.searchsorted(ax.unique, ax.values[have]) + 1
        return Grid(np.concatenate([[low], ax.unique, [high]]), index)
    vals = ax.values[have]
    lo, hi = float(ax.unique[0]), float(ax.unique[-1])
    if ax.is_log:
        vals, lo, hi = np.log10(vals), math.log10(lo), math.log10(hi)
    width = (hi - lo) / MAX_GRID_POINTS
    centres = lo + width * (np.arange(MAX_GRID_POINTS) + 0.5)
    index[have] = np.clip(((vals - lo) / width).astype(int), 0, MAX_GRID_POINTS - 1) + 1
    if ax.is_log:
        centres = 10**centres
    return Grid(np.concatenate([[low], centres, [high]]), index)
