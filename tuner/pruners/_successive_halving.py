from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from tuner._direction import StudyDirection, loss_sign
from tuner._study_cache import PerStudyCache
from tuner._validation import checked_int
from tuner.pruners._base import BasePruner
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study
    from tuner.trial._frozen import FrozenTrial

# Same keys as Optuna, so studies migrated from Optuna keep their rungs.
_RUNG_KEY = "completed_rung_{}"
_MIN_RESOURCE_KEY = "tuner:successive_halving:min_resource"


def _rung_key(rung: int) -> str:
    return _RUNG_KEY.format(rung)


def _current_rung(trial: FrozenTrial) -> int:
    """The first rung ``trial`` has not completed yet."""
    rung = 0
    while _rung_key(rung) in trial.system_attrs:
        rung += 1
    return rung


def _is_promotable(
    value: float, competing: np.ndarray, reduction_factor: int, direction: StudyDirection
) -> bool:
    """Whether ``value`` is in the top ``1 / reduction_factor`` of ``competing``.

    ``competing`` holds the rung values of every trial that reached the rung, ``value``
    included. Asynchronous SH cannot pause a trial until enough others arrive, so while
    fewer than ``reduction_factor`` values exist, only the best of them goes on.
    """
    k = max(len(competing) // reduction_factor - 1, 0)
    sign = loss_sign(direction)
    return bool(sign * value <= np.partition(sign * competing, k)[k])


def _estimate_min_resource(trials: list[FrozenTrial]) -> int | None:
    """1% of the longest completed trial's last step (at least 1), as Optuna does."""
    steps = [t.last_step for t in trials if t.state == TrialState.COMPLETE]
    known = [s for s in steps if s is not None]
    if not known:
        return None
    return max(max(known) // 100, 1)


class SuccessiveHalvingPruner(BasePruner):
    """Asynchronous successive halving (ASHA): keep the top ``1/reduction_factor`` per rung.

    Rung ``r`` sits at step ``min_resource * reduction_factor ** (min_early_stopping_rate
    + r)``. When a trial first reports a step at or past its next rung, its latest value is
    recorded in its system attrs (``completed_rung_<r>``, in the storage, so other workers
    and restarted workers see it) and compared with the values every other trial recorded
    at that rung: the trial goes on only if it is in the best ``1/reduction_factor`` of
    them (the best one, while fewer than ``reduction_factor`` trials reached the rung). A
    NaN value at a rung is pruned.

    Args:
        min_resource: The step of the first rung, or ``"auto"``: 1% of the last step of the
            first trial to complete (no pruning before one has completed). The estimate is
            stored in the study's system attrs so that every worker uses the same rungs.
        reduction_factor: Keep ``1/reduction_factor`` of the trials at each rung (>= 2).
        min_early_stopping_rate: Shifts the first rung to ``min_resource *
            reduction_factor ** min_early_stopping_rate``.
        bootstrap_count: Prune every trial at a rung until more than this many trials
            reached it (needs an explicit ``min_resource``).

    Raises:
        ValueError: ``min_resource`` is neither ``"auto"`` nor an integer >= 1,
            ``reduction_factor < 2``, a negative count, or ``bootstrap_count > 0`` with
            ``min_resource="auto"``.

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     x = trial.suggest_float("x", 0, 1)
        ...     for step in range(20):
        ...         trial.report(x, step)
        ...         if trial.should_prune():
        ...             raise tuner.TrialPruned()
        ...     return x
        >>> pruner = tuner.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=2)
        >>> study = tuner.create_study(
        ...     pruner=pruner, sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(objective, n_trials=10)
        >>> "completed_rung_0" in study.trials[0].system_attrs
        True
    """

    def __init__(
        self,
        min_resource: str | int = "auto",
        reduction_factor: int = 4,
        min_early_stopping_rate: int = 0,
        bootstrap_count: int = 0,
    ) -> None:
        if min_resource != "auto":
            checked_int("min_resource", min_resource, 1)
        self._min_resource: int | None = None if min_resource == "auto" else int(min_resource)
        self._reduction_factor = checked_int("reduction_factor", reduction_factor, 2)
        self._min_early_stopping_rate = checked_int(
            "min_early_stopping_rate", min_early_stopping_rate, 0
        )
        self._bootstrap_count = checked_int("bootstrap_count", bootstrap_count, 0)
        # Resolved "auto" values per study, once they are in the storage (they never change).
        self._stored_min_resource: PerStudyCache[int] = PerStudyCache()
        if self._bootstrap_count > 0 and self._min_resource is None:
            raise ValueError(
                "`bootstrap_count > 0` needs an explicit `min_resource` (not 'auto'): the "
                "rungs must be known before any trial completes."
            )

    def _resolved_min_resource(self, study: Study, trials: list[FrozenTrial]) -> int | None:
        if self._min_resource is not None:
            return self._min_resource
        known = self._stored_min_resource.peek(study)
        if known is not None:
            return known
        stored = study.system_attrs.get(_MIN_RESOURCE_KEY)
        if stored is not None:
            return self._stored_min_resource.get(study, lambda: int(stored))
        estimate = _estimate_min_resource(trials)
        if estimate is not None:
            study.set_system_attr(_MIN_RESOURCE_KEY, estimate)
        return estimate

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        return self._prune_among(study, trial, lambda: study.get_trials(deepcopy=False))

    def _prune_among(
        self,
        study: Study,
        trial: FrozenTrial,
        get_trials: Callable[[], list[FrozenTrial]],
    ) -> bool:
        """Decide for ``trial`` against the trials ``get_trials`` returns (its bracket)."""
        step = trial.last_step
        if step is None:
            return False
        value = trial.intermediate_values[step]
        rung = _current_rung(trial)
        trials: list[FrozenTrial] | None = None
        min_resource = self._min_resource
        if min_resource is None:
            trials = get_trials()
            min_resource = self._resolved_min_resource(study, trials)
            if min_resource is None:
                return False
        direction = study.direction
        # One report can cross several rungs when steps are not contiguous.
        while step >= min_resource * self._reduction_factor ** (
            self._min_early_stopping_rate + rung
        ):
            if math.isnan(value):
                return True
            if trials is None:
                trials = get_trials()
            key = _rung_key(rung)
            study.set_trial_system_attr(trial, key, value)
            competing = _rung_values(trials, key, exclude_number=trial.number, value=value)
            if len(competing) <= self._bootstrap_count:
                return True
            if not _is_promotable(value, competing, self._reduction_factor, direction):
                return True
            rung += 1
        return False


def _rung_values(
    trials: list[FrozenTrial], key: str, exclude_number: int, value: float
) -> np.ndarray:
    """The values recorded at rung ``key`` by the other trials, plus ``value``."""
    others: list[Any] = [
        t.system_attrs[key] for t in trials if t.number != exclude_number and key in t.system_attrs
    ]
    values = np.array([*others, value], dtype=float)
    finite: np.ndarray = values[~np.isnan(values)]
    return finite
