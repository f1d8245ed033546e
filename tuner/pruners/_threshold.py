from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from tuner._validation import checked_int
from tuner.pruners._base import BasePruner
from tuner.pruners._percentile import _step_to_judge

if TYPE_CHECKING:
    from tuner.study import Study
    from tuner.trial._frozen import FrozenTrial


def _checked_bound(name: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise ValueError(f"`{name}` must be a number or None, got {value!r}.")
    if math.isnan(value):
        raise ValueError(f"`{name}` must not be NaN; pass None for no {name} bound.")
    return float(value)


class ThresholdPruner(BasePruner):
    """Prune a trial whose latest value leaves ``[lower, upper]`` (or is NaN).

    Useful to stop diverging runs (a loss above ``upper``). The study's direction does not
    matter; no other trial is consulted.

    Args:
        lower: Prune below this value; None for no lower bound.
        upper: Prune above this value; None for no upper bound.
        n_warmup_steps: No pruning before this step of a trial.
        interval_steps: Judge a trial once per this many steps (after the warm-up).

    Raises:
        ValueError: Both bounds are None, a bound is NaN or not a number,
            ``lower > upper``, or the step counts are out of range.

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     lr = trial.suggest_float("lr", 0.1, 10)
        ...     loss = 1.0
        ...     for step in range(5):
        ...         loss *= lr
        ...         trial.report(loss, step)
        ...         if trial.should_prune():
        ...             raise tuner.TrialPruned()
        ...     return loss
        >>> study = tuner.create_study(pruner=tuner.pruners.ThresholdPruner(upper=100.0))
        >>> study.enqueue_trial({"lr": 5.0})
        >>> study.optimize(objective, n_trials=1)
        >>> study.trials[0].state.name, study.trials[0].last_step
        ('PRUNED', 2)
    """

    def __init__(
        self,
        lower: float | None = None,
        upper: float | None = None,
        n_warmup_steps: int = 0,
        interval_steps: int = 1,
    ) -> None:
        low = _checked_bound("lower", lower)
        high = _checked_bound("upper", upper)
        if low is None and high is None:
            raise ValueError("Give `lower`, `upper` or both: with neither nothing is pruned.")
        self._lower = low if low is not None else -math.inf
        self._upper = high if high is not None else math.inf
        if self._lower > self._upper:
            raise ValueError(
                f"`lower` ({self._lower}) must not be greater than `upper` ({self._upper})."
            )
        self._n_warmup_steps = checked_int("n_warmup_steps", n_warmup_steps, 0)
        self._interval_steps = checked_int("interval_steps", interval_steps, 1)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        step = _step_to_judge(trial, self._n_warmup_steps, self._interval_steps)
        if step is None:
            return False
        latest = trial.intermediate_values[step]
        return math.isnan(latest) or not self._lower <= latest <= self._upper
