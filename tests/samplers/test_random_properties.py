"""Every value a sampler returns lies in its distribution and survives the storage round trip."""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

import tuner
from tuner.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    distribution_to_json,
    json_to_distribution,
)
from tuner.samplers._random import sample_uniformly


@st.composite
def distributions(draw: st.DrawFn) -> BaseDistribution:
    kind = draw(st.sampled_from(["float", "float_log", "float_step", "int", "int_log", "cat"]))
    if kind == "float":
        low = draw(st.floats(-1e6, 1e6))
        return FloatDistribution(low, low + draw(st.floats(0, 1e6)))
    if kind == "float_log":
        low = draw(st.floats(1e-8, 1e3))
        return FloatDistribution(low, low * draw(st.floats(1, 1e6)), log=True)
    if kind == "float_step":
        low = draw(st.sampled_from([-1.0, 0.0, 0.1, 2.5]))
        step = draw(st.sampled_from([0.01, 0.05, 0.1, 0.25, 1.0]))
        n = draw(st.integers(0, 50))
        return FloatDistribution(low, low + n * step, step=step)
    if kind == "int":
        low = draw(st.integers(-1000, 1000))
        step = draw(st.integers(1, 7))
        return IntDistribution(low, low + step * draw(st.integers(0, 100)), step=step)
    if kind == "int_log":
        low = draw(st.integers(1, 1000))
        return IntDistribution(low, low + draw(st.integers(0, 10**6)), log=True)
    choices = draw(
        st.lists(
            st.one_of(
                st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()
            ),
            min_size=1,
            max_size=6,
            unique_by=lambda c: (type(c), c),
        )
    )
    return CategoricalDistribution(choices)


@settings(max_examples=300, deadline=None)
@given(dist=distributions(), seed=st.integers(0, 2**32 - 1))
def test_random_values_inside_and_round_trip(dist: BaseDistribution, seed: int) -> None:
    value = sample_uniformly(random.Random(seed), dist)
    internal = dist.to_internal_repr(value)
    assert dist._contains(internal)
    restored_dist = json_to_distribution(distribution_to_json(dist))
    restored = restored_dist.to_external_repr(internal)
    if isinstance(value, float) and math.isnan(value):
        assert math.isnan(restored)
    else:
        assert restored == value and type(restored) is type(value)


@settings(max_examples=60, deadline=None)
@given(dist=distributions(), seed=st.integers(0, 1000))
def test_suggested_values_survive_the_in_memory_storage(dist: BaseDistribution, seed: int) -> None:
    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=seed))
    trial = study.ask({"p": dist})
    value = trial.params["p"]
    stored = study.tell(trial, 0.0).params["p"]
    assert dist._contains(dist.to_internal_repr(value))
    assert stored == value or (isinstance(value, float) and math.isnan(value))
    assert type(stored) is type(value)
