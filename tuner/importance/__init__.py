"""Which parameters matter: hyperparameter importance from a study's completed trials.

``get_param_importances(study)`` uses :class:`PedAnovaImportanceEvaluator` (numpy and scipy
only) unless told otherwise; :class:`FanovaImportanceEvaluator` and
:class:`MeanDecreaseImpurityImportanceEvaluator` fit a scikit-learn random forest and need
``pip install "tuner[sklearn]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuner.importance._base import BaseImportanceEvaluator, TargetType, normalized
from tuner.importance._fanova import FanovaImportanceEvaluator
from tuner.importance._mean_decrease_impurity import MeanDecreaseImpurityImportanceEvaluator
from tuner.importance._ped_anova import PedAnovaImportanceEvaluator

if TYPE_CHECKING:
    from tuner.study import Study

__all__ = [
    "BaseImportanceEvaluator",
    "FanovaImportanceEvaluator",
    "MeanDecreaseImpurityImportanceEvaluator",
    "PedAnovaImportanceEvaluator",
    "get_param_importances",
]


def get_param_importances(
    study: Study,
    *,
    evaluator: BaseImportanceEvaluator | None = None,
    params: list[str] | None = None,
    target: TargetType | None = None,
    normalize: bool = True,
) -> dict[str, float]:
    """Importance of each parameter for the study's objective, most important first.

    Args:
        study: The study whose COMPLETE trials are explained.
        evaluator: How to assess importance; :class:`PedAnovaImportanceEvaluator` by default
            (chosen by measurement, see the importance docs; it needs no scikit-learn).
        params: The parameters to assess. ``None``: with PED-ANOVA every parameter of a
            completed trial, conditional ones included; with the forest-based evaluators the
            parameters every completed trial has. An empty list gives an empty dict.
        target: The value to explain, e.g. ``lambda t: t.values[0]`` or
            ``lambda t: t.duration.total_seconds()``. Needed for a multi-objective study
            except with PED-ANOVA (which then explains reaching the Pareto front).
        normalize: Scale the importances to sum to 1 (equal shares when all are 0).

    Raises:
        TypeError: ``evaluator`` is not a :class:`BaseImportanceEvaluator`, or ``params`` is
            not a list of names.
        ValueError: A named parameter is in no completed trial, ``target`` returned a
            non-number, or a multi-objective study needs ``target``.

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     x = trial.suggest_float("x", -10, 10)
        ...     y = trial.suggest_int("y", 0, 10)
        ...     return x**2 + 0.1 * y
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(objective, n_trials=100)
        >>> importances = tuner.importance.get_param_importances(study)
        >>> list(importances)
        ['x', 'y']
        >>> round(sum(importances.values()), 6)
        1.0
    """
    if evaluator is None:
        evaluator = PedAnovaImportanceEvaluator()
    if not isinstance(evaluator, BaseImportanceEvaluator):
        raise TypeError("Evaluator must be a subclass of BaseImportanceEvaluator.")
    if params is not None and len(params) == 0:
        return {}
    result = evaluator.evaluate(study, params=params, target=target)
    return normalized(result) if normalize and result else result
