"""Multi-objective GP benchmarks: hypervolume after N trials and seconds per proposal.

Quality: hypervolume of all trials after ``--trials`` trials (default 50) over
``--seeds`` seeds (default 5) on ZDT1 with 4 variables (both objectives minimized,
reference point (1.1, 11); the true front f2 = 1 - sqrt(f1) gives the optimum
12.1 - 1/3 = 11.767), for tuner's GPSampler, Optuna's GPSampler (needs torch) and
tuner's TPESampler (``--samplers`` also accepts ``tuner-random``).

Cost: seconds per proposal around trials 50 and 100 (mean of the ten trials before each
mark; the objectives are cheap) on ZDT1 (2 objectives) and DTLZ2 with 4 variables
(3 objectives), tuner GP beside Optuna GP.

Every run is sequential in this one process. A table goes to stderr and one JSON line to
stdout.

    python benchmarks/gp_multi_objective.py --part both --seeds 5 --trials 50
    python benchmarks/gp_multi_objective.py --part cost --cost-trials 50 100
"""

from __future__ import annotations

import argparse
import statistics
import warnings
from collections.abc import Callable
from typing import Any

import _runner
import numpy as np
from _functions import ZDT1_OPTIMUM, ZDT1_REFERENCE, dtlz2, hypervolume_2d, zdt1

SAMPLERS = ("tuner-gp", "optuna-gp", "tuner-tpe", "tuner-random")
DEFAULT_SAMPLERS = ("tuner-gp", "optuna-gp", "tuner-tpe")

PROBLEMS: dict[int, tuple[str, Callable[[Any], Any]]] = {2: ("zdt1", zdt1), 3: ("dtlz2", dtlz2)}


def _make_study(sampler: str, seed: int, n_objectives: int) -> Any:
    warnings.simplefilter("ignore")
    directions = ["minimize"] * n_objectives
    if sampler == "optuna-gp":
        optuna = _runner.optuna_gp()
        if optuna is None:
            return None
        return optuna.create_study(
            directions=directions, sampler=optuna.samplers.GPSampler(seed=seed)
        )
    tuner = _runner.libraries(())["tuner"]
    make = {
        "tuner-gp": tuner.samplers.GPSampler,
        "tuner-tpe": tuner.samplers.TPESampler,
        "tuner-random": tuner.samplers.RandomSampler,
    }[sampler]
    return tuner.create_study(directions=directions, sampler=make(seed=seed))


def _quality(args: argparse.Namespace) -> dict[str, Any]:
    hv: dict[str, list[float]] = {}
    seconds: dict[str, list[float]] = {}
    for seed in range(args.seeds):
        for s in args.samplers:
            study = _make_study(s, seed, 2)
            if study is None:
                continue
            clock = _runner.time_optimize(study, zdt1, args.trials)
            seconds.setdefault(s, []).append(clock.seconds_per_trial() * clock.n_trials)
            values = np.array([t.values for t in study.trials], dtype=float)
            hv.setdefault(s, []).append(hypervolume_2d(values, ZDT1_REFERENCE))
    lines = [
        f"ZDT1 (4 variables), hypervolume after {args.trials} trials, reference "
        f"{ZDT1_REFERENCE}, optimum {ZDT1_OPTIMUM:.4f}, {args.seeds} seeds",
        f"{'sampler':<14}{'median':>10}{'mean':>10}{'worst':>10}{'sec/run':>10}",
    ]
    result: dict[str, Any] = {}
    for s in hv:
        med, mean, worst = statistics.median(hv[s]), statistics.mean(hv[s]), min(hv[s])
        sec = statistics.median(seconds[s])
        lines.append(f"{s:<14}{med:>10.4f}{mean:>10.4f}{worst:>10.4f}{sec:>10.1f}")
        result[s] = {"hypervolume": hv[s], "median": med, "median_seconds": sec}
    _runner.table(lines)
    return {
        "problem": "zdt1-4d",
        "reference_point": list(ZDT1_REFERENCE),
        "optimum": ZDT1_OPTIMUM,
        "trials": args.trials,
        "seeds": args.seeds,
        "hypervolume": result,
    }


def _cost(args: argparse.Namespace) -> dict[str, Any]:
    samplers = [s for s in args.samplers if s.endswith("-gp")]
    out: dict[str, Any] = {}
    lines = ["seconds per proposal (mean of the 10 trials before the mark)"]
    for k in args.cost_objectives:
        name, objective = PROBLEMS[k]
        per: dict[str, Any] = {}
        for s in samplers:
            study = _make_study(s, 0, k)
            if study is None:
                continue
            clock = _runner.time_optimize(study, objective, max(args.cost_trials))
            per[s] = {str(m): clock.seconds_per_trial(at=m) for m in args.cost_trials}
            row = "".join(f"  @{m}: {v:.3f}" for m, v in per[s].items())
            lines.append(f"{k} obj ({name:<5}) {s:<12}{row}")
        if "tuner-gp" in per and "optuna-gp" in per:
            ratio = {m: per["optuna-gp"][m] / per["tuner-gp"][m] for m in per["tuner-gp"]}
            per["speedup_optuna_over_tuner"] = ratio
            row = "".join(f"  @{m}: {v:.1f}x" for m, v in ratio.items())
            lines.append(f"{k} obj ({name:<5}) {'speedup':<12}{row}")
        out[f"{k}obj-{name}"] = per
    _runner.table(lines)
    return {"cost_seconds_per_proposal": out}


def main() -> None:
    p = _runner.parser(__doc__)
    p.add_argument("--part", choices=["quality", "cost", "both"], default="both")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--trials", type=int, default=50)
    p.add_argument("--samplers", nargs="+", default=list(DEFAULT_SAMPLERS), choices=SAMPLERS)
    p.add_argument("--cost-trials", type=int, nargs="+", default=[50, 100])
    p.add_argument("--cost-objectives", type=int, nargs="+", default=[2, 3], choices=[2, 3])
    args = p.parse_args()
    if min(args.cost_trials) < 10:
        p.error("--cost-trials marks must be >= 10 (each is a mean over ten trials).")
    _runner.start(args)
    result: dict[str, Any] = {"benchmark": "gp_multi_objective"}
    if args.part in ("quality", "both"):
        result.update(_quality(args))
    if args.part in ("cost", "both"):
        result.update(_cost(args))
    _runner.emit(result)


if __name__ == "__main__":
    main()
