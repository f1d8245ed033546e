"""The best-trial rule every storage shares (the RDB storage's cache is checked against it
in test_contract.py, which runs every backend)."""

from __future__ import annotations

import pytest

import tuner
from tuner.storages._best_trial import best_of, better_trial, can_be_best
from tuner.study import StudyDirection
from tuner.trial import TrialState, create_trial

MIN, MAX = StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE


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
    storage = tuner.storages.InMemoryStorage()
    study = tuner.create_study(direction=direction, storage=storage)
    for v in values:
        study.add_trial(create_trial(value=v))
    assert study.best_trial.number == expected
    # The storage's incremental answer and the rule applied from scratch agree.
    study_id = storage.get_study_id_from_name(study.study_name)
    assert tuner.storages.BaseStorage.get_best_trial(storage, study_id).number == expected
