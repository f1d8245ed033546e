"""Plotly figures of values over time: optimization history, intermediate values, EDF,
timeline and importances."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tuner.importance import BaseImportanceEvaluator
from tuner.study import Study
from tuner.trial import TrialState
from tuner.visualization._data._common import DEFAULT_TARGET_NAME, INFEASIBLE_COLOR, TargetType
from tuner.visualization._data._history import FEASIBLE, INFEASIBLE, optimization_history_info
from tuner.visualization._data._importances import importances_info
from tuner.visualization._data._simple import edf_info, intermediate_values_info, timeline_info
from tuner.visualization._plotly._imports import figure, go


def plot_optimization_history(
    study: Study | Sequence[Study],
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
    error_bar: bool = False,
) -> Any:
    """Each trial's value and the best value so far, for one study or several.

    Args:
        study: A study, or several to compare.
        target: The value to plot per trial (required for multi-objective studies); no best
            line is drawn for a custom target.
        target_name: The name of the value on the axis and in the legend.
        error_bar: With several studies, plot the mean and standard deviation per trial
            number instead of one line per study.

    Returns:
        A ``plotly.graph_objects.Figure``.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=10)
        >>> fig = tuner.visualization.plot_optimization_history(study)
        >>> [trace.name for trace in fig.data]
        ['Objective Value', 'Best Value', 'Infeasible Trial']
    """
    go()
    info = optimization_history_info(study, target, target_name, error_bar)
    layout = {
        "title": {"text": "Optimization History Plot"},
        "xaxis": {"title": {"text": "Trial"}},
        "yaxis": {"title": {"text": target_name}},
    }
    traces: list[Any] = []
    for s in info.series:
        bad = s.states == INFEASIBLE
        if s.stds is None:
            error_y = None
            ok = s.states == FEASIBLE
            x_ok, y_ok = s.numbers[ok], s.values[ok]
            x_bad, y_bad = s.numbers[bad], s.values[bad]
        else:
            error_y = {"type": "data", "array": s.stds, "visible": True}
            x_ok, y_ok = s.numbers, s.values
            x_bad, y_bad = s.numbers[bad], np.array([])
        traces.append(_scatter(x=x_ok, y=y_ok, error_y=error_y, mode="markers", name=s.label))
        if s.best_values is not None:
            traces.append(_scatter(x=s.numbers, y=s.best_values, name=s.best_label, mode="lines"))
            if s.best_stds is not None:
                traces.append(
                    _scatter(
                        x=s.numbers,
                        y=s.best_values + s.best_stds,
                        mode="lines",
                        line={"width": 0.01},
                        showlegend=False,
                    )
                )
                traces.append(
                    _scatter(
                        x=s.numbers,
                        y=s.best_values - s.best_stds,
                        mode="none",
                        showlegend=False,
                        fill="tonexty",
                        fillcolor="rgba(255,0,0,0.2)",
                    )
                )
        traces.append(
            _scatter(
                x=x_bad,
                y=y_bad,
                error_y=error_y,
                mode="markers",
                name="Infeasible Trial",
                marker={"color": INFEASIBLE_COLOR},
                showlegend=False,
            )
        )
    return figure(traces, layout)


def _scatter(**kwargs: Any) -> dict[str, Any]:
    return {"type": "scatter", **{k: v for k, v in kwargs.items() if v is not None}}


def plot_intermediate_values(study: Study) -> Any:
    """The values each trial reported with ``trial.report``, step by step (pruned, complete
    and running trials).

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     x = trial.suggest_float("x", 0, 1)
        ...     for step in range(3):
        ...         trial.report(x * step, step)
        ...     return x
        >>> study = tuner.create_study()
        >>> study.optimize(objective, n_trials=2)
        >>> len(tuner.visualization.plot_intermediate_values(study).data)
        2
    """
    go()
    curves = intermediate_values_info(study)
    layout = {
        "title": {"text": "Intermediate Values Plot"},
        "xaxis": {"title": {"text": "Step"}},
        "yaxis": {"title": {"text": "Intermediate Value"}},
        "showlegend": False,
    }
    marker = {"maxdisplayed": 10}
    traces = [
        _scatter(
            x=c.steps,
            y=c.values,
            mode="lines+markers",
            marker=marker if c.feasible else {**marker, "color": "#CCCCCC"},
            name=f"Trial{c.number}",
        )
        for c in curves
    ]
    return figure(traces, layout)


def plot_edf(
    study: Study | Sequence[Study],
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """Empirical distribution function of the objective values of complete trials, one line
    per study: the share of trials at or below each value.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=10)
        >>> fig = tuner.visualization.plot_edf(study)
        >>> float(fig.data[0].y[-1])
        1.0
    """
    go()
    layout: dict[str, Any] = {
        "title": {"text": "Empirical Distribution Function Plot"},
        "xaxis": {"title": {"text": target_name}},
        "yaxis": {"title": {"text": "Cumulative Probability"}},
    }
    info = edf_info(study, target, target_name)
    if not info.lines:
        return figure([], layout)
    traces = [_scatter(x=info.x, y=y, name=name, mode="lines") for name, y in info.lines]
    layout["yaxis"]["range"] = [0, 1]
    return figure(traces, layout)


_STATE_COLORS = {
    "COMPLETE": "blue",
    "FAIL": "red",
    "PRUNED": "orange",
    "RUNNING": "green",
    "WAITING": "gray",
}


def plot_timeline(study: Study, n_recent_trials: int | None = None) -> Any:
    """Each trial as a bar from its start to its end, coloured by state.

    Args:
        study: The study.
        n_recent_trials: Only the last ``n_recent_trials`` trials (a positive integer).

    Raises:
        ValueError: ``n_recent_trials`` is 0 or negative.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
        >>> [bar.name for bar in tuner.visualization.plot_timeline(study).data]
        ['COMPLETE']
    """
    bars = timeline_info(study, n_recent_trials)
    go()
    groups: list[tuple[str, str, list[Any]]] = []
    for state in sorted(TrialState, key=lambda s: s.name):
        mine = [b for b in bars if b.state == state]
        if state == TrialState.COMPLETE:
            groups.append(("INFEASIBLE", INFEASIBLE_COLOR, [b for b in mine if b.infeasible]))
            groups.append(
                (state.name, _STATE_COLORS[state.name], [b for b in mine if not b.infeasible])
            )
        else:
            groups.append((state.name, _STATE_COLORS[state.name], mine))
    traces = [
        {
            "type": "bar",
            "name": name,
            "x": [(b.complete - b.start).total_seconds() * 1000 for b in group],
            "y": [b.number for b in group],
            "base": [b.start.isoformat() for b in group],
            "text": [b.hovertext for b in group],
            "hovertemplate": "%{text}<extra>" + name + "</extra>",
            "orientation": "h",
            "marker": {"color": color},
            "textposition": "none",
        }
        for name, color, group in groups
        if group
    ]
    layout = {
        "title": {"text": "Timeline Plot"},
        "xaxis": {"title": {"text": "Datetime"}, "type": "date"},
        "yaxis": {"title": {"text": "Trial"}},
        "showlegend": True,
    }
    return figure(traces, layout)


def plot_param_importances(
    study: Study,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """Horizontal bars of :func:`tuner.importance.get_param_importances` (one set per
    objective for a multi-objective study without ``target``).

    Example:
        >>> import tuner
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(
        ...     lambda t: t.suggest_float("x", -1, 1) ** 2 + 0.01 * t.suggest_float("y", -1, 1),
        ...     n_trials=50,
        ... )
        >>> list(tuner.visualization.plot_param_importances(study).data[0].y)
        ['y', 'x']
    """
    go()
    infos = importances_info(study, evaluator, params, target, target_name)
    layout = {
        "title": {"text": "Hyperparameter Importances"},
        "xaxis": {"title": {"text": "Hyperparameter Importance"}},
        "yaxis": {"title": {"text": "Hyperparameter"}},
    }
    data = [
        {
            "type": "bar",
            "x": info.importances,
            "y": info.params,
            "name": info.target_name,
            "text": info.labels,
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": info.hovertexts,
            "orientation": "h",
        }
        for info in infos
        if info.importances
    ]
    return figure(data, layout)
