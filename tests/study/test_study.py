from __future__ import annotations

import pytest

import tuner
from tuner.distributions import FloatDistribution
from tuner.exceptions import DuplicatedStudyError, StudyNotFoundError, UpdateFinishedTrialError
from tuner.study import MaxTrialsCallback, StudyDirection
from tuner.trial import TrialState, create_trial


def test_create_load_delete_and_names() -> None:
    storage = tuner.storages.InMemoryStorage()
    study = tuner.create_study(storage=storage, study_name="a", direction="maximize")
    assert study.direction == StudyDirection.MAXIMIZE
    tuner.create_study(storage=storage, study_name="b")
    assert sorted(tuner.get_all_study_names(storage)) == ["a", "b"]
    loaded = tuner.load_study(study_name="a", storage=storage)
    assert loaded._study_id == study._study_id and loaded.direction == StudyDirection.MAXIMIZE
    tuner.delete_study(study_name="a", storage=storage)
    assert tuner.get_all_study_names(storage) == ["b"]
    assert tuner.load_study(study_name=None, storage=storage).study_name == "b"


def test_missing_study_is_a_clear_error() -> None:
    storage = tuner.storages.InMemoryStorage()
    with pytest.raises(StudyNotFoundError, match="No study named 'nope'"):
        tuner.load_study(study_name="nope", storage=storage)
    with pytest.raises(StudyNotFoundError):
        tuner.delete_study(study_name="nope", storage=storage)
    with pytest.raises(ValueError, match="exactly one study"):
        tuner.load_study(study_name=None, storage=storage)


