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
    feasible_mask: np.ndarray | None = None  # per trial of the study's complete trials


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
                    gx.index[both],
                    gy.index[both],
                    values[both],
                    len(gx.points),
                    len(gy.points),
                    keep,
                )
                ok = both & feasible
                bad = both & ~feasible
                panel.feasible_xy = (ax.values[ok], ay.values[ok])
                panel.infeasible_xy = (ax.values[bad], ay.values[bad])
                panel.feasible_mask = feasible
        panels.append(panel)
    rows = (
        [panels]
        if len(names) == 2
        else [panels[i * len(names) : (i + 1) * len(names)] for i in range(len(names))]
    )
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


SURFACE_POINTS = 100


@dataclass
class Surface:
    """A smooth surface for filled contours: the target on a SURFACE_POINTS square grid,
    cells without a trial filled by Laplace interpolation from the ones with one."""

    x: np.ndarray  # grid coordinates (category codes on categorical axes)
    y: np.ndarray
    z: np.ndarray  # (len(y), len(x))
    points_x: np.ndarray  # trial coordinates on the same scale
    points_y: np.ndarray
    feasible: np.ndarray


def surface(panel: ContourPanel, n: int = SURFACE_POINTS) -> Surface | None:
    """The panel's surface, or None when the panel has nothing to draw."""
    if panel.z is None:
        return None
    both = panel.x.present & panel.y.present
    px, gx = _coordinates(panel.x, both, n)
    py, gy = _coordinates(panel.y, both, n)
    # The value at each trial's own grid cell, as on the plotly grid (best in the cell).
    cx, cy = grid_index_of(panel.x, both), grid_index_of(panel.y, both)
    assert panel.x_grid is not None and panel.y_grid is not None
    values = panel.z[cy, cx]
    ix = np.abs(gx[None, :] - px[:, None]).argmin(axis=1)
    iy = np.abs(gy[None, :] - py[:, None]).argmin(axis=1)
    known = np.full(n * n, np.nan)
    known[iy * n + ix] = values  # the last trial on a grid point wins, as in Optuna
    feasible = (
        panel.feasible_mask[both]
        if panel.feasible_mask is not None
        else np.ones(len(px), dtype=bool)
    )
    return Surface(gx, gy, _laplace_fill(known, n), px, py, feasible)


def grid_index_of(ax: Axis, rows: np.ndarray) -> np.ndarray:
    index: np.ndarray = grid(ax).index[rows]
    return index


def _coordinates(ax: Axis, rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    if ax.is_cat:
        lookup = {v: i for i, v in enumerate(ax.unique)}
        coords = np.array([lookup[v] for v in ax.values[rows]], dtype=float)
    else:
        coords = ax.values[rows].astype(float)
    low, high = ax.range
    line = (
        np.logspace(np.log10(low), np.log10(high), n) if ax.is_log else np.linspace(low, high, n)
    )
    return coords, line


def _laplace_fill(known: np.ndarray, n: int) -> np.ndarray:
    """Solve for unknown cells: each equals the mean of its grid neighbours."""
    from scipy.sparse import csc_matrix
    from scipy.sparse.linalg import spsolve

    cells = np.arange(n * n)
    gx, gy = cells % n, cells // n
    has = ~np.isnan(known)
    rows, cols, data = [cells[has]], [cells[has]], [np.ones(int(has.sum()))]
    free = cells[~has]
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        ok = (
            (gx[free] + dx >= 0) & (gx[free] + dx < n) & (gy[free] + dy >= 0) & (gy[free] + dy < n)
        )
        src = free[ok]
        rows += [src, src]
        cols += [src, src + dy * n + dx]
        data += [np.ones(len(src)), -np.ones(len(src))]
    matrix = csc_matrix(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=(n * n, n * n)
    )
    z: np.ndarray = spsolve(matrix, np.where(has, known, 0.0))
    return z.reshape(n, n)
