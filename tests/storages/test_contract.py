"""The BaseStorage contract, run against every storage (in-memory, sqlite, PostgreSQL,
MariaDB). Server databases are shared within a session, so tests only look at the studies
they create."""

from __future__ import annotations

import math
import random
import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest

import tuner
from tests.storages.conftest import StorageFactory
from tuner.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from tuner.exceptions import (
    DuplicatedStudyError,
    StudyNotFoundError,
    TrialNotFoundError,
    UpdateFinishedTrialError,
)
from tuner.storages import BaseStorage
from tuner.study import StudyDirection
from tuner.trial import FrozenTrial, TrialState, create_trial

MIN, MAX = StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE
MISSING = 10**9


def _name() -> str:
    return f"study-{uuid.uuid4().hex}"


def _aware_utc(value: datetime | None) -> bool:
    return value is not None and value.utcoffset() == timedelta(0)


# -- studies ----------------------------------------------------------------------------------


def test_create_and_look_up_study(storage: BaseStorage) -> None:
    name = _name()
    study_id = storage.create_new_study([MIN, MAX], name)
    assert storage.get_study_id_from_name(name) == study_id
    assert storage.get_study_name_from_id(study_id) == name
    assert storage.get_study_directions(study_id) == [MIN, MAX]
    with pytest.raises(DuplicatedStudyError):
        storage.create_new_study([MIN], name)
    generated = {storage.get_study_name_from_id(storage.create_new_study([MIN])) for _ in range(3)}
    assert len(generated) == 3


def test_study_names_are_case_sensitive_and_unicode(storage: BaseStorage) -> None:
    base = _name()
    a = storage.create_new_study([MIN], base + "-Ab-ü")
    b = storage.create_new_study([MIN], base + "-aB-ü")
    assert a != b
    assert storage.get_study_name_from_id(b) == base + "-aB-ü"


def test_missing_study_raises(storage: BaseStorage) -> None:
    with pytest.raises(StudyNotFoundError):
        storage.get_study_id_from_name(_name())
    for call in (
        storage.get_study_name_from_id,
        storage.get_study_directions,
        storage.get_study_user_attrs,
        storage.get_study_system_attrs,
        storage.delete_study,
        storage.create_new_trial,
        storage.get_all_trials,
    ):
        with pytest.raises(StudyNotFoundError):
            call(MISSING)
    with pytest.raises(StudyNotFoundError):
        storage.set_study_user_attr(MISSING, "k", 1)
    with pytest.raises(StudyNotFoundError):
        storage.set_study_system_attr(MISSING, "k", 1)


def test_study_attrs(storage: BaseStorage) -> None:
    study_id = storage.create_new_study([MIN], _name())
    assert storage.get_study_user_attrs(study_id) == {}
    long_value = "x" * 100_000
    storage.set_study_user_attr(study_id, "a", {"nested": [1, 2.5, None, "s"]})
    storage.set_study_user_attr(study_id, "a", [1, 2])  # last write wins
    storage.set_study_user_attr(study_id, "long", long_value)
    storage.set_study_system_attr(study_id, "a", "system")
    assert storage.get_study_user_attrs(study_id) == {"a": [1, 2], "long": long_value}
    assert storage.get_study_system_attrs(study_id) == {"a": "system"}


def test_concurrent_study_attr_writes_lose_nothing(storage_factory: StorageFactory) -> None:
    first = storage_factory()
    study_id = first.create_new_study([MIN], _name())

    def write(worker: int) -> None:
        storage = storage_factory()
        for i in range(5):
            storage.set_study_user_attr(study_id, f"w{worker}-{i}", i)
            storage.set_study_system_attr(study_id, "shared", worker)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    attrs = first.get_study_user_attrs(study_id)
    assert attrs == {f"w{w}-{i}": i for w in range(4) for i in range(5)}
    assert first.get_study_system_attrs(study_id)["shared"] in range(4)


