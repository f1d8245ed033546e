"""The one rule for a single-objective study's best trial, shared by every storage.

The best trial is the COMPLETE trial that satisfies its constraints and has the best value
in the study's direction; of equal values, the earliest (smallest number) wins. Storages
keep it up to date incrementally with :func:`better_trial` as trials finish, or compute it
from scratch with :func:`best_of`; both apply the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from tuner._direction import StudyDirection, loss_sign
from tuner.trial._base import is_feasible
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState


def can_be_best(trial: FrozenTrial) -> bool:
    """Whether ``trial`` competes for best: COMPLETE, with values, constraints satisfied."""
    return (
        trial.state == TrialState.COMPLETE
        and trial.values is not None
        and is_feasible(trial.system_attrs)
    )


def better_trial(
    candidate: FrozenTrial, incumbent: FrozenTrial | None, direction: StudyDirection
) -> FrozenTrial:
    """The better of two competing trials (``candidate`` when there is no incumbent yet)."""
    if incumbent is None or incumbent.values is None:
        return candidate
    assert candidate.values is not None
    sign = loss_sign(direction)
    value, best = sign * candidate.values[0], sign * incumbent.values[0]
    if value < best or (value == best and candidate.number < incumbent.number):
        return candidate
    return incumbent


def best_of(trials: Iterable[FrozenTrial], direction: StudyDirection) -> FrozenTrial | None:
    """The best of ``trials`` that can be best, or None when none can.

    Example:
        >>> from tuner.trial import create_trial
        >>> trials = [create_trial(value=v) for v in (3.0, 1.0, 1.0)]
        >>> for number, t in enumerate(trials):
        ...     t.number = number
        >>> best_of(trials, StudyDirection.MINIMIZE).number
        1
    """
    best: FrozenTrial | None = None
    for trial in trials:
        if can_be_best(trial):
            best = better_trial(trial, best, direction)
    return best
