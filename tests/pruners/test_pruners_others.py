from __future__ import annotations

import math

import pytest
import scipy.stats

import tuner
from tuner.exceptions import TunerWarning
from tuner.pruners import NopPruner, PatientPruner, ThresholdPruner, WilcoxonPruner

from ._helpers import decisions, study_with


@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_threshold_ignores_direction(direction: str) -> None:
    pruner = ThresholdPruner(lower=0.0, upper=10.0)
    study = tuner.create_study(direction=direction, pruner=pruner)
    assert decisions(study, {0: 5.0, 1: 10.0, 2: 0.0}) == [False, False, False]
    assert decisions(study, {0: 5.0, 1: 10.5}) == [False, True]
    assert decisions(study, {0: -0.1}) == [True]
    assert decisions(study, {0: 5.0, 1: math.nan}) == [False, True]


def test_threshold_one_sided_warmup_and_interval() -> None:
    study = tuner.create_study(pruner=ThresholdPruner(upper=1.0, n_warmup_steps=2))
    assert decisions(study, {0: 9.0, 1: 9.0, 2: 9.0}) == [False, False, True]
    study = tuner.create_study(pruner=ThresholdPruner(lower=1.0, interval_steps=3))
    # Judged at 0, 3, 6: the bad values at 1, 2 are not looked at.
    assert decisions(study, {0: 2.0, 1: 0.0, 2: 0.0, 3: 0.0}) == [False, False, False, True]
    # Non-contiguous: 4 is the first step of [3, 6).
    assert decisions(study, {0: 2.0, 4: 0.0}) == [False, True]


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_patient_hand_checked(sign: float) -> None:
    direction = "minimize" if sign > 0 else "maximize"
    study = tuner.create_study(direction=direction, pruner=PatientPruner(None, patience=2))
    curve = {s: sign * v for s, v in enumerate([5.0, 4.0, 4.5, 4.5, 4.2, 3.0])}
    # Step 3: best before [5] is 5, best of [4, 4.5, 4.5] is 4: better.
    # Step 4: best before [5, 4] is 4, best of [4.5, 4.5, 4.2] is 4.2: worse -> pruned.
    assert decisions(study, curve) == [False, False, False, False, True]
    # A flat curve is not stalled (Optuna's rule: only getting worse is).
    assert decisions(study, {s: sign * 1.0 for s in range(8)}) == [False] * 8


def test_patient_min_delta_and_wrapped_pruner() -> None:
    curve = {s: v for s, v in enumerate([5.0, 4.0, 4.5, 4.5, 4.2])}
    lenient = tuner.create_study(pruner=PatientPruner(None, patience=2, min_delta=0.3))
    assert decisions(lenient, curve) == [False] * 5  # 4.2 is within 4 + 0.3
    strict = tuner.create_study(pruner=PatientPruner(None, patience=2, min_delta=0.1))
    assert decisions(strict, curve) == [False] * 4 + [True]
    never = tuner.create_study(pruner=PatientPruner(NopPruner(), patience=2))
    assert decisions(never, curve) == [False] * 5
    # Stalled, then the wrapped threshold pruner decides: 4.2 is below 4.3, above 4.1.
    keeps = tuner.create_study(pruner=PatientPruner(ThresholdPruner(upper=4.3), patience=2))
    assert decisions(keeps, curve) == [False] * 5
    cuts = tuner.create_study(pruner=PatientPruner(ThresholdPruner(upper=4.1), patience=2))
    assert decisions(cuts, curve) == [False] * 4 + [True]


def test_patient_nan_values() -> None:
    study = tuner.create_study(pruner=PatientPruner(None, patience=1))
    # NaNs only after a number: no improvement -> pruned once the window is all NaN.
    assert decisions(study, {0: 1.0, 1: math.nan, 2: math.nan}) == [False, False, True]
    # NaNs only before: no baseline -> never pruned.
    assert decisions(study, {0: math.nan, 1: math.nan, 2: 1.0}) == [False, False, False]


def _wilcoxon_study(direction: str = "minimize", **kwargs: float) -> tuner.Study:
    best = {i: 10.0 + 0.1 * i for i in range(10)}
    return study_with([best], WilcoxonPruner(**kwargs), direction=direction)  # type: ignore[arg-type]


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_wilcoxon_hand_checked_p_values(sign: float) -> None:
    direction = "minimize" if sign > 0 else "maximize"
    study = _wilcoxon_study(direction)
    # Every instance worse than the best trial's (by 1 + 0.01 i, no ties): the exact
    # one-sided p-value for n positive differences is 2 ** -n: 0.25, 0.125, 0.0625 ->
    # pruned at the 4th instance.
    worse = {i: 10.0 + 0.1 * i + sign * (1.0 + 0.01 * i) for i in range(10)}
    assert decisions(study, worse, tell=False) == [False, False, False, True]
    better = {i: 10.0 + 0.1 * i - sign * (1.0 + 0.01 * i) for i in range(10)}
    assert decisions(study, better, tell=False) == [False] * 10


def test_wilcoxon_instances_in_any_order_and_threshold() -> None:
    study = _wilcoxon_study(p_threshold=0.05)
    # 2 ** -5 = 0.03125 < 0.05 but 2 ** -4 = 0.0625 is not.
    worse = {i: 11.0 + 0.11 * i for i in (9, 2, 7, 0, 4, 1)}
    trial = study.ask()
    answers = []
    for step, value in worse.items():
        trial.report(value, step)
        answers.append(trial.should_prune())
    assert answers == [False, False, False, False, True, True]


