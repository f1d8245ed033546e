"""Numbers behind the slice plot: the target against each parameter."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tuner.distributions import CategoricalDistribution
from tuner.study import Study
from tuner.trial import TrialState
from tuner.visualization._data._common import (
    TargetType,
    _logger,
    all_param_names,
    check_params,
    check_plot_args,
    feasible_mask,
    finite_trials,
    first_distributions,
    param_column,
)


@dataclass
class SliceSubplot:
    """One parameter. For a categorical parameter ``x`` holds ``repr`` labels in the order of
    the choices (and ``categories`` the full list of labels); else the numbers."""

    param: str
    x: np.ndarray
    y: np.ndarray
    numbers: np.ndarray
    infeasible_x: np.ndarray
    infeasible_y: np.ndarray
    is_log: bool
    categories: list[str] | None


@dataclass
class SliceInfo:
    target_name: str
    subplots: list[SliceSubplot]


def slice_info(
    study: Study, params: list[str] | None, target: TargetType | None, target_name: str
) -> SliceInfo:
    check_plot_args(study, target, target_name)
    trials, values = finite_trials(
        study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)), target
    )
    if not trials:
        _logger.warning("Your study does not have any completed trials.")
        return SliceInfo(target_name, [])
    available = all_param_names(trials)
    if params is None:
        names = sorted(available)
    else:
        check_params(params, available)
        names = sorted(set(params))
    distributions = first_distributions(trials)
    numbers = np.array([t.number for t in trials], dtype=int)
    feasible = feasible_mask(trials)
    subplots = []
    for name in names:
        column = param_column(trials, name)
        have = column.present
        dist = distributions[name]
        if isinstance(dist, CategoricalDistribution):
            labels = [repr(c) for c in dist.choices]
            index = {c: i for i, c in enumerate(dist.choices)}
            codes = np.array(
                [index.get(v, -1) if h else -1 for v, h in zip(column.objects, have)], dtype=int
            )
            order = np.argsort(codes, kind="stable")
            order = order[codes[order] >= 0]
            x_all = np.array(labels, dtype=object)[codes[order]]
            y_all, num_all, ok = values[order], numbers[order], feasible[order]
            categories: list[str] | None = labels
        else:
            x_all = column.numbers[have]
            y_all, num_all, ok = values[have], numbers[have], feasible[have]
            categories = None
        subplots.append(
            SliceSubplot(
                param=name,
                x=x_all[ok],
                y=y_all[ok],
                numbers=num_all[ok],
                infeasible_x=x_all[~ok],
                infeasible_y=y_all[~ok],
                is_log=column.is_log,
                categories=categories,
            )
        )
    return SliceInfo(target_name, subplots)
