"""The shared multi-objective math the figures use, under the names they read by."""

from __future__ import annotations

import numpy as np

from tuner._multi_objective import hypervolume as _hypervolume
from tuner._multi_objective import is_pareto_front, non_domination_ranks


def pareto_mask(losses: np.ndarray) -> np.ndarray:
    """True for rows on the Pareto front of the losses (smaller is better)."""
    mask: np.ndarray = is_pareto_front(losses)
    return mask


def hypervolume(losses: np.ndarray, reference: np.ndarray) -> float:
    """Hypervolume dominated by the losses, bounded by the reference point."""
    return float(_hypervolume(losses, reference))


__all__ = ["hypervolume", "non_domination_ranks", "pareto_mask"]
