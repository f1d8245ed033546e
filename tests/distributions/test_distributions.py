from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuner.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    check_distribution_compatibility,
    distribution_to_json,
    json_to_distribution,
)
from tuner.exceptions import TunerWarning


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"low": 2.0, "high": 1.0}, "`low` must be <= `high`"),
        ({"low": 0.0, "high": 1.0, "log": True}, "must be > 0 for a log"),
        ({"low": -1.0, "high": 1.0, "log": True}, "must be > 0 for a log"),
        ({"low": 1.0, "high": 2.0, "log": True, "step": 0.1}, "cannot both be set"),
        ({"low": 0.0, "high": 1.0, "step": 0.0}, "positive finite"),
        ({"low": 0.0, "high": 1.0, "step": -0.5}, "positive finite"),
        ({"low": float("nan"), "high": 1.0}, "NaN"),
        ({"low": 0.0, "high": float("inf")}, "finite"),
    ],
)
def test_float_distribution_rejects_bad_ranges(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FloatDistribution(**kwargs)


def test_float_distribution_rejects_non_numbers() -> None:
    with pytest.raises(TypeError, match="real number"):
        FloatDistribution("0", 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="real number"):
        FloatDistribution(True, 2.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"low": 3, "high": 1}, "`low` must be <= `high`"),
        ({"low": 0, "high": 10, "log": True}, ">= 1 for a log"),
        ({"low": 1, "high": 10, "log": True, "step": 2}, "must be 1 for a log"),
        ({"low": 0, "high": 10, "step": 0}, "positive integer"),
        ({"low": 0.5, "high": 10}, "integral"),
    ],
)
def test_int_distribution_rejects_bad_ranges(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        IntDistribution(**kwargs)


def test_step_that_does_not_divide_range_lowers_high_with_warning() -> None:
    with pytest.warns(TunerWarning, match="lowered to 0.9"):
        d = FloatDistribution(0.0, 1.0, step=0.3)
    assert d.high == 0.9
    with pytest.warns(TunerWarning, match="lowered to 9"):
        i = IntDistribution(1, 10, step=2)
    assert i.high == 9


def test_step_that_divides_range_in_decimal_does_not_warn() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = FloatDistribution(0.0, 0.3, step=0.05)
        FloatDistribution(0.1, 0.7, step=0.1)
    assert d.high == 0.3


def test_float_contains_respects_grid() -> None:
    d = FloatDistribution(0.0, 0.3, step=0.05)
    assert d._contains(0.15)
    assert d._contains(0.1 + 0.05)  # 0.15000000000000002 is on the grid too
    assert not d._contains(0.151)
    assert not d._contains(0.35)
    assert d._grid_value(3) == 0.15


def test_grid_values_are_shown_as_clean_decimals() -> None:
    d = FloatDistribution(0.0, 0.3, step=0.05)
    assert d.to_external_repr(0.15000000000000002) == 0.15
    assert d.to_external_repr(0.1 + 0.2) == 0.3
    assert d.to_external_repr(0.17) == 0.17  # off the grid: left as given
    assert FloatDistribution(0.0, 1.0).to_external_repr(0.15000000000000002) != 0.15


def test_int_contains_respects_step() -> None:
    d = IntDistribution(1, 9, step=2)
    assert d._contains(5) and not d._contains(4) and not d._contains(11)


def test_single() -> None:
    assert FloatDistribution(1.0, 1.0).single()
    assert FloatDistribution(0.0, 0.5, step=1.0).single()
    assert not FloatDistribution(0.0, 1.0).single()
    assert IntDistribution(3, 3).single()
    assert CategoricalDistribution(["a"]).single()


def test_categorical_rejects_empty_unhashable_and_duplicates() -> None:
    with pytest.raises(ValueError, match="at least one"):
        CategoricalDistribution([])
    with pytest.raises(TypeError, match="unhashable"):
        CategoricalDistribution([[1, 2], [3]])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="more than once"):
        CategoricalDistribution(["a", "b", "a"])
    with pytest.raises(TypeError, match="sequence"):
        CategoricalDistribution("abc")


def test_categorical_warns_on_types_only_memory_can_keep() -> None:
    with pytest.warns(TunerWarning, match="in-memory"):
        CategoricalDistribution([(1, 2), (3, 4)])  # type: ignore[list-item]


