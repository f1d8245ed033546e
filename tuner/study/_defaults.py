"""What a study gets when no sampler or pruner is given."""

from __future__ import annotations

from tuner.pruners import BasePruner, MedianPruner
from tuner.samplers import BaseSampler, TPESampler


def default_sampler() -> BaseSampler:
    """A :class:`~tuner.samplers.TPESampler`: TPE handles one objective or several, so the
    default does not depend on the study's directions (as in Optuna 4 and later)."""
    return TPESampler()


def default_pruner() -> BasePruner:
    """A :class:`~tuner.pruners.MedianPruner`."""
    return MedianPruner()
