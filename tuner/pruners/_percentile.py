from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from tuner._direction import StudyDirection, is_better, loss_sign
from tuner._validation import checked_int
from tuner.pruners._base import BasePruner
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study
    from tuner.trial._frozen import FrozenTrial


def _is_first_in_interval_step(
    step: int, steps: Iterable[int], n_warmup_steps: int, interval_steps: int
) -> bool:
    """Whether ``step`` is the first reported step of its pruning interval.

    Steps need not be contiguous: a trial reporting steps 0, 7, 15 with ``interval_steps=5``
    is judged at 0, 7 (first step of [5, 10)) and 15, never twice in one interval.
    """
    interval_start = (step - n_warmup_steps) // interval_steps * interval_steps + n_warmup_steps
    previous = max((s for s in steps if s < step), default=-1)
    return previous < interval_start


def _step_to_judge(trial: FrozenTrial, n_warmup_steps: int, interval_steps: int) -> int | None:
    """The trial's last step when a warm-up/interval pruner should judge it now, else None."""
    step = trial.last_step
    if step is None or step < n_warmup_steps:
        return None
    if not _is_first_in_interval_step(
        step, trial.intermediate_values, n_warmup_steps, interval_steps
    ):
        return None
    return step


def _best_value_so_far(trial: FrozenTrial, direction: StudyDirection) -> float:
    """The best intermediate value of ``trial`` (NaN when every value is NaN)."""
    values = np.fromiter(trial.intermediate_values.values(), dtype=float)
    if values.size == 0 or np.isnan(values).all():
        return math.nan
    sign = loss_sign(direction)
    return float(sign * np.nanmin(sign * values))


def _values_at_step(trials: list[FrozenTrial], step: int) -> np.ndarray:
    """The non-NaN values reported at ``step`` by ``trials``, as one array."""
    values = np.fromiter(
        (t.intermediate_values[step] for t in trials if step in t.intermediate_values),
        dtype=float,
    )
    finite: np.ndarray = values[~np.isnan(values)]
    return finite


class PercentilePruner(BasePruner):
    """Prune a trial whose best value so far is worse than a percentile of the others.

    At each judged step, the trial's best intermediate value is compared with the
    ``percentile``-th best of the values that completed trials reported at that same step
    (the top ``percentile`` percent survive, whatever the study's direction). A trial whose
    values are all NaN is pruned; NaN values of other trials are ignored.

    Args:
        percentile: In [0, 100]; 25.0 keeps a trial only while it is in the best quarter.
        n_startup_trials: No pruning until this many trials have completed.
        n_warmup_steps: No pruning before this step of a trial.
        interval_steps: Judge a trial once per this many steps (after the warm-up).
        n_min_trials: No pruning at a step that fewer completed trials have reported.

    Raises:
        ValueError: ``percentile`` is outside [0, 100], or a count is negative (or < 1 for
            ``interval_steps`` and ``n_min_trials``).

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     x = trial.suggest_float("x", 0, 1)
        ...     for step in range(10):
        ...         trial.report(x / (step + 1), step)
        ...         if trial.should_prune():
        ...             raise tuner.TrialPruned()
        ...     return x / 10
        >>> pruner = tuner.pruners.PercentilePruner(25.0, n_startup_trials=3)
        >>> study = tuner.create_study(
        ...     pruner=pruner, sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(objective, n_trials=15)
        >>> any(t.state == tuner.trial.TrialState.PRUNED for t in study.trials)
        True
    """

    def __init__(
        self,
        percentile: float,
        n_startup_trials: int = 5,
        n_warmup_steps: int = 0,
        interval_steps: int = 1,
        *,
        n_min_trials: int = 1,
    ) -> None:
        if isinstance(percentile, bool) or not isinstance(percentile, int | float | np.number):
            raise ValueError(f"`percentile` must be a number in [0, 100], got {percentile!r}.")
        if not 0.0 <= float(percentile) <= 100.0:
            raise ValueError(f"`percentile` must be in [0, 100], got {percentile}.")
        self._percentile = float(percentile)
        self._n_startup_trials = checked_int("n_startup_trials", n_startup_trials, 0)
        self._n_warmup_steps = checked_int("n_warmup_steps", n_warmup_steps, 0)
        self._interval_steps = checked_int("interval_steps", interval_steps, 1)
        self._n_min_trials = checked_int("n_min_trials", n_min_trials, 1)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        step = _step_to_judge(trial, self._n_warmup_steps, self._interval_steps)
        if step is None:
            return False
        completed = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        if len(completed) == 0 or len(completed) < self._n_startup_trials:
            return False
        direction = study.direction
        best = _best_value_so_far(trial, direction)
        if math.isnan(best):
            return True
        others = _values_at_step(completed, step)
        if others.size == 0 or others.size < self._n_min_trials:
            return False
        # The cut keeps the best `percentile` percent, so it sits at the low end of the
        # distribution when minimizing and at the high end when maximizing (the percentile
        # of the values, not of their negation, so that cuts match Optuna's to the bit).
        q = self._percentile if loss_sign(direction) > 0 else 100.0 - self._percentile
        cut = float(np.percentile(others, q))
        return is_better(cut, best, direction)
