"""Which importance evaluator ranks parameters right? Measured on synthetic objectives whose
true importances are known, as one JSON line.

Each problem is a sum of one-parameter terms, so a parameter's true importance is the share
of the objective's variance its term carries under the search space's own sampling
distribution (uniform; log-uniform for log parameters; uniform over choices), computed by
Monte Carlo. Every problem also has parameters that do not matter. For each problem, sampler
(random, TPE) and seed, each evaluator's ranking is compared with the truth: Spearman rank
correlation, whether the most important parameter is found, whether the top three are in
the right order.

    python benchmarks/importance.py                  # 6 problems x 2 samplers x 5 seeds
    python benchmarks/importance.py --set select     # the 3 problems that chose the default
    python benchmarks/importance.py --set report     # the 3 held-out problems
    python benchmarks/importance.py --quick          # 2 problems, 1 seed, 60 trials
"""

from __future__ import annotations

import math
import statistics
import warnings
from collections.abc import Callable
from typing import Any

import _runner
import numpy as np
from scipy.stats import spearmanr

Term = tuple[str, str, Any, Callable[[Any], float]]  # name, kind, bounds/choices, effect


def _problems() -> dict[str, list[Term]]:
    """Problems as lists of (name, kind, bounds or choices, term). Kinds: float, log, int,
    cat. Terms are scaled so the variance shares differ clearly."""
    return {
        "smooth-floats": [
            ("a", "float", (-5, 5), lambda v: 3.0 * v),
            ("b", "float", (-5, 5), lambda v: 0.6 * v**2),
            ("c", "float", (0, 1), lambda v: 2.0 * math.sin(3 * v)),
            ("d", "float", (0, 10), lambda v: 0.1 * v),
            ("e", "float", (0, 1), lambda v: 0.0),
        ],
        "log-scales": [
            ("lr", "log", (1e-5, 1e-1), lambda v: (math.log10(v) + 3) ** 2),
            ("wd", "log", (1e-6, 1e-2), lambda v: 0.4 * abs(math.log10(v) + 4)),
            ("x", "float", (-1, 1), lambda v: 0.5 * v),
            ("noise", "float", (0, 1), lambda v: 0.0),
        ],
        "integers": [
            ("layers", "int", (1, 8), lambda v: 0.5 * abs(v - 4)),
            ("units", "intlog", (8, 1024), lambda v: 0.8 * abs(math.log2(v) - 6)),
            ("batch", "int", (1, 4), lambda v: 0.1 * v),
            ("seed", "int", (0, 100), lambda v: 0.0),
        ],
        "categoricals": [
            (
                "opt",
                "cat",
                ["adam", "sgd", "rmsprop", "adagrad"],
                lambda v: {"adam": 0.0, "sgd": 3.0, "rmsprop": 0.5, "adagrad": 2.0}[v],
            ),
            ("act", "cat", ["relu", "tanh"], lambda v: 0.0 if v == "relu" else 1.0),
            ("x", "float", (0, 1), lambda v: 0.8 * v),
            ("flag", "cat", [True, False], lambda v: 0.0),
        ],
        "mixed-wide": [
            ("lr", "log", (1e-4, 1.0), lambda v: 1.5 * (math.log10(v) + 2) ** 2),
            ("depth", "int", (1, 12), lambda v: 0.3 * (v - 6) ** 2 / 6),
            ("kind", "cat", ["a", "b", "c"], lambda v: {"a": 0.0, "b": 1.0, "c": 2.0}[v]),
            ("ratio", "float", (0, 1), lambda v: 0.5 * v),
            ("dummy1", "float", (0, 1), lambda v: 0.0),
            ("dummy2", "int", (0, 9), lambda v: 0.0),
        ],
        "one-dominant": [
            ("main", "float", (-3, 3), lambda v: 5.0 * abs(v)),
            ("minor", "log", (1e-3, 1.0), lambda v: 0.5 * math.log10(v)),
            ("small", "int", (0, 5), lambda v: 0.1 * v),
            ("none1", "float", (0, 1), lambda v: 0.0),
            ("none2", "cat", ["p", "q", "r"], lambda v: 0.0),
        ],
    }


