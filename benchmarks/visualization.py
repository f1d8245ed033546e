"""Every figure and get_param_importances on a big study: tuner beside Optuna, one JSON line.

The same trials (10,000 by default, 10 parameters: floats, log floats, ints, a log int, a
stepped float, a string and a numeric categorical; ten intermediate values each; a few
infeasible) are loaded into a tuner study and an Optuna study; a two-objective twin feeds
the Pareto front and hypervolume history. Each call is timed once per repeat (the median is
reported), tuner and Optuna interleaved so load on a shared machine hits both alike.

    python benchmarks/visualization.py                 # 10,000 trials x 10 parameters
    python benchmarks/visualization.py --quick         # 100 trials x 3 parameters (smoke test)

Defaults differ: ``get_param_importances`` and ``plot_param_importances`` use tuner's
measured default evaluator (mean decrease impurity with scikit-learn) against Optuna's
(PED-ANOVA); the ``[ped_anova]`` row times both with PED-ANOVA.

Output: {"benchmark": "visualization", "trials": N, "params": P, "results": {name:
{"tuner_s": .., "optuna_s": .., "ratio": tuner/optuna}}}. Calls Optuna cannot finish
in reasonable memory (the 10-parameter contour grid) are timed for tuner only ("optuna_s":
null). Self-contained: needs the ``bench`` and ``plot`` extras.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

import _runner
import numpy as np


def _space(lib: Any, n_params: int) -> dict[str, Any]:
    d = lib.distributions
    kinds = [
        d.FloatDistribution(-5.0, 5.0),
        d.FloatDistribution(1e-5, 1e-1, log=True),
        d.IntDistribution(1, 10),
        d.CategoricalDistribution(["adam", "sgd", "rmsprop"]),
        d.FloatDistribution(0.0, 1.0, step=0.05),
        d.IntDistribution(8, 1024, log=True),
        d.FloatDistribution(-1.0, 1.0),
        d.CategoricalDistribution([16, 32, 64, 128]),
        d.FloatDistribution(1e-3, 10.0, log=True),
        d.FloatDistribution(0.0, 100.0),
    ]
    return {f"p{i}": kinds[i % len(kinds)] for i in range(n_params)}


def _rows(n_trials: int, n_params: int, seed: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    space = _space(__import__("tuner"), n_params)
    rows = []
    for _ in range(n_trials):
        params: dict[str, Any] = {}
        for name, dist in space.items():
            kind = type(dist).__name__
            if kind == "CategoricalDistribution":
                params[name] = dist.choices[int(rng.integers(len(dist.choices)))]
            elif kind == "IntDistribution":
                if dist.log:
                    params[name] = int(
                        round(math.exp(rng.uniform(math.log(dist.low), math.log(dist.high))))
                    )
                else:
                    params[name] = int(rng.integers(dist.low, dist.high + 1))
            elif dist.log:
                params[name] = float(
                    math.exp(rng.uniform(math.log(dist.low), math.log(dist.high)))
                )
            elif dist.step is not None:
                params[name] = round(float(rng.integers(0, 21)) * dist.step, 2)
            else:
                params[name] = float(rng.uniform(dist.low, dist.high))
        numeric = [float(v) for v in params.values() if not isinstance(v, str)]
        first = float(sum((i + 1) * 0.1 * math.tanh(v) ** 2 for i, v in enumerate(numeric)))
        second = float(sum(abs(v) for v in numeric[:2]) + rng.normal(0, 0.1))
        rows.append(
            {
                "params": params,
                "values": [first, second],
                "intermediate": {s: first * (1 + 1 / (s + 1)) for s in range(10)},
                "constraint": float(rng.uniform(-1, 0.05)),
            }
        )
    return rows


def _study(lib: Any, rows: list[dict[str, Any]], n_params: int, n_objectives: int) -> Any:
    space = _space(lib, n_params)
    directions = ["minimize"] * n_objectives
    study = lib.create_study(study_name=f"bench-{n_objectives}", directions=directions)
    trials = [
        lib.trial.create_trial(
            params=row["params"],
            distributions=space,
            values=row["values"][:n_objectives],
            intermediate_values=row["intermediate"] if n_objectives == 1 else None,
            constraints={"c": row["constraint"]},
        )
        for row in rows
    ]
    study.add_trials(trials)
    return study


def _calls(n_params: int) -> list[tuple[str, str, bool, Callable[[Any, Any, Any], Any]]]:
    """(name, study kind, also run on Optuna?, call(lib, single, multi))."""
    two = ["p0", "p1"]

    def viz(lib: Any) -> Any:
        return lib.visualization

    return [
        (
            "plot_optimization_history",
            "single",
            True,
            lambda lib, s, m: viz(lib).plot_optimization_history(s),
        ),
        (
            "plot_intermediate_values",
            "single",
            True,
            lambda lib, s, m: viz(lib).plot_intermediate_values(s),
        ),
        ("plot_edf", "single", True, lambda lib, s, m: viz(lib).plot_edf(s)),
        ("plot_slice", "single", True, lambda lib, s, m: viz(lib).plot_slice(s)),
        (
            "plot_contour[p0,p1]",
            "single",
            True,
            lambda lib, s, m: viz(lib).plot_contour(s, params=two),
        ),
        ("plot_contour[all]", "single", n_params <= 4, lambda lib, s, m: viz(lib).plot_contour(s)),
        (
            "plot_parallel_coordinate",
            "single",
            True,
            lambda lib, s, m: viz(lib).plot_parallel_coordinate(s),
        ),
        (
            "plot_param_importances",
            "single",
            True,
            lambda lib, s, m: viz(lib).plot_param_importances(s),
        ),
        ("plot_rank", "single", True, lambda lib, s, m: viz(lib).plot_rank(s)),
        ("plot_timeline", "single", True, lambda lib, s, m: viz(lib).plot_timeline(s)),
        ("plot_pareto_front", "multi", True, lambda lib, s, m: viz(lib).plot_pareto_front(m)),
        (
            "plot_hypervolume_history",
            "multi",
            True,
            lambda lib, s, m: viz(lib).plot_hypervolume_history(m, [100.0, 100.0]),
        ),
        (
            "get_param_importances",
            "single",
            True,
            lambda lib, s, m: lib.importance.get_param_importances(s),
        ),
        (
            "get_param_importances[ped_anova]",
            "single",
            True,
            lambda lib, s, m: lib.importance.get_param_importances(
                s, evaluator=lib.importance.PedAnovaImportanceEvaluator()
            ),
        ),
    ]


def _time(call: Callable[[Any, Any, Any], Any], lib: Any, single: Any, multi: Any) -> float:
    gc.collect()
    start = time.perf_counter()
    call(lib, single, multi)
    return time.perf_counter() - start


def main() -> None:
    parser = _runner.parser(__doc__)
    parser.add_argument("--trials", type=int, default=10_000)
    parser.add_argument("--params", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="100 trials, 3 parameters")
    parser.add_argument("--only", default=None, help="comma-separated call names")
    args = parser.parse_args()
    if args.quick:
        args.trials, args.params = 100, 3
    _runner.start(args)
    warnings.simplefilter("ignore")
    libs = _runner.libraries(["optuna"])
    tuner, optuna = libs["tuner"], libs.get("optuna")
    if optuna is None:
        return
    rows = _rows(args.trials, args.params, seed=0)
    studies = {
        "tuner": (tuner, _study(tuner, rows, args.params, 1), _study(tuner, rows, args.params, 2)),
        "optuna": (
            optuna,
            _study(optuna, rows, args.params, 1),
            _study(optuna, rows, args.params, 2),
        ),
    }
    # Warm up every call on a small twin first: plotly loads its validators lazily, and
    # whichever peer ran first would pay for it.
    small = _rows(30, args.params, seed=1)
    for lib, _, _ in studies.values():
        tiny = (_study(lib, small, args.params, 1), _study(lib, small, args.params, 2))
        for _, _, _, call in _calls(args.params):
            call(lib, *tiny)
    results: dict[str, dict[str, float | None]] = {}
    for name, _kind, with_optuna, call in _calls(args.params):
        if args.only and name not in args.only.split(","):
            continue
        times: dict[str, list[float]] = {"tuner": [], "optuna": []}
        for _ in range(args.repeats):
            for peer, (lib, single, multi) in studies.items():
                if peer == "optuna" and not with_optuna:
                    continue
                times[peer].append(_time(call, lib, single, multi))
        t = statistics.median(times["tuner"])
        o = statistics.median(times["optuna"]) if times["optuna"] else None
        results[name] = {
            "tuner_s": round(t, 4),
            "optuna_s": None if o is None else round(o, 4),
            "ratio": _runner.ratio(t, o),
        }
    _runner.emit(
        {
            "benchmark": "visualization",
            "trials": args.trials,
            "params": args.params,
            "repeats": args.repeats,
            "results": results,
        }
    )


if __name__ == "__main__":
    main()
