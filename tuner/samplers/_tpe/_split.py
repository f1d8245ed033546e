"""Ranking of past trials into the good ("below") and bad ("above") groups of TPE.

Order, best first: complete feasible trials by objective (multi-objective: by
non-domination rank, the front that straddles the cut kept by hypervolume contribution);
then pruned trials, furthest step first and then by their last intermediate value; then
infeasible trials by total violation; then running trials (constant liar) last.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tuner._direction import StudyDirection
from tuner._multi_objective import (
    loss_reference_point,
    non_domination_ranks,
    select_by_contribution,
)
from tuner.samplers._tpe._table import COMPLETE, TrialTable
from tuner.trial._frozen import FrozenTrial


def split_rows(
    table: TrialTable, rows: np.ndarray, n_below: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions (into ``rows``) of the ``n_below`` best trials and of the rest, each in
    trial-number order, and the quality rank (0 = best) of each of the best."""
    cls = table.cls[rows]
    primary = table.primary[rows]
    secondary = table.secondary[rows]
    numbers = table.numbers[rows]
    if len(table.directions) > 1:
        primary = _multi_objective_keys(table.losses[rows], cls, primary, n_below)
    order = np.lexsort((numbers, secondary, primary, cls))
    below, above = order[:n_below], order[n_below:]
    rank = np.empty(len(rows), dtype=np.int64)
    rank[order] = np.arange(len(rows))
    below = below[np.argsort(numbers[below], kind="stable")]
    above = above[np.argsort(numbers[above], kind="stable")]
    return below, above, rank[below]


def split_trials(
    trials: Sequence[FrozenTrial], n_below: int, directions: Sequence[StudyDirection]
) -> tuple[list[FrozenTrial], list[FrozenTrial]]:
    """The ``n_below`` best trials and the rest, each in trial-number order."""
    table = TrialTable(directions)
    rows = table.append(trials)
    below, above, _ = split_rows(table, rows, n_below)
    return [trials[int(i)] for i in below], [trials[int(i)] for i in above]


def _multi_objective_keys(
    losses: np.ndarray, cls: np.ndarray, primary: np.ndarray, n_below: int
) -> np.ndarray:
    """Primary keys for complete feasible trials: non-domination rank, and within the front
    that does not fit into ``n_below`` whole, kept-by-hypervolume-contribution first."""
    primary = primary.copy()
    idx = np.flatnonzero(cls == COMPLETE)
    if len(idx) == 0:
        return primary
    losses = np.nan_to_num(losses[idx], nan=np.inf, posinf=np.finfo(float).max / 10)
    ranks = non_domination_ranks(losses, n_below=n_below)
    keys = ranks.astype(float)
    # The front that straddles the cut keeps the members whose hypervolume contribution is
    # largest; the others rank just behind them. Fronts past the cut all go to the bad
    # group, where their order does not matter.
    taken = 0
    for rank in range(int(ranks.max()) + 1):
        front = np.flatnonzero(ranks == rank)
        if taken + len(front) > n_below:
            if taken < n_below:
                keep = select_by_contribution(
                    losses[front], loss_reference_point(losses), n_below - taken
                )
                dropped = np.ones(len(front), dtype=bool)
                dropped[keep] = False
                keys[front[dropped]] += 0.5
            break
        taken += len(front)
    primary[idx] = keys
    return primary