def test_get_all_studies(storage: BaseStorage) -> None:
    name = _name()
    study_id = storage.create_new_study([MAX], name)
    storage.set_study_user_attr(study_id, "u", 1)
    storage.set_study_system_attr(study_id, "s", 2)
    other_id = storage.create_new_study([MIN, MIN], _name())
    found = {s._study_id: s for s in storage.get_all_studies()}
    assert found[study_id].study_name == name
    assert found[study_id].directions == [MAX]
    assert found[study_id].user_attrs == {"u": 1}
    assert found[study_id].system_attrs == {"s": 2}
    assert found[other_id].directions == [MIN, MIN]


def test_delete_study(storage_factory: StorageFactory) -> None:
    storage = storage_factory()
    name = _name()
    study_id = storage.create_new_study([MIN], name)
    storage.set_study_user_attr(study_id, "k", 1)
    trial_id = storage.create_new_trial(study_id)
    storage.set_trial_param(trial_id, "x", 0.5, FloatDistribution(0, 1))
    storage.set_trial_user_attr(trial_id, "k", 1)
    storage.set_trial_intermediate_value(trial_id, 0, 1.0)
    storage.set_trial_state_values(trial_id, TrialState.COMPLETE, [1.0])
    assert len(storage.get_all_trials(study_id)) == 1  # now cached
    other_worker = storage_factory()
    assert len(other_worker.get_all_trials(study_id)) == 1  # cached there too
    fresh = storage.create_new_trial(study_id)  # created, never read back
    storage.delete_study(study_id)
    with pytest.raises(StudyNotFoundError):
        other_worker.get_all_trials(study_id)
    with pytest.raises(TrialNotFoundError):
        storage.get_trial(fresh)
    with pytest.raises(StudyNotFoundError):
        storage.get_study_id_from_name(name)
    with pytest.raises(StudyNotFoundError):
        storage.get_all_trials(study_id)
    with pytest.raises(TrialNotFoundError):
        storage_factory().get_trial(trial_id)
    new_id = storage.create_new_study([MAX], name)  # the name is free again
    assert storage.get_all_trials(new_id) == []
    # A parameter of the deleted study does not constrain a new one.
    new_trial = storage.create_new_trial(new_id)
    storage.set_trial_param(new_trial, "x", 1, IntDistribution(0, 3))


# -- trials: writes ---------------------------------------------------------------------------


def test_new_trials_are_numbered_and_running(storage: BaseStorage) -> None:
    study_id = storage.create_new_study([MIN], _name())
    other_id = storage.create_new_study([MIN], _name())
    ids = [storage.create_new_trial(study_id) for _ in range(3)]
    other = storage.create_new_trial(other_id)
    assert [storage.get_trial(i).number for i in ids] == [0, 1, 2]
    assert storage.get_trial(other).number == 0
    trial = storage.get_trial(ids[0])
    assert trial.state == TrialState.RUNNING
    assert _aware_utc(trial.datetime_start)
    assert trial.datetime_complete is None
    assert abs(trial.datetime_start - datetime.now(timezone.utc)) < timedelta(minutes=1)  # type: ignore[operator]
    assert (trial.params, trial.user_attrs, trial.system_attrs, trial.values) == ({}, {}, {}, None)


def _template() -> FrozenTrial:
    start = datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc)
    trial = create_trial(
        values=[1.0 / 3.0, math.inf],
        params={"x": 0.1 + 0.2, "n": 7, "c": "b", "none": None},
        distributions={
            "x": FloatDistribution(0, 1),
            "n": IntDistribution(1, 64, log=True),
            "c": CategoricalDistribution(["a", "b", 3]),
            "none": CategoricalDistribution([None, 1.5]),
        },
        user_attrs={"u": {"deep": [1, "x" * 5000]}},
        system_attrs={"s": 1},
        intermediate_values={0: math.nan, 3: -math.inf, 7: 5e-324},
    )
    trial.datetime_start = start
    trial.datetime_complete = start + timedelta(seconds=1.5)
    return trial


