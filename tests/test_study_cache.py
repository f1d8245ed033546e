"""Per-study caches of samplers and pruners: never confused between studies, and bounded,
in a process that opens and drops many storages."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

import pytest

import tuner
from tuner._study_cache import DEFAULT_MAXSIZE, PerStudyCache
from tuner.samplers._tpe._table import TrialTable


def _objective_for(k: int) -> Any:
    # Each study has its own parameter name and range, so a cache entry of another study
    # would show up as a foreign or missing parameter.
    def objective(trial: tuner.trial.Trial) -> float:
        x = trial.suggest_float(f"x{k}", k, k + 1)
        for step in range(4):
            trial.report(x - k + step, step)
            if trial.should_prune():
                raise tuner.TrialPruned()
        return x - k

    return objective


def _live(kind: type) -> int:
    gc.collect()
    return sum(isinstance(o, kind) for o in gc.get_objects())


def test_many_storages_in_one_process_never_share_and_never_pile_up(
    tuner_log: list[Any],
) -> None:
    # One sampler and one pruner of each kind serve every study, as in a long-lived service.
    tpe = tuner.samplers.TPESampler(seed=0, n_startup_trials=2)
    gp = tuner.samplers.GPSampler(seed=0, n_startup_trials=2)
    halving = tuner.pruners.SuccessiveHalvingPruner()  # min_resource "auto": a cached value
    hyperband = tuner.pruners.HyperbandPruner()  # max_resource "auto": a cached value
    storage_refs = []
    storage_ids = set()
    baseline = _live(TrialTable)
    for k in range(40):
        storage = tuner.storages.InMemoryStorage()
        storage_ids.add(id(storage))
        storage_refs.append(weakref.ref(storage))
        sampler, pruner = (tpe, halving) if k % 2 else (gp, hyperband)
        study = tuner.create_study(storage=storage, sampler=sampler, pruner=pruner)
        study.optimize(_objective_for(k), n_trials=5)
        for t in study.trials:
            assert list(t.params) == [f"x{k}"] and k <= t.params[f"x{k}"] <= k + 1
        # Each pruner resolved "auto" from this study's own trials and stored it there (a
        # value cached for another study would have been used instead, and not stored).
        key, expected = (
            ("tuner:successive_halving:min_resource", 1)
            if pruner is halving
            else ("tuner:hyperband:max_resource", 4)
        )
        assert study.system_attrs[key] == expected
        del study, storage
    # Freed storages' addresses were handed out again, which is what used to alias caches.
    assert len(storage_ids) < 40
    # Nothing that samplers or pruners keep holds a dropped storage alive ...
    gc.collect()
    assert all(ref() is None for ref in storage_refs)
    # ... nor the tables derived from its trials.
    assert _live(TrialTable) <= baseline
    # No parameter was ever sampled outside the joint space (a foreign cached space would).
    assert not [r for r in tuner_log if "sampled independently" in r.getMessage()]


def test_live_studies_are_bounded_least_recently_used_first() -> None:
    tpe = tuner.samplers.TPESampler(seed=0, n_startup_trials=1)
    baseline = _live(TrialTable)
    studies = []
    for k in range(3 * DEFAULT_MAXSIZE):
        study = tuner.create_study(sampler=tpe)
        study.optimize(_objective_for(k), n_trials=3)
        studies.append(study)  # all stay alive
    assert _live(TrialTable) - baseline <= DEFAULT_MAXSIZE
    # An evicted study is rebuilt from its storage and goes on correctly.
    studies[0].optimize(_objective_for(0), n_trials=3)
    assert all(list(t.params) == ["x0"] for t in studies[0].trials)


def test_cache_keys_by_identity_not_by_reused_id() -> None:
    cache: PerStudyCache[list[str]] = PerStudyCache(maxsize=2)

    class Key:
        pass

    first = Key()
    cache.get(first, list).append("first")
    first_id = id(first)
    del first
    assert len(cache) == 0  # evicted when its key died
    # Whatever now sits at the old address, it never sees the old value.
    for _ in range(1000):
        other = Key()
        if id(other) == first_id:
            break
    assert cache.get(other, list) == []
    a, b, c = Key(), Key(), Key()
    for key in (a, b, c):
        cache.get(key, list).append("x")
    assert len(cache) == 2 and cache.peek(a) is None and cache.peek(c) == ["x"]
    assert cache.pop(c) == ["x"] and cache.pop(c) is None
    with pytest.raises(ValueError, match="maxsize"):
        PerStudyCache(maxsize=0)


def test_keys_that_cannot_be_weakly_referenced_are_held() -> None:
    cache: PerStudyCache[str] = PerStudyCache(maxsize=2)
    key = (1, 2)  # tuples cannot be weakly referenced
    assert cache.get(key, lambda: "v") == "v"
    assert cache.peek(key) == "v"


def test_concurrent_use_from_threads() -> None:
    cache: PerStudyCache[list[int]] = PerStudyCache(maxsize=4)
    keys = [type("K", (), {})() for _ in range(8)]
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            for i in range(2000):
                key = keys[(seed + i) % len(keys)]
                value = cache.get(key, list)
                value.append(i)
                assert len(cache) <= 4
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
