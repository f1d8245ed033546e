"""Pruning: each tuner pruner beside the same Optuna pruner, in one run, as one JSON line.

Every trial follows a synthetic learning curve fixed by (seed, trial number), so both
libraries see exactly the same trials and differ only in their pruners' decisions.
Curves (maximized, like an accuracy) rise as ``a * (1 - exp(-k * (t + 1)))`` plus noise,
with asymptotes ``a`` from low to high and rates ``k`` from slow to fast (so slow learners
that end high are the trap); a few diverge to NaN. The Wilcoxon pruner gets its own
family (minimized per-instance errors reported in a shuffled instance order).

For each pruner and library, over seeds: steps consumed (reported steps, summed over
trials) and the best final value among completed trials; medians over seeds are
compared. Target: tuner's best value the same or better with no more steps than Optuna's.
``seconds`` is each library's wall time per trial (median over seeds; trials here are
ask-and-tell loops, timed from the first ask to the last tell). A table goes to stderr,
one JSON line to stdout.

    python benchmarks/pruning.py [--trials 60] [--steps 100] [--seeds 7] [--pin-threads]
"""

from __future__ import annotations

import math
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

import _runner
import numpy as np

PRUNERS = [
    "nop",
    "median",
    "percentile",
    "successive_halving",
    "hyperband",
    "threshold",
    "patient",
    "wilcoxon",
]


def _make_pruner(lib: Any, name: str, n_steps: int) -> Any:
    p = lib.pruners
    if name == "nop":
        return p.NopPruner()
    if name == "median":
        return p.MedianPruner(n_startup_trials=5, n_warmup_steps=5)
    if name == "percentile":
        return p.PercentilePruner(25.0, n_startup_trials=5, n_warmup_steps=5)
    if name == "successive_halving":
        return p.SuccessiveHalvingPruner(min_resource=2, reduction_factor=3)
    if name == "hyperband":
        return p.HyperbandPruner(min_resource=2, max_resource=n_steps, reduction_factor=3)
    if name == "threshold":
        return p.ThresholdPruner(lower=0.3, n_warmup_steps=10)
    if name == "patient":
        return p.PatientPruner(p.MedianPruner(n_startup_trials=5), patience=5, min_delta=0.01)
    if name == "wilcoxon":
        return p.WilcoxonPruner(p_threshold=0.1, n_startup_steps=5)
    raise ValueError(name)


def _curve(seed: int, number: int, n_steps: int) -> np.ndarray:
    rng = np.random.default_rng([seed, number])
    asymptote = rng.uniform(0.4, 0.95)
    rate = math.exp(rng.uniform(math.log(0.01), math.log(0.4)))
    t = np.arange(n_steps)
    values = asymptote * (1.0 - np.exp(-rate * (t + 1))) + rng.normal(0.0, 0.02, n_steps)
    if rng.uniform() < 0.05:  # diverges
        values[rng.integers(1, n_steps) :] = math.nan
    return values


