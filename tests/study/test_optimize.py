from __future__ import annotations

import logging
import threading
import time

import pytest

import tuner
from tuner.exceptions import TunerWarning
from tuner.trial import Trial, TrialState


def _seeded() -> tuner.Study:
    return tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))


def test_objective_error_fails_trial_and_is_raised() -> None:
    study = _seeded()

    def objective(trial: Trial) -> float:
        trial.suggest_float("x", 0, 1)
        raise ZeroDivisionError("boom")

    with pytest.raises(ZeroDivisionError, match="boom"):
        study.optimize(objective, n_trials=3)
    (trial,) = study.trials
    assert trial.state == TrialState.FAIL
    assert "ZeroDivisionError" in trial.system_attrs["fail_reason"]


def test_caught_errors_fail_trials_and_continue() -> None:
    study = _seeded()
    study.optimize(lambda t: 1 / 0, n_trials=3, catch=(ZeroDivisionError,))
    assert [t.state for t in study.trials] == [TrialState.FAIL] * 3
    study.optimize(lambda t: 1 / 0, n_trials=1, catch=ZeroDivisionError)
    with pytest.raises(TypeError, match="exception types"):
        study.optimize(lambda t: 1.0, n_trials=1, catch=("ValueError",))  # type: ignore[arg-type]


def test_pruned_trials() -> None:
    study = _seeded()

    def objective(trial: Trial) -> float:
        trial.report(3.0, 1)
        raise tuner.TrialPruned("too slow")

    study.optimize(objective, n_trials=2)
    assert all(t.state == TrialState.PRUNED and t.value == 3.0 for t in study.trials)


@pytest.mark.parametrize(
    ("returned", "reason"),
    [
        (float("nan"), "NaN"),
        ("0.5", "not a number"),
        (None, "not a number"),
        (object(), "not a number"),
        ((1.0, 2.0), "2 value"),
        (float("-inf"), "best value forever"),
    ],
)
def test_unusable_return_values_fail_the_trial_with_a_warning(
    returned: object, reason: str, tuner_log: list[logging.LogRecord]
) -> None:
    study = _seeded()
    study.optimize(lambda t: returned, n_trials=1)  # type: ignore[arg-type, return-value]
    (trial,) = study.trials
    assert trial.state == TrialState.FAIL
    assert reason in trial.system_attrs["fail_reason"]
    warnings = [r.getMessage() for r in tuner_log if r.levelno == logging.WARNING]
    assert any(reason in w and "Trial 0 failed" in w for w in warnings)


def test_infinity_in_the_worsening_direction_is_kept() -> None:
    study = _seeded()
    study.optimize(lambda t: float("inf"), n_trials=1)
    assert study.trials[0].state == TrialState.COMPLETE and study.best_value == float("inf")
    maximizing = tuner.create_study(direction="maximize")
    maximizing.optimize(lambda t: float("-inf"), n_trials=1)
    assert maximizing.trials[0].state == TrialState.COMPLETE


def test_numpy_and_sequence_returns() -> None:
    import numpy as np

    study = tuner.create_study(directions=["minimize", "minimize"])
    study.optimize(lambda t: np.array([1.0, 2.0]), n_trials=1)
    study.optimize(lambda t: [np.float32(3.0), 4], n_trials=1)
    assert [t.values for t in study.trials] == [[1.0, 2.0], [3.0, 4.0]]
    single = _seeded()
    single.optimize(lambda t: np.float64(1.5), n_trials=1)
    single.optimize(lambda t: [2.5], n_trials=1)
    assert [t.value for t in single.trials] == [1.5, 2.5]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"n_trials": -1}, ValueError),
        ({"n_trials": 1.5}, ValueError),
        ({"timeout": 0}, ValueError),
        ({"n_jobs": 0}, ValueError),
        ({"n_jobs": -2}, ValueError),
    ],
)
def test_bad_optimize_arguments(kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        _seeded().optimize(lambda t: 1.0, **kwargs)


def test_objective_must_be_callable() -> None:
    with pytest.raises(TypeError, match="callable"):
        _seeded().optimize(1.0, n_trials=1)  # type: ignore[arg-type]


def test_n_jobs_runs_exactly_n_trials_concurrently() -> None:
    study = _seeded()
    active = 0
    peak = 0
    lock = threading.Lock()

    def objective(trial: Trial) -> float:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        x = trial.suggest_float("x", 0, 1)
        time.sleep(0.005)
        with lock:
            active -= 1
        return x

    study.optimize(objective, n_trials=60, n_jobs=4)
    trials = study.trials
    assert len(trials) == 60
    assert sorted(t.number for t in trials) == list(range(60))
    assert all(t.state == TrialState.COMPLETE for t in trials)
    assert peak > 1
    study.optimize(lambda t: 1.0, n_trials=5, n_jobs=-1)
    assert len(study.trials) == 65


def test_error_in_a_worker_thread_is_raised_and_stops_the_others() -> None:
    study = _seeded()

    def objective(trial: Trial) -> float:
        if trial.number == 3:
            raise RuntimeError("worker failure")
        time.sleep(0.002)
        return 1.0

    with pytest.raises(RuntimeError, match="worker failure"):
        study.optimize(objective, n_trials=200, n_jobs=3)
    assert len(study.trials) < 200
    assert not any(t.state == TrialState.RUNNING for t in study.trials)


def test_timeout_is_honoured() -> None:
    study = _seeded()
    start = time.monotonic()
    study.optimize(lambda t: time.sleep(0.05) or 1.0, timeout=0.3)
    elapsed = time.monotonic() - start
    assert 0.3 <= elapsed < 1.0
    assert 3 <= len(study.trials) <= 8


def test_callbacks_and_stop() -> None:
    study = _seeded()
    seen = []

    def callback(s: tuner.Study, frozen: tuner.trial.FrozenTrial) -> None:
        seen.append(frozen.number)
        if frozen.number == 4:
            s.stop()

    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=100, callbacks=[callback])
    assert seen == [0, 1, 2, 3, 4]
    # The study is usable afterwards, and stop only affected that call.
    study.optimize(lambda t: 1.0, n_trials=2)
    assert len(study.trials) == 7


