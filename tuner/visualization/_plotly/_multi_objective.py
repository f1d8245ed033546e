"""Plotly figures of multi-objective studies: Pareto front and hypervolume history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tuner.study import Study
from tuner.trial import FrozenTrial
from tuner.visualization._data._common import INFEASIBLE_COLOR
from tuner.visualization._data._multi_objective import (
    PointSet,
    hypervolume_history_info,
    pareto_front_info,
)
from tuner.visualization._plotly._imports import figure, go


def plot_pareto_front(
    study: Study,
    *,
    target_names: list[str] | None = None,
    include_dominated_trials: bool = True,
    constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    targets: Callable[[FrozenTrial], Sequence[float]] | None = None,
    axis_order: list[int] | None = None,
) -> Any:
    """The trials of a 2- or 3-objective study, the Pareto front in red.

    Args:
        study: A multi-objective study (or any study with ``targets``).
        target_names: Axis titles; default the study's metric names or "Objective i".
        include_dominated_trials: Also plot the dominated (feasible) trials, in blue.
        constraints_func: Deprecated (as in Optuna): feasibility from this function instead
            of the trials' constraints.
        targets: The 2 or 3 values to plot per trial; default the objective values.
        axis_order: The order of the objectives on the axes (Optuna 3 and 4 had this; kept
            for their users), e.g. ``[1, 0]``.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(directions=["minimize", "minimize"])
        >>> study.optimize(lambda t: (t.suggest_float("x", 0, 1), 1 - t.suggest_float("y", 0, 1)),
        ...                n_trials=10)
        >>> fig = tuner.visualization.plot_pareto_front(study)
        >>> fig.layout.xaxis.title.text
        'Objective 0'
    """
    go()
    info = pareto_front_info(
        study, target_names, include_dominated_trials, constraints_func, targets, axis_order
    )
    three = info.n_targets == 3

    def scatter(points: PointSet, hover: str, kind: str) -> Any:
        if kind == "infeasible":
            marker: dict[str, Any] = {"color": INFEASIBLE_COLOR}
        elif kind == "dominated":
            marker = {
                "line": {"width": 0.5, "color": "Grey"},
                "color": points.numbers,
                "colorscale": "Blues",
                "colorbar": {"title": {"text": "Trial"}},
            }
        else:
            marker = {
                "line": {"width": 0.5, "color": "Grey"},
                "color": points.numbers,
                "colorscale": "Reds",
                "colorbar": {
                    "title": {"text": "Best Trial"},
                    "x": 1.1 if info.include_dominated_trials else 1,
                    "xpad": 40,
                },
            }
        coords = {"x": points.values[:, 0], "y": points.values[:, 1]}
        if three:
            coords["z"] = points.values[:, 2]
        return {
            "type": "scatter3d" if three else "scatter",
            **coords,
            "text": points.hovertexts,
            "mode": "markers",
            "hovertemplate": hover,
            "marker": marker,
            "showlegend": False,
        }

    data = []
    if info.has_constraints:
        data.append(
            scatter(info.infeasible, "%{text}<extra>Infeasible Trial</extra>", "infeasible")
        )
        dominated_hover = "%{text}<extra>Feasible Trial</extra>"
    else:
        dominated_hover = "%{text}<extra>Trial</extra>"
    data.append(scatter(info.dominated, dominated_hover, "dominated"))
    data.append(scatter(info.best, "%{text}<extra>Best Trial</extra>", "best"))
    names = info.target_names
    if three:
        layout: dict[str, Any] = {
            "title": {"text": "Pareto-front Plot"},
            "scene": {
                "xaxis": {"title": {"text": names[0]}},
                "yaxis": {"title": {"text": names[1]}},
                "zaxis": {"title": {"text": names[2]}},
            },
        }
    else:
        layout = {
            "title": {"text": "Pareto-front Plot"},
            "xaxis": {"title": {"text": names[0]}},
            "yaxis": {"title": {"text": names[1]}},
        }
    return figure(data, layout)


def plot_hypervolume_history(study: Study, reference_point: Sequence[float]) -> Any:
    """The hypervolume of the feasible Pareto front after each complete trial.

    Args:
        study: A multi-objective study.
        reference_point: The reference point, one value per objective (in the objectives'
            own directions).

    Raises:
        ValueError: A single-objective study, or a reference point of the wrong length.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(directions=["minimize", "maximize"])
        >>> study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)),
        ...                n_trials=10)
        >>> fig = tuner.visualization.plot_hypervolume_history(study, [1.0, 0.0])
        >>> len(fig.data[0].x)
        10
    """
    info = hypervolume_history_info(study, reference_point)
    go()
    layout = {
        "title": {"text": "Hypervolume History Plot"},
        "xaxis": {"title": {"text": "Trial"}},
        "yaxis": {"title": {"text": "Hypervolume"}},
    }
    trace = {"type": "scatter", "x": info.numbers, "y": info.values, "mode": "lines+markers"}
    return figure([trace], layout)
