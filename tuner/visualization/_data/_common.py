"""Shared steps of every figure: argument checks, targets, feasibility and parameter columns.

Everything here works on whole columns (numpy arrays) so a figure over 10,000 trials reads
each trial once.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tuner.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from tuner.logging import get_logger
from tuner.study import Study
from tuner.trial import FrozenTrial

TargetType = Callable[[FrozenTrial], float]
DEFAULT_TARGET_NAME = "Objective Value"
INFEASIBLE_COLOR = "#cccccc"

_logger = get_logger("tuner.visualization")


def as_studies(study: Study | Sequence[Study]) -> list[Study]:
    return [study] if isinstance(study, Study) else list(study)


def check_plot_args(
    study: Study | Sequence[Study], target: TargetType | None, target_name: str
) -> None:
    """A multi-objective study needs ``target``; a custom target should have its own name."""
    if target is None and any(len(s.directions) > 1 for s in as_studies(study)):
        raise ValueError(
            "This study has several objectives: pass `target` to choose the value to plot, "
            "e.g. `target=lambda t: t.values[0]` (and `target_name=` to label it)."
        )
    if target is not None and target_name == DEFAULT_TARGET_NAME:
        warnings.warn(
            "`target` is specified, but `target_name` is the default value, 'Objective Value'.",
            UserWarning,
            stacklevel=3,
        )


def target_values(trials: Sequence[FrozenTrial], target: TargetType | None) -> np.ndarray:
    """The value each trial is plotted by, as floats; a non-number from ``target`` is an error."""
    if target is None:
        return np.array([t.value for t in trials], dtype=float)
    out = np.empty(len(trials))
    for i, trial in enumerate(trials):
        value = target(trial)
        try:
            out[i] = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"`target` returned {value!r} for trial {trial.number}; it must return a number "
                "(a float) for every trial."
            ) from None
    return out


def finite_trials(
    trials: Sequence[FrozenTrial], target: TargetType | None, with_message: bool = True
) -> tuple[list[FrozenTrial], np.ndarray]:
    """Trials whose target is finite, with those values; the others are logged and dropped."""
    values = target_values(trials, target)
    finite = np.isfinite(values)
    if finite.all():
        return list(trials), values
    if with_message:
        for i in np.flatnonzero(~finite):
            _logger.warning(
                f"Trial {trials[int(i)].number} is omitted in visualization "
                "because its objective value is inf or nan."
            )
    return [t for t, keep in zip(trials, finite) if keep], values[finite]


def feasible_mask(trials: Sequence[FrozenTrial]) -> np.ndarray:
    """True where every constraint value is <= 0 (a trial without constraints is feasible)."""
    return np.array([all(c <= 0.0 for c in t.constraints.values()) for t in trials], dtype=bool)


def all_param_names(trials: Sequence[FrozenTrial]) -> set[str]:
    names: set[str] = set()
    for t in trials:
        names.update(t.params)
    return names


def check_params(params: Sequence[str], available: set[str]) -> None:
    if isinstance(params, str) or not all(isinstance(p, str) for p in params):
        raise TypeError(f"`params` must be a list of parameter names, got {params!r}.")
    missing = [p for p in params if p not in available]
    if missing:
        raise ValueError(
            f"Parameter {missing[0]} does not exist in your study. "
            f"Parameters with completed trials: {sorted(available)}."
        )


@dataclass
class ParamColumn:
    """One parameter over a list of trials.

    ``present`` marks trials that have the parameter (conditional parameters are missing in
    others). ``numbers`` holds numeric values (NaN where missing) when the parameter is
    numerical; ``objects`` holds the raw values (None where missing).
    """

    name: str
    distribution: BaseDistribution
    present: np.ndarray
    objects: list[Any]
    is_log: bool
    is_numerical: bool
    is_categorical: bool

    @property
    def numbers(self) -> np.ndarray:
        return np.array([np.nan if v is None else v for v in self.objects], dtype=float)

    @property
    def choices(self) -> tuple[Any, ...]:
        assert isinstance(self.distribution, CategoricalDistribution)
        return tuple(self.distribution.choices)


def param_column(trials: Sequence[FrozenTrial], name: str) -> ParamColumn:
    """Optuna's rules: the first trial with the parameter decides log scale and kind; a
    categorical parameter whose choices are all numbers (not bools) counts as numerical."""
    objects = [t.params.get(name) for t in trials]
    present = np.array([name in t.params for t in trials], dtype=bool)
    first = next((t for t in trials if name in t.params), None)
    if first is None:
        raise ValueError(f"Parameter {name} does not exist in the given trials.")
    dist = first.distributions[name]
    is_log = isinstance(dist, (FloatDistribution, IntDistribution)) and dist.log
    is_categorical = isinstance(dist, CategoricalDistribution)
    if isinstance(dist, CategoricalDistribution):
        is_numerical = all(
            isinstance(c, (int, float)) and not isinstance(c, bool) for c in dist.choices
        )
    else:
        is_numerical = True
    return ParamColumn(name, dist, present, objects, is_log, is_numerical, is_categorical)


def first_distributions(trials: Sequence[FrozenTrial]) -> dict[str, BaseDistribution]:
    out: dict[str, BaseDistribution] = {}
    for t in trials:
        for name, dist in t.distributions.items():
            out.setdefault(name, dist)
    return out


def log10_padded_range(low: float, high: float, ratio: float) -> tuple[float, float]:
    pad = (math.log10(high) - math.log10(low)) * ratio
    return 10 ** (math.log10(low) - pad), 10 ** (math.log10(high) + pad)
