"""Numbers behind the importance bar chart."""

from __future__ import annotations

from dataclasses import dataclass

from tuner.importance import BaseImportanceEvaluator, get_param_importances
from tuner.study import Study
from tuner.trial import FrozenTrial, TrialState
from tuner.visualization._data._common import (
    TargetType,
    _logger,
    check_plot_args,
    finite_trials,
)


@dataclass
class ImportanceBars:
    """One objective's bars, least important first (the bottom of a horizontal bar chart)."""

    target_name: str
    params: list[str]
    importances: list[float]
    labels: list[str]
    hovertexts: list[str]


def importances_info(
    study: Study,
    evaluator: BaseImportanceEvaluator | None,
    params: list[str] | None,
    target: TargetType | None,
    target_name: str,
) -> list[ImportanceBars]:
    """One set of bars per objective (a multi-objective study without ``target`` gets one
    per objective, named by the study's metric names when set)."""
    metric_names = study.metric_names
    if target is not None or len(study.directions) == 1:
        name = metric_names[0] if metric_names is not None and target is None else target_name
        return [_bars(study, evaluator, params, target, name)]
    names = metric_names or [f"{target_name} {i}" for i in range(len(study.directions))]
    return [_bars(study, evaluator, params, _objective(i), name) for i, name in enumerate(names)]


def _objective(i: int) -> TargetType:
    def value(t: FrozenTrial) -> float:
        assert t.values is not None
        return t.values[i]

    return value


def _bars(
    study: Study,
    evaluator: BaseImportanceEvaluator | None,
    params: list[str] | None,
    target: TargetType | None,
    target_name: str,
) -> ImportanceBars:
    check_plot_args(study, target, target_name)
    trials, _ = finite_trials(
        study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)), target
    )
    if not trials:
        _logger.warning("Study instance does not contain completed trials.")
        return ImportanceBars(target_name, [], [], [], [])
    importances = get_param_importances(study, evaluator=evaluator, params=params, target=target)
    names = list(reversed(importances))
    values = [importances[n] for n in names]
    kinds: dict[str, str] = {}
    for t in study.get_trials(deepcopy=False):
        for n, d in t.distributions.items():
            kinds.setdefault(n, type(d).__name__)
    return ImportanceBars(
        target_name,
        names,
        values,
        [f"{v:.2f}" if v >= 0.01 else "<0.01" for v in values],
        [f"{n} ({kinds[n]}): {v}<extra></extra>" for n, v in zip(names, values)],
    )
