"""Samplers choose the parameters of new trials."""

from tuner.samplers._base import BaseSampler, trials_to_learn_from
from tuner.samplers._gp import GPSampler
from tuner.samplers._random import RandomSampler
from tuner.samplers._tpe import TPESampler
from tuner.search_space import IntersectionSearchSpace, intersection_search_space

__all__ = [
    "BaseSampler",
    "GPSampler",
    "IntersectionSearchSpace",
    "RandomSampler",
    "TPESampler",
    "intersection_search_space",
    "trials_to_learn_from",
]