def test_create_trial_from_template(storage_factory: StorageFactory) -> None:
    storage = storage_factory()
    study_id = storage.create_new_study([MIN, MAX], _name())
    storage.create_new_trial(study_id)
    template = _template()
    trial_id = storage.create_new_trial(study_id, template_trial=template)
    for reader in (storage, storage_factory()):
        got = reader.get_trial(trial_id)
        assert got.number == 1
        assert got._trial_id == trial_id
        assert got.state == TrialState.COMPLETE
        assert got.values == [1.0 / 3.0, math.inf]
        assert got.params == template.params
        assert got.distributions == template.distributions
        assert got.user_attrs == template.user_attrs
        assert got.system_attrs == template.system_attrs
        assert math.isnan(got.intermediate_values[0])
        assert got.intermediate_values[3] == -math.inf
        assert got.intermediate_values[7] == 5e-324
        assert got.datetime_start == template.datetime_start
        assert got.datetime_complete == template.datetime_complete


def test_waiting_trial_goes_to_exactly_one_worker(storage_factory: StorageFactory) -> None:
    storage = storage_factory()
    study_id = storage.create_new_study([MIN], _name())
    waiting = create_trial(state=TrialState.WAITING, system_attrs={"fixed_params": {"x": 1}})
    trial_id = storage.create_new_trial(study_id, template_trial=waiting)
    assert storage.get_trial(trial_id).datetime_start is None
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def claim() -> None:
        handle = storage_factory()
        barrier.wait()
        results.append(handle.set_trial_state_values(trial_id, TrialState.RUNNING))

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    trial = storage.get_trial(trial_id)
    assert trial.state == TrialState.RUNNING
    assert _aware_utc(trial.datetime_start)


@pytest.mark.parametrize(
    "value",
    [
        0.1 + 0.2,
        1 / 3,
        1e-300,
        5e-324,
        -1.7976931348623157e308,
        123456789.123456789,
        -0.0,
        math.inf,
    ],
)
def test_values_round_trip_exactly(storage_factory: StorageFactory, value: float) -> None:
    storage = storage_factory()
    study_id = storage.create_new_study([MIN], _name())
    trial_id = storage.create_new_trial(study_id)
    storage.set_trial_param(trial_id, "x", value if math.isfinite(value) else 0.0,
                            FloatDistribution(-math.floor(2**1023), 2**1023))  # fmt: skip
    storage.set_trial_intermediate_value(trial_id, 1, value)
    storage.set_trial_state_values(trial_id, TrialState.COMPLETE, [value])
    got = storage_factory().get_trial(trial_id)
    assert got.values == [value]
    assert got.intermediate_values == {1: value}
    if math.isfinite(value):
        assert got.params["x"] == value


def test_random_floats_round_trip(storage_factory: StorageFactory) -> None:
    storage = storage_factory()
    study_id = storage.create_new_study([MIN], _name())
    rng = random.Random(0)
    values = [rng.uniform(-1, 1) * 10 ** rng.randint(-300, 300) for _ in range(50)]
    trial_id = storage.create_new_trial(study_id)
    for step, value in enumerate(values):
        storage.set_trial_intermediate_value(trial_id, step, value)
    storage.set_trial_state_values(trial_id, TrialState.PRUNED)
    got = storage_factory().get_trial(trial_id)
    assert [got.intermediate_values[i] for i in range(50)] == values


def test_set_trial_param(storage: BaseStorage) -> None:
    study_id = storage.create_new_study([MIN], _name())
    first = storage.create_new_trial(study_id)
    second = storage.create_new_trial(study_id)
    cat = CategoricalDistribution(["a", "b", None])
    storage.set_trial_param(first, "x", 0.25, FloatDistribution(0, 1))
    storage.set_trial_param(first, "c", 2.0, cat)
    storage.set_trial_param(first, "n", 3.0, IntDistribution(0, 5))
    trial = storage.get_trial(first)
    assert trial.params == {"x": 0.25, "c": None, "n": 3}
    assert isinstance(trial.params["n"], int)
    assert storage.get_trial_param(first, "c") == 2.0
    assert storage.get_trial_params(first) == {"x": 0.25, "c": None, "n": 3}
    # Ranges may change between trials; kinds and choices may not.
    storage.set_trial_param(second, "x", 2.0, FloatDistribution(0, 10))
    with pytest.raises(ValueError):
        storage.set_trial_param(second, "x", 2.0, IntDistribution(0, 10))
    with pytest.raises(ValueError):
        storage.set_trial_param(second, "c", 0.0, CategoricalDistribution(["a", "z"]))
    with pytest.raises(ValueError):
        storage.set_trial_param(second, "n", 1.0, IntDistribution(1, 5, log=True))


