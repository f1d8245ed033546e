from __future__ import annotations

import math

import numpy as np
import scipy.optimize
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
