from __future__ import annotations

import datetime
import math

import pytest

import tuner
from tuner.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from tuner.exceptions import TunerWarning, UpdateFinishedTrialError
from tuner.trial import FixedTrial, FrozenTrial, TrialState, create_trial


def _study() -> tuner.Study:
    return tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=1))


def test_suggest_returns_values_inside_their_distributions() -> None:
    trial = _study().ask()
    x = trial.suggest_float("x", -10, 10)
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    layers = trial.suggest_int("layers", 1, 4)
    units = trial.suggest_int("units", 16, 1024, log=True)
    slope = trial.suggest_float("slope", 0.0, 0.3, step=0.05)
    act = trial.suggest_categorical("act", ["relu", "tanh"])
    assert -10 <= x <= 10
    assert 1e-5 <= lr <= 1e-1
    assert layers in range(1, 5) and type(layers) is int
    assert 16 <= units <= 1024 and type(units) is int
    assert round(slope / 0.05) * 0.05 == pytest.approx(slope) and 0 <= slope <= 0.3
    assert act in ("relu", "tanh")
    assert trial.params == {
        "x": x, "lr": lr, "layers": layers, "units": units, "slope": slope, "act": act
    }  # fmt: skip
    assert trial.distributions["lr"] == FloatDistribution(1e-5, 1e-1, log=True)


def test_same_name_twice_returns_same_value() -> None:
    trial = _study().ask()
    first = trial.suggest_float("x", 0, 1)
    assert trial.suggest_float("x", 0, 1) == first
    assert trial.suggest_categorical("c", ["a", "b"]) == trial.suggest_categorical("c", ["a", "b"])


def test_same_name_with_other_distribution_raises() -> None:
    trial = _study().ask()
    trial.suggest_float("x", 0, 1)
    with pytest.raises(ValueError, match="already suggested in this trial"):
        trial.suggest_float("x", 0, 2)
    with pytest.raises(ValueError, match="already suggested in this trial"):
        trial.suggest_int("x", 0, 1)


def test_incompatible_distribution_across_trials_raises() -> None:
    study = _study()
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
    trial = study.ask()
    with pytest.raises(ValueError, match="IntDistribution for a parameter that was a Float"):
        trial.suggest_int("x", 0, 1)
    # Ranges may change from trial to trial (define-by-run).
    assert 5 <= trial.suggest_float("y", 5, 6) <= 6


def test_invalid_ranges_raise_from_suggest() -> None:
    trial = _study().ask()
    with pytest.raises(ValueError, match="`low` must be <= `high`"):
        trial.suggest_float("x", 1, 0)
    with pytest.raises(ValueError, match="cannot both be set"):
        trial.suggest_float("x", 1, 2, log=True, step=0.5)
    with pytest.raises(ValueError, match="> 0 for a log"):
        trial.suggest_float("y", 0, 1, log=True)


def test_single_valued_distribution_needs_no_sampler() -> None:
    trial = _study().ask()
    assert trial.suggest_int("n", 3, 3) == 3
    assert trial.suggest_categorical("c", ["only"]) == "only"


def test_step_values_are_clean_decimals() -> None:
    study = _study()
    for _ in range(30):
        trial = study.ask()
        value = trial.suggest_float("slope", 0.0, 0.3, step=0.05)
        assert value in {0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3}
        study.tell(trial, value)


def test_report_stores_values_and_warns_on_repeated_step() -> None:
    study = _study()
    trial = study.ask()
    trial.report(1.0, 0)
    trial.report(0.5, 3)
    with pytest.warns(TunerWarning, match="already reported"):
        trial.report(9.0, 3)
    trial.report(float("nan"), 7)
    frozen = study.tell(trial, 0.1)
    assert frozen.intermediate_values[0] == 1.0
    assert frozen.intermediate_values[3] == 0.5
    assert math.isnan(frozen.intermediate_values[7])
    assert frozen.last_step == 7


@pytest.mark.parametrize(("value", "step", "error"), [
    ("x", 0, TypeError), (1.0, -1, ValueError), (1.0, 1.5, ValueError), (1.0, "a", TypeError),
])  # fmt: skip
def test_report_rejects_bad_input(value: object, step: object, error: type) -> None:
    trial = _study().ask()
    with pytest.raises(error):
        trial.report(value, step)  # type: ignore[arg-type]


def test_report_in_multi_objective_study_is_a_clear_error() -> None:
    trial = tuner.create_study(directions=["minimize", "maximize"]).ask()
    with pytest.raises(NotImplementedError, match="multi-objective"):
        trial.report(1.0, 0)
    with pytest.raises(NotImplementedError, match="multi-objective"):
        trial.should_prune()


def test_should_prune_asks_the_pruner_with_current_values() -> None:
    seen: list[dict[int, float]] = []

    class RecordingPruner(tuner.pruners.BasePruner):
        def prune(self, study: tuner.Study, trial: FrozenTrial) -> bool:
            seen.append(dict(trial.intermediate_values))
            return trial.intermediate_values.get(1, 0.0) > 5

    study = tuner.create_study(pruner=RecordingPruner())
    trial = study.ask()
    trial.report(1.0, 0)
    assert trial.should_prune() is False
    trial.report(10.0, 1)
    assert trial.should_prune() is True
    assert seen == [{0: 1.0}, {0: 1.0, 1: 10.0}]