def test_state_transitions(storage: BaseStorage) -> None:
    study_id = storage.create_new_study([MIN], _name())
    trial_id = storage.create_new_trial(study_id)
    assert storage.set_trial_state_values(trial_id, TrialState.RUNNING) is False
    assert storage.set_trial_state_values(trial_id, TrialState.COMPLETE, [2.5]) is True
    trial = storage.get_trial(trial_id)
    assert trial.state == TrialState.COMPLETE
    assert trial.values == [2.5]
    assert _aware_utc(trial.datetime_complete)
    assert trial.datetime_complete >= trial.datetime_start  # type: ignore[operator]
    for state in (TrialState.RUNNING, TrialState.FAIL, TrialState.COMPLETE):
        with pytest.raises(UpdateFinishedTrialError):
            storage.set_trial_state_values(trial_id, state, [1.0])
    failed = storage.create_new_trial(study_id)
    storage.set_trial_state_values(failed, TrialState.FAIL)
    assert storage.get_trial(failed).values is None


def test_finished_trials_cannot_change(storage: BaseStorage) -> None:
    study_id = storage.create_new_study([MIN], _name())
    trial_id = storage.create_new_trial(study_id)
    storage.set_trial_state_values(trial_id, TrialState.PRUNED)
    with pytest.raises(UpdateFinishedTrialError):
        storage.set_trial_param(trial_id, "x", 0.5, FloatDistribution(0, 1))
    with pytest.raises(UpdateFinishedTrialError):
        storage.set_trial_intermediate_value(trial_id, 0, 1.0)
    with pytest.raises(UpdateFinishedTrialError):
        storage.set_trial_user_attr(trial_id, "k", 1)
    with pytest.raises(UpdateFinishedTrialError):
        storage.set_trial_system_attr(trial_id, "k", 1)
    assert storage.get_trial(trial_id).user_attrs == {}


def test_missing_trial_raises(storage: BaseStorage) -> None:
    for call in (
        lambda: storage.get_trial(MISSING),
        lambda: storage.set_trial_param(MISSING, "x", 0.5, FloatDistribution(0, 1)),
        lambda: storage.set_trial_state_values(MISSING, TrialState.COMPLETE, [1.0]),
        lambda: storage.set_trial_state_values(MISSING, TrialState.RUNNING),
        lambda: storage.set_trial_intermediate_value(MISSING, 0, 1.0),
        lambda: storage.set_trial_user_attr(MISSING, "k", 1),
        lambda: storage.set_trial_system_attr(MISSING, "k", 1),
        lambda: storage.get_trial_user_attrs(MISSING),
        lambda: storage.get_trial_system_attrs(MISSING),
        lambda: storage.get_trial_number_from_id(MISSING),
    ):
        with pytest.raises(TrialNotFoundError):
            call()
    study_id = storage.create_new_study([MIN], _name())
    with pytest.raises(TrialNotFoundError):
        storage.get_trial_id_from_study_id_trial_number(study_id, 0)


