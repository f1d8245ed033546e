"""Hypervolume, exclusive contributions and the reference point, against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tuner._multi_objective import (
    exclusive_contributions,
    hypervolume,
    is_pareto_front,
    loss_reference_point,
    select_by_contribution,
)


def _brute_force_hv(points: np.ndarray, ref: np.ndarray) -> float:
    # Inclusion-exclusion over all subsets: exact, fine for a handful of points.
    total = 0.0
    n = len(points)
    for k in range(1, n + 1):
        for subset in itertools.combinations(range(n), k):
            corner = points[list(subset)].max(axis=0)
            total += (-1) ** (k + 1) * float(np.prod(np.clip(ref - corner, 0, None)))
    return total


@pytest.mark.parametrize("dims", [2, 3, 4])
def test_hypervolume_is_exact(dims: int) -> None:
    rng = np.random.default_rng(dims)
    for _ in range(5):
        points = rng.random((7, dims))
        ref = np.full(dims, 1.2)
        assert hypervolume(points, ref) == pytest.approx(_brute_force_hv(points, ref), rel=1e-12)
    assert hypervolume(np.array([[2.0, 2.0]]), np.array([1.0, 1.0])) == 0.0
    with pytest.raises(ValueError, match="reference"):
        hypervolume(np.zeros((2, 3)), np.ones(2))


@pytest.mark.parametrize("dims", [2, 3])
def test_exclusive_contributions_and_subset_selection(dims: int) -> None:
    rng = np.random.default_rng(0)
    points = rng.random((6, dims))
    points = points[np.argsort(points[:, 0])]
    ref = np.full(dims, 1.1)
    total = hypervolume(points, ref)
    expected = [total - hypervolume(np.delete(points, i, axis=0), ref) for i in range(6)]
    np.testing.assert_allclose(exclusive_contributions(points, ref), expected, atol=1e-12)
    keep = select_by_contribution(points, ref, 3)
    assert len(keep) == 3
    best3 = max(hypervolume(points[list(c)], ref) for c in itertools.combinations(range(6), 3))
    assert hypervolume(points[keep], ref) >= 0.8 * best3


@pytest.mark.parametrize("dims", [2, 3, 4])
def test_hypervolume_of_random_fronts_with_duplicates_and_dominated_points(dims: int) -> None:
    rng = np.random.default_rng(10 + dims)
    for _ in range(10):
        # Coarse values: ties, duplicates and dominated points all occur.
        points = rng.integers(0, 4, size=(int(rng.integers(1, 9)), dims)).astype(float)
        ref = np.full(dims, 4.5)
        assert hypervolume(points, ref) == pytest.approx(_brute_force_hv(points, ref), abs=1e-9)


def test_exclusive_contributions_of_dominated_points_are_zero() -> None:
    points = np.array([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0], [2.5, 2.5], [2.0, 2.0]])
    ref = np.array([4.0, 4.0])
    contrib = exclusive_contributions(points, ref)
    total = hypervolume(points, ref)
    expected = [total - hypervolume(np.delete(points, i, axis=0), ref) for i in range(5)]
    np.testing.assert_allclose(contrib, expected, atol=1e-12)
    assert contrib[3] == 0.0 and contrib[1] == 0.0 and contrib[4] == 0.0  # dominated, duplicate


def test_loss_reference_point_is_beyond_every_loss_by_a_tenth_of_the_range() -> None:
    losses = np.array([[0.0, -5.0], [-2.0, -1.0], [-1.0, -1.0]])
    ref = loss_reference_point(losses)
    np.testing.assert_allclose(ref, [0.2, -0.6])
    assert np.all(losses < ref)
    # An objective whose losses are all equal still gets a margin.
    assert np.all(loss_reference_point(np.zeros((3, 2))) > 0.0)
    # Shifting and scaling an objective moves the point along with it.
    scaled = loss_reference_point(losses * np.array([10.0, 1.0]) + np.array([100.0, 0.0]))
    np.testing.assert_allclose(scaled, [102.0, -0.6])


def test_every_point_contributes_volume_against_the_reference_point() -> None:
    rng = np.random.default_rng(3)
    losses = rng.random((30, 3))
    ref = loss_reference_point(losses)
    front = losses[is_pareto_front(losses)]
    assert np.all(exclusive_contributions(front, ref) > 0.0)