def _draw(kind: str, spec: Any, rng: np.random.Generator) -> Any:
    if kind == "float":
        return float(rng.uniform(*spec))
    if kind == "log":
        return float(math.exp(rng.uniform(math.log(spec[0]), math.log(spec[1]))))
    if kind == "int":
        return int(rng.integers(spec[0], spec[1] + 1))
    if kind == "intlog":
        return int(round(math.exp(rng.uniform(math.log(spec[0]), math.log(spec[1])))))
    return spec[int(rng.integers(len(spec)))]


def true_importances(terms: list[Term], n: int = 50_000) -> dict[str, float]:
    rng = np.random.default_rng(123)
    variances = {
        name: float(np.var([effect(_draw(kind, spec, rng)) for _ in range(n)]))
        for name, kind, spec, effect in terms
    }
    total = sum(variances.values())
    return {k: v / total for k, v in variances.items()}


def _objective(terms: list[Term]) -> Callable[[Any], float]:
    def objective(trial: Any) -> float:
        total = 0.0
        for name, kind, spec, effect in terms:
            if kind == "float":
                v = trial.suggest_float(name, *spec)
            elif kind == "log":
                v = trial.suggest_float(name, *spec, log=True)
            elif kind == "int":
                v = trial.suggest_int(name, *spec)
            elif kind == "intlog":
                v = trial.suggest_int(name, *spec, log=True)
            else:
                v = trial.suggest_categorical(name, spec)
            total += effect(v)
        return total

    return objective


def main() -> None:
    parser = _runner.parser(__doc__)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--set",
        choices=["select", "report", "all"],
        default="all",
        help="the first three problems chose the default evaluator; the last three report",
    )
    args = parser.parse_args()
    _runner.start(args)
    warnings.simplefilter("ignore")
    import tuner
    from tuner.importance import (
        FanovaImportanceEvaluator,
        MeanDecreaseImpurityImportanceEvaluator,
        PedAnovaImportanceEvaluator,
        get_param_importances,
    )

    tuner.logging.set_verbosity(tuner.logging.ERROR)
    problems = _problems()
    if args.set != "all":
        items = list(problems.items())
        problems = dict(items[:3] if args.set == "select" else items[3:])
    if args.quick:
        problems = dict(list(problems.items())[:2])
        args.trials, args.seeds = 60, 1
    evaluators: dict[str, Callable[[int], Any]] = {
        "ped_anova": lambda seed: PedAnovaImportanceEvaluator(),
        "ped_anova_global": lambda seed: PedAnovaImportanceEvaluator(evaluate_on_local=False),
        "fanova": lambda seed: FanovaImportanceEvaluator(seed=seed),
        "mean_decrease_impurity": lambda seed: MeanDecreaseImpurityImportanceEvaluator(seed=seed),
    }
    samplers = {
        "random": lambda seed: tuner.samplers.RandomSampler(seed=seed),
        "tpe": lambda seed: tuner.samplers.TPESampler(seed=seed),
    }
    scores: dict[str, dict[str, dict[str, list[float]]]] = {
        s: {e: {"spearman": [], "top1": [], "top3": []} for e in evaluators} for s in samplers
    }
    for terms in problems.values():
        truth = true_importances(terms)
        names = sorted(truth)
        true_order = sorted(truth, key=lambda k: -truth[k])
        for sampler_name, make_sampler in samplers.items():
            for seed in range(args.seeds):
                study = tuner.create_study(sampler=make_sampler(seed))
                study.optimize(_objective(terms), n_trials=args.trials)
                for evaluator_name, make in evaluators.items():
                    found = get_param_importances(study, evaluator=make(seed))
                    order = list(found)
                    rho = spearmanr([truth[n] for n in names], [found[n] for n in names]).statistic
                    bucket = scores[sampler_name][evaluator_name]
                    bucket["spearman"].append(0.0 if math.isnan(rho) else float(rho))
                    bucket["top1"].append(float(order[0] == true_order[0]))
                    bucket["top3"].append(float(order[:3] == true_order[:3]))
    _runner.emit(
        {
            "benchmark": "importance",
            "problems": list(problems),
            "trials": args.trials,
            "seeds": args.seeds,
            "results": {
                s: {
                    e: {k: round(statistics.mean(v), 3) for k, v in m.items()}
                    for e, m in per_eval.items()
                }
                for s, per_eval in scores.items()
            },
        }
    )


if __name__ == "__main__":
    main()