def test_categorical_keeps_bool_int_float_apart() -> None:
    d = CategoricalDistribution([1, True, 1.0, None, "1"])
    assert [d.to_internal_repr(c) for c in (1, True, 1.0, None, "1")] == [0, 1, 2, 3, 4]
    assert d.to_external_repr(1) is True


def test_categorical_normalizes_numpy_scalars() -> None:
    d = CategoricalDistribution([np.int64(3), np.float64(0.5), np.bool_(True)])
    assert d.choices == (3, 0.5, True)
    assert type(d.choices[0]) is int
    assert d.to_internal_repr(np.int64(3)) == 0.0


def test_categorical_unknown_value_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not one of the choices"):
        CategoricalDistribution(["a", "b"]).to_internal_repr("c")


def test_nan_choice_is_found() -> None:
    d = CategoricalDistribution([0.0, float("nan")])
    assert d.to_internal_repr(float("nan")) == 1.0


@pytest.mark.parametrize(
    "dist",
    [
        FloatDistribution(-1.5, 3.25),
        FloatDistribution(1e-7, 1e3, log=True),
        FloatDistribution(0.0, 1.0, step=0.1),
        IntDistribution(-5, 5),
        IntDistribution(1, 1024, log=True),
        IntDistribution(0, 100, step=5),
        CategoricalDistribution([None, True, 3, 2.5, "x"]),
    ],
)
def test_json_round_trip_is_exact(dist) -> None:  # type: ignore[no-untyped-def]
    text = distribution_to_json(dist)
    restored = json_to_distribution(text)
    assert restored == dist
    assert type(restored) is type(dist)
    assert distribution_to_json(restored) == text
    assert json.loads(text)["name"] == type(dist).__name__


@given(
    low=st.floats(-1e12, 1e12, allow_nan=False),
    width=st.floats(0, 1e12, allow_nan=False),
)
def test_json_round_trip_keeps_every_float_bit(low: float, width: float) -> None:
    high = low + width
    d = FloatDistribution(low, high)
    restored = json_to_distribution(distribution_to_json(d))
    assert isinstance(restored, FloatDistribution)
    assert (restored.low, restored.high) == (d.low, d.high)


def test_legacy_optuna_names_are_read() -> None:
    text = '{"name": "LogUniformDistribution", "attributes": {"low": 0.1, "high": 1.0}}'
    assert json_to_distribution(text) == FloatDistribution(0.1, 1.0, log=True)
    text = '{"name": "DiscreteUniformDistribution", "attributes": {"low": 0, "high": 1, "q": 0.5}}'
    assert json_to_distribution(text) == FloatDistribution(0.0, 1.0, step=0.5)


def test_bad_json_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Not a serialized distribution"):
        json_to_distribution("{}")
    with pytest.raises(ValueError, match="Unknown distribution name"):
        json_to_distribution('{"name": "Nope", "attributes": {}}')


def test_compatibility() -> None:
    check_distribution_compatibility(FloatDistribution(0, 1), FloatDistribution(-5, 5))
    check_distribution_compatibility(IntDistribution(0, 1), IntDistribution(0, 9, step=3))
    with pytest.raises(ValueError, match="IntDistribution for a parameter that was a Float"):
        check_distribution_compatibility(FloatDistribution(0, 1), IntDistribution(0, 1))
    with pytest.raises(ValueError, match="log scale"):
        check_distribution_compatibility(
            FloatDistribution(0.1, 1), FloatDistribution(0.1, 1, log=True)
        )
    with pytest.raises(ValueError, match="choices cannot change"):
        check_distribution_compatibility(
            CategoricalDistribution(["a"]), CategoricalDistribution(["a", "b"])
        )


def test_equality_and_hash() -> None:
    assert FloatDistribution(0, 1) == FloatDistribution(0.0, 1.0)
    assert hash(FloatDistribution(0, 1)) == hash(FloatDistribution(0.0, 1.0))
    assert FloatDistribution(0, 1) != FloatDistribution(0, 1, step=0.5)
    assert CategoricalDistribution([1, 2]) != CategoricalDistribution([1.0, 2.0])
    assert len({IntDistribution(0, 3), IntDistribution(0, 3)}) == 1


def test_to_internal_repr_rejects_nan_and_text() -> None:
    with pytest.raises(ValueError, match="NaN"):
        FloatDistribution(0, 1).to_internal_repr(math.nan)
    with pytest.raises(ValueError, match="not a number"):
        IntDistribution(0, 1).to_internal_repr("one")  # type: ignore[arg-type]
