from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

import tuner
from tuner.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from tuner.samplers._tpe import _truncnorm
from tuner.samplers._tpe._parzen import ParzenEstimator, ParzenParams
from tuner.search_space import GroupDecomposedSearchSpace, group_decomposed_search_space

tuner.logging.set_verbosity(tuner.logging.ERROR)


def _params(multivariate: bool) -> ParzenParams:
    return ParzenParams(True, 1.0, True, False, multivariate, None)


def test_log_gauss_mass_matches_scipy_and_stays_finite_in_the_tails() -> None:
    a = np.array([-3.0, -1.0, 0.5, 5.0, -0.2, 30.0, -40.0])
    b = np.array([3.0, 2.0, 4.0, 6.0, 0.1, 31.0, -39.0])
    got = _truncnorm.log_gauss_mass(a, b)
    expected = np.log(stats.norm.cdf(b[:5]) - stats.norm.cdf(a[:5]))
    np.testing.assert_allclose(got[:5], expected, rtol=1e-9)
    np.testing.assert_allclose(
        got[5:],
        stats.truncnorm.logpdf(0, -1, 1) * 0
        + [
            stats.norm.logsf(30.0)
            + np.log1p(-np.exp(stats.norm.logsf(31.0) - stats.norm.logsf(30.0))),
            stats.norm.logcdf(-39.0)
            + np.log1p(-np.exp(stats.norm.logcdf(-40.0) - stats.norm.logcdf(-39.0))),
        ],
        rtol=1e-9,
    )


def test_truncnorm_sample_matches_the_distribution_even_far_from_mu() -> None:
    rng = np.random.default_rng(0)
    for mu, low, high in [(0.5, 0.0, 1.5), (-10.0, 0.0, 1.5)]:
        x = _truncnorm.sample(rng, np.full(20000, mu), np.full(20000, 0.7), low, high)
        assert x.min() >= low and x.max() <= high
        ref = stats.truncnorm((low - mu) / 0.7, (high - mu) / 0.7, loc=mu, scale=0.7)
        assert abs(x.mean() - ref.mean()) < 0.01


