from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tuner.distributions import BaseDistribution
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study._study import Study


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

    Samplers read past trials through ``study`` (``study.get_trials(deepcopy=False,
    states=...)`` or ``study._get_trials(..., use_cache=True)``), never from a concrete
    storage, and keep no state that another worker could not rebuild from the storage:
    with many workers sharing an RDB study, each worker has its own sampler instance.
    Anything a sampler must share across workers goes into trial or study system attrs.

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
        if study._is_multi_objective():
            raise ValueError(
                f"{type(self).__name__} supports single-objective studies only; this study "
                f"has {len(study.directions)} objectives."
            )
