"""Numbers behind the optimization history: each trial's value and the running best."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tuner.study import Study, StudyDirection
from tuner.trial import TrialState
from tuner.visualization._data._common import (
    TargetType,
    _logger,
    as_studies,
    check_plot_args,
    target_values,
)


@dataclass
class HistorySeries:
    """One line of the plot (one study, or the mean over studies with ``error_bar``).

    ``states`` per point: 0 feasible, 1 infeasible, 2 not complete (value NaN).
    ``best_values`` is None for a custom target (no direction to take the best in).
    """

    label: str
    best_label: str
    numbers: np.ndarray
    values: np.ndarray
    states: np.ndarray
    best_values: np.ndarray | None
    stds: np.ndarray | None = None
    best_stds: np.ndarray | None = None


FEASIBLE, INFEASIBLE, INCOMPLETE = 0, 1, 2


@dataclass
class HistoryInfo:
    series: list[HistorySeries]
    target_name: str


def optimization_history_info(
    study: Study | Sequence[Study],
    target: TargetType | None = None,
    target_name: str = "Objective Value",
    error_bar: bool = False,
) -> HistoryInfo:
    check_plot_args(study, target, target_name)
    studies = as_studies(study)
    series: list[HistorySeries] = []
    for s in studies:
        trials = s.get_trials(deepcopy=False)
        complete = np.array([t.state == TrialState.COMPLETE for t in trials], dtype=bool)
        done = [t for t, c in zip(trials, complete) if c]
        values = np.full(len(trials), np.nan)
        values[complete] = target_values(done, target)
        states = np.full(len(trials), INCOMPLETE)
        feasible = np.array(
            [all(c <= 0.0 for c in t.constraints.values()) for t in done], dtype=bool
        )
        states[complete] = np.where(feasible, FEASIBLE, INFEASIBLE)
        best = None
        if target is None:
            minimize = s.direction == StudyDirection.MINIMIZE
            worst = np.inf if minimize else -np.inf
            masked = np.where(states == FEASIBLE, values, worst)
            acc = np.minimum if minimize else np.maximum
            best = acc.accumulate(masked) if len(masked) else masked
        several = len(studies) > 1
        series.append(
            HistorySeries(
                label=f"{target_name} of {s.study_name}" if several else target_name,
                best_label=f"Best Value of {s.study_name}" if several else "Best Value",
                numbers=np.array([t.number for t in trials], dtype=int),
                values=values,
                states=states,
                best_values=best,
            )
        )
    if not series:
        _logger.warning("There are no studies.")
    n_feasible = sum(int((x.states == FEASIBLE).sum()) for x in series)
    n_infeasible = sum(int((x.states == INFEASIBLE).sum()) for x in series)
    if n_feasible + n_infeasible == 0:
        _logger.warning("There are no complete trials.")
        return HistoryInfo([], target_name)
    if not error_bar:
        return HistoryInfo(series, target_name)
    if n_feasible == 0:
        _logger.warning("There are no feasible trials.")
        return HistoryInfo([], target_name)
    return HistoryInfo([_aggregate(series, target_name, target is None)], target_name)


def _aggregate(series: list[HistorySeries], target_name: str, with_best: bool) -> HistorySeries:
    """Mean and standard deviation per trial number over the studies (feasible values only)."""
    size = max(int(x.numbers.max()) + 1 for x in series if len(x.numbers))
    any_feasible = np.zeros(size, dtype=bool)
    for x in series:
        any_feasible[x.numbers[x.states == FEASIBLE]] = True
    numbers = np.flatnonzero(any_feasible)

    def mean_std(points: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        # Two passes (mean, then squared deviations) to stay exact for large values.
        idx = np.concatenate([n for n, _ in points])
        val = np.concatenate([v for _, v in points])
        count = np.bincount(idx, minlength=size).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.bincount(idx, weights=val, minlength=size) / count
            var = np.bincount(idx, weights=(val - mean[idx]) ** 2, minlength=size) / count
        return mean[numbers], np.sqrt(var[numbers])

    values, stds = mean_std(
        [
            (x.numbers[ok], x.values[ok])
            for x in series
            for ok in [(x.states == FEASIBLE) & ~np.isinf(x.values)]
        ]
    )
    best_values = best_stds = None
    if with_best:
        best_values, best_stds = mean_std(
            [
                (x.numbers[ok], x.best_values[ok])
                for x in series
                if x.best_values is not None
                for ok in [~np.isinf(x.best_values)]
            ]
        )
    return HistorySeries(
        label=target_name,
        best_label="Best Value",
        numbers=numbers,
        values=values,
        states=np.full(len(numbers), FEASIBLE),
        best_values=best_values,
        stds=stds,
        best_stds=best_stds,
    )
