"""The evaluator contract and the steps every evaluator shares."""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from tuner.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from tuner.search_space import intersection_search_space
from tuner.trial import FrozenTrial, TrialState

if TYPE_CHECKING:
    from tuner.study import Study

TargetType = Callable[[FrozenTrial], float]


class BaseImportanceEvaluator(abc.ABC):
    """Assesses how much each parameter matters to the objective.

    Contract: :meth:`evaluate` reads the study's COMPLETE trials only (through
    ``study.get_trials``), never changes the study, and returns a dict from parameter name to a
    non-negative importance, sorted from most to least important. ``params=None`` means the
    evaluator's own default set of parameters; a named parameter that no completed trial has
    is a ``ValueError``. ``target`` picks the value to explain (required for a multi-objective
    study unless the evaluator says otherwise).
    """

    @abc.abstractmethod
    def evaluate(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: TargetType | None = None,
    ) -> dict[str, float]:
        raise NotImplementedError


def check_params_argument(params: Sequence[str] | None) -> None:
    if params is None:
        return
    if not isinstance(params, (list, tuple)):
        raise TypeError(f"Parameters must be specified as a list. Actual parameters: {params}.")
    if any(not isinstance(p, str) for p in params):
        raise TypeError(
            "Parameters must be specified by their names with strings. "
            f"Actual parameters: {params}."
        )


def complete_trials(study: Study) -> list[FrozenTrial]:
    return study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))


def require_target_for_multi_objective(study: Study, target: TargetType | None) -> None:
    if target is None and len(study.directions) > 1:
        raise ValueError(
            "If the `study` is being used for multi-objective optimization, please specify the "
            "`target`. For example, use `target=lambda t: t.values[0]` for the first "
            "objective value."
        )


def evaluated_values(trials: Sequence[FrozenTrial], target: TargetType | None) -> np.ndarray:
    """The value to explain per trial; a target that returns a non-number is a clear error."""
    if target is None:
        return np.array([t.value for t in trials], dtype=float)
    out = np.empty(len(trials))
    for i, t in enumerate(trials):
        value = target(t)
        try:
            out[i] = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"`target` returned {value!r} for trial {t.number}; it must return a number "
                "for every trial."
            ) from None
    return out


def shared_distributions(study: Study, params: list[str] | None) -> dict[str, BaseDistribution]:
    """The search space the forest-based evaluators explain, sorted by name: the parameters
    every completed trial has (``params=None``), or the named ones, which must keep one
    distribution."""
    trials = complete_trials(study)
    check_params_argument(params)
    if params is None:
        return intersection_search_space(study.get_trials(deepcopy=False))
    if len(params) == 0:
        return {}
    space: dict[str, BaseDistribution] | None = None
    for t in trials:
        if not all(p in t.distributions for p in params):
            continue
        if space is None:
            space = {p: t.distributions[p] for p in params}
        elif any(t.distributions[p] != d for p, d in space.items()):
            raise ValueError(
                "Parameters importances cannot be assessed with dynamic search spaces if "
                f"parameters are specified. Specified parameters: {params}."
            )
    if space is None:
        raise ValueError(
            "Study must contain completed trials with all specified parameters. "
            f"Specified parameters: {params}."
        )
    return dict(sorted(space.items()))


def trials_with(
    study: Study, params: Sequence[str], target: TargetType | None
) -> tuple[list[FrozenTrial], np.ndarray]:
    """Completed trials that have every parameter and a finite value, with those values."""
    wanted = set(params)
    trials = [t for t in complete_trials(study) if wanted <= t.params.keys()]
    values = evaluated_values(trials, target)
    finite = np.isfinite(values)
    return [t for t, ok in zip(trials, finite) if ok], values[finite]


def encode(
    trials: Sequence[FrozenTrial], space: dict[str, BaseDistribution]
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Trials as a matrix for a forest: numbers as they are, categoricals one-hot.

    Returns the matrix, the [low, high] bounds of each column, and for each parameter the
    columns that encode it.
    """
    widths = [
        len(d.choices) if isinstance(d, CategoricalDistribution) else 1 for d in space.values()
    ]
    x = np.zeros((len(trials), sum(widths)))
    bounds = np.zeros((sum(widths), 2))
    columns: list[np.ndarray] = []
    start = 0
    for (name, dist), width in zip(space.items(), widths):
        cols = np.arange(start, start + width)
        columns.append(cols)
        if isinstance(dist, CategoricalDistribution):
            bounds[cols] = (0.0, 1.0)
            index = {(type(c), c): i for i, c in enumerate(dist.choices)}
            found = [index.get((type(v), v)) for v in (t.params[name] for t in trials)]
            if any(c is None for c in found):  # e.g. 1 and 1.0: let the distribution decide
                found = [int(dist.to_internal_repr(t.params[name])) for t in trials]
            codes = np.array(found, dtype=int)
            x[np.arange(len(trials)), start + codes] = 1.0
        else:
            assert isinstance(dist, (FloatDistribution, IntDistribution))
            bounds[start] = (dist.low, dist.high)
            x[:, start] = [t.params[name] for t in trials]
        start += width
    return x, bounds, columns


def sorted_by_importance(importances: dict[str, float]) -> dict[str, float]:
    """Most important first; ties keep the reverse of their input order, as Optuna does."""
    return dict(reversed(sorted(importances.items(), key=lambda kv: kv[1])))


def normalized(importances: dict[str, float]) -> dict[str, float]:
    total = sum(importances.values())
    if total == 0.0:
        return {k: 1.0 / len(importances) for k in importances}
    return {k: v / total for k, v in importances.items()}
