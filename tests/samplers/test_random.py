from __future__ import annotations

import math
import random
import threading
from collections import Counter

import numpy as np
import pytest

import tuner
from tuner.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from tuner.samplers._random import sample_uniformly
from tuner.search_space import IntersectionSearchSpace, intersection_search_space
from tuner.trial import TrialState


def test_log_float_is_uniform_in_log_space() -> None:
    rng = random.Random(0)
    d = FloatDistribution(1e-4, 1.0, log=True)
    logs = np.log10([sample_uniformly(rng, d) for _ in range(20000)])
    counts, _ = np.histogram(logs, bins=4, range=(-4, 0))
    assert counts.min() > 0.9 * counts.max()


def test_int_log_gives_each_integer_its_log_share() -> None:
    rng = random.Random(0)
    d = IntDistribution(1, 4, log=True)
    counts = Counter(sample_uniformly(rng, d) for _ in range(40000))
    shares = {k: v / 40000 for k, v in counts.items()}
    expected = {
        k: (math.log(k + 0.5) - math.log(k - 0.5)) / (math.log(4.5) - math.log(0.5))
        for k in range(1, 5)
    }
    for k in range(1, 5):
        assert shares[k] == pytest.approx(expected[k], abs=0.01)


def test_grids_and_categoricals_cover_every_value_evenly() -> None:
    rng = random.Random(0)
    for dist, values in [
        (FloatDistribution(0.0, 0.3, step=0.1), {0.0, 0.1, 0.2, 0.3}),
        (IntDistribution(0, 9, step=3), {0, 3, 6, 9}),
        (CategoricalDistribution(["a", "b", "c", "d"]), {"a", "b", "c", "d"}),
    ]:
        counts = Counter(sample_uniformly(rng, dist) for _ in range(8000))
        assert set(counts) == values
        assert min(counts.values()) > 1800


def test_reseed_changes_the_stream() -> None:
    sampler = tuner.samplers.RandomSampler(seed=0)
    study = tuner.create_study(sampler=sampler)
    first = study.ask().suggest_float("x", 0, 1)
    again = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    again.sampler.reseed_rng()
    assert again.ask().suggest_float("x", 0, 1) != first


def test_intersection_search_space() -> None:
    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))

    def objective(trial: tuner.Trial) -> float:
        x = trial.suggest_float("x", 0, 1)
        if trial.number % 2:
            trial.suggest_int("odd_only", 0, 3)
        trial.suggest_categorical("c", ["a", "b"])
        return x

    study.optimize(objective, n_trials=4)
    space = IntersectionSearchSpace()
    assert list(space.calculate(study)) == ["c", "x"]
    assert intersection_search_space(study.trials) == space.calculate(study)
    # A changed range removes a parameter from the intersection.
    study.optimize(
        lambda t: t.suggest_float("x", 0, 2) + len(t.suggest_categorical("c", ["a", "b"])),
        n_trials=1,
    )
    assert list(space.calculate(study)) == ["c"]
    pruned = study.ask()
    pruned.suggest_float("z", 0, 1)
    study.tell(pruned, state=TrialState.PRUNED)
    assert list(IntersectionSearchSpace(include_pruned=True).calculate(study)) == []
    with pytest.raises(ValueError, match="one study"):
        space.calculate(tuner.create_study())


def test_in_memory_storage_is_thread_safe_and_snapshots_do_not_change() -> None:
    storage = tuner.storages.InMemoryStorage()
    study = tuner.create_study(storage=storage, sampler=tuner.samplers.RandomSampler(seed=0))
    running = study.ask()
    running.suggest_float("x", 0, 1)
    snapshot = storage.get_trial(running._trial_id)
    running.set_user_attr("later", 1)
    assert "later" not in snapshot.user_attrs  # a snapshot never changes under the reader

    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(200):
                trial = study.ask()
                trial.suggest_float("y", 0, 1)
                study.tell(trial, 1.0)
                storage.get_all_trials(study._study_id, deepcopy=False)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = [t.number for t in study.trials]
    assert numbers == list(range(801))
    assert storage.get_n_trials(study._study_id, TrialState.COMPLETE) == 800
