from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from tuner._study_cache import study_reference
from tuner.distributions import BaseDistribution
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study


def _intersect(
    space: dict[str, BaseDistribution] | None, trial: FrozenTrial
) -> dict[str, BaseDistribution]:
    if space is None:
        return dict(trial.distributions)
    return {name: dist for name, dist in space.items() if trial.distributions.get(name) == dist}


def intersection_search_space(
    trials: Iterable[FrozenTrial], include_pruned: bool = False
) -> dict[str, BaseDistribution]:
    """The parameters that every COMPLETE (and, optionally, PRUNED) trial has, each with the
    same distribution, sorted by name.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
        >>> list(intersection_search_space(study.trials))
        ['x']
    """
    states = (TrialState.COMPLETE, TrialState.PRUNED) if include_pruned else (TrialState.COMPLETE,)
    space: dict[str, BaseDistribution] | None = None
    for trial in trials:
        if trial.state in states:
            space = _intersect(space, trial)
    return dict(sorted((space or {}).items()))


class IntersectionSearchSpace:
    """:func:`intersection_search_space` of a study, updated incrementally.

    Only trials finished since the last call are read again (finished trials never change),
    so relative samplers can call :meth:`calculate` on every trial cheaply.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_int("n", 0, 3), n_trials=2)
        >>> IntersectionSearchSpace().calculate(study)
        {'n': IntDistribution(low=0, high=3, log=False, step=1)}
    """

    def __init__(self, include_pruned: bool = False) -> None:
        self._include_pruned = include_pruned
        self._states = (
            (TrialState.COMPLETE, TrialState.PRUNED) if include_pruned else (TrialState.COMPLETE,)
        )
        self._space: dict[str, BaseDistribution] | None = None
        self._seen_trial_ids: set[int] = set()
        self._study: Callable[[], object | None] | None = None

    def calculate(self, study: Study) -> dict[str, BaseDistribution]:
        if self._study is None:
            self._study = study_reference(study)
        elif self._study() is not study:
            raise ValueError(
                "An IntersectionSearchSpace serves one study only (one Study object); create "
                "one per study."
            )
        return self.update(study.get_trials(deepcopy=False, states=self._states))

    def update(self, trials: Iterable[FrozenTrial]) -> dict[str, BaseDistribution]:
        """Intersect with the finished trials among ``trials`` not seen before; return the
        space (for samplers that pick the trials themselves, e.g. after a pruner's filter).

        Example:
            >>> import tuner
            >>> study = tuner.create_study()
            >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
            >>> IntersectionSearchSpace().update(study.trials)
            {'x': FloatDistribution(low=0.0, high=1.0, log=False, step=None)}
        """
        for trial in trials:
            if trial.state not in self._states or trial._trial_id in self._seen_trial_ids:
                continue
            self._seen_trial_ids.add(trial._trial_id)
            self._space = _intersect(self._space, trial)
        return dict(sorted((self._space or {}).items()))
