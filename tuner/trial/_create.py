from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from tuner.distributions import BaseDistribution
from tuner.trial._base import CONSTRAINTS_KEY_PREFIX, checked_constraint_value
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState


def create_trial(
    *,
    state: TrialState = TrialState.COMPLETE,
    value: float | None = None,
    values: Sequence[float] | None = None,
    params: dict[str, Any] | None = None,
    distributions: dict[str, BaseDistribution] | None = None,
    user_attrs: dict[str, Any] | None = None,
    system_attrs: dict[str, Any] | None = None,
    intermediate_values: dict[int, float] | None = None,
    constraints: dict[str, float] | None = None,
) -> FrozenTrial:
    """Make a validated trial by hand, to add to a study with :meth:`tuner.Study.add_trial`
    (e.g. results from an earlier experiment that the sampler should learn from).

    Raises:
        ValueError: The fields contradict each other (a COMPLETE trial without values, a
            parameter outside its distribution, a NaN constraint, ...).

    Example:
        >>> import tuner
        >>> from tuner.distributions import FloatDistribution
        >>> trial = tuner.trial.create_trial(
        ...     params={"x": 2.0}, distributions={"x": FloatDistribution(0, 10)}, value=4.0
        ... )
        >>> study = tuner.create_study()
        >>> study.add_trial(trial)
        >>> study.best_value
        4.0
    """
    now = datetime.datetime.now(datetime.timezone.utc)
    attrs = dict(system_attrs or {})
    for key, constraint in (constraints or {}).items():
        attrs[CONSTRAINTS_KEY_PREFIX + key] = checked_constraint_value(key, constraint)
    trial = FrozenTrial(
        number=-1,
        state=state,
        value=value,
        values=values,
        datetime_start=None if state == TrialState.WAITING else now,
        datetime_complete=now if state.is_finished() else None,
        params=dict(params or {}),
        distributions=dict(distributions or {}),
        user_attrs=dict(user_attrs or {}),
        system_attrs=attrs,
        intermediate_values=dict(intermediate_values or {}),
        trial_id=-1,
    )
    trial._validate()
    return trial
