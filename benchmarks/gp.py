"""GP sampler cost: seconds per trial around trials 100 and 200 (mean of the ten trials
before each mark) on a cheap sphere objective in 5 and 20 dimensions, tuner's GPSampler
beside Optuna's (which needs torch), in one run.

Sample efficiency (regret) is measured by ``benchmarks/samplers.py --suite gp``.
A table goes to stderr and one JSON line to stdout.

    python benchmarks/gp.py --trials 100 200 --dims 5 20
"""

from __future__ import annotations

import argparse
import json
import os
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

SAMPLERS = ("tuner-gp", "optuna-gp")


def _make_study(sampler: str) -> Any:
    warnings.simplefilter("ignore")
    if sampler == "optuna-gp":
        import optuna

        optuna.logging.set_verbosity(optuna.logging.ERROR)
        return optuna.create_study(sampler=optuna.samplers.GPSampler(seed=0))
    import tuner

    tuner.logging.set_verbosity(tuner.logging.WARNING)
    return tuner.create_study(sampler=tuner.samplers.GPSampler(seed=0))


def _run(job: tuple[str, int, list[int]]) -> tuple[str, int, list[float]]:
    sampler, dim, marks = job
    study = _make_study(sampler)
    stamps: list[float] = []

    def objective(trial: Any) -> float:
        return sum((trial.suggest_float(f"x{i}", -5.0, 5.0) - 1.0) ** 2 for i in range(dim))

    def callback(study: Any, trial: Any) -> None:
        stamps.append(time.perf_counter())

    stamps.append(time.perf_counter())
    study.optimize(objective, n_trials=max(marks), callbacks=[callback])
    # stamps[k] is the end of trial k (1-based); mean duration of the ten trials up to m.
    return sampler, dim, [(stamps[m] - stamps[m - 10]) / 10.0 for m in marks]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--trials", type=int, nargs="+", default=[100, 200])
    p.add_argument("--dims", type=int, nargs="+", default=[5, 20])
    p.add_argument("--samplers", nargs="+", default=list(SAMPLERS), choices=SAMPLERS)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    if min(args.trials) < 10:
        p.error("--trials marks must be >= 10 (each is a mean over ten trials).")
    jobs = [(s, d, args.trials) for d in args.dims for s in args.samplers]
    out: dict[str, Any] = {}
    with ProcessPoolExecutor(max_workers=max(1, min(args.workers, 2))) as pool:
        for sampler, dim, secs in pool.map(_run, jobs):
            out.setdefault(f"{dim}d", {})[sampler] = dict(zip(map(str, args.trials), secs))
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
    print(json.dumps({"benchmark": "gp_cost", "seconds_per_trial": out}))


if __name__ == "__main__":
    main()
