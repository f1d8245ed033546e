"""Numbers behind the contour plot: the target on a grid over each pair of parameters."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from tuner.study import Study, StudyDirection
from tuner.trial import TrialState
from tuner.visualization._data._axes import Axis, axis, grid
from tuner.visualization._data._common import (
    TargetType,
    _logger,
    all_param_names,
    check_params,
    check_plot_args,
    feasible_mask,
    finite_trials,
)


@dataclass
class ContourPanel:
    """One (x, y) pair. ``z`` is (len(y_grid), len(x_grid)) with NaN where no trial fell,
    or None when there is nothing to draw (same parameter, fewer than two distinct values,
    or parameters that never appear together)."""

    x: Axis
    y: Axis
    x_grid: np.ndarray | None = None
    y_grid: np.ndarray | None = None
    z: np.ndarray | None = None
    feasible_xy: tuple[np.ndarray, np.ndarray] | None = None
    infeasible_xy: tuple[np.ndarray, np.ndarray] | None = None


@dataclass
class ContourInfo:
    params: list[str]
    panels: list[list[ContourPanel]]  # panels[y_index][x_index]
    reverse_scale: bool
    target_name: str


def contour_info(
    study: Study, params: list[str] | None, target: TargetType | None, target_name: str
) -> ContourInfo:
    check_plot_args(study, target, target_name)
    trials, values = finite_trials(
        study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)), target
    )
    available = all_param_names(trials)
    if not trials:
        _logger.warning("Your study does not have any completed trials.")
        names: list[str] = []
    elif params is None:
        names = sorted(available)
    else:
        if len(params) <= 1:
            _logger.warning("The length of params must be greater than 1.")
        check_params(params, available)
        names = sorted(set(params))
    reverse = target is not None or study.direction == StudyDirection.MINIMIZE
    if len(names) <= 1:
        return ContourInfo(names, [], reverse, target_name)
    axes = {name: axis(trials, name) for name in names}
    grids = {name: grid(ax) for name, ax in axes.items()}
    for name, ax in axes.items():
        if ax.n_unique < 2:
            _logger.warning(f"Param {name} unique value length is less than 2.")
    feasible = feasible_mask(trials)
    # A custom target has no direction: the last trial in a cell wins, as in Optuna.
    keep = None if target is not None else study.direction
    pairs = [(names[0], names[1])] if len(names) == 2 else [(x, y) for y in names for x in names]
    panels = []
    for x_name, y_name in pairs:
        ax, ay = axes[x_name], axes[y_name]
        panel = ContourPanel(ax, ay)
        if x_name != y_name and ax.n_unique >= 2 and ay.n_unique >= 2:
            gx, gy = grids[x_name], grids[y_name]
            both = ax.present & ay.present
            if not both.any():
                warnings.warn(
                    f"Contour plot will not be displayed because `{x_name}` and `{y_name}` "
                    "cannot co-exist in `trial.params`.",
                    UserWarning,
                    stacklevel=2,
                )
            else:
                panel.x_grid, panel.y_grid = gx.points, gy.points
                panel.z = _cell_values(
                    gx.index[both], gy.index[both], values[both], len(gx.points),
                    len(gy.points), keep,
                )
                ok = both & feasible
                bad = both & ~feasible
                panel.feasible_xy = (ax.values[ok], ay.values[ok])
                panel.infeasible_xy = (ax.values[bad], ay.values[bad])
        panels.append(panel)
    rows = [panels] if len(names) == 2 else [
        panels[i * len(names) : (i + 1) * len(names)] for i in range(len(names))
    ]
    return ContourInfo(names, rows, reverse, target_name)


def _cell_values(
    xi: np.ndarray,
    yi: np.ndarray,
    values: np.ndarray,
    nx: int,
    ny: int,
    direction: StudyDirection | None,
) -> np.ndarray:
    """The best value of the trials in each cell (the last one for a custom target)."""
    flat = yi * nx + xi
    z = np.full(nx * ny, np.nan)
    if direction is None:
        # np.unique on the reversed array keeps each cell's last trial.
        cells, first = np.unique(flat[::-1], return_index=True)
        z[cells] = values[::-1][first]
    else:
        minimize = direction == StudyDirection.MINIMIZE
        acc = np.full(nx * ny, np.inf if minimize else -np.inf)
        (np.minimum if minimize else np.maximum).at(acc, flat, values)
        hit = np.bincount(flat, minlength=nx * ny) > 0
        z[hit] = acc[hit]
    return z.reshape(ny, nx)
