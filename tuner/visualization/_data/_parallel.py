"""Numbers behind the parallel coordinate plot: one polyline per trial across the axes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from tuner.distributions import CategoricalDistribution
from tuner.study import Study, StudyDirection
from tuner.trial import TrialState
from tuner.visualization._data import _colors
from tuner.visualization._data._common import (
    TargetType,
    _logger,
    all_param_names,
    check_params,
    check_plot_args,
    finite_trials,
    param_column,
)
from tuner.visualization._data._pareto import non_domination_ranks

MISSING_LABEL = "None"


@dataclass
class Dimension:
    """One vertical axis. ``values`` are already on the axis scale (log10 for log parameters,
    category codes for categorical ones, a value below the range for missing parameters)."""

    label: str
    values: np.ndarray
    range: tuple[float, float]
    is_log: bool = False
    is_cat: bool = False
    tickvals: list[float] = field(default_factory=list)
    ticktext: list[str] = field(default_factory=list)
    has_missing: bool = False

    def normalized(self, values: np.ndarray | None = None) -> np.ndarray:
        v = self.values if values is None else np.asarray(values, dtype=float)
        low, high = self.range
        if low == high:
            return np.full(len(v), 0.5)
        out: np.ndarray = (v - low) / (high - low)
        return out

    def ticks(self) -> tuple[list[float], list[str]]:
        """Tick positions (axis scale) and labels drawn beside the axis."""
        if self.tickvals:
            return self.tickvals, self.ticktext or [f"{v:.3g}" for v in self.tickvals]
        if self.range[0] == self.range[1]:
            return [self.range[0]], [f"{self.range[0]:.3g}"]
        vals = [float(v) for v in np.linspace(*self.range, num=5)]
        return vals, [f"{v:.3g}" for v in vals]

    def format(self, value: float) -> str:
        for tick, text in zip(self.tickvals, self.ticktext):
            if math.isclose(value, tick):
                return text
        return f"{10**value:.3g}" if self.is_log else f"{value:.3g}"


@dataclass
class ParallelInfo:
    objectives: list[Dimension]
    params: list[Dimension]
    reverse_scale: bool
    colorbar_title: str
    color_values: np.ndarray
    is_rank_color: bool
    feasibility: np.ndarray | None  # None when no trial has constraints

    @property
    def dimensions(self) -> list[Dimension]:
        return self.objectives + self.params

    @property
    def empty(self) -> bool:
        return not self.params or len(self.objectives[0].values) == 0

    def color_range(self) -> tuple[float, float]:
        if self.is_rank_color:
            return -0.5, float(self.color_values.max()) + 0.5
        low, high = float(self.color_values.min()), float(self.color_values.max())
        return (low - 0.5, high + 0.5) if low == high else (low, high)

    def color_positions(self) -> np.ndarray:
        """Each trial's position on the colour scale, in [0, 1], reversal applied."""
        low, high = self.color_range()
        pos = (self.color_values - low) / (high - low)
        return 1.0 - pos if self.reverse_scale else pos

    def line_colors(self) -> np.ndarray:
        return _colors.sample(_colors.BLUES, self.color_positions())


def _numerical(label: str, values: np.ndarray) -> Dimension:
    rng = (float(values.min()), float(values.max())) if len(values) else (0.0, 0.0)
    return Dimension(label, np.asarray(values, dtype=float), rng)


def _missing_value(low: float, high: float) -> float:
    # Put "None" 12% of the axis below the smallest value.
    return low - 1.0 if low == high else low - (high - low) * 0.12 / 0.88


def _truncate(label: str) -> str:
    return label if len(label) < 20 else f"{label[:17]}..."