def test_intermediate_values_and_attrs(storage_factory: StorageFactory) -> None:
    storage = storage_factory()
    study_id = storage.create_new_study([MIN], _name())
    trial_id = storage.create_new_trial(study_id)
    storage.set_trial_intermediate_value(trial_id, 0, 1.0)
    storage.set_trial_intermediate_value(trial_id, 0, 0.5)  # overwrites
    storage.set_trial_intermediate_value(trial_id, 5, math.nan)
    storage.set_trial_user_attr(trial_id, "u", {"a": [1, 2]})
    storage.set_trial_user_attr(trial_id, "u", "second")
    storage.set_trial_user_attr(trial_id, "long", "y" * 70_000)
    storage.set_trial_system_attr(trial_id, "u", 3)
    for reader in (storage, storage_factory()):
        trial = reader.get_trial(trial_id)
        assert trial.intermediate_values[0] == 0.5
        assert math.isnan(trial.intermediate_values[5])
        assert trial.user_attrs == {"u": "second", "long": "y" * 70_000}
        assert trial.system_attrs == {"u": 3}
        assert reader.get_trial_user_attrs(trial_id) == trial.user_attrs
        assert reader.get_trial_system_attrs(trial_id) == {"u": 3}


# -- trials: reads ----------------------------------------------------------------------------


def test_get_all_trials(storage_factory: StorageFactory) -> None:
    storage = storage_factory()
    study_id = storage.create_new_study([MIN], _name())
    other_id = storage.create_new_study([MIN], _name())
    storage.create_new_trial(other_id)
    states = [TrialState.COMPLETE, TrialState.RUNNING, TrialState.FAIL, TrialState.COMPLETE,
              TrialState.PRUNED, TrialState.WAITING]  # fmt: skip
    ids = []
    for i, state in enumerate(states):
        if state == TrialState.WAITING:
            ids.append(storage.create_new_trial(study_id, create_trial(state=state)))
            continue
        trial_id = storage.create_new_trial(study_id)
        storage.set_trial_user_attr(trial_id, "i", i)
        if state != TrialState.RUNNING:
            storage.set_trial_state_values(
                trial_id, state, [float(i)] if state == TrialState.COMPLETE else None
            )
        ids.append(trial_id)
    trials = storage.get_all_trials(study_id)
    assert [t.number for t in trials] == list(range(6))
    assert [t._trial_id for t in trials] == ids
    assert [t.state for t in trials] == states
    complete = storage.get_all_trials(study_id, deepcopy=False, states=(TrialState.COMPLETE,))
    assert [t.number for t in complete] == [0, 3]
    assert [t.value for t in complete] == [0.0, 3.0]
    assert storage.get_n_trials(study_id) == 6
    assert storage.get_n_trials(study_id, TrialState.COMPLETE) == 2
    assert storage.get_n_trials(study_id, (TrialState.RUNNING, TrialState.WAITING)) == 2
    # A deep copy is the caller's to change.
    trials[0].user_attrs["i"] = "changed"
    trials[0].params["new"] = 1
    assert storage.get_all_trials(study_id)[0].user_attrs == {"i": 0}
    assert storage.get_trial_id_from_study_id_trial_number(study_id, 3) == ids[3]
    assert storage.get_trial_number_from_id(ids[4]) == 4


def test_other_workers_changes_are_seen(storage_factory: StorageFactory) -> None:
    """The finished-trial cache never hides what another worker did."""
    reader, writer = storage_factory(), storage_factory()
    study_id = writer.create_new_study([MIN], _name())
    assert reader.get_all_trials(study_id) == []
    running = writer.create_new_trial(study_id)
    assert [t.state for t in reader.get_all_trials(study_id)] == [TrialState.RUNNING]
    writer.set_trial_param(running, "x", 0.5, FloatDistribution(0, 1))
    writer.set_trial_intermediate_value(running, 1, 2.0)
    seen = reader.get_all_trials(study_id)[0]
    assert seen.params == {"x": 0.5} and seen.intermediate_values == {1: 2.0}
    writer.set_trial_state_values(running, TrialState.COMPLETE, [1.0])
    for _ in range(2):  # the second read comes from the cache
        [done] = reader.get_all_trials(study_id, deepcopy=False)
        assert (done.state, done.values) == (TrialState.COMPLETE, [1.0])
    more = [writer.create_new_trial(study_id) for _ in range(3)]
    writer.set_trial_state_values(more[1], TrialState.FAIL)
    assert [t.state for t in reader.get_all_trials(study_id)] == [
        TrialState.COMPLETE, TrialState.RUNNING, TrialState.FAIL, TrialState.RUNNING
    ]  # fmt: skip


