"""Directions and the one comparison rule, and the best-trial rule every storage shares."""

from __future__ import annotations

import math

import pytest

import tuner
from tuner._direction import StudyDirection, is_better, loss_sign, loss_signs
from tuner.storages._best_trial import best_of, better_trial, can_be_best
from tuner.trial import TrialState, create_trial

MIN, MAX = StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE


def test_study_direction_is_the_same_object_everywhere_users_import_it() -> None:
    assert tuner.study.StudyDirection is StudyDirection
    assert tuner.study.FrozenStudy is tuner.storages._frozen_study.FrozenStudy
    assert [int(d) for d in StudyDirection] == [0, 1, 2]  # Optuna's values


@pytest.mark.parametrize(
    ("value", "other", "direction", "expected"),
    [
        (1.0, 2.0, MIN, True),
        (2.0, 1.0, MIN, False),
        (2.0, 1.0, MAX, True),
        (1.0, 1.0, MAX, False),
        (-math.inf, 0.0, MIN, True),
        (math.inf, 0.0, MAX, True),
        (math.nan, 0.0, MIN, False),
        (0.0, math.nan, MAX, False),
    ],
)
def test_is_better(value: float, other: float, direction: StudyDirection, expected: bool) -> None:
    assert is_better(value, other, direction) is expected


def test_loss_signs_make_smaller_better() -> None:
    assert loss_sign(MIN) == 1.0 and loss_sign(MAX) == -1.0
    assert loss_signs([MIN, MAX, MIN]).tolist() == [1.0, -1.0, 1.0]


def _numbered(*trials: tuner.trial.FrozenTrial) -> list[tuner.trial.FrozenTrial]:
    for number, t in enumerate(trials):
        t.number = number
    return list(trials)


def test_best_trial_rule_direction_ties_and_feasibility() -> None:
    infeasible = create_trial(value=-10.0, system_attrs={"constraints:0": 1.0})
    trials = _numbered(
        create_trial(value=3.0),
        create_trial(value=1.0),
        create_trial(value=1.0),
        infeasible,
        create_trial(state=TrialState.PRUNED, value=-5.0),
        create_trial(value=5.0),
    )
    assert best_of(trials, MIN).number == 1  # earliest of the tie; infeasible and pruned skip
    assert best_of(trials, MAX).number == 5
    assert not can_be_best(infeasible) and not can_be_best(trials[4])
    assert better_trial(trials[2], trials[1], MIN) is trials[1]
    assert better_trial(trials[1], None, MIN) is trials[1]
    assert best_of(trials[3:5], MIN) is None


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_every_storage_applies_the_same_best_trial_rule(direction: str) -> None:
    values = [3.0, 1.0, 1.0, 5.0, 5.0, 2.0]
    expected = 1 if direction == "minimize" else 3
    study = tuner.create_study(direction=direction)
    for v in values:
        study.add_trial(create_trial(value=v))
    assert study.best_trial.number == expected
    # The storage's incremental answer and the rule applied from scratch agree.
    base = tuner.storages.BaseStorage.get_best_trial(study._storage, study._study_id)
    assert base.number == expected
