"""RDB storage throughput and sampler read time: tuner beside Optuna, in one run.

Measured for each library, on fresh databases:

* ``sqlite_1``: trials/second of one worker on a sqlite file;
* ``sqlite_4`` / ``postgres_4``: trials/second of 4 worker processes sharing one study
  (timed from a common start signal to the last worker's end; start-up excluded);
* ``read_5000``: seconds for a sampler's read of all COMPLETE trials of a study with that
  many trials (``study.get_trials(deepcopy=False, states=(COMPLETE,))``), after one
  warm-up read, median of 5, through a storage opened after the study was filled.

Both use RandomSampler (what is timed is the storage) and per-trial logs off. The objective
suggests two floats and a categorical. One JSON line goes to stdout, a table to stderr.

    python benchmarks/storage.py [--trials 400] [--read-trials 5000] [--workers 4]
        [--no-postgres] [--pin-threads]
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from typing import Any

import _runner

POSTGRES_URL = os.environ.get(
    "TUNER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _lib(name: str) -> Any:
    # Worker processes start afresh (spawn) and find their library by name.
    return _runner.libraries([name])[name]


def _objective(trial: Any) -> float:
    x = trial.suggest_float("x", -5.0, 5.0)
    y = trial.suggest_float("y", 1e-3, 1.0, log=True)
    c = trial.suggest_categorical("c", ["a", "b", "c"])
    return x * x + y + (0.5 if c == "a" else 0.0)


def _study(lib_name: str, url: str, name: str, create: bool, seed: int = 0) -> Any:
    lib = _lib(lib_name)
    storage = lib.storages.RDBStorage(url)
    sampler = lib.samplers.RandomSampler(seed=seed)
    if create:
        return lib.create_study(storage=storage, study_name=name, sampler=sampler)
    return lib.load_study(storage=storage, study_name=name, sampler=sampler)


def _worker(lib_name: str, url: str, name: str, n_trials: int, seed: int, start: Any,
            ready: Any, ends: Any) -> None:  # fmt: skip
    study = _study(lib_name, url, name, create=False, seed=seed)
    study.get_trials(deepcopy=False)  # connected and ready
    ready.put(os.getpid())
    start.wait()
    study.optimize(_objective, n_trials=n_trials)
    ends.put(time.time())


def throughput(lib_name: str, url: str, n_trials: int, workers: int) -> float:
    name = f"bench-{uuid.uuid4().hex[:8]}"
    study = _study(lib_name, url, name, create=True)
    if workers == 1:
        return 1.0 / _runner.time_optimize(study, _objective, n_trials).seconds_per_trial()
    ctx = mp.get_context("spawn")
    start, ready, ends = ctx.Event(), ctx.Queue(), ctx.Queue()
    per = [n_trials // workers + (i < n_trials % workers) for i in range(workers)]
    procs = [
        ctx.Process(target=_worker, args=(lib_name, url, name, per[i], i, start, ready, ends))
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=300)
    begin = time.time()
    start.set()
    finished = [ends.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise RuntimeError(f"A {lib_name} worker failed (exit code {p.exitcode}).")
    done = len(study.get_trials(deepcopy=False))
    if done != n_trials:
        raise RuntimeError(f"{lib_name} stored {done} trials, expected {n_trials}.")
    return n_trials / (max(finished) - begin)


def read_time(lib_name: str, url: str, n_trials: int) -> float:
    lib = _lib(lib_name)
    name = f"read-{uuid.uuid4().hex[:8]}"
    with _fast_sqlite_writes():  # filling is not timed; spare the fsyncs
        _fill(lib, _study(lib_name, url, name, create=True), n_trials)
    reader = _study(lib_name, url, name, create=False)
    complete = (lib.trial.TrialState.COMPLETE,)
    assert len(reader.get_trials(deepcopy=False, states=complete)) == n_trials  # warm-up
    times = []
    for _ in range(5):
        begin = time.perf_counter()
        reader.get_trials(deepcopy=False, states=complete)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def _fill(lib: Any, study: Any, n_trials: int) -> None:
    dist = {"x": lib.distributions.FloatDistribution(-5, 5),
            "c": lib.distributions.CategoricalDistribution(["a", "b", "c"])}  # fmt: skip
    study.add_trials(
        lib.trial.create_trial(
            value=float(i),
            params={"x": (i % 100) / 10 - 5, "c": "abc"[i % 3]},
            distributions=dist,
            user_attrs={"i": i},
        )  # fmt: skip
        for i in range(n_trials)
    )


@contextlib.contextmanager
def _fast_sqlite_writes() -> Iterator[None]:
    """sqlite connections opened inside skip fsyncs (for untimed set-up only)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def no_sync(connection: Any, _record: Any) -> None:
        if type(connection).__module__.startswith("sqlite3"):
            connection.execute("PRAGMA synchronous = OFF")

    event.listen(Engine, "connect", no_sync)
    try:
        yield
    finally:
        event.remove(Engine, "connect", no_sync)


def _fresh_postgres() -> tuple[str, Any]:
    from sqlalchemy import create_engine, make_url, text

    base = make_url(POSTGRES_URL)
    db = f"tuner_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {db}"))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"))

    return base.set(database=db).render_as_string(hide_password=False), drop


def main() -> None:
    parser = _runner.parser(__doc__)
    parser.add_argument("--trials", type=int, default=400, help="trials per throughput run")
    parser.add_argument("--read-trials", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    _runner.start(args)

    tmp = tempfile.mkdtemp(prefix="tuner-bench-")
    names = list(_runner.libraries(["optuna"]))
    results: dict[str, dict[str, float]] = {name: {} for name in names}
    for lib_name in names:
        res = results[lib_name]

        def sqlite(tag: str, lib_name: str = lib_name) -> str:
            return f"sqlite:///{tmp}/{lib_name}-{tag}.db"

        res["sqlite_1"] = throughput(lib_name, sqlite("one"), args.trials, 1)
        res[f"sqlite_{args.workers}"] = throughput(
            lib_name, sqlite("many"), args.trials, args.workers
        )
        if not args.no_postgres:
            url, drop = _fresh_postgres()
            try:
                res[f"postgres_{args.workers}"] = throughput(
                    lib_name, url, args.trials, args.workers
                )
            finally:
                drop()
        res[f"read_{args.read_trials}"] = read_time(lib_name, sqlite("read"), args.read_trials)
    # Throughput: higher is better; read time: lower is better. Ratio > 1: tuner ahead.
    ours, theirs = results["tuner"], results.get("optuna", {})
    ratios = {
        key: (
            _runner.ratio(theirs.get(key), value)
            if key.startswith("read")
            else _runner.ratio(value, theirs.get(key))
        )
        for key, value in ours.items()
    }
    lines = [f"{'metric':<14}{'tuner':>12}{'optuna':>12}{'speedup':>10}"]
    for key, value in ours.items():
        unit = "s" if key.startswith("read") else "trials/s"
        other, speedup = theirs.get(key), ratios[key]
        lines.append(
            f"{key:<14}{value:>12.4g}{'-' if other is None else f'{other:.4g}':>12}"
            f"{'-' if speedup is None else f'{speedup:.1f}x':>10}  ({unit})"
        )
    _runner.table(lines)
    _runner.emit(
        {
            "benchmark": "storage",
            "trials": args.trials,
            "workers": args.workers,
            "read_trials": args.read_trials,
            **{name: {k: round(v, 5) for k, v in res.items()} for name, res in results.items()},
            "speedup": {k: None if v is None else round(v, 2) for k, v in ratios.items()},
        }
    )


if __name__ == "__main__":
    main()
