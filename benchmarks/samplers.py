"""Sampler quality: median regret (best value found - known optimum) after N trials.

Every sampler of the suite runs every function of ``benchmarks._functions.FUNCTIONS``
for each seed, in one run, on a process pool of 2. A table of median regrets goes to
stderr, one JSON line of results to stdout.

    python benchmarks/samplers.py [--suite tpe|gp] [--seeds 10] [--trials 50,100,200]
        [--functions sphere-5d,branin] [--samplers tuner-tpe,optuna-tpe] [--workers 2]

``--suite tpe`` (default) compares the TPE samplers at 50, 100 and 200 trials; ``--suite
gp`` compares tuner's GPSampler with Optuna's (which needs torch in the benchmark
environment) at 30, 50 and 100 trials.

Each registry entry says at which trial counts it is reported (``trials``), a suite may
set the counts for all its samplers, and ``--trials`` overrides both. To add a sampler,
add a ``SamplerSpec`` to ``SAMPLERS``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Every sampler gets single-threaded BLAS/OpenMP (torch too): two worker processes share two
# cores, and thread oversubscription would otherwise dominate and blur the comparison.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._functions import FUNCTIONS, BenchFunction  # noqa: E402 (after the env vars)


@dataclass(frozen=True)
class SamplerSpec:
    """``run(function, seed, n_trials)`` returns the objective value of each trial."""

    run: Callable[[BenchFunction, int, int], list[float]]
    trials: tuple[int, ...] = (50, 100, 200)


def _run_tuner(
    make_sampler: Callable[[int], Any],
) -> Callable[[BenchFunction, int, int], list[float]]:
    def run(func: BenchFunction, seed: int, n_trials: int) -> list[float]:
        import tuner

        tuner.logging.set_verbosity(tuner.logging.ERROR)
        study = tuner.create_study(sampler=make_sampler(seed))
        study.optimize(func.objective, n_trials=n_trials)
        return [float(t.value) for t in study.trials]

    return run


def _run_optuna(
    make_sampler: Callable[[int], Any],
) -> Callable[[BenchFunction, int, int], list[float]]:
    def run(func: BenchFunction, seed: int, n_trials: int) -> list[float]:
        import warnings

        import optuna

        optuna.logging.set_verbosity(optuna.logging.ERROR)
        warnings.filterwarnings("ignore")
        study = optuna.create_study(sampler=make_sampler(seed))
        study.optimize(func.objective, n_trials=n_trials)
        return [float(t.value) for t in study.trials]

    return run


def _run_hyperopt(func: BenchFunction, seed: int, n_trials: int) -> list[float]:
    import logging

    import numpy as np
    from hyperopt import Trials, fmin, tpe

    logging.getLogger("hyperopt").setLevel(logging.ERROR)
    trials = Trials()
    fmin(
        func.hyperopt_objective,
        func.hyperopt_space(),
        algo=tpe.suggest,
        max_evals=n_trials,
        trials=trials,
        rstate=np.random.default_rng(seed),
        show_progressbar=False,
    )
    return [float(v) for v in trials.losses()]


def _tuner_tpe(seed: int) -> Any:
    import tuner

    return tuner.samplers.TPESampler(seed=seed, multivariate=False)


def _tuner_tpe_mv(seed: int) -> Any:
    import tuner

    return tuner.samplers.TPESampler(
        seed=seed, multivariate=True, group=True, warn_independent_sampling=False
    )


def _tuner_random(seed: int) -> Any:
    import tuner

    return tuner.samplers.RandomSampler(seed=seed)


def _tuner_gp(seed: int) -> Any:
    import tuner

    return tuner.samplers.GPSampler(seed=seed)


def _optuna_gp(seed: int) -> Any:
    import optuna  # Optuna's GPSampler needs torch, installed in the benchmark env only.

    return optuna.samplers.GPSampler(seed=seed)


def _optuna_tpe(seed: int) -> Any:
    import optuna

    return optuna.samplers.TPESampler(seed=seed, multivariate=False)


def _optuna_tpe_mv(seed: int) -> Any:
    import optuna

    return optuna.samplers.TPESampler(
        seed=seed, multivariate=True, group=True, warn_independent_sampling=False
    )


SAMPLERS: dict[str, SamplerSpec] = {
    "tuner-tpe": SamplerSpec(_run_tuner(_tuner_tpe)),
    "tuner-tpe-mv": SamplerSpec(_run_tuner(_tuner_tpe_mv)),
    "optuna-tpe": SamplerSpec(_run_optuna(_optuna_tpe)),
    "optuna-tpe-mv": SamplerSpec(_run_optuna(_optuna_tpe_mv)),
    "hyperopt-tpe": SamplerSpec(_run_hyperopt),
    "random": SamplerSpec(_run_tuner(_tuner_random)),
    "tuner-gp": SamplerSpec(_run_tuner(_tuner_gp), (30, 50, 100)),
    "optuna-gp": SamplerSpec(_run_optuna(_optuna_gp), (30, 50, 100)),
}

# Named sampler sets for --suite, with the trial counts they are reported at: the TPE
# comparison, and the GP comparison (for expensive objectives, so fewer trials) with
# tuner's multivariate TPE and random search beside it at the same counts.
SUITES: dict[str, tuple[tuple[str, ...], tuple[int, ...] | None]] = {
    "tpe": (
        ("tuner-tpe", "tuner-tpe-mv", "optuna-tpe", "optuna-tpe-mv", "hyperopt-tpe", "random"),
        None,
    ),
    "gp": (("tuner-gp", "optuna-gp", "tuner-tpe-mv", "random"), (30, 50, 100)),
}


def _job(args: tuple[str, str, int, int]) -> tuple[str, str, int, list[float], float]:
    sampler, function, seed, n_trials = args
    start = time.perf_counter()
    values = SAMPLERS[sampler].run(FUNCTIONS[function], seed, n_trials)
    return sampler, function, seed, values, time.perf_counter() - start


def _best_after(values: list[float], n: int) -> float:
    finite = [v for v in values[:n] if math.isfinite(v)]
    return min(finite) if finite else math.inf


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--trials", type=str, default=None, help="e.g. 50,100,200")
    parser.add_argument("--functions", type=str, default=",".join(FUNCTIONS))
    parser.add_argument("--suite", choices=sorted(SUITES), default="tpe")
    parser.add_argument("--samplers", type=str, default=None, help="overrides --suite")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    functions = args.functions.split(",")
    suite_samplers, suite_trials = SUITES[args.suite]
    samplers = args.samplers.split(",") if args.samplers else list(suite_samplers)
    for name in functions:
        if name not in FUNCTIONS:
            parser.error(f"unknown function {name!r}; choose from {', '.join(FUNCTIONS)}")
    for name in samplers:
        if name not in SAMPLERS:
            parser.error(f"unknown sampler {name!r}; choose from {', '.join(SAMPLERS)}")
    override = tuple(int(x) for x in args.trials.split(",")) if args.trials else suite_trials
    checkpoints = {s: override or SAMPLERS[s].trials for s in samplers}

    jobs = [
        (s, f, seed, max(checkpoints[s]))
        for f in functions
        for s in samplers
        for seed in range(args.seeds)
    ]
    start = time.perf_counter()
    results: dict[str, dict[str, list[list[float]]]] = {
        f: {s: [] for s in samplers} for f in functions
    }
    seconds: dict[str, float] = {s: 0.0 for s in samplers}
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for sampler, function, _seed, values, elapsed in pool.map(_job, jobs):
            results[function][sampler].append(values)
            seconds[sampler] += elapsed

    regret: dict[str, dict[str, dict[str, float]]] = {}
    for f in functions:
        regret[f] = {}
        for s in samplers:
            regret[f][s] = {
                str(n): statistics.median(
                    _best_after(v, n) - FUNCTIONS[f].optimum for v in results[f][s]
                )
                for n in checkpoints[s]
            }
    _print_table(regret, functions, samplers, checkpoints)
    print(
        json.dumps(
            {
                "benchmark": "samplers",
                "metric": "median regret (best value - optimum)",
                "seeds": args.seeds,
                "median_regret": regret,
                "sampler_seconds": {s: round(t, 2) for s, t in seconds.items()},
                "wall_seconds": round(time.perf_counter() - start, 1),
            }
        )
    )


def _print_table(
    regret: dict[str, dict[str, dict[str, float]]],
    functions: list[str],
    samplers: list[str],
    checkpoints: dict[str, tuple[int, ...]],
) -> None:
    all_n = sorted({n for s in samplers for n in checkpoints[s]})
    width = max(len(s) for s in samplers) + 2
    header = f"{'function':<20}{'sampler':<{width}}" + "".join(
        f"{'n=' + str(n):>12}" for n in all_n
    )
    lines = [header, "-" * len(header)]
    for f in functions:
        best = {n: min(regret[f][s].get(str(n), math.inf) for s in samplers) for n in all_n}
        for s in samplers:
            cells = []
            for n in all_n:
                value = regret[f][s].get(str(n))
                if value is None:
                    cells.append(f"{'':>12}")
                else:
                    mark = "*" if value == best[n] else " "
                    cells.append(f"{value:>11.4g}{mark}")
            lines.append(f"{f:<20}{s:<{width}}" + "".join(cells))
        lines.append("")
    lines.append("* = best median regret at that trial count")
    print("\n".join(lines), file=sys.stderr)


if __name__ == "__main__":
    main()
