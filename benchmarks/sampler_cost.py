"""Sampler cost: total time spent inside the sampler for N trials of a 10-d objective,
tuner's TPE beside Optuna's TPE (univariate and multivariate), in one run.

Only sampler calls are timed (infer_relative_search_space, sample_relative,
sample_independent, before_trial, after_trial), so framework and objective time do not
count. A table goes to stderr, one JSON line to stdout.

    python benchmarks/sampler_cost.py [--trials 1000] [--dims 10] [--pin-threads]
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

import _runner

_METHODS = (
    "infer_relative_search_space",
    "sample_relative",
    "sample_independent",
    "before_trial",
    "after_trial",
)


def _timed(sampler: Any) -> list[float]:
    """Wrap the sampler's methods on the instance; the returned list accumulates seconds."""
    total = [0.0]
    for name in _METHODS:
        method = getattr(sampler, name)

        @functools.wraps(method)
        def wrapper(*args: Any, __m: Callable[..., Any] = method, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return __m(*args, **kwargs)
            finally:
                total[0] += time.perf_counter() - start

        setattr(sampler, name, wrapper)
    return total


def _objective(dims: int) -> Callable[[Any], float]:
    def objective(trial: Any) -> float:
        return sum((trial.suggest_float(f"x{i}", -5.0, 5.0) - 1.0) ** 2 for i in range(dims))

    return objective


def _run(lib: ModuleType, multivariate: bool, n_trials: int, dims: int) -> dict[str, float]:
    lib.logging.set_verbosity(lib.logging.ERROR)
    sampler = lib.samplers.TPESampler(seed=0, multivariate=multivariate)
    total = _timed(sampler)
    study = lib.create_study(sampler=sampler)
    clock = _runner.time_optimize(study, _objective(dims), n_trials)
    return {
        "sampler_seconds": round(total[0], 3),
        "wall_seconds": round(clock.seconds_per_trial() * clock.n_trials, 3),
        "best_value": study.best_value,
    }


def main(argv: list[str] | None = None) -> None:
    parser = _runner.parser(__doc__)
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--dims", type=int, default=10)
    args = parser.parse_args(argv)
    _runner.start(args)

    libs = _runner.libraries(["optuna"])
    results: dict[str, dict[str, float]] = {}
    for multivariate in (False, True):
        mode = "multivariate" if multivariate else "univariate"
        for name, lib in libs.items():
            results[f"{name}-{mode}"] = _run(lib, multivariate, args.trials, args.dims)
    ratios = {
        mode: _runner.ratio(
            results[f"tuner-{mode}"]["sampler_seconds"],
            results.get(f"optuna-{mode}", {}).get("sampler_seconds"),
        )
        for mode in ("univariate", "multivariate")
    }
    lines = [f"{'sampler':<24}{'sampler s':>12}{'wall s':>10}{'best':>12}"]
    for name, r in results.items():
        lines.append(
            f"{name:<24}{r['sampler_seconds']:>12.2f}{r['wall_seconds']:>10.2f}"
            f"{r['best_value']:>12.4g}"
        )
    lines.append(f"tuner/optuna sampler-time ratio: {ratios} (target <= 0.333)")
    _runner.table(lines)
    _runner.emit(
        {
            "benchmark": "sampler_cost",
            "trials": args.trials,
            "dims": args.dims,
            "results": results,
            "ratio_tuner_over_optuna": ratios,
        }
    )


if __name__ == "__main__":
    main()
