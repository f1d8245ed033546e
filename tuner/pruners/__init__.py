"""Pruners stop unpromising trials early, from the intermediate values they report."""

from tuner.pruners._base import BasePruner
from tuner.pruners._hyperband import HyperbandPruner
from tuner.pruners._median import MedianPruner
from tuner.pruners._nop import NopPruner
from tuner.pruners._patient import PatientPruner
from tuner.pruners._percentile import PercentilePruner
from tuner.pruners._successive_halving import SuccessiveHalvingPruner
from tuner.pruners._threshold import ThresholdPruner
from tuner.pruners._wilcoxon import WilcoxonPruner

__all__ = [
    "BasePruner",
    "HyperbandPruner",
    "MedianPruner",
    "NopPruner",
    "PatientPruner",
    "PercentilePruner",
    "SuccessiveHalvingPruner",
    "ThresholdPruner",
    "WilcoxonPruner",
]
