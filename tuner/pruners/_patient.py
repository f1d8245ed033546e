from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from tuner._direction import loss_sign
from tuner._validation import checked_int
from tuner.pruners._base import BasePruner

if TYPE_CHECKING:
    from tuner.study import Study
    from tuner.trial._frozen import FrozenTrial


class PatientPruner(BasePruner):
    """Defer to ``wrapped_pruner`` only once a trial has got worse for ``patience`` steps.

    As in Optuna, a trial is stalled when the best of its last ``patience + 1`` reported
    values is worse, by more than ``min_delta``, than the best value reported before them
    (a flat curve is not stalled). NaN values are ignored, and a window of NaNs only is
    stalled. A trial that is not stalled is never pruned; a stalled one is pruned if
    ``wrapped_pruner`` says so (always, when ``wrapped_pruner`` is None).

    Args:
        wrapped_pruner: The pruner consulted after a plateau, or None to prune on plateau.
        patience: How many reported steps without improvement are tolerated (>= 0).
        min_delta: How much worse than before the recent values may be (>= 0).

    Raises:
        ValueError: ``patience`` or ``min_delta`` is negative, or ``wrapped_pruner`` is not
            a pruner.

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     for step, loss in enumerate([5.0, 4.0, 4.5, 4.5, 4.2, 3.0]):
        ...         trial.report(loss, step)
        ...         if trial.should_prune():
        ...             raise tuner.TrialPruned()
        ...     return loss
        >>> study = tuner.create_study(
        ...     pruner=tuner.pruners.PatientPruner(None, patience=2))
        >>> study.optimize(objective, n_trials=1)
        >>> study.trials[0].state.name, study.trials[0].last_step
        ('PRUNED', 4)
    """

    def __init__(
        self, wrapped_pruner: BasePruner | None, patience: int, min_delta: float = 0.0
    ) -> None:
        if wrapped_pruner is not None and not isinstance(wrapped_pruner, BasePruner):
            raise ValueError(f"`wrapped_pruner` must be a pruner or None, got {wrapped_pruner!r}.")
        self._wrapped_pruner = wrapped_pruner
        self._patience = checked_int("patience", patience, 0)
        if isinstance(min_delta, bool) or not isinstance(min_delta, int | float | np.number):
            raise ValueError(f"`min_delta` must be a number >= 0, got {min_delta!r}.")
        if math.isnan(min_delta) or min_delta < 0:
            raise ValueError(f"`min_delta` must be >= 0, got {min_delta}.")
        self._min_delta = float(min_delta)

    def filter_trials_for_sampler(
        self, study: Study, trial: FrozenTrial, trials: Sequence[FrozenTrial]
    ) -> list[FrozenTrial]:
        """What ``wrapped_pruner`` lets samplers learn from (every trial without one)."""
        if self._wrapped_pruner is None:
            return list(trials)
        return self._wrapped_pruner.filter_trials_for_sampler(study, trial, trials)

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        values_by_step = trial.intermediate_values
        if len(values_by_step) <= self._patience + 1:
            return False
        steps = np.fromiter(values_by_step.keys(), dtype=np.int64)
        values = np.fromiter(values_by_step.values(), dtype=float)[np.argsort(steps)]
        before, recent = values[: -self._patience - 1], values[-self._patience - 1 :]
        before, recent = before[~np.isnan(before)], recent[~np.isnan(recent)]
        if before.size == 0:
            return False
        if recent.size > 0:
            # In losses, stalled means the recent best is worse than the earlier best by
            # more than min_delta.
            sign = loss_sign(study.direction)
            if not (sign * recent).min() > (sign * before).min() + self._min_delta:
                return False
        if self._wrapped_pruner is None:
            return True
        return self._wrapped_pruner.prune(study, trial)