def test_keyboard_interrupt_fails_running_trial_and_leaves_study_usable() -> None:
    study = _seeded()

    def objective(trial: Trial) -> float:
        trial.suggest_float("x", 0, 1)
        if trial.number == 2:
            raise KeyboardInterrupt
        return 1.0

    with pytest.raises(KeyboardInterrupt):
        study.optimize(objective, n_trials=10)
    assert [t.state for t in study.trials] == [TrialState.COMPLETE] * 2 + [TrialState.FAIL]
    study.optimize(lambda t: 2.0, n_trials=1)
    assert study.trials[-1].state == TrialState.COMPLETE


def test_nested_optimize_is_refused() -> None:
    study = _seeded()

    def objective(trial: Trial) -> float:
        study.optimize(lambda t: 1.0, n_trials=1)
        return 1.0

    with pytest.raises(RuntimeError, match="cannot be nested"):
        study.optimize(objective, n_trials=1)


def test_seed_gives_identical_trials() -> None:
    def objective(trial: Trial) -> float:
        x = trial.suggest_float("x", -10, 10)
        lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
        n = trial.suggest_int("n", 1, 100, log=True)
        act = trial.suggest_categorical("act", ["relu", "tanh"])
        if act == "relu":
            trial.suggest_float("slope", 0.0, 0.3, step=0.05)
        return x * lr * n

    def run() -> list[tuple]:
        study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=123))
        study.optimize(objective, n_trials=50)
        return [(t.params, t.values) for t in study.trials]

    assert run() == run()
    other = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=124))
    other.optimize(objective, n_trials=50)
    assert [(t.params, t.values) for t in other.trials] != run()


def test_finished_trial_is_logged_in_one_line(tuner_log: list[logging.LogRecord]) -> None:
    _seeded().optimize(lambda t: t.suggest_int("n", 5, 5), n_trials=2)
    lines = [r.getMessage() for r in tuner_log if "finished with value" in r.getMessage()]
    best = "Best is trial 0 with value: 5.0."
    assert lines == [
        f"Trial 0 finished with value: 5.0 and parameters: {{'n': 5}}. {best}",
        f"Trial 1 finished with value: 5.0 and parameters: {{'n': 5}}. {best}",
    ]


def test_failed_trial_log_carries_traceback(tuner_log: list[logging.LogRecord]) -> None:
    _seeded().optimize(lambda t: 1 / 0, n_trials=1, catch=(ZeroDivisionError,))
    (record,) = [r for r in tuner_log if "failed with parameters" in r.getMessage()]
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError


def test_verbosity_and_default_handler() -> None:
    tuner.logging.set_verbosity(tuner.logging.ERROR)
    assert tuner.logging.get_verbosity() == tuner.logging.ERROR
    tuner.logging.disable_default_handler()
    tuner.logging.enable_default_handler()


def test_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    study = _seeded()
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5, show_progress_bar=True)
    err = capsys.readouterr().err
    assert "5/5" in err and "best trial" in err
    study.optimize(lambda t: time.sleep(0.01) or 1.0, timeout=0.1, show_progress_bar=True)
    assert "/0.1s" in capsys.readouterr().err


def test_gc_after_trial_runs() -> None:
    study = _seeded()
    study.optimize(lambda t: 1.0, n_trials=2, gc_after_trial=True)
    assert len(study.trials) == 2


def test_warnings_from_tell_are_not_raised_in_optimize() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", TunerWarning)
        _seeded().optimize(lambda t: float("nan"), n_trials=1)


def test_result_of_a_trial_failed_meanwhile_is_reported_not_raised(
    tuner_log: list[logging.LogRecord],
) -> None:
    study = _seeded()

    def objective(trial: Trial) -> float:
        x = trial.suggest_float("x", 0, 1)
        if trial.number == 0:
            # What another worker does when this trial's heartbeat looks stale.
            study._storage.set_trial_state_values(trial._trial_id, TrialState.FAIL)
        return x

    study.optimize(objective, n_trials=3)
    assert [t.state for t in study.trials] == [TrialState.FAIL] + [TrialState.COMPLETE] * 2
    assert any("its result is discarded" in r.getMessage() for r in tuner_log)
