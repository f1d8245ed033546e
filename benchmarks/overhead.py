"""Framework overhead per trial: tuner beside Optuna, in one run, as one JSON line.

The objective is trivial (five suggest_float), the sampler random and the storage in
memory, so what is timed is the framework itself: ask, suggest, tell, bookkeeping.
Per-trial INFO logging is off in both (it measures the terminal, not the framework).

    python benchmarks/overhead.py [--trials 2000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable


def _objective(trial) -> float:  # type: ignore[no-untyped-def]
    return sum(trial.suggest_float(f"x{i}", -5.0, 5.0) for i in range(5))


def _time_tuner(n_trials: int) -> float:
    import tuner

    tuner.logging.set_verbosity(tuner.logging.WARNING)
    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    start = time.perf_counter()
    study.optimize(_objective, n_trials=n_trials)
    return time.perf_counter() - start


def _time_optuna(n_trials: int) -> float:
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    start = time.perf_counter()
    study.optimize(_objective, n_trials=n_trials)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    runners: dict[str, Callable[[int], float]] = {"tuner": _time_tuner, "optuna": _time_optuna}
    times: dict[str, list[float]] = {name: [] for name in runners}
    # Interleave the peers so that load on this shared machine hits both alike.
    for _ in range(args.repeats):
        for name, run in runners.items():
            times[name].append(run(args.trials))
    per_trial_us = {name: statistics.median(ts) / args.trials * 1e6 for name, ts in times.items()}
    print(
        json.dumps(
            {
                "benchmark": "overhead",
                "trials": args.trials,
                "repeats": args.repeats,
                "tuner_us_per_trial": round(per_trial_us["tuner"], 2),
                "optuna_us_per_trial": round(per_trial_us["optuna"], 2),
                "tuner_to_optuna_ratio": round(per_trial_us["tuner"] / per_trial_us["optuna"], 3),
            }
        )
    )


if __name__ == "__main__":
    main()
