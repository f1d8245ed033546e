"""From trials to loss matrices, and the Pareto-optimal trials."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

import numpy as np

from tuner._direction import StudyDirection, loss_signs
from tuner._multi_objective._pareto import is_pareto_front


class HasValues(Protocol):
    """What is read of a trial here: its objective values (a FrozenTrial has them)."""

    @property
    def values(self) -> list[float] | None: ...


TrialT = TypeVar("TrialT", bound=HasValues)


def loss_matrix(trials: Sequence[HasValues], directions: Sequence[StudyDirection]) -> np.ndarray:
    """Objective values as an (n_trials, n_objectives) array where smaller is better
    (maximized objectives negated). Every trial must have values.

    Example:
        >>> from tuner.trial import create_trial
        >>> directions = [StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE]
        >>> loss_matrix([create_trial(values=[1.0, 2.0])], directions).tolist()
        [[1.0, -2.0]]
    """
    values = np.array([t.values for t in trials], dtype=float).reshape(
        len(trials), len(directions)
    )
    losses: np.ndarray = values * loss_signs(directions)
    return losses


def pareto_front_trials(
    trials: Sequence[TrialT], directions: Sequence[StudyDirection]
) -> list[TrialT]:
    """The trials (each with values) that no other of them dominates, in their given order."""
    if not trials:
        return []
    mask = is_pareto_front(loss_matrix(trials, directions))
    return [t for t, keep in zip(trials, mask) if keep]
