from __future__ import annotations

import abc
from collections.abc import Container, Sequence
from typing import TYPE_CHECKING, Any

from tuner.distributions import BaseDistribution
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study


def trials_to_learn_from(
    study: Study, trial: FrozenTrial, states: Container[TrialState] | None = None
) -> list[FrozenTrial]:
    """The trials of ``study`` in ``states`` that a sampler should learn from for ``trial``.

    Every trial but ``trial`` itself, as the study's pruner filters them
    (:meth:`~tuner.pruners.BasePruner.filter_trials_for_sampler`: Hyperband keeps the
    trial's bracket), in number order. Read with ``deepcopy=False``: do not modify them.

    Example:
        >>> import tuner
        >>> from tuner.trial import TrialState
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
        >>> running = study.ask()
        >>> snapshot = study.get_trials(deepcopy=False)[running.number]
        >>> len(trials_to_learn_from(study, snapshot, (TrialState.COMPLETE, TrialState.RUNNING)))
        3
    """
    trials = [
        t for t in study.get_trials(deepcopy=False, states=states) if t.number != trial.number
    ]
    filter_trials = getattr(study.pruner, "filter_trials_for_sampler", None)
    if filter_trials is None:  # a pruner that does not derive from BasePruner
        return trials
    return list(filter_trials(study, trial, trials))


class BaseSampler(abc.ABC):
    """Decides the parameter values of new trials. Optuna's contract, method for method.

    For each trial the study calls, in order:

    1. :meth:`before_trial` once the trial exists;
    2. :meth:`infer_relative_search_space` and, when that is non-empty,
       :meth:`sample_relative`, to propose the parameters a *relative* sampler models jointly
       (e.g. multivariate TPE, GP). The proposals are used when the objective asks for them
       with the same distribution;
    3. :meth:`sample_independent` for every other parameter the objective asks for, as it
       asks (define-by-run);
    4. :meth:`after_trial` before the trial's final state is written.

    Samplers read past trials through ``study``, never from a concrete storage:
    :func:`~tuner.samplers.trials_to_learn_from` gives the trials to model (it applies the
    pruner's :meth:`~tuner.pruners.BasePruner.filter_trials_for_sampler`, so that e.g.
    under Hyperband a trial learns from its own bracket only), and
    ``study.get_trials(deepcopy=False, states=...)`` reads any trial. A sampler keeps no
    state that another worker could not rebuild from the storage: with many workers sharing
    an RDB study, each worker has its own sampler instance. Anything a sampler must share
    across workers goes into the storage through the study:
    ``study.set_trial_system_attr(trial, key, value)`` for the running trial,
    ``study.set_system_attr(key, value)`` for the study. Caches derived from the trials
    may be kept per study object (they are rebuilt from the storage when dropped).

    Samplers written for Optuna that call ``study._get_trials(..., use_cache=True)`` or
    ``study._storage`` keep working: tuner keeps those private names as aliases for them.

    The ``trial`` passed in is a :class:`~tuner.trial.FrozenTrial` snapshot of the running
    trial; do not modify it.
    """

    @abc.abstractmethod
    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        """Return the parameters to sample jointly for ``trial``; ``{}`` for none."""

    @abc.abstractmethod
    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        """Return values (external representation) for the parameters of ``search_space``."""

    @abc.abstractmethod
    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        """Return a value (external representation) of ``param_distribution``."""

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        """Called when a trial starts, before any parameter is sampled."""

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        """Called when a trial ends, before its ``state`` and ``values`` are stored."""

    def reseed_rng(self) -> None:
        """Give the sampler a fresh random seed (used when a sampler is copied to a worker)."""

    def _raise_error_if_multi_objective(self, study: Study) -> None:
        if len(study.directions) > 1:
            raise ValueError(
                f"{type(self).__name__} supports single-objective studies only; this study "
                f"has {len(study.directions)} objectives."
            )