def parallel_coordinate_info(
    study: Study, params: list[str] | None, target: TargetType | None, target_name: str
) -> ParallelInfo:
    multi = target is None and len(study.directions) > 1
    if not multi:
        check_plot_args(study, target, target_name)
    trials = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if multi:
        n_obj = len(study.directions)
        trials = [
            t
            for t in trials
            if t.values is not None
            and len(t.values) == n_obj
            and all(math.isfinite(v) for v in t.values)
        ]
        objective_values = np.array([t.values for t in trials], dtype=float).reshape(-1, n_obj)
    else:
        trials, objective = finite_trials(trials, target)
    available = all_param_names(trials)
    if params is not None:
        check_params(params, available)
        available = set(params)
    names = sorted(available)
    if multi:
        labels = study.metric_names or [f"Objective {i}" for i in range(n_obj)]
        objectives = [_numerical(lab, objective_values[:, i]) for i, lab in enumerate(labels)]
        signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in study.directions])
        color_values = non_domination_ranks(objective_values * signs).astype(float)
        title, reverse = "Pareto Rank", True
    else:
        objectives = [_numerical(target_name, objective)]
        color_values = objective
        title = target_name
        reverse = target is not None or study.direction == StudyDirection.MINIMIZE
    if not trials:
        _logger.warning("Your study does not have any completed trials.")
        return ParallelInfo(objectives, [], reverse, title, color_values, multi, None)
    feasibility = None
    if any(t.constraints for t in trials):
        feasibility = np.array(
            [bool(t.constraints) and all(v <= 0.0 for v in t.constraints.values()) for t in trials]
        )
    dims: list[Dimension] = []
    numeric_categorical: list[int] = []
    for name in names:
        dim, numeric_cat = _param_dimension(trials, name)
        if numeric_cat:
            numeric_categorical.append(len(objectives) + len(dims))
        dims.append(dim)
    if numeric_categorical:
        # Optuna sorts the lines by the numeric categorical axes (lexicographically).
        everything = objectives + dims
        order = np.lexsort([everything[i].values for i in numeric_categorical][::-1])
        objectives = [replace(d, values=d.values[order]) for d in objectives]
        dims = [replace(d, values=d.values[order]) for d in dims]
        color_values = color_values[order]
        if feasibility is not None:
            feasibility = feasibility[order]
    return ParallelInfo(objectives, dims, reverse, title, color_values, multi, feasibility)


def _param_dimension(trials: list[Any], name: str) -> tuple[Dimension, bool]:
    column = param_column(trials, name)
    present = column.present
    has_missing = not present.all()
    label = _truncate(name)
    is_categorical = any(
        isinstance(t.distributions[name], CategoricalDistribution)
        for t in trials
        if name in t.distributions
    )
    if column.is_log:
        logs = np.log10(column.numbers[present])
        low, high = float(logs.min()), float(logs.max())
        tickvals: list[float] = list(range(math.ceil(low), math.floor(high) + 1))
        if low not in tickvals:
            tickvals = [low, *tickvals]
        if high not in tickvals:
            tickvals = [*tickvals, high]
        values = np.full(len(trials), np.nan)
        values[present] = logs
        missing = None
        if has_missing:
            missing = _missing_value(low, high)
            values[~present] = missing
            tickvals.insert(0, missing)
        ticktext = ([MISSING_LABEL] if has_missing else []) + [
            f"{10**x:.3g}" for x in tickvals[int(has_missing) :]
        ]
        rng = (missing if missing is not None else low, high)
        return Dimension(label, values, rng, True, False, tickvals, ticktext, has_missing), False
    if is_categorical:
        valid = [v for v, h in zip(column.objects, present) if h]
        if column.is_numerical:
            vocab = {v: i for i, v in enumerate(sorted(set(valid)))}
        else:
            vocab = {}
            for v in valid:
                vocab.setdefault(v, len(vocab))
        ticktext = [str(v) for v in vocab]
        offset = 1 if has_missing else 0
        values = np.array(
            [vocab[v] + offset if h else 0 for v, h in zip(column.objects, present)], dtype=float
        )
        if has_missing:
            ticktext = [f"{t} (value)" if t == MISSING_LABEL else t for t in ticktext]
        dim = Dimension(
            label,
            values,
            (float(values.min()), float(values.max())),
            False,
            True,
            [float(i) for i in range(len(vocab) + offset)],
            ([MISSING_LABEL] if has_missing else []) + ticktext,
            has_missing,
        )
        return dim, column.is_numerical
    numbers = column.numbers
    low, high = float(np.min(numbers[present])), float(np.max(numbers[present]))
    values = numbers.copy()
    ticks = [low] if low == high else [float(v) for v in np.linspace(low, high, num=5)]
    if has_missing:
        missing = _missing_value(low, high)
        values[~present] = missing
        return (
            Dimension(
                label,
                values,
                (missing, high),
                tickvals=[missing, *ticks],
                ticktext=[MISSING_LABEL] + [f"{v:.3g}" for v in ticks],
                has_missing=True,
            ),
            False,
        )
    return Dimension(label, values, (low, high)), False
