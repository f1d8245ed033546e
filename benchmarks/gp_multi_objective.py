"""Multi-objective GP benchmarks: hypervolume after N trials and seconds per proposal.

Quality: hypervolume of all trials after ``--trials`` trials (default 50) over
``--seeds`` seeds (default 5) on ZDT1 with 4 variables (both objectives minimized,
reference point (1.1, 11); the true front f2 = 1 - sqrt(f1) gives the optimum
12.1 - 1/3 = 11.767), for tuner's GPSampler, Optuna's GPSampler (needs torch) and
tuner's TPESampler (``--samplers`` also accepts ``tuner-random``).

Cost: seconds per proposal around trials 50 and 100 (mean of the ten trials before each
mark; the objectives are cheap) on ZDT1 (2 objectives) and DTLZ2 with 4 variables
(3 objectives), tuner GP beside Optuna GP.

Every run is sequential in this one process, with single-threaded BLAS/OpenMP for both
libraries. A table goes to stderr and one JSON line to stdout.

    python benchmarks/gp_multi_objective.py --part both --seeds 5 --trials 50
    python benchmarks/gp_multi_objective.py --part cost --cost-trials 50 100
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
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Small matrices: extra BLAS threads only add contention, and both samplers get the same.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

SAMPLERS = ("tuner-gp", "optuna-gp", "tuner-tpe", "tuner-random")
DEFAULT_SAMPLERS = ("tuner-gp", "optuna-gp", "tuner-tpe")
ZDT1_REFERENCE = (1.1, 11.0)
ZDT1_OPTIMUM = 1.1 * 11.0 - 1.0 / 3.0


def zdt1(trial: Any) -> tuple[float, float]:
    x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(4)]
    g = 1.0 + 9.0 * sum(x[1:]) / 3.0
    return x[0], g * (1.0 - math.sqrt(x[0] / g))


def dtlz2(trial: Any) -> tuple[float, float, float]:
    x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(4)]
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a, b = 0.5 * math.pi * x[0], 0.5 * math.pi * x[1]
    r = 1.0 + g
    return r * math.cos(a) * math.cos(b), r * math.cos(a) * math.sin(b), r * math.sin(a)


PROBLEMS: dict[int, tuple[str, Callable[[Any], Any]]] = {2: ("zdt1", zdt1), 3: ("dtlz2", dtlz2)}


def _make_study(sampler: str, seed: int, n_objectives: int) -> Any:
    warnings.simplefilter("ignore")
    directions = ["minimize"] * n_objectives
    if sampler == "optuna-gp":
        import optuna

        optuna.logging.set_verbosity(optuna.logging.ERROR)
        return optuna.create_study(
            directions=directions, sampler=optuna.samplers.GPSampler(seed=seed)
        )
    import tuner

    tuner.logging.set_verbosity(tuner.logging.WARNING)
    make = {
        "tuner-gp": tuner.samplers.GPSampler,
        "tuner-tpe": tuner.samplers.TPESampler,
        "tuner-random": tuner.samplers.RandomSampler,
    }[sampler]
    return tuner.create_study(directions=directions, sampler=make(seed=seed))


def _quality(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np

    from tuner._multi_objective import hypervolume

    ref = np.array(ZDT1_REFERENCE)
    hv: dict[str, list[float]] = {}
    seconds: dict[str, list[float]] = {}
    for seed in range(args.seeds):
        for s in args.samplers:
            study = _make_study(s, seed, 2)
            start = time.perf_counter()
            study.optimize(zdt1, n_trials=args.trials)
            seconds.setdefault(s, []).append(time.perf_counter() - start)
            values = np.array([t.values for t in study.trials], dtype=float)
            hv.setdefault(s, []).append(hypervolume(values, ref))
    print(
        f"ZDT1 (4 variables), hypervolume after {args.trials} trials, reference "
        f"{ZDT1_REFERENCE}, optimum {ZDT1_OPTIMUM:.4f}, {args.seeds} seeds",
        file=sys.stderr,
    )
    header = f"{'sampler':<14}{'median':>10}{'mean':>10}{'worst':>10}{'sec/run':>10}"
    print(header, file=sys.stderr)
    result: dict[str, Any] = {}
    for s in args.samplers:
        med, mean, worst = statistics.median(hv[s]), statistics.mean(hv[s]), min(hv[s])
        sec = statistics.median(seconds[s])
        print(f"{s:<14}{med:>10.4f}{mean:>10.4f}{worst:>10.4f}{sec:>10.1f}", file=sys.stderr)
        result[s] = {"hypervolume": hv[s], "median": med, "median_seconds": sec}
    return {
        "problem": "zdt1-4d",
        "reference_point": list(ZDT1_REFERENCE),
        "optimum": ZDT1_OPTIMUM,
        "trials": args.trials,
        "seeds": args.seeds,
        "hypervolume": result,
    }


def _trial_end_times(study: Any, objective: Callable[[Any], Any], n_trials: int) -> list[float]:
    """``[start, end of trial 1, ..., end of trial n]`` from ``time.perf_counter``."""
    stamps = [time.perf_counter()]
    study.optimize(
        objective, n_trials=n_trials, callbacks=[lambda _s, _t: stamps.append(time.perf_counter())]
    )
    return stamps


def _cost(args: argparse.Namespace) -> dict[str, Any]:
    samplers = [s for s in args.samplers if s.endswith("-gp")]
    out: dict[str, Any] = {}
    print("seconds per proposal (mean of the 10 trials before the mark)", file=sys.stderr)
    for k in args.cost_objectives:
        name, objective = PROBLEMS[k]
        per: dict[str, Any] = {}
        for s in samplers:
            stamps = _trial_end_times(_make_study(s, 0, k), objective, max(args.cost_trials))
            per[s] = {str(m): (stamps[m] - stamps[m - 10]) / 10.0 for m in args.cost_trials}
            row = "".join(f"  @{m}: {v:.3f}" for m, v in per[s].items())
            print(f"{k} obj ({name:<5}) {s:<12}{row}", file=sys.stderr)
        if "tuner-gp" in per and "optuna-gp" in per:
            ratio = {m: per["optuna-gp"][m] / per["tuner-gp"][m] for m in per["tuner-gp"]}
            per["speedup_optuna_over_tuner"] = ratio
            row = "".join(f"  @{m}: {v:.1f}x" for m, v in ratio.items())
            print(f"{k} obj ({name:<5}) {'speedup':<12}{row}", file=sys.stderr)
        out[f"{k}obj-{name}"] = per
    return {"cost_seconds_per_proposal": out}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--part", choices=["quality", "cost", "both"], default="both")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--trials", type=int, default=50)
    p.add_argument("--samplers", nargs="+", default=list(DEFAULT_SAMPLERS), choices=SAMPLERS)
    p.add_argument("--cost-trials", type=int, nargs="+", default=[50, 100])
    p.add_argument("--cost-objectives", type=int, nargs="+", default=[2, 3], choices=[2, 3])
    args = p.parse_args()
    if min(args.cost_trials) < 10:
        p.error("--cost-trials marks must be >= 10 (each is a mean over ten trials).")
    result: dict[str, Any] = {"benchmark": "gp_multi_objective"}
    if args.part in ("quality", "both"):
        result.update(_quality(args))
    if args.part in ("cost", "both"):
        result.update(_cost(args))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
