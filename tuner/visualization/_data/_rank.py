"""Numbers behind the rank plot: trials over each pair of parameters, coloured by rank."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from tuner.study import Study
from tuner.trial import FrozenTrial, TrialState
from tuner.visualization._data import _colors
from tuner.visualization._data._axes import Axis, axis
from tuner.visualization._data._common import (
    TargetType,
    _logger,
    all_param_names,
    check_params,
    check_plot_args,
    target_values,
)

INFEASIBLE_RGB = (204.0, 204.0, 204.0)


@dataclass
class RankPanel:
    x: Axis
    y: Axis
    rows: np.ndarray  # indices into RankInfo's per-trial arrays of the trials shown here


@dataclass
class RankInfo:
    params: list[str]
    panels: list[list[RankPanel]]  # panels[y_index][x_index]
    target_name: str
    values: np.ndarray
    colors: np.ndarray  # (n, 3) RGB 0-255, infeasible trials grey
    hovertexts: list[str]
    tick_positions: list[float]
    tick_texts: list[str]


def rank_info(
    study: Study, params: list[str] | None, target: TargetType | None, target_name: str
) -> RankInfo:
    check_plot_args(study, target, target_name)
    trials = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
    values = target_values(trials, target)
    if np.isnan(values).any():  # a NaN has no rank
        for i in np.flatnonzero(np.isnan(values)):
            _logger.warning(f"Trial {trials[i].number} is omitted because its value is nan.")
        trials = [t for t, v in zip(trials, values) if not np.isnan(v)]
        values = values[~np.isnan(values)]
    available = all_param_names(trials)
    if not trials:
        _logger.warning("Your study does not have any completed trials.")
        names: list[str] = []
    elif params is None:
        names = sorted(available)
    else:
        check_params(params, available)
        names = list(params)
    if not names:
        _logger.warning("params is an empty list.")
    ranks = rankdata(values, method="average") - 1 if len(values) else values
    positions = ranks / (len(trials) - 1) if len(trials) >= 2 else np.full(len(trials), 0.5)
    colors = _colors.sample(_colors.RDYLBU_R, positions)
    infeasible = np.array([any(c > 0.0 for c in t.constraints.values()) for t in trials], bool)
    colors[infeasible] = INFEASIBLE_RGB
    axes = {name: axis(trials, name) for name in names}
    pairs = [(names[0], names[1])] if len(names) == 2 else [(x, y) for y in names for x in names]
    panels = [
        RankPanel(axes[x], axes[y], np.flatnonzero(axes[x].present & axes[y].present))
        for x, y in pairs
    ]
    rows = (
        [panels]
        if len(names) == 2
        else [panels[i * len(names) : (i + 1) * len(names)] for i in range(len(names))]
    )
    quantiles = [0.0, 0.25, 0.5, 0.75, 1.0]
    names_q = ["min.", "25%", "50%", "75%", "max."]
    q_values = np.quantile(values, quantiles) if len(values) else []
    return RankInfo(
        params=names,
        panels=rows if names else [],
        target_name=target_name,
        values=values,
        colors=colors,
        hovertexts=[
            _hovertext(t, v, target_name, target is not None) for t, v in zip(trials, values)
        ],
        tick_positions=quantiles,
        tick_texts=[f"{n} ({v:3g})" for n, v in zip(names_q, q_values)],
    )


def _hovertext(trial: FrozenTrial, value: float, target_name: str, raw: bool) -> str:
    lines = [f"Trial #{trial.number}"]
    lines += [f"{k}: {v}" for k, v in trial.params.items()]
    lines += [f"<b>{target_name}: {value}</b>"]
    if raw and trial.values is not None:
        lines += [f"Objective #{i}: {v}" for i, v in enumerate(trial.values)]
    return "<br>".join(lines)
