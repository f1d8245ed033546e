"""Framework overhead per trial: tuner beside Optuna, in one run, as one JSON line.

The objective is trivial (five suggest_float), the sampler random and the storage in
memory, so what is timed is the framework itself: ask, suggest, tell, bookkeeping.
Per-trial INFO logging is off in both (it measures the terminal, not the framework).
Seconds per trial: the median over repeats of each run's wall time per trial.

    python benchmarks/overhead.py [--trials 2000] [--repeats 5] [--pin-threads]
"""

from __future__ import annotations

import statistics
from types import ModuleType

import _runner


def _objective(trial) -> float:  # type: ignore[no-untyped-def]
    return sum(trial.suggest_float(f"x{i}", -5.0, 5.0) for i in range(5))


def _seconds_per_trial(lib: ModuleType, n_trials: int) -> float:
    study = lib.create_study(sampler=lib.samplers.RandomSampler(seed=0))
    return _runner.time_optimize(study, _objective, n_trials).seconds_per_trial()


def main() -> None:
    parser = _runner.parser(__doc__)
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    _runner.start(args)

    libs = _runner.libraries(["optuna"])
    times: dict[str, list[float]] = {name: [] for name in libs}
    # Interleave the libraries so that load on a shared machine hits them alike.
    for _ in range(args.repeats):
        for name, lib in libs.items():
            times[name].append(_seconds_per_trial(lib, args.trials))
    us = {name: statistics.median(ts) * 1e6 for name, ts in times.items()}
    tuner_us, optuna_us = us["tuner"], us.get("optuna")
    _runner.table(f"{name:<8}{value:>10.1f} us/trial" for name, value in us.items())
    _runner.emit(
        {
            "benchmark": "overhead",
            "trials": args.trials,
            "repeats": args.repeats,
            "tuner_us_per_trial": round(tuner_us, 2),
            "optuna_us_per_trial": None if optuna_us is None else round(optuna_us, 2),
            "tuner_to_optuna_ratio": _runner.ratio(tuner_us, optuna_us),
        }
    )


if __name__ == "__main__":
    main()
