"""Best trials of a multi-objective study, for PED-ANOVA without a target: by
non-domination rank, the front that straddles the cut thinned by hypervolume contribution
(as Optuna's PED-ANOVA and the multi-objective TPE split choose their "good" trials)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tuner._multi_objective import (
    loss_matrix,
    loss_reference_point,
    non_domination_ranks,
    select_by_contribution,
)
from tuner.study import StudyDirection
from tuner.trial import FrozenTrial


def best_trials_mask(
    trials: list[FrozenTrial], directions: Sequence[StudyDirection], n_best: int
) -> np.ndarray:
    losses = loss_matrix(trials, directions)
    ranks = non_domination_ranks(losses, n_below=n_best)
    order = np.argsort(ranks, kind="stable")
    cut_rank = ranks[order[n_best - 1]] if n_best > 0 else -1
    mask = ranks < cut_rank
    straddling = np.flatnonzero(ranks == cut_rank)
    room = n_best - int(mask.sum())
    if room >= len(straddling):
        mask[straddling] = True
    elif room > 0:
        reference = loss_reference_point(losses)
        mask[straddling[select_by_contribution(losses[straddling], reference, room)]] = True
    return mask
