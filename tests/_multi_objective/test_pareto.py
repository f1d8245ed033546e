"""Pareto fronts and non-domination ranks against their brute-force definitions."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tuner._multi_objective import is_pareto_front, non_domination_ranks


def _dominates(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(a <= b) and np.any(a < b))


def _brute_front(losses: np.ndarray) -> np.ndarray:
    n = len(losses)
    return np.array(
        [not any(_dominates(losses[j], losses[i]) for j in range(n)) for i in range(n)],
        dtype=bool,
    )


def _brute_ranks(losses: np.ndarray) -> np.ndarray:
    # Peel fronts: rank r is the front of what ranks 0..r-1 left.
    ranks = np.full(len(losses), -1)
    rank = 0
    while (ranks < 0).any():
        left = np.flatnonzero(ranks < 0)
        front = _brute_front(losses[left])
        ranks[left[front]] = rank
        rank += 1
    return ranks


def _random_losses(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    if rng.random() < 0.5:
        # Coarse grid values: many ties and exact duplicates.
        return rng.integers(0, 5, size=(n, k)).astype(float)
    losses = rng.random((n, k))
    if k > 1 and rng.random() < 0.5:
        losses[:, -1] = 1.0 - losses[:, 0]  # a whole front, no dominated point
    return losses


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_front_and_ranks_match_brute_force_on_random_points(k: int) -> None:
    rng = np.random.default_rng(k)
    for _ in range(40):
        losses = _random_losses(rng, int(rng.integers(1, 40)), k)
        np.testing.assert_array_equal(is_pareto_front(losses), _brute_front(losses))
        np.testing.assert_array_equal(non_domination_ranks(losses), _brute_ranks(losses))


def test_blocks_larger_than_one_step_match_brute_force() -> None:
    # More rows than one vectorized block (256) of the n-objective filter.
    rng = np.random.default_rng(7)
    losses = np.round(rng.random((700, 3)), 2)
    np.testing.assert_array_equal(is_pareto_front(losses), _brute_front(losses))
    np.testing.assert_array_equal(non_domination_ranks(losses[:300]), _brute_ranks(losses[:300]))


def test_infinite_losses_are_ordinary_worst_values() -> None:
    losses = np.array([[np.inf, 0.0], [0.0, np.inf], [1.0, 1.0], [np.inf, np.inf]])
    assert is_pareto_front(losses).tolist() == [True, True, True, False]
    assert non_domination_ranks(losses).tolist() == [0, 0, 0, 1]


def test_identical_rows_share_their_answer() -> None:
    losses = np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [0.0, 2.0, 2.0], [2.0, 2.0, 2.0]])
    assert is_pareto_front(losses).tolist() == [True, True, True, False]
    assert non_domination_ranks(losses).tolist() == [0, 0, 0, 1]


def test_n_below_ranks_the_best_exactly_and_the_rest_behind_them() -> None:
    rng = np.random.default_rng(0)
    losses = rng.random((200, 3))
    exact = _brute_ranks(losses)
    for n_below in (1, 10, 50):
        ranks = non_domination_ranks(losses, n_below=n_below)
        # Every front up to the one that reaches n_below rows is exact ...
        last = int(np.sort(exact)[n_below - 1])
        np.testing.assert_array_equal(ranks[exact <= last], exact[exact <= last])
        # ... and everything after it ranks behind it.
        assert np.all(ranks[exact > last] > last)


def test_empty_and_invalid_input() -> None:
    assert is_pareto_front(np.zeros((0, 2))).shape == (0,)
    assert non_domination_ranks(np.zeros((0, 3))).shape == (0,)
    with pytest.raises(ValueError, match="NaN"):
        is_pareto_front(np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError, match="2-D"):
        non_domination_ranks(np.zeros(3))


def test_ranks_scale_to_thousands_of_points() -> None:
    rng = np.random.default_rng(1)
    two = rng.random((20_000, 2))
    three = rng.random((3_000, 3))
    start = time.perf_counter()
    non_domination_ranks(two)
    is_pareto_front(two)
    non_domination_ranks(three)
    is_pareto_front(three)
    # Generous for a loaded 2-core machine; a quadratic Python loop takes minutes here.
    assert time.perf_counter() - start < 5.0