def test_user_attrs_and_constraints() -> None:
    study = _study()
    trial = study.ask()
    trial.set_user_attr("note", {"a": [1, 2]})
    trial.set_constraint("c1", 0.5)
    with pytest.warns(TunerWarning, match="already set"):
        trial.set_constraint("c1", -1.0)
    with pytest.raises(ValueError, match="NaN"):
        trial.set_constraint("c2", float("nan"))
    with pytest.raises(TypeError, match="must be a number"):
        trial.set_constraint("c3", "high")  # type: ignore[arg-type]
    assert trial.user_attrs == {"note": {"a": [1, 2]}}
    assert trial.constraints == {"c1": 0.5}
    frozen = study.tell(trial, 1.0)
    assert frozen.constraints == {"c1": 0.5}
    assert frozen.feasible is False


def test_number_and_datetime_start() -> None:
    study = _study()
    first, second = study.ask(), study.ask()
    assert (first.number, second.number) == (0, 1)
    assert first.datetime_start is not None
    assert first.datetime_start.tzinfo is not None
    assert first.datetime_start <= datetime.datetime.now(datetime.timezone.utc)


def test_finished_trial_cannot_be_changed() -> None:
    study = _study()
    trial = study.ask()
    study.tell(trial, 1.0)
    with pytest.raises(UpdateFinishedTrialError):
        trial.suggest_float("x", 0, 1)
    with pytest.raises(UpdateFinishedTrialError):
        trial.set_user_attr("a", 1)
    with pytest.raises(UpdateFinishedTrialError):
        trial.report(1.0, 0)


def test_fixed_trial_runs_an_objective_on_given_values() -> None:
    def objective(trial: tuner.trial.BaseTrial) -> float:
        x = trial.suggest_float("x", -10, 10)
        act = trial.suggest_categorical("act", ["relu", "tanh"])
        n = trial.suggest_int("n", 1, 4)
        trial.report(x, 0)
        assert not trial.should_prune()
        return x * n if act == "relu" else -x

    fixed = FixedTrial({"x": 2.0, "act": "relu", "n": 3}, number=7)
    assert objective(fixed) == 6.0
    assert fixed.params == {"x": 2.0, "act": "relu", "n": 3}
    assert fixed.number == 7
    with pytest.raises(ValueError, match="no value for parameter 'y'"):
        fixed.suggest_float("y", 0, 1)
    with pytest.raises(ValueError, match="not one of its choices"):
        FixedTrial({"act": "gelu"}).suggest_categorical("act", ["relu", "tanh"])
    with pytest.warns(TunerWarning, match="outside"):
        FixedTrial({"x": 20.0}).suggest_float("x", -10, 10)


def test_frozen_trial_reruns_objective() -> None:
    study = _study()
    study.optimize(lambda t: t.suggest_float("x", 0, 1) ** 2, n_trials=2)
    best = study.best_trial
    assert best.suggest_float("x", 0, 1) ** 2 == best.value


def test_create_trial_validates() -> None:
    dist = {"x": FloatDistribution(0, 1)}
    trial = create_trial(params={"x": 0.5}, distributions=dist, value=1.0, constraints={"c": 0})
    assert trial.state == TrialState.COMPLETE and trial.value == 1.0 and trial.feasible
    with pytest.raises(ValueError, match="needs objective values"):
        create_trial(params={"x": 0.5}, distributions=dist)
    with pytest.raises(ValueError, match="outside"):
        create_trial(params={"x": 5.0}, distributions=dist, value=1.0)
    with pytest.raises(ValueError, match="same names"):
        create_trial(params={"x": 0.5}, distributions={}, value=1.0)
    with pytest.raises(ValueError, match="NaN"):
        create_trial(value=float("nan"))
    with pytest.raises(ValueError, match="NaN"):
        create_trial(value=1.0, constraints={"c": float("nan")})
    with pytest.raises(ValueError, match="FAIL trial cannot have"):
        create_trial(state=TrialState.FAIL, value=1.0)
    with pytest.raises(ValueError, match="`value` or `values`"):
        create_trial(value=1.0, values=[1.0])
    waiting = create_trial(state=TrialState.WAITING)
    assert waiting.datetime_start is None and waiting.datetime_complete is None


def test_frozen_trial_value_of_multi_objective_trial_raises() -> None:
    trial = create_trial(values=[1.0, 2.0])
    with pytest.raises(RuntimeError, match="values"):
        _ = trial.value
    assert trial.values == [1.0, 2.0]


def test_frozen_trial_copy_is_independent() -> None:
    trial = create_trial(
        params={"c": "a"},
        distributions={"c": CategoricalDistribution(["a", "b"])},
        value=1.0,
        user_attrs={"nested": {"k": [1]}},
    )
    clone = trial._copy(deep=True)
    clone.user_attrs["nested"]["k"].append(2)
    clone.params["c"] = "b"
    assert trial.user_attrs == {"nested": {"k": [1]}}
    assert trial.params == {"c": "a"}
    assert clone == clone._copy()
    assert sorted([create_trial(value=2.0), trial], key=lambda t: t.value)[0] is trial


def test_enqueued_values_are_used_and_checked() -> None:
    study = _study()
    study.enqueue_trial({"x": 0.25, "act": "tanh"})
    trial = study.ask()
    assert trial.suggest_float("x", 0, 1) == 0.25
    assert trial.suggest_categorical("act", ["relu", "tanh"]) == "tanh"
    assert 0 <= trial.suggest_int("other", 0, 3) <= 3
    study.enqueue_trial({"x": 5.0})
    with pytest.warns(TunerWarning, match="outside"):
        assert study.ask().suggest_float("x", 0, 1) == 5.0
    study.enqueue_trial({"act": "gelu"})
    with pytest.raises(ValueError, match="not one of its choices"):
        study.ask().suggest_categorical("act", ["relu", "tanh"])


def test_int_distribution_of_suggest_int_with_step() -> None:
    trial = _study().ask()
    value = trial.suggest_int("n", 0, 10, step=5)
    assert value in (0, 5, 10)
    assert trial.distributions["n"] == IntDistribution(0, 10, step=5)
