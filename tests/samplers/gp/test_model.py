from __future__ import annotations

import math

import numpy as np
import scipy.optimize
import scipy.stats
from scipy.stats import norm

from tuner.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from tuner.samplers._gp._acqf import LogEIAcquisition, log_h
from tuner.samplers._gp._gp import (
    _neg_log_posterior,
    cholesky_with_jitter,
    default_params,
    fit_gp,
    ls_prior_mean,
)
from tuner.samplers._gp._kernel import pairwise_sq_diffs
from tuner.samplers._gp._outputs import (
    _yeo_johnson,
    _yeo_johnson_exponent,
    standardize,
    warp_objective,
)
from tuner.samplers._gp._search_space import SearchSpaceEncoding


def test_log_h_matches_direct_formula_and_stays_finite_in_the_tail() -> None:
    z = np.linspace(-8, 5, 300)
    direct = np.log(norm.pdf(z) + z * norm.cdf(z))
    np.testing.assert_allclose(log_h(z), direct, rtol=1e-9, atol=1e-9)
    tail = log_h(np.array([-40.0, -1e3, -1e8, -1e12]))
    assert np.all(np.isfinite(tail))
    assert np.all(np.diff(tail) < 0)
    # Asymptote log h(z) ~ -z^2/2 - log(2 pi)/2 - 2 log|z|.
    assert math.isclose(
        tail[1], -0.5e6 - 0.5 * math.log(2 * math.pi) - 2 * math.log(1e3), rel_tol=1e-9
    )