def test_wilcoxon_startup_mean_safety_and_nan() -> None:
    study = _wilcoxon_study(n_startup_steps=6)
    worse = {i: 11.0 + 0.11 * i for i in range(6)}
    assert decisions(study, worse, tell=False) == [False] * 5 + [True]
    # Worse on 9 instances but far better on one: the test alone would prune (p < 0.1),
    # but the mean is better -> not pruned.
    safe = {i: 10.1 + 0.11 * i for i in range(10)}
    safe[0] = -100.0
    diffs = [safe[i] - (10.0 + 0.1 * i) for i in range(10)]
    assert scipy.stats.wilcoxon(diffs, alternative="greater").pvalue < 0.1
    assert decisions(_wilcoxon_study(), safe, tell=False) == [False] * 10
    with pytest.warns(TunerWarning, match="NaN"):
        assert decisions(_wilcoxon_study(), {0: math.nan, 1: 100.0, 2: 100.0}, tell=False) == [
            False,
            False,
            False,
        ]


def test_wilcoxon_without_a_best_trial_or_its_values() -> None:
    study = tuner.create_study(pruner=WilcoxonPruner())
    assert decisions(study, {0: 1.0, 1: 2.0, 2: 3.0}) == [False, False, False]
    bare = tuner.create_study(pruner=WilcoxonPruner())
    bare.tell(bare.ask(), 0.0)
    with pytest.warns(TunerWarning, match="no intermediate values"):
        assert decisions(bare, {0: 1.0}, tell=False) == [False]


BAD_ARGUMENTS = [
    (lambda: tuner.pruners.PercentilePruner(-0.1), "percentile"),
    (lambda: tuner.pruners.PercentilePruner(100.1), "percentile"),
    (lambda: tuner.pruners.PercentilePruner(math.nan), "percentile"),
    (lambda: tuner.pruners.PercentilePruner("50"), "percentile"),  # type: ignore[arg-type]
    (lambda: tuner.pruners.MedianPruner(n_startup_trials=-1), "n_startup_trials"),
    (lambda: tuner.pruners.MedianPruner(n_warmup_steps=-1), "n_warmup_steps"),
    (lambda: tuner.pruners.MedianPruner(interval_steps=0), "interval_steps"),
    (lambda: tuner.pruners.MedianPruner(n_min_trials=0), "n_min_trials"),
    (lambda: tuner.pruners.MedianPruner(n_startup_trials=1.5), "n_startup_trials"),  # type: ignore[arg-type]
    (lambda: tuner.pruners.SuccessiveHalvingPruner(min_resource=0), "min_resource"),
    (lambda: tuner.pruners.SuccessiveHalvingPruner(min_resource="big"), "min_resource"),  # type: ignore[arg-type]
    (lambda: tuner.pruners.SuccessiveHalvingPruner(reduction_factor=1), "reduction_factor"),
    (
        lambda: tuner.pruners.SuccessiveHalvingPruner(min_early_stopping_rate=-1),
        "min_early_stopping_rate",
    ),
    (lambda: tuner.pruners.SuccessiveHalvingPruner(bootstrap_count=-1), "bootstrap_count"),
    (lambda: tuner.pruners.SuccessiveHalvingPruner(bootstrap_count=1), "min_resource"),
    (lambda: tuner.pruners.HyperbandPruner(min_resource=0), "min_resource"),
    (lambda: tuner.pruners.HyperbandPruner(reduction_factor=1), "reduction_factor"),
    (lambda: tuner.pruners.HyperbandPruner(max_resource="max"), "max_resource"),  # type: ignore[arg-type]
    (lambda: tuner.pruners.HyperbandPruner(min_resource=10, max_resource=9), "max_resource"),
    (lambda: tuner.pruners.HyperbandPruner(bootstrap_count=1), "max_resource"),
    (lambda: tuner.pruners.ThresholdPruner(), "lower"),
    (lambda: tuner.pruners.ThresholdPruner(lower=2.0, upper=1.0), "lower"),
    (lambda: tuner.pruners.ThresholdPruner(upper=math.nan), "upper"),
    (lambda: tuner.pruners.ThresholdPruner(upper=1.0, n_warmup_steps=-1), "n_warmup_steps"),
    (lambda: tuner.pruners.ThresholdPruner(upper=1.0, interval_steps=0), "interval_steps"),
    (lambda: tuner.pruners.PatientPruner(None, patience=-1), "patience"),
    (lambda: tuner.pruners.PatientPruner(None, patience=1, min_delta=-0.1), "min_delta"),
    (lambda: tuner.pruners.PatientPruner("median", patience=1), "wrapped_pruner"),  # type: ignore[arg-type]
    (lambda: tuner.pruners.WilcoxonPruner(p_threshold=1.5), "p_threshold"),
    (lambda: tuner.pruners.WilcoxonPruner(p_threshold=-0.1), "p_threshold"),
    (lambda: tuner.pruners.WilcoxonPruner(n_startup_steps=-1), "n_startup_steps"),
]


@pytest.mark.parametrize(("make", "name"), BAD_ARGUMENTS)
def test_bad_arguments_raise_value_error_naming_the_argument(make, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=name):
        make()


def test_multi_objective_report_is_refused() -> None:
    study = tuner.create_study(
        directions=["minimize", "maximize"], pruner=tuner.pruners.MedianPruner()
    )
    with pytest.raises(NotImplementedError):
        study.ask().report(1.0, 0)