def test_get_best_trial(storage: BaseStorage) -> None:
    study_id = storage.create_new_study([MAX], _name())
    with pytest.raises(ValueError):
        storage.get_best_trial(study_id)
    for value, attrs in ((1.0, {}), (3.0, {}), (3.0, {}), (9.0, {"constraints:c": 1.0})):
        storage.create_new_trial(study_id, create_trial(value=value, system_attrs=attrs))
    best = storage.get_best_trial(study_id)
    assert (best.number, best.value) == (1, 3.0)
    multi = storage.create_new_study([MIN, MIN], _name())
    with pytest.raises(RuntimeError):
        storage.get_best_trial(multi)


def test_threads_get_unique_numbers(storage_factory: StorageFactory) -> None:
    storage = storage_factory()
    study = tuner.create_study(storage=storage, study_name=_name())
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=24, n_jobs=4)
    assert sorted(t.number for t in study.trials) == list(range(24))
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


# -- the study API over each storage ----------------------------------------------------------


def test_study_api(storage_factory: StorageFactory) -> None:
    storage = storage_factory()
    name = _name()
    sampler = tuner.samplers.RandomSampler(seed=1)
    study = tuner.create_study(storage=storage, study_name=name, sampler=sampler)
    study.enqueue_trial({"x": 0.5})
    study.optimize(lambda t: (t.suggest_float("x", 0, 1) - 0.5) ** 2, n_trials=5)
    assert study.best_params == {"x": 0.5}
    again = tuner.create_study(storage=storage_factory(), study_name=name, load_if_exists=True)
    assert [t.params for t in again.trials] == [t.params for t in study.trials]
    loaded = tuner.load_study(study_name=name, storage=storage_factory())
    assert loaded.best_value == 0.0
    summaries = {s.study_name: s for s in tuner.get_all_study_summaries(storage)}
    assert summaries[name].n_trials == 5
    assert summaries[name].best_trial.value == 0.0  # type: ignore[union-attr]
    assert _aware_utc(summaries[name].datetime_start)
    target = tuner.storages.InMemoryStorage()
    tuner.copy_study(from_study_name=name, from_storage=storage, to_storage=target)
    copied = tuner.load_study(study_name=name, storage=target).trials
    assert [(t.params, t.values, t.datetime_start) for t in copied] == [
        (t.params, t.values, t.datetime_start) for t in study.trials
    ]
    tuner.delete_study(study_name=name, storage=storage)
    assert name not in tuner.get_all_study_names(storage)


def test_trials_finishing_out_of_order(storage_factory: StorageFactory) -> None:
    reader, writer = storage_factory(), storage_factory()
    study_id = writer.create_new_study([MIN], _name())
    ids = [writer.create_new_trial(study_id) for _ in range(4)]
    complete = (TrialState.COMPLETE,)
    assert reader.get_all_trials(study_id, states=complete) == []
    for index, value in ((3, 5.0), (0, 7.0), (2, 5.0)):
        writer.set_trial_state_values(ids[index], TrialState.COMPLETE, [value])
        reader.get_best_trial(study_id)  # read between the finishes
    writer.set_trial_state_values(ids[1], TrialState.PRUNED)
    got = reader.get_all_trials(study_id, deepcopy=False, states=complete)
    assert [t.number for t in got] == [0, 2, 3]
    mixed = reader.get_all_trials(study_id, states=(TrialState.PRUNED, TrialState.COMPLETE))
    assert [t.number for t in mixed] == [0, 1, 2, 3]
    best = reader.get_best_trial(study_id)
    assert (best.number, best.value) == (2, 5.0)  # ties go to the earlier trial
    writer.set_trial_state_values(writer.create_new_trial(study_id), TrialState.COMPLETE, [1.0])
    assert reader.get_best_trial(study_id).number == 4
