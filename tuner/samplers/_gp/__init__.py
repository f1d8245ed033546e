"""Gaussian-process Bayesian optimization on numpy and scipy."""

from tuner.samplers._gp._sampler import GPSampler

__all__ = ["GPSampler"]
