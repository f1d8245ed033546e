"""GP sampler benchmarks: sample efficiency and cost, tuner beside Optuna, in one run.

Quality: median regret (best value minus the known optimum) after 30, 50 and 100 trials
over several seeds, on the functions of ``benchmarks/_functions.py``, for tuner's
GPSampler, Optuna's GPSampler (needs torch) and tuner's RandomSampler (``--samplers ... tuner-tpe``
adds tuner's TPESampler where it exists).

Cost: seconds per trial around trial 100 and 200 (mean of the ten trials before each
mark), on a cheap sphere objective in 5 and 20 dimensions, tuner GP beside Optuna GP.

A table goes to stderr and one JSON line to stdout.

    python benchmarks/gp.py --part quality --seeds 10 --trials 30 50 100 --workers 2
    python benchmarks/gp.py --part cost --cost-trials 100 200 --cost-dims 5 20
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Both samplers get single-threaded BLAS/OpenMP: the matrices are small, and on a shared
# machine thread oversubscription otherwise dominates and blurs the comparison.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

SAMPLERS = ("tuner-gp", "optuna-gp", "tuner-random", "tuner-tpe")
DEFAULT_SAMPLERS = ("tuner-gp", "optuna-gp", "tuner-random")


def _make_study(sampler: str, seed: int) -> Any:
    warnings.simplefilter("ignore")
    if sampler.startswith("optuna"):
        import optuna

        optuna.logging.set_verbosity(optuna.logging.ERROR)
        return optuna.create_study(sampler=optuna.samplers.GPSampler(seed=seed))
    import tuner

    tuner.logging.set_verbosity(tuner.logging.WARNING)
    if sampler == "tuner-gp":
        return tuner.create_study(sampler=tuner.samplers.GPSampler(seed=seed))
    if sampler == "tuner-tpe":
        return tuner.create_study(sampler=tuner.samplers.TPESampler(seed=seed))
    return tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=seed))


def _quality_run(job: tuple[str, str, int, list[int]]) -> tuple[str, str, int, list[float], float]:
    from benchmarks._functions import FUNCTIONS

    fname, sampler, seed, marks = job
    func = FUNCTIONS[fname]
    study = _make_study(sampler, seed)
    start = time.perf_counter()
    study.optimize(func.objective, n_trials=max(marks))
    elapsed = time.perf_counter() - start
    values = [t.value for t in study.trials]
    regrets = [min(values[:m]) - func.optimum for m in marks]
    return fname, sampler, seed, regrets, elapsed


def _cost_run(job: tuple[str, int, list[int]]) -> tuple[str, int, list[float]]:
    sampler, dim, marks = job
    study = _make_study(sampler, 0)
    stamps: list[float] = []

    def objective(trial: Any) -> float:
        return sum((trial.suggest_float(f"x{i}", -5.0, 5.0) - 1.0) ** 2 for i in range(dim))

    def callback(study: Any, trial: Any) -> None:
        stamps.append(time.perf_counter())

    stamps.append(time.perf_counter())
    study.optimize(objective, n_trials=max(marks), callbacks=[callback])
    # stamps[k] is the end of trial k (1-based); mean duration of the ten trials up to m.
    return sampler, dim, [(stamps[m] - stamps[m - 10]) / 10.0 for m in marks]


def _quality(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks._functions import FUNCTIONS

    functions = args.functions or list(FUNCTIONS)
    jobs = [
        (f, s, seed, args.trials)
        for f in functions
        for seed in range(args.seeds)
        for s in args.samplers
    ]
    runs: dict[tuple[str, str], list[list[float]]] = {}
    times: dict[tuple[str, str], list[float]] = {}
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for fname, sampler, _seed, regrets, elapsed in pool.map(_quality_run, jobs):
            runs.setdefault((fname, sampler), []).append(regrets)
            times.setdefault((fname, sampler), []).append(elapsed)
    result: dict[str, Any] = {}
    header = f"{'function':<22}{'sampler':<14}" + "".join(
        f"{'@' + str(m):>12}" for m in args.trials
    )
    print(f"median regret over {args.seeds} seeds\n{header}{'sec/run':>10}", file=sys.stderr)
    for f in functions:
        result[f] = {}
        for s in args.samplers:
            med = [statistics.median(r[i] for r in runs[(f, s)]) for i in range(len(args.trials))]
            sec = statistics.median(times[(f, s)])
            result[f][s] = {
                "median_regret": dict(zip(map(str, args.trials), med)),
                "median_seconds": sec,
            }
            row = "".join(f"{v:>12.4g}" for v in med)
            print(f"{f:<22}{s:<14}{row}{sec:>10.1f}", file=sys.stderr)
    return {"seeds": args.seeds, "trials": args.trials, "regret": result}


def _cost(args: argparse.Namespace) -> dict[str, Any]:
    samplers = [s for s in args.samplers if s.endswith("-gp")]
    jobs = [(s, d, args.cost_trials) for d in args.cost_dims for s in samplers]
    out: dict[str, Any] = {}
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for sampler, dim, secs in pool.map(_cost_run, jobs):
            out.setdefault(f"{dim}d", {})[sampler] = dict(zip(map(str, args.cost_trials), secs))
    print("seconds per trial (mean of the 10 trials before the mark)", file=sys.stderr)
    for dim_key, per in out.items():
        for s, secs in per.items():
            row = "".join(f"  @{m}: {v:.3f}" for m, v in secs.items())
            print(f"{dim_key:<6}{s:<12}{row}", file=sys.stderr)
        if "tuner-gp" in per and "optuna-gp" in per:
            ratio = {m: per["optuna-gp"][m] / per["tuner-gp"][m] for m in per["tuner-gp"]}
            per["speedup_optuna_over_tuner"] = ratio
            print(
                f"{dim_key:<6}{'speedup':<12}"
                + "".join(f"  @{m}: {v:.1f}x" for m, v in ratio.items()),
                file=sys.stderr,
            )
    return {"cost_seconds_per_trial": out}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--part", choices=["quality", "cost", "both"], default="both")
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--trials", type=int, nargs="+", default=[30, 50, 100])
    p.add_argument("--functions", nargs="*", default=None)
    p.add_argument("--samplers", nargs="+", default=list(DEFAULT_SAMPLERS), choices=SAMPLERS)
    p.add_argument("--cost-trials", type=int, nargs="+", default=[100, 200])
    p.add_argument("--cost-dims", type=int, nargs="+", default=[5, 20])
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    if min(args.cost_trials) < 10:
        p.error("--cost-trials marks must be >= 10 (each is a mean over ten trials).")
    args.workers = max(1, min(args.workers, 2))
    result: dict[str, Any] = {"benchmark": "gp"}
    if args.part in ("quality", "both"):
        result.update(_quality(args))
    if args.part in ("cost", "both"):
        result.update(_cost(args))
    print(json.dumps(result, allow_nan=True, default=lambda o: None if math.isnan(o) else o))


if __name__ == "__main__":
    main()