def test_duplicate_name_and_load_if_exists() -> None:
    storage = tuner.storages.InMemoryStorage()
    first = tuner.create_study(storage=storage, study_name="s", direction="maximize")
    with pytest.raises(DuplicatedStudyError, match="load_if_exists=True"):
        tuner.create_study(storage=storage, study_name="s")
    again = tuner.create_study(storage=storage, study_name="s", load_if_exists=True)
    assert again._study_id == first._study_id
    with pytest.raises(ValueError, match="exists with directions"):
        tuner.create_study(
            storage=storage, study_name="s", load_if_exists=True, direction="minimize"
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"direction": "up"}, "'minimize' or 'maximize'"),
        ({"direction": "minimize", "directions": ["minimize"]}, "not both"),
        ({"directions": []}, "non-empty"),
        ({"directions": "minimize"}, "non-empty"),
    ],
)
def test_bad_directions(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tuner.create_study(**kwargs)


def test_best_trial_value_params() -> None:
    study = tuner.create_study(direction="maximize")
    for value in (1.0, 5.0, 3.0, 5.0):
        trial = study.ask()
        trial.suggest_float("x", 0, 10)
        study.tell(trial, value)
    assert study.best_trial.number == 1  # earliest of the ties
    assert study.best_value == 5.0
    assert study.best_params == study.trials[1].params
    assert [t.number for t in study.best_trials] == [1, 3]


def test_best_trial_without_complete_trials_is_a_clear_error() -> None:
    study = tuner.create_study()
    with pytest.raises(ValueError, match="No trial has completed"):
        _ = study.best_trial
    study.tell(study.ask(), state=TrialState.FAIL)
    with pytest.raises(ValueError, match="No trial has completed"):
        _ = study.best_value


def test_infeasible_trials_never_best() -> None:
    study = tuner.create_study()
    for value, constraint in ((0.0, 1.0), (2.0, -1.0), (1.0, 0.0), (-5.0, 0.1)):
        trial = study.ask()
        trial.set_constraint("c", constraint)
        study.tell(trial, value)
    assert study.best_trial.number == 2
    assert [t.number for t in study.best_trials] == [2]


def test_only_infeasible_trials_means_no_best() -> None:
    study = tuner.create_study()
    trial = study.ask()
    trial.set_constraint("c", 1.0)
    study.tell(trial, 0.0)
    with pytest.raises(ValueError, match="constraints satisfied"):
        _ = study.best_trial


def test_multi_objective_pareto_front() -> None:
    study = tuner.create_study(directions=["minimize", "maximize"])
    points = [(1.0, 1.0), (2.0, 3.0), (1.0, 0.5), (3.0, 3.0), (0.5, 0.0), (2.0, 3.0)]
    for values in points:
        study.tell(study.ask(), values)
    infeasible = study.ask()
    infeasible.set_constraint("c", 1.0)
    study.tell(infeasible, (0.0, 10.0))
    assert sorted(t.number for t in study.best_trials) == [0, 1, 4, 5]
    with pytest.raises(RuntimeError, match="best_trials"):
        _ = study.best_trial
    with pytest.raises(RuntimeError, match="directions"):
        _ = study.direction


def test_ask_tell_by_number_and_states() -> None:
    study = tuner.create_study()
    trial = study.ask()
    trial.report(0.7, 2)
    pruned = study.tell(trial.number, state=TrialState.PRUNED)
    assert pruned.state == TrialState.PRUNED and pruned.value == 0.7
    with pytest.raises(UpdateFinishedTrialError, match="skip_if_finished"):
        study.tell(trial, 1.0)
    assert study.tell(trial, 1.0, skip_if_finished=True).state == TrialState.PRUNED
    other = study.ask()
    with pytest.raises(ValueError, match="must be None"):
        study.tell(other, 1.0, state=TrialState.FAIL)
    with pytest.raises(ValueError, match="needed"):
        study.tell(other, state=TrialState.COMPLETE)
    with pytest.raises(ValueError, match="COMPLETE, PRUNED, FAIL"):
        study.tell(other, 1.0, state=TrialState.RUNNING)
    with pytest.raises(ValueError, match="NaN"):
        study.tell(other, float("nan"), state=TrialState.COMPLETE)
    with pytest.raises(TypeError, match="trial number"):
        study.tell("0", 1.0)  # type: ignore[arg-type]
    assert study.tell(other, 2.0).state == TrialState.COMPLETE


def test_tell_with_unusable_values_fails_trial_with_reason() -> None:
    study = tuner.create_study()
    with pytest.warns(tuner.exceptions.TunerWarning, match="NaN"):
        frozen = study.tell(study.ask(), float("nan"))
    assert frozen.state == TrialState.FAIL
    assert "NaN" in frozen.system_attrs["fail_reason"]
    with pytest.warns(tuner.exceptions.TunerWarning, match="2 value"):
        assert study.tell(study.ask(), [1.0, 2.0]).state == TrialState.FAIL


def test_ask_with_fixed_distributions() -> None:
    study = tuner.create_study()
    trial = study.ask({"x": FloatDistribution(0, 1)})
    assert set(trial.params) == {"x"}


def test_enqueue_trial_order_and_skip_if_exists() -> None:
    study = tuner.create_study()
    study.enqueue_trial({"x": 0.1}, user_attrs={"source": "manual"})
    study.enqueue_trial({"x": 0.2})
    study.enqueue_trial({"x": 0.1}, skip_if_exists=True)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    xs = [t.params["x"] for t in study.trials]
    assert xs[:2] == [0.1, 0.2] and len(xs) == 3
    assert study.trials[0].user_attrs == {"source": "manual"}
    study.enqueue_trial({"x": 0.2}, skip_if_exists=True)
    assert len(study.trials) == 3
    with pytest.raises(TypeError, match="dict"):
        study.enqueue_trial([("x", 1)])  # type: ignore[arg-type]


def test_add_trials_feed_best_and_validate() -> None:
    study = tuner.create_study()
    dist = {"x": FloatDistribution(0, 1)}
    study.add_trials(
        [create_trial(params={"x": x}, distributions=dist, value=x) for x in (0.5, 0.2)]
    )
    assert study.best_params == {"x": 0.2}
    assert [t.number for t in study.trials] == [0, 1]
    with pytest.raises(ValueError, match="2 value"):
        study.add_trial(create_trial(values=[1.0, 2.0]))


def test_user_attrs_metric_names_and_summaries() -> None:
    storage = tuner.storages.InMemoryStorage()
    study = tuner.create_study(storage=storage, study_name="m", directions=["minimize"] * 2)
    study.set_user_attr("k", [1, 2])
    assert study.user_attrs == {"k": [1, 2]}
    with pytest.raises(ValueError, match="metric names"):
        study.set_metric_names(["one"])
    study.set_metric_names(["loss", "latency"])
    assert study.metric_names == ["loss", "latency"]
    study.tell(study.ask(), [1.0, 2.0])
    (summary,) = tuner.get_all_study_summaries(storage)
    assert summary.study_name == "m" and summary.n_trials == 1 and summary.best_trial is None
    assert summary.datetime_start is not None


def test_copy_study_keeps_everything() -> None:
    src, dst = tuner.storages.InMemoryStorage(), tuner.storages.InMemoryStorage()
    study = tuner.create_study(storage=src, study_name="s", direction="maximize")
    study.set_user_attr("u", 1)
    study.optimize(lambda t: t.suggest_int("n", 0, 9), n_trials=5)
    study.tell(study.ask(), state=TrialState.FAIL)
    tuner.copy_study(from_study_name="s", from_storage=src, to_storage=dst, to_study_name="t")
    copied = tuner.load_study(study_name="t", storage=dst)
    assert copied.direction == StudyDirection.MAXIMIZE
    assert copied.user_attrs == {"u": 1}
    original, new = study.trials, copied.trials
    assert [(t.number, t.state, t.values, t.params) for t in original] == [
        (t.number, t.state, t.values, t.params) for t in new
    ]
    assert copied.best_value == study.best_value


def test_trials_dataframe() -> None:
    pytest.importorskip("pandas")
    study = tuner.create_study(directions=["minimize", "maximize"])
    study.set_metric_names(["loss", "acc"])
    study.optimize(lambda t: (t.suggest_float("x", 0, 1), 1.0), n_trials=3)
    frame = study.trials_dataframe(attrs=("number", "values", "params", "state"))
    assert list(frame.columns) == ["number", "values_loss", "values_acc", "params_x", "state"]
    assert list(frame["state"]) == ["COMPLETE"] * 3
    multi = study.trials_dataframe(attrs=("number", "params"), multi_index=True)
    assert ("params", "x") in multi.columns
    with pytest.raises(ValueError, match="Unknown attrs"):
        study.trials_dataframe(attrs=("nope",))


def test_max_trials_callback_counts_the_storage() -> None:
    study = tuner.create_study()
    study.optimize(lambda t: 1.0, n_trials=2)
    study.optimize(lambda t: 1.0, callbacks=[MaxTrialsCallback(5)])
    assert len(study.trials) == 5


def test_stop_outside_optimize_raises() -> None:
    with pytest.raises(RuntimeError, match="only be called while"):
        tuner.create_study().stop()


def test_get_trials_filters_states_in_number_order() -> None:
    study = tuner.create_study()
    for state in (TrialState.COMPLETE, TrialState.FAIL, TrialState.PRUNED, TrialState.COMPLETE):
        trial = study.ask()
        study.tell(trial, 1.0 if state == TrialState.COMPLETE else None, state=state)
    study.ask()
    numbers = [
        t.number
        for t in study.get_trials(
            states=(TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING)
        )
    ]
    assert numbers == [0, 2, 3, 4]
    assert [t.number for t in study.get_trials(deepcopy=False, states=[TrialState.FAIL])] == [1]


def test_storage_accepts_objects_with_the_storage_methods_only() -> None:
    with pytest.raises(TypeError, match="lacks"):
        tuner.create_study(storage=object())  # type: ignore[arg-type]


def test_tell_refuses_a_trial_of_another_study() -> None:
    storage = tuner.storages.InMemoryStorage()
    first = tuner.create_study(storage=storage, study_name="one")
    second = tuner.create_study(storage=storage, study_name="two")
    with pytest.raises(ValueError, match="belongs to study 'one'"):
        second.tell(first.ask(), 1.0)
    # Another Study object of the same study may finish it.
    trial = first.ask()
    assert tuner.load_study(study_name="one", storage=storage).tell(trial, 1.0).value == 1.0
