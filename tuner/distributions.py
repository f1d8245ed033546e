"""Search-space distributions: what a parameter may take.

Each distribution has an *external* representation (what the objective sees: a float, an
int, or one of the categorical choices) and an *internal* one (always a float; for
categoricals the index of the choice), which is what storages keep and samplers model.

Example:
    >>> from tuner.distributions import FloatDistribution
    >>> from tuner.distributions import distribution_to_json, json_to_distribution
    >>> d = FloatDistribution(1e-5, 1e-1, log=True)
    >>> d.to_internal_repr(0.01)
    0.01
    >>> json_to_distribution(distribution_to_json(d)) == d
    True
"""

from __future__ import annotations

import abc
import decimal
import json
import math
import numbers
import warnings
from collections.abc import Sequence
from typing import Any

from tuner.exceptions import TunerWarning

__all__ = [
    "BaseDistribution",
    "CategoricalChoiceType",
    "CategoricalDistribution",
    "FloatDistribution",
    "IntDistribution",
    "check_distribution_compatibility",
    "distribution_to_json",
    "json_to_distribution",
]

CategoricalChoiceType = None | bool | int | float | str

# Tolerance for "lies on the step grid": steps are user-typed decimals such as 0.05 whose
# binary multiples are never exact.
_GRID_TOLERANCE = 1e-8


class BaseDistribution(abc.ABC):
    """A parameter's domain, with conversions between external and internal values.

    Subclasses are immutable value objects: equal when their attributes are equal.
    """

    @abc.abstractmethod
    def to_external_repr(self, param_value_in_internal_repr: float) -> Any:
        """Convert a stored float into the value the objective sees."""

    @abc.abstractmethod
    def to_internal_repr(self, param_value_in_external_repr: Any) -> float:
        """Convert a value the objective saw into the float that storages keep."""

    @abc.abstractmethod
    def single(self) -> bool:
        """True when the distribution holds exactly one value."""

    @abc.abstractmethod
    def _contains(self, param_value_in_internal_repr: float) -> bool:
        """True when the internal value lies in the distribution."""

    def _asdict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(self) is not type(other):
            return NotImplemented
        return self._asdict() == other._asdict()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *sorted(self._hash_items())))

    def _hash_items(self) -> list[tuple[str, Any]]:
        return [
            (k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in self._asdict().items()
        ]

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._asdict().items())
        return f"{type(self).__name__}({args})"


