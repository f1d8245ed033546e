"""Crowding distance (against its definition and Optuna's NSGA-II) and loss matrices."""

from __future__ import annotations

import numpy as np
import pytest

import tuner
from tuner._multi_objective import crowding_distance, loss_matrix, pareto_front_trials
from tuner.study import StudyDirection
from tuner.trial import create_trial


def _by_definition(losses: np.ndarray) -> np.ndarray:
    n, k = losses.shape
    out = np.zeros(n)
    for j in range(k):
        column = losses[:, j]
        order = sorted(range(n), key=lambda i: (column[i], i))
        values = [column[i] for i in order]
        if values[0] == values[-1]:
            continue
        finite = [v for v in values if np.isfinite(v)]
        width = finite[-1] - finite[0] if len(finite) >= 2 else 0.0
        width = width if width > 0 else 1.0
        padded = [-np.inf, *values, np.inf]
        for pos, i in enumerate(order):
            lo, hi = padded[pos], padded[pos + 2]
            out[i] += (0.0 if lo == hi else hi - lo) / width
    return out


def test_crowding_distance_matches_its_definition() -> None:
    rng = np.random.default_rng(0)
    for _ in range(30):
        n, k = int(rng.integers(1, 12)), int(rng.integers(1, 4))
        losses = rng.integers(0, 4, size=(n, k)).astype(float)
        if rng.random() < 0.3:
            losses[rng.integers(0, n), rng.integers(0, k)] = rng.choice([np.inf, -np.inf])
        np.testing.assert_allclose(crowding_distance(losses), _by_definition(losses))
    assert crowding_distance(np.zeros((0, 2))).shape == (0,)


def test_crowding_distance_matches_optunas_nsga2() -> None:
    pytest.importorskip("optuna")
    from optuna.samplers.nsgaii._elite_population_selection_strategy import (
        _calc_crowding_distance,
    )
    from optuna.trial import create_trial as optuna_trial

    rng = np.random.default_rng(1)
    for _ in range(20):
        losses = rng.random((int(rng.integers(2, 15)), 2))
        population = [optuna_trial(values=list(row)) for row in losses]
        for number, t in enumerate(population):
            t.number = number
        theirs = _calc_crowding_distance(population)
        np.testing.assert_allclose(
            crowding_distance(losses), [theirs[i] for i in range(len(losses))]
        )


def test_loss_matrix_negates_maximized_objectives_and_front_keeps_order() -> None:
    directions = [StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE]
    trials = [create_trial(values=v) for v in ([1.0, 1.0], [2.0, 3.0], [2.0, 0.0], [1.0, 1.0])]
    np.testing.assert_array_equal(
        loss_matrix(trials, directions), [[1, -1], [2, -3], [2, 0], [1, -1]]
    )
    front = pareto_front_trials(trials, directions)
    assert [t.values for t in front] == [[1.0, 1.0], [2.0, 3.0], [1.0, 1.0]]
    assert pareto_front_trials([], directions) == []


def test_study_best_trials_is_the_shared_pareto_front() -> None:
    study = tuner.create_study(directions=["minimize", "maximize"])
    for values in ([1.0, 1.0], [2.0, 3.0], [2.0, 0.0]):
        study.add_trial(create_trial(values=values))
    assert sorted(t.number for t in study.best_trials) == [0, 1]
