"""Trials: one evaluation of the objective, and the API the objective uses."""

from tuner.exceptions import TrialPruned
from tuner.trial._base import BaseTrial
from tuner.trial._create import create_trial
from tuner.trial._fixed import FixedTrial
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState
from tuner.trial._trial import Trial

__all__ = [
    "BaseTrial",
    "FixedTrial",
    "FrozenTrial",
    "Trial",
    "TrialPruned",
    "TrialState",
    "create_trial",
]
