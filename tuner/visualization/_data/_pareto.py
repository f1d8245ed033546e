"""Non-domination ranks for the figures, from the study package's Pareto-front helper."""

from __future__ import annotations

import numpy as np

# The shared multi-objective package is being split out of the study package; until it
# lands, the study package's Pareto mask is the one home of domination.
from tuner.study._multi_objective import is_pareto_front


def non_domination_ranks(losses: np.ndarray) -> np.ndarray:
    """Rank 0 for the Pareto front of the losses (smaller is better), 1 for the next, ..."""
    ranks = np.full(len(losses), -1, dtype=int)
    remaining = np.arange(len(losses))
    rank = 0
    while remaining.size:
        front = is_pareto_front(losses[remaining])
        ranks[remaining[front]] = rank
        remaining = remaining[~front]
        rank += 1
    return ranks


def pareto_mask(losses: np.ndarray) -> np.ndarray:
    """True for rows on the Pareto front of the losses (smaller is better)."""
    return is_pareto_front(losses)


def hypervolume(losses: np.ndarray, reference: np.ndarray) -> float:
    """Hypervolume dominated by the losses, bounded by the reference point."""
    # Same interim home as above: the TPE sampler's exact hypervolume.
    from tuner.samplers._tpe._hypervolume import hypervolume as compute

    return float(compute(losses, reference))
