"""Which parameters matter: hyperparameter importance from a study's completed trials.

:class:`PedAnovaImportanceEvaluator` needs only numpy and scipy;
:class:`FanovaImportanceEvaluator` and :class:`MeanDecreaseImpurityImportanceEvaluator` fit a
scikit-learn random forest (``pip install "tuner[sklearn]"``). The default evaluator of
:func:`get_param_importances` was chosen by measurement (see the importance docs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tuner.importance._base import BaseImportanceEvaluator, TargetType, normalized
from tuner.importance._fanova import FanovaImportanceEvaluator
from tuner.importance._mean_decrease_impurity import MeanDecreaseImpurityImportanceEvaluator
from tuner.importance._ped_anova import PedAnovaImportanceEvaluator
from tuner.importance._sklearn import is_available as _sklearn_available

if TYPE_CHECKING:
    from tuner.study import Study

__all__ = [
    "BaseImportanceEvaluator",
    "FanovaImportanceEvaluator",
    "MeanDecreaseImpurityImportanceEvaluator",
    "PedAnovaImportanceEvaluator",
    "default_evaluator",
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
        evaluator: How to assess importance. By default (chosen by measurement, see the
            importance docs): with scikit-learn installed,
            ``MeanDecreaseImpurityImportanceEvaluator(seed=0, max_samples=1000)``, which
            ranked parameters right most often; without it,
            ``PedAnovaImportanceEvaluator(evaluate_on_local=False)``, the best of the numpy-only
            ones; for a multi-objective study without ``target``,
            ``PedAnovaImportanceEvaluator()``. (Optuna 5's default is always
            ``PedAnovaImportanceEvaluator()``; pass it to get Optuna's numbers.)
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
        evaluator = default_evaluator(study, target)
    if not isinstance(evaluator, BaseImportanceEvaluator):
        raise TypeError("Evaluator must be a subclass of BaseImportanceEvaluator.")
    if params is not None and len(params) == 0:
        return {}
    result = evaluator.evaluate(study, params=params, target=target)
    return normalized(result) if normalize and result else result


def default_evaluator(
    study: Study | None = None, target: TargetType | None = None
) -> BaseImportanceEvaluator:
    """The evaluator :func:`get_param_importances` uses when none is given.

    A multi-objective study without ``target`` gets Optuna's default,
    ``PedAnovaImportanceEvaluator()``: it explains reaching the Pareto front, which the
    forests cannot.

    Example:
        >>> import tuner
        >>> isinstance(tuner.importance.default_evaluator(), BaseImportanceEvaluator)
        True
    """
    if study is not None and target is None and len(study.directions) > 1:
        return PedAnovaImportanceEvaluator()
    if _sklearn_available():
        # Seeded so the default gives the same numbers twice; the cap bounds each tree's
        # sample (studies up to 1,000 trials use them all), keeping big studies fast.
        return MeanDecreaseImpurityImportanceEvaluator(seed=0, max_samples=1000)
    return PedAnovaImportanceEvaluator(evaluate_on_local=False)
