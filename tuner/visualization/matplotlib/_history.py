"""matplotlib figures of values over time: optimization history, intermediate values, EDF,
timeline, importances, Pareto front and hypervolume history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from tuner.importance import BaseImportanceEvaluator
from tuner.study import Study
from tuner.trial import FrozenTrial, TrialState
from tuner.visualization._data._common import DEFAULT_TARGET_NAME, INFEASIBLE_COLOR, TargetType
from tuner.visualization._data._history import FEASIBLE, INFEASIBLE, optimization_history_info
from tuner.visualization._data._importances import importances_info
from tuner.visualization._data._multi_objective import (
    hypervolume_history_info,
    pareto_front_info,
)
from tuner.visualization._data._simple import edf_info, intermediate_values_info, timeline_info
from tuner.visualization.matplotlib._imports import plt, style


def plot_optimization_history(
    study: Study | Sequence[Study],
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
    error_bar: bool = False,
) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_optimization_history`; returns
    the ``Axes``.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=10)
        >>> ax = tuner.visualization.matplotlib.plot_optimization_history(study)
        >>> ax.get_title()
        'Optimization History Plot'
    """
    p = plt()
    info = optimization_history_info(study, target, target_name, error_bar)
    with style():
        _, ax = p.subplots(layout="constrained")
        ax.set_title("Optimization History Plot")
        ax.set_xlabel("Trial")
        ax.set_ylabel(target_name)
        cmap = p.get_cmap("tab10")
        single = len(info.series) == 1
        for i, s in enumerate(info.series):
            if s.stds is not None:
                ax.errorbar(s.numbers, s.values, yerr=s.stds, capsize=5, fmt="o", color="tab:blue")
                x_ok, y_ok = s.numbers, s.values
            else:
                ok = s.states == FEASIBLE
                x_ok, y_ok = s.numbers[ok], s.values[ok]
            ax.scatter(x_ok, y_ok, color=cmap(0) if single else cmap(2 * i), label=s.label)
            if s.best_values is not None:
                ax.plot(
                    s.numbers,
                    s.best_values,
                    color=cmap(3) if single else cmap(2 * i + 1),
                    alpha=0.5,
                    label=s.best_label,
                )
                if s.best_stds is not None:
                    ax.fill_between(
                        s.numbers,
                        s.best_values - s.best_stds,
                        s.best_values + s.best_stds,
                        color="tab:red",
                        alpha=0.4,
                    )
            bad = s.states == INFEASIBLE
            if s.stds is None and bad.any():
                ax.scatter(s.numbers[bad], s.values[bad], color=INFEASIBLE_COLOR)
        if info.series:
            ax.legend(bbox_to_anchor=(1.05, 1.0), loc="upper left")
    return ax


def plot_intermediate_values(study: Study) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_intermediate_values`.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.report(1.0, 0) or 1.0, n_trials=2)
        >>> len(tuner.visualization.matplotlib.plot_intermediate_values(study).get_lines())
        2
    """
    p = plt()
    curves = intermediate_values_info(study)
    with style():
        _, ax = p.subplots(layout="constrained")
        ax.set_title("Intermediate Values Plot")
        ax.set_xlabel("Step")
        ax.set_ylabel("Intermediate Value")
        cmap = p.get_cmap("tab20")
        for i, c in enumerate(curves):
            ax.plot(
                c.steps,
                c.values,
                color=cmap(i % 20) if c.feasible else INFEASIBLE_COLOR,
                marker=".",
                alpha=0.7,
                label=f"Trial{c.number}",
            )
        if 0 < len(curves) <= 20:
            ax.legend(bbox_to_anchor=(1.05, 1), loc="upper left", borderaxespad=0.0)
    return ax


def plot_edf(
    study: Study | Sequence[Study],
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_edf`.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
        >>> tuner.visualization.matplotlib.plot_edf(study).get_ylabel()
        'Cumulative Probability'
    """
    p = plt()
    info = edf_info(study, target, target_name)
    with style():
        _, ax = p.subplots(layout="constrained")
        ax.set_title("Empirical Distribution Function Plot")
        ax.set_xlabel(target_name)
        ax.set_ylabel("Cumulative Probability")
        ax.set_ylim(0, 1)
        cmap = p.get_cmap("tab20")
        for i, (name, y) in enumerate(info.lines):
            ax.plot(info.x, y, color=cmap(i % 20), alpha=0.7, label=name)
        if info.lines:
            ax.legend()
    return ax


_STATE_COLORS = {
    "COMPLETE": "tab:blue",
    "FAIL": "tab:red",
    "PRUNED": "tab:orange",
    "RUNNING": "tab:green",
    "WAITING": "tab:gray",
    "INFEASIBLE": INFEASIBLE_COLOR,
}


def plot_timeline(study: Study, n_recent_trials: int | None = None) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_timeline`.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
        >>> len(tuner.visualization.matplotlib.plot_timeline(study).patches)
        3
    """
    bars = timeline_info(study, n_recent_trials)
    p = plt()
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.lines import Line2D

    with style():
        _, ax = p.subplots(layout="constrained")
        ax.set_title("Timeline Plot")
        ax.set_xlabel("Datetime")
        ax.set_ylabel("Trial")
        if bars:
            kinds = [
                "INFEASIBLE" if b.state == TrialState.COMPLETE and b.infeasible else b.state.name
                for b in bars
            ]
            ax.barh(
                y=[b.number for b in bars],
                width=[b.complete - b.start for b in bars],
                left=[b.start for b in bars],
                color=[_STATE_COLORS[k] for k in kinds],
            )
            shown = [k for k in _STATE_COLORS if k in kinds]
            ax.legend(
                handles=[Line2D([0], [0], color=_STATE_COLORS[k], lw=5, label=k) for k in shown],
                loc="upper left",
                bbox_to_anchor=(1.05, 1.0),
            )
            locator = AutoDateLocator()  # type: ignore[no-untyped-call]
            ax.xaxis.set_major_locator(locator)
            # Concise labels stay readable from sub-second trials to week-long studies.
            ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    return ax


