"""Best trials of a multi-objective study, for PED-ANOVA without a target.

Uses the TPE sampler's split (non-domination rank, ties at the cut broken by hypervolume
contribution) so importance and sampling agree on which trials are "good"; it moves with
the shared multi-objective package.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tuner.samplers._tpe._split import split_trials
from tuner.study import StudyDirection
from tuner.trial import FrozenTrial


def best_trials_mask(
    trials: list[FrozenTrial], directions: Sequence[StudyDirection], n_best: int
) -> np.ndarray:
    best, _ = split_trials(trials, n_best, directions)
    chosen = {id(t) for t in best}
    return np.array([id(t) in chosen for t in trials], dtype=bool)
