"""Tree-structured Parzen estimator sampler."""

from tuner.samplers._tpe._sampler import TPESampler

__all__ = ["TPESampler"]
