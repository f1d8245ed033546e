from __future__ import annotations

import abc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tuner.study._study import Study
    from tuner.trial._frozen import FrozenTrial


class BasePruner(abc.ABC):
    """Decides whether a running trial should stop early. Optuna's contract.

    :meth:`prune` is called from :meth:`tuner.trial.Trial.should_prune` with a snapshot of
    the running trial (its ``intermediate_values`` so far). Pruners compare it with the other
    trials of the study, read through ``study`` (``study.get_trials(deepcopy=False,
    states=...)``), so trials of every worker sharing the storage count. State that must
    survive restarts or be seen by other workers goes into the trial's system attrs
    (``study._storage.set_trial_system_attr``), never into the pruner object.
    """

    @abc.abstractmethod
    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        """Return True to stop ``trial`` now (the objective then raises TrialPruned)."""
