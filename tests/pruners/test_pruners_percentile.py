from __future__ import annotations

import math

import pytest

import tuner
from tuner.pruners import MedianPruner, PercentilePruner
from tuner.trial import TrialState, create_trial

from ._helpers import decisions, study_with

# Completed curves: the median at step s is the middle curve, 3 + s; the values at step 0
# are [1, 3, 5], so the 25th percentile there is 2 and the 75th is 4.
CURVES = [{0: 1.0, 1: 2.0, 2: 3.0}, {0: 3.0, 1: 4.0, 2: 5.0}, {0: 5.0, 1: 6.0, 2: 7.0}]


def _flip(curves: list[dict[int, float]]) -> list[dict[int, float]]:
    return [{s: -v for s, v in c.items()} for c in curves]


@pytest.mark.parametrize(("value", "expected"), [(2.9, False), (3.0, False), (3.1, True)])
def test_median_minimize_step0(value: float, expected: bool) -> None:
    study = study_with(CURVES, MedianPruner(n_startup_trials=0))
    assert decisions(study, {0: value}) == [expected]


@pytest.mark.parametrize(("value", "expected"), [(-2.9, False), (-3.0, False), (-3.1, True)])
def test_median_maximize_mirrors_minimize(value: float, expected: bool) -> None:
    study = study_with(_flip(CURVES), MedianPruner(n_startup_trials=0), direction="maximize")
    assert decisions(study, {0: value}) == [expected]


def test_median_uses_the_best_value_so_far() -> None:
    study = study_with(CURVES, MedianPruner(n_startup_trials=0))
    # Step 1 reports 10 (> median 4) but the best so far, 2, beats the median.
    assert decisions(study, {0: 2.0, 1: 10.0}) == [False, False]
    # 3.5 then 4.5: 4.5 is worse than median 4 at step 1 but the best so far, 3.5, is not.
    assert decisions(study, {0: 3.5, 1: 4.5, 2: 5.5}) == [True]


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("minimize", 1.9, False),
        ("minimize", 2.1, True),
        ("maximize", 4.1, False),
        ("maximize", 3.9, True),
    ],
)
def test_percentile_25_keeps_the_best_quarter(
    direction: str, value: float, expected: bool
) -> None:
    # Minimizing, the cut at step 0 is percentile 25 of [1, 3, 5] = 2; maximizing, it is
    # percentile 75 = 4 (the best quarter is at the top).
    study = study_with(CURVES, PercentilePruner(25.0, n_startup_trials=0), direction=direction)
    assert decisions(study, {0: value}) == [expected]


def test_percentile_0_and_100() -> None:
    lenient = study_with(CURVES, PercentilePruner(100.0, n_startup_trials=0))
    assert decisions(lenient, {0: 5.0}) == [False]
    assert decisions(lenient, {0: 5.1}) == [True]
    strict = study_with(CURVES, PercentilePruner(0.0, n_startup_trials=0))
    assert decisions(strict, {0: 1.0}) == [False]
    assert decisions(strict, {0: 1.1}) == [True]


def test_n_startup_trials() -> None:
    study = study_with(CURVES, MedianPruner(n_startup_trials=4))
    assert decisions(study, {0: 100.0}) == [False]  # 3 completed < 4
    assert decisions(study, {0: 100.0}) == [True]  # the previous one completed: 4


# Decreasing completed curves: the median at step s is 10 - s.
DECREASING = [{s: 10.0 - s + offset for s in range(12)} for offset in (-1.0, 0.0, 1.0)]


def test_n_warmup_steps_and_interval_steps() -> None:
    study = study_with(CURVES, MedianPruner(n_startup_trials=0, n_warmup_steps=1))
    assert decisions(study, {0: 100.0, 1: 100.0}) == [False, True]
    study = study_with(DECREASING, MedianPruner(n_startup_trials=0, interval_steps=2))
    # Judged at steps 0 and 2 only: 9.5 would be pruned at step 1 (median 9), and is at 2.
    assert decisions(study, {0: 10.0, 1: 9.5, 2: 9.5}, tell=False) == [False, False, True]
    assert decisions(study, {0: 10.0, 1: 9.5, 2: 7.5}, tell=False) == [False, False, False]


