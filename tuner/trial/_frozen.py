from __future__ import annotations

import copy
import datetime
import math
import warnings
from collections.abc import Sequence
from typing import Any

from tuner.distributions import BaseDistribution, check_distribution_compatibility
from tuner.exceptions import TunerWarning
from tuner.trial._base import (
    CONSTRAINTS_KEY_PREFIX,
    BaseTrial,
    checked_constraint_value,
    constraints_from_system_attrs,
    is_feasible,
)
from tuner.trial._state import TrialState


class FrozenTrial(BaseTrial):
    """A snapshot of a trial: its state, values, parameters and attributes.

    Storages return these; samplers, pruners and callbacks read them. A FrozenTrial can also
    stand in for a :class:`~tuner.trial.Trial` to re-run an objective on its parameters.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) ** 2, n_trials=3)
        >>> frozen = study.trials[0]
        >>> frozen.state
        TrialState.COMPLETE
        >>> frozen.value == frozen.params["x"] ** 2
        True
    """

    def __init__(
        self,
        number: int,
        state: TrialState,
        value: float | None,
        datetime_start: datetime.datetime | None,
        datetime_complete: datetime.datetime | None,
        params: dict[str, Any],
        distributions: dict[str, BaseDistribution],
        user_attrs: dict[str, Any],
        system_attrs: dict[str, Any],
        intermediate_values: dict[int, float],
        trial_id: int,
        *,
        values: Sequence[float] | None = None,
    ) -> None:
        if value is not None and values is not None:
            raise ValueError("Specify `value` or `values`, not both.")
        self._number = number
        self.state = state
        self._values: list[float] | None = (
            [value] if value is not None else (list(values) if values is not None else None)
        )
        self._datetime_start = datetime_start
        self.datetime_complete = datetime_complete
        self._params = params
        self._distributions = distributions
        self._user_attrs = user_attrs
        self._system_attrs = system_attrs
        self.intermediate_values = intermediate_values
        self._trial_id = trial_id

    # -- identity -----------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrozenTrial):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FrozenTrial):
            return NotImplemented
        return self.number < other.number

    def __le__(self, other: object) -> bool:
        if not isinstance(other, FrozenTrial):
            return NotImplemented
        return self.number <= other.number

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"FrozenTrial(number={self.number}, state={self.state!r}, values={self._values}, "
            f"datetime_start={self._datetime_start!r}, "
            f"datetime_complete={self.datetime_complete!r}, params={self._params}, "
            f"user_attrs={self._user_attrs}, system_attrs={self._system_attrs}, "
            f"intermediate_values={self.intermediate_values}, "
            f"distributions={self._distributions}, trial_id={self._trial_id})"
        )

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenTrial:
        return self._copy(deep=True)

    def _copy(self, deep: bool = False) -> FrozenTrial:
        """A copy whose containers can be changed without touching this one.

        Parameter values and distributions are immutable and shared; attribute values are
        copied only when ``deep`` (they may be nested JSON).
        """
        new = object.__new__(FrozenTrial)
        new._number = self._number
        new.state = self.state
        new._values = None if self._values is None else list(self._values)
        new._datetime_start = self._datetime_start
        new.datetime_complete = self.datetime_complete
        new._params = dict(self._params)
        new._distributions = dict(self._distributions)
        new.intermediate_values = dict(self.intermediate_values)
        if deep:
            new._user_attrs = copy.deepcopy(self._user_attrs) if self._user_attrs else {}
            new._system_attrs = copy.deepcopy(self._system_attrs) if self._system_attrs else {}
        else:
            new._user_attrs = dict(self._user_attrs)
            new._system_attrs = dict(self._system_attrs)
        new._trial_id = self._trial_id
        return new

    # -- values -------------------------------------------------------------------------

    @property
    def value(self) -> float | None:
        """The objective value of a single-objective trial (None until it completes).

        Raises:
            RuntimeError: The trial has several objective values; use :attr:`values`.
        """
        if self._values is None:
            return None
        if len(self._values) > 1:
            raise RuntimeError(
                "This trial has several objective values; use `values` instead of `value`."
            )
        return self._values[0]

    @value.setter
    def value(self, v: float | None) -> None:
        self._values = None if v is None else [v]

    @property
    def values(self) -> list[float] | None:
        """The objective values (None until the trial completes)."""
        return self._values

    @values.setter
    def values(self, v: Sequence[float] | None) -> None:
        self._values = None if v is None else list(v)

    def _get_values(self) -> list[float] | None:
        return self._values

    def _set_values(self, v: Sequence[float] | None) -> None:
        self.values = v

    # -- simple properties ----------------------------------------------------------------

    @property
    def number(self) -> int:
        return self._number

    @number.setter
    def number(self, value: int) -> None:
        self._number = value

    @property
    def params(self) -> dict[str, Any]:
        return self._params

    @params.setter
    def params(self, params: dict[str, Any]) -> None:
        self._params = params

    @property
    def distributions(self) -> dict[str, BaseDistribution]:
        return self._distributions

    @distributions.setter
    def distributions(self, value: dict[str, BaseDistribution]) -> None:
        self._distributions = value

    @property
    def user_attrs(self) -> dict[str, Any]:
        return self._user_attrs

    @user_attrs.setter
    def user_attrs(self, value: dict[str, Any]) -> None:
        self._user_attrs = value

    @property
    def system_attrs(self) -> dict[str, Any]:
        return self._system_attrs

    @system_attrs.setter
    def system_attrs(self, value: dict[str, Any]) -> None:
        self._system_attrs = value

    @property
    def constraints(self) -> dict[str, float]:
        """Constraint values by name; the trial is feasible when all are <= 0."""
        return constraints_from_system_attrs(self._system_attrs)

    @property
    def feasible(self) -> bool:
        """True when every constraint value is <= 0 (also when there are none)."""
        return is_feasible(self._system_attrs)

    @property
    def datetime_start(self) -> datetime.datetime | None:
        return self._datetime_start

    @datetime_start.setter
    def datetime_start(self, value: datetime.datetime | None) -> None:
        self._datetime_start = value

    @property
    def duration(self) -> datetime.timedelta | None:
        """Wall time from start to finish, or None while unfinished."""
        if self._datetime_start is None or self.datetime_complete is None:
            return None
        return self.datetime_complete - self._datetime_start

    @property
    def last_step(self) -> int | None:
        """The largest step reported with :meth:`report`, or None."""
        return max(self.intermediate_values) if self.intermediate_values else None

    # -- the trial interface, for re-running an objective on these parameters ---------------

    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        if name not in self._params:
            raise ValueError(
                f"The parameter {name!r} is not in this trial (it has {sorted(self._params)})."
            )
        value = self._params[name]
        stored = self._distributions.get(name)
        if stored is not None:
            check_distribution_compatibility(stored, distribution)
        if not distribution._contains(distribution.to_internal_repr(value)):
            warnings.warn(
                f"The value {value!r} of {name!r} is outside {distribution}.",
                TunerWarning,
                stacklevel=3,
            )
        self._distributions[name] = distribution
        return value

    def report(self, value: float, step: int) -> None:
        """Does nothing: a finished trial cannot take intermediate values."""

    def should_prune(self) -> bool:
        """Always False: a finished trial is never pruned again."""
        return False

    def set_user_attr(self, key: str, value: Any) -> None:
        self._user_attrs[key] = value

    def set_constraint(self, key: str, value: float) -> None:
        self._system_attrs[CONSTRAINTS_KEY_PREFIX + key] = checked_constraint_value(key, value)

    # -- validation -------------------------------------------------------------------------

    def _validate(self) -> None:
        """Raise ValueError when the fields contradict each other (e.g. COMPLETE without
        values, a parameter outside its distribution)."""
        if self.state != TrialState.WAITING and self._datetime_start is None:
            raise ValueError(f"A trial in state {self.state.name} needs `datetime_start`.")
        if self.state.is_finished() != (self.datetime_complete is not None):
            raise ValueError(
                "`datetime_complete` must be set exactly when the trial is finished "
                f"(state {self.state.name})."
            )
        if self.state == TrialState.COMPLETE:
            if self._values is None:
                raise ValueError("A COMPLETE trial needs objective values.")
            if any(math.isnan(v) for v in self._values):
                raise ValueError(f"A COMPLETE trial cannot have NaN values: {self._values}.")
        elif self.state == TrialState.FAIL and self._values is not None:
            raise ValueError("A FAIL trial cannot have objective values.")
        if set(self._params) != set(self._distributions):
            raise ValueError(
                f"`params` {sorted(self._params)} and `distributions` "
                f"{sorted(self._distributions)} must have the same names."
            )
        for name, value in self._params.items():
            dist = self._distributions[name]
            if not dist._contains(dist.to_internal_repr(value)):
                raise ValueError(f"The value {value!r} of {name!r} is outside {dist}.")
        for key, value in self._system_attrs.items():
            if key.startswith(CONSTRAINTS_KEY_PREFIX):
                checked_constraint_value(key[len(CONSTRAINTS_KEY_PREFIX) :], value)
