from __future__ import annotations

import binascii
import functools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tuner._study_cache import PerStudyCache
from tuner._validation import checked_int
from tuner.pruners._base import BasePruner
from tuner.pruners._successive_halving import SuccessiveHalvingPruner
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study
    from tuner.trial._frozen import FrozenTrial

_MAX_RESOURCE_KEY = "tuner:hyperband:max_resource"


def _n_brackets(min_resource: int, max_resource: int, reduction_factor: int) -> int:
    """``floor(log_rf(max_resource / min_resource)) + 1``, in exact integer arithmetic."""
    n = 1
    while min_resource * reduction_factor**n <= max_resource:
        n += 1
    return n


@functools.lru_cache(maxsize=65536)
def _bracket(study_name: str, number: int, budgets: tuple[int, ...]) -> int:
    # Samplers filter every trial of the study per sample: cache the hash walk.
    n = binascii.crc32(f"{study_name}_{number}".encode()) % sum(budgets)
    for bracket, budget in enumerate(budgets):
        n -= budget
        if n < 0:
            return bracket
    raise AssertionError("unreachable: n < sum(budgets)")


class HyperbandPruner(BasePruner):
    """Hyperband: several successive-halving brackets, from aggressive to lenient.

    Bracket ``b`` (0 <= b < n_brackets, with ``n_brackets = floor(log_rf(max_resource /
    min_resource)) + 1``) runs :class:`SuccessiveHalvingPruner` with
    ``min_early_stopping_rate=b``: its first rung is at ``min_resource * rf ** b``. Each
    trial belongs to one bracket, picked deterministically from a hash of the study name
    and the trial number (so every worker agrees, across restarts), with more trials in
    the aggressive brackets (``ceil(n_brackets * rf ** s / (s + 1))`` shares for ``s =
    n_brackets - 1 - b``, as in Optuna). A trial is compared only with trials of its own
    bracket. Samplers learn, for a trial, only from the trials of its bracket
    (:meth:`filter_trials_for_sampler`).

    Args:
        min_resource: The step of the first rung of the most aggressive bracket (>= 1).
        max_resource: The number of steps of a full trial, or ``"auto"``: the last step + 1
            of the first trial to complete (no pruning before one has completed; the value
            is stored in the study's system attrs so that every worker agrees).
        reduction_factor: Keep ``1/reduction_factor`` of the trials at each rung (>= 2).
        bootstrap_count: See :class:`SuccessiveHalvingPruner` (needs an integer
            ``max_resource``).

    Raises:
        ValueError: Bad counts, ``max_resource`` neither ``"auto"`` nor an integer >=
            ``min_resource``, or ``bootstrap_count > 0`` with ``max_resource="auto"``.

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     x = trial.suggest_float("x", 0, 1)
        ...     for step in range(27):
        ...         trial.report(x, step)
        ...         if trial.should_prune():
        ...             raise tuner.TrialPruned()
        ...     return x
        >>> pruner = tuner.pruners.HyperbandPruner(max_resource=27)
        >>> study = tuner.create_study(
        ...     pruner=pruner, sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(objective, n_trials=20)
        >>> any(t.state == tuner.trial.TrialState.PRUNED for t in study.trials)
        True
    """

    def __init__(
        self,
        min_resource: int = 1,
        max_resource: str | int = "auto",
        reduction_factor: int = 3,
        bootstrap_count: int = 0,
    ) -> None:
        self._min_resource = checked_int("min_resource", min_resource, 1)
        self._reduction_factor = checked_int("reduction_factor", reduction_factor, 2)
        self._bootstrap_count = checked_int("bootstrap_count", bootstrap_count, 0)
        if max_resource == "auto":
            self._max_resource: int | None = None
            if self._bootstrap_count > 0:
                raise ValueError(
                    "`bootstrap_count > 0` needs an integer `max_resource` (not 'auto')."
                )
        else:
            self._max_resource = checked_int("max_resource", max_resource, self._min_resource)
        self._brackets: dict[int, tuple[tuple[int, ...], list[SuccessiveHalvingPruner]]] = {}
        # Resolved "auto" values per study, once they are in the storage (they never change).
        self._stored_max_resource: PerStudyCache[int] = PerStudyCache()

    def _resolved_max_resource(self, study: Study) -> int | None:
        if self._max_resource is not None:
            return self._max_resource
        known = self._stored_max_resource.peek(study)
        if known is not None:
            return known
        stored = study.system_attrs.get(_MAX_RESOURCE_KEY)
        if stored is not None:
            return self._stored_max_resource.get(study, lambda: int(stored))
        completed = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        steps = [t.last_step for t in completed if t.last_step is not None]
        if not steps:
            return None
        resolved = max(steps) + 1
        study.set_system_attr(_MAX_RESOURCE_KEY, resolved)
        return resolved

    def _setup(self, study: Study) -> tuple[tuple[int, ...], list[SuccessiveHalvingPruner]] | None:
        """Per-bracket trial shares and pruners, or None while ``max_resource`` is unknown."""
        max_resource = self._resolved_max_resource(study)
        if max_resource is None:
            return None
        cached = self._brackets.get(max_resource)
        if cached is not None:
            return cached
        n = _n_brackets(self._min_resource, max_resource, self._reduction_factor)
        budgets = tuple(
            math.ceil(n * self._reduction_factor ** (n - 1 - b) / (n - b)) for b in range(n)
        )
        pruners = [
            SuccessiveHalvingPruner(
                min_resource=self._min_resource,
                reduction_factor=self._reduction_factor,
                min_early_stopping_rate=b,
                bootstrap_count=self._bootstrap_count,
            )
            for b in range(n)
        ]
        self._brackets[max_resource] = (budgets, pruners)
        return budgets, pruners

    def _n_brackets_for(self, study: Study) -> int | None:
        setup = self._setup(study)
        return None if setup is None else len(setup[0])

    @staticmethod
    def _bracket_of(study_name: str, number: int, budgets: Sequence[int]) -> int:
        return _bracket(study_name, number, tuple(budgets))

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        setup = self._setup(study)
        if setup is None:
            return False
        budgets, pruners = setup
        name = study.study_name
        bracket = self._bracket_of(name, trial.number, budgets)

        def same_bracket() -> list[FrozenTrial]:
            trials = study.get_trials(deepcopy=False)
            return [t for t in trials if self._bracket_of(name, t.number, budgets) == bracket]

        return pruners[bracket]._prune_among(study, trial, same_bracket)

    def filter_trials_for_sampler(
        self, study: Study, trial: FrozenTrial, trials: Sequence[FrozenTrial]
    ) -> list[FrozenTrial]:
        """The trials of ``trials`` in the same bracket as ``trial``, in order.

        Trials of other brackets are judged at other rungs, so their pruned values would
        mislead a sampler (every shipped sampler learns only from the trial's bracket).
        While the brackets are unknown (``max_resource="auto"`` and no trial completed yet)
        every trial is kept.
        """
        setup = self._setup(study)
        if setup is None:
            return list(trials)
        budgets = setup[0]
        name = study.study_name
        bracket = self._bracket_of(name, trial.number, budgets)
        return [t for t in trials if self._bracket_of(name, t.number, budgets) == bracket]
