"""Ranking of past trials into the good ("below") and bad ("above") groups of TPE."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from tuner.samplers._tpe._hypervolume import reference_point, select_by_contribution
from tuner.study._direction import StudyDirection
from tuner.study._multi_objective import is_pareto_front
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

# Rank classes, best first. Infeasible trials come after every feasible one, ranked by how
# much they violate; running trials (constant liar) are assumed worst of all.
_COMPLETE, _PRUNED, _INFEASIBLE, _RUNNING = 0, 1, 2, 3


def _violation(trial: FrozenTrial) -> float:
    return sum(max(0.0, v) for v in trial.constraints.values())


def _rank_keys(
    trials: Sequence[FrozenTrial], directions: Sequence[StudyDirection]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(class, primary, secondary) sort keys per trial; smaller is better."""
    sign = -1.0 if directions[0] == StudyDirection.MAXIMIZE else 1.0
    n = len(trials)
    cls = np.empty(n, dtype=np.int64)
    primary = np.zeros(n)
    secondary = np.zeros(n)
    for i, t in enumerate(trials):
        violation = _violation(t) if t.state != TrialState.RUNNING else 0.0
        if violation > 0.0:
            cls[i], primary[i] = _INFEASIBLE, violation
        elif t.state == TrialState.COMPLETE:
            cls[i] = _COMPLETE
            values = t.values
            primary[i] = sign * values[0] if values and len(directions) == 1 else 0.0
        elif t.state == TrialState.PRUNED:
            # A pruned trial that got further is better; among equals, its last value decides.
            cls[i] = _PRUNED
            step = t.last_step
            if step is None:
                primary[i] = math.inf
            else:
                primary[i] = -step
                secondary[i] = sign * t.intermediate_values[step]
        else:
            cls[i] = _RUNNING
    primary = np.nan_to_num(primary, nan=math.inf)
    secondary = np.nan_to_num(secondary, nan=math.inf)
    return cls, primary, secondary


def split_trials(
    trials: Sequence[FrozenTrial], n_below: int, directions: Sequence[StudyDirection]
) -> tuple[list[FrozenTrial], list[FrozenTrial]]:
    """The ``n_below`` best trials and the rest, each in trial-number order."""
    cls, primary, secondary = _rank_keys(trials, directions)
    if len(directions) > 1:
        primary = _multi_objective_order(trials, cls, primary, n_below, directions)
    numbers = np.array([t.number for t in trials], dtype=np.int64)
    order = np.lexsort((numbers, secondary, primary, cls))
    below_idx, above_idx = order[:n_below], order[n_below:]
    below = [trials[int(i)] for i in below_idx[np.argsort(numbers[below_idx], kind="stable")]]
    above = [trials[int(i)] for i in above_idx[np.argsort(numbers[above_idx], kind="stable")]]
    return below, above


def _multi_objective_order(
    trials: Sequence[FrozenTrial],
    cls: np.ndarray,
    primary: np.ndarray,
    n_below: int,
    directions: Sequence[StudyDirection],
) -> np.ndarray:
    """Primary keys for complete feasible trials: non-domination rank, and within the front
    that does not fit into ``n_below`` whole, kept-by-hypervolume-contribution first."""
    primary = primary.copy()
    idx = np.flatnonzero(cls == _COMPLETE)
    if len(idx) == 0:
        return primary
    signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in directions])
    losses = np.array([trials[int(i)].values for i in idx], dtype=float) * signs
    losses = np.nan_to_num(losses, nan=np.inf, posinf=np.finfo(float).max / 10)
    remaining = np.arange(len(idx))
    taken = 0
    front_rank = 0.0
    while remaining.size:
        on_front = is_pareto_front(losses[remaining])
        front = remaining[on_front]
        keys = np.full(len(front), front_rank)
        if taken < n_below < taken + len(front):
            ref = reference_point(losses)
            keep = select_by_contribution(losses[front], ref, n_below - taken)
            mask = np.ones(len(front), dtype=bool)
            mask[keep] = False
            keys[mask] += 0.5
        primary[idx[front]] = keys
        taken += len(front)
        front_rank += 1.0
        remaining = remaining[~on_front]
    return primary
