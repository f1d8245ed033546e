"""Plotly parallel coordinate plot."""

from __future__ import annotations

from typing import Any

import numpy as np

from tuner.study import Study
from tuner.visualization._data import _colors
from tuner.visualization._data._common import DEFAULT_TARGET_NAME, TargetType
from tuner.visualization._data._parallel import parallel_coordinate_info
from tuner.visualization._plotly._imports import figure, go

# Lines are drawn in this many colour shades: one trace per shade and dash style instead of
# Optuna's trace per trial, which takes seconds to build (and to render) for 10,000 trials.
COLOR_LEVELS = 256


def plot_parallel_coordinate(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """One line per complete trial through the objective and each parameter's axis.

    Log parameters get log axes, categorical ones their choices as ticks; a trial without a
    parameter meets that axis at a "None" tick. With constraints, infeasible trials are
    dotted. A multi-objective study without ``target`` gets an axis per objective and lines
    coloured by Pareto rank. Lines of similar colour are drawn as one trace (256 shades),
    the best on top.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_int("n", 0, 3),
        ...                n_trials=5)
        >>> fig = tuner.visualization.plot_parallel_coordinate(study)
        >>> list(fig.layout.xaxis.ticktext)
        ['Objective Value', 'n', 'x']
    """
    go()
    info = parallel_coordinate_info(study, params, target, target_name)
    layout: dict[str, Any] = {
        "title": {"text": "Parallel Coordinate Plot", "y": 1, "yanchor": "bottom", "yref": "paper"}
    }
    if info.empty:
        return figure([], layout)
    dims = info.dimensions
    n_dims = len(dims)
    ys = np.column_stack([d.normalized() for d in dims])
    shade = np.round(info.color_positions() * (COLOR_LEVELS - 1)).astype(int)
    colors = _colors.sample(_colors.BLUES, shade / (COLOR_LEVELS - 1))
    feasible = np.ones(len(shade), dtype=bool) if info.feasibility is None else info.feasibility
    texts = np.column_stack(
        [np.array([d.format(v) for v in d.values], dtype=object) for d in dims]
    )
    labels = np.array([d.label for d in dims], dtype=object)
    # Darker (better, for the default scales) groups are drawn last, on top.
    groups = sorted({(int(s), bool(f)) for s, f in zip(shade, feasible)})
    traces: list[dict[str, Any]] = []
    for level, ok in groups:
        rows = np.flatnonzero((shade == level) & (feasible == ok))
        x = np.tile(np.append(np.arange(n_dims, dtype=float), np.nan), len(rows))
        y = np.column_stack([ys[rows], np.full(len(rows), np.nan)]).ravel()
        custom = np.empty((len(rows), n_dims + 1, 2), dtype=object)
        custom[:, :n_dims, 0] = labels
        custom[:, :n_dims, 1] = texts[rows]
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": y,
                "customdata": custom.reshape(-1, 2),
                "mode": "lines",
                "line": {
                    "color": _colors.rgb_string(colors[rows[0]]),
                    "dash": "solid" if ok else "dot",
                    "width": 1.2,
                },
                "opacity": 0.5,
                "connectgaps": False,
                "showlegend": False,
                "hovertemplate": "%{customdata[0]}: %{customdata[1]}<extra></extra>",
            }
        )
    color_min, color_max = info.color_range()
    colorbar: dict[str, Any] = {"title": {"text": info.colorbar_title}}
    if info.is_rank_color:
        colorbar["tickvals"] = list(range(int(info.color_values.max()) + 1))
    if info.feasibility is not None:
        for name, dash in (("Feasible", "solid"), ("Infeasible", "dot")):
            traces.append(
                {
                    "type": "scatter",
                    "x": [None],
                    "y": [None],
                    "mode": "lines",
                    "line": {"color": "#2F3B52", "dash": dash, "width": 2},
                    "name": name,
                    "showlegend": True,
                    "hoverinfo": "skip",
                }
            )
    traces.append(
        {
            "type": "scatter",
            "x": [None, None],
            "y": [None, None],
            "mode": "markers",
            "marker": {
                "color": [color_min, color_max],
                "cmin": color_min,
                "cmax": color_max,
                "colorscale": [_colors.rgb_string(c).replace(" ", "") for c in _colors.BLUES],
                "reversescale": info.reverse_scale,
                "showscale": True,
                "colorbar": colorbar,
            },
            "showlegend": False,
            "hoverinfo": "skip",
        }
    )
    annotations = []
    for axis_id, dim in enumerate(dims):
        tick_values, tick_texts = dim.ticks()
        for value, text in zip(dim.normalized(np.array(tick_values)), tick_texts):
            annotations.append(
                {
                    "x": axis_id,
                    "y": float(value),
                    "text": text,
                    "showarrow": False,
                    "xanchor": "right",
                    "xshift": -4,
                    "font": {"size": 10, "color": "#555"},
                }
            )
    layout.update(
        xaxis={
            "tickmode": "array",
            "tickvals": list(range(n_dims)),
            "ticktext": [d.label for d in dims],
            "range": (-0.2, n_dims - 0.8),
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={"range": (-0.08, 1.08), "visible": False, "fixedrange": True},
        annotations=annotations,
        shapes=[
            {
                "type": "line",
                "x0": i,
                "x1": i,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#888", "width": 1},
                "layer": "below",
            }
            for i in range(n_dims)
        ],
        hovermode="closest",
        plot_bgcolor="white",
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1, "yanchor": "bottom"},
    )
    return figure(traces, layout)
