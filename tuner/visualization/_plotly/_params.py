"""Plotly figures of the target against parameters: slice, contour and rank."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tuner.study import Study
from tuner.visualization._data import _colors
from tuner.visualization._data._axes import Axis
from tuner.visualization._data._common import DEFAULT_TARGET_NAME, INFEASIBLE_COLOR, TargetType
from tuner.visualization._data._contour import ContourPanel, contour_info
from tuner.visualization._data._rank import rank_info
from tuner.visualization._data._slice import SliceSubplot, slice_info
from tuner.visualization._plotly._grid import axis_key, axis_ref, grid_layout
from tuner.visualization._plotly._imports import figure, go

BLUES = [_colors.rgb_string(c).replace(" ", "") for c in _colors.BLUES]


def plot_slice(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """The target against each parameter, one panel per parameter, points coloured by trial
    number. Trials without a parameter are left out of its panel.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 1e-3, 1, log=True), n_trials=5)
        >>> tuner.visualization.plot_slice(study).layout.xaxis.type
        'log'
    """
    go()
    info = slice_info(study, params, target, target_name)
    layout: dict[str, Any] = {"title": {"text": "Slice Plot"}}
    n = len(info.subplots)
    if n == 0:
        return figure([], layout)
    if n == 1:
        layout["xaxis"] = _slice_axis(info.subplots[0])
        layout["yaxis"] = {"title": {"text": target_name}}
        return figure(_slice_traces(info.subplots[0], True, 1), layout)
    layout.update(grid_layout(1, n, shared_x=False, shared_y=True))
    traces = []
    for k, sub in enumerate(info.subplots, start=1):
        traces += _slice_traces(sub, k == 1, k)
        layout[axis_key("x", k)].update(_slice_axis(sub))
    layout["yaxis"]["title"] = {"text": target_name}
    if n > 3:
        layout["width"] = 300 * n
    return figure(traces, layout)


def _slice_axis(sub: SliceSubplot) -> dict[str, Any]:
    ax: dict[str, Any] = {"title": {"text": sub.param}}
    if sub.categories is not None:
        ax.update(type="category", categoryorder="array", categoryarray=sub.categories)
    elif sub.is_log:
        ax["type"] = "log"
    return ax


def _slice_traces(sub: SliceSubplot, showscale: bool, k: int) -> list[dict[str, Any]]:
    refs = {"xaxis": axis_ref("x", k), "yaxis": axis_ref("y", k)}
    traces = [
        {
            "type": "scatter",
            "x": sub.x,
            "y": sub.y,
            "mode": "markers",
            "name": "Feasible Trial",
            "marker": {
                "line": {"width": 0.5, "color": "Grey"},
                "color": sub.numbers,
                "colorscale": BLUES,
                "colorbar": {"title": {"text": "Trial"}, "x": 1.0, "xpad": 40},
                "showscale": showscale,
            },
            "showlegend": False,
            **refs,
        }
    ]
    if len(sub.infeasible_x):
        traces.append(
            {
                "type": "scatter",
                "x": sub.infeasible_x,
                "y": sub.infeasible_y,
                "mode": "markers",
                "name": "Infeasible Trial",
                "marker": {"color": INFEASIBLE_COLOR},
                "showlegend": False,
                **refs,
            }
        )
    return traces


def _axis_settings(ax: Axis) -> dict[str, Any]:
    out: dict[str, Any] = {"range": list(ax.range)}
    if ax.is_cat:
        out["type"] = "category"
    if ax.is_log:
        out.update(range=[math.log10(p) for p in ax.range], type="log")
    return out


def plot_contour(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """The target as a contour over each pair of parameters, trials as dots.

    A cell holds the best value of the trials that fall in it. Each axis has one grid line
    per distinct value, as in Optuna, up to 100; beyond that the values are binned into 100
    bins (log-spaced for log parameters), so big studies stay fast and small.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(
        ...     lambda t: t.suggest_float("x", -1, 1) + t.suggest_int("n", 0, 4), n_trials=10
        ... )
        >>> tuner.visualization.plot_contour(study).data[0].type
        'contour'
    """
    go()
    info = contour_info(study, params, target, target_name)
    layout: dict[str, Any] = {"title": {"text": "Contour Plot"}}
    n = len(info.params)
    if n <= 1:
        return figure([], layout)
    if n == 2:
        panel = info.panels[0][0]
        layout["xaxis"] = {"title": {"text": info.params[0]}, **_axis_settings(panel.x)}
        layout["yaxis"] = {"title": {"text": info.params[1]}, **_axis_settings(panel.y)}
        traces = _contour_traces(panel, info.reverse_scale, target_name, 1, True)
        return figure(traces, layout)
    layout.update(grid_layout(n, n, shared_x=True, shared_y=True))
    traces = []
    showscale = True
    for x_i in range(n):  # column by column, the order Optuna adds traces in
        for y_i in range(n):
            k = y_i * n + x_i + 1
            panel = info.panels[y_i][x_i]
            if x_i == y_i:
                traces.append(_empty("scatter", k))
            else:
                pair = _contour_traces(panel, info.reverse_scale, target_name, k, showscale)
                # Optuna's grid shows the contour and the feasible trials only.
                traces += pair[:2]
                if panel.z is not None:
                    showscale = False
            layout[axis_key("x", k)].update(_axis_settings(panel.x))
            layout[axis_key("y", k)].update(_axis_settings(panel.y))
            if x_i == 0:
                layout[axis_key("y", k)]["title"] = {"text": info.params[y_i]}
            if y_i == n - 1:
                layout[axis_key("x", k)]["title"] = {"text": info.params[x_i]}
    return figure(traces, layout)


def _empty(kind: str, k: int) -> dict[str, Any]:
    return {"type": kind, "xaxis": axis_ref("x", k), "yaxis": axis_ref("y", k)}


def _contour_traces(
    panel: ContourPanel, reverse: bool, target_name: str, k: int, showscale: bool
) -> list[dict[str, Any]]:
    if panel.z is None:
        return [_empty("contour", k), _empty("scatter", k), _empty("scatter", k)]
    assert panel.feasible_xy is not None and panel.infeasible_xy is not None
    refs = {"xaxis": axis_ref("x", k), "yaxis": axis_ref("y", k)}
    contour = {
        "type": "contour",
        "x": panel.x_grid,
        "y": panel.y_grid,
        "z": panel.z,
        "colorbar": {"title": {"text": target_name}},
        "colorscale": BLUES,
        "connectgaps": True,
        "contours": {"coloring": "heatmap"},
        "hoverinfo": "none",
        "line": {"smoothing": 1.3},
        "reversescale": reverse,
        "showscale": showscale,
        **refs,
    }
    dots = [
        {
            "type": "scatter",
            "x": xy[0],
            "y": xy[1],
            "marker": {"line": {"width": 2.0, "color": "Gray"}, "color": color},
            "mode": "markers",
            "name": name,
            "showlegend": False,
            **refs,
        }
        for xy, color, name in (
            (panel.feasible_xy, "black", "Feasible Trial"),
            (panel.infeasible_xy, INFEASIBLE_COLOR, "Infeasible Trial"),
        )
    ]
    return [contour, *dots]


def plot_rank(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """Trials over each pair of parameters, coloured by the rank of their target (blue best
    for a minimized study); infeasible trials grey.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 1),
        ...                n_trials=5)
        >>> len(tuner.visualization.plot_rank(study).data)  # one panel and the colour bar
        2
    """
    go()
    info = rank_info(study, params, target, target_name)
    layout: dict[str, Any] = {"title": {"text": f"Rank ({info.target_name})"}}
    n = len(info.params)
    if n == 0:
        return figure([], layout)
    colors = np.array([_colors.rgb_string(c) for c in info.colors], dtype=object)
    hovertexts = np.array(info.hovertexts, dtype=object)
    traces: list[dict[str, Any]] = []
    cells = [(0, 0)] if n == 2 else [(y, x) for x in range(n) for y in range(n)]
    if n != 2:
        layout.update(
            grid_layout(n, n, shared_x=True, shared_y=True, h_spacing=0.08 / n, v_spacing=0.08 / n)
        )
    for y_i, x_i in cells:
        k = y_i * n + x_i + 1
        panel = info.panels[y_i][x_i]
        rows = panel.rows
        traces.append(
            {
                "type": "scatter",
                "x": _rank_coords(panel.x, rows),
                "y": _rank_coords(panel.y, rows),
                "marker": {"color": colors[rows], "line": {"width": 0.5, "color": "Grey"}},
                "mode": "markers",
                "showlegend": False,
                "hovertemplate": "%{hovertext}<extra></extra>",
                "hovertext": hovertexts[rows],
                **_empty("scatter", k),
            }
        )
        xkey, ykey = axis_key("x", k), axis_key("y", k)
        layout.setdefault(xkey, {}).update(_axis_settings(panel.x))
        layout.setdefault(ykey, {}).update(_axis_settings(panel.y))
        if n == 2 or x_i == 0:
            layout[ykey]["title"] = {"text": panel.y.name}
        if n == 2 or y_i == n - 1:
            layout[xkey]["title"] = {"text": panel.x.name}
    traces.append(
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "marker": {
                "colorscale": "RdYlBu_r",
                "showscale": True,
                "cmin": 0,
                "cmax": 1,
                "colorbar": {
                    "thickness": 10,
                    "tickvals": info.tick_positions,
                    "ticktext": info.tick_texts,
                },
            },
            "hoverinfo": "none",
            "showlegend": False,
        }
    )
    return figure(traces, layout)


def _rank_coords(ax: Axis, rows: np.ndarray) -> np.ndarray:
    values: np.ndarray = ax.values[rows]
    return values if ax.is_cat else values.astype(float)
