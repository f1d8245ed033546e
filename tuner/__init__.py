"""tuner: define-by-run hyperparameter optimization.

Example:
    >>> import tuner
    >>> def objective(trial):
    ...     x = trial.suggest_float("x", -10, 10)
    ...     return (x - 2) ** 2
    >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    >>> study.optimize(objective, n_trials=50)
    >>> abs(study.best_params["x"] - 2) < 1.5
    True
"""

from tuner import (
    distributions,
    exceptions,
    importance,
    logging,
    pruners,
    samplers,
    search_space,
    storages,
    study,
    trial,
    visualization,
)
from tuner.exceptions import TrialPruned
from tuner.study import (
    Study,
    copy_study,
    create_study,
    delete_study,
    get_all_study_names,
    get_all_study_summaries,
    load_study,
)
from tuner.trial import Trial, create_trial
from tuner.version import __version__

__all__ = [
    "Study",
    "Trial",
    "TrialPruned",
    "__version__",
    "copy_study",
    "create_study",
    "create_trial",
    "delete_study",
    "distributions",
    "exceptions",
    "importance",
    "get_all_study_names",
    "get_all_study_summaries",
    "load_study",
    "logging",
    "pruners",
    "samplers",
    "search_space",
    "storages",
    "study",
    "trial",
    "visualization",
]
