from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study._study import Study


class MaxTrialsCallback:
    """Stop the study once it holds ``n_trials`` trials in ``states`` (across all workers).

    ``optimize(n_trials=...)`` counts the trials of one call in one process; this counts the
    study's trials in the storage, so a fleet of workers stops at a total.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(
        ...     lambda t: t.suggest_float("x", 0, 1),
        ...     callbacks=[tuner.study.MaxTrialsCallback(5)],
        ... )
        >>> len(study.trials)
        5
    """

    def __init__(
        self, n_trials: int, states: Container[TrialState] | None = (TrialState.COMPLETE,)
    ) -> None:
        self._n_trials = n_trials
        self._states = states

    def __call__(self, study: Study, trial: FrozenTrial) -> None:
        if len(study.get_trials(deepcopy=False, states=self._states)) >= self._n_trials:
            study.stop()
