from __future__ import annotations

from tuner.pruners._percentile import PercentilePruner


class MedianPruner(PercentilePruner):
    """Prune a trial whose best value so far is worse than the median of the others.

    The median, at the same step, of what completed trials reported there; the study's
    default pruner. Same as ``PercentilePruner(50.0, ...)``.

    Args:
        n_startup_trials: No pruning until this many trials have completed.
        n_warmup_steps: No pruning before this step of a trial.
        interval_steps: Judge a trial once per this many steps (after the warm-up).
        n_min_trials: No pruning at a step that fewer completed trials have reported.

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     x = trial.suggest_float("x", 0, 1)
        ...     for step in range(10):
        ...         trial.report(x + step, step)
        ...         if trial.should_prune():
        ...             raise tuner.TrialPruned()
        ...     return x
        >>> study = tuner.create_study(
        ...     pruner=tuner.pruners.MedianPruner(n_startup_trials=2),
        ...     sampler=tuner.samplers.RandomSampler(seed=1))
        >>> study.optimize(objective, n_trials=10)
        >>> any(t.state == tuner.trial.TrialState.PRUNED for t in study.trials)
        True
    """

    def __init__(
        self,
        n_startup_trials: int = 5,
        n_warmup_steps: int = 0,
        interval_steps: int = 1,
        *,
        n_min_trials: int = 1,
    ) -> None:
        super().__init__(
            50.0, n_startup_trials, n_warmup_steps, interval_steps, n_min_trials=n_min_trials
        )