def _data(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.random((15, 3))
    is_cat = np.array([False, False, True])
    x[:, 2] = np.floor(x[:, 2] * 3)
    y = np.sin(5 * x[:, 0]) + x[:, 1] + (x[:, 2] == 1)
    return x, (y - y.mean()) / y.std(), is_cat


def test_log_posterior_gradient_matches_finite_differences() -> None:
    x, y, is_cat = _data()
    theta = default_params(3) + np.random.default_rng(1).normal(size=5) * 0.3
    sq = pairwise_sq_diffs(x, x, is_cat)
    args = (sq, y, None, ls_prior_mean(3))
    err = scipy.optimize.check_grad(
        lambda t: _neg_log_posterior(t, *args)[0], lambda t: _neg_log_posterior(t, *args)[1], theta
    )
    assert err < 1e-3 * np.linalg.norm(_neg_log_posterior(theta, *args)[1]) + 1e-4


def test_acquisition_gradient_matches_finite_differences() -> None:
    x, y, is_cat = _data()
    gp = fit_gp(x, y, is_cat, deterministic=False)
    constraint = fit_gp(x, -y, is_cat, deterministic=False)
    acqf = LogEIAcquisition(gp, float(y.max()), [(constraint, 0.2)])
    dims = np.array([0, 1])
    xq = np.random.default_rng(2).random((5, 3))
    xq[:, 2] = 1.0
    value, grad = acqf.value_and_grad(xq, dims)
    np.testing.assert_allclose(value, acqf.value(xq))
    for j, dim in enumerate(dims):
        step = np.zeros_like(xq)
        step[:, dim] = 1e-6
        numeric = (acqf.value(xq + step) - acqf.value(xq - step)) / 2e-6
        np.testing.assert_allclose(grad[:, j], numeric, rtol=1e-4, atol=1e-6)


def test_cholesky_survives_duplicates() -> None:
    x = np.zeros((5, 2))
    k = np.ones((5, 5))  # rank one: plain Cholesky fails
    chol = cholesky_with_jitter(k)
    assert np.all(np.isfinite(chol))
    gp = fit_gp(x, np.zeros(5), np.array([False, False]), deterministic=True)
    mean, var = gp.predict(np.array([[0.0, 0.0], [1.0, 1.0]]))
    assert np.all(np.isfinite(mean)) and np.all(var > 0)


def test_fantasies_shrink_variance_at_running_points() -> None:
    x, y, is_cat = _data()
    gp = fit_gp(x, y, is_cat, deterministic=True)
    point = np.array([[0.5, 0.5, 0.0]])
    _, before = gp.predict(point)
    mean_before, _ = gp.predict(point)
    fantasized = gp.with_fantasies(point)
    mean_after, after = fantasized.predict(point)
    assert after[0] < 1e-3 * before[0]
    np.testing.assert_allclose(mean_after, mean_before, atol=1e-4)


def test_encoding_round_trip_and_rounding() -> None:
    space = {
        "a": IntDistribution(1, 1000, log=True),
        "b": FloatDistribution(0.0, 1.0, step=0.25),
        "c": CategoricalDistribution(["p", "q"]),
        "d": FloatDistribution(1e-3, 1.0, log=True),
        "e": IntDistribution(0, 9, step=3),
    }
    enc = SearchSpaceEncoding(space)
    u = np.random.default_rng(0).random((200, 5))
    x = enc.from_unit_samples(u)
    for row in x:
        params = enc.decode(row)
        for name, dist in space.items():
            assert dist._contains(dist.to_internal_repr(params[name]))
        internal = np.array([[space[n].to_internal_repr(params[n]) for n in space]])
        np.testing.assert_allclose(enc.encode(internal)[0], row, atol=1e-9)
    # All four values of the stepped float get equal shares of the cube.
    b = np.array([enc.decode(r)["b"] for r in x])
    counts = np.array([np.sum(b == v) for v in (0.0, 0.25, 0.5, 0.75, 1.0)])
    assert counts.min() > 20
    moves = enc.neighbors(x[:3])
    assert moves.shape[0] == 3 and moves.shape[2] == 5


def _neg_log_posterior_of(gp_params: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    is_cat = np.zeros(x.shape[1], dtype=bool)
    args = (pairwise_sq_diffs(x, x, is_cat), y, None, ls_prior_mean(x.shape[1]))
    return _neg_log_posterior(gp_params, *args)[0]


def test_fit_does_not_keep_a_poor_warm_start() -> None:
    rng = np.random.default_rng(3)
    x = rng.random((25, 2))
    y = np.sin(6 * x[:, 0]) + 0.2 * x[:, 1]
    y = (y - y.mean()) / y.std()
    is_cat = np.zeros(2, dtype=bool)
    cold = fit_gp(x, y, is_cat, deterministic=False)
    # A warm start deep in the "all noise" corner: tiny length scales, huge noise.
    poor = np.array([math.log(2e3), math.log(2e3), 0.0, math.log(0.9)])
    warm = fit_gp(x, y, is_cat, deterministic=False, init=poor)
    assert _neg_log_posterior_of(warm.params, x, y) <= _neg_log_posterior_of(cold.params, x, y)
    assert warm.params[-1] < math.log(0.1)  # the noise did not stay where the start put it


def test_fit_keeps_a_better_warm_start() -> None:
    x, y, is_cat = _data(4)
    cold = fit_gp(x, y, is_cat, deterministic=False)
    sq = pairwise_sq_diffs(x, x, is_cat)
    args = (sq, y, None, ls_prior_mean(3))
    warm = fit_gp(x, y, is_cat, deterministic=False, init=cold.params)
    assert _neg_log_posterior(warm.params, *args)[0] <= _neg_log_posterior(cold.params, *args)[0]


def test_warp_keeps_order_and_spreads_the_good_end_of_a_heavy_tail() -> None:
    rng = np.random.default_rng(0)
    loss = np.exp(rng.normal(0.0, 2.0, size=60))  # log-normal: a few awful values
    y = -loss
    warped = warp_objective(y)
    assert np.array_equal(np.argsort(warped, kind="stable"), np.argsort(y, kind="stable"))
    assert abs(warped.mean()) < 1e-9 and math.isclose(warped.std(), 1.0)
    best = np.argsort(-y)[:10]
    plain = (y - y.mean()) / y.std()
    assert np.ptp(warped[best]) > 5 * np.ptp(plain[best])
    # Most of the skew is gone (-3.2 before).
    assert abs(float(np.mean(warped**3))) < abs(float(np.mean(plain**3))) / 3


def test_warp_handles_constant_infinite_and_tiny_inputs() -> None:
    assert np.array_equal(warp_objective(np.full(5, 3.0)), np.zeros(5))
    out = warp_objective(np.array([1.0, -np.inf, 2.0, np.inf, 0.5]))
    assert np.all(np.isfinite(out))
    assert out[3] == out.max() and out[1] == out.min()
    assert np.all(np.isfinite(warp_objective(np.array([1e300, -1e300, 0.0]))))
    assert np.array_equal(warp_objective(np.array([1.0])), np.zeros(1))


def test_yeo_johnson_matches_scipy() -> None:
    rng = np.random.default_rng(1)
    samples = [rng.normal(size=50), -np.exp(rng.normal(size=80)), np.exp(rng.normal(size=80))]
    for raw in samples:
        y = standardize(raw)[0]
        reference = float(scipy.stats.yeojohnson_normmax(y))
        assert abs(_yeo_johnson_exponent(y) - reference) < 0.05  # the grid's resolution
        for lam in (reference, 0.0, 1.0, 2.0, -1.5, 3.5):
            np.testing.assert_allclose(
                _yeo_johnson(y, np.array([lam]))[0], scipy.stats.yeojohnson(y, lam), atol=1e-12
            )


def test_prior_mean_is_the_gls_estimate_and_discounts_clustered_points() -> None:
    from tuner.samplers._gp._gp import GPPosterior

    rng = np.random.default_rng(0)
    spread = rng.random((8, 2))  # scattered, poor values
    cluster = 0.5 + 0.01 * rng.random((30, 2))  # many near-duplicates of a good point
    x = np.concatenate([spread, cluster])
    y = np.concatenate([np.full(8, -1.0), np.full(30, 1.0)])
    is_cat = np.zeros(2, dtype=bool)
    params = np.array([math.log(10.0), math.log(10.0), 0.0, math.log(1e-4)])
    gp = GPPosterior.build(x, y, is_cat, params)
    assert gp.prior_mean < y.mean() - 0.5  # the cluster counts roughly as one point
    far_mean, _ = gp.predict(np.array([[40.0, -40.0]]))
    assert math.isclose(float(far_mean[0]), gp.prior_mean, abs_tol=1e-9)
    # With uncorrelated points (a coarse grid, short length scales) it is the plain average.
    grid = np.stack(np.meshgrid(np.linspace(0, 1, 4), np.linspace(0, 1, 4)), -1).reshape(-1, 2)
    values = rng.normal(size=16)
    short = np.array([math.log(2e3), math.log(2e3), 0.0, math.log(1e-4)])
    independent = GPPosterior.build(grid, values, is_cat, short)
    assert math.isclose(independent.prior_mean, float(values.mean()), rel_tol=1e-9)
