from __future__ import annotations

import datetime
import warnings
from typing import Any

from tuner.distributions import BaseDistribution, CategoricalDistribution
from tuner.exceptions import TunerWarning
from tuner.trial._base import (
    CONSTRAINTS_KEY_PREFIX,
    BaseTrial,
    checked_constraint_value,
    constraints_from_system_attrs,
)
from tuner.trial._trial import checked_intermediate_value, checked_step


class FixedTrial(BaseTrial):
    """A trial whose parameters are given: run an objective on chosen values, e.g. to
    retrain the best model or to test the objective.

    Args:
        params: The value of every parameter the objective suggests.
        number: What :attr:`number` returns.

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     return trial.suggest_float("x", -10, 10) ** 2
        >>> objective(tuner.trial.FixedTrial({"x": 3.0}))
        9.0
    """

    def __init__(self, params: dict[str, Any], number: int = 0) -> None:
        self._params = dict(params)
        self._suggested: dict[str, Any] = {}
        self._distributions: dict[str, BaseDistribution] = {}
        self._user_attrs: dict[str, Any] = {}
        self._system_attrs: dict[str, Any] = {}
        self.intermediate_values: dict[int, float] = {}
        self._datetime_start = datetime.datetime.now(datetime.timezone.utc)
        self._number = number

    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        if name not in self._params:
            raise ValueError(
                f"FixedTrial has no value for parameter {name!r}; pass it in `params` "
                f"(given: {sorted(self._params)})."
            )
        known = self._distributions.get(name)
        if known is not None and known != distribution:
            raise ValueError(
                f"Parameter {name!r} was already suggested with {known}; it cannot be "
                f"suggested again with {distribution}."
            )
        value = self._params[name]
        try:
            internal = distribution.to_internal_repr(value)
        except ValueError:
            if isinstance(distribution, CategoricalDistribution):
                raise ValueError(
                    f"The fixed value {value!r} of {name!r} is not one of its choices "
                    f"{distribution.choices}."
                ) from None
            raise
        if not distribution._contains(internal):
            warnings.warn(
                f"The fixed value {value!r} of {name!r} lies outside {distribution}.",
                TunerWarning,
                stacklevel=3,
            )
        self._distributions[name] = distribution
        self._suggested[name] = value
        return value

    def report(self, value: float, step: int) -> None:
        self.intermediate_values.setdefault(checked_step(step), checked_intermediate_value(value))

    def should_prune(self) -> bool:
        return False

    def set_user_attr(self, key: str, value: Any) -> None:
        self._user_attrs[key] = value

    def set_system_attr(self, key: str, value: Any) -> None:
        self._system_attrs[key] = value

    def set_constraint(self, key: str, value: float) -> None:
        self._system_attrs.setdefault(
            CONSTRAINTS_KEY_PREFIX + key, checked_constraint_value(key, value)
        )

    @property
    def params(self) -> dict[str, Any]:
        return dict(self._suggested)

    @property
    def distributions(self) -> dict[str, BaseDistribution]:
        return dict(self._distributions)

    @property
    def user_attrs(self) -> dict[str, Any]:
        return self._user_attrs

    @property
    def system_attrs(self) -> dict[str, Any]:
        return self._system_attrs

    @property
    def constraints(self) -> dict[str, float]:
        return constraints_from_system_attrs(self._system_attrs)

    @property
    def datetime_start(self) -> datetime.datetime | None:
        return self._datetime_start

    @property
    def number(self) -> int:
        return self._number