@pytest.mark.parametrize("multivariate", [False, True])
@pytest.mark.parametrize("log", [False, True])
def test_continuous_density_integrates_to_one(multivariate: bool, log: bool) -> None:
    dist = FloatDistribution(0.1, 10.0, log=log)
    obs = {"x": np.array([0.5, 2.0, 2.5, 7.0])}
    est = ParzenEstimator(obs, {"x": dist}, _params(multivariate), np.ones(4))

    def density(x: float) -> float:
        lp = est.log_pdf({"x": np.array([x])})
        # The density is over log(x) for a log distribution: change variables back.
        return float(np.exp(lp).ravel()[0]) / (x if log else 1.0)

    total, _ = integrate.quad(density, 0.1, 10.0, limit=200)
    assert total == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize(
    "dist",
    [
        IntDistribution(0, 10),
        IntDistribution(1, 64, log=True),
        IntDistribution(-4, 8, step=4),
        FloatDistribution(0.0, 1.0, step=0.25),
        CategoricalDistribution(["a", "b", "c", None]),
    ],
)
@pytest.mark.parametrize("multivariate", [False, True])
def test_discrete_masses_sum_to_one(dist: BaseDistribution, multivariate: bool) -> None:
    if isinstance(dist, CategoricalDistribution):
        grid = np.arange(len(dist.choices), dtype=float)
        obs = np.array([0.0, 2.0, 2.0])
    else:
        step = dist.step  # type: ignore[attr-defined]
        grid = np.arange(dist.low, dist.high + step / 2, step, dtype=float)  # type: ignore[attr-defined]
        obs = grid[[0, len(grid) // 2, -1]]
    est = ParzenEstimator({"x": obs}, {"x": dist}, _params(multivariate), np.ones(3))
    assert float(np.exp(est.log_pdf({"x": grid})).sum()) == pytest.approx(1.0, abs=1e-9)


def test_joint_estimator_samples_stay_in_bounds_and_on_grids() -> None:
    space: dict[str, BaseDistribution] = {
        "a": FloatDistribution(-1, 1),
        "b": FloatDistribution(1e-3, 1, log=True),
        "c": IntDistribution(2, 20, step=3),
        "d": CategoricalDistribution([1, 2, 3]),
    }
    rng = np.random.default_rng(0)
    obs = {
        "a": rng.uniform(-1, 1, 8),
        "b": np.exp(rng.uniform(np.log(1e-3), 0, 8)),
        "c": 2.0 + 3.0 * rng.integers(0, 7, 8),
        "d": rng.integers(0, 3, 8).astype(float),
    }
    for mv in (False, True):
        est = ParzenEstimator(obs, space, _params(mv), np.ones(8))
        samples = est.sample(rng, 500)
        for name, dist in space.items():
            for v in samples[name]:
                assert dist._contains(float(v)), (name, v)
        lp = est.log_pdf(samples)
        assert lp.shape == ((500,) if mv else (500, 4))
        assert np.all(np.isfinite(lp))


_dists = st.one_of(
    st.tuples(st.floats(-100, 100), st.floats(0.01, 100)).map(
        lambda t: FloatDistribution(t[0], t[0] + t[1])
    ),
    st.tuples(st.floats(1e-4, 10), st.floats(1.5, 1e4)).map(
        lambda t: FloatDistribution(t[0], t[0] * t[1], log=True)
    ),
    st.tuples(st.integers(-50, 50), st.integers(1, 5), st.integers(1, 30)).map(
        lambda t: IntDistribution(t[0], t[0] + t[1] * t[2], step=t[1])
    ),
    st.tuples(st.integers(1, 50), st.integers(1, 1000)).map(
        lambda t: IntDistribution(t[0], t[0] + t[1], log=True)
    ),
    # Binary-exact steps, so the grid's high end is exact.
    st.tuples(st.integers(-10, 10), st.sampled_from([0.25, 0.5, 2.0]), st.integers(1, 20)).map(
        lambda t: FloatDistribution(float(t[0]), t[0] + t[1] * t[2], step=t[1])
    ),
    st.lists(st.integers(0, 5), min_size=1, max_size=5, unique=True).map(CategoricalDistribution),
)


@settings(max_examples=25, deadline=None)
@given(dists=st.lists(_dists, min_size=1, max_size=3), multivariate=st.booleans())
def test_every_sampled_value_is_inside_its_distribution(
    dists: list[BaseDistribution], multivariate: bool
) -> None:
    space = {f"p{i}": d for i, d in enumerate(dists)}
    sampler = tuner.samplers.TPESampler(seed=0, n_startup_trials=3, multivariate=multivariate)
    study = tuner.create_study(sampler=sampler)
    for _ in range(10):
        trial = study.ask(fixed_distributions=space)
        value = sum(float(dist.to_internal_repr(trial.params[n])) for n, dist in space.items())
        study.tell(trial, value)
    for t in study.trials:
        for name, dist in space.items():
            assert dist._contains(dist.to_internal_repr(t.params[name])), (name, t.params[name])


def test_group_decomposition_of_a_conditional_space() -> None:
    def objective(trial: Any) -> float:
        model = trial.suggest_categorical("model", ["svm", "tree", "knn"])
        trial.suggest_float("common", 0, 1)
        if model == "svm":
            trial.suggest_float("C", 1e-3, 1e3, log=True)
            trial.suggest_categorical("kernel", ["rbf", "linear"])
        elif model == "tree":
            trial.suggest_int("depth", 1, 10)
        trial.suggest_int("fixed", 4, 4)
        return 0.0

    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    study.optimize(objective, n_trials=20)
    spaces = group_decomposed_search_space(study.trials)
    assert [sorted(s) for s in spaces] == [["C", "kernel"], ["common", "model"], ["depth"]]
    incremental = GroupDecomposedSearchSpace()
    assert incremental.calculate(study) == spaces
    study.optimize(objective, n_trials=5)
    assert incremental.calculate(study) == group_decomposed_search_space(study.trials)
    with pytest.raises(ValueError, match="one study"):
        incremental.calculate(tuner.create_study())


def test_group_decomposition_drops_names_with_two_distributions() -> None:
    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    study.optimize(lambda t: t.suggest_float("x", 0, 1 + t.number % 2), n_trials=4)
    assert group_decomposed_search_space(study.trials) == []
    assert math.isfinite(study.best_value)


def test_categorical_distance_spreads_mass_to_near_choices() -> None:
    sizes = CategoricalDistribution([1, 2, 4, 8, 16, 32, 64])
    obs = {"s": np.array([4.0, 4.0, 4.0])}  # three observations of 16
    near_far = {"s": np.array([3.0, 6.0])}  # 8 and 64
    plain = ParzenEstimator(obs, {"s": sizes}, _params(True), np.ones(3))
    lp = plain.log_pdf(near_far)
    assert lp[0] == pytest.approx(lp[1])
    params = ParzenParams(
        True, 1.0, True, False, True, {"s": lambda a, b: abs(math.log2(a) - math.log2(b))}
    )
    spread = ParzenEstimator(obs, {"s": sizes}, params, np.ones(3))
    lp = spread.log_pdf(near_far)
    assert lp[0] > lp[1] + 0.3


def test_joint_product_kernel_matches_the_elementwise_sum() -> None:
    space: dict[str, BaseDistribution] = {
        "a": FloatDistribution(-1000, 1000),
        "b": FloatDistribution(1e-5, 1, log=True),
        "c": IntDistribution(0, 30, step=3),
        "d": FloatDistribution(0, 1),
    }
    rng = np.random.default_rng(1)
    obs = {
        "a": rng.uniform(-1000, 1000, 40),
        "b": np.exp(rng.uniform(np.log(1e-5), 0, 40)),
        "c": 3.0 * rng.integers(0, 11, 40),
        "d": rng.uniform(0, 1, 40),
    }
    est = ParzenEstimator(obs, space, _params(True), np.ones(40))
    samples = est.sample(rng, 50)
    block = est._num
    assert block is not None
    x = np.column_stack([samples[n] for n in ["a", "b", "c", "d"]])
    np.testing.assert_allclose(
        block.log_kernel_sum(x), block.log_kernel(x).sum(axis=2), rtol=1e-9, atol=1e-8
    )


def test_clip_count_narrows_the_kernels_but_never_widens_them() -> None:
    dist = FloatDistribution(0.0, 1.0)
    obs = {"x": np.array([0.5, 0.501])}
    at = {"x": np.array([0.5])}
    default = ParzenEstimator(obs, {"x": dist}, _params(True), np.ones(2))
    narrow = ParzenEstimator(obs, {"x": dist}, _params(True), np.ones(2), clip_count=50.0)
    small = ParzenEstimator(obs, {"x": dist}, _params(True), np.ones(2), clip_count=1.0)
    # Three kernels (two observations and the prior): the clip is range / 4 by default.
    assert narrow.log_pdf(at)[0] > default.log_pdf(at)[0] + math.log(5.0)
    assert small.log_pdf(at)[0] == pytest.approx(default.log_pdf(at)[0])

    def density(x: float) -> float:
        return float(np.exp(narrow.log_pdf({"x": np.array([x])}))[0])

    total, _ = integrate.quad(density, 0.0, 1.0, points=[0.5], limit=200)
    assert total == pytest.approx(1.0, abs=1e-3)