def _instances(seed: int, number: int, n_instances: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-instance errors of one trial and the order in which it evaluates them."""
    difficulty = np.random.default_rng([seed, 10**6]).uniform(0.5, 2.0, n_instances)
    rng = np.random.default_rng([seed, number])
    quality = rng.uniform(0.5, 1.5)
    errors = quality * difficulty + rng.normal(0.0, 0.1, n_instances)
    return errors, rng.permutation(n_instances)


Outcome = tuple[int, float, float]  # steps consumed, best value, seconds per trial


def _run_curves(lib: Any, name: str, seed: int, n_trials: int, n_steps: int) -> Outcome:
    study = lib.create_study(
        study_name="bench",
        direction="maximize",
        pruner=_make_pruner(lib, name, n_steps),
        sampler=lib.samplers.RandomSampler(seed=seed),
    )
    steps = 0
    start = time.perf_counter()
    for number in range(n_trials):
        values = _curve(seed, number, n_steps)
        trial = study.ask()
        pruned = False
        for step in range(n_steps):
            trial.report(float(values[step]), step)
            steps += 1
            if trial.should_prune():
                pruned = True
                break
        if pruned:
            study.tell(trial, state=lib.trial.TrialState.PRUNED)
        else:
            study.tell(trial, float(values[-1]))
    return steps, _best(lib, study), (time.perf_counter() - start) / n_trials


def _run_instances(lib: Any, name: str, seed: int, n_trials: int, n_steps: int) -> Outcome:
    study = lib.create_study(
        study_name="bench",
        direction="minimize",
        pruner=_make_pruner(lib, name, n_steps),
        sampler=lib.samplers.RandomSampler(seed=seed),
    )
    steps = 0
    start = time.perf_counter()
    for number in range(n_trials):
        errors, order = _instances(seed, number, n_steps)
        trial = study.ask()
        pruned = False
        for instance in order:
            trial.report(float(errors[instance]), int(instance))
            steps += 1
            if trial.should_prune():
                pruned = True
                break
        if pruned:
            study.tell(trial, state=lib.trial.TrialState.PRUNED)
        else:
            study.tell(trial, float(errors.mean()))
    return steps, _best(lib, study), (time.perf_counter() - start) / n_trials


def _best(lib: Any, study: Any) -> float:
    try:
        return float(study.best_value)
    except ValueError:
        return math.nan


def main() -> None:
    parser = _runner.parser(__doc__)
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--seeds", type=int, default=7)
    parser.add_argument("--pruners", default=",".join(PRUNERS))
    args = parser.parse_args()
    _runner.start(args)
    warnings.simplefilter("ignore")  # experimental-feature and NaN-value warnings
    libs = _runner.libraries(["optuna"])

    results: dict[str, Any] = {}
    rows = []
    for name in args.pruners.split(","):
        run: Callable[..., Outcome] = _run_instances if name == "wilcoxon" else _run_curves
        per_lib: dict[str, dict[str, float]] = {}
        for lib_name, lib in libs.items():
            outcomes = [
                run(lib, name, seed, args.trials, args.steps) for seed in range(args.seeds)
            ]
            per_lib[lib_name] = {
                "steps": statistics.median(o[0] for o in outcomes),
                "best": round(statistics.median(o[1] for o in outcomes), 5),
                "seconds_per_trial": round(statistics.median(o[2] for o in outcomes), 6),
            }
        ours, theirs = per_lib["tuner"], per_lib.get("optuna")
        met = None
        if theirs is not None:
            maximize = name != "wilcoxon"
            better = ours["best"] >= theirs["best"] if maximize else ours["best"] <= theirs["best"]
            met = bool(better and ours["steps"] <= theirs["steps"])
        results[name] = {**per_lib, "target_met": met}
        rows.append((name, ours, theirs, met))

    full = args.trials * args.steps
    lines = [
        f"{'pruner':<20}{'tuner steps':>12}{'optuna steps':>13}{'tuner best':>12}"
        f"{'optuna best':>12}{'tuner ms':>10}{'optuna ms':>10}  target "
        f"(of {full} steps, median of {args.seeds} seeds; ms per trial)"
    ]
    for name, ours, theirs, met in rows:
        other = theirs or {"steps": math.nan, "best": math.nan, "seconds_per_trial": math.nan}
        verdict = "-" if met is None else "met" if met else "NOT met"
        lines.append(
            f"{name:<20}{ours['steps']:>12.0f}{other['steps']:>13.0f}{ours['best']:>12.4f}"
            f"{other['best']:>12.4f}{1e3 * ours['seconds_per_trial']:>10.2f}"
            f"{1e3 * other['seconds_per_trial']:>10.2f}  {verdict}"
        )
    _runner.table(lines)
    _runner.emit(
        {
            "benchmark": "pruning",
            "trials": args.trials,
            "steps": args.steps,
            "seeds": args.seeds,
            "unpruned_steps": full,
            "results": results,
            "all_targets_met": None if "optuna" not in libs else all(r[3] for r in rows),
        }
    )


if __name__ == "__main__":
    main()
