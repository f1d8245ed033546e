from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from tuner._study_cache import study_reference
from tuner.distributions import BaseDistribution
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study


class _Groups:
    """Disjoint parameter groups such that every trial's parameters are a union of groups."""

    def __init__(self) -> None:
        self.groups: list[frozenset[str]] = []
        self.distributions: dict[str, BaseDistribution] = {}
        self.conflicting: set[str] = set()

    def add(self, trial: FrozenTrial) -> None:
        names = set()
        for name, dist in trial.distributions.items():
            if dist.single():
                continue
            known = self.distributions.setdefault(name, dist)
            if known != dist:
                # One name, two distributions: it cannot be modelled as one dimension.
                self.conflicting.add(name)
            names.add(name)
        if not names:
            return
        split: list[frozenset[str]] = []
        for group in self.groups:
            inside, outside = group & names, group - names
            split.extend(g for g in (inside, outside) if g)
        covered: set[str] = set().union(*self.groups) if self.groups else set()
        new = frozenset(names - covered)
        if new:
            split.append(new)
        self.groups = split

    def search_spaces(self) -> list[dict[str, BaseDistribution]]:
        spaces = []
        for group in self.groups:
            space = {n: self.distributions[n] for n in sorted(group) if n not in self.conflicting}
            if space:
                spaces.append(space)
        return sorted(spaces, key=lambda s: next(iter(s)))


def group_decomposed_search_space(
    trials: Iterable[FrozenTrial], include_pruned: bool = False
) -> list[dict[str, BaseDistribution]]:
    """Split the parameters of a conditional (define-by-run) space into groups that always
    occur together: each finished trial's parameters are a union of whole groups.

    Parameters whose distribution is a single value are left out (nothing to sample), as are
    names seen with two different distributions.

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     kind = trial.suggest_categorical("kind", ["a", "b"])
        ...     x = trial.suggest_float(f"x_{kind}", 0, 1)
        ...     y = trial.suggest_float(f"y_{kind}", 0, 1)
        ...     return x + y
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=1))
        >>> study.optimize(objective, n_trials=10)
        >>> [sorted(s) for s in group_decomposed_search_space(study.trials)]
        [['kind'], ['x_a', 'y_a'], ['x_b', 'y_b']]
    """
    states = (TrialState.COMPLETE, TrialState.PRUNED) if include_pruned else (TrialState.COMPLETE,)
    groups = _Groups()
    for trial in trials:
        if trial.state in states:
            groups.add(trial)
    return groups.search_spaces()


class GroupDecomposedSearchSpace:
    """:func:`group_decomposed_search_space` of a study, updated incrementally from the
    trials finished since the last call (finished trials never change).

    Example:
        >>> import tuner
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
        >>> GroupDecomposedSearchSpace().calculate(study)
        [{'x': FloatDistribution(low=0.0, high=1.0, log=False, step=None)}]
    """

    def __init__(self, include_pruned: bool = False) -> None:
        self._states = (
            (TrialState.COMPLETE, TrialState.PRUNED) if include_pruned else (TrialState.COMPLETE,)
        )
        self._groups = _Groups()
        self._seen_trial_ids: set[int] = set()
        self._study: Callable[[], object | None] | None = None

    def calculate(self, study: Study) -> list[dict[str, BaseDistribution]]:
        if self._study is None:
            self._study = study_reference(study)
        elif self._study() is not study:
            raise ValueError(
                "A GroupDecomposedSearchSpace serves one study only (one Study object); "
                "create one per study."
            )
        return self.update(study.get_trials(deepcopy=False, states=self._states))

    def update(self, trials: Iterable[FrozenTrial]) -> list[dict[str, BaseDistribution]]:
        """Add the finished trials among ``trials`` not seen before; return the groups."""
        for trial in trials:
            if trial.state in self._states and trial._trial_id not in self._seen_trial_ids:
                self._seen_trial_ids.add(trial._trial_id)
                self._groups.add(trial)
        return self._groups.search_spaces()
