from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tuner.trial._base import CONSTRAINTS_KEY_PREFIX, checked_constraint_value
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study

ConstraintsFunc = Callable[[FrozenTrial], Sequence[float]]


def record_constraints(
    study: Study,
    trial: FrozenTrial,
    state: TrialState,
    values: Sequence[float] | None,
    constraints_func: ConstraintsFunc | None,
) -> None:
    """Store ``constraints_func(trial)`` as the constraints ``0, 1, ...`` of a finishing trial.

    Called from a sampler's ``after_trial`` for COMPLETE and PRUNED trials; the function
    sees the trial with its final values. Stored under the same system-attribute keys as
    ``trial.set_constraint``, so ``FrozenTrial.constraints``, ``feasible`` and
    ``study.best_trial`` see them.

    Raises:
        TypeError: The function did not return a sequence of numbers.
        ValueError: A value is NaN.
    """
    if constraints_func is None or state not in (TrialState.COMPLETE, TrialState.PRUNED):
        return
    snapshot = trial._copy()
    if values is not None:
        snapshot.values = list(values)
    constraints = constraints_func(snapshot)
    if isinstance(constraints, str | bytes) or not hasattr(constraints, "__iter__"):
        raise TypeError(
            "constraints_func must return a sequence of floats (<= 0 means satisfied), "
            f"got {constraints!r}."
        )
    for i, value in enumerate(constraints):
        key = str(i)
        study.set_trial_system_attr(
            trial, CONSTRAINTS_KEY_PREFIX + key, checked_constraint_value(key, value)
        )