def _check_number(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a real number, got {value!r} ({type(value).__name__}).")
    if math.isnan(value):
        raise ValueError(f"`{name}` must not be NaN.")


def _numeric_internal_repr(distribution: BaseDistribution, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as e:
        raise ValueError(
            f"{value!r} is not a number and cannot be a value of {distribution}."
        ) from e
    if math.isnan(number):
        raise ValueError(f"NaN is not a valid value of {distribution}.")
    return number


def _grid_high(low: float | int, high: float | int, step: float | int) -> float:
    """Largest value of the grid low, low + step, ... that does not exceed high."""
    d_low, d_high, d_step = (decimal.Decimal(str(v)) for v in (low, high, step))
    n_steps = (d_high - d_low) // d_step
    return float(d_low + n_steps * d_step)


def _decimals(value: float) -> int:
    """How many decimal places a float needs, judged from its shortest repr."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        digits = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return max(0, digits - int(exponent))
    return len(text.split(".")[1]) if "." in text else 0


class FloatDistribution(BaseDistribution):
    """Real numbers in ``[low, high]``, optionally on a log scale or on a grid of ``step``.

    Args:
        low: Lower end, included.
        high: Upper end, included. With ``step``, a ``high`` that is not on the grid
            ``low + k * step`` is lowered to the last grid point, with a warning.
        log: Sample on a log scale; needs ``low > 0`` and cannot be combined with ``step``.
        step: Grid spacing, > 0.

    Raises:
        ValueError: ``low > high``, ``log`` with ``low <= 0``, ``log`` with ``step``,
            ``step <= 0``, or a NaN or infinite bound.

    Example:
        >>> FloatDistribution(0.0, 1.0, step=0.3).high
        0.9
    """

    def __init__(self, low: float, high: float, log: bool = False, step: None | float = None):
        _check_number("low", low)
        _check_number("high", high)
        if not (math.isfinite(low) and math.isfinite(high)):
            raise ValueError(f"`low` and `high` must be finite, got low={low}, high={high}.")
        if log and step is not None:
            raise ValueError("`step` and `log` cannot both be set: a log-scale grid is undefined.")
        if low > high:
            raise ValueError(f"`low` must be <= `high`, got low={low}, high={high}.")
        if log and low <= 0.0:
            raise ValueError(f"`low` must be > 0 for a log distribution, got low={low}.")
        if step is not None:
            _check_number("step", step)
            if not (step > 0 and math.isfinite(step)):
                raise ValueError(f"`step` must be a positive finite number, got step={step}.")
            grid_high = _grid_high(low, high, step)
            if not math.isclose(grid_high, high, rel_tol=0, abs_tol=_GRID_TOLERANCE * step):
                warnings.warn(
                    f"The range [{low}, {high}] is not divisible by step={step}; "
                    f"`high` is lowered to {grid_high}.",
                    TunerWarning,
                    stacklevel=3,
                )
                high = grid_high
            step = float(step)
        self.low = float(low)
        self.high = float(high)
        self.log = bool(log)
        self.step = step

    def to_external_repr(self, param_value_in_internal_repr: float) -> float:
        value = float(param_value_in_internal_repr)
        if self.step is None:
            return value
        # A value on the grid is shown as the grid's clean decimal, whichever sampler
        # computed it (0.15, not 0.15000000000000002); an off-grid value stays as given.
        k = (value - self.low) / self.step
        index = round(k)
        on_grid = abs(k - index) < _GRID_TOLERANCE * max(1.0, abs(k))
        if on_grid and 0 <= index <= round((self.high - self.low) / self.step):
            return self._grid_value(index)
        return value

    def to_internal_repr(self, param_value_in_external_repr: float) -> float:
        return _numeric_internal_repr(self, param_value_in_external_repr)

    def single(self) -> bool:
        if self.step is None:
            return self.low == self.high
        return self.high - self.low < self.step

    def _contains(self, param_value_in_internal_repr: float) -> bool:
        value = param_value_in_internal_repr
        if not (self.low <= value <= self.high):
            return False
        if self.step is None:
            return True
        k = (value - self.low) / self.step
        return abs(k - round(k)) < _GRID_TOLERANCE * max(1.0, abs(k))

    def _grid_value(self, index: int | float) -> float:
        """The ``index``-th grid point, rounded to the decimals of low and step (0.1 + 2 *
        0.1 gives 0.3, not 0.30000000000000004)."""
        assert self.step is not None
        value = self.low + index * self.step
        value = round(value, max(_decimals(self.low), _decimals(self.step)))
        return min(max(value, self.low), self.high)


class IntDistribution(BaseDistribution):
    """Integers in ``[low, high]``, optionally on a log scale or on a grid of ``step``.

    Args:
        low: Lower end, included.
        high: Upper end, included. A ``high`` that is not ``low + k * step`` is lowered
            to the last grid point, with a warning.
        log: Sample on a log scale; needs ``low >= 1`` and ``step == 1``.
        step: Grid spacing, a positive integer.

    Example:
        >>> IntDistribution(1, 10, step=3).high
        10
    """

    def __init__(self, low: int, high: int, log: bool = False, step: int = 1):
        _check_number("low", low)
        _check_number("high", high)
        _check_number("step", step)
        for name, v in (("low", low), ("high", high), ("step", step)):
            if float(v) != int(v):
                raise ValueError(f"`{name}` of an integer distribution must be integral, got {v}.")
        low, high, step = int(low), int(high), int(step)
        if log and step != 1:
            raise ValueError(f"`step` must be 1 for a log distribution, got step={step}.")
        if low > high:
            raise ValueError(f"`low` must be <= `high`, got low={low}, high={high}.")
        if log and low < 1:
            raise ValueError(f"`low` must be >= 1 for a log distribution, got low={low}.")
        if step <= 0:
            raise ValueError(f"`step` must be a positive integer, got step={step}.")
        grid_high = low + (high - low) // step * step
        if grid_high != high:
            warnings.warn(
                f"The range [{low}, {high}] is not divisible by step={step}; "
                f"`high` is lowered to {grid_high}.",
                TunerWarning,
                stacklevel=3,
            )
        self.low = low
        self.high = grid_high
        self.log = bool(log)
        self.step = step

    def to_external_repr(self, param_value_in_internal_repr: float) -> int:
        return int(round(param_value_in_internal_repr))

    def to_internal_repr(self, param_value_in_external_repr: int) -> float:
        return _numeric_internal_repr(self, param_value_in_external_repr)

    def single(self) -> bool:
        return self.low == self.high

    def _contains(self, param_value_in_internal_repr: float) -> bool:
        value = param_value_in_internal_repr
        if not (self.low <= value <= self.high):
            return False
        return (value - self.low) % self.step == 0


_CHOICE_TYPES = (type(None), bool, int, float, str)


def _normalize_choice(choice: Any) -> Any:
    """numpy scalars become the Python values they stand for; others stay as they are."""
    if isinstance(choice, _CHOICE_TYPES):
        return choice
    item = getattr(choice, "item", None)
    if callable(item) and type(choice).__module__ == "numpy":
        value = item()
        if isinstance(value, _CHOICE_TYPES):
            return value
    return choice


def _same_choice(a: Any, b: Any) -> bool:
    """Equality that keeps 1, 1.0 and True apart and finds NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


class CategoricalDistribution(BaseDistribution):
    """One of a fixed tuple of choices.

    Choices should be ``None``, ``bool``, ``int``, ``float`` or ``str`` so that every storage
    can persist them; other hashable objects work with the in-memory storage only (a
    warning says so), unhashable ones are rejected.

    Example:
        >>> d = CategoricalDistribution(["relu", "tanh"])
        >>> d.to_internal_repr("tanh"), d.to_external_repr(0)
        (1.0, 'relu')
    """

    def __init__(self, choices: Sequence[CategoricalChoiceType]):
        if isinstance(choices, str | bytes) or not hasattr(choices, "__iter__"):
            raise TypeError(f"`choices` must be a sequence, got {choices!r}.")
        normalized = tuple(_normalize_choice(c) for c in choices)
        if len(normalized) == 0:
            raise ValueError("`choices` must contain at least one element.")
        for c in normalized:
            try:
                hash(c)
            except TypeError:
                raise TypeError(
                    f"Choice {c!r} is unhashable ({type(c).__name__}); choices must be "
                    "None, bool, int, float or str. Pass a key (e.g. a string) and map it "
                    "to the object inside the objective."
                ) from None
            if not isinstance(c, _CHOICE_TYPES):
                warnings.warn(
                    f"Choice {c!r} of type {type(c).__name__} is not None, bool, int, float or "
                    "str: only the in-memory storage can keep it.",
                    TunerWarning,
                    stacklevel=3,
                )
        for i, c in enumerate(normalized):
            if any(_same_choice(c, other) for other in normalized[:i]):
                raise ValueError(f"`choices` contains {c!r} more than once.")
        self.choices: tuple[CategoricalChoiceType, ...] = normalized

    def to_external_repr(self, param_value_in_internal_repr: float) -> CategoricalChoiceType:
        return self.choices[int(param_value_in_internal_repr)]

    def to_internal_repr(self, param_value_in_external_repr: CategoricalChoiceType) -> float:
        value = _normalize_choice(param_value_in_external_repr)
        for i, c in enumerate(self.choices):
            if _same_choice(c, value):
                return float(i)
        # Fall back to plain equality, so 1 finds 1.0 when only 1.0 is a choice.
        for i, c in enumerate(self.choices):
            if not isinstance(c, bool) and not isinstance(value, bool) and c == value:
                return float(i)
        raise ValueError(
            f"{param_value_in_external_repr!r} is not one of the choices {self.choices}."
        )

    def single(self) -> bool:
        return len(self.choices) == 1

    def _contains(self, param_value_in_internal_repr: float) -> bool:
        index = param_value_in_internal_repr
        return 0 <= index < len(self.choices) and float(index) == int(index)

    def _asdict(self) -> dict[str, Any]:
        return {"choices": self.choices}

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, CategoricalDistribution):
            return NotImplemented
        return len(self.choices) == len(other.choices) and all(
            _same_choice(a, b) for a, b in zip(self.choices, other.choices)
        )

    def __hash__(self) -> int:
        return hash(("CategoricalDistribution", tuple(map(repr, self.choices))))


DISTRIBUTION_CLASSES = (FloatDistribution, IntDistribution, CategoricalDistribution)


def distribution_to_json(dist: BaseDistribution) -> str:
    """Serialize a distribution to JSON; :func:`json_to_distribution` inverts it exactly.

    The format is Optuna's, so databases can be shared with it.
    """
    if isinstance(dist, CategoricalDistribution):
        attributes: dict[str, Any] = {"choices": list(dist.choices)}
    elif isinstance(dist, FloatDistribution | IntDistribution):
        attributes = {"low": dist.low, "high": dist.high, "log": dist.log, "step": dist.step}
    else:
        raise TypeError(f"Unknown distribution {dist!r}.")
    return json.dumps({"name": type(dist).__name__, "attributes": attributes})


def json_to_distribution(json_str: str) -> BaseDistribution:
    """Parse the JSON made by :func:`distribution_to_json` (or by Optuna, old names included).

    Raises:
        ValueError: The text is not a known distribution.
    """
    try:
        loaded = json.loads(json_str)
        name, attrs = loaded["name"], dict(loaded["attributes"])
    except (ValueError, KeyError, TypeError) as e:
        raise ValueError(f"Not a serialized distribution: {json_str!r}.") from e
    with warnings.catch_warnings():
        # A stored distribution was validated when it was made; do not warn again.
        warnings.simplefilter("ignore", TunerWarning)
        if name == "CategoricalDistribution":
            return CategoricalDistribution(attrs["choices"])
        if name == "FloatDistribution":
            return FloatDistribution(attrs["low"], attrs["high"], attrs["log"], attrs["step"])
        if name == "IntDistribution":
            return IntDistribution(attrs["low"], attrs["high"], attrs["log"], attrs["step"])
        # Names used by Optuna before version 3.
        if name == "UniformDistribution":
            return FloatDistribution(attrs["low"], attrs["high"])
        if name == "LogUniformDistribution":
            return FloatDistribution(attrs["low"], attrs["high"], log=True)
        if name == "DiscreteUniformDistribution":
            return FloatDistribution(attrs["low"], attrs["high"], step=attrs["q"])
        if name == "IntUniformDistribution":
            return IntDistribution(attrs["low"], attrs["high"], step=attrs.get("step", 1))
        if name == "IntLogUniformDistribution":
            return IntDistribution(attrs["low"], attrs["high"], log=True)
    raise ValueError(f"Unknown distribution name {name!r} in {json_str!r}.")


def check_distribution_compatibility(
    dist_old: BaseDistribution, dist_new: BaseDistribution
) -> None:
    """Raise if a parameter cannot move from ``dist_old`` to ``dist_new`` between trials.

    Ranges and steps of numeric parameters may change from trial to trial (the search
    space is defined by running code); the kind, the log scale and categorical choices may not.

    Raises:
        ValueError: The two distributions are incompatible; the message says how.
    """
    if type(dist_old) is not type(dist_new):
        raise ValueError(
            f"Cannot set a {type(dist_new).__name__} for a parameter that was "
            f"a {type(dist_old).__name__}; use a new parameter name."
        )
    if isinstance(dist_old, CategoricalDistribution):
        if dist_old != dist_new:
            raise ValueError(
                f"Categorical choices cannot change: {dist_old.choices} was used before, "
                f"now {dist_new.choices}; use a new parameter name."  # type: ignore[attr-defined]
            )
        return
    if dist_old.log != dist_new.log:  # type: ignore[attr-defined]
        raise ValueError(
            f"The log scale of a parameter cannot change ({dist_old} was used before, now "
            f"{dist_new}); use a new parameter name."
        )


def _get_single_value(distribution: BaseDistribution) -> int | float | CategoricalChoiceType:
    assert distribution.single()
    if isinstance(distribution, FloatDistribution | IntDistribution):
        return distribution.low
    assert isinstance(distribution, CategoricalDistribution)
    return distribution.choices[0]
