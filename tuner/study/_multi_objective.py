from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tuner.study._direction import StudyDirection
from tuner.trial._frozen import FrozenTrial


def loss_matrix(trials: Sequence[FrozenTrial], directions: Sequence[StudyDirection]) -> np.ndarray:
    """Objective values as an (n_trials, n_objectives) array where smaller is better."""
    values = np.array([t.values for t in trials], dtype=float).reshape(
        len(trials), len(directions)
    )
    signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in directions])
    losses: np.ndarray = values * signs
    return losses


def is_pareto_front(losses: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows no other row dominates (all <= and one <); ties all stay."""
    n = len(losses)
    on_front = np.zeros(n, dtype=bool)
    if n == 0:
        return on_front
    # Visit points in lexicographic order: the first remaining point is never dominated by a
    # later one, so it is on the front; drop everything it dominates and repeat.
    order = np.lexsort(losses.T[::-1])
    remaining = order
    while remaining.size:
        head = remaining[0]
        on_front[head] = True
        rest = losses[remaining[1:]]
        dominated = np.all(losses[head] <= rest, axis=1) & np.any(losses[head] < rest, axis=1)
        remaining = remaining[1:][~dominated]
        # Points identical to the head are on the front too; the loop reaches them next.
    return on_front


def pareto_front_trials(
    trials: Sequence[FrozenTrial], directions: Sequence[StudyDirection]
) -> list[FrozenTrial]:
    """The trials (COMPLETE, with values) that no other of them dominates, by number."""
    if not trials:
        return []
    mask = is_pareto_front(loss_matrix(trials, directions))
    return [t for t, keep in zip(trials, mask) if keep]