def plot_param_importances(
    study: Study,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_param_importances`.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 9),
        ...                n_trials=30)
        >>> ax = tuner.visualization.matplotlib.plot_param_importances(study)
        >>> [label.get_text() for label in ax.get_yticklabels()]
        ['x', 'y']
    """
    p = plt()
    infos = importances_info(study, evaluator, params, target, target_name)
    with style():
        _, ax = p.subplots(layout="constrained")
        ax.set_title("Hyperparameter Importances", loc="left")
        ax.set_xlabel("Hyperparameter Importance")
        ax.set_ylabel("Hyperparameter")
        shown = [info for info in infos if info.importances]
        height = 0.8 / max(len(shown), 1)
        for i, info in enumerate(shown):
            pos = np.arange(len(info.params)) + i * height
            bars = ax.barh(
                pos,
                info.importances,
                height=height,
                align="center",
                label=info.target_name,
                color=p.get_cmap("tab20c")(i),
            )
            for bar, label in zip(bars, info.labels):
                ax.text(
                    bar.get_width() + 0.005,
                    bar.get_y() + bar.get_height() / 2,
                    label,
                    va="center",
                    fontsize=9,
                )
        if shown:
            ax.set_yticks(np.arange(len(shown[0].params)) + height * (len(shown) - 1) / 2)
            ax.set_yticklabels(shown[0].params)
            ax.set_xlim(0, max(max(i.importances) for i in shown) * 1.15 + 1e-9)
            ax.legend(loc="lower right")
    return ax


def plot_pareto_front(
    study: Study,
    *,
    target_names: list[str] | None = None,
    include_dominated_trials: bool = True,
    constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    targets: Callable[[FrozenTrial], Sequence[float]] | None = None,
    axis_order: list[int] | None = None,
) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_pareto_front` (a 3D ``Axes``
    for three targets).

    Example:
        >>> import tuner
        >>> study = tuner.create_study(directions=["minimize", "minimize"])
        >>> study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)),
        ...                n_trials=10)
        >>> tuner.visualization.matplotlib.plot_pareto_front(study).get_xlabel()
        'Objective 0'
    """
    p = plt()
    info = pareto_front_info(
        study, target_names, include_dominated_trials, constraints_func, targets, axis_order
    )
    three = info.n_targets == 3
    with style():
        fig = p.figure(layout="constrained")
        ax = fig.add_subplot(projection="3d") if three else fig.add_subplot()
        ax.set_title("Pareto-front Plot")
        cmap = p.get_cmap("tab10")
        ax.set_xlabel(info.target_names[0])
        ax.set_ylabel(info.target_names[1])
        if three:
            ax.set_zlabel(info.target_names[2])
        groups = [
            (info.dominated, cmap(0), "Trial" if not info.has_constraints else "Feasible Trial"),
            (info.best, cmap(3), "Best Trial"),
        ]
        if info.has_constraints:
            groups.insert(0, (info.infeasible, INFEASIBLE_COLOR, "Infeasible Trial"))
        for points, color, label in groups:
            if len(points.numbers):
                ax.scatter(*points.values.T, color=color, label=label)
        if any(len(points.numbers) for points, _, _ in groups):
            ax.legend()
    return ax


def plot_hypervolume_history(study: Study, reference_point: Sequence[float]) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_hypervolume_history`.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(directions=["minimize", "minimize"])
        >>> study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)),
        ...                n_trials=10)
        >>> ax = tuner.visualization.matplotlib.plot_hypervolume_history(study, [1.0, 1.0])
        >>> ax.get_ylabel()
        'Hypervolume'
    """
    info = hypervolume_history_info(study, reference_point)
    p = plt()
    with style():
        _, ax = p.subplots(layout="constrained")
        ax.set_title("Hypervolume History Plot")
        ax.set_xlabel("Trial")
        ax.set_ylabel("Hypervolume")
        ax.plot(info.numbers, info.values, marker="o", color=p.get_cmap("tab10")(0), alpha=0.5)
    return ax
