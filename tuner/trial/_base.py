from __future__ import annotations

import abc
import datetime
import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any

from tuner.distributions import (
    BaseDistribution,
    CategoricalChoiceType,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)

# System attribute keys, shared with Optuna so that studies move between the two.
CONSTRAINTS_KEY_PREFIX = "constraints:"
FIXED_PARAMS_KEY = "fixed_params"
FAIL_REASON_KEY = "fail_reason"


def constraints_from_system_attrs(system_attrs: Mapping[str, Any]) -> dict[str, float]:
    """The constraint values stored in a trial's system attributes, by constraint name."""
    n = len(CONSTRAINTS_KEY_PREFIX)
    return {k[n:]: v for k, v in system_attrs.items() if k.startswith(CONSTRAINTS_KEY_PREFIX)}


def is_feasible(system_attrs: Mapping[str, Any]) -> bool:
    """A trial is feasible when each of its constraint values is <= 0 (or it has none)."""
    return all(v <= 0.0 for k, v in system_attrs.items() if k.startswith(CONSTRAINTS_KEY_PREFIX))


def checked_constraint_value(key: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(
            f"Constraint {key!r} must be a number, got {value!r} ({type(value).__name__})."
        ) from None
    if math.isnan(number):
        raise ValueError(f"Constraint {key!r} is NaN; a constraint value must be a number.")
    return number


# Objectives call suggest_* with the same literal arguments in every trial; building and
# validating the distribution once per argument tuple keeps suggest cheap.
@functools.lru_cache(maxsize=4096)
def _float_distribution(
    low: float, high: float, step: float | None, log: bool, _types: tuple[type, ...]
) -> FloatDistribution:
    return FloatDistribution(low, high, log=log, step=step)


@functools.lru_cache(maxsize=4096)
def _int_distribution(
    low: int, high: int, step: int, log: bool, _types: tuple[type, ...]
) -> IntDistribution:
    return IntDistribution(low, high, log=log, step=step)


def make_float_distribution(
    low: float, high: float, step: float | None, log: bool
) -> FloatDistribution:
    # The types are part of the cache key so that e.g. True and 1 are validated separately.
    try:
        return _float_distribution(low, high, step, log, (type(low), type(high), type(step)))
    except TypeError as e:
        if "unhashable" not in str(e):
            raise
        return FloatDistribution(low, high, log=log, step=step)


def make_int_distribution(low: int, high: int, step: int, log: bool) -> IntDistribution:
    try:
        return _int_distribution(low, high, step, log, (type(low), type(high), type(step)))
    except TypeError as e:
        if "unhashable" not in str(e):
            raise
        return IntDistribution(low, high, log=log, step=step)


class BaseTrial(abc.ABC):
    """The interface objectives use: :class:`~tuner.trial.Trial`,
    :class:`~tuner.trial.FixedTrial` and :class:`~tuner.trial.FrozenTrial` implement it."""

    @abc.abstractmethod
    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        """Return the value of parameter ``name`` drawn from ``distribution``."""

    def suggest_float(
        self, name: str, low: float, high: float, *, step: float | None = None, log: bool = False
    ) -> float:
        """Suggest a float in ``[low, high]``.

        Args:
            name: Parameter name, unique within the trial.
            low: Lower end, included.
            high: Upper end, included (lowered to the grid when ``step`` does not divide it).
            step: Grid spacing; the value is ``low + k * step``.
            log: Sample on a log scale (``low > 0``; not with ``step``).

        Example:
            >>> import tuner
            >>> trial = tuner.trial.FixedTrial({"lr": 0.01})
            >>> trial.suggest_float("lr", 1e-5, 1e-1, log=True)
            0.01
        """
        return float(self._suggest(name, make_float_distribution(low, high, step, log)))

    def suggest_int(
        self, name: str, low: int, high: int, *, step: int = 1, log: bool = False
    ) -> int:
        """Suggest an integer in ``[low, high]``, on a grid of ``step`` or on a log scale.

        Example:
            >>> import tuner
            >>> tuner.trial.FixedTrial({"layers": 3}).suggest_int("layers", 1, 4)
            3
        """
        return int(self._suggest(name, make_int_distribution(low, high, step, log)))

    def suggest_categorical(
        self, name: str, choices: Sequence[CategoricalChoiceType]
    ) -> CategoricalChoiceType:
        """Suggest one of ``choices`` (None, bool, int, float or str).

        Example:
            >>> import tuner
            >>> trial = tuner.trial.FixedTrial({"act": "tanh"})
            >>> trial.suggest_categorical("act", ["relu", "tanh"])
            'tanh'
        """
        value: CategoricalChoiceType = self._suggest(name, CategoricalDistribution(choices))
        return value

    def suggest_uniform(self, name: str, low: float, high: float) -> float:
        """Deprecated spelling of ``suggest_float(name, low, high)``."""
        return self.suggest_float(name, low, high)

    def suggest_loguniform(self, name: str, low: float, high: float) -> float:
        """Deprecated spelling of ``suggest_float(name, low, high, log=True)``."""
        return self.suggest_float(name, low, high, log=True)

    def suggest_discrete_uniform(self, name: str, low: float, high: float, q: float) -> float:
        """Deprecated spelling of ``suggest_float(name, low, high, step=q)``."""
        return self.suggest_float(name, low, high, step=q)

    @abc.abstractmethod
    def report(self, value: float, step: int) -> None:
        """Report an intermediate objective value at ``step`` (for pruning)."""

    @abc.abstractmethod
    def should_prune(self) -> bool:
        """Ask the study's pruner whether to stop this trial now."""

    @abc.abstractmethod
    def set_user_attr(self, key: str, value: Any) -> None:
        """Attach a JSON-serializable value to the trial."""

    @abc.abstractmethod
    def set_constraint(self, key: str, value: float) -> None:
        """Record a constraint value; the trial is feasible when every value is <= 0."""

    @property
    @abc.abstractmethod
    def params(self) -> dict[str, Any]:
        """Parameter values suggested so far, by name."""

    @property
    @abc.abstractmethod
    def distributions(self) -> dict[str, BaseDistribution]:
        """Distributions of the parameters suggested so far, by name."""

    @property
    @abc.abstractmethod
    def user_attrs(self) -> dict[str, Any]:
        """User attributes set so far."""

    @property
    @abc.abstractmethod
    def system_attrs(self) -> dict[str, Any]:
        """System attributes (set by tuner and its plugins)."""

    @property
    @abc.abstractmethod
    def constraints(self) -> dict[str, float]:
        """Constraint values set so far, by name."""

    @property
    @abc.abstractmethod
    def datetime_start(self) -> datetime.datetime | None:
        """When the trial started (timezone-aware UTC)."""

    @property
    @abc.abstractmethod
    def number(self) -> int:
        """0-based position of the trial in its study."""