def test_non_contiguous_steps_are_judged_once_per_interval() -> None:
    study = study_with(DECREASING, MedianPruner(n_startup_trials=0, interval_steps=5))
    # Intervals [0, 5), [5, 10), [10, 15): 7 opens [5, 10), 8 does not, 11 opens [10, 15).
    assert decisions(study, {0: 10.0, 7: 100.0}, tell=False) == [False, True]
    # 2.5 beats the median 3 at step 7, is worse than 2 at step 8 (not judged) and than
    # -1 at step 11 (judged).
    assert decisions(study, {0: 10.0, 7: 2.5, 8: 2.5, 11: 2.5}, tell=False) == [
        False,
        False,
        False,
        True,
    ]


def test_n_min_trials() -> None:
    curves = [*CURVES, {0: 1.0, 1: 1.0, 2: 1.0, 3: 1.0}, {0: 1.0, 3: 1.0}]
    study = study_with(curves, MedianPruner(n_startup_trials=0, n_min_trials=3))
    # Only 2 completed trials reported step 3.
    assert decisions(study, {3: 100.0}, tell=False) == [False]
    # 5 reported step 0.
    assert decisions(study, {0: 100.0}, tell=False) == [True]


def test_nan_current_values_are_pruned_nan_of_others_ignored() -> None:
    study = study_with(CURVES, MedianPruner(n_startup_trials=0))
    assert decisions(study, {0: math.nan}, tell=False) == [True]
    # A NaN after a good value: the best so far is still good.
    assert decisions(study, {0: 1.0, 1: math.nan}, tell=False) == [False, False]
    others = [{0: 1.0}, {0: math.nan}, {0: math.nan}, {0: 5.0}]
    study = study_with(others, MedianPruner(n_startup_trials=0))
    # The median of [1, 5] (NaNs dropped) is 3.
    assert decisions(study, {0: 2.9}, tell=False) == [False]
    assert decisions(study, {0: 3.1}, tell=False) == [True]
    only_nan = study_with([{0: math.nan}], MedianPruner(n_startup_trials=0))
    assert decisions(only_nan, {0: 100.0}, tell=False) == [False]


def test_only_complete_trials_count() -> None:
    study = study_with(CURVES, MedianPruner(n_startup_trials=0))
    for value in (100.0, 100.0, 100.0):
        study.add_trial(create_trial(state=TrialState.PRUNED, intermediate_values={0: value}))
    assert decisions(study, {0: 3.1}) == [True]


def test_no_report_no_prune_and_no_completed_trials() -> None:
    study = tuner.create_study(pruner=MedianPruner(n_startup_trials=0))
    assert study.ask().should_prune() is False
    assert decisions(study, {0: 1.0}) == [False]


def test_median_is_the_default_pruner() -> None:
    assert isinstance(tuner.create_study().pruner, MedianPruner)


def test_pruned_trial_keeps_its_last_value_in_an_optimize_loop() -> None:
    def objective(trial: tuner.Trial) -> float:
        x = trial.suggest_float("x", 0, 1)
        for step in range(5):
            trial.report(x + 1.0 / (step + 1), step)
            if trial.should_prune():
                raise tuner.TrialPruned()
        return x + 0.2

    study = tuner.create_study(
        pruner=MedianPruner(n_startup_trials=3),
        sampler=tuner.samplers.RandomSampler(seed=3),
    )
    study.optimize(objective, n_trials=20)
    pruned = [t for t in study.trials if t.state == TrialState.PRUNED]
    assert pruned
    for t in pruned:
        assert t.value == t.intermediate_values[t.last_step]


def test_a_step_reported_twice_keeps_the_first_value_for_the_pruner() -> None:
    study = study_with(CURVES, MedianPruner(n_startup_trials=0))
    trial = study.ask()
    trial.report(1.0, 0)
    with pytest.warns(tuner.exceptions.TunerWarning, match="already reported"):
        trial.report(100.0, 0)
    assert trial.should_prune() is False
    other = study.ask()
    other.report(100.0, 0)
    with pytest.warns(tuner.exceptions.TunerWarning, match="already reported"):
        other.report(1.0, 0)
    assert other.should_prune() is True
