from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tuner.study import Study
    from tuner.trial import FrozenTrial


class BasePruner(abc.ABC):
    """Decides whether a running trial should stop early. Optuna's contract, plus one hook.

    :meth:`prune` is called from :meth:`tuner.trial.Trial.should_prune` with a snapshot of
    the running trial (its ``intermediate_values`` so far). Pruners compare it with the other
    trials of the study, read through ``study`` (``study.get_trials(deepcopy=False,
    states=...)``), so trials of every worker sharing the storage count.

    A pruner keeps no state another worker could not rebuild from the storage. What must
    survive restarts or be seen by other workers goes into the storage through the study:
    ``study.set_trial_system_attr(trial, key, value)`` for the running trial,
    ``study.set_system_attr(key, value)`` / ``study.system_attrs`` for the study. (Pruners
    written for Optuna that call ``study._storage`` directly keep working: tuner keeps that
    private name for them.)

    :meth:`filter_trials_for_sampler` lets a pruner limit which trials samplers learn from.
    """

    @abc.abstractmethod
    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        """Return True to stop ``trial`` now (the objective then raises TrialPruned)."""

    def filter_trials_for_sampler(
        self, study: Study, trial: FrozenTrial, trials: Sequence[FrozenTrial]
    ) -> list[FrozenTrial]:
        """The trials of ``trials`` that a sampler should learn from for ``trial``.

        Samplers call this (through :func:`tuner.samplers.trials_to_learn_from`) before they
        model past trials. ``trial`` is the running trial the sampler proposes for;
        ``trials`` are other trials of ``study``. Return a subset, in the same order. The
        default keeps every trial; :class:`~tuner.pruners.HyperbandPruner` keeps the
        trial's own bracket, whose trials were judged at the same rungs.

        Example:
            >>> import tuner
            >>> study = tuner.create_study()
            >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
            >>> running = study.ask()
            >>> snapshot = study.get_trials(deepcopy=False)[running.number]
            >>> len(study.pruner.filter_trials_for_sampler(study, snapshot, study.trials))
            4
        """
        return list(trials)
