from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

import numpy as np
import scipy.stats

from tuner._direction import is_better, loss_sign
from tuner._validation import checked_int
from tuner.exceptions import TunerWarning
from tuner.pruners._base import BasePruner

if TYPE_CHECKING:
    from tuner.study import Study
    from tuner.trial._frozen import FrozenTrial


def _as_arrays(values_by_step: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    steps = np.fromiter(values_by_step.keys(), dtype=np.int64)
    values = np.fromiter(values_by_step.values(), dtype=float)
    return steps, values


class WilcoxonPruner(BasePruner):
    """Prune a trial that is significantly worse than the best trial on the same instances.

    For objectives that average a score over many instances or folds: report each
    instance's score with its instance id as the step (any order, any ids). The paired
    differences with the best trial's scores on the instances both evaluated go through a
    one-sided Wilcoxon signed-rank test (``scipy.stats.wilcoxon``, ``zero_method="zsplit"``);
    the trial is pruned when ``p < p_threshold``, unless its mean so far is still not worse
    than the best trial's mean (a safety against pruning on a lucky subset). A pruned
    trial's value is its last reported one, so prefer returning the mean of the evaluated
    instances instead of raising :class:`~tuner.TrialPruned` (see the example). Trials
    with NaN or infinite values are not pruned (a warning says so).

    Args:
        p_threshold: The significance level, in [0, 1]; smaller prunes less.
        n_startup_steps: No pruning before this many shared instances (at least 2 are
            always needed).

    Raises:
        ValueError: ``p_threshold`` outside [0, 1] or a negative ``n_startup_steps``.

    Example:
        >>> import numpy as np
        >>> import tuner
        >>> errors = np.random.default_rng(0).uniform(0.5, 1.5, size=30)
        >>> def objective(trial):
        ...     scale = trial.suggest_float("scale", 0.1, 2.0)
        ...     scores = []
        ...     for i in range(30):
        ...         scores.append(scale * errors[i])
        ...         trial.report(scores[-1], i)
        ...         if trial.should_prune():
        ...             return sum(scores) / len(scores)
        ...     return sum(scores) / len(scores)
        >>> study = tuner.create_study(
        ...     pruner=tuner.pruners.WilcoxonPruner(p_threshold=0.1),
        ...     sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(objective, n_trials=10)
        >>> min(len(t.intermediate_values) for t in study.trials) < 30
        True
    """

    def __init__(self, *, p_threshold: float = 0.1, n_startup_steps: int = 2) -> None:
        if isinstance(p_threshold, bool) or not isinstance(p_threshold, int | float | np.number):
            raise ValueError(f"`p_threshold` must be a number in [0, 1], got {p_threshold!r}.")
        if math.isnan(p_threshold) or not 0.0 <= p_threshold <= 1.0:
            raise ValueError(f"`p_threshold` must be in [0, 1], got {p_threshold}.")
        self._p_threshold = float(p_threshold)
        self._n_startup_steps = checked_int("n_startup_steps", n_startup_steps, 0)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        if not trial.intermediate_values:
            return False
        steps, values = _as_arrays(trial.intermediate_values)
        if not np.isfinite(values).all():
            warnings.warn(
                f"Trial {trial.number} reported NaN or infinite values; WilcoxonPruner does "
                "not prune it.",
                TunerWarning,
                stacklevel=3,
            )
            return False
        try:
            best = study.best_trial
        except ValueError:
            return False
        if not best.intermediate_values:
            warnings.warn(
                f"The best trial ({best.number}) has no intermediate values, so "
                "WilcoxonPruner cannot compare with it; report every instance's score.",
                TunerWarning,
                stacklevel=3,
            )
            return False
        best_steps, best_values = _as_arrays(best.intermediate_values)
        if not np.isfinite(best_values).all():
            warnings.warn(
                f"The best trial ({best.number}) has NaN or infinite intermediate values; "
                "WilcoxonPruner does not prune.",
                TunerWarning,
                stacklevel=3,
            )
            return False
        _, mine, theirs = np.intersect1d(steps, best_steps, return_indices=True)
        diffs = values[mine] - best_values[theirs]
        if diffs.size < max(2, self._n_startup_steps):
            return False
        direction = study.direction
        if not is_better(best_values.mean(), values.mean(), direction):
            return False  # the mean so far is not worse than the best trial's
        # One-sided: are this trial's values worse (greater losses) than the best trial's?
        alternative = "greater" if loss_sign(direction) > 0 else "less"
        test = scipy.stats.wilcoxon(diffs, alternative=alternative, zero_method="zsplit")
        return float(test.pvalue) < self._p_threshold
