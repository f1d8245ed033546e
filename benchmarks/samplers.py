"""Sampler quality: median regret (best value found - known optimum) after N trials.

Every sampler of the suite runs every function of ``benchmarks._functions.FUNCTIONS``
for each seed, in one run, on a process pool of 2. A table of median regrets goes to
stderr, one JSON line of results to stdout.

    python benchmarks/samplers.py [--suite tpe|gp] [--seeds 10] [--trials 50,100,200]
        [--functions sphere-5d,branin] [--samplers tuner-tpe,optuna-tpe] [--workers 2]

Peers that are not installed (Optuna, Hyperopt; torch for Optuna's GPSampler) are left
out with a message. ``seconds_per_trial`` in the JSON line is the mean, over jobs, of each
run's wall time per trial.

``--suite tpe`` (default) compares the TPE samplers at 50, 100 and 200 trials; ``--suite
gp`` compares tuner's GPSampler with Optuna's (which needs torch in the benchmark
environment) at 30, 50 and 100 trials.

Each registry entry says at which trial counts it is reported (``trials``), a suite may
set the counts for all its samplers, and ``--trials`` overrides both. To add a sampler,
add a ``SamplerSpec`` to ``SAMPLERS``.
"""

from __future__ import annotations

import math
import statistics
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import _runner
from _functions import FUNCTIONS, BenchFunction

Run = Callable[[BenchFunction, int, int], tuple[list[float], float]]


@dataclass(frozen=True)
class SamplerSpec:
    """``run(function, seed, n_trials)`` returns the objective value of each trial and the
    run's seconds per trial; ``needs`` names the peer libraries it needs."""

    run: Run
    trials: tuple[int, ...] = (50, 100, 200)
    needs: tuple[str, ...] = ()


def _run_study(lib_name: str, make_sampler: Callable[[int], Any]) -> Run:
    def run(func: BenchFunction, seed: int, n_trials: int) -> tuple[list[float], float]:
        lib = _runner.libraries([lib_name])[lib_name]
        lib.logging.set_verbosity(lib.logging.ERROR)
        warnings.filterwarnings("ignore")
        study = lib.create_study(sampler=make_sampler(seed))
        clock = _runner.time_optimize(study, func.objective, n_trials)
        return [float(t.value) for t in study.trials], clock.seconds_per_trial()

    return run


def _run_hyperopt(func: BenchFunction, seed: int, n_trials: int) -> tuple[list[float], float]:
    import logging

    import numpy as np
    from hyperopt import Trials, fmin, tpe

    logging.getLogger("hyperopt").setLevel(logging.ERROR)
    trials = Trials()
    start = time.perf_counter()  # fmin has no per-trial callback: the run's wall time
    fmin(
        func.hyperopt_objective,
        func.hyperopt_space(),
        algo=tpe.suggest,
        max_evals=n_trials,
        trials=trials,
        rstate=np.random.default_rng(seed),
        show_progressbar=False,
    )
    seconds = (time.perf_counter() - start) / n_trials
    return [float(v) for v in trials.losses()], seconds


def _samplers(lib_name: str) -> Any:
    return _runner.libraries([lib_name])[lib_name].samplers


def _tpe(lib_name: str) -> Callable[[int], Any]:
    return lambda seed: _samplers(lib_name).TPESampler(seed=seed, multivariate=False)


def _tpe_mv(lib_name: str) -> Callable[[int], Any]:
    return lambda seed: _samplers(lib_name).TPESampler(
        seed=seed, multivariate=True, group=True, warn_independent_sampling=False
    )


def _gp(lib_name: str) -> Callable[[int], Any]:
    return lambda seed: _samplers(lib_name).GPSampler(seed=seed)


def _random(seed: int) -> Any:
    return _samplers("tuner").RandomSampler(seed=seed)


SAMPLERS: dict[str, SamplerSpec] = {
    "tuner-tpe": SamplerSpec(_run_study("tuner", _tpe("tuner"))),
    "tuner-tpe-mv": SamplerSpec(_run_study("tuner", _tpe_mv("tuner"))),
    "optuna-tpe": SamplerSpec(_run_study("optuna", _tpe("optuna")), needs=("optuna",)),
    "optuna-tpe-mv": SamplerSpec(_run_study("optuna", _tpe_mv("optuna")), needs=("optuna",)),
    "hyperopt-tpe": SamplerSpec(_run_hyperopt, needs=("hyperopt",)),
    "random": SamplerSpec(_run_study("tuner", _random)),
    "tuner-gp": SamplerSpec(_run_study("tuner", _gp("tuner")), (30, 50, 100)),
    "optuna-gp": SamplerSpec(
        _run_study("optuna", _gp("optuna")), (30, 50, 100), needs=("optuna", "torch")
    ),
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
    values, seconds_per_trial = SAMPLERS[sampler].run(FUNCTIONS[function], seed, n_trials)
    return sampler, function, seed, values, seconds_per_trial


def _best_after(values: list[float], n: int) -> float:
    finite = [v for v in values[:n] if math.isfinite(v)]
    return min(finite) if finite else math.inf


def main(argv: list[str] | None = None) -> None:
    parser = _runner.parser(__doc__)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--trials", type=str, default=None, help="e.g. 50,100,200")
    parser.add_argument("--functions", type=str, default=",".join(FUNCTIONS))
    parser.add_argument("--suite", choices=sorted(SUITES), default="tpe")
    parser.add_argument("--samplers", type=str, default=None, help="overrides --suite")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    _runner.start(args)

    functions = args.functions.split(",")
    suite_samplers, suite_trials = SUITES[args.suite]
    samplers = args.samplers.split(",") if args.samplers else list(suite_samplers)
    for name in functions:
        if name not in FUNCTIONS:
            parser.error(f"unknown function {name!r}; choose from {', '.join(FUNCTIONS)}")
    for name in samplers:
        if name not in SAMPLERS:
            parser.error(f"unknown sampler {name!r}; choose from {', '.join(SAMPLERS)}")
    samplers = [s for s in samplers if all(_runner.peer(n) for n in SAMPLERS[s].needs)]
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
    seconds: dict[str, list[float]] = {s: [] for s in samplers}
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        for sampler, function, _seed, values, seconds_per_trial in pool.map(_job, jobs):
            results[function][sampler].append(values)
            seconds[sampler].append(seconds_per_trial)

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
    _runner.emit(
        {
            "benchmark": "samplers",
            "metric": "median regret (best value - optimum)",
            "seeds": args.seeds,
            "median_regret": regret,
            "seconds_per_trial": {s: round(statistics.mean(t), 5) for s, t in seconds.items()},
            "wall_seconds": round(time.perf_counter() - start, 1),
        }
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
    _runner.table(lines)


if __name__ == "__main__":
    main()
