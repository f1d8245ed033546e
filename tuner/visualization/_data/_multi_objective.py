"""Numbers behind the multi-objective figures: Pareto front and hypervolume history."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tuner.study import Study, StudyDirection
from tuner.trial import FrozenTrial, TrialState
from tuner.visualization._data._common import _logger
from tuner.visualization._data._pareto import hypervolume, pareto_mask
from tuner.visualization._data._simple import trial_hovertext


@dataclass
class PointSet:
    numbers: np.ndarray
    values: np.ndarray  # (n, n_targets), already in axis order
    hovertexts: list[str]


@dataclass
class ParetoFrontInfo:
    n_targets: int
    target_names: list[str]  # in axis order
    best: PointSet
    dominated: PointSet
    infeasible: PointSet
    include_dominated_trials: bool
    has_constraints: bool


def _points(trials: list[FrozenTrial], values: list[list[float]], order: list[int]) -> PointSet:
    arr = np.array(values, dtype=float).reshape(len(trials), len(order))
    return PointSet(
        np.array([t.number for t in trials], dtype=int),
        arr[:, order],
        [trial_hovertext(t) for t in trials],
    )


def pareto_front_info(
    study: Study,
    target_names: list[str] | None = None,
    include_dominated_trials: bool = True,
    constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    targets: Callable[[FrozenTrial], Sequence[float]] | None = None,
    axis_order: list[int] | None = None,
) -> ParetoFrontInfo:
    if constraints_func is not None:
        warnings.warn(
            "`constraints_func` is deprecated (as in Optuna): set constraints on the trials "
            "(`constraints_func` of the sampler, or `trial.set_constraint`) instead.",
            FutureWarning,
            stacklevel=3,
        )
    feasible: list[FrozenTrial] = []
    infeasible: list[FrozenTrial] = []
    has_constraints = False
    for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        if constraints_func is not None:
            has_constraints = True
            ok = all(c <= 0.0 for c in constraints_func(t))
        else:
            has_constraints |= bool(t.constraints)
            ok = all(c <= 0.0 for c in t.constraints.values())
        (feasible if ok else infeasible).append(t)
    directions = study.directions
    if feasible:
        if any(t.values is None or len(t.values) != len(directions) for t in feasible):
            raise ValueError(
                "The number of the values and the number of the objectives must be identical."
            )
        signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in directions])
        on_front = pareto_mask(np.array([t.values for t in feasible], dtype=float) * signs)
    else:
        on_front = np.zeros(0, dtype=bool)
    best = [t for t, f in zip(feasible, on_front) if f]
    dominated = (
        [t for t, f in zip(feasible, on_front) if not f] if include_dominated_trials else []
    )
    if not best:
        what = "completed and feasible" if has_constraints else "completed"
        _logger.warning(f"Your study does not have any {what} trials. ")
    custom_targets = targets is not None
    if targets is None:
        if len(directions) not in (2, 3):
            raise ValueError(
                "`plot_pareto_front` function only supports 2 or 3 objective studies when "
                "using `targets` is `None`. Please use `targets` if your objective studies "
                "have more than 3 objectives."
            )

        def targets(t: FrozenTrial) -> Sequence[float]:
            assert t.values is not None
            return t.values

    def evaluate(trials: list[FrozenTrial]) -> list[list[float]]:
        assert targets is not None
        out = []
        for t in trials:
            v = targets(t)
            if not isinstance(v, Sequence) or isinstance(v, str):
                raise ValueError(
                    "`targets` should return a sequence of target values. your `targets` "
                    f"returns {type(v)}"
                )
            out.append(list(v))
        return out

    best_values, dominated_values, infeasible_values = (
        evaluate(best),
        evaluate(dominated),
        evaluate(infeasible),
    )
    n_targets: int | None = None
    for values in (best_values, infeasible_values):
        if values:
            n_targets = len(values[0])
            break
    if n_targets is None:
        if target_names is not None:
            n_targets = len(target_names)
        elif not custom_targets:
            n_targets = len(directions)
        else:
            raise ValueError(
                "If `targets` is specified for empty studies, `target_names` must be specified."
            )
    if n_targets not in (2, 3):
        raise ValueError(
            "`plot_pareto_front` function only supports 2 or 3 targets. "
            f"you used {n_targets} targets now."
        )
    if target_names is None:
        target_names = study.metric_names or [f"Objective {i}" for i in range(n_targets)]
    elif len(target_names) != n_targets:
        raise ValueError(f"The length of `target_names` is supposed to be {n_targets}.")
    order = list(range(n_targets)) if axis_order is None else list(axis_order)
    if sorted(order) != list(range(n_targets)):
        raise ValueError(
            f"`axis_order` must be a permutation of {list(range(n_targets))}, got {axis_order}."
        )
    return ParetoFrontInfo(
        n_targets=n_targets,
        target_names=[target_names[i] for i in order],
        best=_points(best, best_values, order),
        dominated=_points(dominated, dominated_values, order),
        infeasible=_points(infeasible, infeasible_values, order),
        include_dominated_trials=include_dominated_trials,
        has_constraints=has_constraints,
    )


@dataclass
class HypervolumeHistoryInfo:
    numbers: np.ndarray
    values: np.ndarray


def hypervolume_history_info(
    study: Study, reference_point: Sequence[float]
) -> HypervolumeHistoryInfo:
    """The hypervolume of the feasible trials' front after each complete trial."""
    directions = study.directions
    if len(directions) < 2:
        raise ValueError(
            "Study must be multi-objective. For single-objective optimization, "
            "please use plot_optimization_history instead."
        )
    if len(reference_point) != len(directions):
        raise ValueError(
            "The dimension of the reference point must be the same as the number of "
            f"objectives ({len(directions)}), got {len(reference_point)}."
        )
    signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in directions])
    reference = signs * np.asarray(reference_point, dtype=float)
    trials = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    if not trials:
        _logger.warning("Your study does not have any completed trials.")
    numbers = np.array([t.number for t in trials], dtype=int)
    history = np.zeros(len(trials))
    front = np.zeros((0, len(directions)))
    volume = 0.0
    for i, t in enumerate(trials):
        if all(c <= 0.0 for c in t.constraints.values()):
            loss = signs * np.asarray(t.values, dtype=float)
            dominated = bool((front <= loss).all(axis=1).any())
            if not dominated and not (loss > reference).any():
                # Only a trial that improves the front changes the hypervolume: recompute it.
                front = np.vstack([front[(front < loss).any(axis=1)], loss])
                volume = hypervolume(front, reference)
        history[i] = volume
    if len(front) == 0:
        _logger.warning("Your study does not have any feasible trials.")
    return HypervolumeHistoryInfo(numbers, history)
