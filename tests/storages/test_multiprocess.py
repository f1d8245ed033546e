"""Real worker processes on one database: unique gap-free numbers, every value stored,
simultaneous start on an empty database, and a worker killed with SIGKILL mid-trial."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tuner
from tests._services import fresh_database, mysql_url, postgres_url
from tuner.storages import RDBStorage, RetryFailedTrialCallback
from tuner.trial import TrialState

N_WORKERS = 4
N_TRIALS = 200


def _objective(trial: tuner.Trial) -> float:
    x = trial.suggest_float("x", -10, 10)
    n = trial.suggest_int("n", 0, 100)
    trial.set_user_attr("pid", os.getpid())
    return x * x + n


def _worker(url: str, name: str, n_trials: int, seed: int) -> None:
    tuner.logging.set_verbosity(tuner.logging.WARNING)
    study = tuner.create_study(
        storage=url,
        study_name=name,
        load_if_exists=True,
        sampler=tuner.samplers.RandomSampler(seed=seed),
    )
    study.optimize(_objective, n_trials=n_trials)


def _run_workers(target: Any, args: list[tuple[Any, ...]]) -> None:
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=target, args=a) for a in args]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0, f"a worker failed with exit code {p.exitcode}"


@pytest.fixture(params=["sqlite", "postgres", "mysql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables: the workers race to create them."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.db'}"
    else:
        server = postgres_url() if request.param == "postgres" else mysql_url()
        with fresh_database(server) as url:
            yield url


def test_workers_share_a_study(empty_url: str) -> None:
    name = f"mp-{uuid.uuid4().hex}"
    per_worker = N_TRIALS // N_WORKERS
    _run_workers(_worker, [(empty_url, name, per_worker, seed) for seed in range(N_WORKERS)])
    trials = tuner.load_study(study_name=name, storage=empty_url).trials
    assert len(trials) == N_TRIALS
    assert [t.number for t in trials] == list(range(N_TRIALS))
    assert all(t.state == TrialState.COMPLETE for t in trials)
    for t in trials:
        assert t.value == t.params["x"] ** 2 + t.params["n"]
    assert len({t.user_attrs["pid"] for t in trials}) == N_WORKERS
    assert len(tuner.get_all_study_names(empty_url)) == 1


def test_eight_processes_on_one_sqlite_file(tmp_path: Path) -> None:
    """No "database is locked" with many writers on one file (WAL, busy timeout, retries)."""
    url = f"sqlite:///{tmp_path / 'eight.db'}"
    _run_workers(_worker, [(url, "eight", 10, seed) for seed in range(8)])
    trials = tuner.load_study(study_name="eight", storage=url).trials
    assert [t.number for t in trials] == list(range(80))
    assert all(t.state == TrialState.COMPLETE for t in trials)


def _hanging_objective(trial: tuner.Trial) -> float:
    trial.suggest_float("x", 0, 1)
    trial.set_user_attr("started", True)
    time.sleep(600)  # killed here
    return 0.0


def _doomed_worker(url: str, name: str) -> None:
    storage = RDBStorage(url, heartbeat_interval=1, grace_period=2)
    study = tuner.load_study(study_name=name, storage=storage)
    study.optimize(_hanging_objective, n_trials=1)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_killed_worker_trial_is_failed_and_retried(backend: str, tmp_path: Path) -> None:
    if backend == "sqlite":
        _killed_worker_scenario(f"sqlite:///{tmp_path / 'hb.db'}")
    else:
        with fresh_database(postgres_url()) as url:
            _killed_worker_scenario(url)


def _killed_worker_scenario(url: str) -> None:
    storage = RDBStorage(
        url,
        heartbeat_interval=1,
        grace_period=2,
        failed_trial_callback=RetryFailedTrialCallback(max_retry=2),
    )
    study = tuner.create_study(storage=storage, study_name="hb")
    proc = mp.get_context("spawn").Process(target=_doomed_worker, args=(url, "hb"))
    proc.start()
    deadline = time.monotonic() + 60
    while not any(t.user_attrs.get("started") for t in study.get_trials(deepcopy=False)):
        assert time.monotonic() < deadline, "the worker never started its trial"
        assert proc.is_alive()
        time.sleep(0.1)
    time.sleep(1.5)  # it beats meanwhile: not stale
    tuner.storages.fail_stale_trials(study)
    assert study.trials[0].state == TrialState.RUNNING
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    time.sleep(3.0)  # longer than the grace period
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    trials = study.trials
    assert [t.state for t in trials] == [TrialState.FAIL, TrialState.COMPLETE,
                                         TrialState.COMPLETE]  # fmt: skip
    retry = trials[1]
    assert retry.params == trials[0].params
    assert RetryFailedTrialCallback.retried_trial_number(retry) == 0
    assert retry.user_attrs["started"] is True  # carried over from the original
